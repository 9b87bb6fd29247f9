"""Agreements as the CLI reads and evaluates them: strategies resolved in the plugin registry.

The library below the plugins resolves strategy names through the resolver it is given (the
built-ins by default); the CLI is the face that hands it the registry's, so an agreement
naming a third-party strategy validates and evaluates from the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.plugins import default_registry

__all__ = ["evaluate_agreements", "load_agreements"]


def load_agreements(*paths: str | Path) -> AgreementSet:
    """The checked agreement files, strategies checked against the registry's."""
    return load_documents(*paths, strategies=default_registry().strategy)


def evaluate_agreements(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback],
    *,
    at: datetime | None,
) -> Report:
    """:func:`~xlacore.evaluation.evaluate.evaluate` with the registry's strategies."""
    return evaluate(agreements, calls, feedback, at=at, strategies=default_registry().strategy)
