"""Names a package offers but imports on first use, for faces that must stay cheap to import.

A package whose names need an optional extra (``xlacore.scale``: Dask) or that pytest loads
for every session (``xlacore.testing``) lists them in ``__all__`` and resolves them here from
its module ``__getattr__``, so importing the package imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def load(namespace: dict[str, Any], modules: Mapping[str, str], name: str) -> Any:
    """``name`` imported from its module in ``modules`` and kept in ``namespace``.

    A name that maps to its own submodule (``"strategies": "xlacore.testing.strategies"``) is
    that module. Any other name raises the ``AttributeError`` Python's own would.
    """
    module = modules.get(name)
    if module is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    imported = importlib.import_module(module)
    value = imported if module == f"{namespace['__name__']}.{name}" else getattr(imported, name)
    namespace[name] = value
    return value
