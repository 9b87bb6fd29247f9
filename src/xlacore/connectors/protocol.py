"""What a connector implements, and :func:`ingest`, which drives one.

A connector reads a source in chunks and yields :class:`Batch` es of calls and feedback,
keeping an :class:`~xlacore.connectors.account.IngestAccount` as it goes. Its options are an
attrs class (``options_type``), structured from plain data by xlacore's converter, so a
mapping file or ``--option key=value`` on the command line configures it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from attrs import frozen

from xlacore.connectors.account import IngestAccount
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback

__all__ = ["Batch", "Connector", "IngestResult", "ingest"]


@frozen
class Batch:
    """One chunk of what a connector read."""

    calls: tuple[Call, ...] = ()
    feedback: tuple[Feedback, ...] = ()


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
