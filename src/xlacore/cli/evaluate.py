"""``xlacore evaluate``: agreements over calls and feedback at one moment → a report."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from xlacore.cli.renderers import render
from xlacore.cli.sources import read_source
from xlacore.errors import InvalidInputError
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate

__all__ = ["add_parser", "parse_at"]


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
    sources = [args.calls, *([args.feedback] if args.feedback else [])]
    results = [read_source(source) for source in sources]
    for source, result in zip(sources, results, strict=True):
        account = result.account
        if account.rejected:
            print(
                f"xlacore evaluate: {source}: {account.rejected} of {account.records_read} "
                f"records rejected; 'xlacore ingest {source}' lists them",
                file=sys.stderr,
            )
    calls = tuple(call for result in results for call in result.calls)
    feedback = tuple(answer for result in results for answer in result.feedback)
    report = evaluate(agreements, calls, feedback, at=parse_at(args.at))
    sys.stdout.write(render(report, args.format))
    return 0
