"""``xlacore evaluate``: agreements over calls and feedback at one moment → a report."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from xlacore.cli.renderers import add_report_options, failing, put_out, render
from xlacore.cli.sources import read_source
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.errors import InvalidInputError
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.render.context import RenderContext, build_context

__all__ = ["add_parser", "parse_at"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``evaluate``."""
    parser = subparsers.add_parser(
        "evaluate",
        help="evaluate agreements over calls and feedback",
        description="Evaluate the agreements in AGREEMENT (TOML or JSON) over the calls and "
        "feedback read from SRC (CONNECTOR:PATH) at --at (default: the latest event in the "
        "data) and print the report. Exit 0, or 1 with --fail-on when an objective has "
        "that status, or 2 when an input is wrong.",
        epilog=examples(
            "xlacore evaluate agreements.toml --calls jsonl:calls.jsonl "
            "--feedback jsonl:feedback.jsonl",
            "xlacore evaluate agreements.toml --calls mapped:tickets.csv "
            "--calls-mapping tickets.toml --fail-on breach",
            "xlacore evaluate agreements.toml --calls jsonl:calls.jsonl --format html "
            "--output report.html",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("agreement", metavar="AGREEMENT", help="agreement file")
    parser.add_argument("--calls", metavar="SRC", required=True, help="CONNECTOR:PATH")
    parser.add_argument("--feedback", metavar="SRC", help="CONNECTOR:PATH")
    parser.add_argument("--calls-mapping", metavar="FILE", help="mapping file for --calls")
    parser.add_argument("--feedback-mapping", metavar="FILE", help="mapping file for --feedback")
    parser.add_argument("--at", metavar="ISO-TIME", help="evaluation time with its offset")
    parser.add_argument(
        "--progress", action="store_true", help="draw a progress line on stderr while reading"
    )
    add_report_options(parser)
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
    sources = [(args.calls, args.calls_mapping)]
    if args.feedback:
        sources.append((args.feedback, args.feedback_mapping))
    results = [
        read_source(source, mapping=mapping, progress=args.progress) for source, mapping in sources
    ]
    for (source, _), result in zip(sources, results, strict=True):
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

    def context() -> RenderContext:
        return build_context(agreements, calls, feedback, report, title="xlacore report")

    put_out(render(report, args.format, context), args.output, "evaluate")
    return failing(report, args.fail_on, "evaluate")
