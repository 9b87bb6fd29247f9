"""The HTML report: well-formed, self-contained, accessible, and its charts drawn.

Parsed with :mod:`html.parser` for structure, and rendered in headless Chromium (Debian's
``chromium``, installed by ``.ci/run``) to check that every chart has a size and visible marks
in a real browser. Under CI a missing Chromium fails the test; locally it skips.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.figures import STATUS_TEXT, figure_text
from xlacore.evaluation.render_context import Estimate, RenderContext
from xlacore.evaluation.report import ObjectiveResult, Report, Status, Unit
from xlacore.insights.report_context import build_context
from xlacore.render.html import ICONS, render_html
from xlacore.render.json import report_to_dict
from xlacore.render.svg import PALETTE
from xlacore.testing.strategies import reports

from .markup import Element, Tree, parse

_SVG_LEAVES = {"line", "circle", "rect", "polyline", "path"}
_ALLOWED = {
    *("html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "ul"),
    "li",
    *("strong", "span", "div", "figure", "figcaption", "table", "caption", "thead", "tbody"),
    *("tr", "th", "td", "svg", "desc", "text", "g", "section", "ol", "dl", "dt", "dd", "em"),
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


def _demo_context() -> tuple[Report, RenderContext]:
    """The demo's report and context as ``xlacore demo`` builds them, catalogue names included."""
    data = generate()
    agreements = example_agreements()
    report = evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)
    names = {s.id: s.name for s in data.catalog.services}
    context = build_context(
        agreements, data.calls, data.feedback, report, title="demo", names=names
    )
    return report, context


@pytest.fixture(scope="module")
def demo() -> tuple[Report, RenderContext]:
    return _demo_context()


@pytest.fixture(scope="module")
def demo_page(demo: tuple[Report, RenderContext]) -> str:
    return render_html(*demo)


def _charts(root: Element) -> dict[str, Element]:
    return {"".join(svg.children[0].text): svg for svg in root.find("svg")}


def _marks(svg: Element) -> list[Element]:
    return [e for e in svg.walk() if "mark" in e.classes]


def test_demo_page_is_self_contained_and_accessible(demo_page: str) -> None:
    root = check_self_contained_and_accessible(demo_page)
    blocks = [d for d in root.find("div") if "block" in d.classes]
    assert len(blocks) == len(root.find("svg")) == 11  # quadrant, 8 trends, channels, lifecycle
    for block in blocks:  # every chart is followed by its figures as a table
        assert [c.tag for c in block.children if c.tag != "h3"] == ["figure", "div"]
        assert block.children[-1].find("table")[0].find("caption")


def test_demo_charts_have_marks_for_every_service(demo_page: str) -> None:
    charts = _charts(parse(demo_page))
    quadrant = charts["SLA workplace-sla/resolution against experience workplace-xla/happiness"]
    assert sorted(m.attrs["data-label"] for m in _marks(quadrant)) == ["Laptop", "Printing"]
    for service in ("Laptop", "Printing"):
        for objective in ("sla/resolution", "xla/happiness", "xla/lost-time", "xla/reopen-rate"):
            trend = charts[f"{service}: workplace-{objective}"]
            assert len(_marks(trend)) == 8  # eight weekly evaluations, each with data
            assert trend.find("polyline")
    by_channel = _charts(parse(demo_page))["Happiness by channel, per service"]
    shown = Counter(m.attrs["data-label"] for m in _marks(by_channel))
    assert set(shown) == {"Email", "Laptop", "Payroll", "Service Portal", "Printing", "VPN"}
    lifecycle = charts["Happiness by number of reassignments"]
    marks = _marks(lifecycle)
    assert len(marks) == 4
    heights = [float(m.attrs["cy"]) for m in marks]
    assert heights == sorted(heights)  # lower on the page with every reassignment


