"""Cutting a stream into bounded chunks, so connectors yield batches of a fixed size."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["T", "chunked"]

#: An item of the stream :func:`chunked` cuts.
T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Consecutive tuples of at most ``size`` items (the last may be shorter; none is empty)."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk
