"""The columns the analyses read, built once from model objects.

Call and answer observations come from :mod:`xlacore.scoring.observations`; this adds what
only some analyses need: each call's journey link, the reason factors of each answer (one
row per answer and factor) and the people who acted on each call (one row per call and
actor). Callers with columns from elsewhere build :class:`InsightData` directly.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import call_observations, feedback_observations

__all__ = ["InsightData"]


@frozen
class InsightData:
    """Observation columns for the analyses.

    ``calls``: call observations (with ``journey``); ``answers``: feedback observations;
    ``factors``: columns ``feedback`` and ``factor``; ``actors``: columns ``call`` and
    ``actor``.
    """

    calls: ObservationColumns
    answers: ObservationColumns
    factors: ObservationColumns
    actors: ObservationColumns

    @classmethod
    def from_objects(cls, calls: Iterable[Call], feedback: Iterable[Feedback] = ()) -> InsightData:
        """Columns from calls and feedback (each object visited once)."""
        calls = tuple(calls)
        feedback = tuple(feedback)
        picked = [(f.id, factor) for f in feedback for factor in f.factors]
        acted = sorted({(c.id, e.actor) for c in calls for e in c.events if e.actor is not None})
        return cls(
            calls=call_observations(calls),
            answers=feedback_observations(feedback, calls=calls),
            factors=ObservationColumns.from_arrays(
                feedback=[f for f, _ in picked], factor=[x for _, x in picked]
            ),
            actors=ObservationColumns.from_arrays(
                call=[c for c, _ in acted], actor=[a for _, a in acted]
            ),
        )
