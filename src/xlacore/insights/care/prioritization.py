"""Experience-aware prioritisation: the built-in advice of the ``xlacore_prioritize`` hook.

The priority starts from the impact × urgency matrix. It is raised one level (never above
1, the highest) when the person's recent experience has been bad, or when an experience
objective of the call's service is breached or at risk; however many rules hold, the rise
is one level. It is never lowered: the advice is at least as high as both the matrix
priority and the priority the call already has. Every step that sets or moves the priority
comes back as an :class:`Adjustment` with its reason and the records behind it.

A *negative experience* in the window before the call opened is one of: a negative survey
answer by the person (:mod:`~xlacore.insights.experience.negative`), a complaint the person
made, or a
call of theirs that was reopened. Experiences are counted per call: one bad call is one
negative experience however many of these signals it gave (reopened *and* answered
negatively *and* complained about counts once); an answer about no call (a journey or a
service) is an experience of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from attrs import field, frozen, validators

from xlacore.evaluation.report import ObjectiveResult, Report, Status
from xlacore.insights._bounds import at_least
from xlacore.insights.experience.negative import NEGATIVE_AT_MOST, is_negative
from xlacore.model.agreements import AgreementKind
from xlacore.model.calls import Call, CallKind, EventType
from xlacore.model.feedback import Feedback, SubjectKind
from xlacore.model.priority import ITIL_MATRIX, PriorityMatrix
from xlacore.model.validators import instant

__all__ = [
    "PrioritySettings",
    "PersonHistory",
    "Adjustment",
    "PriorityAdvice",
    "experience_priority",
]


@frozen
class PrioritySettings:
    """The thresholds of the built-in advice.

    ``matrix``: impact × urgency to priority; ``negative_experiences``: how many negative
    experiences (at least) in the last ``window_seconds`` raise the priority;
    ``negative_at_most``: the negative-answer rule; ``statuses`` and ``kinds``: which
    objective results of which agreement kinds raise it.
    """

    matrix: PriorityMatrix = ITIL_MATRIX
    negative_experiences: int = field(default=2, validator=at_least(1))
    window_seconds: int = field(default=30 * 86_400, validator=at_least(1))
    negative_at_most: float = NEGATIVE_AT_MOST
    statuses: tuple[Status, ...] = (Status.BREACHED, Status.AT_RISK)
    kinds: tuple[AgreementKind, ...] = (AgreementKind.XLA,)


@frozen
class PersonHistory:
    """What is known of the caller's earlier experience: their calls and their answers."""

    person: str | None
    calls: tuple[Call, ...] = ()
    feedback: tuple[Feedback, ...] = ()

    @classmethod
    def of(
        cls, person: str | None, calls: Iterable[Call], feedback: Iterable[Feedback] = ()
    ) -> PersonHistory:
        """The person's calls among ``calls`` and their answers among ``feedback``.

        An answer is theirs when it names them or is about one of their calls. ``None``
        (an unknown caller) has no history.
        """
        if person is None:
            return cls(None)
        mine = tuple(c for c in calls if c.caller == person)
        ids = {c.id for c in mine}
        answers = tuple(
            f
            for f in feedback
            if f.person == person or (f.about.kind is SubjectKind.CALL and f.about.id in ids)
        )
        return cls(person, mine, answers)


@frozen
class Adjustment:
    """One step of the advice: which ``rule``, why, and the ids of the records behind it."""

    rule: str
    reason: str
    evidence: tuple[str, ...] = ()


@frozen
class PriorityAdvice:
    """The advised ``priority`` of a call (1 highest) and every step that led to it.

    ``matrix_priority`` is the matrix's priority, ``None`` when impact or urgency is missing
    or outside the matrix; ``advisor`` names who gave the advice.
    """

    call: str
    priority: int = field(validator=validators.ge(1))
    matrix_priority: int | None
    adjustments: tuple[Adjustment, ...]
    advisor: str


def _matrix_priority(call: Call, matrix: PriorityMatrix) -> int | None:
    if call.impact is None or call.urgency is None:
        return None
    if call.impact > matrix.impacts or call.urgency > matrix.urgencies:
        return None
    return matrix.priority(call.impact, call.urgency)


