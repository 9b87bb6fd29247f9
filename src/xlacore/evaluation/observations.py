"""Observation tables: calls and survey answers as columns, built once per evaluation.

One row per call (``calls``) and one per answer (``feedback``); answers carry the columns of
the call they are about, so an indicator on feedback can select by service, channel, caller
attribute or lifecycle fact. Every timestamp is int64 epoch seconds (UTC). Group keys never
miss a value: a call without a service has service ``"unknown"``. The columns are built by
:mod:`xlacore.scoring.observations`; this module only adds what one evaluation needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from attrs import frozen

from xlacore.evaluation.sla import sla_columns
from xlacore.model._invariants import instant
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.model.indicators import Source
from xlacore.model.sla import SlaDefinition
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
    def of(
        cls,
        calls: Sequence[Call],
        feedback: Sequence[Feedback],
        *,
        slas: Sequence[SlaDefinition] = (),
        calendars: Mapping[str, Calendar] | None = None,
        at: datetime | None = None,
    ) -> Observations:
        """Build both tables; answers join their call by id (answers about a service get it).

        Each SLA definition adds its clock results as of ``at`` (default: the latest moment in
        the data) to the call table (see :mod:`xlacore.evaluation.sla`).
        """
        moments = [
            *(int(instant(c.events[-1].at).timestamp()) for c in calls),
            *(int(instant(f.answered_at).timestamp()) for f in feedback),
        ]
        latest = max(moments, default=None)
        call_table = call_observations(calls, unknown=UNKNOWN)
        if slas:
            as_of = at if at is not None else datetime.fromtimestamp(latest or 0, UTC)
            call_table = call_table.with_columns(**sla_columns(calls, slas, calendars or {}, as_of))
        return cls(
            call_table,
            feedback_observations(feedback, calls=calls, unknown=UNKNOWN),
            latest,
        )

    def table(self, source: Source) -> ObservationColumns:
        """The table an indicator of ``source`` reads."""
        return self.calls if source is Source.CALLS else self.feedback
