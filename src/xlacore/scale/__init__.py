"""Scale-out: the same mergeable statistics on distributed engines.

:mod:`xlacore.scale.plan` holds what any engine runs (accumulate, merge, finalise);
:mod:`xlacore.scale.dask` runs it on Dask (optional extra ``xlacore[dask]``). The names below
are imported on first use, so ``import xlacore.scale`` needs no extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlacore._lazy import load

if TYPE_CHECKING:
    from xlacore.scale.dask import (
        calls_frame,
        evaluate_dask,
        feedback_frame,
        read_calls,
        score_dask,
    )
    from xlacore.scale.plan import Reducer, ScoringPlan, merge_in_order

__all__ = [
    # on Dask (``xlacore[dask]``)
    "evaluate_dask",
    "score_dask",
    "read_calls",
    "calls_frame",
    "feedback_frame",
    # on any engine
    "ScoringPlan",
    "Reducer",
    "merge_in_order",
]

_ENGINE = ("ScoringPlan", "Reducer", "merge_in_order")
_MODULES = {n: f"xlacore.scale.{'plan' if n in _ENGINE else 'dask'}" for n in __all__}


def __getattr__(name: str) -> Any:
    """The names of :data:`__all__`, imported on first use."""
    return load(globals(), _MODULES, name)


def __dir__() -> list[str]:
    return sorted(__all__)
