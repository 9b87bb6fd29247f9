"""Self-service (ServiceNow formulas), knowledge effect, proactive detection, survey health."""

from __future__ import annotations

from datetime import timedelta

import pytest

from xlacore.insights import (
    InsightData,
    InsightSettings,
    SelfServiceEvent,
    insights_report,
    knowledge_effect,
    proactive_detection,
    render_text,
    self_service,
    survey_health,
)

from .factories import T0, make_answer, make_call, mantel_haenszel_difference


def test_self_solved_and_deflection_follow_servicenow() -> None:
    calls = [
        make_call("C1", caller="a", opened=T0 + timedelta(hours=5)),  # a: ticket 5 h after KB
        make_call("C2", caller="b", opened=T0 + timedelta(hours=30)),  # b: after the window
        make_call("C3", caller="z", resolved=False),
    ]
    events = [
        SelfServiceEvent("kb_view", T0, "a"),  # not solved: ticket within 24 h
        SelfServiceEvent("kb_view", T0, "b"),  # solved
        SelfServiceEvent("kb_view", T0, "c"),  # solved
        SelfServiceEvent("va_session", T0, "d"),  # solved
        SelfServiceEvent("va_session", T0, "e", agent_engaged=True),  # handed to a human
        SelfServiceEvent("qna", T0, "f"),  # solved
        SelfServiceEvent("kb_view", T0),  # nobody to follow: not counted as solved
        SelfServiceEvent("automated", T0),
        SelfServiceEvent("password_reset", T0, "g"),
        SelfServiceEvent("catalog", T0, "h"),
        SelfServiceEvent("va_submission", T0, "i"),
    ]
    result = self_service(events, InsightData.from_objects(calls).calls)
    assert (result.self_solved_kb, result.self_solved_va, result.self_solved_qna) == (2, 1, 1)
    assert (result.ticket_resolutions, result.tickets_submitted) == (2, 3)
    # (self-solved 4 + automated 1) /
    # (resolutions 2 + automated 1 + self-solved 4 + password resets 1)
    assert result.self_solved.value == pytest.approx(100 * 5 / 8)
    # (catalog 1 + VA submissions 1 + VA 1 + KB 2) /
    # (tickets 3 + catalog 1 + VA submissions 1 + VA 1 + KB 2)
    assert result.deflection.value == pytest.approx(100 * 5 / 8)
    assert result.deflection.method == "wilson"
    wider = self_service(events, InsightData.from_objects(calls).calls, window_seconds=3600)
    assert wider.self_solved_kb == 3


def test_self_service_events_join_the_denominators_they_count_in() -> None:
    """More automated resolutions and submissions than calls: the shares stay below 100 %."""
    calls = [make_call(f"C{i}", caller=f"p{i}") for i in range(2)]
    events = [SelfServiceEvent("automated", T0) for _ in range(5)]
    events += [SelfServiceEvent("catalog", T0, "h") for _ in range(4)]
    result = self_service(events, InsightData.from_objects(calls).calls)
    # automated 5 of (resolutions 2 + automated 5); catalog 4 of (tickets 2 + catalog 4)
    assert result.self_solved.value == pytest.approx(100 * 5 / 7)
    assert result.deflection.value == pytest.approx(100 * 4 / 6)
    for share in (result.self_solved, result.deflection):
        assert share.ci_low is not None
        assert share.ci_high is not None
        assert share.ci_low <= share.value <= share.ci_high <= 100.0


