"""Connectors: readers of ITSM sources into calls and feedback that account for every record."""

from xlacore.connectors.account import IngestAccount, Issue, Location, RejectedRecordError
from xlacore.connectors.protocol import Batch, Connector, IngestResult, ingest

__all__ = [
    "Batch",
    "Connector",
    "IngestAccount",
    "IngestResult",
    "Issue",
    "Location",
    "RejectedRecordError",
    "ingest",
]
