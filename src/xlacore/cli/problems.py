"""``xlacore problems``: recurring calls as problem candidates, and what followed changes."""

from __future__ import annotations

import argparse
import sys

import attrs

from xlacore.cli import command_help
from xlacore.cli.output import add_format_argument, emit
from xlacore.cli.sources import add_record_arguments, read_records
from xlacore.cli.usage import HelpFormatter, count, examples, finite
from xlacore.connectors.builtin import DEFAULT_CHANGE_CONNECTOR
from xlacore.connectors.changes import read_changes
from xlacore.errors import InvalidInputError
from xlacore.insights.care.care_text import render_change_impact, render_problems
from xlacore.insights.care.change_impact import ChangeImpactSettings, change_impact, load_users
from xlacore.insights.care.problems import (
    DEFAULT_RECURRENCE_KEYS,
    RecurrenceSettings,
    problem_candidates,
)
from xlacore.plugins import default_registry
from xlacore.scoring.observations import call_observations, feedback_observations

__all__ = ["add_parser"]

_DAY = 86_400

EPILOG = examples(
    "xlacore problems --demo",
    "xlacore problems --calls mapped:detail_incident.zip --calls-mapping "
    "examples/mappings/bpi2014_incidents.toml --by component service",
    "xlacore problems --calls mapped:detail_incident.zip --calls-mapping "
    "examples/mappings/bpi2014_incidents.toml --changes detail_change.zip "
    "--change-window-days 2 --users service-users.toml --top 10",
    "xlacore problems --demo --changes changes.csv --changes-format acme-changes",
    "xlacore problems --calls servicenow:incident_event_log.csv.zip --by caller --format json",
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``problems``."""
    parser = subparsers.add_parser(
        "problems",
        help=command_help("problems"),
        description="Find calls that recur on the same service, component, category or "
        "person within a window and rank them as problem candidates by their excess over "
        "their value's base rate (lift with its interval, baseline and n shown), then by "
        "the experience lost on them, each with its evidence. With --changes, also list the "
        "calls that followed each change on its services and components and the people to "
        "tell before the next one, the changes read by the change connector --changes-format "
        "names (xlacore plugins lists them). SRC is CONNECTOR:PATH.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    add_record_arguments(parser)
    parser.add_argument(
        "--by",
        nargs="+",
        metavar="KEY",
        default=list(DEFAULT_RECURRENCE_KEYS),
        help="call columns to check, one at a time (default: %(default)s)",
    )
    parser.add_argument(
        "--window-days", type=finite, default=7.0, help="longest pause within a cluster"
    )
    parser.add_argument("--min-calls", type=int, default=3, help="smallest cluster reported")
    parser.add_argument(
        "--kinds",
        nargs="*",
        metavar="KIND",
        default=["incident"],
        help="call kinds considered; none given: every kind (default: incident)",
    )
    parser.add_argument("--changes", metavar="FILE", help="the change records to read")
    parser.add_argument(
        "--changes-format",
        metavar="NAME",
        help=f"the change connector reading --changes (default: {DEFAULT_CHANGE_CONNECTOR}, "
        "the BPI Challenge 2014 Detail Change export)",
    )
    parser.add_argument("--change-window-days", type=finite, default=3.0)
    parser.add_argument(
        "--history-days", type=finite, default=90.0, help="how far back callers count as users"
    )
    parser.add_argument(
        "--users",
        metavar="FILE",
        help="who uses each service, beside the callers: TOML or JSON, service = [person, ...]",
    )
    parser.add_argument("--top", type=count, default=20, help="how many to show (0: all)")
    add_format_argument(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.changes is None and args.changes_format is not None:
        raise InvalidInputError(
            [f"names the change connector {args.changes_format!r} but no file; add --changes"],
            what="--changes-format",
        )
    # an unknown name fails here, listing the known ones, before the calls are read
    name = args.changes_format or DEFAULT_CHANGE_CONNECTOR
    reader = None if args.changes is None else default_registry().change_connector(name)
    calls, feedback = read_records(args)
    columns = call_observations(calls)
    settings = RecurrenceSettings(
        keys=tuple(args.by),
        window_seconds=round(args.window_days * _DAY),
        min_calls=args.min_calls,
        kinds=tuple(args.kinds),
    )
    found = problem_candidates(columns, feedback_observations(feedback, calls=calls), settings)
    shown = attrs.evolve(found, candidates=found.candidates[: args.top or None])
    if reader is None:
        emit(shown, args, lambda: render_problems(found, args.top))
        return 0
    read = read_changes(reader.read, args.changes)
    if read.account.rejected:
        first = read.account.rejections[0]
        print(
            f"xlacore problems: {args.changes}: {read.account.rejected} of "
            f"{read.account.records_read} change rows rejected; first: {first}",
            file=sys.stderr,
        )
    if read.account.warnings:
        print(
            f"xlacore problems: {args.changes}: {len(read.account.warnings)} warnings; "
            f"first: {read.account.warnings[0]}",
            file=sys.stderr,
        )
    changes = read.changes
    impact = change_impact(
        changes,
        columns.with_columns(caused_by_change=[c.caused_by_change for c in calls]),
        ChangeImpactSettings(
            window_seconds=round(args.change_window_days * _DAY),
            history_seconds=round(args.history_days * _DAY),
            kinds=tuple(args.kinds),
        ),
        users=None if args.users is None else load_users(args.users),
    )
    impact_shown = attrs.evolve(impact, aftermath=impact.aftermath[: args.top or None])
    emit(
        {"problems": shown, "changes": impact_shown},
        args,
        lambda: render_problems(found, args.top) + render_change_impact(impact, args.top),
    )
    return 0
