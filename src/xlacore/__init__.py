"""xlacore: eXperience Level Agreements for IT service management.

The model (:mod:`xlacore.model`), scoring (:mod:`xlacore.scoring`), SLA clocks
(:mod:`xlacore.clock`) and the plugin system (:mod:`xlacore.plugins`) are importable on their
own. This module exposes the version, the error hierarchy and the two entry points a
notebook starts from, :func:`evaluate` and :func:`insights_report`, which take data frames
(pandas, polars, pyarrow, DuckDB, Dask) or model objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from xlacore.errors import XlaCoreError

if TYPE_CHECKING:
    from xlacore.evaluation.report import Report
    from xlacore.frames.mapping import MappingLike
    from xlacore.insights.report import InsightsReport
    from xlacore.insights.self_service import SelfServiceEvent
    from xlacore.model.documents import AgreementSet

__all__ = ["XlaCoreError", "__version__", "evaluate", "insights_report"]

try:
    __version__: str = version("xlacore")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"


def evaluate(
    agreements: AgreementSet | str | Path,
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    at: datetime | None = None,
) -> Report:
    """Evaluate agreements over calls and answers: data frames or model objects.

    Strategy names resolve in the plugin registry (:func:`xlacore.plugins.default_registry`),
    so installed plugins' strategies work. See :func:`xlacore.frames.evaluate.evaluate`;
    frames need ``xlacore[frames]``.
    """
    from xlacore.frames.evaluate import evaluate as run
    from xlacore.plugins import default_registry

    strategies = default_registry().strategy
    return run(agreements, calls, feedback, mapping=mapping, at=at, strategies=strategies)


def insights_report(
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    events: Iterable[SelfServiceEvent] = (),
) -> InsightsReport:
    """Every insight analysis over data frames or model objects.

    See :func:`xlacore.frames.evaluate.insights`; frames need ``xlacore[frames]``.
    """
    from xlacore.frames.evaluate import insights

    return insights(calls, feedback, mapping=mapping, events=events)
