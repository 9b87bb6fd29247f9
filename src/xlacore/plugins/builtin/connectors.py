"""Registers the built-in connectors of :mod:`xlacore.connectors.builtin`."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from xlacore.connectors.builtin import BUILTIN_CONNECTORS
from xlacore.plugins._markers import hookimpl
from xlacore.plugins.descriptors import ConnectorDescriptor


@hookimpl
def xlacore_connectors() -> Iterator[ConnectorDescriptor]:
    """One descriptor per built-in connector, described by its class docstring's first line."""
    for connector in BUILTIN_CONNECTORS:
        doc = inspect.getdoc(type(connector)) or ""
        yield ConnectorDescriptor(connector.name, connector, doc.partition("\n")[0])
