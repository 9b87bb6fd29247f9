"""The columns the analyses read, built once from model objects.

Call and answer observations come from :mod:`xlacore.scoring.observations`; this adds what
only some analyses need: each call's journey link, the reason factors of each answer (one
row per answer and factor) and the people who acted on each call (one row per call and
actor). Callers with columns from elsewhere build :class:`InsightData` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import attrs
from attrs import frozen

from xlacore.evaluation.answers import latest_versions
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.model.validators import instant
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import observation_tables

__all__ = ["InsightData", "Period", "latest_moment"]


def latest_moment(calls: Iterable[Call], feedback: Iterable[Feedback] = ()) -> datetime | None:
    """The latest event or answer (in UTC): the default time of an analysis, as of evaluation."""
    moments = [instant(c.events[-1].at) for c in calls]
    moments += [instant(f.answered_at) for f in feedback]
    return max(moments, default=None)


@frozen
class Period:
    """The time an analysis reads: after ``start`` (``None``: from the beginning) up to ``end``.

    Calls belong to it by their opening, answers by when they were given; ``end`` is
    included, as an evaluation's windows end at the evaluation time. A call is read as it
    stood at ``end``: events after it (a later resolution or reopening) have not happened yet.
    """

    end: datetime
    start: datetime | None = None

    @classmethod
    def of(
        cls,
        calls: Sequence[Call],
        feedback: Sequence[Feedback] = (),
        *,
        at: datetime | None = None,
        days: float | None = None,
    ) -> Period:
        """The ``days`` up to ``at`` (default: the latest event or answer; all days: None)."""
        end = instant(at) if at is not None else latest_moment(calls, feedback)
        end = end or datetime.fromtimestamp(0, UTC)
        return cls(end, None if days is None else end - timedelta(days=days))

    def holds(self, moment: datetime) -> bool:
        """Whether ``moment`` lies in the period."""
        moment = instant(moment)
        return moment <= self.end and (self.start is None or moment > self.start)

    def as_of_end(self, call: Call) -> Call:
        """The call as it stood at ``end``: its later events left out."""
        if instant(call.events[-1].at) <= self.end:
            return call
        return attrs.evolve(call, events=[e for e in call.events if instant(e.at) <= self.end])

    def select(
        self, calls: Iterable[Call], feedback: Iterable[Feedback] = ()
    ) -> tuple[list[Call], list[Feedback]]:
        """The calls opened (as they stood at ``end``) and the answers given in the period."""
        return (
            [self.as_of_end(c) for c in calls if self.holds(c.opened_at)],
            [f for f in feedback if self.holds(f.answered_at)],
        )


@frozen
class InsightData:
    """Observation columns for the analyses.

    ``calls``: call observations (with ``journey``); ``answers``: the feedback observations
    that count, the latest version of each edited answer only
    (:func:`~xlacore.evaluation.answers.latest_versions`, the rule evaluations follow);
    ``factors``: columns ``feedback`` and ``factor``; ``actors``: columns ``call`` and
    ``actor``; ``versions``: every answer read, older versions included, which only survey
    health examines (default: ``answers``).
    """

    calls: ObservationColumns
    answers: ObservationColumns
    factors: ObservationColumns
    actors: ObservationColumns
    versions: ObservationColumns = attrs.field(
        default=attrs.Factory(lambda self: self.answers, takes_self=True)
    )

    @classmethod
    def from_objects(cls, calls: Iterable[Call], feedback: Iterable[Feedback] = ()) -> InsightData:
        """Columns from calls and answers (each edited answer once; ``versions``: all read)."""
        calls = tuple(calls)
        feedback = tuple(feedback)
        picked = [(f.id, factor) for f in feedback for factor in f.factors]
        acted = sorted({(c.id, e.actor) for c in calls for e in c.events if e.actor is not None})
        call_table, every = observation_tables(calls, feedback)
        return cls(
            calls=call_table,
            answers=latest_versions(every),
            versions=every,
            factors=ObservationColumns.from_arrays(
                feedback=[f for f, _ in picked], factor=[x for _, x in picked]
            ),
            actors=ObservationColumns.from_arrays(
                call=[c for c, _ in acted], actor=[a for _, a in acted]
            ),
        )
