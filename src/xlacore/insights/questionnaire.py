"""The organisational readiness questionnaire: three preconditions, scored with advice.

Experience agreements take hold where the culture is customer-centred, IT is engaged with
the business and its governance, and the organisation keeps investing. The statements on
each precondition live in an editable data file (``readiness_questions.toml`` beside this
module, or your own); people answer them on a 1-5 agreement scale, in a TOML or JSON file
of ``statement id = answer``. Each precondition scores the mean of its answers (negatively
worded statements reversed, 6 - answer), 0-100 as ``(mean - 1) / 4``, and falls in a band
(ready, partly, not ready) with the advice the data file gives for that band.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import field, frozen

from xlacore.errors import InvalidInputError
from xlacore.evaluation.locate import line_of, read_table
from xlacore.model._invariants import InvariantError, non_empty
from xlacore.notebook import HtmlResult
from xlacore.serialization import from_dict

__all__ = [
    "Band",
    "Bands",
    "Precondition",
    "Statement",
    "Questionnaire",
    "PreconditionScore",
    "QuestionnaireResult",
    "load_questionnaire",
    "load_answers",
    "score_questionnaire",
]

#: The lowest and highest answer on the agreement scale.
LOWEST, HIGHEST = 1, 5


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
    """One precondition: answers given of the statements, mean, 0-100 score, band, advice.

    ``mean`` and ``score`` are ``None`` (and the band unanswered) without any answer.
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
    """Every precondition's score and the statements left unanswered."""

    preconditions: tuple[PreconditionScore, ...]
    unanswered: tuple[str, ...]

    @property
    def ready(self) -> bool:
        """Whether every precondition is met."""
        return all(p.band is Band.READY for p in self.preconditions)


#: The questionnaire shipped with xlacore.
DEFAULT_QUESTIONS = "readiness_questions.toml"


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """The questionnaire in a TOML file; the one shipped with xlacore when ``path`` is None."""
    if path is None:
        text = resources.files("xlacore.insights").joinpath(DEFAULT_QUESTIONS).read_text("utf-8")
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
    """The answers in a TOML or JSON file (``.json``: JSON) and the line of each key."""
    data, lines = read_table(path, "answers", "statement id = answer pairs")
    return data, {k: line_of(lines, f"$.{k}") or 0 for k in data}


def _problems(
    questionnaire: Questionnaire, answers: Mapping[str, Any], lines: Mapping[str, int]
) -> list[str]:
    known = {s.id for s in questionnaire.statements}
    problems = []
    for key, value in answers.items():
        where = f"line {lines[key]}: " if lines.get(key) else ""
        if key not in known:
            problems.append(f"{where}$.{key}: no such statement in the questionnaire")
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            problems.append(f"{where}$.{key}: {value!r} is not an answer from 1 to 5")
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
) -> QuestionnaireResult:
    """Score each precondition (see the module docs).

    :raises InvalidInputError: listing every unknown statement id and every answer that is
        not a whole number from 1 to 5 (with its line when ``lines`` are given).
    """
    problems = _problems(questionnaire, answers, lines or {})
    if problems:
        raise InvalidInputError(problems, source=source, what="answers")
    scores = []
    for precondition in questionnaire.preconditions:
        mine = [s for s in questionnaire.statements if s.precondition == precondition.id]
        given = [6 - answers[s.id] if s.reverse else answers[s.id] for s in mine if s.id in answers]
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
                precondition.id, precondition.name, len(given), len(mine), mean, score, band, advice
            )
        )
    unanswered = tuple(s.id for s in questionnaire.statements if s.id not in answers)
    return QuestionnaireResult(tuple(scores), unanswered)
