"""A progress line on standard error while a connector reads a long source.

Shown when standard error is a terminal (``--no-progress`` hides it, ``--progress`` draws it
anyway); redrawn in place at most ten times a second with the records read and rejected, the
rate and, for a plain text file, the share done of an estimated total and the time left; and
erased at the end. Connectors do not know how many records a source holds: the total of a
plain CSV or JSON Lines file is estimated from its size and the lines of its first megabyte
(``~``), and a compressed or binary file shows the rate only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from attrs import Factory, define, field

from xlacore.connectors.account import IngestAccount
from xlacore.connectors.protocol import Batch, Connector

__all__ = ["INTERVAL", "Progress", "Watched", "estimate_records", "watched"]

INTERVAL = 0.1
"""Seconds between redraws."""

_SAMPLE = 1 << 20
_PLAIN = frozenset({".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json"})


def estimate_records(path: Path) -> int | None:
    """About how many lines a plain text file holds (None: compressed, binary or unreadable).

    A file of at most a megabyte is counted; a larger one is its size over the mean length of
    the lines in its first megabyte. A header line counts as a record: a slight overestimate.
    """
    if path.suffix.lower() not in _PLAIN:
        return None
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            sample = file.read(_SAMPLE)
    except OSError:
        return None
    if size <= len(sample):
        return sample.count(b"\n") + (bool(sample) and not sample.endswith(b"\n")) or None
    whole = sample[: sample.rfind(b"\n") + 1]  # the sample's complete lines
    lines = whole.count(b"\n")
    return round(size / (len(whole) / lines)) if lines else None


def _clock_text(seconds: float) -> str:
    minutes, second = divmod(round(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"


@define
class Progress:
    """The progress line of one source, drawn on ``stream``."""

    label: str
    stream: IO[str]
    total: int | None = None
    """The records expected (an estimate), or None when not known."""
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=Factory(lambda self: self.clock(), takes_self=True))
    shown: float | None = None

    def line(self, account: IngestAccount, now: float) -> str:
        """The text of the line at ``now``: counts, rate, and share done and time left."""
        read = account.records_read
        rate = read / max(now - self.started, 1e-9)
        counted = f"{read:,} records read"
        if self.total and read <= self.total:
            left = (self.total - read) / rate if rate > 0 else None
            eta = "" if left is None else f", ETA {_clock_text(left)}"
            counted = f"{read:,} of ~{self.total:,} records ({read / self.total:.0%}{eta})"
        return f"{self.label}: {counted}, {account.rejected:,} rejected ({rate:,.0f}/s)"

    def update(self, account: IngestAccount) -> None:
        """Redraw the line if it was last drawn more than :data:`INTERVAL` ago."""
        now = self.clock()
        if self.shown is not None and now - self.shown < INTERVAL:
            return
        self.shown = now
        self.stream.write(f"\r{self.line(account, now)}\033[K")
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


def watched(connector: Connector, label: str, asked: bool | None, path: Path) -> Connector:
    """``connector`` with a progress line: when ``asked``, or (None) when stderr is a terminal."""
    if not (sys.stderr.isatty() if asked is None else asked):
        return connector
    return Watched(connector, Progress(label, sys.stderr, estimate_records(path)))
