"""Data readiness: whether an organisation's data can carry experience agreements yet.

Agreements are judged on recent data, so the answers, channel, event and assignment checks
read the recent window only: the ``window_days`` (90) up to ``at`` (default: the latest
event or answer in the data, as evaluation does; never the wall clock). Calls count by
their opening, answers by when they were given. The baseline check reads the whole history
up to ``at``, since it asks how long it is.

Six checks, each with its figure, what is needed and advice:

``answers``
    Survey answers per service and channel against the answers needed for an interval as
    narrow as wanted. The number needed comes from the happiness score's own interval
    (adjusted Wald, :func:`~xlacore.scoring.functions.nps_adjusted_wald`) in its widest
    case, as many promoters as detractors: the smallest n whose interval half-width is at
    most ``half_width`` points (±10 at 95 % needs 380 answers).
``channels``
    The share of calls whose channel is known (mapped to a canonical channel).
``events``
    The share of calls whose history goes beyond opening and resolution: at least one
    handling event (assignment, reassignment, escalation, pause, state change) that the
    lifecycle measures and SLA clocks read.
``assignment``
    Reassignments are derived from assignment groups. A data set whose calls name no
    assignment group at all cannot measure reassignments or first-assignment resolution;
    one whose calls name groups but yield no reassignment at all is flagged too, since that
    is how a connector mapping that derives no ``reassigned`` events shows (the detail says
    how many calls name two or more groups; when none does, the group column likely holds
    one group per call). A source's own count of reassignments (``recorded_reassignments``)
    serves too. Ready when at least one call was reassigned.
``calendars``
    Business calendars defined, without which SLA clocks run 24x7.
``baseline``
    The days the survey answers span (the calls, when there are no answers), against the
    baseline period wanted before targets are set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np
from attrs import field, frozen

from xlacore.insights._bounds import at_least, between
from xlacore.insights._columns import rows_with
from xlacore.insights.data import Period
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call, EventType
from xlacore.model.feedback import Feedback
from xlacore.notebook import HtmlResult
from xlacore.scoring.functions import nps_adjusted_wald, z_value
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.observations import feedback_observations

__all__ = [
    "ReadinessSettings",
    "ReadinessCheck",
    "AnswerCell",
    "DataReadiness",
    "answers_needed",
    "data_readiness",
]

_HANDLING = frozenset(EventType) - {
    EventType.OPENED,
    EventType.RESOLVED,
    EventType.CLOSED,
    EventType.REOPENED,
}


@frozen
class ReadinessSettings:
    """What "ready" means.

    ``half_width``: the widest interval half-width wanted, in happiness points, at
    ``confidence``; ``channel_share`` and ``event_share``: the percentages of calls needed
    with a known channel and with handling events; ``baseline_days``: the days of history
    wanted before targets are set; ``window_days``: the recent window the other checks read.
    """

    half_width: float = field(default=10.0, validator=between(0.01, 100.0))
    confidence: float = 0.95
    channel_share: float = field(default=90.0, validator=between(0, 100))
    event_share: float = field(default=80.0, validator=between(0, 100))
    baseline_days: int = field(default=90, validator=at_least(1))
    window_days: float = field(default=90.0, validator=at_least(1))


@frozen
class ReadinessCheck:
    """One check: its ``value`` against what is ``needed``, whether it passes, and advice."""

    name: str
    ready: bool
    value: float
    needed: float
    detail: str
    advice: str


@frozen
class AnswerCell:
    """Answers for one service and channel, and the answers ``needed``."""

    service: str
    channel: str
    answers: int
    needed: int

    @property
    def ready(self) -> bool:
        """Whether there are enough answers."""
        return self.answers >= self.needed


@frozen
class DataReadiness(HtmlResult):
    """Every check, the answer cells, and whether all checks pass.

    ``at`` is the end of the recent window (``None`` without any data), ``window_start``
    its start; the calls and answers counted are those from after ``window_start`` to ``at``.
    """

    settings: ReadinessSettings
    checks: tuple[ReadinessCheck, ...]
    cells: tuple[AnswerCell, ...]
    at: datetime | None = None
    window_start: datetime | None = None

    @property
    def ready(self) -> bool:
        """Whether every check passes."""
        return all(check.ready for check in self.checks)


def _half_width(n: int, z: float) -> float:
    low, high = nps_adjusted_wald(n / 2, n / 2, n, z)
    return float(high - low) / 2


def answers_needed(half_width: float, confidence: float = 0.95) -> int:
    """The fewest answers that give a happiness interval of at most ± ``half_width`` points.

    Whatever the answers are: the widest case, as many promoters as detractors, is used.
    """
    z = z_value(confidence)
    low, high = 1, max(2, math.ceil((z * 100 / half_width) ** 2))
    while low < high:
        middle = (low + high) // 2
        if _half_width(middle, z) <= half_width:
            high = middle
        else:
            low = middle + 1
    return low


def _cells(answers: Sequence[Feedback], calls: Sequence[Call], needed: int) -> list[AnswerCell]:
    columns = rows_with(feedback_observations(answers, calls=calls), "service", "channel")
    if not columns.n_rows:
        return []
    grouping = Grouping.of(columns, ("service", "channel"))
    counts = np.bincount(grouping.codes, minlength=grouping.size)
    cells = [
        AnswerCell(str(service), str(channel), int(count), needed)
        for (service, channel), count in zip(grouping.labels, counts, strict=True)
    ]
    return sorted(cells, key=lambda c: (c.service, c.channel))


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _answers_check(cells: Sequence[AnswerCell], total: int, needed: int) -> ReadinessCheck:
    ready = sum(c.ready for c in cells)
    short = [f"{c.service}/{c.channel} ({c.answers})" for c in cells if not c.ready]
    detail = f"{ready} of {len(cells)} service/channel cells have {needed} answers or more"
    if total > sum(c.answers for c in cells):
        detail += f"; {total - sum(c.answers for c in cells)} answers lack a service or channel"
    advice = (
        "enough answers everywhere"
        if cells and not short
        else "survey more, merge channels or services, or accept a wider interval; short: "
        + (", ".join(short[:5]) + (" ..." if len(short) > 5 else "") if short else "no answers")
    )
    return ReadinessCheck(
        "answers", bool(cells) and not short, _percent(ready, len(cells)), 100.0, detail, advice
    )


def _share_check(  # noqa: PLR0917
    name: str, part: int, whole: int, needed: float, what: str, advice: str
) -> ReadinessCheck:
    value = _percent(part, whole)
    ready = whole > 0 and value >= needed
    detail = f"{part} of {whole} calls {what}"
    return ReadinessCheck(name, ready, value, needed, detail, "fine" if ready else advice)


def _baseline(calls: Sequence[Call], answers: Sequence[Feedback], days: int) -> ReadinessCheck:
    moments = [f.answered_at for f in answers] or [c.opened_at for c in calls]
    what = "survey answers" if answers else "calls (no survey answers)"
    span = (max(moments) - min(moments)).total_seconds() / 86_400 if moments else 0.0
    ready = span >= days
    advice = (
        "fine" if ready else f"collect {math.ceil(days - span)} more days before setting targets"
    )
    return ReadinessCheck(
        "baseline", ready, span, float(days), f"{what} span {span:.0f} days", advice
    )


def _assignment(calls: Sequence[Call]) -> ReadinessCheck:
    grouped = [c for c in calls if any(e.group is not None for e in c.events)]
    several = sum(len({e.group for e in c.events if e.group is not None}) > 1 for c in grouped)
    reassigned = sum((c.reassignment_count or 0) > 0 for c in calls)
    counted = sum(c.recorded_reassignments is not None for c in calls)
    detail = (
        f"{reassigned} of {len(calls)} calls reassigned; {len(grouped)} name an assignment"
        f" group, {several} of them two or more"
    )
    if counted:
        detail += f"; {counted} carry the source's own reassignment count"
    if reassigned:
        advice = "fine"
    elif not grouped and not counted:
        advice = (
            "no call names an assignment group: reassignments and first-assignment resolution"
            " cannot be measured; map the source's assignment group column (or its"
            " reassignment count, `reassignments`)"
        )
    elif counted:
        advice = (
            "the source's own reassignment counts are all 0: check the column mapped as"
            " the count of reassignments (`reassignments`)"
        )
    elif not several:
        advice = (
            "calls name assignment groups but each keeps one throughout, so none was"
            " reassigned: check that the mapped group column holds the group at each event,"
            " not one fixed per call (such as the final group repeated on every row)"
        )
    else:
        advice = (
            "calls name assignment groups but none was reassigned: check that the connector"
            " mapping derives reassigned events from group changes (or maps the source's"
            " reassignment count)"
        )
    return ReadinessCheck("assignment", reassigned > 0, float(reassigned), 1.0, detail, advice)


def data_readiness(
    calls: Sequence[Call],
    feedback: Sequence[Feedback] = (),
    *,
    calendars: Sequence[Calendar] = (),
    settings: ReadinessSettings | None = None,
    at: datetime | None = None,
) -> DataReadiness:
    """Run the six checks of the module docs on calls, their feedback and the calendars.

    ``at`` ends the recent window (default: the latest event or answer in the data).
    """
    settings = settings or ReadinessSettings()
    recent = Period.of(calls, feedback, at=at, days=settings.window_days)
    history, answers = Period(recent.end).select(calls, feedback)
    calls, feedback = recent.select(history, answers)
    needed = answers_needed(settings.half_width, settings.confidence)
    cells = _cells(feedback, history, needed)
    handled = sum(any(e.type in _HANDLING for e in c.events) for c in calls)
    checks = (
        _answers_check(cells, len(feedback), needed),
        _share_check(
            "channels",
            sum(c.channel is not None for c in calls),
            len(calls),
            settings.channel_share,
            "have a known channel",
            "map the source's channel values to canonical channels (mapping file, ChannelMap)",
        ),
        _share_check(
            "events",
            handled,
            len(calls),
            settings.event_share,
            "have handling events between opening and resolution",
            "export the audit or activity history, not only one row per ticket",
        ),
        _assignment(calls),
        ReadinessCheck(
            "calendars",
            bool(calendars),
            float(len(calendars)),
            1.0,
            ", ".join(sorted(c.name for c in calendars)) or "none defined",
            "fine" if calendars else 'define business calendars (kind = "Calendar")',
        ),
        _baseline(history, answers, settings.baseline_days),
    )
    window = at is not None or bool(history or answers)
    return DataReadiness(
        settings,
        checks,
        tuple(cells),
        recent.end if window else None,
        recent.start if window else None,
    )
