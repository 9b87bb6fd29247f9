"""A report as a data frame: one row per objective result, in any backend narwhals builds.

Columns (:data:`REPORT_COLUMNS`): what the row is about (agreement, kind, objective,
indicator, ``scope`` as text plus its ``service`` and ``segment``), the judgement (status,
comparison, target) and the figures (value, low, high, n, method, previous, trend,
baseline, impact, error budget and burn rates). A figure without a value is null (NaN in
pandas), never 0. Rows are in report order, so a frame round-trips the report's numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from xlacore.errors import InvalidInputError
from xlacore.frames.columns import narwhals

if TYPE_CHECKING:
    from xlacore.evaluation.report import ObjectiveResult, Report

__all__ = ["BACKENDS", "REPORT_COLUMNS", "report_frame", "report_rows", "scope_text"]

#: The backends :func:`report_frame` builds.
BACKENDS = ("pandas", "polars", "pyarrow")

#: The report frame's columns and their kinds (``str``, ``float``, ``int``).
REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("agreement", "str"),
    ("kind", "str"),
    ("objective", "str"),
    ("indicator", "str"),
    ("scope", "str"),
    ("service", "str"),
    ("segment", "str"),
    ("status", "str"),
    ("value", "float"),
    ("low", "float"),
    ("high", "float"),
    ("n", "int"),
    ("method", "str"),
    ("comparison", "str"),
    ("target", "float"),
    ("previous", "float"),
    ("trend", "str"),
    ("baseline", "float"),
    ("impact", "float"),
    ("budget_remaining", "float"),
    ("burn_rate_short", "float"),
    ("burn_rate_long", "float"),
)


def scope_text(scope: tuple[tuple[str, str], ...]) -> str:
    """A scope as ``service=laptop, segment=vip`` (``all`` for the whole data)."""
    return ", ".join(f"{k}={v}" for k, v in scope) or "all"


def _row(r: ObjectiveResult) -> dict[str, Any]:
    keys = dict(r.scope)
    return {
        "agreement": r.agreement,
        "kind": r.kind.value,
        "objective": r.objective,
        "indicator": r.indicator,
        "scope": scope_text(r.scope),
        "service": keys.get("service"),
        "segment": keys.get("segment"),
        "status": r.status.value,
        "value": r.value,
        "low": r.ci_low,
        "high": r.ci_high,
        "n": r.n,
        "method": r.method,
        "comparison": r.comparison.value,
        "target": r.target,
        "previous": r.previous,
        "trend": None if r.trend is None else r.trend.value,
        "baseline": r.baseline,
        "impact": r.impact,
        "budget_remaining": r.budget_remaining,
        "burn_rate_short": r.burn_rate_short,
        "burn_rate_long": r.burn_rate_long,
    }


def report_rows(report: Report) -> Iterator[dict[str, Any]]:
    """One plain row per objective result (agreements in order, then their objectives)."""
    for agreement in report.agreements:
        for result in agreement.objectives:
            yield _row(result)


def report_frame(report: Report, backend: str = "pandas") -> Any:
    """The report as a ``pandas``, ``polars`` or ``pyarrow`` table (see the module)."""
    if backend not in BACKENDS:
        raise InvalidInputError(
            [f"backend {backend!r}: choose one of {', '.join(BACKENDS)}"], what="to_frame"
        )
    nw = narwhals()
    kinds = {"str": nw.String(), "float": nw.Float64(), "int": nw.Int64()}
    schema = {name: kinds[kind] for name, kind in REPORT_COLUMNS}
    rows = list(report_rows(report))
    data = {name: [row[name] for row in rows] for name in schema}
    try:
        frame = nw.from_dict(data, schema=schema, backend=backend)
    except ModuleNotFoundError as exc:
        raise InvalidInputError(
            [f"backend {backend!r} is not installed ({exc}); pip install {backend}"],
            what="to_frame",
        ) from None
    return frame.to_native()
