"""The organisational readiness questionnaire: three preconditions, scored with advice.

Experience agreements take hold where the culture is customer-centred, IT is engaged with
the business and its governance, and the organisation keeps investing. The statements on
each precondition live in an editable data file (``readiness_questions.toml`` beside this
module, or your own); people answer them on a 1-5 agreement scale, in a TOML or JSON file
of ``statement id = answer`` for one respondent, or of one table of such pairs per
respondent (``[alice]``, ``[bob]``). Each precondition scores the mean of its answers over
every respondent (negatively worded statements reversed, 6 - answer), 0-100 as
``(mean - 1) / 4``, and falls in a band (ready, partly, not ready) with the advice the data
file gives for that band.

One person's view is not the organisation's, and a precondition judged on one of its five
statements is not judged. The questionnaire as a whole is therefore *ready* only with at
least ``min_respondents`` respondents (:data:`DEFAULT_MIN_RESPONDENTS`, 5), every statement
answered by someone, and every precondition in the ready band; otherwise its
:class:`Outcome` says which of these is missing.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import field, frozen

from xlacore.errors import InvalidInputError, InvariantError
from xlacore.evaluation.locate import line_of, read_table
from xlacore.model.validators import non_empty
from xlacore.notebook import HtmlResult
from xlacore.serialization import from_dict

__all__ = [
    "DEFAULT_MIN_RESPONDENTS",
    "Outcome",
    "Band",
    "Bands",
    "Precondition",
    "Statement",
    "Questionnaire",
    "PreconditionScore",
    "QuestionnaireResult",
    "load_questionnaire",
    "load_answers",
    "respondents",
    "score_questionnaire",
]

#: The lowest and highest answer on the agreement scale.
LOWEST, HIGHEST = 1, 5


#: Respondents needed before the questionnaire can say "ready".
DEFAULT_MIN_RESPONDENTS = 5


class Outcome(enum.StrEnum):
    """What the questionnaire as a whole says, checked in this order."""

    TOO_FEW_RESPONDENTS = "not_enough_respondents"
    """Fewer respondents than ``min_respondents``: one person's view is not the organisation's."""
    INCOMPLETE = "incomplete"
    """A statement nobody answered: its precondition is not judged."""
    NOT_READY = "not_ready"
    """A precondition outside the ready band."""
    READY = "ready"
    """Enough respondents, every statement answered, every precondition ready."""


class Band(enum.StrEnum):
    """How far a precondition is met."""

    READY = "ready"
    PARTLY = "partly"
    NOT_READY = "not_ready"
    UNANSWERED = "unanswered"


def _on_scale(_: Any, attribute: Any, value: float) -> None:
    if not LOWEST <= value <= HIGHEST:
        raise InvariantError(attribute.name, f"must lie on the 1-5 scale, got {value}")


def _above_partly(instance: Any, attribute: Any, value: float) -> None:
    _on_scale(instance, attribute, value)
    if value < instance.partly_at:
        raise InvariantError(attribute.name, f"must be at least partly_at ({instance.partly_at})")


@frozen
class Bands:
    """The mean answers from which a precondition is met (``ready_at``) or partly met."""

    ready_at: float = field(validator=_above_partly)
    partly_at: float = field(validator=_on_scale)


@frozen
class Precondition:
    """One precondition and the advice for each band."""

    id: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    ready: str
    partly: str
    not_ready: str


@frozen
class Statement:
    """One statement; ``reverse`` when agreeing with it counts against the precondition."""

    id: str = field(validator=non_empty)
    precondition: str = field(validator=non_empty)
    text: str = field(validator=non_empty)
    reverse: bool = False


def _check(instance: Any, attribute: Any, statements: tuple[Statement, ...]) -> None:
    known = [p.id for p in instance.preconditions]
    if len(set(known)) != len(known):
        raise InvariantError("preconditions", f"precondition ids repeat: {known}")
    seen: set[str] = set()
    for index, statement in enumerate(statements):
        if statement.id in seen:
            raise InvariantError(
                attribute.name, f"statement id {statement.id!r} repeats", f"[{index}].id"
            )
        seen.add(statement.id)
        if statement.precondition not in known:
            raise InvariantError(
                attribute.name,
                f"unknown precondition {statement.precondition!r} (known: {', '.join(known)})",
                f"[{index}].precondition",
            )
    empty = [p for p in known if all(s.precondition != p for s in statements)]
    if empty:
        raise InvariantError(attribute.name, f"no statement on {', '.join(empty)}")


@frozen
class Questionnaire:
    """The preconditions, their statements and the bands."""

    bands: Bands
    preconditions: tuple[Precondition, ...] = field(converter=tuple)
    statements: tuple[Statement, ...] = field(converter=tuple, validator=_check)


@frozen
class PreconditionScore:
    """One precondition's statements answered, mean, 0-100 score, band and advice.

    ``answered`` counts statements answered by at least one respondent; ``mean`` is over
    every respondent's answers. ``mean`` and ``score`` are ``None`` (and the band
    unanswered) without any answer.
    """

    precondition: str
    name: str
    answered: int
    statements: int
    mean: float | None
    score: float | None
    band: Band
    advice: str


@frozen
class QuestionnaireResult(HtmlResult):
    """Every precondition's score, the statements nobody answered and the respondents.

    ``outcome`` is :attr:`Outcome.TOO_FEW_RESPONDENTS` below ``min_respondents``, then
    :attr:`Outcome.INCOMPLETE` while a statement is unanswered, then ready or not ready by
    the preconditions' bands.
    """

    preconditions: tuple[PreconditionScore, ...]
    unanswered: tuple[str, ...]
    respondents: int
    min_respondents: int
    outcome: Outcome

    @classmethod
    def of(
        cls,
        preconditions: tuple[PreconditionScore, ...],
        unanswered: tuple[str, ...],
        respondents: int,
        min_respondents: int,
    ) -> QuestionnaireResult:
        """The result with its outcome decided (see the class docs)."""
        if respondents < min_respondents:
            outcome = Outcome.TOO_FEW_RESPONDENTS
        elif unanswered:
            outcome = Outcome.INCOMPLETE
        elif all(p.band is Band.READY for p in preconditions):
            outcome = Outcome.READY
        else:
            outcome = Outcome.NOT_READY
        return cls(preconditions, unanswered, respondents, min_respondents, outcome)

    @property
    def ready(self) -> bool:
        """Whether enough respondents answered every statement and every precondition is met."""
        return self.outcome is Outcome.READY


#: The questionnaire shipped with xlacore.
DEFAULT_QUESTIONS = "readiness_questions.toml"


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """The questionnaire in a TOML file; the one shipped with xlacore when ``path`` is None."""
    if path is None:
        text = (
            resources.files("xlacore.insights.survey")
            .joinpath(DEFAULT_QUESTIONS)
            .read_text("utf-8")
        )
        source = DEFAULT_QUESTIONS
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                [f"not UTF-8 text: {exc}"], source=source, what="questionnaire"
            ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError([f"not TOML: {exc}"], source=source, what="questionnaire") from None
    questionnaire: Questionnaire = from_dict(Questionnaire, data, source=source)
    return questionnaire


def load_answers(path: str | Path) -> tuple[Mapping[str, Any], Mapping[str, int]]:
    """The answers in a TOML or JSON file (``.json``: JSON) and the line of each key.

    Keys of answers in a respondent's table are ``respondent.statement``.
    """
    data, lines = read_table(path, "answers", "statement id = answer pairs")
    keys = [
        f"{k}.{inner}" if isinstance(v, dict) else k
        for k, v in data.items()
        for inner in (v if isinstance(v, dict) else (k,))
    ]
    return data, {k: line_of(lines, f"$.{k}") or 0 for k in keys}


def respondents(
    answers: Mapping[str, Any], source: str | None = None
) -> dict[str, Mapping[str, Any]]:
    """Each respondent's answers: one table per respondent, or a flat table for one.

    :raises InvalidInputError: when tables and bare answers are mixed.
    """
    tables = [k for k, v in answers.items() if isinstance(v, dict)]
    if not tables:
        return {"": answers} if answers else {}
    if len(tables) < len(answers):
        bare = ", ".join(f"$.{k}" for k in answers if k not in tables)
        raise InvalidInputError(
            [
                f"{bare}: an answer outside a respondent's table; give either one table per "
                "respondent ([alice] culture-1 = 4) or bare answers for one respondent"
            ],
            source=source,
            what="answers",
        )
    return {k: answers[k] for k in tables}


def _problems(
    questionnaire: Questionnaire,
    people: Mapping[str, Mapping[str, Any]],
    lines: Mapping[str, int],
) -> list[str]:
    known = {s.id for s in questionnaire.statements}
    problems = []
    for person, given in people.items():
        for key, value in given.items():
            path = f"{person}.{key}" if person else key
            where = f"line {lines[path]}: " if lines.get(path) else ""
            if key not in known:
                problems.append(f"{where}$.{path}: no such statement in the questionnaire")
            elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                problems.append(f"{where}$.{path}: {value!r} is not an answer from 1 to 5")
    return problems


def _band(mean: float, bands: Bands) -> Band:
    if mean >= bands.ready_at:
        return Band.READY
    return Band.PARTLY if mean >= bands.partly_at else Band.NOT_READY


def score_questionnaire(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    lines: Mapping[str, int] | None = None,
    source: str | None = None,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
) -> QuestionnaireResult:
    """Score each precondition over every respondent (see the module docs).

    ``answers`` holds one respondent's ``statement id = answer`` pairs or one such table per
    respondent; ``min_respondents`` respondents are needed before the result can be ready.

    :raises InvalidInputError: listing every unknown statement id and every answer that is
        not a whole number from 1 to 5 (with its line when ``lines`` are given).
    """
    if min_respondents < 1:
        raise InvalidInputError(
            [f"must be 1 or more, got {min_respondents}"], what="min_respondents"
        )
    people = respondents(answers, source)
    problems = _problems(questionnaire, people, lines or {})
    if problems:
        raise InvalidInputError(problems, source=source, what="answers")
    people = {k: v for k, v in people.items() if v}
    scores = []
    for precondition in questionnaire.preconditions:
        mine = [s for s in questionnaire.statements if s.precondition == precondition.id]
        given = [
            6 - one[s.id] if s.reverse else one[s.id]
            for one in people.values()
            for s in mine
            if s.id in one
        ]
        answered = sum(any(s.id in one for one in people.values()) for s in mine)
        if not given:
            band, mean, score = Band.UNANSWERED, None, None
            advice = "answer its statements to score it"
        else:
            mean = sum(given) / len(given)
            score = 100.0 * (mean - LOWEST) / (HIGHEST - LOWEST)
            band = _band(mean, questionnaire.bands)
            advice = getattr(precondition, band.value)
        scores.append(
            PreconditionScore(
                precondition.id, precondition.name, answered, len(mine), mean, score, band, advice
            )
        )
    unanswered = tuple(
        s.id for s in questionnaire.statements if not any(s.id in one for one in people.values())
    )
    return QuestionnaireResult.of(tuple(scores), unanswered, len(people), min_respondents)
