"""The built-in strategies by name, for the plugin system to register."""

from __future__ import annotations

from typing import Any

from xlacore.errors import UnknownNameError
from xlacore.scoring.ces import ces
from xlacore.scoring.composite import CompositeStrategy
from xlacore.scoring.csat import csat
from xlacore.scoring.happiness import happiness
from xlacore.scoring.mean import mean
from xlacore.scoring.percentile import median, percentile
from xlacore.scoring.proportion import proportion
from xlacore.scoring.protocol import ScoringStrategy

__all__ = ["BUILTIN_STRATEGIES", "builtin_strategy", "composite"]


def builtin_strategy(name: str) -> ScoringStrategy[Any, Any]:
    """The built-in strategy called ``name``; the error lists the known names.

    The default :data:`~xlacore.scoring.protocol.StrategyResolver` of evaluation.
    """
    for known, strategy in BUILTIN_STRATEGIES:
        if known == name:
            return strategy
    raise UnknownNameError("scoring strategy", name, (k for k, _ in BUILTIN_STRATEGIES))


composite = CompositeStrategy(builtin_strategy)
"""The built-in ``composite`` strategy; its components are resolved among the built-ins.

:meta hide-value:
"""

BUILTIN_STRATEGIES: tuple[tuple[str, ScoringStrategy[Any, Any]], ...] = (
    ("ces", ces),
    ("composite", composite),
    ("csat", csat),
    ("happiness", happiness),
    ("mean", mean),
    ("median", median),
    ("percentile", percentile),
    ("proportion", proportion),
)
"""``(name, strategy)`` pairs, sorted by name.

:meta hide-value:
"""
