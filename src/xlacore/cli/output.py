"""``--format text|json`` for the analysis commands: text for people, JSON for programs."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from xlacore.serialization import to_dict

__all__ = ["FORMATS", "add_format_argument", "emit"]

#: The formats an analysis command prints.
FORMATS = ("text", "json")


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` (default ``text``)."""
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text for people, json for programs"
    )


def emit(result: object, fmt: str, text: Callable[[], str]) -> None:
    """Print ``result`` as JSON (its plain-data form), or the text ``text()`` makes."""
    if fmt == "json":
        print(json.dumps(to_dict(result), indent=2, ensure_ascii=False))
    else:
        print(text(), end="")