def test_knowledge_shortens_resolution_and_reopens() -> None:
    calls = [make_call(f"K{i}", knowledge=True, hours=2, reopens=int(i < 2)) for i in range(40)]
    calls += [make_call(f"N{i}", hours=5, reopens=int(i < 10)) for i in range(40)]
    result = knowledge_effect(InsightData.from_objects(calls).calls)
    assert result.with_knowledge.resolved == 40
    assert result.with_knowledge.mean_resolution_seconds.value == pytest.approx(2 * 3600)
    assert result.without.mean_resolution_seconds.value == pytest.approx(5 * 3600)
    assert result.with_knowledge.reopen_rate.value == pytest.approx(5.0)
    assert result.resolution_difference.value == pytest.approx(-3 * 3600)
    assert result.reopen_difference.value == pytest.approx(-20.0)
    low, high = result.reopen_difference.ci_low, result.reopen_difference.ci_high
    assert low is not None
    assert high is not None
    assert low < -20.0 < high < 0.0
    few = knowledge_effect(InsightData.from_objects(calls[:3] + calls[40:]).calls)
    assert few.resolution_difference.value is None


def test_knowledge_effect_within_service_is_the_mantel_haenszel_difference() -> None:
    """Articles are used mostly on the easy service: pooled they look better than they are."""
    calls = []
    plan = {  # service: (calls with, without, reopened per ten with, without, hours)
        "easy": (40, 10, 1, 1, 2.0),
        "hard": (10, 40, 4, 4, 9.0),
    }
    rows: list[tuple[str, int, bool]] = []
    for service, (n_with, n_without, r_with, r_without, hours) in plan.items():
        for used, n, r in ((True, n_with, r_with), (False, n_without, r_without)):
            for i in range(n):
                reopened = i % 10 < r
                calls.append(
                    make_call(
                        f"{service}-{used}-{i}",
                        service=service,
                        knowledge=used,
                        reopens=int(reopened),
                        hours=hours,
                    )
                )
                rows.append((service, int(used), reopened))
    result = knowledge_effect(InsightData.from_objects(calls).calls)
    # within each service the article changes nothing; pooled it seems to help a lot
    assert result.reopen_within.scope == "within service"
    assert result.reopen_within.per_step == pytest.approx(mantel_haenszel_difference(rows))
    assert result.reopen_within.per_step == pytest.approx(0.0, abs=1e-9)
    assert result.resolution_within.per_step == pytest.approx(0.0, abs=1e-6)
    assert result.reopen_difference.value == pytest.approx(100 * (8 / 50 - 17 / 50))
    assert result.resolution_difference.value is not None
    assert result.resolution_difference.value < -3 * 3600


def test_monitoring_first_episodes_are_proactive() -> None:
    hour = timedelta(hours=1)
    calls = [
        # mail episode 1: monitoring first, then a person 1 h later
        make_call("M1", service="mail", channel="monitoring", opened=T0),
        make_call("P1", service="mail", channel="phone", opened=T0 + hour),
        # mail episode 2 (a day later): a person first, monitoring after
        make_call("P2", service="mail", channel="email", opened=T0 + 24 * hour),
        make_call("M2", service="mail", channel="monitoring", opened=T0 + 25 * hour),
        # vpn: monitoring alone; then a person without a channel
        make_call("M3", service="vpn", channel="monitoring", opened=T0),
        make_call("P3", service="vpn", channel=None, opened=T0 + 48 * hour),
        make_call("R1", service="vpn", channel="monitoring", kind="request", opened=T0),
    ]
    result = proactive_detection(InsightData.from_objects(calls).calls)
    assert (result.overall.incidents, result.overall.episodes) == (6, 4)
    assert result.overall.proactive == 2
    # vpn's second episode starts without a channel: not judged, so 2 of 3 episodes
    assert result.overall.unknown_channel == 1
    assert result.overall.share.n == 3
    assert result.overall.share.value == pytest.approx(100 * 2 / 3)
    mail, vpn = result.groups
    assert (mail.group, mail.proactive, mail.proactive_then_reported) == (("mail",), 1, 1)
    assert (vpn.group, vpn.episodes, vpn.unknown_channel, vpn.proactive) == (("vpn",), 2, 1, 1)
    assert vpn.share.value == pytest.approx(100.0)


