"""The HTML report: well-formed, self-contained, accessible, and its charts drawn.

Parsed with :mod:`html.parser` for structure, and rendered in headless Chromium (Debian's
``chromium``, installed by ``.ci/run``) to check that every chart has a size and visible marks
in a real browser. Under CI a missing Chromium fails the test; locally it skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from xlacore.cli.report_context import build_context
from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report
from xlacore.render.context import Estimate, RenderContext
from xlacore.render.html import render_html
from xlacore.testing.strategies import reports

from .markup import Element, Tree, parse

_SVG_LEAVES = {"line", "circle", "rect", "polyline", "path"}
_ALLOWED = {
    *("html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "ul"),
    "li",
    *("strong", "span", "div", "figure", "figcaption", "table", "caption", "thead", "tbody"),
    *("tr", "th", "td", "svg", "desc", "text", "g"),
    *_SVG_LEAVES,
}


def check_self_contained_and_accessible(page: str) -> Element:
    """The laws every HTML report keeps, whatever the report holds."""
    assert page.startswith("<!DOCTYPE html>\n")
    root = parse(page)
    elements = root.walk()[1:]
    assert {e.tag for e in elements} <= _ALLOWED, {e.tag for e in elements} - _ALLOWED
    for e in elements:
        for name, value in e.attrs.items():
            assert name not in {"src", "href", "xlink:href", "srcset", "action"}, (e.tag, name)
            assert not name.startswith("on"), (e.tag, name)  # no script of any kind
            assert "url(" not in value, (e.tag, name, value)
    (style,) = root.find("style")
    css = "".join(style.text)
    for reference in ("url(", "@import", "//"):
        assert reference not in css
    ids = Counter(e.attrs["id"] for e in elements if "id" in e.attrs)
    assert all(n == 1 for n in ids.values()), ids
    for svg in root.find("svg"):
        assert svg.attrs["role"] == "img"
        title, desc = svg.children[:2]
        assert (title.tag, desc.tag) == ("title", "desc")
        assert "".join(title.text).strip()
        assert "".join(desc.text).strip()
        assert svg.attrs["aria-labelledby"] == title.attrs["id"]
        assert svg.attrs["aria-describedby"] == desc.attrs["id"]
    return root


@pytest.fixture(scope="module")
def demo_page() -> str:
    data = generate()
    agreements = example_agreements()
    report = evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)
    context = build_context(agreements, data.calls, data.feedback, report, title="demo")
    return render_html(report, context)


def _charts(root: Element) -> dict[str, Element]:
    return {"".join(svg.children[0].text): svg for svg in root.find("svg")}


def _marks(svg: Element) -> list[Element]:
    return [e for e in svg.walk() if "mark" in e.classes]


def test_demo_page_is_self_contained_and_accessible(demo_page: str) -> None:
    root = check_self_contained_and_accessible(demo_page)
    blocks = [d for d in root.find("div") if "block" in d.classes]
    assert len(blocks) == len(root.find("svg")) == 11  # quadrant, 8 trends, channels, lifecycle
    for block in blocks:  # every chart is followed by its figures as a table
        assert [c.tag for c in block.children if c.tag != "h3"] == ["figure", "table"]
        assert block.children[-1].find("caption")


def test_demo_charts_have_marks_for_every_service(demo_page: str) -> None:
    charts = _charts(parse(demo_page))
    quadrant = charts["SLA workplace-sla/resolution against experience workplace-xla/happiness"]
    assert sorted(m.attrs["data-label"] for m in _marks(quadrant)) == ["laptop", "printing"]
    for service in ("laptop", "printing"):
        for objective in ("sla/resolution", "xla/happiness", "xla/lost-time", "xla/reopen-rate"):
            trend = charts[f"{service}: workplace-{objective}"]
            assert len(_marks(trend)) == 8  # eight weekly evaluations, each with data
            assert trend.find("polyline")
    by_channel = _charts(parse(demo_page))["Happiness by channel, per service"]
    shown = Counter(m.attrs["data-label"] for m in _marks(by_channel))
    assert set(shown) == {"email", "laptop", "payroll", "portal", "printing", "vpn"}
    lifecycle = charts["Happiness by number of reassignments"]
    marks = _marks(lifecycle)
    assert len(marks) == 4
    heights = [float(m.attrs["cy"]) for m in marks]
    assert heights == sorted(heights)  # lower on the page with every reassignment


def test_demo_page_is_deterministic(demo_page: str) -> None:
    data = generate()
    agreements = example_agreements()
    report = evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)
    context = build_context(agreements, data.calls, data.feedback, report, title="demo")
    assert render_html(report, context) == demo_page


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_gives_a_well_formed_page_with_its_names_escaped(report: Report) -> None:
    page = render_html(report)
    root = check_self_contained_and_accessible(page)
    text = "".join(t for e in root.walk() for t in e.text)
    for agreement in report.agreements:
        for result in agreement.objectives:
            assert result.objective in text


# -- in a browser ---------------------------------------------------------------------------
_MEASURE = """<script>
const charts = [...document.querySelectorAll("svg")].map(svg => {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll(".mark")].filter(m => {
    const b = m.getBBox(); return b.width > 0 && b.height > 0;
  });
  return {title: svg.querySelector("title").textContent, width: box.width,
          height: box.height, marks: marks.length};
});
document.body.setAttribute("data-measured", JSON.stringify(charts));
</script>"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def test_charts_are_drawn_in_headless_chromium(demo_page: str, tmp_path: Path) -> None:
    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(demo_page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1100,900",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = parse_dom(done.stdout)
    measured = json.loads(dom)
    assert len(measured) == 11
    for chart in measured:
        assert chart["width"] > 200, chart
        assert chart["height"] > 150, chart
        assert chart["marks"] > 0, chart
    by_title = {c["title"]: c["marks"] for c in measured}
    assert by_title["Happiness by number of reassignments"] == 4
    assert by_title["laptop: workplace-xla/happiness"] == 8


def parse_dom(dumped: str) -> str:
    """The ``data-measured`` attribute of the dumped ``<body>``."""
    root = Tree()
    root.feed(dumped)
    (body,) = root.root.find("body")
    return body.attrs["data-measured"]


def _demo_report() -> Report:
    data = generate()
    return evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW)


