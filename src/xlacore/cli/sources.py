"""``CONNECTOR:PATH`` arguments and connector options, resolved through the plugin registry.

The one place the command line turns a source argument into records, so ``ingest``,
``evaluate``, ``insights`` and the proactive-care commands read sources the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from xlacore.cli import EXIT_REJECTED
from xlacore.cli.progress import watched
from xlacore.connectors.account import IngestAccount
from xlacore.connectors.protocol import Connector, IngestResult, ingest
from xlacore.errors import InvalidInputError, XlaCoreError
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.model.services import ServiceCatalog
from xlacore.plugins import default_registry

if TYPE_CHECKING:
    from xlacore.scoring.columns import ObservationColumns
from xlacore.serialization import from_dict, from_json

__all__ = [
    "split_source",
    "connector_named",
    "connector_options",
    "read_source",
    "add_record_arguments",
    "check_record_arguments",
    "read_records",
    "add_catalogue_argument",
    "service_names",
    "RejectLimit",
    "TooManyRejectedError",
    "add_max_rejected_argument",
    "rejection_limit",
    "ingest_command",
    "read_call_table",
]


@frozen
class RejectLimit:
    """How many rejected records a read may have: a count, a percentage, or (neither) all.

    ``--max-rejected 10`` allows 10 rejected records, ``--max-rejected 5%`` 5 % of the records
    read; more fails the command. Without it, a read fails only when it rejected every record
    it read (at least one): a source of nothing but rejections has nothing to report on. The
    percentage is a decimal, so ``0.1%`` of 1,000 records is exactly one record.
    """

    count: int | None = None
    percent: Decimal | None = None

    def exceeded(self, account: IngestAccount) -> bool:
        """Whether ``account`` rejected more than this limit allows."""
        if self.count is not None:
            return account.rejected > self.count
        if self.percent is not None:
            return account.rejected * 100 > self.percent * account.records_read
        return account.records_read > 0 and account.rejected == account.records_read

    def __str__(self) -> str:
        if self.count is not None:
            return f"--max-rejected {self.count}"
        if self.percent is not None:
            return f"--max-rejected {self.percent}%"
        return "the default (fail only when every record is rejected)"


def rejection_limit(text: str) -> RejectLimit:
    """An argparse type: ``N`` (a count, 0 or more) or ``P%`` (0 to 100 % of the records read)."""
    number = text.removesuffix("%")
    expected = f"{text!r}: expected a count (10) or a percentage (5%, 0.5%)"
    if number == text:
        if not text.isdigit():
            raise argparse.ArgumentTypeError(expected)
        return RejectLimit(count=int(text))
    try:
        percent = Decimal(number)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(expected) from None
    if not (percent.is_finite() and 0 <= percent <= 100):
        raise argparse.ArgumentTypeError(f"{text!r}: a percentage is 0% to 100%")
    return RejectLimit(percent=percent)


def add_max_rejected_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-rejected N|P%`` (see :class:`RejectLimit`)."""
    parser.add_argument(
        "--max-rejected",
        type=rejection_limit,
        default=RejectLimit(),
        metavar="N|P%",
        help="fail (exit 5) when more records are rejected than N, or than P%% of those read "
        "(default: only when every record read is rejected)",
    )


class TooManyRejectedError(XlaCoreError):
    """A source had more rejected records than ``--max-rejected`` allows (exit 5)."""

    exit_code = EXIT_REJECTED

    def __init__(self, source: str, account: IngestAccount, limit: RejectLimit) -> None:
        self.source = source
        self.account = account
        self.limit = limit
        if limit == RejectLimit():
            what = "nothing is left to report on (--max-rejected N|P% sets a limit)"
        else:
            what = f"more than {limit} allows"
        super().__init__(
            f"{source}: {account.rejected:,} of {account.records_read:,} records rejected; {what}"
        )


