"""Conversion of model objects to and from plain data and JSON, at the edges only.

One private cattrs converter does all of it (never cattrs' global one). It is strict: unknown
keys are rejected, a string is never accepted where a number is expected (nor the reverse),
datetimes must carry a time zone. Bad input raises :class:`~xlacore.errors.InvalidInputError`
listing *every* problem with its key path::

    $.events[3].at: naive datetime; a time zone is required
"""

from __future__ import annotations

import difflib
import enum
import functools
import json
import re
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from xlacore.errors import InvalidInputError, InvariantError
from xlacore.model.calendars import DayInterval
from xlacore.model.conditions import AllOf, AnyOf, Compare, Condition, Not, Scalar
from xlacore.model.durations import Seconds, parse_duration

__all__ = [
    "to_dict",
    "T",
    "from_dict",
    "to_json",
    "from_json",
    "json_dumps",
    "json_loads",
    "payload_converter",
    "key_paths",
]

#: The model class :func:`from_dict` and :func:`from_json` build.
T = TypeVar("T")

_CONDITION_VALUE = Scalar | tuple[Scalar, ...]
_COMBINATORS = ("all", "any", "not")
_CONDITION_CLASSES = (Compare, AllOf, AnyOf, Not)
_OPTIONAL_CONDITION = Condition | None


def _type_name(tp: object) -> str:
    if tp == Condition:
        return "Condition"
    if isinstance(tp, type):
        return tp.__name__
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+(\w+)", r"\1", str(tp))


# -- strict primitives --------------------------------------------------------------------
def _structure_str(value: object, tp: type) -> str:
    if _is_enum(tp):
        return cast(str, _structure_enum(value, tp))
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__}")
    return value


def _structure_int(value: object, tp: type) -> int:
    if _is_enum(tp):
        return cast(int, _structure_enum(value, tp))
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def _structure_datetime(value: object, _: type) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    if not isinstance(value, datetime):
        raise TypeError(f"expected an ISO 8601 date-time string, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime; a time zone is required")
    return value


def _structure_seconds(value: object, _: type) -> int:
    """A duration: whole seconds, or a string such as ``"28d"``, ``"4h"`` or ``"PT4H"``."""
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a duration ('28d', 'PT4H') or whole seconds, got {value!r}")
    return value


def _structure_date(value: object, _: type) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise TypeError(f"expected an ISO 8601 date string, got {type(value).__name__}")


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _structure_day_interval(value: object, _: type) -> DayInterval:
    """``"09:00-17:30"``: business hours of one interval, in local wall-clock time."""
    if not isinstance(value, str) or value.count("-") != 1:
        raise TypeError(f"expected business hours as 'HH:MM-HH:MM', got {value!r}")
    start, end = value.split("-")
    return DayInterval(start, end)


def _unstructure_day_interval(interval: DayInterval) -> str:
    return f"{_clock(interval.start)}-{_clock(interval.end)}"


def _is_reference(tp: object) -> bool:
    """``str | SomeAttrsClass | None``: something named, or declared in place."""
    args = set(get_args(tp)) - {type(None)}
    return _is_union(tp) and len(args) == 2 and str in args and any(attrs.has(a) for a in args)


def _structure_reference(converter: cattrs.Converter, tp: Any, value: object, _: type) -> Any:
    if value is None and type(None) in get_args(tp):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        declared = next(a for a in get_args(tp) if attrs.has(a))
        return converter.structure(value, declared)
    raise TypeError(f"expected a name or an object with keys, got {type(value).__name__}")


def _structure_condition_value(value: object, _: type) -> object:
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"expected a string, number, boolean or list, got {type(value).__name__}")


def _is_homogeneous_tuple(tp: object) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_union(tp: object) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


