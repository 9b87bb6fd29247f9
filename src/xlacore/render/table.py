"""The ``table`` renderer: the report as plain text that reads well at 80 columns.

First the executive summary (:mod:`xlacore.evaluation.summary`), each sentence with the
first three results of its evidence. Then per agreement one row per objective and scope:
scope, objective, value with its interval, n, target, status and trend. Cells wrap inside
their column instead of being cut (a word too long for it after a hyphen or slash), so a
long scope or figure takes more lines, never loses characters. Then each bundle with every
component's status beside the combined figure, then the findings. Figures are written by
:mod:`xlacore.evaluation.figures` (durations as ``2 h 05 min``); statuses read ``met``,
``AT RISK``, ``BREACHED``, ``too few`` (insufficient data) and ``no data``.
Options may be a :class:`~xlacore.evaluation.render_context.RenderContext`, whose catalogue
``names`` replace service ids.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from xlacore.evaluation.figures import evidence_text, figure_text, scope_label, target_text
from xlacore.evaluation.render_context import RenderContext
from xlacore.evaluation.report import AgreementResult, ObjectiveResult, Report, Status
from xlacore.evaluation.summary import SHOWN, evidence_line, executive_summary

__all__ = ["MEDIA_TYPE", "STATUS_LABELS", "WIDTH", "render_table", "scope_label"]

MEDIA_TYPE = "text/plain"
WIDTH = 80

STATUS_LABELS = {
    Status.MET: "met",
    Status.AT_RISK: "AT RISK",
    Status.BREACHED: "BREACHED",
    Status.INSUFFICIENT_DATA: "too few",
    Status.NO_DATA: "no data",
}
"""Status labels: "too few" observations for a figure, or "no data" at all."""
_COLUMNS = (("scope", 16), ("objective", 12), ("value [interval] n", 24), ("target", 13))
_STATUS = ("status", 9)
"""Column widths; with the two-space indent and separating spaces the rows fill 80. The
target column holds the longest duration target whole (``≤ 99 h 59 min``)."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters a terminal would act on (a newline, a carriage return) rather than show."""


def _visible(text: str) -> str:
    """``text`` with each control character shown as U+FFFD, so no name breaks a row.

    A newline in a service name from an export would end the row early; the JSON keeps it.
    """
    return _CONTROL.sub("\ufffd", text)


_JOINTS = re.compile(r"(?<=[^\s/-][-/])(?=[^\s/-])")
"""Where a word too long for its column breaks first: after a hyphen or a slash inside it."""


def _broken(token: str, width: int) -> list[str]:
    """A token wider than ``width`` as lines, no character lost.

    It breaks after its hyphens and slashes (as many parts per line as fit); a part still too
    wide breaks anywhere.
    """
    parts = [
        c for p in _JOINTS.split(token) for c in textwrap.wrap(p, width, break_on_hyphens=False)
    ]
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(part) <= width and lines[-1].endswith(("-", "/")):
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def _cell(tokens: Sequence[str], width: int) -> list[str]:
    """``tokens`` filled into lines of ``width``.

    A token is never split unless it alone is wider than the column (then it is broken
    after a hyphen or slash where it has one, else anywhere; never cut).
    """
    lines: list[str] = []
    for token in map(_visible, tokens):
        if lines and len(lines[-1]) + 1 + len(token) <= width:
            lines[-1] += " " + token
        elif len(token) <= width:
            lines.append(token)
        else:
            lines += _broken(token, width)
    return lines or [""]


def _row(cells: Sequence[Sequence[str]]) -> list[str]:
    widths = [w for _, w in (*_COLUMNS, _STATUS)]
    wrapped = [_cell(tokens, w) for tokens, w in zip(cells, widths, strict=True)]
    return [
        ("  " + " ".join(f"{part:<{w}}" for part, w in zip(line, widths, strict=True))).rstrip()
        for line in itertools.zip_longest(*wrapped, fillvalue="")
    ]


