"""Readiness: one constructed case per data check, and the questionnaire's scoring."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import attrs
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.insights.factories import T0, make_answer, make_call

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.errors import InvalidInputError, InvariantError
from xlacore.insights.survey.questionnaire import (
    DEFAULT_MIN_RESPONDENTS,
    Band,
    Bands,
    Outcome,
    Precondition,
    Questionnaire,
    Statement,
    load_answers,
    load_questionnaire,
    score_questionnaire,
)
from xlacore.insights.survey.readiness import (
    AnswerCell,
    DataReadiness,
    ReadinessSettings,
    answers_needed,
    data_readiness,
)
from xlacore.model import Call, CallEvent, EventType
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


def test_the_checks_read_the_recent_window_before_at() -> None:
    old = [make_call(f"o{i}", service="mail", opened=T0) for i in range(5)]
    new = [make_call(f"n{i}", service="mail", opened=T0 + timedelta(days=200)) for i in range(2)]
    answers = [make_answer(f"a{i}", f"o{i}", 9) for i in range(5)]  # answered at T0 + 2 days
    settings = ReadinessSettings(half_width=60.0)  # 6 answers per cell
    result = data_readiness(old + new, answers, settings=settings)
    # at defaults to the latest event (n1's resolution); the old calls and answers are history
    assert result.at == new[-1].events[-1].at
    assert result.window_start == result.at - timedelta(days=90)
    assert result.cells == ()
    assert (
        _check(result, "events")[2]
        == "2 of 2 calls have handling events between opening and resolution"
    )
    assert _check(result, "baseline")[1] == pytest.approx(0.0)  # answers: all on one day
    # at inside the old period: the old calls count, the later ones do not exist yet
    then = data_readiness(old + new, answers, settings=settings, at=T0 + timedelta(days=3))
    assert then.cells == (AnswerCell("mail", "phone", 5, 6),)
    assert _check(then, "channels")[2] == "5 of 5 calls have a known channel"
    wide = ReadinessSettings(half_width=60.0, window_days=365)
    assert _check(data_readiness(old + new, answers, settings=wide), "channels")[2] == (
        "7 of 7 calls have a known channel"
    )
    with pytest.raises(InvariantError):
        ReadinessSettings(window_days=0)


def test_groups_without_reassignments_and_no_groups_are_flagged() -> None:
    moved = [make_call(f"m{i}", reassignments=1) for i in range(3)]
    assert _check(data_readiness(moved), "assignment") == (
        True,
        3.0,
        "3 of 3 calls reassigned; 3 name an assignment group, 3 of them two or more",
    )
    # groups change on every call, yet no reassigned event was derived (a mapping gap)
    hidden = [
        attrs.evolve(
            c,
            events=tuple(
                attrs.evolve(e, type=EventType.ASSIGNED) if e.type is EventType.REASSIGNED else e
                for e in c.events
            ),
        )
        for c in moved
    ]
    result = data_readiness(hidden)
    (check,) = [c for c in result.checks if c.name == "assignment"]
    assert (check.ready, check.value) == (False, 0.0)
    assert check.detail.endswith("3 name an assignment group, 3 of them two or more")
    assert "derives reassigned events" in check.advice
    assert not result.ready
    # no group anywhere
    bare = [
        attrs.evolve(c, events=tuple(attrs.evolve(e, group=None) for e in c.events))
        for c in [make_call("b1"), make_call("b2")]
    ]
    (check,) = [c for c in data_readiness(bare).checks if c.name == "assignment"]
    assert (check.ready, check.detail) == (
        False,
        "0 of 2 calls reassigned; 0 name an assignment group, 0 of them two or more",
    )
    assert check.advice.startswith("no call names an assignment group")


def test_a_source_count_of_reassignments_serves_without_groups() -> None:
    bare = [
        attrs.evolve(c, events=tuple(attrs.evolve(e, group=None) for e in c.events))
        for c in [make_call("c1"), make_call("c2"), make_call("c3")]
    ]
    counted = [
        attrs.evolve(c, recorded_reassignments=n) for c, n in zip(bare, (2, 0, 1), strict=True)
    ]
    (check,) = [c for c in data_readiness(counted).checks if c.name == "assignment"]
    assert (check.ready, check.value, check.advice) == (True, 2.0, "fine")
    assert check.detail.endswith("two or more; 3 carry the source's own reassignment count")
    zeros = [attrs.evolve(c, recorded_reassignments=0) for c in bare]
    (check,) = [c for c in data_readiness(zeros).checks if c.name == "assignment"]
    assert (check.ready, check.value) == (False, 0.0)
    assert check.advice.startswith("the source's own reassignment counts are all 0")


_GROUPED_LOG = (
    "id,at,state,team,final_team\n"
    "A,2026-03-02T09:00:00+00:00,New,T1,T3\n"
    "A,2026-03-02T10:00:00+00:00,Active,T2,T3\n"
    "A,2026-03-02T11:00:00+00:00,Active,T3,T3\n"
    "A,2026-03-02T12:00:00+00:00,Resolved,T3,T3\n"
    "B,2026-03-03T09:00:00+00:00,New,T1,T1\n"
    "B,2026-03-03T10:00:00+00:00,Resolved,T1,T1\n"
    "C,2026-03-04T09:00:00+00:00,New,T2,T1\n"
    "C,2026-03-04T10:00:00+00:00,Active,T1,T1\n"
    "C,2026-03-04T11:00:00+00:00,Resolved,T1,T1\n"
)


@pytest.mark.parametrize("column", ["team", "final_team"])
def test_assignment_check_on_an_event_log_read_through_a_mapping(
    column: str, tmp_path: Path
) -> None:
    # the same log read with the group at each event, or with the final group repeated on
    # every row: that mapping's group column yields no reassignment and is flagged
    data, mapping = tmp_path / "log.csv", tmp_path / "m.toml"
    data.write_text(_GROUPED_LOG)
    mapping.write_text(
        '[calls]\nid = "id"\ngrouping = "row_per_event"\n[calls.events]\nat = "at"\n'
        f'status = "state"\ngroup = "{column}"\n'
    )
    calls = ingest(MAPPED, data, MappedOptions(str(mapping))).calls
    rows = pd.read_csv(data)
    moved = rows.groupby("id")[column].agg(lambda t: int((t != t.shift()).sum()) - 1)
    several = rows.groupby("id")[column].nunique() > 1
    (check,) = [c for c in data_readiness(calls).checks if c.name == "assignment"]
    assert check.value == float((moved > 0).sum())
    assert check.detail == (
        f"{int((moved > 0).sum())} of {len(moved)} calls reassigned; {len(moved)} name an"
        f" assignment group, {int(several.sum())} of them two or more"
    )
    if column == "team":
        assert (check.ready, check.value, check.advice) == (True, 2.0, "fine")
    else:
        assert (check.ready, check.value) == (False, 0.0)
        assert check.advice.startswith("calls name assignment groups but each keeps one")
        assert "not one fixed per call" in check.advice


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
    one = {"a1": 5, "a2": 2, "b1": 4}
    assert score_questionnaire(_questionnaire(), one, min_respondents=1).ready
    # one person is not the organisation: five respondents by default
    alone = score_questionnaire(_questionnaire(), one)
    assert (alone.outcome, alone.respondents, alone.min_respondents) == (
        Outcome.TOO_FEW_RESPONDENTS,
        1,
        DEFAULT_MIN_RESPONDENTS,
    )
    assert not alone.ready
    five = {f"p{i}": one for i in range(5)}
    assert score_questionnaire(_questionnaire(), five).outcome is Outcome.READY


def test_one_statement_of_five_is_not_ready_and_the_missing_ones_are_named() -> None:
    """Five respondents, but none answered a2: incomplete, and a2 is named."""
    people = {f"p{i}": {"a1": 5, "b1": 5} for i in range(5)}
    result = score_questionnaire(_questionnaire(), people)
    assert result.outcome is Outcome.INCOMPLETE
    assert not result.ready
    assert result.unanswered == ("a2",)
    assert [p.band for p in result.preconditions] == [Band.READY, Band.READY]
    assert result.preconditions[0].answered == 1
    # a statement one respondent answered is answered
    people["p0"] = {"a1": 5, "a2": 1, "b1": 5}
    assert score_questionnaire(_questionnaire(), people).outcome is Outcome.READY


def test_respondents_pool_into_one_mean(tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    path.write_text("[ann]\na1 = 5\na2 = 1\nb1 = 2\n[bob]\na1 = 3\nb1 = 4\n", encoding="utf-8")
    answers, lines = load_answers(path)
    result = score_questionnaire(_questionnaire(), answers, lines=lines, min_respondents=2)
    first, second = result.preconditions
    assert first.mean == pytest.approx((5 + 5 + 3) / 3)  # a2 reversed: 6 - 1
    assert second.mean == pytest.approx(3.0)
    assert (result.respondents, result.outcome) == (2, Outcome.NOT_READY)
    path.write_text("[ann]\na1 = 5\n[bob]\na1 = 9\n", encoding="utf-8")
    answers, lines = load_answers(path)
    with pytest.raises(InvalidInputError) as caught:
        score_questionnaire(_questionnaire(), answers, lines=lines, source=str(path))
    assert caught.value.problems == ("line 4: $.bob.a1: 9 is not an answer from 1 to 5",)
    path.write_text("a1 = 5\n[bob]\na1 = 4\n", encoding="utf-8")
    answers, _ = load_answers(path)
    with pytest.raises(InvalidInputError, match=r"\$\.a1: an answer outside a respondent"):
        score_questionnaire(_questionnaire(), answers, source=str(path))


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
    result = score_questionnaire(questionnaire, everyone_agrees, min_respondents=1)
    assert result.ready
    assert result.unanswered == ()
    # the same single respondent under the default minimum: its own outcome, not "ready"
    default = score_questionnaire(questionnaire, everyone_agrees)
    assert default.outcome is Outcome.TOO_FEW_RESPONDENTS


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
