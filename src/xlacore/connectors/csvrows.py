"""The CSV reading core shared by the ServiceNow and the mapped connectors.

It opens a plain, ``.gz`` or ``.zip`` file, reads the header, and yields each data row with
its line number. Rows that cannot be trusted are rejected here, once, for every connector:
undecodable bytes, a field count that differs from the header's, blank rows and rows the
``csv`` module cannot parse. Only a file that cannot be read at all raises.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from attrs import field, frozen

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.arrowrows import columnar_format
from xlacore.connectors.files import open_text
from xlacore.errors import ConnectorError

__all__ = ["CsvDialect", "CsvRows", "csv_rows"]

_REPLACEMENT = "\ufffd"


class _Reader(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


def _one_char(_: object, attribute: object, value: str) -> None:
    if len(value) != 1:
        raise ValueError(f"the delimiter and quote must be one character, got {value!r}")


@frozen
class CsvDialect:
    """How a CSV file is written: delimiter, quote character, text encoding, zip member."""

    delimiter: str = field(default=",", validator=_one_char)
    quotechar: str = field(default='"', validator=_one_char)
    encoding: str = "utf-8-sig"
    member: str | None = None


@frozen
class CsvRows:
    """An open CSV file: its header, a column lookup, and its data rows with line numbers."""

    source: str
    header: tuple[str, ...]
    rows: Iterator[tuple[int, list[str]]]

    def index(self, column: str) -> int | None:
        """The position of a column in the header, or ``None`` when it is absent."""
        try:
            return self.header.index(column)
        except ValueError:
            return None

    def require(self, columns: Sequence[str]) -> dict[str, int]:
        """Positions of columns that must be present; :class:`ConnectorError` names the missing."""
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise ConnectorError(
                f"{self.source}: missing column(s) {', '.join(map(repr, missing))}"
                f" (the header has: {', '.join(h for h in self.header if h)})"
            )
        return {c: self.header.index(c) for c in columns}


@contextmanager
def csv_rows(
    path: Path, dialect: CsvDialect, account: IngestAccount, id_column: str | None = None
) -> Iterator[CsvRows]:
    """Open ``path`` and read its header; the rows are read lazily while iterating.

    Every data row that is yielded is well formed (as many fields as the header, decodable);
    the others are rejected in ``account`` with their line, their record id (from
    ``id_column`` when the row reaches it) and the reason.
    """
    source = str(path)
    with open_text(path, dialect.member, dialect.encoding) as text:
        reader = csv.reader(text, delimiter=dialect.delimiter, quotechar=dialect.quotechar)
        try:
            header = next(reader)
        except StopIteration:
            raise ConnectorError(f"{source}: empty file, no header") from None
        except csv.Error as exc:
            raise ConnectorError(f"{source}: unreadable header ({exc})") from None
        if _REPLACEMENT in "".join(header):
            columnar = columnar_format(path, "csv")
            if columnar is not None:
                raise ConnectorError(
                    f"{source}: a {columnar.capitalize()} file, not CSV; read it with the "
                    f"mapped connector (format = \"{columnar}\"; pip install 'xlacore[arrow]')"
                )
            raise ConnectorError(
                f"{source}: the header is not {dialect.encoding} text; set the encoding"
            )
        names = tuple(h.strip() for h in header)
        id_index = names.index(id_column) if id_column in names else None
        rows = _rows(reader, len(names), id_index, source, dialect, account)
        yield CsvRows(source, names, rows)


def _rows(  # noqa: PLR0917
    reader: _Reader,
    width: int,
    id_index: int | None,
    source: str,
    dialect: CsvDialect,
    account: IngestAccount,
) -> Iterator[tuple[int, list[str]]]:
    line_num = reader.line_num
    while True:
        start = line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line_num = reader.line_num
            account.reject(Location(source, start), f"unparseable CSV ({exc})")
            continue
        line_num = reader.line_num
        joined = "".join(row)
        if len(row) == width and joined and _REPLACEMENT not in joined:
            yield start, row
            continue
        record = row[id_index] or None if id_index is not None and id_index < len(row) else None
        location = Location(source, start, record)
        if not joined:
            # the csv module already skips truly empty lines; this one had only delimiters
            account.reject(location, "blank row (every field empty)")
        elif len(row) != width:
            account.reject(location, f"{len(row)} fields where the header has {width}")
        else:
            account.reject(location, f"bytes that are not {dialect.encoding} text")
