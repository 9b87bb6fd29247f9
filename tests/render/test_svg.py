"""The SVG primitives: round ticks inside the range, linear scales, escaped markup."""

from __future__ import annotations

import itertools
import math

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from xlacore.render.svg import Linear, element, nice_ticks, number, padded

_FINITE = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=1000)
@given(_FINITE, _FINITE)
@example(6.0, 5e-324)  # lo / step underflows to 0: the tick 0 lies below lo
def test_ticks_are_round_evenly_spaced_and_inside_the_range(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assume(hi - lo > 1e-6 * max(1.0, abs(lo), abs(hi)))
    ticks = nice_ticks(lo, hi)
    assert 1 <= len(ticks) <= 11
    step = ticks[1] - ticks[0] if len(ticks) > 1 else None
    for tick in ticks:
        assert lo <= tick <= hi
    if step is not None:
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 5, 10))
        for left, right in itertools.pairwise(ticks):
            assert math.isclose(right - left, step, rel_tol=1e-6, abs_tol=1e-9 * step)


@given(st.lists(_FINITE, max_size=20))
def test_padded_range_holds_every_value_and_is_never_empty(values: list[float]) -> None:
    lo, hi = padded(values)
    assert lo < hi
    assert all(lo <= v <= hi for v in values)


@given(_FINITE, _FINITE, _FINITE)
def test_linear_maps_the_domain_ends_onto_the_range_ends_monotonically(
    a: float, b: float, c: float
) -> None:
    lo, hi = sorted((a, b))
    assume(hi > lo)
    scale = Linear(lo, hi, 300.0, 20.0)  # an SVG y axis: larger values higher up
    assert math.isclose(scale(lo), 300.0)
    assert math.isclose(scale(hi), 20.0, abs_tol=1e-6)
    inside = min(max(c, lo), hi)
    assert 20.0 - 1e-6 <= scale(inside) <= 300.0 + 1e-6


def test_elements_escape_text_and_attributes_and_format_numbers() -> None:
    markup = element("text", "", x=1.005, y=-0.001, class_='a"b', data_label="<x>")
    assert markup == '<text x="1" y="0" class="a&quot;b" data-label="&lt;x&gt;"/>'
    assert number(-0.004) == "0"
    assert number(12.5) == "12.5"