def test_demo_page_is_deterministic(demo_page: str) -> None:
    assert render_html(*_demo_context()) == demo_page


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
const main = document.querySelector("main");
const right = main.getBoundingClientRect().right;
const label = e => e.tagName + ": " + e.textContent.slice(0, 80);
const outside = [...document.querySelectorAll("svg")].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].filter(t => {
    const b = t.getBoundingClientRect();
    return b.left < box.left - 0.5 || b.top < box.top - 0.5 || b.right > box.right + 0.5
      || b.bottom > box.bottom + 0.5;
  }).map(t => svg.querySelector("title").textContent + ": " + t.textContent);
});
const PARTS = "main > *, section, .block, figure, .scroll, svg, h2, h3, p, ol, li.sentence, dl, ul";
const parts = [...main.querySelectorAll(PARTS)];
const index = new Map(parts.map((e, i) => [e, i]));
const holder = e => {
  for (let up = e.parentElement; up && up !== main; up = up.parentElement) {
    if (index.has(up)) return index.get(up);
  }
  return -1;
};
const dx = window.scrollX, dy = window.scrollY;
const report = window.frameElement ? parent.document.body : document.body;
report.setAttribute("data-measured", JSON.stringify({
  overflowing: [...main.querySelectorAll("td,th,caption,p,li,dt,dd,h1,h2,h3,figcaption")]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(label),
  wide: [...main.querySelectorAll(".scroll,svg,dl,ol,ul,section,figure,.block")]
    .filter(e => e.getBoundingClientRect().right > right + 1).map(label),
  scrolling: [...main.querySelectorAll(".scroll")]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute("aria-label")),
  clipped: [...main.querySelectorAll(":not(svg, svg *)")].filter(e => {
    const style = getComputedStyle(e);
    return style.textOverflow === "ellipsis" || style.overflowX === "hidden"
      || style.overflowX === "clip" || (style.overflowY !== "visible"
        && e.scrollHeight > e.clientHeight + 1);
  }).map(label),
  outside: outside,
  page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  layout: parts.map(e => {
    const b = e.getBoundingClientRect();
    return {kind: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
              + (e.classList.length ? "." + [...e.classList].join(".") : ""),
            parent: holder(e), left: b.left + dx, top: b.top + dy,
            right: b.right + dx, bottom: b.bottom + dy};
  }),
  text: main.innerText,
  sections: [...main.querySelectorAll("section")].map(s => s.id),
  rows: [...main.querySelectorAll("table")].map(t => t.tBodies[0].rows.length),
  statuses: [...main.querySelectorAll(".status")].map(s => s.innerText),
  resources: performance.getEntriesByType("resource").map(r => r.name),
  print: [...document.styleSheets].flatMap(s => [...s.cssRules])
    .filter(r => r.media && r.media.mediaText === "print").map(r => r.cssRules.length),
  charts: [...document.querySelectorAll("svg")].map(svg => {
    const box = svg.getBoundingClientRect();
    const marks = [...svg.querySelectorAll(".mark")].filter(m => {
      const b = m.getBBox(); return b.width > 0 && b.height > 0;
    });
    return {title: svg.querySelector("title").textContent, width: box.width,
            height: box.height, marks: marks.length};
  }),
}));
</script>"""
_WIDTHS = (390, 768, 900, 1100, 1440)
"""The screen widths the page must fit: a phone, a tablet, narrow and wide windows."""
PRINT = "print"
_PRINT_WIDTH = 1009
"""A4 landscape less the print style sheet's 1.5 cm margins, in CSS pixels (96 per inch)."""
_LAYOUTS = (*_WIDTHS, PRINT)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def test_a_missing_chromium_fails_under_ci_and_skips_only_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is missing"):
        _chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _chromium()


def test_ci_installs_chromium_before_it_runs_the_tests() -> None:
    # On a clean machine .ci/run installs Debian's chromium itself, then runs every test.
    script = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    install = script.index("apt-get install -y -qq chromium")
    assert 'export CI="${CI:-true}"' in script  # so a missing browser fails, never skips
    assert script.index("if [ ! -x /usr/bin/chromium ]") < install
    assert install < script.index('python -m pytest -m "slow or not slow"')


def parse_dom(dumped: str) -> str:
    """The ``data-measured`` attribute of the dumped ``<body>``."""
    root = Tree()
    root.feed(dumped)
    (body,) = root.root.find("body")
    return body.attrs["data-measured"]


def _as_printed(page: str) -> str:
    """``page`` with its print rules applied on screen: the layout paper would get."""
    assert page.count("@media print{") == 1
    return page.replace("@media print{", "@media all{")


