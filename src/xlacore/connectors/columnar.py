"""Every connector's columnar view: its source read as batches of observation columns.

:func:`read_columns` asks a :class:`~xlacore.connectors.protocol.ColumnarConnector` for its
native columns first (the mapped connector reads event-log CSVs so,
:mod:`xlacore.connectors.eventlog_columns`); when the connector has none for this source,
it derives the columns of each object batch as the connector yields it
(:meth:`~xlacore.connectors.protocol.ColumnBatch.of`), so memory stays bounded by one batch
and the account is the one the objects read keeps. A plugin connector that only implements
``read`` has the columnar view for free.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xlacore.connectors.account import IngestAccount
from xlacore.connectors.protocol import ColumnarConnector, ColumnBatch, Connector

__all__ = ["native_columns", "read_columns"]


def native_columns(
    connector: Connector, path: Path, options: Any, account: IngestAccount
) -> Iterator[ColumnBatch] | None:
    """The connector's own column batches of ``path``, or None (nothing read).

    None when the connector has no ``read_columns``, or it does not read this source as
    columns; the caller that wants columns anyway uses :func:`read_columns`.
    """
    if not isinstance(connector, ColumnarConnector):
        return None
    return connector.read_columns(path, options, account)


def read_columns(
    connector: Connector, path: str | Path, options: Any, account: IngestAccount
) -> Iterator[ColumnBatch]:
    """The source as column batches: native when the connector has them, else derived.

    Either way the batches concatenate (:meth:`ColumnBatch.concat`) to the columns of the
    objects ``connector.read`` yields, and ``account`` ends as that read leaves it.
    ``options`` None means ``connector.options_type()``.
    """
    source = Path(path)
    chosen = connector.options_type() if options is None else options
    native = native_columns(connector, source, chosen, account)
    if native is not None:
        return native
    return (ColumnBatch.of(batch) for batch in connector.read(source, chosen, account))
