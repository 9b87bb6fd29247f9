"""A source's own reassignment count and first-contact flag mean the same on both paths.

The mapped connector reads them into ``Call.recorded_*``; a data frame read through the same
mapping gives the same observation columns (unknown where the value is empty).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.errors import InvalidInputError
from xlacore.frames.mapping import frame_mapping
from xlacore.frames.observations import frame_table
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import call_observations

MAPPING = """
[source]
format = "csv"
timezone = "UTC"

[calls]
id = "Id"
reassignments = "Moves"
first_contact = "FCR"

[calls.times]
opened = "Opened"
resolved = "Resolved"
"""
HEADER = ["Id", "Opened", "Resolved", "Moves", "FCR"]
FACTS = (
    "reassignment_count",
    "reassigned",
    "first_assignment_resolution",
    "first_contact_resolution",
    "reopen_count",
    "reopened",
    "escalation_count",
    "escalated",
)


def _shown(columns: ObservationColumns, name: str) -> list[object]:
    mask = columns.mask(name)
    values = columns.column(name).tolist()
    known = [True] * len(values) if mask is None else mask.tolist()
    return [v if k else None for v, k in zip(values, known, strict=True)]


rows = st.lists(
    st.tuples(
        st.sampled_from(["", "2026-03-02T10:00:00"]),
        st.sampled_from(["", "0", "1", "3"]),
        st.sampled_from(["", "Y", "N", "yes", "False"]),
    ),
    max_size=12,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows)
def test_frames_and_connector_read_the_recorded_verdicts_alike(
    tmp_path: Path, rows: list[tuple[str, str, str]]
) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    table = [
        {"Id": f"C{i}", "Opened": "2026-03-01T09:00:00", "Resolved": r, "Moves": m, "FCR": f}
        for i, (r, m, f) in enumerate(rows)
    ]
    with (tmp_path / "calls.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HEADER)
        writer.writeheader()
        writer.writerows(table)
    read = ingest(MAPPED, tmp_path / "calls.csv", MappedOptions(str(mapping)))
    assert read.account.rejected == 0
    frame = pd.DataFrame(table, columns=HEADER).replace("", None)
    got = frame_table(frame, frame_mapping(mapping), "calls frame")
    expected = call_observations(read.calls)
    for name in FACTS:
        assert _shown(got, name) == _shown(expected, name), name
    for call, (resolved, moves, flag) in zip(read.calls, rows, strict=True):
        # the rule, stated plainly: a given value is the fact; without one, no data
        assert call.reassignment_count == (int(moves) if moves else None)
        flagged = flag.casefold() in {"y", "yes"}
        # without the flag, first contact rests on the reopenings too, which a file without
        # a reopen time does not record: no data
        assert call.first_contact_resolution == ((bool(resolved) and flagged) if flag else None)
        assert call.reopen_count is None


def test_a_value_that_is_no_count_or_flag_is_rejected_with_its_column(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    (tmp_path / "calls.csv").write_text(
        "Id,Opened,Resolved,Moves,FCR\n"
        "C1,2026-03-01T09:00:00,,two,Y\n"
        "C2,2026-03-01T09:00:00,,1,maybe\n",
        encoding="utf-8",
    )
    account = ingest(MAPPED, tmp_path / "calls.csv", MappedOptions(str(mapping))).account
    assert account.records_read == account.rejected == 2
    reasons = [r.reason for r in account.rejections]
    assert any("Moves: 'two' is not a count" in r for r in reasons)
    assert any("FCR: 'maybe' is no yes/no flag" in r for r in reasons)
    frame = pd.DataFrame({"Id": ["C1"], "Opened": ["2026-03-01T09:00:00"], "Resolved": [None],
                          "Moves": ["-1"], "FCR": ["Y"]})  # fmt: skip
    with pytest.raises(InvalidInputError, match="Moves: '-1' is not a count"):
        frame_table(frame, frame_mapping(mapping), "calls frame")
