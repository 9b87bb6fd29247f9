"""Objectives out: ratio SLOs that score the same, and every part OpenSLO has no place for."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from xlacore.demo import DEMO_NOW, generate
from xlacore.errors import UnknownNameError
from xlacore.evaluation.documents import load_documents, parse_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report
from xlacore.model.agreements import Agreement, Composition
from xlacore.model.documents import AgreementSet
from xlacore.openslo import Unmapped, export_openslo, parse_openslo

WORKPLACE = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"


def test_the_workplace_example_exports_its_ratio_objectives_and_lists_the_rest() -> None:
    exported = export_openslo(load_documents(WORKPLACE))
    kinds = [(d["kind"], d["metadata"]["name"]) for d in exported.documents]
    assert kinds == [
        ("Service", "workplace-sla"),
        ("SLO", "workplace-sla-resolution"),
        ("Service", "workplace-xla"),
        ("SLO", "workplace-xla-reopen-rate"),
    ]
    reopen = exported.documents[3]["spec"]
    # Reopened calls at most 5 %: a bad/total ratio with 95 % of calls good.
    assert reopen["objectives"] == [{"targetPercent": 95.0}]
    assert set(reopen["indicator"]["spec"]["ratioMetric"]) == {"counter", "bad", "total"}
    assert reopen["timeWindow"] == [{"duration": "4w", "isRolling": True}]
    margin = "an OpenSLO v1 objective has no at-risk margin (an SLO is met or not)"
    assert exported.unmapped == (
        Unmapped("workplace-sla.resolution.at_risk_margin", margin),
        Unmapped("workplace-xla.segments", "an OpenSLO v1 Service has no customer segments"),
        Unmapped(
            "workplace-xla.composition",
            "an OpenSLO v1 Service has no composition rule or weights of a bundle",
        ),
        Unmapped("workplace-xla.relies_on", "an OpenSLO v1 Service has no agreements it relies on"),
        Unmapped(
            "workplace-xla.happiness",
            "not exported: happiness (the NPS formula) is a difference of two shares, "
            "not one ratio",
        ),
        Unmapped(
            "workplace-xla.lost-time",
            "not exported: a mean of values is not a share of good events",
        ),
        Unmapped("workplace-xla.reopen-rate.at_risk_margin", margin),
        Unmapped("office-hours", "OpenSLO v1 has no business calendars"),
        Unmapped(
            "workplace-resolution",
            "OpenSLO v1 has no SLA clocks; an imported indicator over its columns needs this "
            "definition beside it",
        ),
    )


def test_exported_objectives_score_the_same_once_imported() -> None:
    # Without the parts that do not map (segments and the bundle), so that scopes compare.
    loaded = load_documents(WORKPLACE)
    original = AgreementSet(
        attrs.evolve(d, body=attrs.evolve(d.body, segments=(), composition=Composition()))
        if isinstance(d.body, Agreement)
        else d
        for d in loaded.documents
    )
    imported = parse_openslo(export_openslo(original).yaml)
    clocks = [d for d in original.documents if d.kind.value in ("Calendar", "SlaDefinition")]
    back = AgreementSet([*imported.agreements.documents, *clocks])
    demo = generate(calls=800, people=150)
    before = evaluate(original, demo.calls, demo.feedback, at=DEMO_NOW)
    after = evaluate(back, demo.calls, demo.feedback, at=DEMO_NOW)

    def figures(report: Report, keep: set[tuple[str, str]]) -> list[tuple[object, ...]]:
        return [
            (a.name, r.objective, r.scope, r.n, r.value, r.ci_low, r.ci_high)
            for a in report.agreements
            for r in a.objectives
            if (a.name, r.objective) in keep
        ]

    mapped = {(a.name, o.name) for a in back.agreements for o in a.objectives}
    assert mapped == {("workplace-sla", "resolution"), ("workplace-xla", "reopen-rate")}
    assert figures(after, mapped) == figures(before, mapped)
    rows = figures(after, mapped)
    assert len(rows) > 2
    assert all(row[3] > 0 and row[4] is not None for row in rows)


def test_export_of_an_import_of_an_export_is_the_export() -> None:
    # A proportion over a column and a top-box CSAT come back as good/total ratios; written
    # out again, they are the same OpenSLO.
    text = WORKPLACE.read_text(encoding="utf-8") + CSAT
    names = ["workplace-sla", "workplace-xla", "survey-xla"]  # each with an objective that maps
    exported = export_openslo(parse_documents(text), names)
    assert "survey-xla-csat" in exported.yaml
    again = export_openslo(parse_openslo(exported.yaml).agreements)
    assert again.yaml == exported.yaml


CSAT = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "csat"
[documents.spec]
source = "feedback"
strategy = "csat"
params = { top_box_from = 4, min_n = 10 }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "csat-mean"
[documents.spec]
source = "feedback"
strategy = "csat"
params = { measure = "mean" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "weighted-fcr"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "first_contact_resolution", weight_column = "priority" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "OLA"
metadata.name = "desk-ola"
[documents.spec]
services = ["laptop"]
objectives = [
  { name = "strict", indicator = "reopen-rate", op = "lt", target = 5 },
  { name = "odd-window", indicator = "reopen-rate", op = "lte", target = 5, window = 90 },
  { name = "mean", indicator = "csat-mean", op = "gte", target = 4 },
  { name = "weighted", indicator = "weighted-fcr", op = "gte", target = 70 },
  { name = "all-good", indicator = "reopen-rate", op = "gte", target = 100 },
]

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "survey-xla"
[documents.spec]
objectives = [{ name = "csat", indicator = "csat", op = "gte", target = 80 }]
"""


