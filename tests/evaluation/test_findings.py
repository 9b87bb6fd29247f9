"""Findings never contradict themselves: a watermelon needs the SLA side met, the XLA breached."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.evaluation.findings import watermelons
from xlacore.evaluation.report import ObjectiveResult, Status
from xlacore.model.agreements import AgreementKind
from xlacore.model.objectives import Comparison
from xlacore.testing import strategies as xst

SCOPE = (("segment", "business"), ("service", "printing"))


def _result(agreement: str, objective: str, kind: AgreementKind, status: Status) -> ObjectiveResult:
    return ObjectiveResult(
        agreement=agreement,
        kind=kind,
        objective=objective,
        indicator=objective,
        scope=SCOPE,
        comparison=Comparison.GTE,
        target=90,
        status=status,
        n=0 if status is Status.NO_DATA else 28,
        method="wilson",
    )


def _sla(status: Status) -> ObjectiveResult:
    return _result("workplace-sla", "resolution", AgreementKind.SLA, status)


def _xla(status: Status) -> ObjectiveResult:
    return _result("workplace-xla", "happiness", AgreementKind.XLA, status)


def test_the_issues_case_is_no_watermelon() -> None:
    # "SLA met while XLA breached: workplace-sla/resolution at_risk" must not be said
    assert watermelons([_sla(Status.AT_RISK), _xla(Status.BREACHED)]) == []


def test_met_sla_and_breached_xla_is_a_watermelon() -> None:
    [finding] = watermelons([_sla(Status.MET), _xla(Status.BREACHED), _xla(Status.MET)])
    assert finding.kind == "watermelon"
    assert finding.message == (
        "SLA met while XLA breached: workplace-sla/resolution met, workplace-xla/happiness breached"
    )


@pytest.mark.parametrize(
    "sla", [Status.AT_RISK, Status.INSUFFICIENT_DATA, Status.NO_DATA, Status.BREACHED]
)
def test_no_watermelon_unless_every_sla_result_is_met(sla: Status) -> None:
    results = [
        _sla(Status.MET),
        attrs.evolve(_sla(sla), objective="response"),
        _xla(Status.BREACHED),
    ]
    assert [f.kind for f in watermelons(results)] == []


@pytest.mark.parametrize("xla", [Status.AT_RISK, Status.INSUFFICIENT_DATA, Status.NO_DATA])
def test_no_watermelon_without_a_breached_xla_result(xla: Status) -> None:
    assert watermelons([_sla(Status.MET), _xla(xla)]) == []


def test_reverse_watermelon_needs_every_xla_result_met() -> None:
    [finding] = watermelons([_sla(Status.BREACHED), _xla(Status.MET)])
    assert finding.kind == "reverse_watermelon"
    assert watermelons([_sla(Status.BREACHED), _xla(Status.MET), _xla(Status.NO_DATA)]) == []


@pytest.mark.parametrize("sla", [Status.MET, Status.BREACHED, Status.AT_RISK])
@pytest.mark.parametrize(
    "xla",
    [
        [Status.NO_DATA],
        [Status.NO_DATA, Status.NO_DATA],
        [Status.INSUFFICIENT_DATA, Status.NO_DATA],
        [],
    ],
)
def test_an_experience_side_without_data_gives_no_finding(sla: Status, xla: list[Status]) -> None:
    # an event log without answers: the XLA has no data, so it is neither "XLA met" (no
    # reverse watermelon beside a breached SLA) nor breached (no watermelon beside a met one)
    experience = [attrs.evolve(_xla(s), objective=f"x{i}") for i, s in enumerate(xla)]
    assert watermelons([_sla(sla), *experience]) == []


@given(
    st.lists(
        xst.objective_results(kind=st.sampled_from(AgreementKind)).map(
            lambda r: attrs.evolve(r, scope=SCOPE)
        ),
        max_size=6,
    )
)
def test_findings_agree_with_their_evidence(results: list[ObjectiveResult]) -> None:
    for finding in watermelons(results):
        provider = [r for r in finding.evidence if r.kind is not AgreementKind.XLA]
        experience = [r for r in finding.evidence if r.kind is AgreementKind.XLA]
        green, red = (
            (provider, experience) if finding.kind == "watermelon" else (experience, provider)
        )
        every_green = [
            r
            for r in results
            if (r.kind is AgreementKind.XLA) == (finding.kind == "reverse_watermelon")
        ]
        assert green == every_green
        assert green
        assert all(r.status is Status.MET for r in green)
        assert red
        assert all(r.status is Status.BREACHED for r in red)
        said = ", ".join(f"{r.agreement}/{r.objective} {r.status.value}" for r in finding.evidence)
        assert finding.message.endswith(f" breached: {said}")
