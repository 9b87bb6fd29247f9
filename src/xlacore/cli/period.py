"""``--at`` and ``--window-days``: the time an analysis command reads.

``--at`` is parsed as ``xlacore evaluate`` parses it (:func:`~xlacore.cli.evaluate.parse_at`)
and defaults, as there, to the latest event or answer in the data.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from xlacore.cli.evaluate import parse_at
from xlacore.cli.usage import finite
from xlacore.errors import InvalidInputError
from xlacore.insights.data import Period
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback

__all__ = ["add_period_arguments", "period_of", "window_days"]


def add_period_arguments(parser: argparse.ArgumentParser, *, window: str) -> None:
    """Add ``--at`` and ``--window-days``; ``window`` says what the window defaults to."""
    parser.add_argument(
        "--at",
        metavar="ISO-TIME",
        help="the moment analysed, with its offset (default: the latest event in the data)",
    )
    parser.add_argument(
        "--window-days",
        type=finite,
        metavar="DAYS",
        help=f"read only the calls opened and answers given in the DAYS up to --at ({window})",
    )


def window_days(args: argparse.Namespace) -> float | None:
    """``--window-days``, checked to be positive."""
    days: float | None = args.window_days
    if days is not None and days <= 0:
        raise InvalidInputError([f"must be positive, got {days:g}"], what="--window-days")
    return days


def period_of(
    args: argparse.Namespace, calls: Sequence[Call], feedback: Sequence[Feedback]
) -> Period:
    """The period ``--at`` and ``--window-days`` name over these records."""
    return Period.of(calls, feedback, at=parse_at(args.at), days=window_days(args))
