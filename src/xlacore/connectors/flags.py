"""Yes/no flags and counts written as text, read one way by the connector and by frames."""

from __future__ import annotations

__all__ = ["FALSE", "TRUE", "count_problem", "flag_problem", "read_count", "read_flag"]

#: The words read as "no" (compared case-insensitively).
FALSE = frozenset({"false", "0", "n", "no"})
#: The words read as "yes" (compared case-insensitively).
TRUE = frozenset({"true", "1", "y", "yes"})


def read_flag(text: str) -> bool | None:
    """``text`` as a yes/no flag; ``None`` when it is neither."""
    folded = text.strip().casefold()
    return True if folded in TRUE else False if folded in FALSE else None


def flag_problem(column: str, text: str) -> str:
    """Why ``text`` in ``column`` is no flag, and what is expected."""
    return f"{column}: {text!r} is no yes/no flag; expected y/n, yes/no, true/false or 1/0"


def read_count(text: str) -> int | None:
    """``text`` as a whole number from 0; ``None`` when it is not one."""
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() and stripped.isascii() else None


def count_problem(column: str, text: str) -> str:
    """Why ``text`` in ``column`` is no count, and what is expected."""
    return f"{column}: {text!r} is not a count; expected a whole number 0, 1, 2, …"
