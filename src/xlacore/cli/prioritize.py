"""``xlacore prioritize``: experience-aware priority advice for one call."""

from __future__ import annotations

import argparse
import json

from xlacore import evaluate, load_agreements
from xlacore.cli import command_help
from xlacore.cli.output import add_format_argument, emit
from xlacore.cli.sources import add_record_arguments, read_records
from xlacore.cli.usage import HelpFormatter, examples, finite
from xlacore.errors import InvalidInputError
from xlacore.insights.care.care_text import render_advice
from xlacore.insights.care.prioritization import PersonHistory, PrioritySettings
from xlacore.model.priority import ITIL_MATRIX, PriorityMatrix
from xlacore.plugins import default_registry
from xlacore.serialization import from_dict

__all__ = ["add_parser"]

EPILOG = examples(
    "xlacore prioritize INC000009 --demo",
    "xlacore prioritize INC0000045 --calls servicenow:incident_event_log.csv.zip",
    "xlacore prioritize IM0000004 --calls mapped:detail_incident.zip "
    "--calls-mapping examples/mappings/bpi2014_incidents.toml --matrix "
    "'[[1,1,2,2,3],[1,2,2,3,3],[2,2,3,3,4],[2,3,3,4,5],[3,3,4,5,5]]'",
    "xlacore prioritize INC000009 --demo --negative 3 --window-days 60 --format json",
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``prioritize``."""
    parser = subparsers.add_parser(
        "prioritize",
        help=command_help("prioritize"),
        description="Advise the priority of CALL: the impact x urgency matrix, raised one "
        "level when the caller had at least --negative negative experiences (negative "
        "answers, complaints, reopened calls) in the --window-days before it opened, or when "
        "an XLA objective of its service is breached or at risk at its opening (the "
        "--agreement files, evaluated then; the demo uses its own). Never lowered. Plugins "
        "implementing xlacore_prioritize answer first. SRC is CONNECTOR:PATH.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("call", metavar="CALL", help="the id of the call to prioritise")
    add_record_arguments(parser)
    parser.add_argument("--agreement", nargs="+", metavar="FILE", default=[])
    parser.add_argument("--negative", type=int, default=2, help="negative experiences that count")
    parser.add_argument("--window-days", type=finite, default=30.0)
    parser.add_argument(
        "--matrix", metavar="JSON", help="priority matrix rows by impact, e.g. [[1,2],[2,3]]"
    )
    add_format_argument(parser)
    parser.set_defaults(handler=_run)


def _matrix(text: str | None) -> PriorityMatrix:
    if text is None:
        return ITIL_MATRIX
    try:
        rows = json.loads(text)
    except ValueError:
        raise InvalidInputError([f"{text!r} is not JSON"], what="--matrix") from None
    matrix: PriorityMatrix = from_dict(PriorityMatrix, {"levels": rows}, source="--matrix")
    return matrix


def _run(args: argparse.Namespace) -> int:
    calls, feedback = read_records(args)
    found = [c for c in calls if c.id == args.call]
    if not found:
        examples = ", ".join(c.id for c in calls[:3]) or "none read"
        raise InvalidInputError(
            [f"no call {args.call!r} in the data (ids look like: {examples})"], what="CALL"
        )
    call = found[0]
    settings = PrioritySettings(
        matrix=_matrix(args.matrix),
        negative_experiences=args.negative,
        window_seconds=round(args.window_days * 86_400),
    )
    agreements = None
    if args.agreement:
        agreements = load_agreements(*args.agreement)
    elif args.demo:
        from xlacore.demo.agreements import example_agreements

        agreements = example_agreements()
    report = None
    if agreements is not None:
        report = evaluate(agreements, calls, feedback, at=call.opened_at)
    history = PersonHistory.of(call.caller, calls, feedback)
    advice = default_registry().prioritize(call, history, report, settings)
    emit(advice, args, lambda: render_advice(advice))
    return 0
