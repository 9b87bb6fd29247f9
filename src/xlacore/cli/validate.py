"""``xlacore validate``: check agreement files and report every problem with file and line."""

from __future__ import annotations

import argparse
import sys

from xlacore import load_agreements
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.evaluation.documents import DocumentError

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``validate``."""
    parser = subparsers.add_parser(
        "validate",
        help="check agreement files",
        description="Read agreement files (TOML or JSON) and report every problem as "
        "FILE:LINE: KEY-PATH: MESSAGE. Exit 0 when valid, 2 otherwise.",
        epilog=examples(
            "xlacore validate agreements.toml",
            "xlacore validate sla.toml xla.toml calendars.toml",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("files", metavar="FILE", nargs="+")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        documents = load_agreements(*args.files)
    except DocumentError as exc:
        for problem in exc.located:
            print(problem, file=sys.stderr)
        return 2
    print(f"ok: {len(documents.documents)} documents in {', '.join(args.files)}")
    return 0
