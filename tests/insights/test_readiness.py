"""Readiness: one constructed case per data check, and the questionnaire's scoring."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.insights.factories import T0, make_answer, make_call

from xlacore.errors import InvalidInputError
from xlacore.insights.questionnaire import (
    Band,
    Bands,
    Precondition,
    Questionnaire,
    Statement,
    load_answers,
    load_questionnaire,
    score_questionnaire,
)
from xlacore.insights.readiness import (
    AnswerCell,
    DataReadiness,
    ReadinessSettings,
    answers_needed,
    data_readiness,
)
from xlacore.model import Call, CallEvent, EventType
from xlacore.model._invariants import InvariantError
from xlacore.model.calendars import Calendar
from xlacore.scoring.functions import nps_adjusted_wald, z_value


def _check(result: DataReadiness, name: str) -> tuple[bool, float, str]:
    (check,) = [c for c in result.checks if c.name == name]
    return check.ready, check.value, check.detail


# -- answers needed -------------------------------------------------------------------------------
def _widest_half_width(n: int, confidence: float) -> float:
    low, high = nps_adjusted_wald(n / 2, n / 2, n, z_value(confidence))
    return float(high - low) / 2


@given(st.floats(2.0, 60.0), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_answers_needed_is_the_fewest_that_reach_the_width(width: float, confidence: float) -> None:
    n = answers_needed(width, confidence)
    assert _widest_half_width(n, confidence) <= width
    if n > 1:
        assert _widest_half_width(n - 1, confidence) > width


def test_answers_needed_figures() -> None:
    assert answers_needed(10) == 380  # (1.96 x 100 / 10)^2 less the adjusted-Wald's 3 and a bit
    assert answers_needed(5) > 4 * answers_needed(10) - 10
    assert answers_needed(10, 0.9) < answers_needed(10)


# -- the data checks ----------------------------------------------------------------------------
def _bare(call: Call) -> Call:
    """The call with only its opening and its resolution."""
    kept = tuple(e for e in call.events if e.type in (EventType.OPENED, EventType.RESOLVED))
    return attrs.evolve(call, events=kept)


def test_answers_per_service_and_channel() -> None:
    calls = [
        make_call("m1", service="mail", channel="phone"),
        make_call("m2", service="mail", channel="email"),
        make_call("v1", service="vpn", channel="phone", opened=T0 + timedelta(hours=1)),
    ]
    answers = [
        *(make_answer(f"a{i}", "m1", 9) for i in range(6)),
        make_answer("b1", "m2", 9),
        *(make_answer(f"c{i}", "v1", 3) for i in range(6)),
        make_answer("d1", "nowhere", 5),
    ]
    settings = ReadinessSettings(half_width=60.0)
    needed = answers_needed(60.0)
    assert needed == 6
    result = data_readiness(calls, answers, settings=settings)
    assert result.cells == (
        AnswerCell("mail", "email", 1, needed),
        AnswerCell("mail", "phone", 6, needed),
        AnswerCell("vpn", "phone", 6, needed),
    )
    ready, value, detail = _check(result, "answers")
    assert not ready
    assert value == pytest.approx(200 / 3)
    assert detail == (
        f"2 of 3 service/channel cells have {needed} answers or more; "
        "1 answers lack a service or channel"
    )
    enough = data_readiness(calls[:1], answers[:6], settings=settings)
    assert _check(enough, "answers")[0]
    assert not _check(data_readiness(calls), "answers")[0]


def test_channel_coverage() -> None:
    calls = [make_call(f"c{i}", channel=None if i < 2 else "phone") for i in range(10)]
    assert _check(data_readiness(calls), "channels") == (
        False,
        80.0,
        "8 of 10 calls have a known channel",
    )
    lenient = ReadinessSettings(channel_share=80.0)
    assert _check(data_readiness(calls, settings=lenient), "channels")[0]


def test_event_history_completeness() -> None:
    calls = [make_call(f"c{i}") for i in range(4)]
    assert _check(data_readiness(calls), "events")[:2] == (True, 100.0)
    bare = [_bare(c) for c in calls[:3]] + calls[3:]
    assert _check(data_readiness(bare), "events")[:2] == (False, 25.0)
    paused = attrs.evolve(
        bare[0], events=(bare[0].events[0], CallEvent(EventType.PAUSED, T0 + timedelta(minutes=5)))
    )
    assert _check(data_readiness([paused]), "events")[:2] == (True, 100.0)


def test_calendars_present() -> None:
    calls = [make_call("c1")]
    assert _check(data_readiness(calls), "calendars") == (False, 0.0, "none defined")
    office = Calendar("office")
    assert _check(data_readiness(calls, calendars=[office]), "calendars") == (True, 1.0, "office")


def test_baseline_period() -> None:
    calls = [make_call("c1"), make_call("c2", opened=T0 + timedelta(days=120))]
    short = [make_answer("a", "c1", 9), make_answer("b", "c1", 9, at=T0 + timedelta(days=32))]
    ready, days, detail = _check(data_readiness(calls, short), "baseline")
    assert (ready, days, detail) == (False, 30.0, "survey answers span 30 days")
    ready, days, detail = _check(data_readiness(calls), "baseline")
    assert (ready, days, detail) == (True, 120.0, "calls (no survey answers) span 120 days")
    assert (
        data_readiness(calls, short, settings=ReadinessSettings(baseline_days=30)).checks[-1].ready
    )


def test_ready_only_when_every_check_passes() -> None:
    assert not data_readiness([]).ready
    with pytest.raises(InvariantError):
        ReadinessSettings(channel_share=120.0)


# -- the questionnaire ----------------------------------------------------------------------------
def _questionnaire() -> Questionnaire:
    return Questionnaire(
        Bands(ready_at=4.0, partly_at=3.0),
        (
            Precondition("a", "A", "go", "wait", "stop"),
            Precondition("b", "B", "go", "wait", "stop"),
        ),
        (
            Statement("a1", "a", "good thing"),
            Statement("a2", "a", "bad thing", reverse=True),
            Statement("b1", "b", "other thing"),
        ),
    )


@pytest.mark.parametrize(
    ("answers", "mean", "band", "advice"),
    [
        ({"a1": 5, "a2": 1}, 5.0, Band.READY, "go"),
        ({"a1": 4, "a2": 3}, 3.5, Band.PARTLY, "wait"),
        ({"a1": 3, "a2": 5}, 2.0, Band.NOT_READY, "stop"),
        ({"a1": 4}, 4.0, Band.READY, "go"),
    ],
)
def test_scoring_per_precondition(
    answers: dict[str, int], mean: float, band: Band, advice: str
) -> None:
    result = score_questionnaire(_questionnaire(), answers)
    first, second = result.preconditions
    assert (first.mean, first.band, first.advice) == (mean, band, advice)
    assert first.score == pytest.approx(100 * (mean - 1) / 4)
    assert (second.band, second.mean, second.answered) == (Band.UNANSWERED, None, 0)
    assert "b1" in result.unanswered
    assert not result.ready


def test_every_precondition_ready() -> None:
    assert score_questionnaire(_questionnaire(), {"a1": 5, "a2": 2, "b1": 4}).ready


def test_bad_answers_are_listed_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    path.write_text('a1 = 5\nzz = 3\na2 = 6\nb1 = "4"\n', encoding="utf-8")
    answers, lines = load_answers(path)
    with pytest.raises(InvalidInputError) as caught:
        score_questionnaire(_questionnaire(), answers, lines=lines, source=str(path))
    assert caught.value.problems == (
        "line 2: $.zz: no such statement in the questionnaire",
        "line 3: $.a2: 6 is not an answer from 1 to 5",
        "line 4: $.b1: '4' is not an answer from 1 to 5",
    )
    assert str(path) in str(caught.value)


def test_answers_in_json(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"a1": 4, "b1": 2}', encoding="utf-8")
    answers, _ = load_answers(path)
    assert [p.band for p in score_questionnaire(_questionnaire(), answers).preconditions] == [
        Band.READY,
        Band.NOT_READY,
    ]
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="statement id = answer"):
        load_answers(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"statements": (Statement("a1", "z", "x"),)}, "unknown precondition 'z'"),
        ({"statements": (Statement("a1", "a", "x"), Statement("a1", "b", "y"))}, "repeats"),
        ({"statements": (Statement("a1", "a", "x"),)}, "no statement on b"),
    ],
)
def test_questionnaire_is_checked(change: dict[str, object], message: str) -> None:
    with pytest.raises(InvariantError, match=message):
        attrs.evolve(_questionnaire(), **change)


def test_bands_are_ordered() -> None:
    with pytest.raises(InvariantError, match="partly_at"):
        Bands(ready_at=2.0, partly_at=3.0)


def test_the_shipped_questionnaire() -> None:
    questionnaire = load_questionnaire()
    names = [p.name for p in questionnaire.preconditions]
    assert names == [
        "Customer-centred culture",
        "IT engaged with the business and its governance",
        "Willingness to keep investing",
    ]
    assert len(questionnaire.statements) == 15
    everyone_agrees = {s.id: 1 if s.reverse else 5 for s in questionnaire.statements}
    result = score_questionnaire(questionnaire, everyone_agrees)
    assert result.ready
    assert result.unanswered == ()


def test_an_edited_questionnaire_file(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(
        '[bands]\nready_at = 4.5\npartly_at = 2.5\n[[preconditions]]\nid = "a"\nname = "A"\n'
        'ready = "go"\npartly = "wait"\nnot_ready = "stop"\n[[statements]]\nid = "a1"\n'
        'precondition = "a"\ntext = "t"\n',
        encoding="utf-8",
    )
    questionnaire = load_questionnaire(path)
    assert score_questionnaire(questionnaire, {"a1": 4}).preconditions[0].band is Band.PARTLY
    path.write_text("[bands]\nready_at = 4.5\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"q\.toml"):
        load_questionnaire(path)