def _figure_tokens(result: ObjectiveResult) -> list[str]:
    """The value, each end of the interval, then n: the places a figure may wrap."""
    if result.value is None:
        return [evidence_text(None, None, None, result.n)]
    tokens = [figure_text(result.value, result.unit)]
    if result.ci_low is not None and result.ci_high is not None:
        low, high = (figure_text(end, result.unit) for end in (result.ci_low, result.ci_high))
        tokens += [f"[{low},", f"{high}]"]
    return [*tokens, f"n={result.n}"]


def _result(result: ObjectiveResult, names: Mapping[str, str]) -> list[str]:
    status = [STATUS_LABELS[result.status]]
    if result.trend is not None:
        status.append(result.trend.value)
    return _row(
        [
            scope_label(result.scope, names).split(" "),
            [result.objective],
            _figure_tokens(result),
            target_text(result.comparison, result.target, result.unit).split(" ", 1),
            status,
        ]
    )


_UNBROKEN = re.compile(r"(?<=\d) (?=%|(?:h|min|s|d|pp)\b)|(?<=[≥≤<>]) (?=-?\d)|(?<=\bh) (?=\d)")
"""The spaces inside a figure (``70.0 %``, ``≥ 2 h 05 min``): never a line break."""


def _wrap(text: str, indent: str, first: str = "  ") -> list[str]:
    """``text`` wrapped at ``WIDTH``, never inside a figure."""
    lines = textwrap.wrap(
        _UNBROKEN.sub("\xa0", _visible(text)),
        WIDTH,
        initial_indent=first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )
    return [line.replace("\xa0", " ") for line in lines]


def _agreement(result: AgreementResult, names: Mapping[str, str]) -> list[str]:
    head = _visible(f"{result.name} ({result.kind.value})")
    if not result.effective:
        return [head, "  not in force at this time", ""]
    lines = [head, *_row([[name] for name, _ in (*_COLUMNS, _STATUS)])]
    for r in result.objectives:
        lines += _result(r, names)
    if result.bundles:
        lines += ["", f"  bundle ({result.bundles[0].rule.value}; status is the worst part)"]
    for bundle in result.bundles:
        figure = "-" if bundle.value is None else f"{bundle.value:.2f}"
        parts = ", ".join(
            f"{c.objective if c.agreement == result.name else c.agreement + '.' + c.objective}"
            f" {STATUS_LABELS[c.status]}"
            for c in bundle.components
        )
        label = scope_label(bundle.scope, names)
        text = f"{label}: {STATUS_LABELS[bundle.status]} {figure} [{parts}]"
        lines += _wrap(text, "      ")
    return [*lines, ""]


def _summary(report: Report, names: Mapping[str, str]) -> list[str]:
    lines = ["Summary"]
    for sentence in executive_summary(report, names).sentences:
        lines += _wrap(sentence.text, "    ", "  - ")
        for result in sentence.evidence[:SHOWN]:
            lines += _wrap(evidence_line(result, names), "        ", "      ")
        if len(sentence.evidence) > SHOWN:
            lines.append(f"      and {len(sentence.evidence) - SHOWN} more (see the results)")
    return [*lines, ""]


def render_table(report: Report, options: Any = None) -> str:
    """The report as text; ``options`` may be a :class:`RenderContext` (for ``names``)."""
    names = options.names if isinstance(options, RenderContext) else {}
    lines = [f"xlacore report, evaluated at {report.evaluated_at.isoformat()}", ""]
    lines += _summary(report, names)
    if report.answers is not None:
        lines += [*_wrap(f"Answers: {report.answers}", "    "), ""]
    for agreement in report.agreements:
        lines += _agreement(agreement, names)
    lines.append("Findings" if report.findings else "Findings: none")
    for finding in report.findings:
        text = f"{finding.kind} at {scope_label(finding.scope, names)}: {finding.message}"
        lines += _wrap(text, "    ")
    return "\n".join(lines) + "\n"
