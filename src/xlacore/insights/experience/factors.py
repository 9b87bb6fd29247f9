"""Reason factors: which reasons people give for positive, neutral and negative answers.

HappySignals-style surveys ask for reasons from a list that depends on the answer's band
(positive 9-10, neutral 7-8, negative 0-6). Per service and band, each factor's count and its
share of the answers in that band that gave any reason (Wilson interval), largest first, so
"satisfaction with the resolution" can be traced to what to fix.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

from xlacore.insights._columns import zero_to_ten
from xlacore.insights._join import lookup
from xlacore.insights._shares import share_score
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.score import Score

__all__ = ["BANDS", "FactorShare", "ReasonFactors", "reason_factors"]

#: Band names by index: 0-6, 7-8, 9-10.
BANDS: tuple[str, ...] = ("negative", "neutral", "positive")


@frozen
class FactorShare:
    """How often ``factor`` was picked in ``band`` answers about ``service``.

    ``answers`` counts the answers of that service and band that gave any reason; ``share``
    is ``count / answers`` in percent with its Wilson interval.
    """

    service: str
    band: str
    factor: str
    count: int
    answers: int
    share: Score


@frozen
class ReasonFactors(HtmlResult):
    """Factor shares per service and band, each band's factors most picked first."""

    rows: tuple[FactorShare, ...]


def reason_factors(
    answers: ObservationColumns,
    factors: ObservationColumns,
    *,
    confidence: float = 0.95,
    min_n: int = 1,
) -> ReasonFactors:
    """Factor counts and shares by service and band, from 0-10 answers with factors.

    ``factors`` has one row per picked reason (columns ``feedback``, ``factor``); answers
    without a service are left out; a band with fewer than ``min_n`` answers gives its shares
    no value.
    """
    rated = zero_to_ten(answers, "service")
    row, found = lookup(rated.column("feedback"), factors.column("feedback"))
    if not found.any():
        return ReasonFactors(())
    row = row[found]
    values = rated.column("value")[row]
    picks = ObservationColumns.from_arrays(
        feedback=rated.column("feedback")[row],
        service=rated.column("service")[row],
        band=np.where(values <= 6, 0, np.where(values <= 8, 1, 2)),
        factor=factors.column("factor")[found],
    )
    cells = Grouping.of(picks, ("service", "band", "factor"))
    count = np.bincount(cells.codes, minlength=cells.size)
    bands = Grouping.of(picks, ("service", "band"))
    _, first_pick = np.unique(picks.column("feedback"), return_index=True)
    band_answers = np.bincount(bands.codes[first_pick], minlength=bands.size)
    _, first_of_cell = np.unique(cells.codes, return_index=True)
    n = band_answers[bands.codes[first_of_cell]]
    rows = [
        FactorShare(
            service=service,
            band=BANDS[band],
            factor=factor,
            count=int(count[i]),
            answers=int(n[i]),
            share=share_score(
                (service, BANDS[band], factor), int(count[i]), int(n[i]), confidence, min_n
            ),
        )
        for i, (service, band, factor) in enumerate(cells.labels)
    ]
    rows.sort(key=lambda r: (r.service, BANDS.index(r.band), -r.count, r.factor))
    return ReasonFactors(tuple(rows))
