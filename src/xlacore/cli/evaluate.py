"""``xlacore evaluate``: agreements over calls and feedback at one moment → a report."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from xlacore.cli.ingest import _split_source, find_connector
from xlacore.cli.renderers import render
from xlacore.connectors.protocol import ingest
from xlacore.errors import InvalidInputError
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback

__all__ = ["add_parser", "read_source", "parse_at"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``evaluate``."""
    parser = subparsers.add_parser(
        "evaluate",
        help="evaluate agreements over calls and feedback",
        description="Evaluate the agreements in AGREEMENT (TOML or JSON) over the calls and "
        "feedback read from SRC (CONNECTOR:PATH) at --at (default: the latest event in the "
        "data) and print the report.",
    )
    parser.add_argument("agreement", metavar="AGREEMENT", help="agreement file")
    parser.add_argument("--calls", metavar="SRC", required=True, help="CONNECTOR:PATH")
    parser.add_argument("--feedback", metavar="SRC", help="CONNECTOR:PATH")
    parser.add_argument("--at", metavar="ISO-TIME", help="evaluation time with its offset")
    parser.add_argument("--format", default="table", help="renderer name (table, json)")
    parser.set_defaults(handler=_run)


def read_source(source: str) -> tuple[tuple[Call, ...], tuple[Feedback, ...]]:
    """Calls and feedback read from ``CONNECTOR:PATH``."""
    name, path = _split_source(source)
    result = ingest(find_connector(name), path)
    return result.calls, result.feedback


def parse_at(text: str | None) -> datetime | None:
    """The ``--at`` time; it must carry a time zone."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError([f"{text!r} is not an ISO 8601 date-time"], what="--at") from None
    if moment.tzinfo is None:
        raise InvalidInputError([f"{text!r}: a time zone is required"], what="--at")
    return moment


def _run(args: argparse.Namespace) -> int:
    agreements = load_documents(args.agreement)
    calls, feedback = read_source(args.calls)
    if args.feedback:
        more_calls, feedback = read_source(args.feedback)
        calls += more_calls
    report = evaluate(agreements, calls, feedback, at=parse_at(args.at))
    sys.stdout.write(render(report, args.format))
    return 0
