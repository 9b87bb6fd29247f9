"""Journeys: several calls about one need, scored as a whole and touchpoint by touchpoint.

A call belongs to the journey it links to (``Call.journey``). Unlinked calls of the same
caller and service form one journey while each opens within ``gap`` of the latest
resolution (or opening, when unresolved) of the calls before it; such journeys are named
``auto:<first call id>``. Calls without caller or service are journeys of their own.

Touchpoint answers are those about a call; journey answers those about a journey. Per
service (of the journey's first call) both are scored separately; the service is flagged
when the journey score's interval lies wholly below the touchpoints' ("the touchpoints are
fine, the journey is not"). Individual journeys whose touchpoint answers are all 7 or more
but whose journey answer is 6 or less are listed too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.insights._columns import aligned, happiness_by, present, select, zero_to_ten
from xlacore.insights._episodes import sessions
from xlacore.insights._join import lookup
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping, factorize
from xlacore.scoring.score import Score

__all__ = ["DEFAULT_GAP_SECONDS", "journey_ids", "JourneyService", "Journeys", "journeys"]

#: Default gap between the calls of a derived journey: seven days.
DEFAULT_GAP_SECONDS = 7 * 86_400


@frozen
class JourneyService:
    """Journeys of one service and how their touchpoints and the journeys score.

    ``touchpoints`` and ``journey`` are happiness of answers about the calls and about the
    journeys; ``single_touch`` and ``multi_touch`` split the touchpoint answers by whether
    the journey had one call or more. ``gap`` is touchpoints minus journey; ``journey_worse``
    is true when the journey's interval lies wholly below the touchpoints'.
    """

    service: str
    journeys: int
    multi_touch_journeys: int
    touchpoints: Score
    journey: Score
    single_touch: Score
    multi_touch: Score
    gap: float | None
    journey_worse: bool


@frozen
class Journeys(HtmlResult):
    """Journey scores per service and the journeys with fine touchpoints but a poor total.

    ``poor_journeys`` counts them; ``examples`` names up to the requested number, sorted.
    """

    gap_seconds: int
    journeys: int
    linked: int
    services: tuple[JourneyService, ...]
    poor_journeys: int
    examples: tuple[str, ...]


def journey_ids(calls: ObservationColumns, *, gap_seconds: int = DEFAULT_GAP_SECONDS) -> Any:
    """The journey of each call row (an array of strings), by the rule in the module text."""
    ids = calls.column("call").astype(str)
    linked = _linked(calls)
    out = ids.astype(object)
    if linked.any():
        out[linked] = calls.column("journey")[linked].astype(str)
    derive = ~linked & present(calls, "caller") & present(calls, "service")
    if derive.any():
        rows = select(calls, derive)
        key = Grouping.of(rows, ("caller", "service")).codes
        opened = rows.column("opened_at").astype(np.int64)
        end = np.where(present(rows, "resolved_at"), rows.column("resolved_at"), opened)
        session = sessions(key, opened, end.astype(np.int64), gap_seconds)
        out[derive] = np.char.add("auto:", ids[derive][_first_rows(session, opened)[session]])
    own = ~linked & ~derive
    out[own] = np.char.add("auto:", ids[own])
    return out


def _linked(calls: ObservationColumns) -> NDArray[np.bool_]:
    if "journey" not in calls:
        return np.zeros(calls.n_rows, dtype=bool)
    return present(calls, "journey")


def _first_rows(group: NDArray[np.intp], at: NDArray[np.int64]) -> NDArray[np.intp]:
    """The row of each group (0..max, all present) that comes first in time."""
    order = np.lexsort((at, group))
    ordered = group[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    return order[starts]


def _per_journey_min(codes: NDArray[np.intp], values: NDArray[Any], size: int) -> Any:
    lowest = np.full(size, 11, dtype=np.int64)
    np.minimum.at(lowest, codes, values.astype(np.int64))
    return lowest


def journeys(
    calls: ObservationColumns,
    answers: ObservationColumns,
    *,
    gap_seconds: int = DEFAULT_GAP_SECONDS,
    min_n: int = 5,
    confidence: float = 0.95,
    examples: int = 10,
) -> Journeys:
    """Journeys of ``calls`` (with a ``journey`` column when links exist) and their scores."""
    journey_of_call = journey_ids(calls, gap_seconds=gap_seconds)
    names, code_of_call = factorize(journey_of_call)
    size = len(names)
    touches = np.bincount(code_of_call, minlength=size)
    service_of = np.where(present(calls, "service"), calls.column("service"), "").astype(str)
    opened = calls.column("opened_at").astype(np.int64)
    service_of_journey = service_of[_first_rows(code_of_call, opened)]

    rated = zero_to_ten(answers, "about_kind", "about")
    kind = rated.column("about_kind")
    call_row, on_call = lookup(calls.column("call"), rated.column("about"))
    on_call &= kind == "call"
    journey_code, on_journey = lookup(names, rated.column("about"))
    on_journey &= kind == "journey"
    code = journey_code.copy()
    code[on_call] = code_of_call[call_row[on_call]]  # only found rows: there may be no calls
    keep = on_call | on_journey
    scored = select(rated, keep).with_columns(
        _service=service_of_journey[code[keep]],
        _level=np.where(on_call[keep], "touchpoint", "journey"),
        _touch=np.where(touches[code[keep]] > 1, "multi", "single"),
    )
    scored = select(scored, scored.column("_service") != "")
    services = sorted(set(service_of_journey.tolist()) - {""})
    label_pairs = [(s, lv) for s in services for lv in ("journey", "touchpoint")]
    by_level = aligned(
        happiness_by(scored, ("_service", "_level"), min_n=min_n, confidence=confidence),
        label_pairs,
        "adjusted-wald",
    )
    touch_only = select(scored, scored.column("_level") == "touchpoint")
    by_touch = aligned(
        happiness_by(touch_only, ("_service", "_touch"), min_n=min_n, confidence=confidence),
        [(s, t) for s in services for t in ("multi", "single")],
        "adjusted-wald",
    )
    journeys_per = dict(zip(*np.unique(service_of_journey, return_counts=True), strict=True))
    multi_per = dict(
        zip(*np.unique(service_of_journey[touches > 1], return_counts=True), strict=True)
    )
    rows = []
    for i, service in enumerate(services):
        journey, touch = by_level[2 * i], by_level[2 * i + 1]
        both = journey.value is not None and touch.value is not None
        rows.append(
            JourneyService(
                service=service,
                journeys=int(journeys_per.get(service, 0)),
                multi_touch_journeys=int(multi_per.get(service, 0)),
                touchpoints=touch,
                journey=journey,
                single_touch=by_touch[2 * i + 1],
                multi_touch=by_touch[2 * i],
                gap=touch.value - journey.value
                if touch.value is not None and journey.value is not None
                else None,
                journey_worse=bool(
                    both
                    and journey.ci_high is not None
                    and touch.ci_low is not None
                    and journey.ci_high < touch.ci_low
                ),
            )
        )
    values = rated.column("value")
    touch_low = _per_journey_min(code[on_call], values[on_call], size)
    journey_low = _per_journey_min(code[on_journey], values[on_journey], size)
    poor = np.flatnonzero((touch_low >= 7) & (touch_low <= 10) & (journey_low <= 6))
    return Journeys(
        gap_seconds=gap_seconds,
        journeys=size,
        linked=len(np.unique(journey_of_call[_linked(calls)])),
        services=tuple(rows),
        poor_journeys=len(poor),
        examples=tuple(sorted(names[poor].tolist())[:examples]),
    )
