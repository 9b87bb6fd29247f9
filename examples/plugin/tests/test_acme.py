"""xlacore-acme passes xlacore's contract kit."""

from __future__ import annotations

import csv
import io

import numpy as np
from hypothesis import strategies as st
from xlacore_acme import plugin

from xlacore.scoring.columns import ObservationColumns
from xlacore.testing.contracts import check_connector, check_plugin, check_scoring_strategy
from xlacore.testing.pytest_plugin import MakeRegistry


def test_the_plugin_registers(xlacore_make_registry: MakeRegistry) -> None:
    registry = xlacore_make_registry(plugin)
    assert "acme-top-box" in registry.scoring_strategies()
    assert "acme-desk" in registry.connectors()
    check_plugin(plugin)


@st.composite
def answers(draw: st.DrawFn) -> ObservationColumns:
    rows = draw(st.integers(0, 30))
    values = draw(st.lists(st.integers(0, 10), min_size=rows, max_size=rows))
    teams = draw(st.lists(st.sampled_from(["desk", "field"]), min_size=rows, max_size=rows))
    return ObservationColumns.from_arrays(
        value=np.array(values, dtype=np.int64), team=np.array(teams, dtype=str)
    )


def test_top_box_keeps_the_contract(xlacore_make_registry: MakeRegistry) -> None:
    descriptor = xlacore_make_registry(plugin).scoring_strategy("acme-top-box")
    check_scoring_strategy(descriptor, columns=answers(), group_by=("team",), bounds=(0.0, 1.0))


ROW = st.sampled_from(
    [
        "S1,INC1,9,2026-03-02T09:30:00+00:00",
        "S2,INC2,3,2026-03-02T10:00:00+01:00",
        "S1,INC3,10,2026-03-02T11:00:00+00:00",  # duplicate id
        "S4,INC4,11,2026-03-02T11:00:00+00:00",  # off the scale
        "S5,INC5,7,yesterday",  # not a date-time
        "S6,INC6",  # too few fields
        '"unterminated',
    ]
)


@st.composite
def exports(draw: st.DrawFn) -> bytes:
    rows = draw(st.lists(ROW, max_size=6))
    return ("id,ticket,score,answered_at\n" + "\n".join(rows)).encode()


def csv_rows(content: bytes) -> int:
    """The rows an export holds, counted by the test (a quote may span lines)."""
    return len(list(csv.reader(io.StringIO(content.decode(), newline="")))) - 1


def test_the_connector_keeps_the_contract(xlacore_make_registry: MakeRegistry) -> None:
    descriptor = xlacore_make_registry(plugin).connector("acme-desk")
    check_connector(descriptor, sources=exports(), records=csv_rows, suffix=".csv")
