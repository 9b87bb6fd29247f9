"""The ``html`` renderer: the report as one self-contained page with accessible charts.

One file with no script, no external style sheet, font or image and no network access: the
styles are inline and the charts inline SVG (see :mod:`xlacore.render.charts`). Each chart is
an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>`` and followed by a table of
the same figures, its text alternative. The page shows the findings, the watermelon quadrant,
a trend per objective and service, and (from a :class:`~xlacore.render.context.RenderContext`
passed as options) the channel comparison and the lifecycle effect, then every result.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from xlacore.evaluation.report import ObjectiveResult, Report, Scope, Status
from xlacore.model.agreements import AgreementKind
from xlacore.model.objectives import Comparison
from xlacore.render.charts import QuadrantPoint, describe, interval_chart, quadrant_chart
from xlacore.render.context import Estimate, RenderContext, Series
from xlacore.render.svg import PALETTE, Frame, escape
from xlacore.render.table import scope_label

__all__ = ["MEDIA_TYPE", "render_html"]

MEDIA_TYPE = "text/html"

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:1040px;margin:auto;padding:1rem 1.5rem}
h1{font-size:1.6rem}h3{font-size:1rem;margin:.4rem 0}
h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.85rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.met{color:#1a7f37}.at_risk{color:#9a6700}.breached{color:#cf222e;font-weight:600}
.insufficient_data,.no_data{color:#57606a}
.grid-of{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:1rem}
figure{margin:0}.block{margin-bottom:1rem}figcaption{font-size:.85rem;color:#444}
svg.chart{max-width:100%;height:auto;font-size:11px}
.grid{stroke:#e4e4e4}.axis{stroke:#777}.target{stroke:#444;stroke-dasharray:5 4}
.interval{stroke-width:2}.line{fill:none;stroke-width:1.5;opacity:.6}
.watermelon{fill:#fde2e1}.tick{fill:#444}.label{fill:#222;font-weight:600}
.end{text-anchor:end}.middle{text-anchor:middle}
.swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em}
"""

_SMALL = Frame(width=330.0, height=220.0, left=52.0, right=36.0, top=12.0, bottom=40.0)


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
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
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _estimates_table(caption: str, series: Sequence[Series], first: str, second: str) -> str:
    """The figures of an interval chart; the series column only when there are several."""
    several = len(series) > 1
    rows = [
        [
            *([escape(one.name)] if several else []),
            escape(e.label),
            _cell(e.value),
            _cell(e.ci_low),
            _cell(e.ci_high),
            e.n,
        ]
        for one in series
        for e in one.points
    ]
    headers = [*([first] if several else []), second, "value", "low", "high", "n"]
    return _table(caption, headers, rows)


def _block(chart: str, table: str, *, legend: str = "", heading: str = "") -> str:
    """A chart with its legend, then its table; ``heading`` (text) above when given."""
    above = f"<h3>{escape(heading)}</h3>" if heading else ""
    return f'<div class="block">{above}<figure>{chart}{legend}</figure>{table}</div>'


def _status(status: Status) -> str:
    return f'<span class="{status.value}">{escape(status.value.replace("_", " "))}</span>'


def _estimate(result: ObjectiveResult, label: str) -> Estimate:
    return Estimate(label, result.value, result.ci_low, result.ci_high, result.n)


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


def _quadrant(report: Report, context: RenderContext, ids: Iterator[str]) -> str:
    pair = _quadrant_pair(report, context.quadrant)
    head = "<h2>Watermelon quadrant</h2>"
    if pair is None:
        return head + "<p>No SLA and XLA objective share a scope, so there is no quadrant.</p>"
    sla, xla = pair
    scopes = sorted(set(sla) & set(xla), key=scope_label)
    first_sla, first_xla = sla[scopes[0]], xla[scopes[0]]
    x_name = f"{first_sla.agreement}/{first_sla.objective}"
    y_name = f"{first_xla.agreement}/{first_xla.objective}"
    points = [
        QuadrantPoint(scope_label(s), _estimate(sla[s], "SLA"), _estimate(xla[s], "XLA"))
        for s in scopes
    ]
    chart = quadrant_chart(
        next(ids),
        f"SLA {x_name} against experience {y_name}",
        f"One point per scope: across, {x_name} (target {first_sla.target:g}); up, {y_name} "
        f"(target {first_xla.target:g}). Points in the shaded corner meet the SLA while "
        "people's experience misses its target.",
        points,
        x_label=x_name,
        y_label=y_name,
        targets=(first_sla.target, first_xla.target),
        higher_is_better=(_higher_is_better(first_sla), _higher_is_better(first_xla)),
    )
    rows = [
        [
            escape(p.label),
            describe(p.sla),
            _status(sla[s].status),
            describe(p.experience),
            _status(xla[s].status),
        ]
        for p, s in zip(points, scopes, strict=True)
    ]
    table = _table(
        "Figures of the quadrant",
        ["scope", x_name, "SLA status", y_name, "experience status"],
        rows,
    )
    return head + _block(chart, table)