def measure_in_chromium(page: str, directory: Path, layout: int | str) -> dict[str, Any]:
    """``page`` laid out by headless Chromium and measured by :data:`_MEASURE`.

    The page is shown in a frame of the layout's width (a headless window is never narrower
    than 500 px, a phone is), and ``layout`` is a width or :data:`PRINT`: the print style
    sheet applied at the printed page's width (``--dump-dom`` lays out for the screen only).
    The frame's file declares its encoding: without it Chromium guesses one for a file, and
    has guessed windows-1252 on a fresh machine.
    """
    browser = _chromium()
    width = _PRINT_WIDTH if layout == PRINT else layout
    shown = _as_printed(page) if layout == PRINT else page
    framed = html.escape(shown.replace("</body>", _MEASURE + "</body>"), quote=True)
    path = directory / f"report-{layout}.html"
    path.write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body style="margin:0">'
        f'<iframe width="{width}" height="900" style="border:0" srcdoc="{framed}"></iframe>'
        "</body></html>\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            f"--user-data-dir={directory / f'profile-{layout}'}",
            f"--window-size={width + 100},1000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    measured: dict[str, Any] = json.loads(parse_dom(done.stdout))
    assert measured["page"][1] == width  # laid out at the width asked for
    return measured


@pytest.fixture(scope="module")
def in_chromium(demo_page: str, tmp_path_factory: pytest.TempPathFactory) -> dict[object, Any]:
    """The demo page measured in Chromium at each of :data:`_LAYOUTS`."""
    directory = tmp_path_factory.mktemp("chromium")
    return {layout: measure_in_chromium(demo_page, directory, layout) for layout in _LAYOUTS}


@pytest.mark.parametrize("layout", _LAYOUTS)
def test_charts_are_drawn_in_headless_chromium(
    in_chromium: dict[object, Any], layout: int | str
) -> None:
    measured = in_chromium[layout]["charts"]
    assert len(measured) == 11
    narrowest = 300 if layout == 390 else 320  # a chart shrinks with a phone's column
    for chart in measured:
        assert chart["width"] > narrowest, chart
        assert chart["height"] > 150, chart
        assert chart["marks"] > 0, chart
    by_title = {c["title"]: c["marks"] for c in measured}
    assert by_title["Happiness by number of reassignments"] == 4
    assert by_title["Laptop: workplace-xla/happiness"] == 8


_SECTIONS = [
    *("summary", "legend", "findings", "quadrant", "trends", "channels", "lifecycle"),
    "insights",
    *(f"insight-{key}" for key in ("lifecycle", "first_resolution", "lost_time", "channels")),
    *(f"insight-{key}" for key in ("journeys", "factors", "knowledge", "proactive")),
    *(f"insight-{key}" for key in ("self_service", "survey_health")),
    "results",
]


@pytest.mark.parametrize("layout", _LAYOUTS)
def test_no_text_overflows_or_is_cut_in_chromium(
    in_chromium: dict[object, Any], demo: tuple[Report, RenderContext], layout: int | str
) -> None:
    measured = in_chromium[layout]
    assert measured["overflowing"] == []  # no cell, heading or caption wider than its box
    assert measured["wide"] == []  # no table region, chart or section past the page's column
    assert measured["outside"] == []  # no chart label past its chart
    assert measured["clipped"] == []  # nothing hides what does not fit
    scroll, client = measured["page"]
    assert scroll <= client  # the page itself never scrolls sideways
    text = measured["text"]
    assert "~" not in text
    assert "…" not in text
    for name in demo[1].names.values():  # every catalogue name, whole
        assert name in text, name
    report = demo[0]
    for result in (r for a in report.agreements for r in a.objectives):
        assert f"{result.agreement}/{result.objective}" in text


def test_tables_fit_paper_and_wide_windows_and_scroll_in_their_region_when_narrow(
    in_chromium: dict[object, Any],
) -> None:
    # Paper cannot scroll: printed (landscape), every table fits the page, as in a window
    # from 1100 px on. Narrower, only the ten-column result tables scroll, inside their own
    # region (the page never does: see above); on a phone any wide table may.
    for layout in (1100, 1440, PRINT):
        assert in_chromium[layout]["scrolling"] == [], layout
    for layout in (768, 900):
        scrolling = in_chromium[layout]["scrolling"]
        assert "Objective results" in scrolling
        assert all(c == "Objective results" or c.startswith("Evidence: ") for c in scrolling)
    assert "Objective results" in in_chromium[390]["scrolling"]


_Box = dict[str, Any]


def _overlap(a: _Box, b: _Box) -> float:
    """The area two boxes share."""
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(across, 0.0) * max(down, 0.0)


