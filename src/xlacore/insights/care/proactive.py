"""Proactive detection: how often monitoring saw an incident before a person reported it.

Incidents on the same service (by default; any key columns) whose openings follow each
other within ``window`` form one *episode* (the same rule as derived journeys). An episode
is *detected proactively* when its first incident came through the ``monitoring`` channel;
the proactive share is such episodes over the episodes whose first incident has a known
channel (Wilson interval). An episode whose first incident has no channel cannot be judged:
it is counted apart (``unknown_channel``), never as person-reported, so data without channel
information gives no share (insufficient data) rather than 0 %. Episodes that monitoring
opened but people still reported too are counted as well: detected, not yet prevented.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.insights._columns import present, rows_with, select
from xlacore.insights._episodes import sessions
from xlacore.insights._shares import share_score
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.score import Score

__all__ = ["DEFAULT_EPISODE_SECONDS", "ProactiveRow", "ProactiveDetection", "proactive_detection"]

#: Default window between the incidents of one episode: four hours.
DEFAULT_EPISODE_SECONDS = 4 * 3600


@frozen
class ProactiveRow:
    """Episodes of one group (``group`` ``()``: all) and their proactive share in percent.

    ``unknown_channel`` episodes start with an incident without a channel: they are left out
    of the share, whose ``n`` is ``episodes - unknown_channel``.
    """

    group: tuple[str, ...]
    incidents: int
    episodes: int
    unknown_channel: int
    proactive: int
    proactive_then_reported: int
    share: Score


@frozen
class ProactiveDetection(HtmlResult):
    """Proactive share overall and per group of ``keys``, for episodes within ``window``."""

    keys: tuple[str, ...]
    window_seconds: int
    overall: ProactiveRow
    groups: tuple[ProactiveRow, ...]


def _row(
    group: tuple[str, ...],
    incidents: int,
    *,
    first_monitored: NDArray[np.bool_],
    first_known: NDArray[np.bool_],
    reported: NDArray[np.bool_],
    confidence: float,
    min_n: int,
) -> ProactiveRow:
    n, k = int(first_known.sum()), int(first_monitored.sum())
    share = share_score(group, k, n, confidence, min_n)
    episodes = len(first_known)
    then_reported = int((first_monitored & reported).sum())
    return ProactiveRow(group, incidents, episodes, episodes - n, k, then_reported, share)


def proactive_detection(
    calls: ObservationColumns,
    *,
    keys: Sequence[str] = ("service",),
    window_seconds: int = DEFAULT_EPISODE_SECONDS,
    confidence: float = 0.95,
    min_n: int = 1,
) -> ProactiveDetection:
    """Proactive share of incident episodes, overall and per key group.

    A group with fewer than ``min_n`` episodes of known origin gives its share no value.
    """
    keys = tuple(keys)
    incidents = rows_with(select(calls, calls.column("kind") == "incident"), *keys)
    grouping = Grouping.of(incidents, keys)
    opened = incidents.column("opened_at").astype(np.int64)
    episode = sessions(grouping.codes, opened, opened, window_seconds)
    known = present(incidents, "channel")
    monitored = known & (incidents.column("channel") == "monitoring")
    count = int(episode.max()) + 1 if len(episode) else 0
    order = np.lexsort((opened, episode))
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = episode[order][1:] != episode[order][:-1]
    first = order[starts]
    first_monitored, first_known = monitored[first], known[first]
    reported = np.bincount(episode[known & ~monitored], minlength=count) > 0
    group_of_episode = grouping.codes[first]
    sizes = np.bincount(grouping.codes, minlength=grouping.size)
    groups = tuple(
        _row(
            tuple(str(v) for v in label),
            int(sizes[g]),
            first_monitored=first_monitored[group_of_episode == g],
            first_known=first_known[group_of_episode == g],
            reported=reported[group_of_episode == g],
            confidence=confidence,
            min_n=min_n,
        )
        for g, label in enumerate(grouping.labels)
    )
    overall = _row(
        (),
        incidents.n_rows,
        first_monitored=first_monitored,
        first_known=first_known,
        reported=reported,
        confidence=confidence,
        min_n=min_n,
    )
    return ProactiveDetection(keys, window_seconds, overall, groups)