# -- the converter --------------------------------------------------------------------
def _make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=forbid_extra_keys, omit_if_default=True)
    # Simple types first: cattrs consults the most recently registered hook first. These
    # dispatch on subclasses too, so StrEnum fields arrive at the str hook, which hands them
    # on to the enum hook.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(Seconds, _structure_seconds)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(DayInterval, _structure_day_interval)
    converter.register_unstructure_hook(DayInterval, _unstructure_day_interval)
    converter.register_structure_hook_factory(
        _is_reference, lambda tp: functools.partial(_structure_reference, converter, tp)
    )
    converter.register_unstructure_hook_func(
        _is_reference, lambda value: value if isinstance(value, str | None) else to_dict(value)
    )
    converter.register_structure_hook_func(
        lambda tp: tp == _CONDITION_VALUE, _structure_condition_value
    )
    converter.register_unstructure_hook_factory(
        _is_homogeneous_tuple,
        lambda tp: functools.partial(_unstructure_tuple, converter, get_args(tp)[0]),
    )
    converter.register_unstructure_hook_func(
        lambda tp: tp == _CONDITION_VALUE,
        lambda value: list(value) if isinstance(value, tuple) else value,
    )
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple,
        lambda tp: functools.partial(_structure_tuple, converter, get_args(tp)[0]),
    )
    converter.register_structure_hook_factory(
        _is_optional,
        lambda tp: functools.partial(_structure_optional, converter, _optional_arg(tp)),
    )
    converter.register_structure_hook_factory(_is_enum, lambda tp: _structure_enum)
    # StrEnum members dispatch as str; both paths give the plain value.
    converter.register_unstructure_hook(str, _plain)
    converter.register_unstructure_hook_func(_is_enum, _plain)
    converter.register_structure_hook_factory(
        attrs.has, lambda cl: _strict_attrs_hook(converter, cl)
    )
    converter.register_structure_hook_func(
        _is_condition_type, functools.partial(_structure_condition, converter)
    )
    converter.register_unstructure_hook_func(
        _is_condition_type, functools.partial(_unstructure_condition, converter)
    )
    # ``Condition | None`` flattens into one union with None, which the optional hook misses.
    converter.register_structure_hook_func(
        lambda tp: tp == _OPTIONAL_CONDITION,
        lambda value, _: (
            None if value is None else _structure_condition(converter, value, Condition)
        ),
    )
    converter.register_unstructure_hook_func(
        lambda tp: tp == _OPTIONAL_CONDITION,
        lambda value: None if value is None else _unstructure_condition(converter, value),
    )
    return converter


def _plain(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _is_enum(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _is_condition_type(tp: object) -> bool:
    return tp == Condition or tp in _CONDITION_CLASSES


def _unstructure_tuple(converter: cattrs.Converter, item: Any, value: tuple[Any, ...]) -> list[Any]:
    return [converter.unstructure(v, item) for v in value]


def _structure_tuple(
    converter: cattrs.Converter, item: Any, value: object, _: type
) -> tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    result: list[Any] = []
    errors: list[Exception] = []
    for index, element in enumerate(value):
        try:
            result.append(converter.structure(element, item))
        except Exception as exc:
            exc.add_note(IterableValidationNote(f"Structuring item @ index {index}", index, item))
            errors.append(exc)
    if errors:
        raise IterableValidationError(
            f"While structuring a list of {_type_name(item)}", errors, tuple
        )
    return tuple(result)


def _is_optional(tp: object) -> bool:
    args = get_args(tp)
    return _is_union(tp) and len(args) == 2 and type(None) in args


def _optional_arg(tp: object) -> Any:
    return next(a for a in get_args(tp) if a is not type(None))


def _structure_optional(converter: cattrs.Converter, inner: Any, value: object, _: type) -> Any:
    return None if value is None else converter.structure(value, inner)


def _structure_enum(value: object, tp: type[enum.Enum]) -> enum.Enum:
    try:
        return tp(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in tp)
        raise ValueError(f"{value!r} is not a valid {tp.__name__}; use one of {allowed}") from None


def _strict_attrs_hook(converter: cattrs.Converter, cl: type[T]) -> Callable[[Any, type], T]:
    """Wrap cattrs' generated attrs hook with two checks.

    The input must be a mapping, and model invariants that fail in ``__init__`` are reported at
    the attribute they concern.
    """
    base = make_dict_structure_fn(cl, converter)

    def structure(value: Any, _: type) -> T:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected an object with keys, got {type(value).__name__}")
        try:
            return base(value, cl)
        except ClassValidationError as exc:
            for inner in exc.exceptions:
                if isinstance(inner, InvariantError) and not getattr(inner, "__notes__", None):
                    _locate(inner, cl)
            raise
        except InvariantError as exc:
            _locate(exc, cl)
            raise ClassValidationError(f"While structuring {cl.__name__}", [exc], cl) from None

    return structure


def _locate(exc: InvariantError, cl: type) -> None:
    """Attach the attribute path an invariant names, so the message carries it."""
    exc.add_note(AttributeValidationNote(str(exc), f"{exc.field}{exc.subpath}", cl))


def _structure_condition(converter: cattrs.Converter, value: object, tp: Any) -> Condition:
    condition = _structure_any_condition(converter, value)
    if tp in _CONDITION_CLASSES and not isinstance(condition, tp):
        raise TypeError(f"expected a {tp.__name__} condition, got {type(condition).__name__}")
    return condition


def _structure_any_condition(converter: cattrs.Converter, value: object) -> Condition:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a condition object, got {type(value).__name__}")
    present = [key for key in _COMBINATORS if key in value]
    if not present:
        return _COMPARE_HOOK(value, Compare)
    key = present[0]
    if len(value) != 1:
        others = ", ".join(sorted(k for k in value if k != key))
        raise ValueError(f"a condition with {key!r} takes no other keys (found {others})")
    try:
        if key == "not":
            inner: Condition = converter.structure(value["not"], Condition)  # type: ignore[arg-type]
            return Not(inner)
        parts: tuple[Condition, ...] = converter.structure(value[key], tuple[Condition, ...])
        return AllOf(parts) if key == "all" else AnyOf(parts)
    except Exception as exc:
        exc.add_note(AttributeValidationNote(f"Structuring {key}", key, Condition))
        raise ClassValidationError("While structuring a condition", [exc], dict) from None


def _unstructure_condition(converter: cattrs.Converter, condition: Condition) -> dict[str, Any]:
    if isinstance(condition, Compare):
        return {
            "field": condition.field,
            "op": condition.op.value,
            "value": list(condition.value)
            if isinstance(condition.value, tuple)
            else condition.value,
        }
    if isinstance(condition, Not):
        return {"not": _unstructure_condition(converter, condition.condition)}
    key = "all" if isinstance(condition, AllOf) else "any"
    return {key: [_unstructure_condition(converter, c) for c in condition.conditions]}


# -- error messages -------------------------------------------------------------------
def _describe(exc: BaseException, tp: Any) -> str:
    if isinstance(exc, InvariantError):
        return exc.message
    if isinstance(exc, ForbiddenExtraKeysError):
        known = sorted(a.name for a in attrs.fields(exc.cl)) if attrs.has(exc.cl) else []
        extra = ", ".join(repr(k) for k in sorted(exc.extra_fields))
        close = [
            m for k in sorted(exc.extra_fields) for m in difflib.get_close_matches(k, known, 1)
        ]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        allowed = f" (allowed keys: {', '.join(known)})" if known else ""
        return f"unknown key {extra}{hint}{allowed}"
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, TypeError | ValueError) and exc.args:
        return str(exc.args[0])
    return f"invalid value ({type(exc).__name__}: {exc})"


def _problems(exc: BaseException, path: str = "$") -> list[str]:
    """Flatten a cattrs error tree into ``"<path>: <what is wrong>"`` lines."""
    if isinstance(exc, IterableValidationError | ClassValidationError):
        problems: list[str] = []
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, IterableValidationNote):
                sub = (
                    f"{path}[{note.index!r}]"
                    if isinstance(note.index, str)
                    else f"{path}[{note.index}]"
                )
            else:
                sub = f"{path}.{note.name}"
            problems.extend(_problems(inner, sub))
        for inner in without:
            problems.extend(_problems(inner, path))
        return problems
    if isinstance(exc, BaseValidationError):  # pragma: no cover - other cattrs groups
        return [p for inner in exc.exceptions for p in _problems(inner, path)]
    return [f"{path}: {_describe(exc, None)}"]


