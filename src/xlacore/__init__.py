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


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata when first asked for.

    ``importlib.metadata`` costs about 25 ms to import, more than the rest of
    ``import xlacore``; a command or a program that never asks for the version never pays it.
    """
    if name != "__version__":
        raise AttributeError(f"module 'xlacore' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("xlacore")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found


def evaluate(
    agreements: AgreementSet | str | Path,
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    at: datetime | None = None,
) -> Report:
    """Evaluate agreements over calls and answers: data frames or model objects.

    See :func:`xlacore.frames.evaluate.evaluate`; frames need ``xlacore[frames]``.
    """
    from xlacore.frames.evaluate import evaluate as run

    return run(agreements, calls, feedback, mapping=mapping, at=at)


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
