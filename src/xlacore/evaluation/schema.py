"""The JSON Schema of agreement documents (``xlacore schema agreement``), for editors.

Generated from the model's attrs classes, so it cannot drift from what the loader accepts:
required keys are the fields without defaults, no other keys are allowed, enums list their
values, durations take seconds or shorthand, and conditions are one recursive definition.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from xlacore.model.agreements import Agreement, AgreementKind
from xlacore.model.calendars import Calendar, DayInterval
from xlacore.model.conditions import Compare, Condition, Op
from xlacore.model.documents import API_VERSION, DocumentKind, Metadata
from xlacore.model.durations import Seconds
from xlacore.model.indicators import Indicator
from xlacore.model.sla import SlaDefinition

__all__ = ["agreement_schema"]

_CONDITION_REF = {"$ref": "#/$defs/condition"}
_DURATION = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {
            "type": "string",
            "pattern": "^((\\d+[wdhms])+|P(\\d+W)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+S)?)?)$",
        },
    ]
}


_HOURS = "^\\d{1,2}:\\d{2}(:\\d{2})?-\\d{1,2}:\\d{2}(:\\d{2})?$"


def _type(tp: Any) -> dict[str, Any]:
    if tp is Seconds:
        return _DURATION
    if tp == Condition:
        return _CONDITION_REF
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if set(options) == set(get_args(Condition)):
            return _CONDITION_REF
        return _type(options[0]) if len(options) == 1 else {"anyOf": [_type(a) for a in options]}
    if origin is tuple:
        return {"type": "array", "items": _type(get_args(tp)[0])}
    if origin is Mapping:
        return {"type": "object", "additionalProperties": _type(get_args(tp)[1])}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is DayInterval:
        return {"type": "string", "pattern": _HOURS}
    if attrs.has(tp):
        return _class(tp)
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        return {"type": simple[tp]}
    if tp is datetime:
        return {"type": "string", "format": "date-time"}
    if tp is date:
        return {"type": "string", "format": "date"}
    return {}


def _class(cls: type, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    hints = get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.init and f.name not in leave_out]
    return {
        "type": "object",
        "properties": {f.name: _type(hints[f.name]) for f in fields},
        "required": [f.name for f in fields if f.default is attrs.NOTHING],
        "additionalProperties": False,
    }


def _document(kinds: list[str], spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "apiVersion": {"const": API_VERSION},
            "kind": {"enum": kinds},
            "metadata": _class(Metadata),
            "spec": spec,
        },
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "additionalProperties": False,
    }


def agreement_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an agreement file: one document or ``documents``."""
    agreement_kinds = [k.value for k in AgreementKind]
    document = {
        "oneOf": [
            _document([DocumentKind.INDICATOR.value], _class(Indicator, ("name",))),
            _document(agreement_kinds, _class(Agreement, ("name", "kind"))),
            _document([DocumentKind.CALENDAR.value], _class(Calendar, ("name",))),
            _document([DocumentKind.SLA_DEFINITION.value], _class(SlaDefinition, ("name",))),
        ]
    }
    compare = _class(Compare)
    compare["properties"]["op"] = {"enum": [o.value for o in Op]}
    compare["properties"]["value"] = {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://xlacore.dev/schemas/agreement.json",
        "title": "xlacore agreement file",
        "oneOf": [
            {"$ref": "#/$defs/document"},
            {
                "type": "object",
                "properties": {
                    "documents": {"type": "array", "items": {"$ref": "#/$defs/document"}}
                },
                "required": ["documents"],
                "additionalProperties": False,
            },
            {"type": "array", "items": {"$ref": "#/$defs/document"}},
        ],
        "$defs": {
            "document": document,
            "condition": {
                "oneOf": [
                    compare,
                    _keyed("all", {"type": "array", "items": _CONDITION_REF, "minItems": 1}),
                    _keyed("any", {"type": "array", "items": _CONDITION_REF, "minItems": 1}),
                    _keyed("not", _CONDITION_REF),
                ]
            },
        },
    }


def _keyed(key: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {key: value},
        "required": [key],
        "additionalProperties": False,
    }