def test_without_channels_the_proactive_share_is_no_data_not_zero() -> None:
    hour = timedelta(hours=1)
    calls = [
        make_call(f"X{i}", service=("mail", "vpn")[i % 2], channel=None, opened=T0 + i * 9 * hour)
        for i in range(12)
    ]
    result = proactive_detection(InsightData.from_objects(calls).calls)
    assert result.overall.episodes == result.overall.unknown_channel == 12
    for row in (result.overall, *result.groups):
        assert row.share.value is None
        assert not row.share.ok
        assert row.share.n == 0
    assert "proactive % insufficient data (n=0)" in render_text(
        insights_report(InsightData.from_objects(calls))
    )


def test_survey_health_rates_and_integrity() -> None:
    calls = [make_call(f"C{i}", service="mail", channel="phone", agent="agent7") for i in range(4)]
    calls.append(make_call("D1", service="vpn", channel="chat"))
    answers = [
        make_answer("F1", "C0", 9, person="u1"),
        make_answer("F2", "C1", 9, person="agent7"),  # the agent rates their own call
        make_answer("F3", "C2", 3, person="u2"),
        make_answer(
            "F4", "C2", 9, person="u2", at=make_answer("x", "C2", 1).answered_at + timedelta(days=3)
        ),  # changed after the edit window
        make_answer("F5", "C2", 8, person="u3"),
    ]
    data = InsightData.from_objects(calls, answers)
    result = survey_health(data.calls, data.versions, data.actors, min_n=1)  # every version
    assert (result.overall.resolved, result.overall.answered) == (5, 3)
    assert result.overall.rate.value == pytest.approx(60.0)
    mail_phone = result.response_rates[0]
    assert (mail_phone.service, mail_phone.channel, mail_phone.answered) == ("mail", "phone", 3)
    assert result.answers_per_person.people == 4
    assert result.answers_per_person.most == 2
    assert result.integrity.self_rated == 1
    assert result.integrity.self_rated_examples == ("F2",)
    assert result.integrity.changed_after_window == 1
    assert result.integrity.changed_examples == ("F4",)
    assert result.integrity.calls_with_several_answers == 1
    assert result.integrity.several_examples == ("C2",)


def test_without_any_answer_the_response_rate_is_no_data_not_zero() -> None:
    """No survey was read (BPI 2014 printed "0 of 147,004 0.0 [0.0, 0.0]")."""
    calls = [make_call(f"C{i}", service="mail", channel="phone") for i in range(40)]
    data = InsightData.from_objects(calls)
    result = survey_health(data.calls, data.versions, data.actors)
    assert (result.overall.resolved, result.overall.answered) == (40, 0)
    assert result.overall.rate.value is None
    assert not result.overall.rate.ok
    assert result.response_rates == ()
    # one answer read: a measured rate again, low but not no data
    data = InsightData.from_objects(calls, [make_answer("F1", "C0", 9, person="u1")])
    result = survey_health(data.calls, data.versions, data.actors)
    assert result.overall.rate.value == pytest.approx(100 / 40)


def test_the_analyses_count_an_edited_answer_once() -> None:
    calls = [make_call("C0", service="mail", channel="phone")]
    first = make_answer("F1", "C0", 2, person="u1")
    edited = make_answer("F2", "C0", 10, person="u1", at=first.answered_at + timedelta(hours=1))
    data = InsightData.from_objects(calls, [first, edited])
    assert data.versions.column("feedback").tolist() == ["F1", "F2"]
    assert data.answers.column("feedback").tolist() == ["F2"]  # the latest version counts
    report = insights_report(data, settings=InsightSettings(min_n=1, channel_min_n=1))
    happiness = report.channels.services[0].channels[0].happiness
    assert (happiness.n, happiness.value) == (1, 100.0)  # not two answers, not a detractor
    assert report.survey_health.answers_per_person.most == 2  # survey health sees both
