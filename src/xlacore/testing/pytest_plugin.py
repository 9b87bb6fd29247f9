"""pytest fixtures for testing xlacore plugins, active wherever xlacore is installed.

``xlacore_registry`` is a registry with the built-ins only (no installed plugins), which
:func:`~xlacore.plugins.default_registry` also returns during the test.
``xlacore_make_registry(*plugins)`` builds such a registry with your plugins registered
in-process, strictly: a broken plugin raises instead of being skipped with a warning.
pytest loads this module in every session where xlacore is installed, so it imports the plugin
system only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from xlacore.plugins import PluginRegistry

__all__ = ["MakeRegistry", "xlacore_make_registry", "xlacore_registry"]

MakeRegistry = Callable[..., "PluginRegistry"]
"""``make(*plugins, strict=True) -> PluginRegistry``; the result is also the default."""


@pytest.fixture
def xlacore_make_registry() -> Iterator[MakeRegistry]:
    """Build isolated registries of the built-ins plus the plugins given.

    Installed plugins are not loaded. The last registry built is what
    :func:`~xlacore.plugins.default_registry` returns until the test ends.
    """
    from xlacore.plugins import make_registry, using_registry

    with ExitStack() as stack:

        def make(*plugins: object, strict: bool = True) -> PluginRegistry:
            registry = make_registry(entry_points=False, plugins=plugins, strict=strict)
            stack.enter_context(using_registry(registry))
            return registry

        yield make


@pytest.fixture
def xlacore_registry(xlacore_make_registry: MakeRegistry) -> PluginRegistry:
    """An isolated registry of the built-in plugins only (also the default during the test)."""
    return xlacore_make_registry()
