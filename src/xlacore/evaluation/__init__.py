"""Evaluation: agreement documents read and checked, and evaluated over calls and feedback.

:func:`load_documents` reads agreement files into a checked
:class:`~xlacore.model.documents.AgreementSet` (every problem located in a
:class:`DocumentError`); :func:`evaluate` judges it over calls and answers into a
:class:`Report`, through an :class:`EvaluationPlan` that also runs part by part (chunks,
clusters). Strategies are resolved by the ``strategies=`` argument (the built-ins by default;
:func:`xlacore.evaluate` passes the plugin registry's).
"""

from xlacore.evaluation.documents import DocumentError, Problem, load_documents, parse_documents
from xlacore.evaluation.evaluate import evaluate, evaluate_observations
from xlacore.evaluation.observations import Observations
from xlacore.evaluation.plan import EvaluationPlan, EvaluationStats, Extent
from xlacore.evaluation.render_context import RenderContext
from xlacore.evaluation.report import (
    AgreementResult,
    BundleResult,
    Finding,
    ObjectiveResult,
    Report,
    Status,
    Trend,
    Unit,
)
from xlacore.evaluation.schema import agreement_schema
from xlacore.evaluation.summary import ExecutiveSummary, executive_summary

__all__ = [
    # reading agreements
    "load_documents",
    "parse_documents",
    "DocumentError",
    "Problem",
    "agreement_schema",
    # evaluating them
    "evaluate",
    "evaluate_observations",
    "Observations",
    "EvaluationPlan",
    "EvaluationStats",
    "Extent",
    # the report
    "Report",
    "AgreementResult",
    "ObjectiveResult",
    "BundleResult",
    "Finding",
    "Status",
    "Trend",
    "Unit",
    "ExecutiveSummary",
    "executive_summary",
    "RenderContext",
]
