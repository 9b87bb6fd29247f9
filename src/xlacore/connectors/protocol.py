"""What a connector implements, and :func:`ingest`, which drives one.

A connector reads a source in chunks and yields :class:`Batch` es of calls and feedback,
keeping an :class:`~xlacore.connectors.account.IngestAccount` as it goes. Its options are an
attrs class (``options_type``), structured from plain data by xlacore's converter, so a
mapping file or ``--option key=value`` on the command line configures it.

Every connector also has a columnar view: :class:`ColumnBatch` es of observation columns,
read by :func:`xlacore.connectors.columnar.read_columns`. A :class:`ColumnarConnector` reads
the sources it can natively as columns; for every other source (and every other connector)
the columns are derived from each object batch as it streams. The objects view (``read``,
:func:`ingest`) stays for small data and single entities.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from attrs import field, frozen

from xlacore.connectors.account import IngestAccount
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    CALL_COLUMNS,
    FEEDBACK_COLUMNS,
    call_observations,
    feedback_observations,
)

__all__ = [
    "Batch",
    "ColumnBatch",
    "ColumnarConnector",
    "Connector",
    "IngestResult",
    "ingest",
]


@frozen
class Batch:
    """One chunk of what a connector read."""

    calls: tuple[Call, ...] = ()
    feedback: tuple[Feedback, ...] = ()


def _no_calls() -> ObservationColumns:
    return call_observations(())


def _no_feedback() -> ObservationColumns:
    return feedback_observations(())


#: The fixed columns of an answer table, in their order.
_ANSWER_COLUMNS = (*CALL_COLUMNS, *FEEDBACK_COLUMNS)


@frozen
class ColumnBatch:
    """One chunk of what a connector read, as observation columns.

    ``calls`` has the columns of :func:`~xlacore.scoring.observations.call_observations`
    (one row per call, with its attributes), ``feedback`` those of
    :func:`~xlacore.scoring.observations.feedback_observations` of the answers alone (one row
    per answer; its call columns are missing, since the call an answer is about may come in
    another batch: join answers to calls once both are read). Compare two batches column by
    column, not with ``==`` (observation columns compare by row count only).
    """

    calls: ObservationColumns = field(factory=_no_calls)
    feedback: ObservationColumns = field(factory=_no_feedback)

    @classmethod
    def of(cls, batch: Batch) -> ColumnBatch:
        """The columns of an object batch: how a connector without native columns has them."""
        return cls(call_observations(batch.calls), feedback_observations(batch.feedback))

    @classmethod
    def concat(cls, batches: Sequence[ColumnBatch]) -> ColumnBatch:
        """The rows of ``batches`` one after another, as if they had been read as one batch.

        Batches may differ in their attribute columns (a derived batch has those its own
        calls carry): a column that a batch lacks is missing in its rows. The fixed columns
        come first, in their order, then the others by name, as the objects path orders
        them. No batches give empty columns.
        """
        if not batches:
            return cls()
        return cls(
            _union([b.calls for b in batches], CALL_COLUMNS),
            _union([b.feedback for b in batches], _ANSWER_COLUMNS),
        )


def _union(tables: Sequence[ObservationColumns], fixed: Sequence[str]) -> ObservationColumns:
    """:meth:`ObservationColumns.concat` of tables that may lack some of each other's columns."""
    names = {name for table in tables for name in table.names}
    order = [n for n in fixed if n in names] + sorted(names - set(fixed))
    types: dict[str, np.dtype[Any]] = {}
    for table in reversed(tables):  # a column's type: that of the first table with it
        types.update((name, table.data[name].dtype) for name in table.names)
    padded = []
    for table in tables:
        n = table.n_rows
        lacking = [name for name in order if name not in table]
        data = {
            name: table.data[name] if name in table else np.zeros(n, dtype=types[name])
            for name in order
        }
        present = {**table.present, **{name: np.zeros(n, dtype=bool) for name in lacking}}
        padded.append(ObservationColumns(data, present, n))
    return ObservationColumns.concat(padded)


@runtime_checkable
class Connector(Protocol):
    """What a connector provides."""

    options_type: type[Any]

    def read(self, path: Path, options: Any, account: IngestAccount) -> Iterator[Batch]:
        """Yield batches from ``path``; account for every record read in ``account``.

        Malformed records are rejected through ``account.reject`` (with their location),
        never raised; only a source that cannot be read at all raises
        :class:`~xlacore.errors.ConnectorError`.
        """
        ...


@runtime_checkable
class ColumnarConnector(Connector, Protocol):
    """A connector that reads some sources natively as columns (an option, not a duty).

    A connector without ``read_columns`` has its columns derived from its batches by
    :func:`xlacore.connectors.columnar.read_columns`; one with it is asked first.
    """

    def read_columns(
        self, path: Path, options: Any, account: IngestAccount
    ) -> Iterator[ColumnBatch] | None:
        """Column batches of ``path`` as ``read`` gives them, or None.

        Concatenated (:meth:`ColumnBatch.concat`), the batches equal :meth:`ColumnBatch.of`
        of ``read``'s batches concatenated, and ``account`` ends
        as ``read`` leaves it: the same records read and accepted, the same rejections and
        warnings in the same order (strict mode raising at the same one). None when the
        connector does not read this source as columns: nothing was read and ``account`` is
        untouched, so the caller reads it through ``read``.
        """
        ...


@frozen
class IngestResult:
    """Everything a connector read, with its account."""

    calls: tuple[Call, ...]
    feedback: tuple[Feedback, ...]
    account: IngestAccount


def ingest(
    connector: Connector, path: str | Path, options: Any = None, *, strict: bool = False
) -> IngestResult:
    """Read a whole source into memory (for small data and tests; stream ``read`` for volume).

    ``options`` defaults to ``connector.options_type()``.
    """
    account = IngestAccount(strict=strict)
    calls: list[Call] = []
    feedback: list[Feedback] = []
    chosen = connector.options_type() if options is None else options
    for batch in connector.read(Path(path), chosen, account):
        calls.extend(batch.calls)
        feedback.extend(batch.feedback)
    return IngestResult(tuple(calls), tuple(feedback), account)