def test_objectives_without_an_exact_openslo_form_are_listed_with_their_reason() -> None:
    text = WORKPLACE.read_text(encoding="utf-8") + CSAT
    exported = export_openslo(parse_documents(text), ["desk-ola", "survey-xla"])
    reasons = {u.path: u.reason for u in exported.unmapped}
    assert reasons["desk-ola.strict"].startswith("not exported: 'lt': ")
    assert reasons["desk-ola.odd-window"] == "not exported: the window (90 s) is not whole minutes"
    assert reasons["desk-ola.mean"] == (
        "not exported: a mean CSAT is a mean of answers, not a share of good ones"
    )
    assert reasons["desk-ola.weighted"] == (
        "not exported: a weighted share has no counterpart: OpenSLO counts events"
    )
    assert reasons["desk-ola.all-good"] == (
        "not exported: target 100 of a good share must lie in [0, 100) for OpenSLO"
    )
    assert reasons["survey-xla.csat.indicator.params.min_n"].startswith("an OpenSLO v1 SLI has")
    assert reasons["survey-xla.csat.indicator.params"].startswith("the answer scale is not")
    assert [d["metadata"]["name"] for d in exported.documents] == [
        "desk-ola",
        "survey-xla",
        "survey-xla-csat",
    ]
    assert not any(p.startswith(("workplace-sla", "workplace-xla")) for p in reasons)


def test_a_service_that_cannot_be_listed_leaves_its_agreement_out() -> None:
    agreements = load_documents(WORKPLACE)
    sla = agreements.agreement("workplace-sla")
    documents = [
        attrs.evolve(d, body=attrs.evolve(sla, services=("laptop, docking",)))
        if d.body is sla
        else d
        for d in agreements.documents
    ]
    exported = export_openslo(AgreementSet(documents), ["workplace-sla"])
    assert exported.documents == ()
    assert exported.unmapped[0].path == "workplace-sla.services"
    assert "'laptop, docking' cannot be listed" in exported.unmapped[0].reason


def test_an_unknown_agreement_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match=r"did you mean 'workplace-xla'\?"):
        export_openslo(load_documents(WORKPLACE), ["workplace-xl"])
