"""Registers the built-in connectors and change connectors of :mod:`xlacore.connectors.builtin`."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from xlacore.connectors.builtin import BUILTIN_CHANGE_CONNECTORS, BUILTIN_CONNECTORS
from xlacore.plugins.descriptors import ChangeConnectorDescriptor, ConnectorDescriptor
from xlacore.plugins.markers import hookimpl


@hookimpl
def xlacore_connectors() -> Iterator[ConnectorDescriptor]:
    """One descriptor per built-in connector, described by its class docstring's first line."""
    for connector in BUILTIN_CONNECTORS:
        doc = inspect.getdoc(type(connector)) or ""
        yield ConnectorDescriptor(connector.name, connector, doc.partition("\n")[0])


@hookimpl
def xlacore_change_connectors() -> Iterator[ChangeConnectorDescriptor]:
    """One descriptor per built-in change connector (the BPI 2014 change export)."""
    for name, read, description in BUILTIN_CHANGE_CONNECTORS:
        yield ChangeConnectorDescriptor(name, read, description)