def ingest_command(source: str, mapping: str | None) -> str:
    """The ``xlacore ingest`` command line that lists the rejections of ``source``."""
    with_mapping = "" if mapping is None else f" --mapping {mapping}"
    return f"xlacore ingest {source}{with_mapping}"


def split_source(source: str) -> tuple[str, Path]:
    """The connector name and path of ``CONNECTOR:PATH``."""
    name, sep, path = source.partition(":")
    if not sep or not name or not path:
        raise InvalidInputError(
            [f"{source!r}: expected CONNECTOR:PATH, e.g. servicenow:export.csv"],
            what="source",
        )
    return name, Path(path)


def connector_named(name: str) -> Connector:
    """The registered connector called ``name`` (unknown names list the known ones)."""
    return default_registry().connector(name).connector


def connector_options(
    connector: Connector, name: str, *, mapping: str | None = None, items: Sequence[str] = ()
) -> Any:
    """The connector's options from ``--mapping FILE`` and ``--option KEY=VALUE`` items.

    A VALUE is read as JSON when it parses as JSON, else as text; the options are validated
    by the connector's options type, so an unknown key is an error naming the known ones.
    """
    values: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise InvalidInputError([f"{item!r}: expected KEY=VALUE"], what="--option")
        try:
            values[key] = json.loads(text)
        except ValueError:
            values[key] = text
    if mapping is not None:
        if "mapping" not in attrs.fields_dict(connector.options_type):
            raise InvalidInputError(
                [f"the {name} connector takes no mapping file"], what="--mapping"
            )
        values["mapping"] = mapping
    return from_dict(connector.options_type, values, source=f"{name} options")


def read_source(
    source: str,
    *,
    mapping: str | None = None,
    items: Sequence[str] = (),
    strict: bool = False,
    progress: bool | None = None,
) -> IngestResult:
    """Everything read from ``CONNECTOR:PATH`` (for small data; ``ingest`` streams).

    A progress line is drawn on stderr when ``progress`` is True, or (None) when stderr is a
    terminal.
    """
    name, path = split_source(source)
    connector = connector_named(name)
    options = connector_options(connector, name, mapping=mapping, items=items)
    return ingest(watched(connector, source, progress, path), path, options, strict=strict)


def add_progress_argument(parser: argparse.ArgumentParser) -> None:
    """``--progress`` / ``--no-progress``: the progress line, drawn on a terminal by default."""
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw a progress line on stderr while reading, with the share done and time left "
        "of plain text files (default: only when stderr is a terminal)",
    )


