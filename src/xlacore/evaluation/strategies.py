"""Strategy names resolved to strategies and their parameters, in one place.

Names resolve against the plugin registry (the default one, or the one a test or an
embedder installed with :func:`xlacore.plugins.using_registry`), so third-party strategies
work in agreements exactly like the built-in ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from xlacore.errors import InvalidInputError, ScoringError
from xlacore.model.indicators import Indicator
from xlacore.model.objectives import Objective
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.serialization import from_dict

__all__ = ["resolve_strategy", "structure_params", "objective_params"]


def resolve_strategy(name: str) -> ScoringStrategy[Any, Any]:
    """The strategy registered as ``name``; :class:`~xlacore.errors.UnknownNameError` if none."""
    from xlacore.plugins import default_registry  # the registry imports evaluation's layers

    return default_registry().scoring_strategy(name).strategy


def structure_params(strategy: ScoringStrategy[Any, Any], params: Mapping[str, Any]) -> Any:
    """The strategy's parameter object from plain data.

    :raises InvalidInputError: with key paths relative to the parameters.
    """
    try:
        return from_dict(strategy.params_type, dict(params))
    except ScoringError as exc:
        raise InvalidInputError([f"$: {exc}"]) from None


def objective_params(indicator: Indicator, objective: Objective) -> Any:
    """The indicator's parameters with the objective's minimum n applied."""
    params = structure_params(resolve_strategy(indicator.strategy), indicator.params)
    if attrs.has(type(params)) and "min_n" in attrs.fields_dict(type(params)):
        params = attrs.evolve(params, min_n=objective.min_n)
    return params
