"""``CONNECTOR:PATH`` arguments, resolved through the plugin registry, in one place."""

from __future__ import annotations

from pathlib import Path

from xlacore.connectors.protocol import Connector, IngestResult, ingest
from xlacore.errors import InvalidInputError
from xlacore.plugins import default_registry

__all__ = ["split_source", "connector_named", "read_source"]


def split_source(source: str) -> tuple[str, Path]:
    """The connector name and path of ``CONNECTOR:PATH``."""
    name, sep, path = source.partition(":")
    if not sep or not name or not path:
        raise InvalidInputError(
            [f"{source!r}: expected CONNECTOR:PATH, e.g. servicenow:export.csv"],
            what="source",
        )
    return name, Path(path)


def connector_named(name: str) -> Connector:
    """The registered connector called ``name`` (unknown names list the known ones)."""
    return default_registry().connector(name).connector


def read_source(source: str, *, strict: bool = False) -> IngestResult:
    """Everything read from ``CONNECTOR:PATH`` with the connector's default options."""
    name, path = split_source(source)
    return ingest(connector_named(name), path, strict=strict)