def _outline(layout: list[_Box]) -> list[tuple[str, int]]:
    """The page's structure: each region's kind and its enclosing region, in order."""
    return [(box["kind"], box["parent"]) for box in layout]


def check_layout(layout: list[_Box]) -> None:
    """The laws of a page's layout: every region has a size, lies inside the region holding
    it, and overlaps none of its siblings; the page's sections follow each other downwards."""
    slack = 1.0
    for box in layout:
        assert box["right"] - box["left"] > 0, box
        assert box["bottom"] - box["top"] > 0, box
        if box["parent"] >= 0:
            holder = layout[box["parent"]]
            inside = (
                box["left"] >= holder["left"] - slack
                and box["right"] <= holder["right"] + slack
                and box["top"] >= holder["top"] - slack
                and box["bottom"] <= holder["bottom"] + slack
            )
            assert inside, (box, holder)  # cut off, or spilling into what follows
    siblings: dict[int, list[_Box]] = {}
    for box in layout:
        siblings.setdefault(box["parent"], []).append(box)
    for group in siblings.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                assert _overlap(first, second) <= slack, (first, second)
    sections = [b for b in layout if b["parent"] == -1 and b["kind"].startswith("section")]
    for above, below in itertools.pairwise(sections):
        assert below["top"] >= above["bottom"] - slack, (above["kind"], below["kind"])


@pytest.mark.parametrize("layout", _LAYOUTS)
def test_the_layout_has_every_region_whole_and_apart(
    in_chromium: dict[object, Any], layout: int | str
) -> None:
    boxes = in_chromium[layout]["layout"]
    check_layout(boxes)
    kinds = [b["kind"] for b in boxes]
    assert [k.split(".")[0] for k in kinds if k.startswith("section")] == [
        f"section#{key}" for key in _SECTIONS
    ]
    assert kinds.count("figure") == sum(k.startswith("svg#chart-") for k in kinds) == 11
    assert kinds.count("div.scroll") == len(in_chromium[layout]["rows"])


def test_every_layout_has_the_same_structure(in_chromium: dict[object, Any]) -> None:
    # The layouts compared region by region: the same regions, in the same order, each
    # held by the same region, at every width and on paper; only their boxes differ.
    reference = _outline(in_chromium[1100]["layout"])
    assert len(reference) > 100
    for layout in _LAYOUTS:
        assert _outline(in_chromium[layout]["layout"]) == reference, layout


def _moved(layout: list[_Box], kind: str, shift: float) -> list[_Box]:
    """``layout`` with the first region of ``kind`` shifted down by ``shift`` pixels."""
    index = next(i for i, box in enumerate(layout) if box["kind"] == kind)
    box = layout[index]
    moved = {**box, "top": box["top"] + shift, "bottom": box["bottom"] + shift}
    return [*layout[:index], moved, *layout[index + 1 :]]


def test_the_layout_check_fails_on_overlap_cut_and_a_missing_section(
    in_chromium: dict[object, Any],
) -> None:
    boxes = in_chromium[1100]["layout"]
    check_layout(boxes)
    legend = next(b for b in boxes if b["kind"] == "section#legend")
    height = legend["bottom"] - legend["top"]
    with pytest.raises(AssertionError):  # the legend drawn over the findings
        check_layout(_moved(boxes, "section#legend", height / 2))
    cut = [{**b, "bottom": b["top"] + 5} if b["kind"] == "section#findings" else b for b in boxes]
    with pytest.raises(AssertionError):  # the findings' content spilling out of its box
        check_layout(cut)
    missing = [b for b in boxes if b["kind"] != "section#channels"]
    assert _outline(missing) != _outline(boxes)


def test_every_section_and_row_is_there_in_chromium(
    in_chromium: dict[object, Any], demo_page: str
) -> None:
    expected = [len(t.find("tr")) - 1 for t in parse(demo_page).find("table")]
    assert len(expected) > 20
    for layout in _LAYOUTS:
        measured = in_chromium[layout]
        assert measured["sections"] == _SECTIONS
        assert measured["rows"] == expected
        assert set(measured["statuses"]) == {f"{ICONS[s]} {STATUS_TEXT[s]}" for s in Status}


def test_chromium_fetches_nothing_and_reads_the_print_styles(
    in_chromium: dict[object, Any],
) -> None:
    measured = in_chromium[1100]
    assert measured["resources"] == []  # no image, font, style sheet or script was loaded
    (rules,) = measured["print"]
    assert rules >= 5


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


