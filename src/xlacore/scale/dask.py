"""Scoring on Dask: accumulate where each partition lives, merge in a tree, finalise once.

Input is a Dask DataFrame of observation columns (one row per call or answer, the columns
:mod:`xlacore.scoring.observations` produces) or a Dask Bag of :class:`~xlacore.model.Call`.
Every partition becomes :class:`~xlacore.scoring.columns.ObservationColumns` on its worker and
is reduced to small statistics; statistics merge in groups of ``split_every`` in partition
order (a fixed tree, so results do not depend on task timing), and only the merged statistics
travel to the client, which finalises them. Computation uses the active Dask scheduler: a
``distributed.Client`` when one is connected.

Needs the optional extra: ``pip install 'xlacore[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial, reduce
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
from attrs import field, frozen

from xlacore.errors import MissingExtraError, ScoringError
from xlacore.evaluation.observations import UNKNOWN
from xlacore.evaluation.plan import EvaluationPlan, needs_extent
from xlacore.evaluation.report import Report
from xlacore.evaluation.sla import sla_column, sla_columns
from xlacore.evaluation.strategies import columns_read
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.model.indicators import Source
from xlacore.model.people import SEGMENT_KEYS, Person
from xlacore.model.sla import SlaDefinition
from xlacore.scale.plan import (
    EvaluationReducer,
    ExtentReducer,
    Measure,
    Reducer,
    merge_in_order,
)
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    BOOLEAN_COLUMNS,
    CALL_COLUMNS,
    GROUP_KEYS,
    INTEGER_COLUMNS,
    call_observations,
    feedback_observations,
)
from xlacore.scoring.protocol import ScoringStrategy, StrategyResolver
from xlacore.scoring.score import Score
from xlacore.serialization import from_json

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from dask.base import compute
    from dask.delayed import Delayed, delayed
except ImportError:
    raise MissingExtraError("xlacore.scale.dask", "dask", "Dask") from None

__all__ = [
    "CALL_SCHEMA",
    "DEFAULT_SPLIT_EVERY",
    "FEEDBACK_SCHEMA",
    "evaluate_dask",
    "feedback_frame",
    "accumulate_dask",
    "ResultT",
    "reduce_dask",
    "score_dask",
    "calls_frame",
    "read_calls",
]

DEFAULT_SPLIT_EVERY = 8
"""Statistics merged per tree node: few levels, and no node waits on many inputs."""

StatsT = TypeVar("StatsT")
#: What the reducer's ``finalize`` makes of the merged statistics.
ResultT = TypeVar("ResultT")


def _accumulate(reducer: Reducer[StatsT, Any], to_columns: Any, partition: Any) -> StatsT:
    return reducer.accumulate(to_columns(partition))


def accumulate_dask(
    reducer: Reducer[Any, Any],
    data: dd.DataFrame | db.Bag,
    *,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
) -> Delayed:
    """The merged statistics of every partition of ``data``, as one lazy Dask object.

    A DataFrame's partitions are read as observation columns; a Bag's partitions are calls,
    turned into call observations (segments from ``people``, sent to every worker).
    """
    if split_every < 2:
        raise ScoringError(f"split_every must be >= 2, got {split_every}")
    to_columns: Any
    if isinstance(data, dd.DataFrame):
        to_columns = ObservationColumns.from_mapping
    elif isinstance(data, db.Bag):
        to_columns = partial(call_observations, people=tuple(people))
    else:
        raise ScoringError(
            f"expected a Dask DataFrame or Bag, got {type(data).__name__}; "
            "in-process data goes to xlacore.scoring.engine"
        )
    level: list[Delayed] = [
        delayed(_accumulate, pure=True)(reducer, to_columns, part) for part in data.to_delayed()
    ]
    if not level:
        raise ScoringError("the Dask collection has no partitions")
    while len(level) > 1:
        level = [
            delayed(merge_in_order, pure=True)(reducer, level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    return level[0]


def reduce_dask(
    reducer: Reducer[Any, ResultT],
    data: dd.DataFrame | db.Bag,
    *,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
) -> ResultT:
    """Compute the merged statistics and finalise them once, on the client."""
    lazy = accumulate_dask(reducer, data, people=people, split_every=split_every)
    (stats,) = compute(lazy)
    return reducer.finalize(stats)


def score_dask(
    strategy: ScoringStrategy[Any, Any],
    data: dd.DataFrame | db.Bag,
    params: Any,
    by: str | Sequence[str] = (),
    *,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
) -> Sequence[Score]:
    """One score per group of ``by``: :func:`xlacore.scoring.engine.score` over a cluster."""
    return reduce_dask(Measure(strategy, params, by), data, people=people, split_every=split_every)


_ANSWER_DTYPES = {
    "feedback": "string",
    "value": "Int64",
    "scale_low": "Int64",
    "scale_high": "Int64",
    "answered_at": "Int64",
    "lost_time_seconds": "Int64",
    "person": "string",
    "about_kind": "string",
    "about": "string",
}
_SLA_DTYPES = {
    "met": "boolean",
    "breached": "boolean",
    "business_elapsed_seconds": "Int64",
    "elapsed_percentage": "Float64",
}

CALL_SCHEMA: Mapping[str, str] = MappingProxyType(
    {
        name: "Int64"
        if name in INTEGER_COLUMNS
        else "boolean"
        if name in BOOLEAN_COLUMNS
        else "string"
        for name in CALL_COLUMNS
    }
)
"""The fixed columns of a call frame and their pandas dtypes (one row per call).

