"""Registers the built-in scoring strategies of :mod:`xlacore.scoring.builtin`."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from xlacore.plugins.descriptors import ScoringStrategyDescriptor
from xlacore.plugins.markers import hookimpl
from xlacore.scoring.builtin import BUILTIN_STRATEGIES


@hookimpl
def xlacore_scoring_strategies() -> Iterator[ScoringStrategyDescriptor]:
    """One descriptor per built-in strategy, described by its class docstring's first line."""
    for name, strategy in BUILTIN_STRATEGIES:
        doc = inspect.getdoc(type(strategy)) or ""
        yield ScoringStrategyDescriptor(name, strategy, doc.partition("\n")[0])