def _start(call: Call, matrix: PriorityMatrix) -> tuple[int, int | None, list[Adjustment]]:
    from_matrix = _matrix_priority(call, matrix)
    recorded = call.current_priority
    if from_matrix is None and recorded is None:
        lowest = max(max(row) for row in matrix.levels)
        reason = f"no usable impact and urgency and no recorded priority: the lowest, {lowest}"
        return lowest, None, [Adjustment("lowest", reason)]
    if from_matrix is None:
        assert recorded is not None
        reason = (
            f"impact {call.impact} and urgency {call.urgency} are not in the "
            f"{matrix.impacts}x{matrix.urgencies} matrix: the recorded priority {recorded}"
        )
        return recorded, None, [Adjustment("recorded", reason)]
    steps = [Adjustment("matrix", f"impact {call.impact} x urgency {call.urgency}: {from_matrix}")]
    if recorded is not None and recorded < from_matrix:
        reason = f"the call already has priority {recorded}, above the matrix's; kept"
        steps.append(Adjustment("recorded", reason))
        return recorded, from_matrix, steps
    return from_matrix, from_matrix, steps


def _in_window(moment: datetime, start: datetime, end: datetime) -> bool:
    return instant(start) < instant(moment) <= instant(end)


def _negatives(
    call: Call, history: PersonHistory, settings: PrioritySettings
) -> tuple[int, tuple[str, ...]]:
    """The number of negative experiences (distinct calls) and the records behind them."""
    end = call.opened_at
    start = end - timedelta(seconds=settings.window_seconds)
    found: list[tuple[str, str]] = [
        (
            f"call {f.about.id}" if f.about.kind is SubjectKind.CALL else f"answer {f.id}",
            f"answer {f.id}",
        )
        for f in history.feedback
        if _in_window(f.answered_at, start, end)
        and is_negative(f.value, f.scale.low, f.scale.high, settings.negative_at_most)
    ]
    for earlier in history.calls:
        if earlier.id == call.id:
            continue
        if earlier.kind is CallKind.COMPLAINT and _in_window(earlier.opened_at, start, end):
            found.append((f"call {earlier.id}", f"complaint {earlier.id}"))
        if any(
            e.type is EventType.REOPENED and _in_window(e.at, start, end) for e in earlier.events
        ):
            found.append((f"call {earlier.id}", f"reopened {earlier.id}"))
    return len({experience for experience, _ in found}), tuple(record for _, record in found)


def _objectives(
    call: Call, report: Report | None, settings: PrioritySettings
) -> tuple[ObjectiveResult, ...]:
    if report is None or call.service is None:
        return ()
    return tuple(
        result
        for agreement in report.agreements
        if agreement.kind in settings.kinds
        for result in agreement.objectives
        # the service as a whole: a result for one segment or channel is not the caller's
        if result.scope == (("service", call.service),) and result.status in settings.statuses
    )


def _span(seconds: int) -> str:
    """A window's length as people say it: ``30 days``, ``12 h`` or ``90 min``."""
    if seconds % 86_400 == 0:
        return f"{seconds // 86_400} days"
    if seconds % 3_600 == 0:
        return f"{seconds // 3_600} h"
    return f"{seconds / 60:g} min"


def _scope(result: ObjectiveResult) -> str:
    return ", ".join(f"{key}={value}" for key, value in result.scope)


def experience_priority(
    call: Call,
    history: PersonHistory,
    report: Report | None = None,
    settings: PrioritySettings | None = None,
) -> PriorityAdvice:
    """The built-in advice for ``call`` (see the module docs).

    ``history`` is the caller's earlier experience; ``report`` an evaluation whose
    objective results for the whole service (scope ``service`` alone, not one of its
    segments) show the state of the call's service, ``None`` when there is none.
    """
    settings = settings or PrioritySettings()
    priority, from_matrix, steps = _start(call, settings.matrix)
    raising: list[Adjustment] = []
    count, negatives = _negatives(call, history, settings)
    if count >= settings.negative_experiences:
        raising.append(
            Adjustment(
                "negative_experiences",
                f"{history.person} had {count} negative experience{'s' if count > 1 else ''}"
                " (distinct calls) in the "
                f"{_span(settings.window_seconds)} before (threshold "
                f"{settings.negative_experiences})",
                negatives,
            )
        )
    objectives = _objectives(call, report, settings)
    if objectives:
        states = " or ".join(sorted({r.status.value for r in objectives}))
        raising.append(
            Adjustment(
                "objective",
                f"an objective on {call.service}'s experience is {states}",
                tuple(
                    f"{r.agreement}/{r.objective} [{_scope(r)}]: {r.status.value}"
                    for r in objectives
                ),
            )
        )
    if raising:
        raised = max(1, priority - 1)
        note = f"raised one level, {priority} to {raised}"
        if raised == priority:
            note = f"already the highest priority, {priority}"
        priority = raised
        steps += [Adjustment(a.rule, f"{a.reason}; {note}", a.evidence) for a in raising]
    return PriorityAdvice(call.id, priority, from_matrix, tuple(steps), "xlacore")
