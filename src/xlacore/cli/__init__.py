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
from typing import Any

from xlacore.errors import XlaCoreError

__all__ = ["main"]

#: Subcommands, in the order ``--help`` lists them: name → (module, one-line help). The
#: top-level help needs only the lines, so a run imports the module of its own command alone
#: (the modules import most of xlacore: all of them cost about 250 ms).
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("xlacore.cli.demo", "show xlacore on built-in demo data"),
    "ingest": ("xlacore.cli.ingest", "read an ITSM export and account for every record"),
    "validate": ("xlacore.cli.validate", "check agreement files"),
    "schema": ("xlacore.cli.schema", "print a JSON Schema (agreement files, JSON report)"),
    "openslo": (
        "xlacore.cli.openslo",
        "import OpenSLO v1 SLOs into agreements, export objectives to OpenSLO",
    ),
    "evaluate": ("xlacore.cli.evaluate", "evaluate agreements over calls and feedback"),
    "insights": (
        "xlacore.cli.insights",
        "lifecycle effects, lost time, channels, journeys, factors, knowledge, surveys",
    ),
    "problems": (
        "xlacore.cli.problems",
        "recurring calls as problem candidates; calls that followed changes",
    ),
    "prioritize": (
        "xlacore.cli.prioritize",
        "priority advice for a call, taking the caller's experience into account",
    ),
    "readiness": (
        "xlacore.cli.readiness",
        "data and organisational readiness for experience agreements",
    ),
    "plugins": (
        "xlacore.cli.plugins",
        "list plugins, what they register (strategies, connectors, renderers) and load failures",
    ),
}

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = tuple(module for module, _ in COMMANDS.values())

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


def command_help(name: str) -> str:
    """The one-line help of subcommand ``name`` (its module's ``add_parser`` passes it on)."""
    return COMMANDS[name][1]


class _Version(argparse.Action):
    """``--version``: reads the version only when asked (``importlib.metadata`` is slow)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from xlacore import __version__

        print(f"xlacore {__version__}")
        parser.exit()


def build_parser(only: str | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered.

    With ``every=False`` only the subcommand ``only`` (if any) is registered in full; the
    others carry their one-line help alone, which is all the top-level help and an unknown
    command's error show, so their modules are not imported.
    """
    parser = argparse.ArgumentParser(
        prog="xlacore",
        description="eXperience Level Agreements for IT service management.",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback when something fails"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, summary) in COMMANDS.items():
        if every or name == only:
            importlib.import_module(module_name).add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=summary)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand an argument list runs: its first word that is no option."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def _failed(args: argparse.Namespace, reason: str, code: int) -> int:
    """Say why the command failed in one line (with the traceback under --debug)."""
    if args.debug:
        traceback.print_exc()
    print(f"xlacore {args.command}: error: {reason}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command_of(words), every=False)
    args = parser.parse_args(words)

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
