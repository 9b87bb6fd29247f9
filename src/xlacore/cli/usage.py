"""What every subcommand's ``--help`` looks like: a wrapped description, then examples.

Each command module passes ``formatter_class=HelpFormatter`` and ``epilog=examples(...)`` to
``add_parser``; the test of the command line checks that every subcommand does.
"""

from __future__ import annotations

import argparse

__all__ = ["EXAMPLES", "HelpFormatter", "examples"]

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
