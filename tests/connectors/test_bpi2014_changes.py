"""The built-in change connector ``bpi2014`` keeps the change-connector contract."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from xlacore.plugins import make_registry
from xlacore.testing.contracts import check_change_connector

HEADER = (
    "CI Name (aff);Service Component WBS (aff);Change ID;Change Type;Risk Assessment;"
    "Emergency Change;CAB-approval needed;Planned Start;Planned End;Actual Start;Actual End;"
    "Originated from;# Related Incidents"
)
ROWS = st.sampled_from(
    [
        "LAP1;laptop;C1;Release;Minor;N;N;14-5-2026 9:00;;15-5-2026 9:00;15-5-2026 10:00;;1",
        "LAP2;laptop;C1;Release;Minor;N;N;14-5-2026 9:00;;15-5-2026 8:00;;;",
        "MAIL1;email;C2;Release;Major;Y;Y;20-5-2026 7:00;20-5-2026 9:00;;;Problem;",
        "MAIL1;email;C5;Release;Major;N;N;;;21-5-2026 7:00;20-5-2026 7:00;;",  # ends first
        ";email;C3;Release;Minor;N;N;20-5-2026 7:00;;;;;",  # no CI
        "MAIL1;email;C4;Release;Minor;N;N;yesterday;;;;;",  # no timestamp
        "MAIL1;email;C6;Release;Minor;N;N;;;;;;",  # no start at all
        "#N/B;#N/B;#N/B;;;N;N;;;;;;",
        '"VPN;GW";vpn;C7;Release;Minor;N;N;22-5-2026 7:00;;;;;',  # a quoted delimiter
    ]
)
EXPORTS = st.lists(ROWS, max_size=8).map(
    lambda rows: ("\r\n".join([HEADER, *rows]) + "\r\n").encode("latin-1")
)


def rows_of(content: bytes) -> int:
    """Data rows of the export, counted by the csv module with its delimiter."""
    text = io.StringIO(content.decode("latin-1"), newline="")
    return len(list(csv.reader(text, delimiter=";"))) - 1


def test_bpi2014_keeps_the_change_connector_contract() -> None:
    descriptor = make_registry(entry_points=False).change_connector("bpi2014")
    check_change_connector(
        descriptor,
        sources=EXPORTS,
        records=rows_of,
        suffix=".csv",
        settings=settings(
            max_examples=60,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
