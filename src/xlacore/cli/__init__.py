"""The ``xlacore`` command line; the only part of xlacore that prints.

Each subcommand lives in its own module exposing ``add_parser(subparsers)``, which registers
the subcommand and sets ``handler`` (a function taking the parsed arguments and returning the
exit code). Exit codes (the table in ``docs/cli.md``): 0 ok, 1 objectives breached when asked
to fail on them, 2 usage, input or environment error (a missing extra), 3 an internal error
(a bug in xlacore or a plugin: never mistaken for a breach), 4 no data to judge when asked to
fail on it, 5 more records rejected than ``--max-rejected`` allows, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from xlacore import __version__
from xlacore.errors import XlaCoreError

__all__ = ["main"]

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "xlacore.cli.demo",
    "xlacore.cli.ingest",
    "xlacore.cli.validate",
    "xlacore.cli.schema",
    "xlacore.cli.openslo",
    "xlacore.cli.evaluate",
    "xlacore.cli.insights",
    "xlacore.cli.problems",
    "xlacore.cli.prioritize",
    "xlacore.cli.readiness",
    "xlacore.cli.plugins",
)

EXIT_OK = 0
EXIT_BREACHED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_NO_DATA = 4
EXIT_REJECTED = 5
EXIT_INTERRUPTED = 130


def _os_reason(exc: OSError) -> str:
    """``PATH: reason`` for a file error, without Python's ``[Errno N]`` prefix."""
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror.lower()}"
    return str(exc)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="xlacore",
        description="eXperience Level Agreements for IT service management.",
    )
    parser.add_argument("--version", action="version", version=f"xlacore {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback when something fails"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def _failed(args: argparse.Namespace, reason: str, code: int) -> int:
    """Say why the command failed in one line (with the traceback under --debug)."""
    if args.debug:
        traceback.print_exc()
    print(f"xlacore {args.command}: error: {reason}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except (XlaCoreError, OSError) as exc:  # bad input or settings, a file
        reason = _os_reason(exc) if isinstance(exc, OSError) else str(exc)
        return _failed(args, reason, getattr(exc, "exit_code", EXIT_USAGE))
    except KeyboardInterrupt:
        return _failed(args, "interrupted", EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: one line, and never exit 1, which means "breached"
        reason = f"internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it"
        return _failed(args, reason, EXIT_INTERNAL)
    return code
