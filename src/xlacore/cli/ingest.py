"""``xlacore ingest``: read an ITSM source through a connector and print its account."""

from __future__ import annotations

import argparse
from typing import Any

from xlacore.cli import EXIT_OK, command_help
from xlacore.cli.output import add_format_argument, emit
from xlacore.cli.progress import watched
from xlacore.cli.sources import (
    TooManyRejectedError,
    add_max_rejected_argument,
    add_progress_argument,
    connector_named,
    connector_options,
    split_source,
)
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.connectors.account import IngestAccount
from xlacore.connectors.columnar import native_columns
from xlacore.connectors.summary import IngestSummary, ingest_report

__all__ = ["add_parser"]

_SHOWN = 20


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``ingest``."""
    parser = subparsers.add_parser(
        "ingest",
        help=command_help("ingest"),
        description="Read SRC (CONNECTOR:PATH, e.g. servicenow:incident_event_log.csv.zip) "
        "and print how many records were read, accepted and rejected (with locations and "
        "reasons), the warnings, and the calls by channel, kind and service. Plain, .gz "
        "and .zip files are read. Exit 0; 5 after printing the account when more records "
        "were rejected than --max-rejected allows (by default: when every record was); 2 "
        "when the source cannot be read (or, with --strict, at the first rejected record).",
        epilog=examples(
            "xlacore ingest servicenow:incident_event_log.csv.zip",
            "xlacore ingest mapped:tickets.csv --mapping tickets.toml --format json",
            "xlacore ingest servicenow:export.csv --option timezone=Europe/Amsterdam --strict",
            "xlacore ingest mapped:tickets.csv --mapping tickets.toml --max-rejected 5%",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("source", metavar="SRC", help="CONNECTOR:PATH")
    add_format_argument(parser)
    parser.add_argument("--mapping", metavar="FILE", help="mapping file (mapped connectors)")
    parser.add_argument("--strict", action="store_true", help="stop at the first rejected record")
    add_max_rejected_argument(parser)
    add_progress_argument(parser)
    parser.add_argument(
        "--option",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a connector option (VALUE is JSON when it parses as JSON, else text); repeatable",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    name, path = split_source(args.source)
    connector = connector_named(name)
    options = connector_options(connector, name, mapping=args.mapping, items=args.option)
    account = IngestAccount(strict=args.strict)
    summary = IngestSummary()
    # The connector's own columns when it has them (a progress line follows its records).
    columns = None if args.progress else native_columns(connector, path, options, account)
    if columns is not None:
        for table in columns:
            summary.add_columns(table)
    else:
        reader = watched(connector, args.source, args.progress, path)
        for batch in reader.read(path, options, account):
            summary.add(batch)
    report = ingest_report(account, summary)
    emit(report, args, lambda: render_table(args.source, report) + "\n")
    if args.max_rejected.exceeded(account):  # after the account, which says which and why
        raise TooManyRejectedError(args.source, account, args.max_rejected)
    return EXIT_OK


def _counts(title: str, counts: dict[str, int]) -> list[str]:
    total = sum(counts.values()) or 1
    width = max((len(k) for k in counts), default=0)
    lines = [title]
    lines += [f"  {k:<{width}}  {n:>9,}  {100 * n / total:5.1f} %" for k, n in counts.items()]
    return lines


def _issues(title: str, issues: list[dict[str, Any]]) -> list[str]:
    if not issues:
        return []
    shown = f" (first {_SHOWN} of {len(issues):,})" if len(issues) > _SHOWN else ""
    lines = [f"{title}{shown}"]
    for issue in issues[:_SHOWN]:
        where = issue["location"]
        text = where["source"] if where["line"] is None else f"{where['source']}:{where['line']}"
        if where["record"] is not None:
            text += f" (record {where['record']})"
        lines.append(f"  {text}: {issue['reason']}")
    return lines


def render_table(source: str, report: dict[str, Any]) -> str:
    """The human-readable form of an ingest report."""
    lines = [
        f"ingest {source}",
        f"  records   {report['records_read']:>9,} read, {report['accepted']:,} accepted, "
        f"{report['rejected']:,} rejected",
        f"  calls     {report['calls']:>9,}",
        f"  feedback  {report['feedback']:>9,}",
        f"  warnings  {len(report['warnings']):>9,}",
        "",
    ]
    lines += _counts("calls by channel", report["by_channel"])
    lines += _counts("calls by kind", report["by_kind"])
    lines += _counts("calls by service", report["by_service"])
    lines += _issues("rejections", report["rejections"])
    lines += _issues("warnings", report["warnings"])
    return "\n".join(lines)
