"""Wall times on DST days: a repeated time is its first reading, a skipped one is read with
the offset before the change and flagged.

The same rule in the timestamp parser of every connector and in data frames of any backend.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import narwhals as nw
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.timestamps import TimestampParser
from xlacore.errors import XlaCoreWarning
from xlacore.frames.columns import numpy_column

ZONES = ("Europe/Amsterdam", "America/New_York")
TICKETS = Path(__file__).resolve().parents[2] / "examples" / "tutorial" / "tickets.toml"
FORMAT = "%Y-%m-%d %H:%M:%S"


def _reference(wall: datetime, zone: ZoneInfo) -> tuple[datetime, bool]:
    """The slow obvious rule, and whether ``wall`` was skipped.

    A wall time some instant reads is the first such instant; one no instant reads (a gap)
    is ``wall`` minus the offset in force just before the gap.
    """
    instants = [
        wall - offset
        for offset in {zone.utcoffset(wall.replace(fold=f)) for f in (0, 1)}
        if offset is not None
    ]

    def reads(moment: datetime) -> datetime:
        return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)

    real = [i for i in instants if reads(i) == wall]
    if real:
        return min(real).replace(tzinfo=UTC), False
    before = zone.utcoffset(wall - timedelta(hours=3))
    assert before is not None
    return (wall - before).replace(tzinfo=UTC), True


walls = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
near_changes = st.sampled_from(
    [
        datetime(2026, 3, 29, 1),
        datetime(2026, 10, 25, 1),
        datetime(2026, 3, 8, 1),
        datetime(2026, 11, 1, 0),
    ]
).flatmap(lambda d: st.integers(0, 3 * 3600).map(lambda s: d + timedelta(seconds=s)))


@given(st.one_of(walls, near_changes), st.sampled_from(ZONES))
def test_the_parser_agrees_with_the_slow_rule(wall: datetime, name: str) -> None:
    want, gap = _reference(wall, ZoneInfo(name))
    parser = TimestampParser.of([FORMAT], name)
    assert parser.parse(wall.strftime(FORMAT)).astimezone(UTC) == want
    assert (parser.gap_note() is not None) == gap


@pytest.mark.parametrize(
    ("name", "skipped", "repeated", "offset"),
    [
        ("Europe/Amsterdam", "2026-03-29 02:30:00", "2026-10-25 02:30:00", 2),
        ("America/New_York", "2026-03-08 02:30:00", "2026-11-01 01:30:00", -4),
    ],
)
def test_the_rule_on_both_sides_of_the_atlantic(
    name: str, skipped: str, repeated: str, offset: int
) -> None:
    parser = TimestampParser.of([FORMAT], name)
    assert parser.parse(repeated).utcoffset() == timedelta(hours=offset)  # the first reading
    assert parser.gap_note() is None
    before = parser.parse(skipped)
    assert before.utcoffset() == timedelta(hours=offset - 1)  # the offset before the change
    assert (
        before.astimezone(UTC).astimezone(ZoneInfo(name)).hour == 3
    )  # 02:30 on a clock not yet moved
    note = parser.gap_note()
    assert note is not None
    assert f"1 timestamps name wall times the clocks skipped in {name}" in note


def test_a_skipped_time_is_accepted_and_flagged_in_the_account(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(
        "Number,Opened,Reopened,Resolved,Service,Channel,Caller,Priority\n"
        "INC1,29/03/2026 01:30,,29/03/2026 04:00,VPN,Phone,u1,3\n"
        "INC2,29/03/2026 02:30,,29/03/2026 04:00,VPN,Phone,u1,3\n"
        "INC3,25/10/2026 02:30,,25/10/2026 04:00,VPN,Phone,u1,3\n"
    )
    result = ingest(MAPPED, path, MappedOptions(str(TICKETS)))
    assert (result.account.accepted, result.account.rejected) == (3, 0)
    (warning,) = result.account.warnings
    assert "1 timestamps name wall times the clocks skipped in Europe/Amsterdam" in warning.reason
    assert "'29/03/2026 02:30'" in warning.reason
    skipped, repeated = result.calls[1].opened_at, result.calls[2].opened_at
    assert skipped.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert repeated.utcoffset() == timedelta(hours=2)


def _instants(values: list[datetime], backend: str, name: str) -> np.ndarray:
    native = pd.Series(values) if backend == "pandas" else pl.Series("t", values)
    data, _ = numpy_column(nw.from_native(native, series_only=True), timezone=name)
    return data


@given(st.lists(st.one_of(walls, near_changes), min_size=1, max_size=30), st.sampled_from(ZONES))
def test_frames_follow_the_same_rule_on_every_backend(values: list[datetime], name: str) -> None:
    wanted = [_reference(v, ZoneInfo(name)) for v in values]
    gaps = sum(gap for _, gap in wanted)
    for backend in ("pandas", "polars"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = _instants(values, backend, name)
        assert got.tolist() == [int(w.timestamp()) for w, _ in wanted]
        notes = [str(w.message) for w in caught if issubclass(w.category, XlaCoreWarning)]
        assert len(notes) == (1 if gaps else 0)
        if gaps:
            assert f"{gaps:,} timestamps name wall times the clocks skipped" in notes[0]
