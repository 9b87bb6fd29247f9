"""``xlacore openslo``: OpenSLO v1 documents in (``import``) and out (``export``).

What has no counterpart on the other side is never dropped silently: each such part is
printed on standard error as ``KEY-PATH: REASON``, after the documents are written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from xlacore import load_agreements
from xlacore.cli.output import put_out
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.openslo import Unmapped, export_openslo, load_openslo

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``openslo`` with its ``import`` and ``export`` subcommands."""
    parser = subparsers.add_parser(
        "openslo",
        help="import OpenSLO v1 SLOs into agreements, export objectives to OpenSLO",
        description="Translate between OpenSLO v1 YAML (SLO, SLI and Service documents) and "
        "xlacore agreement files. Ratio SLIs over xlacore metric sources map both ways; what "
        "does not map is listed on stderr as KEY-PATH: REASON. Needs xlacore[openslo].",
        epilog=examples(
            "xlacore openslo import slos.yaml -o agreements.json",
            "xlacore openslo export agreements.toml -o slos.yaml",
        ),
        formatter_class=HelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    reading = actions.add_parser(
        "import",
        help="OpenSLO YAML to an xlacore agreement file (JSON)",
        description="Read OpenSLO v1 documents (one YAML stream, '---' between documents) "
        "and write the agreements they describe as an xlacore agreement file in JSON: one "
        "agreement per Service, one objective per SLO objective. Problems are reported as "
        "FILE:LINE: $[DOCUMENT].KEY-PATH: MESSAGE (documents count from 0); exit 2.",
        epilog=examples(
            "xlacore openslo import slos.yaml",
            "xlacore openslo import slos.yaml -o agreements.json",
        ),
        formatter_class=HelpFormatter,
    )
    reading.add_argument("file", metavar="FILE.yaml", help="OpenSLO v1 YAML")
    reading.add_argument("-o", "--output", metavar="FILE", help="write the JSON to FILE")
    reading.set_defaults(handler=_import)
    writing = actions.add_parser(
        "export",
        help="agreement files to OpenSLO YAML",
        description="Read agreement files (TOML or JSON) and write each agreement as an "
        "OpenSLO Service and each objective that maps as a ratio SLO with an inline SLI.",
        epilog=examples(
            "xlacore openslo export agreements.toml",
            "xlacore openslo export agreements.toml --agreement workplace-xla -o slos.yaml",
        ),
        formatter_class=HelpFormatter,
    )
    writing.add_argument("files", metavar="AGREEMENTS", nargs="+", help="agreement files")
    writing.add_argument(
        "--agreement",
        metavar="NAME",
        action="append",
        default=[],
        help="export this agreement only (repeatable; default: every agreement)",
    )
    writing.add_argument("-o", "--output", metavar="FILE", help="write the YAML to FILE")
    writing.set_defaults(handler=_export)


def _import(args: argparse.Namespace) -> int:
    result = load_openslo(args.file)
    put_out(result.json, args.output, args.command)
    _list_unmapped(result.unmapped, "in xlacore")
    return 0


def _export(args: argparse.Namespace) -> int:
    result = export_openslo(load_agreements(*args.files), args.agreement)
    put_out(result.yaml, args.output, args.command)
    _list_unmapped(result.unmapped, "in OpenSLO v1")
    return 0


def _list_unmapped(unmapped: Sequence[Unmapped], where: str) -> None:
    """Say on stderr what was left out, one ``path: reason`` a line."""
    if not unmapped:
        return
    sys.stdout.flush()  # the documents printed before stay before the list
    count = len(unmapped)
    parts = f"{count} part{'s' if count != 1 else ''}"
    print(f"left out, without a counterpart {where} ({parts}):", file=sys.stderr)
    for part in unmapped:
        print(f"  {part}", file=sys.stderr)
