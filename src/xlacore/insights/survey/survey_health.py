"""Survey health: enough answers, from whom, and whether they can be trusted.

* **Response rate** per service and channel: resolved calls with at least one answer about
  them over resolved calls (Wilson interval). Without a single answer in the input no survey
  was read, so the rate is no data (``n=0``), never 0 %.
* **Answers per person**: how many people answered and how the answers spread over them.
* **Integrity**: answers by someone who acted on the call (an agent rating their own call);
  answers *changed after the edit window* — xlacore keeps each version of an answer as its
  own :class:`~xlacore.model.Feedback` with the same subject and person, so a later version
  answered more than ``edit_window`` after the first one is a late change; and calls with
  several answers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.insights._columns import present, rows_with, select
from xlacore.insights._join import lookup
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.grouping import Grouping, factorize
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.scoring.score import Score

__all__ = [
    "DEFAULT_EDIT_WINDOW_SECONDS",
    "ResponseRate",
    "AnswersPerPerson",
    "Integrity",
    "SurveyHealth",
    "survey_health",
]

#: Default edit window of an answer: one day.
DEFAULT_EDIT_WINDOW_SECONDS = 86_400

_SEP = "\x1f"


@frozen
class ResponseRate:
    """Resolved calls of a service and channel (``None``: all) answered at least once."""

    service: str | None
    channel: str | None
    resolved: int
    answered: int
    rate: Score


@frozen
class AnswersPerPerson:
    """People who answered, their answers, and the mean, median and most per person."""

    people: int
    answers: int
    mean: float | None
    median: float | None
    most: int


@frozen
class Integrity:
    """Integrity findings; each ``*_examples`` names up to the requested number, sorted."""

    self_rated: int
    self_rated_examples: tuple[str, ...]
    changed_after_window: int
    changed_examples: tuple[str, ...]
    calls_with_several_answers: int
    several_examples: tuple[str, ...]


@frozen
class SurveyHealth(HtmlResult):
    """Response rates, answers per person and integrity checks."""

    edit_window_seconds: int
    overall: ResponseRate
    response_rates: tuple[ResponseRate, ...]
    answers_per_person: AnswersPerPerson
    integrity: Integrity


def _response_rates(
    calls: ObservationColumns, answers: ObservationColumns, min_n: int, confidence: float
) -> tuple[ResponseRate, tuple[ResponseRate, ...]]:
    resolved = select(calls, present(calls, "resolved") & np.asarray(calls.column("resolved")))
    on_calls = rows_with(answers, "about_kind", "about")
    asked = on_calls.column("about")[on_calls.column("about_kind") == "call"]
    answered = resolved.with_columns(_answered=np.isin(resolved.column("call"), asked))
    params = ProportionParams(column="_answered", min_n=min_n, confidence=confidence)

    def rows(columns: ObservationColumns, keys: tuple[str, ...]) -> list[ResponseRate]:
        found: list[Score] = list(score(proportion, columns, params, by=keys))
        grouping = Grouping.of(columns, keys)
        hits = np.bincount(
            grouping.codes, columns.column("_answered").astype(np.int64), minlength=grouping.size
        )
        return [
            ResponseRate(
                service=s.group[0] if keys else None,
                channel=s.group[1] if keys else None,
                resolved=s.n,
                answered=int(hits[i]),
                rate=s,
            )
            for i, s in enumerate(found)
        ]

    if len(answers) == 0:
        # no survey read at all: the rate cannot be measured, it is not 0 %
        (empty,) = rows(select(answered, np.zeros(len(answered), dtype=bool)), ())
        return ResponseRate(None, None, len(answered), 0, empty.rate), ()
    (overall,) = rows(answered, ())
    return overall, tuple(rows(rows_with(answered, "service", "channel"), ("service", "channel")))


def _answers_per_person(answers: ObservationColumns) -> AnswersPerPerson:
    people = rows_with(answers, "person").column("person")
    _, counts = np.unique(people, return_counts=True)
    if not len(counts):
        return AnswersPerPerson(0, 0, None, None, 0)
    return AnswersPerPerson(
        people=len(counts),
        answers=int(counts.sum()),
        mean=float(counts.mean()),
        median=float(np.median(counts)),
        most=int(counts.max()),
    )


def _examples(ids: NDArray[Any], n: int) -> tuple[str, ...]:
    return tuple(sorted(str(x) for x in np.unique(ids))[:n])


def _joined(left: NDArray[Any], right: NDArray[Any]) -> NDArray[np.str_]:
    """Two text columns as one key column."""
    return np.char.add(np.char.add(left.astype(str), _SEP), right.astype(str))


def _integrity(
    answers: ObservationColumns, actors: ObservationColumns, edit_window: int, examples: int
) -> Integrity:
    named = rows_with(answers, "person", "about_kind", "about")
    about_call = named.column("about_kind") == "call"
    pair = _joined(named.column("about"), named.column("person"))
    acted = _joined(actors.column("call"), actors.column("actor"))
    _, is_actor = lookup(acted, pair)
    self_rated = named.column("feedback")[is_actor & about_call]

    subject = _joined(named.column("about_kind"), pair)
    _, version_of = factorize(subject)
    at = named.column("answered_at").astype(np.int64)
    first = np.full(version_of.max(initial=-1) + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, version_of, at)
    changed = named.column("feedback")[at - first[version_of] > edit_window]

    calls = rows_with(answers, "about_kind", "about")
    call_ids = calls.column("about")[calls.column("about_kind") == "call"]
    ids, counts = np.unique(call_ids, return_counts=True)
    several = ids[counts > 1]
    return Integrity(
        self_rated=len(self_rated),
        self_rated_examples=_examples(self_rated, examples),
        changed_after_window=len(changed),
        changed_examples=_examples(changed, examples),
        calls_with_several_answers=len(several),
        several_examples=_examples(several, examples),
    )


def survey_health(
    calls: ObservationColumns,
    answers: ObservationColumns,
    actors: ObservationColumns,
    *,
    edit_window_seconds: int = DEFAULT_EDIT_WINDOW_SECONDS,
    min_n: int = 5,
    confidence: float = 0.95,
    examples: int = 10,
) -> SurveyHealth:
    """Response rates, answers per person and integrity checks of the survey answers.

    ``actors`` has one row per call and person who acted on it (columns ``call``, ``actor``).
    """
    overall, rates = _response_rates(calls, answers, min_n, confidence)
    return SurveyHealth(
        edit_window_seconds=edit_window_seconds,
        overall=overall,
        response_rates=rates,
        answers_per_person=_answers_per_person(answers),
        integrity=_integrity(answers, actors, edit_window_seconds, examples),
    )
