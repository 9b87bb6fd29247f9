"""Concatenating tables: the parts of a table, built apart, concatenate to the table."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns

VALUES = {
    "count": st.none() | st.integers(-5, 5),
    "label": st.none() | st.sampled_from(["a", "bb", "ccc"]),
    "flag": st.none() | st.booleans(),
    "share": st.none() | st.floats(0, 1),
}


@st.composite
def split_rows(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[int]]:
    rows = draw(st.lists(st.fixed_dictionaries(VALUES), min_size=1, max_size=12))
    cuts = sorted(draw(st.lists(st.integers(0, len(rows)), max_size=4)))
    return rows, cuts


def _table(rows: list[dict[str, Any]]) -> ObservationColumns:
    return ObservationColumns.from_arrays(**{k: [r[k] for r in rows] for k in VALUES})


@given(split_rows())
def test_the_parts_of_a_table_concatenate_to_the_table(case: Any) -> None:
    rows, cuts = case
    bounds = [0, *cuts, len(rows)]
    parts = [_table(rows[a:b]) for a, b in pairwise(bounds)]
    whole, joined = _table(rows), ObservationColumns.concat(parts)
    assert joined.n_rows == whole.n_rows
    for name in VALUES:
        have, got = whole.mask(name), joined.mask(name)
        assert (got is None) == (have is None)
        where = np.ones(whole.n_rows, dtype=bool) if have is None else have
        assert np.array_equal(where if got is None else got, where)
        if where.any():
            assert joined.column(name).dtype == whole.column(name).dtype
            assert joined.column(name)[where].tolist() == whole.column(name)[where].tolist()


def test_tables_with_other_columns_do_not_concatenate() -> None:
    one = ObservationColumns.from_arrays(a=[1])
    with pytest.raises(ScoringError, match=r"columns differ: \['b'\]"):
        ObservationColumns.concat([one, ObservationColumns.from_arrays(a=[2], b=[3])])
    with pytest.raises(ScoringError, match="at least one"):
        ObservationColumns.concat([])


@given(st.lists(st.fixed_dictionaries(VALUES), max_size=12), st.data())
def test_a_lazy_take_reads_as_the_take(rows: list[dict[str, Any]], data: st.DataObject) -> None:
    """``take(rows, lazy=True)`` holds the same table, whichever columns are read first."""
    table = _table(rows)
    chosen = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    order = data.draw(st.permutations(list(VALUES)))
    for selection in (np.array(chosen, dtype=bool), np.flatnonzero(chosen)):
        eager, lazy = table.take(selection), table.take(selection, lazy=True)
        assert lazy.n_rows == eager.n_rows == sum(chosen)
        assert lazy.names == eager.names
        for name in order:
            have, got = eager.mask(name), lazy.mask(name)
            assert (got is None) == (have is None)
            assert got is None or np.array_equal(got, have)
            assert np.array_equal(lazy.column(name), eager.column(name))
        joined = ObservationColumns.concat([lazy, eager])
        assert joined.n_rows == 2 * eager.n_rows


def test_a_lazy_take_checks_its_mask() -> None:
    table = ObservationColumns.from_arrays(a=[1, 2, 3])
    with pytest.raises(IndexError, match="mask of 2 rows for 3 rows"):
        table.take(np.array([True, False]), lazy=True)


def test_rows_of_a_lazy_take_are_taken_lazily_and_right() -> None:
    table = ObservationColumns.from_arrays(a=np.arange(10), b=[None, *range(9)])
    lazy = table.take(np.arange(10) % 2 == 0, lazy=True).take(slice(1, 4))
    assert lazy.n_rows == 3
    assert lazy.column("a").tolist() == [2, 4, 6]
    present = lazy.mask("b")
    assert present is not None
    assert present.tolist() == [True] * 3
    assert lazy.take(np.array([2, 0])).column("b").tolist() == [5, 1]
