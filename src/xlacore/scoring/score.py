"""The result of scoring one group: a value with its interval, n, method and status."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import InvariantError

__all__ = ["Score", "ScoreStatus", "GroupLabel", "scores_from_arrays"]

GroupLabel = tuple[Any, ...]
"""The key values of one group, in the grouping's key order (``()`` for "all")."""


class ScoreStatus(enum.Enum):
    """Whether a score carries a number, and if not, why not."""

    OK = "ok"
    """Enough observations: value and interval are set."""
    INSUFFICIENT_DATA = "insufficient_data"
    """Fewer observations than the indicator's minimum n (or none): no value."""
    SUPPRESSED = "suppressed"
    """Group smaller than the anonymity threshold: hidden from the breakdown."""


def _finite_or_none(_: object, attribute: Any, value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise InvariantError(attribute.name, f"must be finite or None, got {value!r}")


@frozen
class Score:
    """One group's score.

    ``value`` and the interval ``ci_low``..``ci_high`` are ``None`` unless ``status`` is
    :attr:`ScoreStatus.OK`; they are never NaN or infinite. ``n`` counts the observations that
    entered the score (answers that gave a value), and ``method`` names the interval method
    (``"adjusted-wald"``, ``"wilson"``, ``"t"``, ``"sketch"``, ``"composite-…"``). The interval
    need not contain ``value``: the adjusted-Wald interval is centred on the adjusted estimate.
    A score that breaks these rules raises :class:`~xlacore.errors.InvariantError` naming the
    field (a strategy's bug, reported as such).
    """

    group: GroupLabel
    value: float | None = field(validator=_finite_or_none)
    ci_low: float | None = field(validator=_finite_or_none)
    ci_high: float | None = field(validator=_finite_or_none)
    n: int
    method: str
    status: ScoreStatus = ScoreStatus.OK

    def __attrs_post_init__(self) -> None:
        """Hold the invariants between status, value and interval."""
        numbers = (self.value, self.ci_low, self.ci_high)
        if self.status is ScoreStatus.OK:
            if self.value is None:
                raise InvariantError("value", "a Score with status ok needs a value")
            if (self.ci_low is None) != (self.ci_high is None):
                raise InvariantError("ci_low", "ci_low and ci_high are both set or both None")
            if self.ci_low is not None and self.ci_high is not None and self.ci_low > self.ci_high:
                raise InvariantError("ci_low", f"ci_low {self.ci_low} > ci_high {self.ci_high}")
        elif any(x is not None for x in numbers):
            raise InvariantError("status", f"a {self.status.value} Score has no value or interval")
        if self.n < 0:
            raise InvariantError("n", f"must be >= 0, got {self.n}")

    @property
    def ok(self) -> bool:
        """True when the score carries a value."""
        return self.status is ScoreStatus.OK

    def _repr_html_(self) -> str:
        """The score as a one-row HTML table (what a notebook shows)."""
        from xlacore.notebook import html_table

        columns = ("group", "value", "low", "high", "n", "method", "status")
        group = ", ".join(map(str, self.group)) or "all"
        row = (group, self.value, self.ci_low, self.ci_high, self.n, self.method, self.status)
        return html_table(columns, [row])


def _floats(values: NDArray[Any]) -> list[Any]:
    return np.asarray(values, dtype=np.float64).tolist()  # type: ignore[no-any-return]


def scores_from_arrays(
    labels: Sequence[GroupLabel],
    *,
    value: NDArray[np.float64],
    low: NDArray[np.float64] | None,
    high: NDArray[np.float64] | None,
    n: NDArray[np.integer[Any]],
    method: str,
    status: NDArray[np.object_],
) -> tuple[Score, ...]:
    """Build one :class:`Score` per group from per-group arrays.

    ``status`` holds a :class:`ScoreStatus` per group. Any group whose value or interval is
    not finite is reported as insufficient data, so NaN and inf never reach a result.
    """
    finite = np.isfinite(value)
    if low is not None and high is not None:
        finite &= np.isfinite(low) & np.isfinite(high)
    # Python lists once: indexing numpy scalars per group costs several times more.
    values, counts, finites = _floats(value), np.asarray(n).tolist(), finite.tolist()
    lows = [None] * len(values) if low is None else _floats(low)
    highs = [None] * len(values) if high is None else _floats(high)
    out = []
    for i, label in enumerate(labels):
        st = status[i]
        if st is ScoreStatus.OK and not finites[i]:
            st = ScoreStatus.INSUFFICIENT_DATA
        if st is ScoreStatus.OK:
            out.append(Score(label, values[i], lows[i], highs[i], int(counts[i]), method))
        else:
            out.append(Score(label, None, None, None, int(counts[i]), method, st))
    return tuple(out)
