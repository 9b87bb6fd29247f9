"""Built-in plugins: modules that only *register* what lives elsewhere in xlacore.

They are registered through the same path as installed plugins, under their module names, and
cannot be disabled.
"""

from __future__ import annotations

__all__ = ["BUILTIN_PLUGINS"]

BUILTIN_PLUGINS: tuple[str, ...] = (
    "xlacore.plugins.builtin.connectors",
    "xlacore.plugins.builtin.prioritization",
    "xlacore.plugins.builtin.renderers",
    "xlacore.plugins.builtin.scoring",
)
"""The modules of the built-in plugins, in registration order."""
