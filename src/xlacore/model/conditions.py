"""Conditions: one small declarative language for "which observations".

Indicators select observations, SLA definitions start and pause clocks, and agreements scope
themselves with the same syntax, written as data::

    {"all": [{"field": "channel", "op": "eq", "value": "phone"},
             {"not": {"field": "priority", "op": "in", "value": [1, 2]}}]}

Conditions are validated like every model object and compiled, never ``eval``-ed:
:func:`predicate` compiles one to a function of a record (:func:`matches` applies it once);
:mod:`xlacore.scoring` compiles the same conditions to vectorised masks over columns.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, Union

import attrs
from attrs import frozen

from xlacore.errors import InvariantError
from xlacore.model.validators import non_empty

__all__ = [
    "Op",
    "Compare",
    "AllOf",
    "AnyOf",
    "Not",
    "Condition",
    "Scalar",
    "Predicate",
    "predicate",
    "matches",
    "condition_fields",
]

Scalar = str | int | float | bool
"""The values a condition compares with."""


class Op(enum.StrEnum):
    """Comparison operators."""

    EQ = "eq"
    NE = "ne"
    IN = "in"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    EXISTS = "exists"


_ORDERED = {Op.LT: operator.lt, Op.LE: operator.le, Op.GT: operator.gt, Op.GE: operator.ge}


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


def _check_value(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    op = instance.op
    if op is Op.IN:
        if not isinstance(value, tuple) or not all(_is_scalar(v) for v in value):
            raise InvariantError(
                attribute.name, "'in' needs a list of strings, numbers or booleans"
            )
    elif op is Op.EXISTS:
        if not isinstance(value, bool):
            raise InvariantError(attribute.name, "'exists' needs true or false")
    elif op in _ORDERED:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvariantError(attribute.name, f"{op.value!r} needs a number or a string")
    elif not _is_scalar(value):
        raise InvariantError(attribute.name, f"{op.value!r} needs a string, number or boolean")


def _freeze(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@frozen
class Compare:
    """Compare a record's ``field`` with ``value`` using ``op``.

    A missing field (absent or ``None``) makes every comparison false except ``ne``, which
    is true, and ``exists``, which tests exactly that.
    """

    field: str = attrs.field(validator=non_empty)
    op: Op = attrs.field(converter=Op)
    value: Scalar | tuple[Scalar, ...] = attrs.field(converter=_freeze, validator=_check_value)


def _non_empty_tuple(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise InvariantError(attribute.name, "needs at least one condition")


def _conditions(value: Iterable[Condition]) -> tuple[Condition, ...]:
    return tuple(value)


@frozen
class AllOf:
    """True when every condition is true."""

    conditions: tuple[Condition, ...] = attrs.field(
        converter=_conditions, validator=_non_empty_tuple
    )


@frozen
class AnyOf:
    """True when at least one condition is true."""

    conditions: tuple[Condition, ...] = attrs.field(
        converter=_conditions, validator=_non_empty_tuple
    )


@frozen
class Not:
    """True when the condition is false."""

    condition: Condition


Condition = Union[Compare, AllOf, AnyOf, Not]  # noqa: UP007 - a runtime alias cattrs dispatches on
"""Any condition."""


Predicate = Callable[[Mapping[str, object]], bool]
"""A compiled condition: whether a record (field name → value) satisfies it."""


def _compare(condition: Compare) -> Predicate:
    name, value, op = condition.field, condition.value, condition.op
    if op is Op.EXISTS:
        if value:
            return lambda record: record.get(name) is not None
        return lambda record: record.get(name) is None
    if op is Op.NE:
        return lambda record: (actual := record.get(name)) is None or bool(actual != value)
    if op is Op.EQ:
        return lambda record: (actual := record.get(name)) is not None and bool(actual == value)
    if op is Op.IN:
        assert isinstance(value, tuple)
        return lambda record: (actual := record.get(name)) is not None and actual in value
    compare: Callable[[Any, Any], Any] = _ORDERED[op]

    def ordered(record: Mapping[str, object]) -> bool:
        actual = record.get(name)
        if actual is None:
            return False
        try:
            return bool(compare(actual, value))
        except TypeError:
            return False

    return ordered


@lru_cache(maxsize=1024)
def predicate(condition: Condition) -> Predicate:
    """``condition`` as a function of a record, for testing many records against it.

    Compiled once per condition (conditions are immutable): an SLA replay tests a handful
    of conditions on every event of every call.
    """
    if isinstance(condition, Compare):
        return _compare(condition)
    if isinstance(condition, Not):
        inner = predicate(condition.condition)
        return lambda record: not inner(record)
    parts = tuple(predicate(c) for c in condition.conditions)
    if isinstance(condition, AllOf):
        return lambda record: all(part(record) for part in parts)
    return lambda record: any(part(record) for part in parts)


def matches(condition: Condition, record: Mapping[str, object]) -> bool:
    """Whether a record (field name → value) satisfies a condition.

    Enum values compare by their string value, so ``{"channel": Channel.PHONE}`` equals
    ``"phone"``. A missing field (absent or ``None``) fails every comparison but ``ne`` and
    ``exists: false``; ordered comparisons between incomparable types are false, not errors.
    """
    return predicate(condition)(record)


def condition_fields(condition: Condition) -> frozenset[str]:
    """Every field name a condition reads."""
    if isinstance(condition, Compare):
        return frozenset((condition.field,))
    if isinstance(condition, Not):
        return condition_fields(condition.condition)
    return frozenset().union(*(condition_fields(c) for c in condition.conditions))
