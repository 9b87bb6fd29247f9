"""Tools for testing xlacore and its plugins (requires ``xlacore[testing]``).

- :mod:`xlacore.testing.strategies`: hypothesis strategies for every model type.
- :mod:`xlacore.testing.contracts`: checks a plugin author runs against their own scoring
  strategy, connector, change connector or renderer.
- :mod:`xlacore.testing.pytest_plugin`: the ``xlacore_registry`` and ``xlacore_make_registry``
  fixtures, registered automatically with pytest when xlacore is installed.

The names below are imported on first use: pytest loads this package for every session, which
must not pay for hypothesis or the plugin system. The rest of xlacore never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlacore._lazy import load

if TYPE_CHECKING:
    from xlacore.testing import strategies
    from xlacore.testing.contracts import (
        assert_same_columns,
        check_change_connector,
        check_connector,
        check_plugin,
        check_renderer,
        check_scoring_strategy,
    )

__all__ = [
    "check_plugin",
    "check_scoring_strategy",
    "check_connector",
    "check_change_connector",
    "check_renderer",
    "assert_same_columns",
    "strategies",
]

_MODULES = {
    n: "xlacore.testing.strategies" if n == "strategies" else "xlacore.testing.contracts"
    for n in __all__
}


def __getattr__(name: str) -> Any:
    """The names of :data:`__all__`, imported on first use."""
    return load(globals(), _MODULES, name)


def __dir__() -> list[str]:
    return sorted(__all__)
