"""``xlacore schema``: the JSON Schemas of agreement files and of the JSON report."""

from __future__ import annotations

import argparse
import json

from xlacore.cli import command_help
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.schemas import SCHEMAS

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``schema``."""
    parser = subparsers.add_parser(
        "schema",
        help=command_help("schema"),
        description="Print the JSON Schema (draft 2020-12) of agreement files or of the "
        "report that --format json prints.",
        epilog=examples(
            "xlacore schema agreement > agreement.schema.json",
            "xlacore schema report",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("name", choices=sorted(SCHEMAS))
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    print(json.dumps(SCHEMAS[args.name](), indent=2))
    return 0
