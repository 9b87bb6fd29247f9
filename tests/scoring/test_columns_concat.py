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