# -- contents: the summary, every insight, every result -------------------------------------
def _by_id(root: Element, key: str) -> Element:
    (found,) = [e for e in root.walk() if e.attrs.get("id") == key]
    return found


def _rows(table: Element) -> list[list[str]]:
    (body,) = table.find("tbody")
    return [[td.content for td in tr.find("td")] for tr in body.find("tr")]


_RESULT_HEADERS = [
    *("agreement", "objective", "scope", "value", "interval", "n", "target", "status"),
    *("trend", "previous window"),
]
_DURATION = re.compile(r"(-?)(?:(\d+) h (\d\d) min|(\d+) min|(\d+) s|([\d,]+) h)")


def _seconds(text: str) -> float:
    """A readable duration read back, by this test's own reading of the format."""
    match = _DURATION.fullmatch(text)
    assert match, text
    sign, hours, minutes, only_minutes, seconds, only_hours = match.groups()
    if hours is not None:
        total = int(hours) * 3600 + int(minutes) * 60
    elif only_minutes is not None:
        total = int(only_minutes) * 60
    else:
        total = int(seconds) if seconds is not None else int(only_hours.replace(",", "")) * 3600
    return -total if sign else total


def _check_result_row(row: list[str], result: ObjectiveResult, names: dict[str, str]) -> None:
    cells = dict(zip(_RESULT_HEADERS, row, strict=True))
    scope = " / ".join(
        [names.get(v, v) if k == "service" else v for k, v in result.scope if k == "service"]
        + [v for k, v in sorted(result.scope) if k != "service"]
    )
    assert (cells["agreement"], cells["objective"], cells["scope"]) == (
        result.agreement,
        result.objective,
        scope,
    )
    assert cells["n"] == str(result.n)
    assert cells["status"] == f"{ICONS[result.status]} {STATUS_TEXT[result.status]}"
    figures = [cells["value"], *cells["interval"].strip("[]").split(", ")]
    numbers = [result.value, result.ci_low, result.ci_high]
    assert None not in numbers  # every demo result has a figure and an interval
    values = [v for v in numbers if v is not None]
    if result.unit is Unit.SECONDS:  # hours and minutes, never raw seconds
        for shown, value in zip(figures, values, strict=True):
            assert abs(_seconds(shown) - value) <= 30, (shown, value)
        assert abs(_seconds(cells["target"].removeprefix("≤ ")) - result.target) <= 30
    else:
        suffix = " %" if result.unit is Unit.PERCENT else ""
        for shown, value in zip(figures, values, strict=True):
            assert shown == f"{value:.1f}{suffix}", (shown, value)


def test_the_summary_leads_the_page_each_sentence_with_all_its_evidence(
    demo: tuple[Report, RenderContext], demo_page: str
) -> None:
    report, context = demo
    root = parse(demo_page)
    assert root.find("section")[0].attrs["id"] == "summary"
    expected = report_to_dict(report, context)["summary"]
    items = [li for li in _by_id(root, "summary").find("li") if "sentence" in li.classes]
    shown = [(li.attrs["data-kind"], li.find("p")[0].content) for li in items]
    assert shown == [(s["kind"], s["text"]) for s in expected]
    kinds = [kind for kind, _ in shown]
    assert {"breached", "at_risk", "watermelon", "impact"} <= set(kinds)
    judged = [r for a in report.agreements for r in a.objectives]
    judged += [r for f in report.findings for r in f.evidence]  # an SLA at a segment, say
    by_key = {(r.agreement, r.objective, frozenset(r.scope)): r for r in judged}
    for li, sentence in zip(items, expected, strict=True):
        tables = li.find("table")
        assert len(tables) == (1 if sentence["evidence"] else 0)
        rows = _rows(tables[0]) if tables else []
        assert len(rows) == len(sentence["evidence"])  # all of it, not the first three
        if tables:
            count = len(rows)
            caption = f"Evidence: {count} result" + ("" if count == 1 else "s")
            assert tables[0].find("caption")[0].content == caption
        for row, evidence in zip(rows, sentence["evidence"], strict=True):
            scope = frozenset(evidence["scope"].items())
            result = by_key[(evidence["agreement"], evidence["objective"], scope)]
            _check_result_row(row, result, dict(context.names))
    breached = next(s for s in expected if s["kind"] == "breached")
    assert len(breached["evidence"]) == sum(
        r.status is Status.BREACHED for a in report.agreements for r in a.objectives
    )