# -- public API -----------------------------------------------------------------------
_CONVERTER = _make_converter()
_COMPARE_HOOK = _strict_attrs_hook(_CONVERTER, Compare)


def payload_converter() -> cattrs.Converter:
    """A private converter with the same strict types, for a foreign payload (a connector's).

    Unlike the model converter it ignores unknown keys: exports such as Jira's carry hundreds
    of fields a connector does not read. Turn its errors into lines with :func:`key_paths`.
    """
    return _make_converter(forbid_extra_keys=False)


def key_paths(exc: BaseException) -> list[str]:
    """Every problem in a cattrs error as ``"<key path>: <what is wrong>"``.

    The path is relative to the structured value (``fields.created: ...``); a problem with the
    value itself reads ``"$: ..."``.
    """
    return [p.removeprefix("$.") for p in _problems(exc)]


def to_dict(obj: Any) -> Any:
    """Plain data (dicts, lists, strings, numbers) for a model object.

    Defaults are left out; datetimes become ISO 8601 strings with their offset.
    """
    return _CONVERTER.unstructure(obj)


def from_dict(cls: type[T] | Any, data: Any, *, source: str | None = None) -> T:
    """A model object of type ``cls`` from plain data.

    :raises InvalidInputError: listing every problem with its key path; ``source`` (a file
        name, a line) is named in the message.
    """
    try:
        result: T = cast("T", _CONVERTER.structure(data, cls))
    except (BaseValidationError, TypeError, ValueError, KeyError) as exc:
        raise InvalidInputError(_problems(exc), source=source, what=_type_name(cls)) from exc
    return result


def json_dumps(data: Any) -> str:
    """Compact, deterministic JSON (key order kept, no spaces, UTF-8 text)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def json_loads(text: str | bytes, *, source: str | None = None) -> Any:
    """Parse JSON; a syntax error becomes :class:`InvalidInputError` with line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InvalidInputError([problem], source=source, what="JSON") from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            [f"byte {exc.start}: not UTF-8 text"], source=source, what="JSON"
        ) from None


def to_json(obj: Any) -> str:
    """Compact, deterministic JSON for a model object."""
    return json_dumps(to_dict(obj))


def from_json(cls: type[T] | Any, text: str | bytes, *, source: str | None = None) -> T:
    """A model object of type ``cls`` from JSON text; errors as :func:`from_dict`."""
    result: T = from_dict(cls, json_loads(text, source=source), source=source)
    return result
