"""Where commands put what they print: ``--format table|json`` and ``--output FILE``.

A table for people, JSON for programs. Results go to standard output, or to ``--output``
byte for byte as they would have been printed; messages go to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from xlacore.serialization import to_dict

__all__ = ["FORMATS", "add_format_argument", "emit", "put_out"]

#: The formats a command that is not a report renderer prints.
FORMATS = ("table", "json")


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` (default ``table``) and ``--output``."""
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="table for people, json for programs"
    )
    parser.add_argument("--output", metavar="FILE", help="write the results to FILE, not stdout")


def put_out(text: str, output: str | None, command: str) -> None:
    """Write ``text`` to ``output`` (saying so on stderr), or to stdout without it."""
    if output is None:
        sys.stdout.write(text)
        return
    path = Path(output)
    path.write_text(text, encoding="utf-8", newline="")  # the bytes as rendered (CSV: CRLF)
    sys.stdout.flush()  # what was printed before stays before the message
    print(f"xlacore {command}: wrote {path}", file=sys.stderr)


def emit(result: object, args: argparse.Namespace, table: Callable[[], str]) -> None:
    """Put out ``result`` as ``args.format`` asks: its plain-data JSON, or ``table()``."""
    if args.format == "json":
        text = json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = table()
    put_out(text, args.output, args.command)
