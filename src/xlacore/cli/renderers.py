"""How commands put out a report: ``--format``, ``--output`` and ``--fail-on``.

The report goes to standard output (or ``--output FILE``); messages go to standard error.
Every renderer receives a :class:`~xlacore.evaluation.render_context.RenderContext` as its
options (the catalogue's service names at least); it is built for the renderer's media type,
since its parts cost: the history (trends, the agreements evaluated again at earlier times)
only for ``text/html``, the insight analyses for ``text/html`` and ``application/json``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from xlacore.cli import EXIT_BREACHED, EXIT_NO_DATA, EXIT_OK
from xlacore.evaluation.render_context import RenderContext
from xlacore.evaluation.report import Report, Status
from xlacore.plugins import default_registry

__all__ = ["FAIL_ON", "UNJUDGED", "ContextFactory", "add_report_options", "render", "failing"]

ContextFactory = Callable[[bool, bool], RenderContext]
"""Builds the render context: ``(history, insights)`` say which costly parts to include."""
_INSIGHT_MEDIA = frozenset({"text/html", "application/json"})

UNJUDGED = frozenset({Status.NO_DATA, Status.INSUFFICIENT_DATA})
"""The statuses of objectives the data could not judge."""

FAIL_ON: dict[str, frozenset[Status]] = {
    "breach": frozenset({Status.BREACHED}),
    "at_risk": frozenset({Status.BREACHED, Status.AT_RISK}),
    "no_data": UNJUDGED,
}
"""``--fail-on`` choices and the statuses that make the command fail (exit 1; no_data: 4)."""


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--format``, ``--output`` and ``--fail-on`` to a command that reports."""
    parser.add_argument(
        "--format",
        default="table",
        metavar="NAME",
        help="report renderer: table (default), json, csv, html or a plugin's (xlacore plugins);"
        " on evaluate also parquet or arrow (a table file, needs xlacore[arrow])",
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write the report to FILE, not stdout (-: stdout)"
    )
    parser.add_argument(
        "--fail-on",
        choices=sorted(FAIL_ON),
        help="exit 1 when an objective is breached (breach) or breached or at risk (at_risk); "
        "exit 4 when an objective has no or too little data (no_data), or with any choice "
        "when no objective could be judged",
    )


def render(report: Report, name: str, context: ContextFactory | None = None) -> str:
    """The report rendered by the renderer called ``name``, as text.

    ``context`` builds the render context with the parts the renderer's media type shows.
    Binary output (a renderer may return bytes) is decoded as UTF-8.
    """
    descriptor = default_registry().renderer(name)
    media = descriptor.media_type
    options = None if context is None else context(media == "text/html", media in _INSIGHT_MEDIA)
    output = descriptor.render(report, options)
    return output.decode() if isinstance(output, bytes) else output


def needs_records(name: str) -> bool:
    """Whether the renderer called ``name`` shows more than the report (history, insights).

    Those parts are computed from the calls and answers themselves, not from the report.
    """
    return default_registry().renderer(name).media_type in _INSIGHT_MEDIA


def failing(report: Report, fail_on: str | None, command: str) -> int:
    """The exit code ``--fail-on`` asks for, with the objectives that caused it on stderr.

    0 without ``--fail-on``. With it: 1 when some objective has a failing status (breach,
    at_risk), 4 when some has no or too little data (no_data) or when no objective at all
    could be judged, since a gate that judged nothing has not passed.
    """
    if fail_on is None:
        return EXIT_OK
    results = [r for a in report.agreements for r in a.objectives]
    if not results:
        print(f"xlacore {command}: no objective to judge (--fail-on {fail_on})", file=sys.stderr)
        return EXIT_NO_DATA
    statuses = FAIL_ON[fail_on]
    code = EXIT_NO_DATA if statuses == UNJUDGED else EXIT_BREACHED
    hit = [r for r in results if r.status in statuses]
    if not hit and all(r.status in UNJUDGED for r in results):  # judged nothing: no pass
        hit, statuses, code = results, UNJUDGED, EXIT_NO_DATA
    if not hit:
        return EXIT_OK
    shown = ", ".join(sorted({f"{r.agreement}/{r.objective}" for r in hit}))
    print(
        f"xlacore {command}: {len(hit)} objective results {' or '.join(sorted(statuses))} "
        f"(--fail-on {fail_on}): {shown}",
        file=sys.stderr,
    )
    return code
