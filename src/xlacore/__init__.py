"""xlacore: eXperience Level Agreements for IT service management.

The model (:mod:`xlacore.model`), scoring (:mod:`xlacore.scoring`), SLA clocks
(:mod:`xlacore.clock`) and the plugin system (:mod:`xlacore.plugins`) are importable on their
own; this module only exposes the version and the error hierarchy.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from xlacore.errors import XlaCoreError

__all__ = ["XlaCoreError", "__version__"]

try:
    __version__: str = version("xlacore")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"
