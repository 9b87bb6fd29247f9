"""The ``html`` renderer: the report as one self-contained page a service manager reads first.

One file with no script, no external style sheet, font or image and no network access: the
styles are inline and the charts inline SVG (see :mod:`xlacore.render.charts`). Each chart is
an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>`` and followed by a table of
the same figures, its text alternative. In order, the page shows: the executive summary
(:mod:`xlacore.evaluation.summary`), each sentence followed by every result it rests on; a
legend of how intervals decide a status; the findings; the watermelon quadrant; a trend per
objective and service; and (from a
:class:`~xlacore.evaluation.render_context.RenderContext` passed as options) the channel
comparison, the lifecycle effect and every insight section, the same figures as the JSON
report with their intervals and n; then every result. A status is
always a sign and a word (the colour only repeats it); figures are written in their unit
(:mod:`xlacore.evaluation.figures`). The page never scrolls sideways: a table wider than
the column scrolls in its own region. A print style sheet lays it out on A4 landscape,
where every table fits, with tables' rows and charts whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from xlacore.evaluation.figures import (
    STATUS_TEXT,
    evidence_text,
    figure_text,
    result_text,
    scope_label,
    target_text,
)
from xlacore.evaluation.render_context import Cell, Estimate, RenderContext, Series
from xlacore.evaluation.report import ObjectiveResult, Report, Scope, Status, Unit
from xlacore.evaluation.summary import executive_summary
from xlacore.model.agreements import AgreementKind
from xlacore.model.objectives import Comparison
from xlacore.render.charts import QuadrantPoint, interval_chart, quadrant_chart
from xlacore.render.svg import PALETTE, Frame, escape

__all__ = ["ICONS", "MEDIA_TYPE", "render_html"]

MEDIA_TYPE = "text/html"

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:1040px;margin:auto;padding:1rem 1.5rem}
h1{font-size:1.6rem}h3{font-size:1rem;margin:.4rem 0}
h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
.scroll{max-width:100%;overflow-x:auto;margin:.6rem 0 1.2rem}
table{border-collapse:collapse;font-size:.85rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.name{overflow-wrap:anywhere}
.fig{font-variant-numeric:tabular-nums}
.fig,.status{white-space:nowrap}
.met{color:#1a7f37}.at_risk{color:#9a6700}.breached{color:#cf222e;font-weight:600}
.insufficient_data,.no_data{color:#57606a}
ol.summary{padding-left:1.4rem}li.sentence{margin-bottom:.8rem}li.sentence p{margin:.2rem 0}
dl.legend{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
dl.legend dd{margin:0}
.grid-of{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(420px,100%),1fr));gap:1rem}
figure{margin:0}.block{margin-bottom:1rem}figcaption{font-size:.85rem;color:#444}
svg.chart{max-width:100%;height:auto;font-size:11px}
.grid{stroke:#e4e4e4}.axis{stroke:#777}.target{stroke:#444;stroke-dasharray:5 4}
.interval{stroke-width:2}.line{fill:none;stroke-width:1.5;opacity:.6}
.watermelon{fill:#fde2e1}.tick{fill:#444}.label{fill:#222;font-weight:600}
.end{text-anchor:end}.middle{text-anchor:middle}
.swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em}
@media (max-width:640px){
body{font-size:14px}main{padding:.75rem}th,td{padding:.15rem .3rem}
dl.legend{grid-template-columns:1fr}dl.legend dd{margin-bottom:.4rem}
}
@media print{
@page{size:A4 landscape;margin:1.5cm}
body{font-size:10pt}main{max-width:none;padding:0}
h2{margin-top:1.2rem;break-after:avoid}h3{break-after:avoid}
figure,.block,dl.legend,tr{break-inside:avoid}
thead{display:table-header-group}
.scroll{overflow:visible}
.grid-of{display:block}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"""