def test_every_result_row_has_its_interval_and_n_and_durations_in_hours(
    demo: tuple[Report, RenderContext], demo_page: str
) -> None:
    report, context = demo
    (table,) = _by_id(parse(demo_page), "results").find("table")
    assert [th.content for th in table.find("th")] == _RESULT_HEADERS
    results = [r for a in report.agreements for r in a.objectives]
    rows = _rows(table)
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        _check_result_row(row, result, dict(context.names))
    assert any(r.unit is Unit.SECONDS for r in results)
    assert "7200" not in demo_page  # the lost-time target is "≤ 2 h 00 min" everywhere


def _estimate_text(estimate: Estimate) -> str:
    if estimate.value is None:
        return "no data" if estimate.n == 0 else f"too few (n={estimate.n})"
    interval = (
        ""
        if estimate.ci_low is None or estimate.ci_high is None
        else f" [{figure_text(estimate.ci_low, estimate.unit)}, "
        f"{figure_text(estimate.ci_high, estimate.unit)}]"
    )
    return f"{figure_text(estimate.value, estimate.unit)}{interval} n={estimate.n}"


def test_a_chart_figure_without_a_value_says_why_in_its_table(
    demo: tuple[Report, RenderContext], demo_page: str
) -> None:
    (table,) = _by_id(parse(demo_page), "channels").find("table")
    rows = _rows(table)
    points = [p for series in demo[1].channels for p in series.points]
    assert len(rows) == len(points)
    missing = [(row, p) for row, p in zip(rows, points, strict=True) if p.value is None]
    assert missing  # the demo has channels with too few answers
    for row, point in missing:
        assert row[2:] == [f"too few (n={point.n})" if point.n else "no data", "-", str(point.n)]


def test_every_insight_is_a_section_with_the_figures_of_the_json(
    demo: tuple[Report, RenderContext], demo_page: str
) -> None:
    report, context = demo
    root = parse(demo_page)
    insights = report_to_dict(report, context)["insights"]
    assert len(insights) == len(context.insights) == 10
    estimates = 0
    for data, section in zip(insights, context.insights, strict=True):
        shown = _by_id(root, f"insight-{data['key']}")
        assert shown.find("h3")[0].content == data["title"]
        assert shown.find("p")[0].content == data["lead"]
        tables = shown.find("table")
        assert [t.find("caption")[0].content for t in tables] == [
            t["caption"] for t in data["tables"]
        ]
        for table, table_data, table_section in zip(
            tables, data["tables"], section.tables, strict=True
        ):
            assert [th.content for th in table.find("th")] == table_data["headers"]
            rows = _rows(table)
            assert len(rows) == len(table_data["rows"])
            pairs = zip(table_section.rows, table_data["rows"], strict=True)
            for row, (cells, cells_data) in zip(rows, pairs, strict=True):
                for text, cell, cell_data in zip(row, cells, cells_data, strict=True):
                    if isinstance(cell, Estimate):
                        estimates += 1
                        assert cell_data["n"] == cell.n
                        assert text == _estimate_text(cell)
                    else:
                        assert text == str(cell) == str(cell_data)
    assert estimates > 50  # the demo's insights are mostly figures with intervals


# -- reading aids: the status legend, signs beside colours, contrast, print -----------------
def test_the_legend_says_how_intervals_decide_every_status(demo_page: str) -> None:
    legend = _by_id(parse(demo_page), "legend")
    (terms,) = legend.find("dl")
    names = [dt.content for dt in terms.find("dt")]
    meanings = [dd.content for dd in terms.find("dd")]
    assert names == [f"{ICONS[s]} {STATUS_TEXT[s]}" for s in Status]
    said = dict(zip(Status, meanings, strict=True))
    assert "whole interval clears the target" in said[Status.MET]
    assert "whole interval misses the target" in said[Status.BREACHED]
    assert "interval reaches the target" in said[Status.AT_RISK]
    assert "minimum n" in said[Status.INSUFFICIENT_DATA]
    assert "no observations" in said[Status.NO_DATA]
    assert "judged on its interval" in legend.find("p")[0].content


