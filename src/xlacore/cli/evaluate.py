"""``xlacore evaluate``: agreements over calls and feedback at one moment → a report."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime

from xlacore import evaluate, load_agreements
from xlacore.cli import command_help
from xlacore.cli.output import put_out
from xlacore.cli.renderers import add_report_options, failing, needs_records, render
from xlacore.cli.sources import (
    add_catalogue_argument,
    add_record_arguments,
    read_call_table,
    read_records,
    service_names,
)
from xlacore.cli.tables import TABLE_FORMATS, put_table
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.errors import InvalidInputError
from xlacore.evaluation.render_context import RenderContext
from xlacore.insights.report_context import build_context
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.plugins import default_registry

__all__ = ["add_parser", "parse_at"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``evaluate``."""
    parser = subparsers.add_parser(
        "evaluate",
        help=command_help("evaluate"),
        description="Evaluate the agreements in AGREEMENT (TOML or JSON) over the calls and "
        "feedback read from SRC (CONNECTOR:PATH), or over the built-in demo data, at --at "
        "(default: the latest event in the data) and print the report. Exit 0, or 1 with "
        "--fail-on when an objective has that status, 4 when nothing could be judged (or, "
        "with --fail-on no_data, some objective has no data), 2 when an input is wrong, 5 "
        "when a source has too many rejected records.",
        epilog=examples(
            "xlacore evaluate agreements.toml --calls jsonl:calls.jsonl "
            "--feedback jsonl:feedback.jsonl",
            "xlacore evaluate agreements.toml --calls mapped:tickets.csv "
            "--calls-mapping tickets.toml --fail-on breach",
            "xlacore evaluate agreements.toml --calls jsonl:calls.jsonl --format html "
            "--output report.html",
            "xlacore evaluate agreements.toml --calls mapped:tickets.parquet "
            "--calls-mapping tickets.toml --format parquet --output report.parquet",
            "xlacore evaluate agreements.toml --demo --at 2026-06-01T00:00:00+00:00",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("agreement", metavar="AGREEMENT", help="agreement file")
    add_record_arguments(parser)
    add_catalogue_argument(parser)
    parser.add_argument("--at", metavar="ISO-TIME", help="evaluation time with its offset")
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
    agreements = load_agreements(args.agreement)
    table = None
    calls: Sequence[Call] = ()
    feedback: Sequence[Feedback] = ()
    if not agreements.sla_definitions and (
        args.format in TABLE_FORMATS or not needs_records(args.format)
    ):
        table = read_call_table(args)  # SLA clocks and insights read the calls' events
    if table is not None:
        from xlacore.evaluation.evaluate import evaluate_observations
        from xlacore.frames.observations import call_table_observations

        observations = call_table_observations(table)
        strategies = default_registry().strategy
        report = evaluate_observations(
            agreements, observations, parse_at(args.at), strategies=strategies
        )
    else:
        calls, feedback = read_records(args)
        report = evaluate(agreements, calls, feedback, at=parse_at(args.at))

    names = service_names(args)

    def context(history: bool, insights: bool) -> RenderContext:
        return build_context(
            agreements,
            calls,
            feedback,
            report,
            title="xlacore report",
            names=names,
            steps=8 if history else 1,
            insights=insights,
            strategies=default_registry().strategy,
        )

    if args.format in TABLE_FORMATS:
        put_table(report, args.format, args.output, "evaluate")
    else:
        put_out(render(report, args.format, context), args.output, "evaluate")
    return failing(report, args.fail_on, "evaluate")