_SMALL = Frame(width=330.0, height=220.0, left=52.0, right=36.0, top=12.0, bottom=40.0)


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A table in its own scrolling region; an int or float cell is a number, any other markup.

    Numbers are right-aligned. Cells wrap first (names anywhere, figures only between their
    parts); a table still wider than the column scrolls inside its region (focusable, named
    by its caption), so the page itself never scrolls sideways.
    """
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if isinstance(c, int | float) else f"<td>{c}</td>"
            for c in row
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll" role="region" tabindex="0" aria-label="{escape(caption)}">'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _fig(text: str) -> str:
    """A figure kept on one line (``2 h 05 min`` never breaks inside)."""
    return f'<span class="fig">{escape(text)}</span>'


def _name(text: str) -> str:
    """A name (service, scope, objective): broken anywhere rather than overflow its cell."""
    return f'<span class="name">{escape(text)}</span>'


def _interval(low: float | None, high: float | None, unit: Unit | None) -> str:
    """``[lower, upper]``, breakable only after its comma; ``-`` without an interval."""
    if low is None or high is None:
        return "-"
    return f"{_fig('[' + figure_text(low, unit) + ',')} {_fig(figure_text(high, unit) + ']')}"


def _figure(estimate: Estimate) -> str:
    """A figure, its interval and its n: ``61.3 [50.2, 70.1] n=76``, or why there is none."""
    e = estimate
    if e.value is None:
        return _fig(evidence_text(None, None, None, e.n))
    interval = _interval(e.ci_low, e.ci_high, e.unit)
    ends = f" {interval}" if e.ci_low is not None and e.ci_high is not None else ""
    return f"{_fig(figure_text(e.value, e.unit))}{ends} {_fig(f'n={e.n}')}"


def _estimates_table(caption: str, series: Sequence[Series], first: str, second: str) -> str:
    """The figures of an interval chart; the series column only when there are several."""
    several = len(series) > 1
    rows = [
        [
            *([_name(one.name)] if several else []),
            _fig(e.label),
            _fig(
                evidence_text(None, None, None, e.n)  # "too few (n=19)", "no data"
                if e.value is None
                else figure_text(e.value, e.unit)
            ),
            _interval(e.ci_low, e.ci_high, e.unit),
            e.n,
        ]
        for one in series
        for e in one.points
    ]
    headers = [*([first] if several else []), second, "value", "interval", "n"]
    return _table(caption, headers, rows)


def _block(chart: str, table: str, *, legend: str = "", heading: str = "") -> str:
    """A chart with its legend, then its table; ``heading`` (text) above when given."""
    above = f"<h3>{escape(heading)}</h3>" if heading else ""
    return f'<div class="block">{above}<figure>{chart}{legend}</figure>{table}</div>'


def _section(key: str, title: str, body: str) -> str:
    return f'<section id="{key}"><h2>{escape(title)}</h2>{body}</section>'


ICONS = {
    Status.MET: "✓",
    Status.AT_RISK: "!",
    Status.BREACHED: "✗",
    Status.INSUFFICIENT_DATA: "?",
    Status.NO_DATA: "–",
}
"""The sign before each status word, so a status never rests on its colour alone."""


def _status(status: Status) -> str:
    """The status as its sign and word (the colour only repeats them)."""
    return (
        f'<span class="status {status.value}" data-status="{status.value}">'
        f'<span class="icon" aria-hidden="true">{ICONS[status]}</span> '
        f"{escape(STATUS_TEXT[status])}</span>"
    )


def _estimate(result: ObjectiveResult, label: str) -> Estimate:
    return Estimate(label, result.value, result.ci_low, result.ci_high, result.n, result.unit)


def _objectives(report: Report) -> dict[tuple[str, str], dict[Scope, ObjectiveResult]]:
    found: dict[tuple[str, str], dict[Scope, ObjectiveResult]] = {}
    for agreement in report.agreements:
        for result in agreement.objectives:
            found.setdefault((result.agreement, result.objective), {})[result.scope] = result
    return found


def _quadrant_pair(
    report: Report, chosen: tuple[str, str] | None
) -> tuple[dict[Scope, ObjectiveResult], dict[Scope, ObjectiveResult]] | None:
    """The chosen SLA and XLA objectives, else the first pair of those kinds sharing a scope."""
    by_name = {f"{a}/{o}": results for (a, o), results in _objectives(report).items()}
    if chosen is not None:
        pairs = [tuple(by_name.get(name, {}) for name in chosen)]
    else:
        kinds = {name: next(iter(results.values())).kind for name, results in by_name.items()}
        slas = [by_name[n] for n, kind in kinds.items() if kind is AgreementKind.SLA]
        xlas = [by_name[n] for n, kind in kinds.items() if kind is AgreementKind.XLA]
        pairs = [(sla, xla) for sla in slas for xla in xlas]
    return next(((sla, xla) for sla, xla in pairs if set(sla) & set(xla)), None)


def _higher_is_better(result: ObjectiveResult) -> bool:
    return result.comparison in (Comparison.GTE, Comparison.GT)


def _target(result: ObjectiveResult) -> str:
    return target_text(result.comparison, result.target, result.unit)


def _quadrant(report: Report, context: RenderContext, ids: Iterator[str]) -> str:
    pair = _quadrant_pair(report, context.quadrant)
    title = "Watermelon quadrant"
    if pair is None:
        none = "<p>No SLA and XLA objective share a scope, so there is no quadrant.</p>"
        return _section("quadrant", title, none)
    sla, xla = pair
    names = context.names
    scopes = sorted(set(sla) & set(xla), key=lambda s: scope_label(s, names))
    first_sla, first_xla = sla[scopes[0]], xla[scopes[0]]
    x_name = f"{first_sla.agreement}/{first_sla.objective}"
    y_name = f"{first_xla.agreement}/{first_xla.objective}"
    points = [
        QuadrantPoint(scope_label(s, names), _estimate(sla[s], "SLA"), _estimate(xla[s], "XLA"))
        for s in scopes
    ]
    chart = quadrant_chart(
        next(ids),
        f"SLA {x_name} against experience {y_name}",
        f"One point per scope: across, {x_name} (target {_target(first_sla)}); up, {y_name} "
        f"(target {_target(first_xla)}). Points in the shaded corner meet the SLA while "
        "people's experience misses its target.",
        points,
        x_label=x_name,
        y_label=y_name,
        targets=(first_sla.target, first_xla.target),
        higher_is_better=(_higher_is_better(first_sla), _higher_is_better(first_xla)),
    )
    rows = [
        [
            _name(p.label),
            _figure(p.sla),
            _status(sla[s].status),
            _figure(p.experience),
            _status(xla[s].status),
        ]
        for p, s in zip(points, scopes, strict=True)
    ]
    table = _table(
        "Figures of the quadrant",
        ["scope", x_name, "SLA status", y_name, "experience status"],
        rows,
    )
    return _section("quadrant", title, _block(chart, table))


def _trends(report: Report, context: RenderContext, ids: Iterator[str]) -> str:
    reports = [*context.history, report]
    dates = [r.evaluated_at.strftime("%Y-%m-%d") for r in reports]
    if len(set(dates)) < len(dates):  # several a day: tell them apart by the minute
        dates = [r.evaluated_at.isoformat(timespec="minutes") for r in reports]
    found = [_objectives(r) for r in reports]
    figures = []
    for (agreement, objective), current in _objectives(report).items():
        for scope, result in current.items():
            if [key for key, _ in scope] != ["service"]:
                continue
            points = tuple(
                _estimate(f[(agreement, objective)][scope], date)
                if scope in f.get((agreement, objective), {})
                else Estimate(date, None, None, None, 0, result.unit)
                for f, date in zip(found, dates, strict=True)
            )
            label = scope_label(scope, context.names)
            name = f"{label}: {agreement}/{objective}"
            series = (Series(name, points),)
            chart = interval_chart(
                next(ids),
                name,
                f"{objective} of {label} at each evaluation from {dates[0]} to "
                f"{dates[-1]}, with its interval; the dashed line is the target "
                f"{_target(result)}.",
                dates,
                series,
                x_label="evaluated",
                y_label=objective,
                target=result.target,
                connect=True,
                frame=_SMALL,
            )
            table = _estimates_table(f"Figures of {name}", series, "series", "evaluated")
            figures.append(_block(chart, table, heading=name))
    body = "" if figures else "<p>No objective is scoped to single services.</p>"
    grid = f'<div class="grid-of">{"".join(figures)}</div>'
    return _section("trends", "Trends per service", body + grid)


def _legend(series: Sequence[Series]) -> str:
    items = "".join(
        f'<span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
        f"{escape(s.name)}"
        for i, s in enumerate(series)
    )
    return f"<figcaption>{items}</figcaption>"


def _channels(context: RenderContext, ids: Iterator[str]) -> str:
    title = "Happiness by channel"
    if not context.channels:
        return _section("channels", title, "<p>No channel figures were given.</p>")
    categories = sorted({p.label for s in context.channels for p in s.points})
    chart = interval_chart(
        next(ids),
        "Happiness by channel, per service",
        "Happiness (-100 to +100) of the answers about calls on each channel, one colour per "
        "service, with intervals; channels with too few answers have no mark.",
        categories,
        context.channels,
        x_label="channel",
        y_label="happiness",
    )
    table = _estimates_table("Happiness by channel", context.channels, "service", "channel")
    return _section("channels", title, _block(chart, table, legend=_legend(context.channels)))


def _lifecycle(context: RenderContext, ids: Iterator[str]) -> str:
    title = "Happiness by reassignments"
    if all(e.value is None for e in context.lifecycle):
        none = "<p>No lifecycle figures: too few answers about calls, or none were given.</p>"
        return _section("lifecycle", title, none)
    series = (Series("happiness", context.lifecycle),)
    chart = interval_chart(
        next(ids),
        "Happiness by number of reassignments",
        "Happiness (-100 to +100) of the answers about calls by how many times each call "
        "was reassigned, with intervals.",
        [e.label for e in context.lifecycle],
        series,
        x_label="reassignments",
        y_label="happiness",
        connect=True,
    )
    table = _estimates_table("Happiness by reassignments", series, "measure", "reassignments")
    return _section("lifecycle", title, _block(chart, table))


_RESULT_HEADERS = (
    *("agreement", "objective", "scope", "value", "interval", "n", "target", "status"),
    *("trend", "previous window"),
)


def _results_table(
    caption: str, results: Sequence[ObjectiveResult], names: Mapping[str, str]
) -> str:
    """Objective results with their figure, interval, n, target, status and change."""
    rows = [
        [
            _name(r.agreement),
            _name(r.objective),
            _name(scope_label(r.scope, names)),
            _fig(result_text(r) if r.value is None else figure_text(r.value, r.unit)),
            _interval(r.ci_low, r.ci_high, r.unit),
            r.n,
            _fig(_target(r)),
            _status(r.status),
            _fig("-" if r.trend is None else r.trend.value),
            _fig(figure_text(r.previous, r.unit)),
        ]
        for r in results
    ]
    return _table(caption, _RESULT_HEADERS, rows)


def _results(report: Report, names: Mapping[str, str]) -> str:
    results = [r for a in report.agreements for r in a.objectives]
    return _section("results", "Every result", _results_table("Objective results", results, names))


def _findings(report: Report, names: Mapping[str, str]) -> str:
    items = "".join(
        f"<li><strong>{escape(f.kind)}</strong> at {escape(scope_label(f.scope, names))}: "
        f"{escape(f.message)}</li>"
        for f in report.findings
    )
    return _section("findings", "Findings", f"<ul>{items}</ul>" if items else "<p>None.</p>")


def _counts(report: Report) -> str:
    statuses = [r.status for a in report.agreements for r in a.objectives]
    counts = ", ".join(f"{statuses.count(s)} {_status(s)}" for s in Status)
    return (
        f'<p class="counts">Evaluated at {escape(report.evaluated_at.isoformat())}: '
        f"{len(statuses)} objective results ({counts}); {len(report.findings)} findings.</p>"
    )


def _summary(report: Report, names: Mapping[str, str]) -> str:
    """Each sentence of the executive summary, followed by every result it rests on."""
    items = []
    for sentence in executive_summary(report, names).sentences:
        count = len(sentence.evidence)
        caption = f"Evidence: {count} result{'' if count == 1 else 's'}"
        evidence = _results_table(caption, sentence.evidence, names) if count else ""
        items.append(
            f'<li class="sentence" data-kind="{escape(sentence.kind)}">'
            f"<p>{escape(sentence.text)}</p>{evidence}</li>"
        )
    return _section("summary", "Executive summary", f'<ol class="summary">{"".join(items)}</ol>')


_MEANINGS = {
    Status.MET: "the whole interval clears the target (by the objective's at-risk margin, "
    "when it has one).",
    Status.AT_RISK: "the interval reaches the target or its margin: the evidence cannot tell "
    "whether the target is met.",
    Status.BREACHED: "the whole interval misses the target; even its best end is on the "
    "wrong side.",
    Status.INSUFFICIENT_DATA: "fewer observations than the objective's minimum n: no figure "
    "is judged, so this is neither a pass nor a breach.",
    Status.NO_DATA: "no observations at all in the window.",
}
"""What each status means, in the order of the legend."""


def _status_legend() -> str:
    """How intervals decide a status, and what each sign means."""
    terms = "".join(
        f"<dt>{_status(status)}</dt><dd>{escape(meaning)}</dd>"
        for status, meaning in _MEANINGS.items()
    )
    return _section(
        "legend",
        "How statuses are decided",
        "<p>A figure is judged on its interval, not on its value alone: with few "
        "observations the interval is wide and the true figure may lie on either side of "
        "the target. Figures read <em>value [interval] n=observations</em>. A trend is "
        "worsening or improving only when the previous window's figure lies outside the "
        "current interval.</p>"
        f'<dl class="legend">{terms}</dl>',
    )


def _insight_cell(cell: Cell) -> object:
    """An estimate with its interval and n, a count as a number, text escaped."""
    if isinstance(cell, Estimate):
        return _figure(cell)
    return cell if isinstance(cell, int) else _name(cell)


def _insights(context: RenderContext) -> str:
    """Every insight analysis: its lead, then its tables with each figure's interval and n."""
    if not context.insights:
        return _section("insights", "Insights", "<p>No insight analyses were given.</p>")
    parts = [
        f'<section class="insight" id="insight-{escape(s.key)}"><h3>{escape(s.title)}</h3>'
        f"<p>{escape(s.lead)}</p>"
        + "".join(
            _table(t.caption, t.headers, [[_insight_cell(c) for c in row] for row in t.rows])
            for t in s.tables
        )
        + "</section>"
        for s in context.insights
    ]
    return _section("insights", "Insights", "".join(parts))


def render_html(report: Report, options: Any = None) -> str:
    """The report as one HTML page; ``options`` may be a :class:`RenderContext`."""
    context = options if isinstance(options, RenderContext) else RenderContext()
    names = context.names
    ids = (f"chart-{n}" for n in itertools.count(1))
    sections = [
        _counts(report),
        _summary(report, names),
        _status_legend(),
        _findings(report, names),
        _quadrant(report, context, ids),
        _trends(report, context, ids),
        _channels(context, ids),
        _lifecycle(context, ids),
        _insights(context),
        _results(report, names),
    ]
    title = escape(context.title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{title}</h1>{''.join(sections)}</main></body></html>\n"
    )
