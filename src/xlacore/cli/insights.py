"""``xlacore insights``: every experience insight on an ITSM export or on the demo data."""

from __future__ import annotations

import argparse

from xlacore.cli.output import add_format_argument, emit
from xlacore.cli.period import add_period_arguments, period_of
from xlacore.cli.sources import add_record_arguments, read_records
from xlacore.cli.usage import HelpFormatter, count, examples, finite
from xlacore.errors import InvalidInputError, InvariantError
from xlacore.insights import InsightData, InsightSettings, insights_report, render_text

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``insights``."""
    parser = subparsers.add_parser(
        "insights",
        help="lifecycle effects, lost time, channels, journeys, factors, knowledge, surveys",
        description="Run every insight analysis and print the results. Read calls and "
        "feedback through connectors (SRC is CONNECTOR:PATH, e.g. "
        "servicenow:incident_event_log.csv.zip) or use the built-in demo data. The analyses "
        "read the data as it stood at --at (default: the latest event), optionally only the "
        "--window-days before it.",
        epilog=examples(
            "xlacore insights --demo",
            "xlacore insights --demo --at 2026-05-01T00:00:00+00:00 --window-days 30 --min-n 20",
            "xlacore insights --demo --within channel --format json",
            "xlacore insights --calls servicenow:incident_event_log.csv.zip --format json",
            "xlacore insights --calls mapped:tickets.csv --calls-mapping tickets.toml "
            "--feedback mapped:survey.csv --feedback-mapping survey.toml",
        ),
        formatter_class=HelpFormatter,
    )
    add_record_arguments(parser)
    add_period_arguments(parser, window="default: the whole history")
    parser.add_argument(
        "--min-n", type=count, default=5, help="fewest observations a score needs (default 5)"
    )
    parser.add_argument(
        "--confidence", type=finite, default=0.95, help="of every interval (default 0.95)"
    )
    parser.add_argument(
        "--within",
        nargs="+",
        metavar="COLUMN",
        default=["service"],
        help="columns the lifecycle slopes are also computed within (default: service)",
    )
    add_format_argument(parser)
    parser.set_defaults(handler=_run)


def _settings(args: argparse.Namespace) -> InsightSettings:
    try:
        return InsightSettings(min_n=args.min_n, confidence=args.confidence, strata=args.within)
    except InvariantError as exc:
        raise InvalidInputError([str(exc)], what="arguments") from None


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    calls, feedback = read_records(args)
    period = period_of(args, calls, feedback)
    data = InsightData.from_objects(*period.select(calls, feedback))
    report = insights_report(data, settings=settings, period=period)
    emit(report, args, lambda: render_text(report))
    return 0
