"""Where commands put what they print: ``--format table|json`` and ``--output FILE``.

A table for people, JSON for programs. Results go to standard output, or to ``--output``
byte for byte as they would have been printed; messages go to standard error. ``--output -``
is standard output. A file is written atomically (:func:`write_atomically`): a failure or
Ctrl-C leaves the previous file as it was, never half a new one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from xlacore.serialization import to_dict

__all__ = [
    "FORMATS",
    "STDOUT",
    "add_format_argument",
    "emit",
    "put_out",
    "put_bytes",
    "write_atomically",
]

#: The ``--output`` value that means standard output.
STDOUT = "-"

#: The formats a command that is not a report renderer prints.
FORMATS = ("table", "json")


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` (default ``table``) and ``--output``."""
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="table for people, json for programs"
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write the results to FILE, not stdout (-: stdout)"
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` at once: a temporary file beside it, synced, renamed.

    On any failure (or Ctrl-C) the temporary file is removed and ``path`` is left as it was;
    a file error names ``path``, not the temporary file.
    """
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def put_bytes(data: bytes, output: str | None, command: str) -> None:
    """Write ``data`` to the file ``output`` (saying so on stderr), or to stdout (none, ``-``)."""
    if output is None or output == STDOUT:
        sys.stdout.flush()  # text printed before stays before
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    write_atomically(path, data)
    sys.stdout.flush()  # what was printed before stays before the message
    print(f"xlacore {command}: wrote {path}", file=sys.stderr)


def put_out(text: str, output: str | None, command: str) -> None:
    """Write ``text`` to ``output`` as :func:`put_bytes` does, as UTF-8.

    Standard output gets it through ``sys.stdout``, so its own encoding and newlines apply
    as for anything printed; a file gets the bytes as rendered (CSV: CRLF).
    """
    if output is None or output == STDOUT:
        sys.stdout.write(text)
        return
    put_bytes(text.encode("utf-8"), output, command)


def emit(result: object, args: argparse.Namespace, table: Callable[[], str]) -> None:
    """Put out ``result`` as ``args.format`` asks: its plain-data JSON, or ``table()``."""
    if args.format == "json":
        text = json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = table()
    put_out(text, args.output, args.command)
