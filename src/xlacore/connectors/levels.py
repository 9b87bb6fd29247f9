"""Priority, impact and urgency levels from the text of a source: one reading for every reader.

A level counts from 1 (highest). A value is read, in this order, from the mapping's
``[values.<field>]`` table, then by its number (``"2"``, ``"2 - High"``, ``"P2"``), then by the
common word of ITSM tools for that field (ServiceNow's and ITIL's: priority Critical, High,
Moderate or Medium, Low, Planning; impact and urgency High, Medium or Moderate, Low), in any
case. Anything else is no level, and the message says how to map it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["LEVEL_WORDS", "read_level", "level_problem"]

_NUMBER = re.compile(r"\s*[pP]?\s*(\d+)")

_IMPACT = {"high": 1, "medium": 2, "moderate": 2, "low": 3}

LEVEL_WORDS: Mapping[str, Mapping[str, int]] = {
    "priority": {"critical": 1, "high": 2, "moderate": 3, "medium": 3, "low": 4, "planning": 5},
    "impact": _IMPACT,
    "urgency": _IMPACT,
}
"""The words read as levels of each field without a ``[values.<field>]`` entry."""


def read_level(text: str, field: str, mapped: Mapping[str, int]) -> int | None:
    """The level ``text`` names (see the module), or None when it names none."""
    found = mapped.get(text)
    if found is not None:
        return found
    number = _NUMBER.match(text)
    if number is not None:
        level = int(number.group(1))
        return level if level >= 1 else None
    return LEVEL_WORDS.get(field, {}).get(text.strip().casefold())


def level_problem(column: str, text: str, field: str, mapped: Mapping[str, int]) -> str:
    """Why ``text`` is no level, and what to write or map instead."""
    words = ", ".join(w.capitalize() for w in LEVEL_WORDS.get(field, {}))
    known = f"; mapped so far: {', '.join(map(repr, mapped))}" if mapped else ""
    return (
        f"{column}: {text!r} is not a {field} level from 1 (highest); write a number "
        f"('2', '2 - High', 'P2') or one of {words}, or map it in the --mapping file's "
        f"[values.{field}] table, e.g. {text!r} = 2{known}"
    )
