"""The demo organisation, generated in-process and identical on every run.

The data is made to show what XLAs are for: happiness falls with every reassignment, and the
*Laptop* service closes its calls fast (its SLA is green) while the people using it are
unhappy and keep calling back (its XLA is red) — a watermelon.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from attrs import frozen

from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.channels import Channel
from xlacore.model.feedback import ZERO_TO_TEN, Feedback, Subject, SubjectKind
from xlacore.model.people import Person
from xlacore.model.priority import ITIL_MATRIX
from xlacore.model.services import Component, ComponentKind, Service, ServiceCatalog

__all__ = ["DEMO_NOW", "DemoData", "demo_catalogue", "generate"]

#: The demo's "now": everything happens in the 91 days before it.
DEMO_NOW = datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
_DAYS = 91

# id, name, share of calls, support group, mean reassignments, mean hours to resolve,
# reopen chance, happiness bias (points on 0-10)
_SERVICES = (
    ("email", "Email", 0.22, "Messaging", 0.2, 6.0, 0.03, 0.6),
    ("laptop", "Laptop", 0.24, "Workplace", 1.2, 3.0, 0.18, -1.8),
    ("vpn", "VPN", 0.14, "Network", 0.7, 10.0, 0.05, 0.0),
    ("payroll", "Payroll", 0.10, "HR Systems", 0.4, 20.0, 0.04, 0.3),
    ("printing", "Printing", 0.12, "Workplace", 0.5, 14.0, 0.06, -0.4),
    ("portal", "Service Portal", 0.18, "Digital", 0.3, 5.0, 0.04, 0.8),
)
_CHANNELS = (
    (Channel.PORTAL, 0.38),
    (Channel.EMAIL, 0.24),
    (Channel.PHONE, 0.22),
    (Channel.CHAT, 0.10),
    (Channel.WALK_IN, 0.06),
)
_DEPARTMENTS = ("Finance", "Sales", "Engineering", "HR", "Operations")
_LOCATIONS = ("Amsterdam", "New York", "Bangalore")
_ROLES = ("staff", "manager", "contractor")
_GROUPS = ("Service Desk", "Messaging", "Workplace", "Network", "HR Systems", "Digital")
_FACTORS_GOOD = ("Speed of service", "Service was friendly", "Solution was permanent")
_FACTORS_BAD = ("Had to explain again", "Slow resolution", "Problem came back", "Passed around")


@frozen
class DemoData:
    """The generated organisation: catalogue, people, calls and their feedback."""

    catalog: ServiceCatalog
    people: tuple[Person, ...]
    calls: tuple[Call, ...]
    feedback: tuple[Feedback, ...]


def demo_catalogue() -> ServiceCatalog:
    """The demo organisation's service catalogue (ids, names and components)."""
    services = tuple(Service(sid, name) for sid, name, *_ in _SERVICES)
    components = [
        Component(ComponentKind.CI, f"{sid.upper()}-{n:02d}", sid)
        for sid, *_ in _SERVICES
        for n in (1, 2)
    ]
    components += [Component(ComponentKind.CATEGORY, name, sid) for sid, name, *_ in _SERVICES]
    return ServiceCatalog(services, tuple(components))


def _people(rng: random.Random, count: int) -> tuple[Person, ...]:
    return tuple(
        Person(
            id=f"u{n:04d}",
            department=rng.choice(_DEPARTMENTS),
            location=rng.choice(_LOCATIONS),
            role=rng.choices(_ROLES, (0.75, 0.15, 0.10))[0],
            vip=rng.random() < 0.05,
        )
        for n in range(1, count + 1)
    )


