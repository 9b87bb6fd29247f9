"""Connectors: readers of ITSM sources into calls, feedback and changes, every record counted."""

from xlacore.connectors.account import IngestAccount, Issue, Location, RejectedRecordError
from xlacore.connectors.changes import ChangeReader, ChangesRead, read_changes
from xlacore.connectors.columnar import read_columns
from xlacore.connectors.protocol import (
    Batch,
    ColumnarConnector,
    ColumnBatch,
    Connector,
    IngestResult,
    ingest,
)

__all__ = [
    "Batch",
    "ChangeReader",
    "ChangesRead",
    "ColumnBatch",
    "ColumnarConnector",
    "Connector",
    "IngestAccount",
    "IngestResult",
    "Issue",
    "Location",
    "RejectedRecordError",
    "ingest",
    "read_changes",
    "read_columns",
]
