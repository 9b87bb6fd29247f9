"""Scoring: observation columns, mergeable statistics and the built-in strategies.

A strategy (:class:`ScoringStrategy`) accumulates statistics of observation columns per group,
merges them (chunks, streams, clusters) and finalises them into scores (:class:`Score`) with their n
and interval. :func:`score` runs one over a table; :func:`builtin_strategy` is the default
:data:`StrategyResolver` of evaluation. Each strategy's parameters are its own attrs class.
"""

from xlacore.scoring.builtin import BUILTIN_STRATEGIES, builtin_strategy
from xlacore.scoring.ces import CesParams
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.composite import Component, CompositeParams
from xlacore.scoring.csat import CsatParams
from xlacore.scoring.engine import score, stream
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.happiness import HappinessParams
from xlacore.scoring.mean import MeanParams
from xlacore.scoring.normalisation import Band, Normalisation
from xlacore.scoring.observations import call_observations, feedback_observations
from xlacore.scoring.params import CommonParams
from xlacore.scoring.percentile import MedianParams, PercentileParams
from xlacore.scoring.proportion import ProportionParams
from xlacore.scoring.protocol import ScoringStrategy, StrategyResolver
from xlacore.scoring.score import Score, ScoreStatus

__all__ = [
    # scores and strategies
    "Score",
    "ScoreStatus",
    "ScoringStrategy",
    "StrategyResolver",
    "BUILTIN_STRATEGIES",
    "builtin_strategy",
    # running one
    "ObservationColumns",
    "call_observations",
    "feedback_observations",
    "Grouping",
    "score",
    "stream",
    # the built-ins' parameters
    "CommonParams",
    "HappinessParams",
    "CsatParams",
    "CesParams",
    "MeanParams",
    "MedianParams",
    "PercentileParams",
    "ProportionParams",
    "CompositeParams",
    "Component",
    "Normalisation",
    "Band",
]