def _lifecycle(
    rng: random.Random,
    opened: datetime,
    *,
    group: str,
    reassignments: int,
    hours: float,
    reopen: bool,
) -> list[CallEvent]:
    clock = opened
    events = [CallEvent(EventType.OPENED, clock, group="Service Desk", state="New")]
    clock += timedelta(minutes=rng.randint(1, 30))
    events.append(CallEvent(EventType.ASSIGNED, clock, group="Service Desk", state="In Progress"))
    for _ in range(reassignments):
        clock += timedelta(minutes=rng.randint(20, 240))
        target = (
            group if len(events) == 2 else rng.choice([g for g in _GROUPS if g != events[-1].group])
        )
        events.append(CallEvent(EventType.REASSIGNED, clock, group=target, state="In Progress"))
    if rng.random() < 0.2:
        clock += timedelta(minutes=rng.randint(10, 120))
        events.append(CallEvent(EventType.PAUSED, clock, state="Awaiting User Info"))
        clock += timedelta(hours=rng.uniform(1, 20))
        events.append(CallEvent(EventType.RESUMED, clock, state="In Progress"))
    clock += timedelta(hours=rng.expovariate(1 / hours) * (1 + 0.5 * reassignments))
    events.append(CallEvent(EventType.RESOLVED, clock, state="Resolved"))
    if reopen:
        clock += timedelta(hours=rng.uniform(2, 48))
        events.append(CallEvent(EventType.REOPENED, clock, state="In Progress"))
        clock += timedelta(hours=rng.expovariate(1 / hours))
        events.append(CallEvent(EventType.RESOLVED, clock, state="Resolved"))
    clock += timedelta(days=3)
    events.append(CallEvent(EventType.CLOSED, clock, state="Closed"))
    return events


def _caller_attributes(person: Person) -> dict[str, str]:
    """The caller's segment attributes as exported on the call (as ITSM tools do)."""
    return {k: v for k in ("department", "location") if (v := person.segment(k)) is not None}


def _happiness(rng: random.Random, call: Call, bias: float) -> int:
    score = 8.6 + bias - 1.4 * (call.reassignment_count or 0) - 2.0 * (call.reopen_count or 0)
    score -= min(3.0, (call.resolution_seconds or 0) / 86_400)
    return max(0, min(10, round(rng.gauss(score, 1.6))))


def generate(seed: int = 2026, calls: int = 2400, people: int = 400) -> DemoData:
    """Generate the demo organisation; the same arguments give the same data, byte for byte.

    Only events before :data:`DEMO_NOW` are kept, so recent calls are still open.
    """
    rng = random.Random(seed)
    catalog = demo_catalogue()
    persons = _people(rng, people)
    start = DEMO_NOW - timedelta(days=_DAYS)
    weights = [s[2] for s in _SERVICES]
    made: list[Call] = []
    answers: list[Feedback] = []
    for n in range(1, calls + 1):
        sid, _, _, group, reassign_mean, hours, reopen_p, bias = rng.choices(_SERVICES, weights)[0]
        opened = start + timedelta(seconds=rng.randrange(_DAYS * 86_400))
        reassignments = min(4, int(rng.expovariate(1 / reassign_mean))) if reassign_mean else 0
        events = _lifecycle(
            rng,
            opened,
            group=group,
            reassignments=reassignments,
            hours=hours,
            reopen=rng.random() < reopen_p,
        )
        events = [e for e in events if e.at <= DEMO_NOW]
        caller = rng.choice(persons)
        impact = rng.choices((1, 2, 3), (0.1, 0.3, 0.6))[0]
        urgency = rng.choices((1, 2, 3), (0.15, 0.35, 0.5))[0]
        call = Call(
            id=f"INC{n:06d}",
            kind=CallKind.INCIDENT if rng.random() < 0.7 else CallKind.REQUEST,
            events=tuple(events),
            service=sid,
            channel=rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])[0],
            caller=caller.id,
            impact=impact,
            urgency=urgency,
            priority=ITIL_MATRIX.priority(impact, urgency),
            category=catalog.service(sid).name,
            component=f"{sid.upper()}-{rng.randint(1, 2):02d}",
            knowledge_used=rng.random() < 0.3,
            attributes=_caller_attributes(caller),
        )
        made.append(call)
        resolved = call.resolved_at
        if resolved is not None and rng.random() < 0.45:
            value = _happiness(rng, call, bias)
            answered = resolved + timedelta(minutes=rng.randint(5, 600))
            if answered > DEMO_NOW:
                continue
            factors = _FACTORS_GOOD if value >= 9 else _FACTORS_BAD if value <= 6 else ()
            lost = (10 - value) * rng.randint(600, 1800) if rng.random() < 0.6 else None
            answers.append(
                Feedback(
                    id=f"FB{len(answers) + 1:06d}",
                    about=Subject(SubjectKind.CALL, call.id),
                    scale=ZERO_TO_TEN,
                    value=value,
                    answered_at=answered,
                    person=caller.id,
                    lost_time_seconds=lost,
                    factors=tuple(rng.sample(factors, k=min(len(factors), rng.randint(0, 2)))),
                )
            )
    return DemoData(catalog, persons, tuple(made), tuple(answers))