def test_the_quadrant_objectives_can_be_chosen() -> None:
    report = _demo_report()
    chosen = RenderContext(quadrant=("workplace-sla/resolution", "workplace-xla/lost-time"))
    charts = _charts(parse(render_html(report, chosen)))
    quadrant = charts["SLA workplace-sla/resolution against experience workplace-xla/lost-time"]
    assert len(_marks(quadrant)) == 2
    unknown = RenderContext(quadrant=("workplace-sla/resolution", "workplace-xla/effort"))
    page = render_html(report, unknown)
    assert "No SLA and XLA objective share a scope, so there is no quadrant." in page
    assert "No channel figures were given." in page


def test_trend_points_on_the_same_day_are_told_apart_by_the_minute() -> None:
    report = _demo_report()
    earlier = attrs.evolve(report, evaluated_at=report.evaluated_at - timedelta(hours=6))
    charts = _charts(parse(render_html(report, RenderContext(history=(earlier,)))))
    trend = charts["laptop: workplace-xla/happiness"]
    tooltips = ["".join(m.children[0].text) for m in _marks(trend)]
    assert [t.split(", ")[1].split(": ")[0] for t in tooltips] == [
        "2026-06-30T11:00+00:00",
        "2026-06-30T17:00+00:00",
    ]


@pytest.mark.parametrize(
    "lifecycle",
    [(), tuple(Estimate(label, None, None, None, 0) for label in ("0", "1", "2", "3+"))],
)
def test_a_lifecycle_without_any_figure_is_a_sentence_not_an_empty_chart(
    lifecycle: tuple[Estimate, ...],
) -> None:
    page = render_html(_demo_report(), RenderContext(lifecycle=lifecycle))
    assert "Happiness by number of reassignments" not in _charts(parse(page))
    assert "No lifecycle figures: too few answers about calls, or none were given." in page
