"""What every subcommand's ``--help`` looks like, and the argument types commands share.

Each command module passes ``formatter_class=HelpFormatter`` and ``epilog=examples(...)`` to
``add_parser``; the test of the command line checks that every subcommand does. Numbers are
read with :func:`finite` and :func:`count`, so ``nan``, ``inf`` or ``-1`` are usage errors
rather than failures (or silently odd output) later.
"""

from __future__ import annotations

import argparse
import math

__all__ = ["EXAMPLES", "HelpFormatter", "count", "examples", "finite"]

EXAMPLES = "examples:"
"""The first line of every subcommand's epilog."""


class HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions as usual but prints the examples epilog line by line, as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(EXAMPLES):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def examples(*commands: str) -> str:
    """The epilog listing ``commands``, each with a ``# comment`` after two spaces if wanted."""
    return "\n".join([EXAMPLES, *(f"  {command}" for command in commands)])


def finite(text: str) -> float:
    """An argparse type: a finite number (``nan`` and ``inf`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def count(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value
