"""Strategies' parameters structured, checked and read, and the columns agreements read.

:func:`columns_read` gathers what an agreement set's indicators and agreements read.

Names resolve through the :data:`~xlacore.scoring.protocol.StrategyResolver` the caller
passes: the built-ins by default, a plugin registry's at the face (the CLI and
:func:`xlacore.evaluate`), so third-party strategies work in agreements exactly like the
built-in ones while evaluation never imports the plugins.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from xlacore.errors import InvalidInputError, ScoringError, UnknownNameError
from xlacore.model.conditions import condition_fields
from xlacore.model.documents import AgreementSet
from xlacore.model.indicators import Indicator
from xlacore.model.objectives import Objective
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.composite import CompositeParams, CompositeStrategy
from xlacore.scoring.protocol import ScoringStrategy, StrategyResolver
from xlacore.serialization import from_dict

__all__ = ["structure_params", "objective_params", "param_columns", "columns_read"]


def structure_params(strategy: ScoringStrategy[Any, Any], params: Mapping[str, Any]) -> Any:
    """The strategy's parameter object from plain data.

    A composite's components get their parameters structured by their own strategies, so a
    composite written in an agreement file scores like one built in Python.

    :raises InvalidInputError: with key paths relative to the parameters.
    """
    data = dict(params)
    try:
        if isinstance(strategy, CompositeStrategy):
            data = _with_component_params(strategy, data)
        return from_dict(strategy.params_type, data)
    except ScoringError as exc:
        raise InvalidInputError([f"$: {exc}"]) from None


def _with_component_params(strategy: CompositeStrategy, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each component's ``params`` replaced by its strategy's parameter object."""
    components = data.get("components")
    if not isinstance(components, list | tuple):
        return data  # structuring reports what is wrong with it
    problems: list[str] = []
    structured: list[Any] = []
    for index, component in enumerate(components):
        path = f"$.components[{index}]"
        if not isinstance(component, Mapping) or not isinstance(component.get("strategy"), str):
            structured.append(component)
            continue
        params = component.get("params", {})
        if not isinstance(params, Mapping):
            problems.append(f"{path}.params: expected a table of the strategy's parameters")
            continue
        try:
            inner = strategy.component_strategy(component["strategy"])
            structured.append({**component, "params": structure_params(inner, params)})
        except UnknownNameError as exc:
            problems.append(f"{path}.strategy: {exc}")
        except InvalidInputError as exc:
            problems += [f"{path}.params{problem[1:]}" for problem in exc.problems]
    if problems:
        raise InvalidInputError(problems)
    return {**data, "components": structured}


def objective_params(
    indicator: Indicator, objective: Objective, strategies: StrategyResolver
) -> Any:
    """The indicator's parameters with the objective's minimum n applied (to every component)."""
    params = structure_params(strategies(indicator.strategy), indicator.params)
    return _with_min_n(params, objective.min_n)


def _with_min_n(params: Any, min_n: int) -> Any:
    if isinstance(params, CompositeParams):
        parts = params.components
        components = tuple(attrs.evolve(c, params=_with_min_n(c.params, min_n)) for c in parts)
        return attrs.evolve(params, components=components)
    if attrs.has(type(params)) and "min_n" in attrs.fields_dict(type(params)):
        return attrs.evolve(params, min_n=min_n)
    return params


def param_columns(params: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """``(key path, column)`` of each column the parameters read, components' included.

    Every parameter whose name ends in ``column`` names one (``column``, ``weight_column``).
    """
    if isinstance(params, CompositeParams):
        for index, component in enumerate(params.components):
            yield from param_columns(component.params, f"{path}.components[{index}].params")
    elif attrs.has(type(params)):
        for name, value in attrs.asdict(params, recurse=False).items():
            if name.endswith("column") and isinstance(value, str):
                yield f"{path}.{name}", value


def columns_read(
    agreements: AgreementSet, strategies: StrategyResolver = builtin_strategy
) -> frozenset[str]:
    """The observation columns evaluating ``agreements`` may read.

    Conditions, segments, the timestamps that place rows in windows, the strategies' value
    and weight columns, the opening time for exclusions, the service and the latest moments.
    Only these are added (missing in every row) to a frame that lacks them, so a narrow
    frame of ten million answers does not grow by the twenty-odd call columns it has not.
    """
    read = {"service"}
    for indicator in agreements.indicators.values():
        read.add(indicator.attribution)
        for condition in (indicator.where, indicator.good):
            if condition is not None:
                read |= condition_fields(condition)
        params = structure_params(strategies(indicator.strategy), indicator.params)
        read |= {column for _, column in param_columns(params)}
    for agreement in agreements.agreements:
        for segment in agreement.segments:
            read |= condition_fields(segment.where)
        if agreement.exclusions:
            read.add("opened_at")
    return frozenset(read)
