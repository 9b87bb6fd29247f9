"""The plugin system: hooks, descriptors and the registry.

A plugin is a module (or an object) with ``@hookimpl`` functions, installed under the
``xlacore`` entry-point group::

    [project.entry-points.xlacore]
    acme = "xlacore_acme.plugin"

and implementing one or more registration hooks (:class:`~xlacore.plugins.hookspecs.XlaCoreSpecs`)::

    from xlacore.plugins import ConnectorDescriptor, hookimpl

    @hookimpl
    def xlacore_connectors():
        yield ConnectorDescriptor(name="acme-desk", connector=AcmeDeskConnector())

Domain code asks a :class:`PluginRegistry` (:func:`default_registry`, or one built with
:func:`make_registry`) for what plugins register; nothing is loaded at import time.
"""

from __future__ import annotations

from xlacore.plugins._loading import LoadFailure, Origin
from xlacore.plugins.descriptors import (
    NAME_PATTERN,
    ChangeConnectorDescriptor,
    ConnectorDescriptor,
    Descriptor,
    Render,
    RendererDescriptor,
    ScoringStrategyDescriptor,
)
from xlacore.plugins.listeners import LedgerListener
from xlacore.plugins.markers import ENTRY_POINT_GROUP, PROJECT_NAME, hookimpl
from xlacore.plugins.registry import (
    DISABLE_ENV,
    NO_ENTRY_POINTS_ENV,
    PluginInfo,
    PluginRegistry,
    default_registry,
    make_registry,
    reset_default_registry,
    using_registry,
)

__all__ = [
    # writing a plugin
    "PROJECT_NAME",
    "ENTRY_POINT_GROUP",
    "hookimpl",
    "NAME_PATTERN",
    "ScoringStrategyDescriptor",
    "ConnectorDescriptor",
    "ChangeConnectorDescriptor",
    "RendererDescriptor",
    "Descriptor",
    "Render",
    # using plugins
    "PluginRegistry",
    "PluginInfo",
    "LoadFailure",
    "Origin",
    "make_registry",
    "default_registry",
    "reset_default_registry",
    "using_registry",
    "DISABLE_ENV",
    "NO_ENTRY_POINTS_ENV",
    # live handling
    "LedgerListener",
]