def _trends(report: Report, context: RenderContext, ids: Iterator[str]) -> str:
    reports = [*context.history, report]
    dates = [r.evaluated_at.strftime("%Y-%m-%d") for r in reports]
    if len(set(dates)) < len(dates):  # several a day: tell them apart by the minute
        dates = [r.evaluated_at.isoformat(timespec="minutes") for r in reports]
    found = [_objectives(r) for r in reports]
    parts = ["<h2>Trends per service</h2>"]
    figures = []
    for (agreement, objective), current in _objectives(report).items():
        for scope, result in current.items():
            if [key for key, _ in scope] != ["service"]:
                continue
            points = tuple(
                _estimate(f[(agreement, objective)][scope], date)
                if scope in f.get((agreement, objective), {})
                else Estimate(date, None, None, None, 0)
                for f, date in zip(found, dates, strict=True)
            )
            name = f"{scope_label(scope)}: {agreement}/{objective}"
            series = (Series(name, points),)
            chart = interval_chart(
                next(ids),
                name,
                f"{objective} of {scope_label(scope)} at each evaluation from {dates[0]} to "
                f"{dates[-1]}, with its interval; the dashed line is the target "
                f"{result.target:g}.",
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
    if not figures:
        parts.append("<p>No objective is scoped to single services.</p>")
    parts.append(f'<div class="grid-of">{"".join(figures)}</div>')
    return "".join(parts)


def _legend(series: Sequence[Series]) -> str:
    items = "".join(
        f'<span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
        f"{escape(s.name)}"
        for i, s in enumerate(series)
    )
    return f"<figcaption>{items}</figcaption>"


def _channels(context: RenderContext, ids: Iterator[str]) -> str:
    head = "<h2>Happiness by channel</h2>"
    if not context.channels:
        return head + "<p>No channel figures were given.</p>"
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
    return head + _block(chart, table, legend=_legend(context.channels))


def _lifecycle(context: RenderContext, ids: Iterator[str]) -> str:
    head = "<h2>Happiness by reassignments</h2>"
    if all(e.value is None for e in context.lifecycle):
        return (
            head + "<p>No lifecycle figures: too few answers about calls, or none were given.</p>"
        )
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
    return head + _block(chart, table)


def _results(report: Report) -> str:
    rows = [
        [
            escape(r.agreement),
            escape(r.objective),
            escape(scope_label(r.scope)),
            _cell(r.value),
            f"{r.comparison.value} {r.target:g}",
            r.n,
            _status(r.status),
            escape("" if r.trend is None else r.trend.value),
        ]
        for a in report.agreements
        for r in a.objectives
    ]
    headers = ["agreement", "objective", "scope", "value", "target", "n", "status", "trend"]
    return "<h2>Every result</h2>" + _table("Objective results", headers, rows)


def _findings(report: Report) -> str:
    items = "".join(
        f"<li><strong>{escape(f.kind)}</strong> at {escape(scope_label(f.scope))}: "
        f"{escape(f.message)}</li>"
        for f in report.findings
    )
    return "<h2>Findings</h2>" + (f"<ul>{items}</ul>" if items else "<p>None.</p>")


def _summary(report: Report) -> str:
    statuses = [r.status for a in report.agreements for r in a.objectives]
    counts = ", ".join(f"{statuses.count(s)} {_status(s)}" for s in Status)
    return (
        f"<p>Evaluated at {escape(report.evaluated_at.isoformat())}: {len(statuses)} "
        f"objective results ({counts}); {len(report.findings)} findings.</p>"
    )


def render_html(report: Report, options: Any = None) -> str:
    """The report as one HTML page; ``options`` may be a :class:`RenderContext`."""
    context = options if isinstance(options, RenderContext) else RenderContext()
    ids = (f"chart-{n}" for n in itertools.count(1))
    sections = [
        _summary(report),
        _findings(report),
        _quadrant(report, context, ids),
        _trends(report, context, ids),
        _channels(context, ids),
        _lifecycle(context, ids),
        _results(report),
    ]
    title = escape(context.title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{title}</h1>{''.join(sections)}</main></body></html>\n"
    )