Times are epoch seconds (UTC); ``service``, ``channel`` and ``kind`` are group keys
(missing: ``"unknown"``). A frame may have more columns: segment keys, attributes and
``sla.<definition>.<field>`` results, which conditions and parameters read by name.
"""

FEEDBACK_SCHEMA: Mapping[str, str] = MappingProxyType({**CALL_SCHEMA, **_ANSWER_DTYPES})
"""The columns of a feedback frame: each answer with the columns of the call it is about.

Answers about a service carry it in ``service``; answers whose call is unknown have missing
call columns (as :func:`~xlacore.scoring.observations.feedback_observations` builds them).
"""


def _series(columns: ObservationColumns, name: str, dtype: str) -> Any:
    """One observation column as a pandas array of ``dtype`` (absent: all missing)."""
    if name not in columns:
        return pd.array([pd.NA] * len(columns), dtype=dtype)
    data, present = columns.column(name), columns.mask(name)
    missing = np.zeros(len(data), bool) if present is None else ~present
    if dtype == "Int64":
        return pd.arrays.IntegerArray(data.astype(np.int64), missing)
    if dtype == "boolean":
        return pd.arrays.BooleanArray(data.astype(bool), missing)
    if dtype == "Float64":
        return pd.arrays.FloatingArray(data.astype(np.float64), missing)
    text = pd.array(data.astype(str), dtype="string")
    text[missing] = pd.NA
    return text


@frozen
class _Clocks:
    """The SLA definitions measured on every call, as of one moment."""

    slas: tuple[SlaDefinition, ...]
    calendars: Mapping[str, Calendar] = field(hash=False)
    at: datetime

    def columns(self, calls: Sequence[Call]) -> dict[str, Any]:
        return sla_columns(calls, self.slas, self.calendars, self.at)

    def dtypes(self) -> dict[str, str]:
        return {sla_column(d.name, f): t for d in self.slas for f, t in _SLA_DTYPES.items()}


def _call_frame(
    calls: Sequence[Call],
    people: tuple[Person, ...],
    unknown: str | None,
    dtypes: Mapping[str, str],
    clocks: _Clocks | None,
) -> pd.DataFrame:
    columns = call_observations(calls, people=people, unknown=unknown)
    if clocks is not None:
        columns = columns.with_columns(**clocks.columns(list(calls)))
    return pd.DataFrame({name: _series(columns, name, dtype) for name, dtype in dtypes.items()})


def calls_frame(
    calls: db.Bag,
    *,
    people: Iterable[Person] = (),
    unknown: str | None = None,
    attributes: Sequence[str] = (),
    slas: Sequence[SlaDefinition] = (),
    calendars: Mapping[str, Calendar] | None = None,
    at: datetime | None = None,
) -> dd.DataFrame:
    """A Dask DataFrame of call observations (one row per call) from a Bag of calls.

    Columns: :data:`CALL_SCHEMA`, the segment keys and the named call ``attributes`` (text),
    then for each SLA definition in ``slas`` its ``sla.<name>.*`` results as of ``at`` (see
    :mod:`xlacore.evaluation.sla`). Dtypes are fixed nullable ones (``Int64``, ``boolean``,
    ``Float64``, ``string``), so every partition has the same schema; a missing value is
    ``<NA>``. ``people`` and ``unknown`` are passed to ``call_observations``.
    """
    clocks = None
    if slas:
        if at is None:
            raise ScoringError("SLA columns are measured as of a moment: pass at=")
        clocks = _Clocks(tuple(slas), dict(calendars or {}), at)
    dtypes = {
        **CALL_SCHEMA,
        **dict.fromkeys((*SEGMENT_KEYS, *attributes), "string"),
        **({} if clocks is None else clocks.dtypes()),
    }
    crowd = tuple(people)
    parts = [
        delayed(_call_frame, pure=True)(p, crowd, unknown, dtypes, clocks)
        for p in calls.to_delayed()
    ]
    meta = _call_frame((), (), unknown, dtypes, None)
    frame: dd.DataFrame = dd.from_delayed(parts, meta=meta, verify_meta=False)
    return frame


_CALL_KEY = "_about_call"


def _answer_frame(answers: Sequence[Feedback]) -> pd.DataFrame:
    columns = feedback_observations(answers)
    frame = pd.DataFrame({n: _series(columns, n, t) for n, t in _ANSWER_DTYPES.items()})
    frame["service"] = _series(columns, "service", "string")  # answers about a service
    frame[_CALL_KEY] = frame["about"].where(frame["about_kind"] == "call", "")
    return frame


def _answers(feedback: db.Bag) -> dd.DataFrame:
    """The answers' own columns (and the service of answers about one), not yet joined."""
    parts = [delayed(_answer_frame, pure=True)(p) for p in feedback.to_delayed()]
    frame: dd.DataFrame = dd.from_delayed(parts, meta=_answer_frame(()), verify_meta=False)
    return frame


