"""The charts: a mark for every estimate with a value, whatever the labels and figures."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xlacore.evaluation.render_context import Estimate, Series
from xlacore.render.charts import QuadrantPoint, interval_chart, quadrant_chart
from xlacore.render.svg import Frame

from .markup import Element, parse

_FIGURES = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
_LABELS = st.text(max_size=6)


@st.composite
def estimates(draw: st.DrawFn, label: st.SearchStrategy[str] = _LABELS) -> Estimate:
    value = draw(st.none() | _FIGURES)
    low, high = sorted(draw(st.tuples(_FIGURES, _FIGURES)))
    interval = value is not None and draw(st.booleans())
    return Estimate(draw(label), value, low if interval else None, high if interval else None, 5)


def _marks(svg: str) -> list[Element]:
    return [e for e in parse(svg).walk() if "mark" in e.attrs.get("class", "").split()]


@given(
    st.lists(_LABELS, unique=True, max_size=6).flatmap(
        lambda categories: st.tuples(
            st.just(categories),
            st.lists(
                st.builds(
                    Series,
                    _LABELS,
                    st.lists(estimates(st.sampled_from(categories) if categories else _LABELS)).map(
                        tuple
                    ),
                ),
                max_size=4,
            ),
        )
    ),
    st.none() | _FIGURES,
    st.booleans(),
)
def test_interval_chart_marks_every_estimate_with_a_value_in_its_categories(
    drawn: tuple[list[str], list[Series]], target: float | None, connect: bool
) -> None:
    categories, series = drawn
    svg = interval_chart(
        "c",
        "t",
        "d",
        categories,
        series,
        x_label="x",
        y_label="y",
        target=target,
        connect=connect,
    )
    expected = [
        one.name
        for one in series
        for e in one.points
        if e.value is not None and e.label in categories
    ]
    assert sorted(m.attrs["data-label"] for m in _marks(svg)) == sorted(expected)


@given(
    st.lists(st.builds(QuadrantPoint, _LABELS, estimates(), estimates()), max_size=5),
    st.tuples(_FIGURES, _FIGURES),
    st.tuples(st.booleans(), st.booleans()),
)
def test_quadrant_marks_every_point_with_both_figures(
    points: list[QuadrantPoint], targets: tuple[float, float], better: tuple[bool, bool]
) -> None:
    svg = quadrant_chart(
        "q", "t", "d", points, x_label="x", y_label="y", targets=targets, higher_is_better=better
    )
    expected = [
        p.label for p in points if p.sla.value is not None and p.experience.value is not None
    ]
    assert sorted(m.attrs["data-label"] for m in _marks(svg)) == sorted(expected)
    (rect,) = (e for e in parse(svg).walk() if e.tag == "rect")
    assert float(rect.attrs["width"]) >= 0
    assert float(rect.attrs["height"]) >= 0


@given(st.tuples(_FIGURES, _FIGURES), st.tuples(st.booleans(), st.booleans()))
def test_the_watermelon_label_starts_inside_the_plot_and_runs_into_it(
    targets: tuple[float, float], better: tuple[bool, bool]
) -> None:
    svg = quadrant_chart(
        "q", "t", "d", [], x_label="x", y_label="y", targets=targets, higher_is_better=better
    )
    (label,) = (e for e in parse(svg).find("text") if "watermelon" in "".join(e.text))
    frame = Frame(height=360.0)
    left, right = frame.x_range
    bottom, top = frame.y_range
    x, y = float(label.attrs["x"]), float(label.attrs["y"])
    assert left <= x <= right
    assert top <= y <= bottom
    width = 0.6 * 11 * len("".join(label.text))  # generous: 11px text, glyphs under 0.6 em
    if "end" in label.classes:
        assert x - width >= left
    else:
        assert "middle" not in label.classes
        assert x + width <= right


@given(
    st.lists(
        st.builds(
            QuadrantPoint,
            st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=40, max_size=120),
            estimates(),
            estimates(),
        ),
        max_size=5,
    ),
    st.tuples(_FIGURES, _FIGURES),
)
def test_every_name_in_the_quadrant_stays_whole_and_inside_the_chart(
    points: list[QuadrantPoint], targets: tuple[float, float]
) -> None:
    # A name of any length: beside its mark where it fits, else narrowed to the room there.
    svg = quadrant_chart(
        "q",
        "t",
        "d",
        points,
        x_label="x",
        y_label="y",
        targets=targets,
        higher_is_better=(True, True),
    )
    frame = Frame(height=360.0)
    names = [
        e for e in parse(svg).find("text") if e.classes == {"tick"} or e.classes == {"tick", "end"}
    ]
    names = [e for e in names if "".join(e.text) in {p.label for p in points}]
    shown = [p for p in points if p.sla.value is not None and p.experience.value is not None]
    assert sorted("".join(e.text) for e in names) == sorted(p.label for p in shown)
    for name in names:
        text, x = "".join(name.text), float(name.attrs["x"])
        width = float(name.attrs.get("textlength", 7.0 * len(text)))  # html.parser: lower case
        assert width <= 7.0 * len(text) + 1e-9  # narrowed, never stretched
        start, end = (x - width, x) if "end" in name.classes else (x, x + width)
        assert start >= -1e-6, (text, start)
        assert end <= frame.width + 1e-6, (text, end)
