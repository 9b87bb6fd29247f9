"""Lost-time concentration: how few calls cause most of the perceived lost time.

The perceived lost time of every call (the sum over the answers about it that gave one) is
sorted from largest to smallest; the smallest number of calls whose lost time reaches the
``share`` (80 % by default) of the total, divided by the calls with a lost-time answer, is
the concentration: "80 % of lost time comes from 12.6 % of calls". Overall and per service.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.insights._columns import rows_with
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import factorize

__all__ = ["Concentration", "LostTimeConcentration", "lost_time_concentration"]


@frozen
class Concentration:
    """How concentrated one service's lost time is (``service`` ``None``: all services).

    Of ``calls`` with a lost-time answer, the ``calls_needed`` with the most lost time hold
    ``share`` of ``total_seconds``;
    ``call_share`` is their fraction of ``calls`` (``None`` when nothing was lost).
    """

    service: str | None
    calls: int
    total_seconds: int
    calls_needed: int
    call_share: float | None


@frozen
class LostTimeConcentration(HtmlResult):
    """Lost-time concentration overall and per service, at the share ``share``."""

    share: float
    overall: Concentration
    per_service: tuple[Concentration, ...]


def _needed(group: NDArray[np.intp], lost: NDArray[np.int64], share: float, g: int) -> Any:
    """Per group: the count of largest values whose running sum first reaches ``share``."""
    order = np.lexsort((-lost, group))
    grp, values = group[order], lost[order]
    totals = np.bincount(grp, values, minlength=g).astype(np.int64)
    starts = np.searchsorted(grp, np.arange(g))
    running = np.cumsum(values) - np.concatenate(([0], np.cumsum(values)))[starts][grp]
    reached = running >= share * totals[grp]
    first = np.full(g, len(grp), dtype=np.int64)
    np.minimum.at(first, grp[reached], np.flatnonzero(reached))
    return totals, np.where(totals > 0, first - starts + 1, 0)


def lost_time_concentration(
    answers: ObservationColumns, *, share: float = 0.8
) -> LostTimeConcentration:
    """Concentration of perceived lost time over calls, from answers about calls."""
    timed = rows_with(answers, "call", "lost_time_seconds")
    call_ids, call_of_row = factorize(timed.column("call"))
    lost = np.bincount(call_of_row, timed.column("lost_time_seconds"), minlength=len(call_ids))
    per_call = lost.astype(np.int64)
    first_row = np.full(len(call_ids), timed.n_rows, dtype=np.intp)
    np.minimum.at(first_row, call_of_row, np.arange(timed.n_rows))
    service_present = timed.mask("service")
    has_service = (
        np.ones(len(call_ids), dtype=bool)
        if service_present is None
        else service_present[first_row]
    )
    services, service_code = factorize(timed.column("service")[first_row][has_service])

    def build(
        names: list[str | None], group: NDArray[np.intp], values: NDArray[np.int64]
    ) -> tuple[Concentration, ...]:
        sizes = np.bincount(group, minlength=len(names))
        totals, needed = _needed(group, values, share, len(names))
        return tuple(
            Concentration(
                service=name,
                calls=int(sizes[i]),
                total_seconds=int(totals[i]),
                calls_needed=int(needed[i]),
                call_share=float(needed[i] / sizes[i]) if totals[i] > 0 else None,
            )
            for i, name in enumerate(names)
        )

    (overall,) = build([None], np.zeros(len(per_call), dtype=np.intp), per_call)
    per_service = build(services.tolist(), service_code, per_call[has_service])
    return LostTimeConcentration(share, overall, per_service)
