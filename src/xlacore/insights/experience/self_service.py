"""Self-service: self-solved share and call deflection, by ServiceNow's formulas.

ServiceNow's ITSM success dashboard defines

* **Self-solved %** = (self-solved [VA, KB, Q&A, proactive] + automated resolutions) /
  (ticket resolutions + self-solved + password-reset self-service) × 100, and
* **Call deflection %** = (catalog submissions + VA submissions + self-solved VA + self-solved
  KB) / (tickets submitted + self-solved VA + self-solved KB) × 100,

where the ticket resolutions include the automated ones and the tickets submitted include
the catalog and VA submissions.

A knowledge-article view, virtual-agent session, Q&A or proactive notification counts as
*self-solved* when no human agent was engaged and the same person opened no call within the
window after it (24 hours by default). Ticket resolutions are the resolved calls, tickets
submitted all calls. xlacore's model has no self-service records, so they come in as
:class:`SelfServiceEvent` objects.

ServiceNow counts automated resolutions among the ticket resolutions and catalog and VA
submissions among the tickets submitted. Here they are events, not calls, so each joins the
denominator it belongs to as well as the numerator; otherwise a numerator could outgrow its
denominator (more automated resolutions than resolved calls gave self-solved shares above
100 %, outside their own interval). Every share therefore lies from 0 to 100 % inside its
Wilson interval. Pass a submission either as a call or as an event, not as both.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.insights._columns import present
from xlacore.insights._shares import share_score
from xlacore.model.validators import aware, fixed_offset, instant, optional_non_empty
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import factorize
from xlacore.scoring.score import Score

__all__ = [
    "DEFAULT_WINDOW_SECONDS",
    "SelfServiceKind",
    "SelfServiceEvent",
    "SelfService",
    "self_service",
]

#: ServiceNow's no-ticket window for a self-solve: 24 hours.
DEFAULT_WINDOW_SECONDS = 24 * 3600


class SelfServiceKind(enum.StrEnum):
    """What happened in self-service."""

    KB_VIEW = "kb_view"
    VA_SESSION = "va_session"
    QNA = "qna"
    PROACTIVE = "proactive"
    AUTOMATED = "automated"
    PASSWORD_RESET = "password_reset"
    CATALOG = "catalog"
    VA_SUBMISSION = "va_submission"


_SOLVABLE = (
    SelfServiceKind.KB_VIEW,
    SelfServiceKind.VA_SESSION,
    SelfServiceKind.QNA,
    SelfServiceKind.PROACTIVE,
)


@frozen
class SelfServiceEvent:
    """One self-service event of a person at a time.

    ``agent_engaged`` marks a session handed to a human (a VA transfer to live chat): never
    self-solved. ``automated`` is an automated resolution, ``va_submission`` a ticket raised
    through the virtual agent, ``catalog`` a catalog item submitted.
    """

    kind: SelfServiceKind = field(converter=SelfServiceKind)
    at: datetime = field(converter=fixed_offset, validator=aware)
    person: str | None = field(default=None, validator=optional_non_empty)
    service: str | None = field(default=None, validator=optional_non_empty)
    agent_engaged: bool = False


@frozen
class SelfService(HtmlResult):
    """The counts behind both formulas and the two shares in percent (Wilson interval)."""

    window_seconds: int
    self_solved_kb: int
    self_solved_va: int
    self_solved_qna: int
    self_solved_proactive: int
    automated: int
    password_resets: int
    catalog: int
    va_submissions: int
    ticket_resolutions: int
    tickets_submitted: int
    self_solved: Score
    deflection: Score


def _ticket_within(
    person: NDArray[np.str_],
    at: NDArray[np.int64],
    callers: NDArray[np.str_],
    opened: NDArray[np.int64],
    window: int,
) -> NDArray[np.bool_]:
    """Whether each (person, at) has a call by that person opened in (at, at + window]."""
    _, codes = factorize(np.concatenate([person, callers]))
    mine, theirs = codes[: len(person)].astype(np.int64), codes[len(person) :].astype(np.int64)
    base = min(at.min(initial=0), opened.min(initial=0))
    stride = np.int64(1) << np.int64(34)
    call_keys = np.sort(theirs * stride + (opened - base))
    event_keys = mine * stride + (at - base)
    nxt = np.searchsorted(call_keys, event_keys, side="right")
    found = nxt < len(call_keys)
    following = call_keys[np.minimum(nxt, len(call_keys) - 1)] if len(call_keys) else event_keys
    return np.asarray(found & (following - event_keys <= window), dtype=bool)


def self_service(
    events: Iterable[SelfServiceEvent],
    calls: ObservationColumns,
    *,
    window_seconds: int = DEFAULT_WINDOW_SECONDS,
    confidence: float = 0.95,
    min_n: int = 1,
) -> SelfService:
    """Self-solved % and call deflection % from self-service events and call observations.

    Fewer than ``min_n`` outcomes in a share's denominator: the share has no value.
    """
    chosen = tuple(events)
    kind = np.array([e.kind.value for e in chosen], dtype=str)
    person = np.array([e.person or "" for e in chosen], dtype=str)
    at = np.array([int(instant(e.at).timestamp()) for e in chosen], dtype=np.int64)
    engaged = np.array([e.agent_engaged for e in chosen], dtype=bool)
    has_caller = present(calls, "caller")
    ticket = _ticket_within(
        person,
        at,
        calls.column("caller")[has_caller].astype(str),
        calls.column("opened_at")[has_caller].astype(np.int64),
        window_seconds,
    )
    solved = np.isin(kind, [k.value for k in _SOLVABLE]) & (person != "") & ~engaged & ~ticket

    def count(which: SelfServiceKind, mask: NDArray[np.bool_] | None = None) -> int:
        hit = kind == which.value
        return int((hit if mask is None else hit & mask).sum())

    kb, va = count(SelfServiceKind.KB_VIEW, solved), count(SelfServiceKind.VA_SESSION, solved)
    qna, proactive = count(SelfServiceKind.QNA, solved), count(SelfServiceKind.PROACTIVE, solved)
    automated, resets = count(SelfServiceKind.AUTOMATED), count(SelfServiceKind.PASSWORD_RESET)
    catalog, va_tickets = count(SelfServiceKind.CATALOG), count(SelfServiceKind.VA_SUBMISSION)
    resolved = int(np.asarray(calls.column("resolved"))[present(calls, "resolved")].sum())
    submitted = calls.n_rows
    all_solved = kb + va + qna + proactive
    return SelfService(
        window_seconds=window_seconds,
        self_solved_kb=kb,
        self_solved_va=va,
        self_solved_qna=qna,
        self_solved_proactive=proactive,
        automated=automated,
        password_resets=resets,
        catalog=catalog,
        va_submissions=va_tickets,
        ticket_resolutions=resolved,
        tickets_submitted=submitted,
        self_solved=share_score(
            (),
            all_solved + automated,
            resolved + automated + all_solved + resets,
            confidence,
            min_n,
        ),
        deflection=share_score(
            (),
            catalog + va_tickets + va + kb,
            submitted + catalog + va_tickets + va + kb,
            confidence,
            min_n,
        ),
    )
