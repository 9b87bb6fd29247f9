"""The ``csv`` renderer: one row per objective result, safe to open in a spreadsheet.

Columns are the fields of an objective result in the JSON contract, with ``evaluated_at``
first and the scope spread over one ``scope.KEY`` column per scope key in the report (sorted),
so every row stands alone and filters well. Numbers are written as numbers (rounded like
the JSON), missing values as empty cells, lines end in CRLF (RFC 4180). Three last columns
write the figure, its interval and the target as people read them, the way the table and
the HTML do (``1 h 45 min``, ``[1 h 27 min, 2 h 04 min]``, ``≤ 2 h 00 min``): a duration
in a spreadsheet is then never raw seconds only.

Spreadsheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and some also after a
leading tab or carriage return) as a formula, so a service or agreement name taken from an
ITSM export could run code on the reader's machine ("CSV injection"). Every *text* cell that
begins with one of those characters is written with a leading apostrophe (``'=cmd``), which
spreadsheets show as text; numbers are never altered, so ``-64.5`` stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from xlacore.evaluation.figures import figure_text, interval_text, result_text, target_text
from xlacore.evaluation.report import ObjectiveResult, Report
from xlacore.render.json import objective_to_dict
from xlacore.render.report_schema import report_schema

__all__ = ["MEDIA_TYPE", "FORMULA_STARTS", "SHOWN", "neutralise", "render_csv"]

MEDIA_TYPE = "text/csv"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula."""

_FIELDS = tuple(
    key for key in report_schema()["$defs"]["objective"]["properties"] if key != "scope"
)
_LEADING = 4
"""Fields before the scope columns: agreement, kind, objective, indicator."""
SHOWN = ("value_text", "interval_text", "target_text")
"""The columns after the contract's fields: figures as people read them."""


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a leading apostrophe before a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value


def _shown(result: ObjectiveResult) -> list[str]:
    """The figure (or why there is none), its interval and the target, in their unit."""
    value = result_text(result) if result.value is None else figure_text(result.value, result.unit)
    interval = interval_text(result.ci_low, result.ci_high, result.unit)
    return [value, interval, target_text(result.comparison, result.target, result.unit)]


def render_csv(report: Report, options: Mapping[str, Any] | None = None) -> str:
    """The report's objective results as CSV text; ``options`` are accepted and unused."""
    results = [r for agreement in report.agreements for r in agreement.objectives]
    rows = [objective_to_dict(r) for r in results]
    scope_keys = sorted({key for row in rows for key in row["scope"]})
    head, tail = _FIELDS[:_LEADING], _FIELDS[_LEADING:]
    header = ["evaluated_at", *head, *(f"scope.{k}" for k in scope_keys), *tail, *SHOWN]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    when = report.evaluated_at.isoformat()
    for result, row in zip(results, rows, strict=True):
        scope = row["scope"]
        cells = [when, *(row[k] for k in head), *(scope.get(k) for k in scope_keys)]
        cells += [*(row[k] for k in tail), *_shown(result)]
        writer.writerow([_cell(c) for c in cells])
    return out.getvalue()