def _joined(frame: pd.DataFrame, names: Sequence[str], unknown: str | None) -> pd.DataFrame:
    """An answer joined to its call: the answer's service when it is about one."""
    about_service = frame["service_x"]
    frame = frame.rename(columns={"service_y": "service"})
    frame["service"] = frame["service"].where(about_service.isna(), about_service)
    if unknown is not None:
        frame = frame.fillna(dict.fromkeys(GROUP_KEYS, unknown))
    return frame[list(names)]


def feedback_frame(
    feedback: db.Bag, calls: dd.DataFrame, *, unknown: str | None = None
) -> dd.DataFrame:
    """A Dask DataFrame of answers (a Bag of feedback) joined to their calls by id.

    ``calls`` is a call frame (e.g. :func:`calls_frame`) whose call ids are unique; its
    columns except ``sla.*`` are added to the answers' (:data:`FEEDBACK_SCHEMA`). The join is
    Dask's: it shuffles both frames by call id. ``unknown`` stands in for a missing service,
    channel or kind.
    """
    answers = _answers(feedback)
    call_columns = [c for c in calls.columns if not str(c).startswith("sla.")]
    merged = answers.merge(calls[call_columns], how="left", left_on=_CALL_KEY, right_on="call")
    names = [*CALL_SCHEMA, *_ANSWER_DTYPES]
    names += [c for c in call_columns if c not in FEEDBACK_SCHEMA]
    out: dd.DataFrame = merged.map_partitions(_joined, names, unknown)
    return out


def _call_of_line(line: str) -> Call:
    return from_json(Call, line)


