"""``by="service"`` groups by the service column, never by the letters of its name."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.errors import ScoringError
from xlacore.scale.plan import Measure
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score, stream
from xlacore.scoring.grouping import Grouping, group_keys
from xlacore.scoring.happiness import HappinessParams, happiness

names = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)


@given(names)
def test_one_name_is_one_key(name: str) -> None:
    assert group_keys(name) == (name,)
    assert group_keys([name]) == (name,)


def test_a_key_that_is_not_a_name_is_refused() -> None:
    with pytest.raises(ScoringError, match="group keys are column names; got 3"):
        group_keys(["service", 3])  # type: ignore[list-item]


def test_every_api_taking_by_groups_a_string_like_a_one_key_list() -> None:
    columns = ObservationColumns.from_arrays(
        value=np.array([10, 9, 3, 0]), service=np.array(["mail", "mail", "vpn", "vpn"])
    )
    params = HappinessParams()
    want = score(happiness, columns, params, by=["service"])
    assert [s.group for s in want] == [("mail",), ("vpn",)]
    assert score(happiness, columns, params, by="service") == want
    assert Grouping.of(columns, "service") == Grouping.of(columns, ["service"])
    streamed = stream(happiness, [columns], params, by="service")
    assert happiness.finalize(streamed, params) == want
    assert Measure(happiness, params, "service").by == ("service",)
