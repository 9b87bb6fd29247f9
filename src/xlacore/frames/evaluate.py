"""One entry point for frames and model objects: ``xlacore.evaluate`` and the insights.

Calls and answers may be data frames of any engine narwhals knows (pandas, polars, pyarrow,
DuckDB, Dask), read through an optional column mapping, or sequences of
:class:`~xlacore.model.Call` and :class:`~xlacore.model.Feedback`. Frames become observation
columns (:mod:`xlacore.frames.observations`) and run the same
:class:`~xlacore.evaluation.plan.EvaluationPlan` as objects do; no object is built per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from xlacore.evaluation.answers import latest_versions
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate as evaluate_objects
from xlacore.evaluation.evaluate import evaluate_observations
from xlacore.evaluation.report import Report
from xlacore.evaluation.strategies import columns_read
from xlacore.frames.mapping import MappingLike, frame_mapping
from xlacore.frames.observations import frame_observations, is_objects
from xlacore.insights.data import InsightData
from xlacore.insights.experience.self_service import SelfServiceEvent
from xlacore.insights.report import InsightsReport, insights_report
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.protocol import StrategyResolver

__all__ = ["evaluate", "insight_data", "insights", "columns_read"]


def _agreements(
    agreements: AgreementSet | str | Path, strategies: StrategyResolver
) -> AgreementSet:
    if isinstance(agreements, AgreementSet):
        return agreements
    return load_documents(agreements, strategies=strategies)


def evaluate(
    agreements: AgreementSet | str | Path,
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    at: datetime | None = None,
    strategies: StrategyResolver = builtin_strategy,
) -> Report:
    """Evaluate ``agreements`` (a set or an agreement file) over calls and answers at ``at``.

    ``calls`` and ``feedback``: data frames (pandas, polars, pyarrow, DuckDB, Dask; see
    :mod:`xlacore.frames.observations` for the columns), sequences of model objects, or
    None. ``mapping``: which frame column is which (:mod:`xlacore.frames.mapping`). ``at``
    defaults to the latest event or answer in the data. Over model objects alone this is
    :func:`xlacore.evaluation.evaluate.evaluate`; frames give the same report for the same
    data. SLA objectives over frames read ``sla.<name>.*`` columns of the calls frame.
    ``strategies`` resolves strategy names (the built-ins by default; :func:`xlacore.evaluate`
    passes the plugin registry's).
    """
    chosen = _agreements(agreements, strategies)
    if is_objects(calls, Call) and (feedback is None or is_objects(feedback, Feedback)):
        objects = feedback or ()
        return evaluate_objects(chosen, calls, objects, at=at, strategies=strategies)  # type: ignore[arg-type]
    needed = columns_read(chosen, strategies)
    observations = frame_observations(calls, feedback, frame_mapping(mapping), needed)
    return evaluate_observations(chosen, observations, at, strategies=strategies)


def insight_data(
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
) -> InsightData:
    """The analyses' input columns from frames or model objects.

    Frames carry no reason factors nor actors (those tables are empty); model objects give
    :meth:`~xlacore.insights.data.InsightData.from_objects`.
    """
    if is_objects(calls, Call) and (feedback is None or is_objects(feedback, Feedback)):
        return InsightData.from_objects(calls, feedback or ())  # type: ignore[arg-type]
    observations = frame_observations(calls, feedback, frame_mapping(mapping), every_version=True)
    empty: list[str] = []
    return InsightData(
        calls=observations.calls,
        answers=latest_versions(observations.feedback),
        versions=observations.feedback,
        factors=ObservationColumns.from_arrays(feedback=empty, factor=empty),
        actors=ObservationColumns.from_arrays(call=empty, actor=empty),
    )


def insights(
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    events: Iterable[SelfServiceEvent] = (),
) -> InsightsReport:
    """Every analysis (:func:`xlacore.insights.insights_report`) over frames or objects."""
    return insights_report(insight_data(calls, feedback, mapping=mapping), events)
