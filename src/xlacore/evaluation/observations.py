"""Observation tables: calls and survey answers as columns, built once per evaluation.

One row per call (``calls``) and one per answer (``feedback``); answers carry the columns of
the call they are about, so an indicator on feedback can select by service, channel, caller
attribute or lifecycle fact. Every timestamp is int64 epoch seconds (UTC). Group keys never
miss a value: a call without a service has service ``"unknown"``. The columns are built by
:mod:`xlacore.scoring.observations`; this module only adds what one evaluation needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from xlacore.model._invariants import instant
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.model.indicators import Source
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    CALL_COLUMNS,
    FEEDBACK_COLUMNS,
    call_observations,
    feedback_observations,
)

__all__ = ["CALL_COLUMNS", "FEEDBACK_COLUMNS", "Observations", "UNKNOWN"]

UNKNOWN = "unknown"
"""The group key of a call without a service, channel or kind."""


@frozen
class Observations:
    """The call and feedback tables of one evaluation, and the latest moment in them."""

    calls: ObservationColumns
    feedback: ObservationColumns
    latest: int | None
    """Epoch seconds of the latest event or answer, or None when there is no data."""

    @classmethod
    def of(cls, calls: Sequence[Call], feedback: Sequence[Feedback]) -> Observations:
        """Build both tables; answers join their call by id (answers about a service get it)."""
        moments = [
            *(int(instant(c.events[-1].at).timestamp()) for c in calls),
            *(int(instant(f.answered_at).timestamp()) for f in feedback),
        ]
        return cls(
            call_observations(calls, unknown=UNKNOWN),
            feedback_observations(feedback, calls=calls, unknown=UNKNOWN),
            max(moments, default=None),
        )

    def table(self, source: Source) -> ObservationColumns:
        """The table an indicator of ``source`` reads."""
        return self.calls if source is Source.CALLS else self.feedback