def test_statuses_have_distinct_signs_and_words() -> None:
    assert len(set(ICONS.values())) == len(set(STATUS_TEXT.values())) == len(Status)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_every_status_on_the_page_is_a_sign_and_a_word_not_a_colour_alone(
    report: Report,
) -> None:
    (table,) = _by_id(parse(render_html(report)), "results").find("table")
    spans = [e for e in table.walk() if "status" in e.classes]
    results = [r for a in report.agreements for r in a.objectives]
    assert [s.content for s in spans] == [
        f"{ICONS[r.status]} {STATUS_TEXT[r.status]}" for r in results
    ]
    for span in spans:  # the sign is decoration; the word is what a screen reader says
        (icon,) = span.children
        assert icon.attrs["aria-hidden"] == "true"


def _contrast(colour: str) -> float:
    """WCAG 2 contrast ratio of ``#rrggbb`` on white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_status_and_series_colours_are_legible_on_white(demo_page: str) -> None:
    (style,) = parse(demo_page).find("style")
    css = "".join(style.text)
    status_colours = {
        status: re.search(rf"\.{status.value}[^{{]*\{{color:(#[0-9a-f]{{6}})", css)
        for status in Status
    }
    for status, found in status_colours.items():
        assert found is not None, status
        assert _contrast(found.group(1)) >= 4.5, (status, found.group(1))
    for colour in PALETTE:
        assert _contrast(colour) >= 4.5, colour


def test_every_mark_of_every_chart_has_its_figures_as_text(demo_page: str) -> None:
    root = check_self_contained_and_accessible(demo_page)
    marks = [m for svg in root.find("svg") for m in _marks(svg)]
    assert marks
    for mark in marks:
        (title,) = mark.find("title")
        assert re.search(r"n=\d+", title.content), title.content
    lost_time = _charts(root)["Laptop: workplace-xla/lost-time"]
    ticks = [t.content for t in lost_time.find("text") if {"tick", "end"} <= t.classes]
    assert all(re.fullmatch(r"[\d.]+ (h|min)|target .*", t) for t in ticks), ticks  # y axis
    assert "target 2 h 00 min" in ticks


def test_the_print_style_sheet_keeps_charts_and_rows_whole(demo_page: str) -> None:
    (style,) = parse(demo_page).find("style")
    css = "".join(style.text)
    block = re.search(r"@media print\{((?:[^{}]*\{[^{}]*\})*)\s*\}", css)
    assert block is not None
    printed = block.group(1)
    assert re.search(r"figure,[^{]*tr\{break-inside:avoid\}", printed)
    assert "thead{display:table-header-group}" in printed
    assert "main{max-width:none" in printed
    assert "print-color-adjust:exact" in printed  # status colours and shading survive


# -- self-contained: nothing to fetch --------------------------------------------------------
_REFERENCE = re.compile(r"""\b(?:src|href|srcset|xlink:href|action)\s*=|url\(|@import""", re.I)


def test_the_demo_page_references_nothing_outside_itself(demo_page: str) -> None:
    assert not re.search(r"https?://", demo_page)
    assert not _REFERENCE.search(demo_page)


def test_a_name_that_looks_like_markup_stays_text(demo: tuple[Report, RenderContext]) -> None:
    report, context = demo
    hostile = '<img src="https://example.com/x.png" onerror="alert(1)">'
    names = {**context.names, "laptop": hostile}
    page = render_html(report, attrs.evolve(context, names=names))
    root = check_self_contained_and_accessible(page)  # no src, no on* attribute, no img
    assert hostile in "".join(t for e in root.walk() for t in e.text)
    assert not _REFERENCE.search(page.replace(html.escape(hostile), ""))


_MEDIA_BOX = re.compile(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]")


def test_chromium_prints_the_page_on_a4_landscape(demo_page: str, tmp_path: Path) -> None:
    # The print style sheet's page, as Chromium's own print path lays it out: every page
    # A4 landscape (297 × 210 mm, 841.9 × 595.3 pt), the report over several pages.
    page = tmp_path / "report.html"
    page.write_text(demo_page, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = subprocess.run(
        [
            _chromium(),
            *("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"),
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    sizes = [(float(w), float(h)) for w, h in _MEDIA_BOX.findall(pdf.read_bytes())]
    assert len(sizes) > 5
    for width, height in sizes:
        assert width == pytest.approx(841.89, abs=1.0)
        assert height == pytest.approx(595.28, abs=1.0)
