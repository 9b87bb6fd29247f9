"""Registers the built-in connectors."""

from __future__ import annotations

from collections.abc import Iterator

from xlacore.connectors.jsonl import JSONL
from xlacore.plugins._markers import hookimpl
from xlacore.plugins.descriptors import ConnectorDescriptor


@hookimpl
def xlacore_connectors() -> Iterator[ConnectorDescriptor]:
    """The JSON Lines connector of xlacore's own record format."""
    yield ConnectorDescriptor(
        name="jsonl",
        connector=JSONL,
        description="JSON Lines of xlacore's own format: {'call': ...} / {'feedback': ...}",
    )