def read_calls(urlpath: str | Sequence[str], *, blocksize: int | str | None = "64MiB") -> db.Bag:
    """A Bag of calls from JSON Lines files (one call in xlacore's own format per line).

    ``urlpath`` is anything :func:`dask.bag.read_text` reads (globs, ``s3://``, ...); blank
    lines are skipped.
    """
    lines = db.read_text(urlpath, blocksize=blocksize)
    calls: db.Bag = lines.filter(str.strip).map(_call_of_line)
    return calls


def _frame(data: object, role: str) -> dd.DataFrame:
    if isinstance(data, dd.DataFrame):
        return data
    raise ScoringError(f"{role} must be a Dask DataFrame or Bag, got {type(data).__name__}")


def _attributes(agreements: AgreementSet, strategies: StrategyResolver) -> tuple[str, ...]:
    """Call attributes the agreements read: the columns they read beyond the fixed ones."""
    fixed = {*FEEDBACK_SCHEMA, *SEGMENT_KEYS, "segment", "outcome"}
    read = columns_read(agreements, strategies)
    return tuple(sorted(n for n in read if n not in fixed and not n.startswith("sla.")))


def _sources(
    plan: EvaluationPlan | None,
    frames: Sequence[tuple[Source, dd.DataFrame | None]],
    split_every: int,
) -> Any:
    """Every source's statistics (the plan's, or the extent without a plan), computed."""
    lazy = [
        accumulate_dask(
            ExtentReducer(source) if plan is None else EvaluationReducer(plan, source),
            frame,
            split_every=split_every,
        )
        for source, frame in frames
        if frame is not None
    ]
    return reduce(lambda a, b: a.merge(b) if plan is None else plan.merge(a, b), compute(*lazy))


def evaluate_dask(
    agreements: AgreementSet,
    calls: dd.DataFrame | db.Bag,
    feedback: dd.DataFrame | db.Bag | None = None,
    *,
    at: datetime | None = None,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
    strategies: StrategyResolver = builtin_strategy,
) -> Report:
    """:func:`xlacore.evaluation.evaluate.evaluate` over a cluster: the same report.

    ``calls``: a frame of :data:`CALL_SCHEMA` columns (plus the attributes, segment keys and
    ``sla.*`` columns the agreements read), or a Bag of :class:`~xlacore.model.Call` (turned
    into such a frame by :func:`calls_frame`, SLA columns as of the evaluation time, the
    callers' segment keys from ``people``). ``feedback``: a frame of :data:`FEEDBACK_SCHEMA`
    columns, or a Bag of :class:`~xlacore.model.Feedback` joined to the calls by
    :func:`feedback_frame`.

    Without ``at`` (or when an agreement lists no services) a first, cheap pass finds the
    latest ``updated_at`` / ``answered_at`` and the services called; then every partition is
    accumulated by the :class:`~xlacore.evaluation.plan.EvaluationPlan`, statistics merge in
    a fixed tree of ``split_every`` and the client finalises them once.
    """
    crowd, names = tuple(people), _attributes(agreements, strategies)

    def call_frame(moment: datetime | None) -> dd.DataFrame:
        if not isinstance(calls, db.Bag):
            return _frame(calls, "calls")
        return calls_frame(
            calls,
            people=crowd,
            unknown=UNKNOWN,
            attributes=names,
            slas=() if moment is None else agreements.sla_definitions,
            calendars=agreements.calendars,
            at=moment,
        )

    def answer_frame(joined_to: dd.DataFrame | None) -> dd.DataFrame | None:
        if feedback is None:
            return None
        if not isinstance(feedback, db.Bag):
            return _frame(feedback, "feedback")
        if joined_to is None:
            return _answers(feedback)
        return feedback_frame(feedback, joined_to, unknown=UNKNOWN)

    extent = None
    if needs_extent(agreements, at):
        frames = ((Source.CALLS, call_frame(None)), (Source.FEEDBACK, answer_frame(None)))
        extent = _sources(None, frames, split_every)
    plan = EvaluationPlan.of(agreements, at=at, extent=extent, strategies=strategies)
    final = call_frame(plan.at)
    frames = ((Source.CALLS, final), (Source.FEEDBACK, answer_frame(final)))
    return plan.finalize(_sources(plan, frames, split_every))
