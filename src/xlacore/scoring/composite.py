"""Composite scores: sub-scores normalised into bands, then combined by a rule."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
from attrs import field, frozen
from attrs.converters import optional as optional_converter
from attrs.validators import instance_of, optional

from xlacore.errors import ScoringError, UnknownNameError
from xlacore.model.validators import as_number, number, one_of, text
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.normalisation import Normalisation
from xlacore.scoring.protocol import ScoringStrategy, StrategyResolver
from xlacore.scoring.score import Score, ScoreStatus
from xlacore.scoring.stats import GroupStats

__all__ = ["Component", "CompositeParams", "CompositeStrategy"]

Rule = Literal["weighted_average", "minimum", "all_must_pass"]


def _parameter_object(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not attrs.has(type(value)):
        raise ScoringError(
            f"component {attribute.name} must be the strategy's parameter object "
            f"(such as HappinessParams()), got {type(value).__name__}; plain data from a file "
            "is structured by xlacore.evaluation.strategies.structure_params"
        )


@frozen(kw_only=True)
class Component:
    """One sub-score: a strategy (by name) with its parameters, normalisation and weight.

    ``params`` is the strategy's own parameter object (``HappinessParams()``), not plain
    data: agreement files get theirs structured by
    :func:`xlacore.evaluation.strategies.structure_params`. ``pass_at`` is the normalised
    value a component must reach under ``all_must_pass``.
    """

    strategy: str = field(validator=text)
    params: Any = field(validator=_parameter_object)
    normalisation: Normalisation = field(validator=instance_of(Normalisation))
    weight: float = field(default=1.0, converter=as_number, validator=number(0, above=True))
    pass_at: float | None = field(
        default=None, converter=optional_converter(as_number), validator=optional(number())
    )


def _tuple_of_components(components: Iterable[Component]) -> tuple[Component, ...]:
    return tuple(components)


@frozen(kw_only=True)
class CompositeParams:
    """The components and the rule that combines their normalised values."""

    components: tuple[Component, ...] = field(converter=_tuple_of_components)
    rule: Rule = field(
        default="weighted_average",
        validator=one_of("weighted_average", "minimum", "all_must_pass"),
    )

    def __attrs_post_init__(self) -> None:
        """Require components, and a pass mark on each for ``all_must_pass``."""
        if not self.components:
            raise ScoringError("a composite needs at least one component")
        if self.rule == "all_must_pass" and any(c.pass_at is None for c in self.components):
            raise ScoringError("rule 'all_must_pass' needs pass_at on every component")


def _component_names(params: CompositeParams) -> Iterator[str]:
    """Every strategy name the components use, at any depth."""
    for component in params.components:
        yield component.strategy
        if isinstance(component.params, CompositeParams):
            yield from _component_names(component.params)


@frozen
class _Pinned:
    """A resolver over strategies resolved once, by name."""

    strategies: Mapping[str, ScoringStrategy[Any, Any]]

    def __call__(self, name: str) -> ScoringStrategy[Any, Any]:
        try:
            return self.strategies[name]
        except KeyError:
            raise UnknownNameError("scoring strategy", name, self.strategies) from None


def _combine(
    rule: Rule, comps: Sequence[Component], v: Any, lo: Any, hi: Any
) -> tuple[float, float, float]:
    if rule == "weighted_average":
        w = np.array([c.weight for c in comps])
        return (float(w @ v / w.sum()), float(w @ lo / w.sum()), float(w @ hi / w.sum()))
    if rule == "minimum":
        return float(v.min()), float(lo.min()), float(hi.min())
    marks = np.array([c.pass_at for c in comps], dtype=np.float64)
    return tuple(float(np.all(x >= marks)) for x in (v, lo, hi))  # type: ignore[return-value]


class CompositeStrategy:
    """Combines normalised sub-scores: weighted average, minimum (least healthy) or all-pass.

    Each component's value and interval bounds pass through its normalisation (a monotone
    map), and the rule combines them; the resulting bounds are propagated, conservative bounds,
    not a joint confidence interval. ``all_must_pass`` scores 1 when every normalised value
    reaches its pass mark, else 0. A component without data makes the composite insufficient
    (suppressed if any is suppressed); n is the smallest component n.
    """

    params_type = CompositeParams

    def __init__(self, resolve: StrategyResolver) -> None:
        """``resolve`` turns a component's strategy name into a strategy."""
        self._resolve = resolve

    def component_strategy(self, name: str) -> ScoringStrategy[Any, Any]:
        """The strategy a component named ``name`` is scored by."""
        return self._resolve(name)

    def pinned(self, params: CompositeParams) -> CompositeStrategy:
        """This strategy with the components of ``params`` resolved now, nested ones too.

        The result no longer needs its resolver (a plugin registry does not pickle), so an
        evaluation plan holding it ships to cluster workers.
        """
        table: dict[str, ScoringStrategy[Any, Any]] = {}
        resolve = _Pinned(table)
        for name in sorted(_component_names(params)):
            found = self._resolve(name)
            table[name] = (
                CompositeStrategy(resolve) if isinstance(found, CompositeStrategy) else found
            )
        return CompositeStrategy(resolve)

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: CompositeParams
    ) -> tuple[GroupStats, ...]:
        """Each component's statistics."""
        return tuple(
            self._resolve(c.strategy).accumulate(columns, grouping, c.params)
            for c in params.components
        )

    def merge(self, a: tuple[GroupStats, ...], b: tuple[GroupStats, ...]) -> tuple[GroupStats, ...]:
        """Merge component by component."""
        if len(a) != len(b):
            raise ScoringError(f"cannot merge composites of {len(a)} and {len(b)} components")
        return tuple(x.merge(y) for x, y in zip(a, b, strict=True))

    def finalize(self, stats: tuple[GroupStats, ...], params: CompositeParams) -> Sequence[Score]:
        """The combined score per group."""
        comps = params.components
        per = [
            self._resolve(c.strategy).finalize(s, c.params)
            for c, s in zip(comps, stats, strict=True)
        ]
        method = f"composite-{params.rule.replace('_', '-')}"
        out = []
        for group_scores in zip(*per, strict=True):
            label = group_scores[0].group
            n = min(s.n for s in group_scores)
            states = {s.status for s in group_scores}
            if states != {ScoreStatus.OK}:
                worst = (
                    ScoreStatus.SUPPRESSED
                    if ScoreStatus.SUPPRESSED in states
                    else ScoreStatus.INSUFFICIENT_DATA
                )
                out.append(Score(label, None, None, None, n, method, worst))
                continue
            v, lo, hi = (np.zeros(len(comps)) for _ in range(3))
            for i, (c, s) in enumerate(zip(comps, group_scores, strict=True)):
                raw = [
                    s.value,
                    s.value if s.ci_low is None else s.ci_low,
                    s.value if s.ci_high is None else s.ci_high,
                ]
                normed = c.normalisation.apply(raw, truncate=False)
                ends = np.sort(normed[1:])
                v[i] = np.trunc(normed[0]) if c.normalisation.truncate else normed[0]
                lo[i] = np.floor(ends[0]) if c.normalisation.truncate else ends[0]
                hi[i] = ends[1]
            value, low, high = _combine(params.rule, comps, v, lo, hi)
            out.append(Score(label, value, min(low, value), max(high, value), n, method))
        return tuple(out)
