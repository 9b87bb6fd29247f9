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

import attrs
from attrs import frozen

from xlacore.evaluation.answers import AnswerAccount, answer_account, latest_versions
from xlacore.evaluation.sla import sla_columns
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.model.indicators import Source
from xlacore.model.sla import SlaDefinition
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    CALL_COLUMNS,
    FEEDBACK_COLUMNS,
    observation_tables,
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
    answers: AnswerAccount | None = None
    """How many answers were read and counted (see :mod:`xlacore.evaluation.answers`)."""

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

        Edited answers count once, as :meth:`counted` says.
        Each SLA definition adds its clock results as of ``at`` (default: the latest moment
        in the data) to the call table (see :mod:`xlacore.evaluation.sla`).
        """
        call_table, answers = observation_tables(calls, feedback, unknown=UNKNOWN)
        tables = cls.counted(call_table, answers)
        if not slas:
            return tables
        as_of = at if at is not None else datetime.fromtimestamp(tables.latest or 0, UTC)
        clocks = sla_columns(calls, slas, calendars or {}, as_of)
        return attrs.evolve(tables, calls=call_table.with_columns(**clocks))

    @classmethod
    def counted(cls, calls: ObservationColumns, feedback: ObservationColumns) -> Observations:
        """Prepared tables of every answer read: the latest version of each counts.

        ``feedback`` holds every answer read, joined to the calls; superseded versions of an
        edited answer are left out and, with the answers about calls not read, accounted for
        in :attr:`answers` (:mod:`xlacore.evaluation.answers`).
        """
        latest = latest_versions(feedback)
        tables = cls.from_tables(calls, latest)
        return attrs.evolve(tables, answers=answer_account(feedback.n_rows, latest))

    @classmethod
    def from_tables(cls, calls: ObservationColumns, feedback: ObservationColumns) -> Observations:
        """Prepared tables (e.g. partitions of a cluster's frames); ``latest`` read from them.

        The latest moment is the greatest ``updated_at`` of a call or ``answered_at`` of an
        answer; a table without rows has no column to read.
        """
        moments = [
            _greatest(table, name)
            for table, name in ((calls, "updated_at"), (feedback, "answered_at"))
            if table.n_rows
        ]
        return cls(calls, feedback, max((m for m in moments if m is not None), default=None))

    def table(self, source: Source) -> ObservationColumns:
        """The table an indicator of ``source`` reads."""
        return self.calls if source is Source.CALLS else self.feedback


def _greatest(table: ObservationColumns, name: str) -> int | None:
    values, present = table.column(name), table.mask(name)
    if present is not None:
        values = values[present]
    return int(values.max()) if len(values) else None
