"""A progress line on standard error while a connector reads a long source.

Shown when standard error is a terminal or ``--progress`` asks for it; redrawn in place at
most ten times a second with the records read, rejected and the rate, and erased at the end.
Connectors do not know how many records a source holds, so the line counts; it cannot show a
share done.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from attrs import Factory, define, field

from xlacore.connectors.account import IngestAccount
from xlacore.connectors.protocol import Batch, Connector

__all__ = ["INTERVAL", "Progress", "Watched", "watched"]

INTERVAL = 0.1
"""Seconds between redraws."""


@define
class Progress:
    """The progress line of one source, drawn on ``stream``."""

    label: str
    stream: IO[str]
    started: float = field(factory=time.monotonic)
    shown: float | None = None

    def update(self, account: IngestAccount) -> None:
        """Redraw the line if it was last drawn more than :data:`INTERVAL` ago."""
        now = time.monotonic()
        if self.shown is not None and now - self.shown < INTERVAL:
            return
        self.shown = now
        rate = account.records_read / max(now - self.started, 1e-9)
        self.stream.write(
            f"\r{self.label}: {account.records_read:,} records read, "
            f"{account.rejected:,} rejected ({rate:,.0f}/s)\033[K"
        )
        self.stream.flush()

    def close(self) -> None:
        """Erase the line, so what follows starts on a clean one."""
        if self.shown is not None:
            self.stream.write("\r\033[K")
            self.stream.flush()


@define
class Watched:
    """A connector that draws ``progress`` after every batch of the one it wraps."""

    connector: Connector
    progress: Progress
    options_type: type[Any] = field(
        init=False, default=Factory(lambda self: self.connector.options_type, takes_self=True)
    )

    def read(self, path: Path, options: Any, account: IngestAccount) -> Iterator[Batch]:
        """The wrapped connector's batches, unchanged."""
        try:
            for batch in self.connector.read(path, options, account):
                self.progress.update(account)
                yield batch
        finally:
            self.progress.close()


def watched(connector: Connector, label: str, asked: bool) -> Connector:
    """``connector`` with a progress line when asked or when stderr is a terminal."""
    if not (asked or sys.stderr.isatty()):
        return connector
    return Watched(connector, Progress(label, sys.stderr))
