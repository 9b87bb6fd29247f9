"""The project name shared by pluggy's markers and the entry-point group."""

from __future__ import annotations

import pluggy

__all__ = ["ENTRY_POINT_GROUP", "PROJECT_NAME", "hookimpl"]

PROJECT_NAME = "xlacore"
"""The project name pluggy knows xlacore's hooks by (hook implementations of others are ignored)."""

ENTRY_POINT_GROUP = "xlacore"
"""The entry-point group third-party distributions declare their plugins in."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a function or method as an xlacore hook implementation.

:meta hide-value:
"""
