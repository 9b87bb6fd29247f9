"""Parquet and Arrow IPC files as records for the mapped connector.

A Parquet file (``format = "parquet"``) or an Arrow IPC file or stream (``format =
"arrow"``, also called Feather v2) is read in record batches through pyarrow, the optional
extra ``xlacore[arrow]``. A file whose first bytes say Parquet or Arrow is read as such
whatever ``format`` says, so ``mapped:tickets.parquet`` with a CSV mapping just works rather
than failing on "encoding". Each row becomes a record of text, as the CSV core gives one:
typed values are written as the mapped connector reads text (whole floats without ``.0``,
flags as ``true``/``false``, times in ISO 8601, which the connector always accepts from
these files). A record's location is its row (from 1, no header).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlacore.errors import ConnectorError, MissingExtraError

__all__ = ["ARROW_FORMATS", "arrow_records", "columnar_format", "date_formats"]

#: The ``[source] format`` values this module reads.
ARROW_FORMATS = ("parquet", "arrow")

_MAGIC = {b"PAR1": "parquet", b"ARROW1": "arrow"}
_BATCH_ROWS = 65_536


def columnar_format(path: Path, declared: str) -> str | None:
    """``parquet`` or ``arrow`` when the mapping says so or the file starts like one."""
    if declared in ARROW_FORMATS:
        return declared
    try:
        with path.open("rb") as handle:
            head = handle.read(6)
    except OSError:
        return None
    return next((fmt for magic, fmt in _MAGIC.items() if head.startswith(magic)), None)


def date_formats(path: Path, declared: str, formats: tuple[str, ...]) -> tuple[str, ...]:
    """The timestamp formats to read ``path`` with: ISO 8601 added for typed times."""
    if columnar_format(path, declared) is None or "iso" in formats:
        return formats
    return (*formats, "iso")


def _text(value: object, missing: frozenset[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, (datetime, date)):
        text = value.isoformat()
    else:
        text = str(value)
    return None if text in missing else text


def _batches(path: Path, fmt: str) -> Iterator[Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError(f"reading {path.name} ({fmt})", "arrow", "pyarrow") from None
    try:
        if fmt == "parquet":
            yield from pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS)
            return
        try:
            reader: Any = pa.ipc.open_file(path)
            batches = (reader.get_batch(i) for i in range(reader.num_record_batches))
        except pa.ArrowInvalid:
            reader = pa.ipc.open_stream(path)
            batches = iter(reader)
        yield from batches
    except (OSError, pa.ArrowException) as exc:
        raise ConnectorError(f"{path}: not a readable {fmt} file ({exc})") from None


def arrow_records(
    path: Path, fmt: str, missing: frozenset[str]
) -> Iterator[tuple[int, dict[str, str | None]]]:
    """Every row of a Parquet or Arrow file as ``(row from 1, record of text)``."""
    if not path.is_file():
        raise ConnectorError(f"{path}: no such file")
    row = 0
    for batch in _batches(path, fmt):
        for values in batch.to_pylist():
            row += 1
            yield row, {str(k): _text(v, missing) for k, v in values.items()}
