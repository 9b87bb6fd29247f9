"""Hypothesis strategies for every model type, valid by construction.

For plugin authors' tests (and ours): ``calls()`` gives calls whose events start with
``opened`` and are in time order, ``feedback()`` answers inside their scale, ``catalogs()``
catalogues whose components map onto known services, and so on. Requires
``xlacore[testing]`` (hypothesis); :mod:`xlacore` never imports this module.

Parameters that customise a strategy take *strategies*, not values (as in
:mod:`hypothesis.extra.numpy` and xarray's strategies); pass ``st.just(x)`` for a fixed value.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from xlacore.evaluation.report import (
    OBJECTIVE_UNITS,
    AgreementResult,
    BundleResult,
    Finding,
    ObjectiveResult,
    Report,
    Scope,
    Status,
    Trend,
)
from xlacore.evaluation.report import Component as BundleComponent
from xlacore.model.agreements import AgreementKind, CompositionRule
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.channels import Channel
from xlacore.model.conditions import AllOf, AnyOf, Compare, Condition, Not, Op
from xlacore.model.feedback import (
    ONE_TO_FIVE,
    ONE_TO_SEVEN,
    ZERO_TO_TEN,
    Feedback,
    Scale,
    Subject,
    SubjectKind,
)
from xlacore.model.objectives import Comparison
from xlacore.model.people import Person
from xlacore.model.services import Component, ComponentKind, Service, ServiceCatalog

__all__ = [
    "identifiers",
    "aware_datetimes",
    "services",
    "catalogs",
    "people",
    "channels",
    "call_events",
    "calls",
    "scales",
    "subjects",
    "feedback",
    "conditions",
    "objective_results",
    "reports",
]

_TIME_ZONES = (
    UTC,
    timezone(timedelta(hours=2)),
    timezone(timedelta(hours=-5, minutes=-30)),
    ZoneInfo("Europe/Amsterdam"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Kolkata"),
)
_EARLIEST = datetime(2000, 1, 1)
_LATEST = datetime(2035, 12, 31)
_SHORT_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)


def _check_strategy(name: str, value: object) -> None:
    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{name} must be a hypothesis strategy, got {value!r}; "
            "to fix a value use hypothesis.strategies.just()."
        )


def identifiers() -> st.SearchStrategy[str]:
    """Non-empty ids as ITSM tools write them (``INC0012``, ``svc-mail``)."""
    return st.text(
        st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."),
        min_size=1,
        max_size=12,
    )


def aware_datetimes(
    min_value: datetime = _EARLIEST, max_value: datetime = _LATEST
) -> st.SearchStrategy[datetime]:
    """Time-zone-aware datetimes in UTC, fixed offsets and DST zones.

    ``min_value`` and ``max_value`` are naive bounds in each zone's local time, as in
    :func:`hypothesis.strategies.datetimes`.
    """
    return st.datetimes(min_value, max_value, timezones=st.sampled_from(_TIME_ZONES))


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def services(ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Service]:
    """Services; ``ids`` draws their ids (default :func:`identifiers`)."""
    if ids is not None:
        _check_strategy("ids", ids)
    return st.builds(
        Service,
        id=ids if ids is not None else identifiers(),
        name=st.text(min_size=1, max_size=20).filter(str.strip),
        description=_SHORT_TEXT,
        tags=st.lists(identifiers(), max_size=3).map(tuple),
    )


@st.composite
def catalogs(draw: st.DrawFn, *, max_services: int = 5) -> ServiceCatalog:
    """Catalogues with unique service ids and each component mapped onto one known service."""
    drawn = draw(st.lists(services(), min_size=1, max_size=max_services, unique_by=lambda s: s.id))
    keys = draw(
        st.lists(st.tuples(st.sampled_from(ComponentKind), identifiers()), max_size=8, unique=True)
    )
    components = tuple(
        Component(kind, key, draw(st.sampled_from([s.id for s in drawn]))) for kind, key in keys
    )
    return ServiceCatalog(tuple(drawn), components)


def people() -> st.SearchStrategy[Person]:
    """People with optional segment attributes."""
    return st.builds(
        Person,
        id=identifiers(),
        name=_optional(_SHORT_TEXT),
        department=_optional(identifiers()),
        location=_optional(identifiers()),
        role=_optional(identifiers()),
        vip=st.booleans(),
        attributes=st.dictionaries(identifiers(), _SHORT_TEXT, max_size=3),
    )


def channels() -> st.SearchStrategy[Channel]:
    """The canonical channels."""
    return st.sampled_from(Channel)


def call_events(
    at: st.SearchStrategy[datetime] | None = None,
    types: st.SearchStrategy[EventType] | None = None,
) -> st.SearchStrategy[CallEvent]:
    """Single lifecycle events (any type unless ``types`` says otherwise)."""
    for name, value in (("at", at), ("types", types)):
        if value is not None:
            _check_strategy(name, value)
    return st.builds(
        CallEvent,
        type=types if types is not None else st.sampled_from(EventType),
        at=at if at is not None else aware_datetimes(),
        actor=_optional(identifiers()),
        group=_optional(identifiers()),
        state=_optional(_SHORT_TEXT),
        priority=_optional(st.integers(1, 5)),
        detail=_optional(_SHORT_TEXT),
    )


_LATER_TYPES = st.sampled_from([t for t in EventType if t is not EventType.OPENED])


@st.composite
def calls(
    draw: st.DrawFn,
    *,
    max_events: int = 8,
    ids: st.SearchStrategy[str] | None = None,
    service_ids: st.SearchStrategy[str] | None = None,
) -> Call:
    """Calls whose events start with ``opened`` and are in time order (ties included)."""
    for name, value in (("ids", ids), ("service_ids", service_ids)):
        if value is not None:
            _check_strategy(name, value)
    opened = draw(aware_datetimes())
    gaps = draw(st.lists(st.integers(0, 30 * 86_400), max_size=max_events - 1))
    events = [draw(call_events(at=st.just(opened), types=st.just(EventType.OPENED)))]
    # Step in UTC: wall-clock arithmetic in a DST zone can go backwards in real time.
    moment = opened.astimezone(UTC)
    for gap in gaps:
        moment = moment + timedelta(seconds=gap)
        at = st.just(moment.astimezone(opened.tzinfo))
        events.append(draw(call_events(at=at, types=_LATER_TYPES)))
    return Call(
        id=draw(ids if ids is not None else identifiers()),
        kind=draw(st.sampled_from(CallKind)),
        events=tuple(events),
        service=draw(_optional(service_ids if service_ids is not None else identifiers())),
        channel=draw(_optional(channels())),
        caller=draw(_optional(identifiers())),
        impact=draw(_optional(st.integers(1, 3))),
        urgency=draw(_optional(st.integers(1, 3))),
        priority=draw(_optional(st.integers(1, 5))),
        category=draw(_optional(identifiers())),
        component=draw(_optional(identifiers())),
        caused_by_change=draw(_optional(identifiers())),
        problem=draw(_optional(identifiers())),
        journey=draw(_optional(identifiers())),
        knowledge_used=draw(st.booleans()),
        attributes=draw(st.dictionaries(identifiers(), _SHORT_TEXT, max_size=3)),
        assignments_recorded=draw(st.booleans()),
        reopenings_recorded=draw(st.booleans()),
        escalations_recorded=draw(st.booleans()),
        recorded_reassignments=draw(_optional(st.integers(0, 5))),
        recorded_first_contact=draw(_optional(st.booleans())),
    )


@st.composite
def _custom_scales(draw: st.DrawFn) -> Scale:
    low = draw(st.integers(-10, 10))
    return Scale(low, low + draw(st.integers(1, 20)))


def scales() -> st.SearchStrategy[Scale]:
    """The common scales (0–10, 1–5, 1–7) and custom ones."""
    return st.sampled_from([ZERO_TO_TEN, ONE_TO_FIVE, ONE_TO_SEVEN]) | _custom_scales()


def subjects() -> st.SearchStrategy[Subject]:
    """What an answer is about: a call, a journey or a service."""
    return st.builds(Subject, kind=st.sampled_from(SubjectKind), id=identifiers())


@st.composite
def feedback(
    draw: st.DrawFn,
    *,
    scale: st.SearchStrategy[Scale] | None = None,
    about: st.SearchStrategy[Subject] | None = None,
) -> Feedback:
    """Survey answers whose value lies on their scale."""
    for name, value in (("scale", scale), ("about", about)):
        if value is not None:
            _check_strategy(name, value)
    chosen = draw(scale if scale is not None else scales())
    return Feedback(
        id=draw(identifiers()),
        about=draw(about if about is not None else subjects()),
        scale=chosen,
        value=draw(st.integers(chosen.low, chosen.high)),
        answered_at=draw(aware_datetimes()),
        person=draw(_optional(identifiers())),
        lost_time_seconds=draw(_optional(st.integers(0, 40 * 3600))),
        factors=tuple(draw(st.lists(identifiers(), max_size=3))),
        comment=draw(_optional(_SHORT_TEXT)),
    )


_SCALARS = (
    st.text(max_size=10)
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.booleans()
)


@st.composite
def _compares(draw: st.DrawFn, fields: st.SearchStrategy[str]) -> Compare:
    op = draw(st.sampled_from(Op))
    field = draw(fields)
    if op is Op.IN:
        return Compare(field, op, tuple(draw(st.lists(_SCALARS, max_size=4))))
    if op is Op.EXISTS:
        return Compare(field, op, draw(st.booleans()))
    if op in (Op.LT, Op.LE, Op.GT, Op.GE):
        return Compare(field, op, draw(st.integers(-1000, 1000) | st.text(max_size=5)))
    return Compare(field, op, draw(_SCALARS))


def conditions(
    fields: st.SearchStrategy[str] | None = None, *, max_leaves: int = 6
) -> st.SearchStrategy[Condition]:
    """Conditions nested with all / any / not; ``fields`` draws the field names compared."""
    if fields is not None:
        _check_strategy("fields", fields)
    names: st.SearchStrategy[str] = fields if fields is not None else st.sampled_from("abc")
    leaves = _compares(names)
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, min_size=1, max_size=3).map(lambda cs: AllOf(tuple(cs)))
            | st.lists(children, min_size=1, max_size=3).map(lambda cs: AnyOf(tuple(cs)))
            | children.map(Not)
        ),
        max_leaves=max_leaves,
    )


# -- reports ------------------------------------------------------------------------------
_FIGURES = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
_NAMES = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
"""Names as an ITSM export may spell them: markup, quotes and formula signs included."""
_OPTIONAL_FIGURES = (
    "previous",
    "baseline",
    "impact",
    "budget_remaining",
    "burn_rate_short",
    "burn_rate_long",
)


def _scopes() -> st.SearchStrategy[Scope]:
    return st.dictionaries(
        st.sampled_from(("service", "segment", "location")), _NAMES, max_size=2
    ).map(lambda d: tuple(sorted(d.items())))


@st.composite
def objective_results(
    draw: st.DrawFn,
    *,
    agreement: st.SearchStrategy[str] | None = None,
    kind: st.SearchStrategy[AgreementKind] | None = None,
) -> ObjectiveResult:
    """Objective results with their invariants: no number but n and target without a figure.

    n is 0 exactly when the status is no data.

    ``agreement`` and ``kind`` draw the agreement's name and kind (default: any).
    """
    for name, given in (("agreement", agreement), ("kind", kind)):
        if given is not None:
            _check_strategy(name, given)
    status = draw(st.sampled_from(Status))
    common: dict[str, Any] = {
        "agreement": draw(_NAMES if agreement is None else agreement),
        "kind": draw(st.sampled_from(AgreementKind) if kind is None else kind),
        "objective": draw(_NAMES),
        "indicator": draw(_NAMES),
        "scope": draw(_scopes()),
        "comparison": draw(st.sampled_from(Comparison)),
        "target": draw(_FIGURES),
        "status": status,
        "n": 0 if status is Status.NO_DATA else draw(st.integers(1, 10**6)),
        "method": draw(st.sampled_from(("adjusted-wald", "wilson", "t", "sketch"))),
        "unit": draw(_optional(st.sampled_from(OBJECTIVE_UNITS))),
    }
    if status in (Status.INSUFFICIENT_DATA, Status.NO_DATA):
        return ObjectiveResult(**common)
    value = draw(_FIGURES)
    low, high = sorted(draw(st.tuples(_FIGURES, _FIGURES)))
    numbers = {name: draw(_optional(_FIGURES)) for name in _OPTIONAL_FIGURES}
    return ObjectiveResult(
        **common,
        value=value,
        ci_low=low,
        ci_high=high,
        trend=draw(_optional(st.sampled_from(Trend))),
        **numbers,
    )


@st.composite
def _agreement_results(draw: st.DrawFn) -> AgreementResult:
    name, kind = draw(_NAMES), draw(st.sampled_from(AgreementKind))
    results = tuple(
        draw(st.lists(objective_results(agreement=st.just(name), kind=st.just(kind)), max_size=4))
    )
    bundles = tuple(
        BundleResult(
            agreement=name,
            scope=result.scope,
            rule=draw(st.sampled_from(CompositionRule)),
            status=result.status,
            value=draw(_optional(st.floats(0, 1))),
            components=(
                BundleComponent(
                    agreement=name,
                    objective=result.objective,
                    kind=kind,
                    status=result.status,
                    weight=draw(st.floats(0, 10)),
                    attainment=draw(_optional(st.floats(0, 1))),
                ),
            ),
        )
        for result in results[: draw(st.integers(0, len(results)))]
    )
    effective = draw(st.booleans()) or bool(results)
    return AgreementResult(
        name=name,
        kind=kind,
        effective=effective,
        objectives=results if effective else (),
        bundles=bundles if effective else (),
    )


@st.composite
def reports(draw: st.DrawFn, *, max_agreements: int = 3) -> Report:
    """Reports as an evaluation could produce them, with names that test escaping.

    Agreements hold objective results of their own name and kind, results without data carry
    no numbers, and findings cite results of the report as evidence.
    """
    agreements = tuple(draw(st.lists(_agreement_results(), max_size=max_agreements)))
    results = [r for a in agreements for r in a.objectives]
    findings = tuple(
        Finding(
            kind=draw(st.sampled_from(("watermelon", "reverse_watermelon"))),
            scope=evidence[0].scope,
            message=draw(_NAMES),
            evidence=tuple(evidence),
        )
        for evidence in draw(
            st.lists(st.lists(st.sampled_from(results), min_size=1, max_size=3), max_size=2)
            if results
            else st.just([])
        )
    )
    return Report(evaluated_at=draw(aware_datetimes()), agreements=agreements, findings=findings)
