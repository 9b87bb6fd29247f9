"""``--format parquet`` and ``--format arrow``: the report as a table file for data tools.

One row per objective result, the columns of :meth:`~xlacore.evaluation.report.Report.to_frame`,
written by pyarrow (``xlacore[arrow]``) as Parquet or as an Arrow IPC file. The bytes go to
``--output FILE`` (written atomically), or to standard output (no ``--output``, or ``-``)
when it is not a terminal (a pipe).
"""

from __future__ import annotations

import io
import sys

from xlacore.cli.output import STDOUT, put_bytes
from xlacore.errors import InvalidInputError, MissingExtraError
from xlacore.evaluation.report import Report

__all__ = ["TABLE_FORMATS", "put_table", "table_bytes"]

#: The binary table formats, beside the renderers' text formats.
TABLE_FORMATS = ("parquet", "arrow")


def table_bytes(report: Report, fmt: str) -> bytes:
    """The report's rows as a Parquet file or an Arrow IPC file, in memory."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError(f"--format {fmt}", "arrow", "pyarrow") from None
    table = report.to_frame("pyarrow")
    sink = io.BytesIO()
    if fmt == "parquet":
        pq.write_table(table, sink)
    else:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    return sink.getvalue()


def put_table(report: Report, fmt: str, output: str | None, command: str) -> None:
    """Write the report as ``fmt`` to ``output``, or to standard output when piped."""
    if output in (None, STDOUT) and sys.stdout.isatty():
        raise InvalidInputError(
            [f"{fmt} is binary: give --output FILE, or pipe standard output"],
            what=f"--format {fmt}",
        )
    put_bytes(table_bytes(report, fmt), output, command)
