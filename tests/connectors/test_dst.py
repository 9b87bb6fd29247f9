"""Wall times on DST days: a skipped time is an error, a repeated one is its first reading.

The same rule in the timestamp parser of every connector and in data frames of any backend.
"""

from __future__ import annotations

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
from xlacore.errors import InvalidInputError
from xlacore.frames.columns import numpy_column

ZONES = ("Europe/Amsterdam", "America/New_York")
TICKETS = Path(__file__).resolve().parents[2] / "examples" / "tutorial" / "tickets.toml"
FORMAT = "%Y-%m-%d %H:%M:%S"


def _reference(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The slow obvious rule: the first instant whose local reading is ``wall``, if any."""
    readings = [wall.replace(tzinfo=zone, fold=f) for f in (0, 1)]
    real = [r for r in readings if r.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall]
    return min(real, key=lambda r: r.astimezone(UTC)) if real else None


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
    zone = ZoneInfo(name)
    want = _reference(wall, zone)
    parser = TimestampParser.of([FORMAT], name)
    if want is None:
        with pytest.raises(ValueError, match=f"does not exist in {name}"):
            parser.parse(wall.strftime(FORMAT))
    else:
        assert parser.parse(wall.strftime(FORMAT)).astimezone(UTC) == want.astimezone(UTC)


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
    with pytest.raises(ValueError, match="the clocks skipped it"):
        parser.parse(skipped)
    assert parser.parse(repeated).utcoffset() == timedelta(hours=offset)  # the first reading


def test_a_skipped_time_rejects_its_record_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(
        "Number,Opened,Reopened,Resolved,Service,Channel,Caller,Priority\n"
        "INC1,29/03/2026 01:30,,29/03/2026 04:00,VPN,Phone,u1,3\n"
        "INC2,29/03/2026 02:30,,29/03/2026 04:00,VPN,Phone,u1,3\n"
        "INC3,25/10/2026 02:30,,25/10/2026 04:00,VPN,Phone,u1,3\n"
    )
    result = ingest(MAPPED, path, MappedOptions(str(TICKETS)))
    assert (result.account.accepted, result.account.rejected) == (2, 1)
    (rejection,) = result.account.rejections
    assert rejection.location.line == 3
    assert "does not exist in Europe/Amsterdam" in rejection.reason
    repeated = result.calls[1].opened_at
    assert repeated.utcoffset() == timedelta(hours=2)


def _instants(values: list[datetime], backend: str, name: str) -> np.ndarray:
    native = pd.Series(values) if backend == "pandas" else pl.Series("t", values)
    data, _ = numpy_column(nw.from_native(native, series_only=True), timezone=name)
    return data


@given(st.lists(st.one_of(walls, near_changes), min_size=1, max_size=30), st.sampled_from(ZONES))
def test_frames_follow_the_same_rule_on_every_backend(values: list[datetime], name: str) -> None:
    zone = ZoneInfo(name)
    wanted = [_reference(v, zone) for v in values]
    for backend in ("pandas", "polars"):
        if any(w is None for w in wanted):
            with pytest.raises(InvalidInputError, match="the clocks skipped it"):
                _instants(values, backend, name)
        else:
            got = _instants(values, backend, name)
            assert got.tolist() == [int(w.timestamp()) for w in wanted if w is not None]
