"""Row selections and score alignment shared by the analyses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.happiness import HappinessParams, happiness
from xlacore.scoring.score import GroupLabel, Score, ScoreStatus

__all__ = [
    "present",
    "select",
    "rows_with",
    "zero_to_ten",
    "happiness_points",
    "aligned",
    "happiness_by",
]


def present(columns: ObservationColumns, name: str) -> NDArray[np.bool_]:
    """Where column ``name`` has a value (all rows when it is never missing)."""
    mask = columns.mask(name)
    return np.ones(columns.n_rows, dtype=bool) if mask is None else mask


def select(columns: ObservationColumns, keep: NDArray[np.bool_]) -> ObservationColumns:
    """The rows where ``keep`` holds.

    Columns left without a missing entry lose their mask, so they can serve as group keys.
    """
    rows = columns.take(keep)
    masks = {name: mask for name, mask in rows.present.items() if not mask.all()}
    return ObservationColumns(rows.data, masks, rows.n_rows)


def rows_with(columns: ObservationColumns, *names: str) -> ObservationColumns:
    """The rows where every named column has a value."""
    keep = np.ones(columns.n_rows, dtype=bool)
    for name in names:
        keep &= present(columns, name)
    return select(columns, keep)


def zero_to_ten(answers: ObservationColumns, *names: str) -> ObservationColumns:
    """Answers on the 0-10 scale (happiness) that have a value in every named column."""
    answers = rows_with(answers, "value", "scale_low", "scale_high", *names)
    on_scale = (answers.column("scale_low") == 0) & (answers.column("scale_high") == 10)
    return select(answers, on_scale)


def happiness_points(values: NDArray[Any]) -> NDArray[np.float64]:
    """Each 0-10 answer's share of the happiness score: +100 (9-10), 0 (7-8), -100 (0-6).

    Their mean is exactly the happiness (NPS) of the answers, so a least-squares slope on
    them is a slope in happiness points.
    """
    return 100.0 * ((values >= 9).astype(np.float64) - (values <= 6).astype(np.float64))


def aligned(
    scores: Sequence[Score], labels: Sequence[GroupLabel], method: str
) -> tuple[Score, ...]:
    """One score per wanted label, in that order; a label without rows is insufficient data."""
    found = {s.group: s for s in scores}
    return tuple(
        found.get(label, Score(label, None, None, None, 0, method, ScoreStatus.INSUFFICIENT_DATA))
        for label in labels
    )


def happiness_by(
    answers: ObservationColumns, keys: Sequence[str], *, min_n: int, confidence: float
) -> Sequence[Score]:
    """Happiness per group of ``keys`` over 0-10 answers (answers must be filtered already)."""
    params = HappinessParams(min_n=min_n, confidence=confidence)
    return score(happiness, answers, params, by=keys)
