"""HTML for notebooks: the ``_repr_html_`` of reports, scores and insight results.

Jupyter (and VS Code, Colab, marimo) show an object's ``_repr_html_()`` instead of its
``repr``. These helpers make a small, escaped HTML table from plain values, so a result
reads like a data frame: numbers to four significant digits, no value as an em dash (never
0), enums by their value. :func:`attrs_html` shows any frozen result: its plain fields as a
two-column table, each tuple of rows as a table with one column per field, nested results
as sections. Nothing here imports the rest of xlacore.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs

__all__ = ["NO_VALUE", "HtmlResult", "attrs_html", "cell", "html_table"]

NO_VALUE = "—"
"""What a cell without a value shows."""

_MAX_ROWS = 200


_SCORE_FIELDS = frozenset({"value", "ci_low", "ci_high", "n"})


def _is_score(value: object) -> bool:
    """A score-like result (value, interval, n): shown in one cell."""
    kind = type(value)
    return attrs.has(kind) and {f.name for f in attrs.fields(kind)} >= _SCORE_FIELDS


def cell(value: object) -> str:
    """One value as escaped cell text (a score as ``value [low, high] n=N``)."""
    if value is None:
        return NO_VALUE
    if _is_score(value):
        shown, low, high, n = (getattr(value, k) for k in ("value", "ci_low", "ci_high", "n"))
        if shown is None:
            return f"{NO_VALUE} (n={n})"
        interval = "" if low is None else f" [{cell(low)}, {cell(high)}]"
        return f"{cell(shown)}{interval} n={n}"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, datetime):
        return html.escape(value.isoformat())
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return html.escape(", ".join(f"{k}={v}" for k, v in value) or "all")
    return html.escape(str(value))


def html_table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], caption: str | None = None
) -> str:
    """An HTML table; rows past the 200th are counted, not shown."""
    shown: list[str] = []
    hidden = 0
    for row in rows:
        if len(shown) >= _MAX_ROWS:
            hidden += 1
            continue
        shown.append("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>")
    head = "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>"
    title = "" if caption is None else f"<caption>{html.escape(caption)}</caption>"
    more = "" if not hidden else f"<p>… and {hidden} more rows</p>"
    return f"<table>{title}<thead>{head}</thead><tbody>{''.join(shown)}</tbody></table>{more}"


def _plain(value: object) -> bool:
    if _is_score(value):
        return True
    return not attrs.has(type(value)) and not (
        isinstance(value, tuple) and value and attrs.has(type(value[0]))
    )


def attrs_html(result: Any, title: str | None = None) -> str:
    """A frozen result as HTML: plain fields, then a table per tuple of rows, then parts.

    Rows that hold parts of their own (a tuple of rows, a nested result) get a section each.
    """
    name = title or type(result).__name__
    fields = attrs.fields(type(result))
    plain = [(f.name, getattr(result, f.name)) for f in fields]
    scalars = [(k, v) for k, v in plain if _plain(v) and not isinstance(v, (dict, list))]
    parts = [f"<div><strong>{html.escape(name)}</strong>"]
    if scalars:
        parts.append(html_table(("field", "value"), scalars))
    for key, value in plain:
        if isinstance(value, tuple) and value and attrs.has(type(value[0])):
            row_fields = [f.name for f in attrs.fields(type(value[0]))]
            simple = [n for n in row_fields if _plain(getattr(value[0], n))]
            if len(simple) < len(row_fields):  # rows with parts of their own: one section each
                first = simple[0] if simple else None
                parts.extend(
                    attrs_html(r, f"{key}: {getattr(r, first)}" if first else key) for r in value
                )
                continue
            rows = ([getattr(r, n) for n in simple] for r in value)
            parts.append(html_table(simple, rows, caption=key))
        elif attrs.has(type(value)):
            parts.append(attrs_html(value, key))
    parts.append("</div>")
    return "".join(parts)


class HtmlResult:
    """Mixin of frozen results: ``_repr_html_`` is :func:`attrs_html` of the result."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The result as HTML tables (what a notebook shows)."""
        return attrs_html(self)
