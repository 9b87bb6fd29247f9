"""Connectors: readers of ITSM sources into calls, feedback and changes, every record counted."""

from xlacore.connectors.account import IngestAccount, Issue, Location, RejectedRecordError
from xlacore.connectors.changes import ChangeReader, ChangesRead, read_changes
from xlacore.connectors.protocol import Batch, Connector, IngestResult, ingest

__all__ = [
    "Batch",
    "ChangeReader",
    "ChangesRead",
    "Connector",
    "IngestAccount",
    "IngestResult",
    "Issue",
    "Location",
    "RejectedRecordError",
    "ingest",
    "read_changes",
]
