"""Checks across agreement documents: what a single document cannot know about itself.

Names must be unique and references resolve (objective → indicator, ``relies_on`` →
agreement, weights → segment and component); strategy names resolve and their parameters
structure; condition fields and parameter columns name real observation columns; targets can
be met at all; and OLAs fit the SLAs they underpin: when an SLA relies on OLAs, the OLA
targets on the same measure (same strategy and column, an upper limit) must not add up to
more than the SLA's own target.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from xlacore.errors import InvalidInputError, UnknownNameError
from xlacore.evaluation.observations import CALL_COLUMNS, FEEDBACK_COLUMNS
from xlacore.evaluation.report import Unit
from xlacore.evaluation.sla import SLA_FIELDS, sla_column
from xlacore.evaluation.strategies import param_columns, structure_params
from xlacore.model.agreements import Agreement, AgreementKind
from xlacore.model.calendars import Calendar
from xlacore.model.conditions import Condition, condition_fields
from xlacore.model.documents import AgreementSet, Document
from xlacore.model.durations import is_duration_column
from xlacore.model.indicators import Indicator, Source
from xlacore.model.objectives import Objective
from xlacore.model.sla import SlaDefinition
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.protocol import StrategyResolver

__all__ = ["check", "best_value", "unit_of", "CheckProblem"]

CheckProblem = tuple[Document, str, str]
"""A problem across documents, not yet located in its file: the document, the key path
inside it (``.spec.objectives[0]``) and the message."""

_PERCENT_STRATEGIES = ("happiness", "proportion")


def best_value(objective: Objective, indicator: Indicator) -> float | None:
    """The best possible value of an objective's indicator, when it is known.

    0 for an upper limit (durations, rates), 100 for a lower limit on a percentage score
    (happiness, proportions, top-box CSAT); otherwise the objective's ``best`` or None.
    """
    if objective.best is not None:
        return objective.best
    if not objective.op.higher_is_better:
        return 0.0
    return 100.0 if indicator.strategy in _PERCENT_STRATEGIES or _top_box(indicator) else None


def unit_of(indicator: Indicator) -> Unit | None:
    """What the indicator's figures count: percent, seconds, or None (a plain number).

    Happiness, proportions and top-box CSAT are percentages; a strategy reading a column
    whose name ends in ``_seconds`` (``mean``, ``median``, ``percentile`` of a duration) gives
    seconds, since durations are stored as whole seconds.
    """
    if indicator.strategy == "proportion" or _top_box(indicator):
        return Unit.PERCENT
    column = indicator.params.get("column")
    if indicator.strategy not in _PERCENT_STRATEGIES and is_duration_column(column):
        return Unit.SECONDS
    return None


def _top_box(indicator: Indicator) -> bool:
    return indicator.strategy == "csat" and indicator.params.get("measure", "top_box") == "top_box"


def _hint(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    listing = ", ".join(sorted(known)) or "none"
    return (f"; did you mean {close[0]!r}?" if close else "") + f" (known: {listing})"


def check(
    documents: AgreementSet, strategies: StrategyResolver = builtin_strategy
) -> list[CheckProblem]:
    """Every problem across ``documents``, in order; strategy names resolve by ``strategies``."""
    found: list[CheckProblem] = []
    seen: dict[str, Document] = {}
    for document in documents.documents:
        name = document.metadata.name
        if name in seen:
            found.append((document, ".metadata.name", f"name {name!r} is already used"))
        seen[name] = document
    indicators = documents.indicators
    agreements = {a.name: a for a in documents.agreements}
    calendars = documents.calendars
    clocks = tuple(
        sla_column(d.name, field) for d in documents.sla_definitions for field in SLA_FIELDS
    )
    for document in documents.documents:
        body = document.body
        if isinstance(body, Indicator):
            found += [(document, p, m) for p, m in _indicator(body, clocks, strategies)]
        elif isinstance(body, SlaDefinition):
            found += [(document, p, m) for p, m in _sla_calendars(body, calendars)]
        elif isinstance(body, Agreement):
            found += [(document, p, m) for p, m in _agreement(body, indicators, agreements)]
    return found


def _columns(indicator: Indicator, clocks: Sequence[str]) -> tuple[str, ...]:
    if indicator.source is Source.CALLS:
        return (*CALL_COLUMNS, *clocks)
    return (*CALL_COLUMNS, *FEEDBACK_COLUMNS)


def _sla_calendars(
    definition: SlaDefinition, calendars: Mapping[str, Calendar]
) -> Iterator[tuple[str, str]]:
    """Calendar names in an SLA definition that no Calendar document declares."""
    named = [(".spec.calendar", definition.calendar)]
    named += [(f".spec.goals[{i}].calendar", g.calendar) for i, g in enumerate(definition.goals)]
    for path, calendar in named:
        if isinstance(calendar, str) and calendar not in calendars:
            yield path, f"unknown calendar {calendar!r}{_hint(calendar, list(calendars))}"


def _fields(
    condition: Condition | None, path: str, known: Sequence[str]
) -> Iterator[tuple[str, str]]:
    """Condition fields that look like a mistyped column.

    Call attributes become columns too, so an unknown field may be real; only a near miss of
    a known column (a likely typo) is reported.
    """
    if condition is None:
        return
    for name in sorted(condition_fields(condition)):
        if name not in known and difflib.get_close_matches(name, known, n=1, cutoff=0.8):
            yield path, f"field {name!r} is not a column{_hint(name, known)}"


def _indicator(
    indicator: Indicator, clocks: Sequence[str], strategies: StrategyResolver
) -> Iterator[tuple[str, str]]:
    known = _columns(indicator, clocks)
    try:
        strategy = strategies(indicator.strategy)
    except UnknownNameError as exc:
        yield ".spec.strategy", str(exc)
    else:
        try:
            params = structure_params(strategy, indicator.params)
        except InvalidInputError as exc:
            for problem in exc.problems:
                path, _, message = problem.partition(": ")
                yield f".spec.params{path[1:]}", message
        else:
            for path, column in param_columns(params, ".spec.params"):
                if indicator.good is None and column not in known:
                    yield path, f"{column!r} is not a column{_hint(column, known)}"
    if indicator.attribution not in known or not indicator.attribution.endswith("_at"):
        times = [c for c in known if c.endswith("_at")]
        yield (
            ".spec.attribution",
            f"{indicator.attribution!r} is not a timestamp{_hint(indicator.attribution, times)}",
        )
    yield from _fields(indicator.where, ".spec.where", known)
    yield from _fields(indicator.good, ".spec.good", known)


def _agreement(
    agreement: Agreement, indicators: dict[str, Indicator], agreements: dict[str, Agreement]
) -> Iterator[tuple[str, str]]:
    for index, objective in enumerate(agreement.objectives):
        path = f".spec.objectives[{index}]"
        indicator = indicators.get(objective.indicator)
        if indicator is None:
            hint = _hint(objective.indicator, list(indicators))
            yield f"{path}.indicator", f"unknown indicator {objective.indicator!r}{hint}"
            continue
        yield from _target(objective, indicator, path)
    for index, name in enumerate(agreement.relies_on):
        if name not in agreements or name == agreement.name:
            known = [a for a in agreements if a != agreement.name]
            yield f".spec.relies_on[{index}]", f"unknown agreement {name!r}{_hint(name, known)}"
    components = _component_names(agreement, agreements)
    segments = [s.name for s in agreement.segments]
    for segment, weights in agreement.composition.weights.items():
        path = f".spec.composition.weights.{segment}"
        if segment not in segments:
            yield path, f"unknown segment {segment!r}{_hint(segment, segments)}"
        for component in weights:
            if component not in components:
                yield (
                    f"{path}.{component}",
                    f"unknown component {component!r}{_hint(component, components)}",
                )
    for index, declared in enumerate(agreement.segments):
        yield from _fields(declared.where, f".spec.segments[{index}].where", CALL_COLUMNS)
    if agreement.kind is AgreementKind.SLA:
        yield from _olas_fit(agreement, indicators, agreements)


def _target(objective: Objective, indicator: Indicator, path: str) -> Iterator[tuple[str, str]]:
    best = best_value(objective, indicator)
    targets = [(f"{path}.target", objective.target)] + [
        (f"{path}.revisions[{i}].target", r.target) for i, r in enumerate(objective.revisions)
    ]
    for where, target in targets:
        if best is None:
            continue
        beyond = target > best if objective.op.higher_is_better else target < best
        if beyond or (target == best and objective.op.value in ("gt", "lt")):
            yield where, f"target {target:g} can never be met: the best possible value is {best:g}"


def _component_names(agreement: Agreement, agreements: dict[str, Agreement]) -> list[str]:
    names = [o.name for o in agreement.objectives]
    for other in agreement.relies_on:
        if other in agreements:
            names += [f"{other}.{o.name}" for o in agreements[other].objectives]
    return names


def _measure(objective: Objective, indicators: dict[str, Indicator]) -> tuple[str, Any] | None:
    indicator = indicators.get(objective.indicator)
    if indicator is None or objective.op.higher_is_better:
        return None
    return indicator.strategy, indicator.params.get("column")


def _olas_fit(
    sla: Agreement, indicators: dict[str, Indicator], agreements: dict[str, Agreement]
) -> Iterator[tuple[str, str]]:
    olas = [
        agreements[n]
        for n in sla.relies_on
        if n in agreements and agreements[n].kind is AgreementKind.OLA
    ]
    for index, objective in enumerate(sla.objectives):
        measure = _measure(objective, indicators)
        if measure is None:
            continue
        chain = [
            (ola.name, o.target)
            for ola in olas
            for o in ola.objectives
            if _measure(o, indicators) == measure
        ]
        total = sum(target for _, target in chain)
        if chain and total > objective.target:
            parts = " + ".join(f"{name} {target:g}" for name, target in chain)
            yield (
                f".spec.objectives[{index}].target",
                "the OLAs underpinning it add up to more than the SLA allows: "
                f"{parts} = {total:g} > {objective.target:g}",
            )
