"""SLA clock results as observation columns, so SLA objectives score them like anything else.

For every :class:`~xlacore.model.sla.SlaDefinition` in an agreement set, the clock replays each
call's events (:func:`xlacore.clock.evaluate_many`) at the evaluation time and the call table
gains four columns, named ``sla.<definition>.<field>``:

- ``met``: completed within its goal (true) or breached (false); missing when the SLA did not
  attach, has no goal, or is still running within its goal;
- ``breached``: the goal was exceeded, finished or not; missing when the SLA did not attach
  or has no goal (and so are the next two);
- ``business_elapsed_seconds``: the measured time on the SLA's calendar;
- ``elapsed_percentage``: elapsed time as a percentage of the goal.

So an SLA objective is a ``proportion`` of ``sla.<name>.met`` (running calls are not counted
until they finish or breach), and a ``percentile`` of ``sla.<name>.business_elapsed_seconds``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np

from xlacore.clock import SlaColumns, evaluate_many
from xlacore.clock.timer import SlaState
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call
from xlacore.model.sla import SlaDefinition

__all__ = ["SLA_FIELDS", "result_columns", "sla_column", "sla_columns"]

SLA_FIELDS: tuple[str, ...] = ("met", "breached", "business_elapsed_seconds", "elapsed_percentage")
"""The columns each SLA definition adds, after ``sla.<definition>.``."""


def sla_column(definition: str, field: str) -> str:
    """The column name of one SLA result field."""
    return f"sla.{definition}.{field}"


def sla_columns(
    calls: Sequence[Call],
    definitions: Sequence[SlaDefinition],
    calendars: Mapping[str, Calendar],
    at: datetime,
) -> dict[str, np.ma.MaskedArray]:
    """The SLA columns of ``calls`` (in order) for every definition, as of ``at``."""
    columns: dict[str, np.ma.MaskedArray] = {}
    for definition in definitions:
        columns |= result_columns(evaluate_many(calls, definition, calendars=calendars, at=at))
    return columns


def result_columns(results: SlaColumns) -> dict[str, np.ma.MaskedArray]:
    """The columns of one definition's results, however the clocks were measured."""
    measured = results.measured
    finished = (results.state == SlaState.COMPLETED.value) | results.breached
    name = results.definition
    return {
        sla_column(name, "met"): np.ma.masked_array(results.met, mask=~(measured & finished)),
        sla_column(name, "breached"): np.ma.masked_array(results.breached, mask=~measured),
        sla_column(name, "business_elapsed_seconds"): np.ma.masked_array(
            results.business_elapsed_s, mask=~measured
        ),
        sla_column(name, "elapsed_percentage"): np.ma.masked_array(
            results.percentage, mask=~measured
        ),
    }
