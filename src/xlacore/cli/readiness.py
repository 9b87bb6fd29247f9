"""``xlacore readiness``: whether the data and the organisation are ready for XLAs."""

from __future__ import annotations

import argparse

from xlacore import load_agreements
from xlacore.cli import command_help
from xlacore.cli.evaluate import parse_at
from xlacore.cli.output import add_format_argument, emit
from xlacore.cli.period import add_period_arguments, window_days
from xlacore.cli.sources import add_record_arguments, check_record_arguments, read_records
from xlacore.cli.usage import HelpFormatter, count, examples, finite
from xlacore.errors import InvalidInputError
from xlacore.insights.care.care_text import render_readiness
from xlacore.insights.survey.questionnaire import (
    DEFAULT_MIN_RESPONDENTS,
    QuestionnaireResult,
    load_answers,
    load_questionnaire,
    score_questionnaire,
)
from xlacore.insights.survey.readiness import DataReadiness, ReadinessSettings, data_readiness

__all__ = ["add_parser"]

EPILOG = examples(
    "xlacore readiness --demo --agreement examples/agreements/workplace.toml",
    "xlacore readiness --calls servicenow:incident_event_log.csv.zip --half-width 15",
    "xlacore readiness --answers our-answers.toml",
    "xlacore readiness --demo --at 2026-05-01T00:00:00+00:00 --window-days 30",
    "xlacore readiness --answers team-answers.toml --min-respondents 8",
    "xlacore readiness --answers our-answers.toml --questions our-questions.toml --format json",
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``readiness``."""
    parser = subparsers.add_parser(
        "readiness",
        help=command_help("readiness"),
        description="Check whether the data can carry experience agreements (answers per "
        "service and channel against the answers an interval of --half-width needs, channel "
        "coverage, event history, assignment groups, calendars, baseline length) over the "
        "--window-days up to --at (default: the 90 days up to the latest event) and score the "
        "organisational questionnaire on the three preconditions from an answers file: ready "
        "only with --min-respondents respondents and every statement answered. Give calls (SRC is "
        "CONNECTOR:PATH, or --demo), --answers, or both. The shipped questionnaire is "
        "xlacore/insights/survey/readiness_questions.toml: copy and edit it, then pass it with "
        "--questions. An answers file holds statement id = answer (1 strongly disagree ... 5 "
        "strongly agree), e.g. culture-1 = 4, for one respondent, or one table per respondent "
        "([alice] culture-1 = 4).",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    add_record_arguments(parser, required=False)
    parser.add_argument(
        "--agreement", nargs="+", metavar="FILE", default=[], help="files with the calendars"
    )
    parser.add_argument("--answers", metavar="FILE", help="questionnaire answers (TOML or JSON)")
    parser.add_argument("--questions", metavar="FILE", help="an edited questionnaire (TOML)")
    parser.add_argument(
        "--half-width", type=finite, default=10.0, help="widest interval wanted, ± happiness points"
    )
    parser.add_argument("--confidence", type=finite, default=0.95)
    parser.add_argument("--baseline-days", type=int, default=90)
    add_period_arguments(parser, window="default 90")
    parser.add_argument(
        "--min-respondents",
        type=count,
        default=DEFAULT_MIN_RESPONDENTS,
        help=f"respondents the questionnaire needs (default {DEFAULT_MIN_RESPONDENTS})",
    )
    add_format_argument(parser)
    parser.set_defaults(handler=_run)


def _data(args: argparse.Namespace) -> DataReadiness | None:
    check_record_arguments(args)
    if not args.demo and args.calls is None:
        return None
    calls, feedback = read_records(args)
    calendars = load_agreements(*args.agreement).calendars.values() if args.agreement else ()
    days = window_days(args)
    settings = ReadinessSettings(
        half_width=args.half_width,
        confidence=args.confidence,
        baseline_days=args.baseline_days,
        window_days=90.0 if days is None else days,
    )
    return data_readiness(
        calls, feedback, calendars=tuple(calendars), settings=settings, at=parse_at(args.at)
    )


def _organisation(args: argparse.Namespace) -> QuestionnaireResult | None:
    if args.answers is None:
        return None
    answers, lines = load_answers(args.answers)
    questionnaire = load_questionnaire(args.questions)
    return score_questionnaire(
        questionnaire,
        answers,
        lines=lines,
        source=args.answers,
        min_respondents=args.min_respondents,
    )


def _run(args: argparse.Namespace) -> int:
    if not args.demo and args.calls is None and args.answers is None:
        raise InvalidInputError(
            ["give --calls SRC (or --demo), --answers FILE, or both"], what="arguments"
        )
    data, organisation = _data(args), _organisation(args)
    emit(
        {"data": data, "organisation": organisation},
        args,
        lambda: render_readiness(data, organisation),
    )
    return 0