def add_record_arguments(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """``--calls SRC`` or ``--demo``, with ``--feedback SRC`` and the two mapping files."""
    source = parser.add_mutually_exclusive_group(required=required)
    source.add_argument("--calls", metavar="SRC", help="where the calls come from")
    source.add_argument("--demo", action="store_true", help="use the built-in demo data")
    parser.add_argument("--feedback", metavar="SRC", help="where the survey answers come from")
    parser.add_argument("--calls-mapping", metavar="FILE", help="mapping file for --calls")
    parser.add_argument("--feedback-mapping", metavar="FILE", help="mapping file for --feedback")
    add_progress_argument(parser)
    add_max_rejected_argument(parser)


def check_record_arguments(args: argparse.Namespace) -> None:
    """Refuse options of :func:`add_record_arguments` that nothing would read.

    ``--demo`` brings its own calls and answers; a mapping file needs its source, and
    ``--feedback`` needs ``--calls``. Silently ignoring them would report on other data
    than the user meant.
    """
    # Each option, its value, and the source option it is read with.
    options = (
        ("--feedback", args.feedback, "--calls", args.calls),
        ("--calls-mapping", args.calls_mapping, "--calls", args.calls),
        ("--feedback-mapping", args.feedback_mapping, "--feedback", args.feedback),
    )
    problems = [
        f"{flag}: not read with --demo, which brings its own data"
        if args.demo
        else f"{flag}: no {source} to read it with"
        for flag, value, source, source_value in options
        if value is not None and (args.demo or source_value is None)
    ]
    if problems:
        raise InvalidInputError(problems, what="arguments")


def read_records(args: argparse.Namespace) -> tuple[tuple[Call, ...], tuple[Feedback, ...]]:
    """The calls and feedback named by :func:`add_record_arguments` (none: empty).

    Feedback comes from ``--feedback`` when given, else from the calls' own source.
    """
    check_record_arguments(args)
    if args.demo:
        from xlacore.demo import generate

        demo = generate()
        return demo.calls, demo.feedback
    if args.calls is None:
        return (), ()
    calls = _read_noting_rejections(args, args.calls, args.calls_mapping)
    if args.feedback is None:
        return calls.calls, calls.feedback
    feedback = _read_noting_rejections(args, args.feedback, args.feedback_mapping)
    return calls.calls, feedback.feedback


def _read_noting_rejections(
    args: argparse.Namespace, source: str, mapping: str | None
) -> IngestResult:
    """The source read; rejected records are counted on stderr, pointing to ``ingest``.

    More rejections than ``--max-rejected`` allows raise :class:`TooManyRejectedError`.
    """
    result = read_source(source, mapping=mapping, progress=args.progress)
    _note_rejections(args, source, mapping, result.account)
    return result


def _note_rejections(
    args: argparse.Namespace, source: str, mapping: str | None, account: IngestAccount
) -> None:
    if account.rejected:
        print(
            f"xlacore {args.command}: {source}: {account.rejected} of {account.records_read} "
            f"records rejected; '{ingest_command(source, mapping)}' lists them",
            file=sys.stderr,
        )
    if args.max_rejected.exceeded(account):
        raise TooManyRejectedError(source, account, args.max_rejected)


def read_call_table(args: argparse.Namespace) -> ObservationColumns | None:
    """The ``--calls`` source as call columns, when its connector reads it natively so.

    Only for ``--calls`` alone (no ``--feedback``, no ``--demo``, no progress line asked
    for) and a source the connector reads as columns itself
    (:func:`~xlacore.connectors.columnar.native_columns`: deriving columns from objects
    would only be slower than reading the objects); rejected records are noted and limited
    as :func:`read_records` does. None: read the records instead (also when the source
    holds answers, which the records path joins to their calls).
    """
    check_record_arguments(args)
    if args.demo or args.calls is None or args.feedback is not None or args.progress:
        return None
    name, path = split_source(args.calls)
    connector = connector_named(name)
    options = connector_options(connector, name, mapping=args.calls_mapping)
    account = IngestAccount()
    from xlacore.connectors.columnar import native_columns

    batches = native_columns(connector, path, options, account)
    if batches is None:
        return None
    from xlacore.connectors.protocol import ColumnBatch

    read = ColumnBatch.concat(list(batches))
    if read.feedback.n_rows:
        return None
    _note_rejections(args, args.calls, args.calls_mapping, account)
    return read.calls


def add_catalogue_argument(parser: argparse.ArgumentParser) -> None:
    """``--catalogue FILE``: a JSON service catalogue whose names reports show."""
    parser.add_argument(
        "--catalogue",
        metavar="FILE",
        help="JSON service catalogue: reports name services by it (default with --demo: the "
        "demo's catalogue)",
    )


def service_names(args: argparse.Namespace) -> dict[str, str]:
    """Service id → name from ``--catalogue FILE``, or the demo's catalogue with ``--demo``."""
    if args.catalogue is not None:
        path = Path(args.catalogue)
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError(
                [f"{path}: cannot be read ({exc})"], what="--catalogue"
            ) from None
        catalogue: ServiceCatalog = from_json(ServiceCatalog, text, source=str(path))
    elif args.demo:
        from xlacore.demo import demo_catalogue

        catalogue = demo_catalogue()
    else:
        return {}
    return {s.id: s.name for s in catalogue.services}
