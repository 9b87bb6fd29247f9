"""OpenSLO v1 in: the spec's own examples, what does not map, and errors that say where."""

from __future__ import annotations

import sys

import pytest
from tests.openslo.examples import SERVICE_DESK, SPEC_INLINE_SLO

from xlacore.errors import MissingExtraError
from xlacore.evaluation.documents import DocumentError, parse_documents
from xlacore.openslo import Unmapped, parse_openslo

EXPECTED = """\
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata = { name = "reopened", display_name = "Reopened calls" }
[documents.spec]
description = "Resolved calls that were reopened."
source = "calls"
strategy = "proportion"
where = { field = "reopened", op = "exists", value = true }
good = { field = "reopened", op = "eq", value = true }

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata = { name = "service-desk", display_name = "Service desk", labels = { team = "workplace" } }
[documents.spec]
description = "How people experience the service desk."
services = ["laptop", "printing"]

[[documents.spec.objectives]]
name = "reopen-rate-1"
indicator = "reopened"
op = "lte"
target = 2
window = "28d"
description = "Calls stay resolved."

[[documents.spec.objectives]]
name = "reopen-rate-2"
indicator = "reopened"
op = "lte"
target = 0.01
window = "28d"
description = "Calls stay resolved."
"""


def test_the_service_desk_example_becomes_the_expected_agreement() -> None:
    imported = parse_openslo(SERVICE_DESK, source="desk.yaml")
    expected = parse_documents(EXPECTED)
    assert imported.agreements.agreements == expected.agreements
    assert imported.agreements.indicators == expected.indicators
    assert [d.metadata for d in imported.agreements.documents] == [
        d.metadata for d in expected.documents
    ]
    assert imported.unmapped == (
        Unmapped("$[0]", "DataSource 'cloudwatch': " + _CONNECTORS),
        Unmapped("$[1].metadata.labels.tags", _ONE_VALUE),
        Unmapped("$[3].spec.alertPolicies", _NO_ALERTS),
        Unmapped("$[3].spec.objectives[0].displayName", _NAMED),
        Unmapped("$[3].spec.objectives[1].displayName", _NAMED),
        Unmapped("$[4]", "AlertPolicy 'reopen-burn': " + _NO_ALERTS),
    )


_CONNECTORS = "xlacore reads its data through connectors, not OpenSLO data sources"
_NO_ALERTS = "xlacore reports statuses and burn rates; it does not alert"
_ONE_VALUE = "not a single string; xlacore labels have one value"
_NAMED = "an xlacore objective is named after its SLO and has no display name"


def test_the_published_inline_slo_is_listed_as_not_imported_with_its_reason() -> None:
    imported = parse_openslo(SPEC_INLINE_SLO)
    assert imported.documents == ()
    (reason,) = imported.unmapped
    assert reason.path == "$[0].spec.indicator.spec.ratioMetric.total.metricSource.type"
    assert reason.reason.startswith("SLO 'foo-slo' not imported: metric source 'Datadog' ")
    assert "the metric source type must be 'xlacore'" in reason.reason


# The example's SLO on its own, its SLI inline.
SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: reopen-rate
spec:
  description: Calls stay resolved.
  service: service-desk
  indicator:
    metadata:
      name: reopened
    spec:
      ratioMetric:
        bad:
          metricSource:
            type: xlacore
            spec:
              source: calls
              where: {field: reopened, op: eq, value: true}
        total:
          metricSource:
            type: xlacore
            spec:
              source: calls
  timeWindow:
    - duration: 4w
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.98
"""


def _slo(**changes: str) -> str:
    """:data:`SLO` with some text replaced."""
    text = SLO
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


def _line(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``text`` that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[nth - 1]


@pytest.mark.parametrize(
    ("old", "new", "path", "reason"),
    [
        (
            "budgetingMethod: Occurrences",
            "budgetingMethod: Timeslices",
            "$[0].spec.budgetingMethod",
            "Timeslices: xlacore counts observations (Occurrences), not good time slices",
        ),
        (
            "budgetingMethod: Occurrences",
            "budgetingMethod: RatioTimeslices",
            "$[0].spec.budgetingMethod",
            "RatioTimeslices: xlacore counts observations (Occurrences), not good time slices",
        ),
        (
            "      isRolling: true",
            "      calendar: {startTime: 2020-01-21 12:30:00, timeZone: America/New_York}",
            "$[0].spec.timeWindow[0]",
            "a calendar-aligned window; xlacore windows are rolling",
        ),
        (
            "duration: 4w",
            "duration: 1M",
            "$[0].spec.timeWindow[0].duration",
            "'1M': months, quarters and years vary in length, and an xlacore window has one; "
            "write it in days or weeks",
        ),
        (
            "      ratioMetric:",
            "      thresholdMetric: {metricSource: {type: xlacore}}\n      unused:",
            "$[0].spec.indicator.spec.thresholdMetric",
            "a threshold SLI; xlacore imports ratios of good (or bad) observations",
        ),
    ],
)
def test_what_does_not_map_is_listed_with_its_reason(
    old: str, new: str, path: str, reason: str
) -> None:
    imported = parse_openslo(_slo(**{old: new}))
    assert imported.documents == ()
    assert Unmapped(path, f"SLO 'reopen-rate' not imported: {reason}") in imported.unmapped


def test_timeslice_fields_and_unknown_keys_are_listed_but_the_slo_imports() -> None:
    text = _slo(**{"    - target: 0.98": "    - target: 0.98\n      timeSliceWindow: 5m"})
    text = text.replace("  description: Calls stay resolved.", "  owner: desk\n  description: x")
    imported = parse_openslo(text)
    assert [a.name for a in imported.agreements.agreements] == ["service-desk"]
    assert (
        Unmapped("$[0].spec.objectives[0].timeSliceWindow", "used by Timeslices budgeting only")
        in imported.unmapped
    )
    assert Unmapped("$[0].spec.owner", "not an OpenSLO v1 key here; not read") in imported.unmapped


def test_an_slo_without_a_service_document_becomes_an_sla_on_that_service() -> None:
    imported = parse_openslo(_slo())
    (agreement,) = imported.agreements.agreements
    assert (agreement.kind.value, agreement.services) == ("SLA", ("service-desk",))
    # No time window: xlacore's default window (28 days).
    no_window = parse_openslo(
        _slo(**{"  timeWindow:\n    - duration: 4w\n      isRolling: true\n": ""})
    )
    assert no_window.agreements.agreements[0].objectives[0].window == 28 * 86_400


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "budgetingMethod: Occurrences",
            "budgetingMethod: Often",
            "$[3].spec.budgetingMethod",
            "'Often' is not one of Occurrences, Timeslices, RatioTimeslices",
        ),
        (
            "targetPercent: 99.99",
            "targetPercent: 100",
            "$[3].spec.objectives[1].targetPercent",
            "100.0 must be at least 0 and below 100",
        ),
        (
            "indicatorRef: reopened",
            "indicatorRef: reopen",
            "$[3].spec.indicatorRef",
            "no SLI named 'reopen' (SLIs: reopened)",
        ),
        (
            "op: exists, value: true}",
            "op: between, value: true}",
            "$[2].spec.ratioMetric.total.metricSource.spec.where.op",
            "'between'",
        ),
        (
            "duration: 4w",
            "duration: 4 weeks",
            "$[3].spec.timeWindow[0].duration",
            "'4 weeks' is not an OpenSLO duration (a whole number and m, h, d, w, M, Q or Y)",
        ),
        (
            "kind: SLI",
            "kind: Sli",
            "$[2].kind",
            "unknown kind 'Sli' (known: SLO, SLI, Service, DataSource, AlertPolicy, "
            "AlertCondition, AlertNotificationTarget)",
        ),
        (
            "apiVersion: openslo/v1\nkind: SLO",
            "apiVersion: openslo/v1alpha\nkind: SLO",
            "$[3].apiVersion",
            "'openslo/v1alpha' is not read; use 'openslo/v1'",
        ),
        (
            "  name: reopen-rate\n",
            "  name: Reopen_Rate\n",
            "$[3].metadata.name",
            "'Reopen_Rate' is not a valid name",
        ),
    ],
)
def test_invalid_documents_name_the_document_key_path_and_line(
    old: str, new: str, path: str, message: str
) -> None:
    text = SERVICE_DESK.replace(old, new)
    assert text != SERVICE_DESK
    with pytest.raises(DocumentError) as caught:
        parse_openslo(text, source="desk.yaml")
    (found,) = caught.value.located
    line = _line(text, new.splitlines()[0])
    assert (found.path, found.source, found.line) == (path, "desk.yaml", line)
    assert message in found.message
    assert str(found).startswith(f"desk.yaml:{line}: {path}: ")


def test_a_problem_found_in_the_agreement_it_becomes_is_reported_at_its_openslo_path() -> None:
    # 'reopend' is a near miss of the column 'reopened': the agreement checks catch it.
    with pytest.raises(DocumentError) as caught:
        parse_openslo(
            SERVICE_DESK.replace("{field: reopened, op: eq", "{field: reopend, op: eq"),
            source="desk.yaml",
        )
    (found,) = caught.value.located
    where = "$[2].spec.ratioMetric.bad.metricSource.spec.where"
    assert (found.path, found.line) == (where, _line(SERVICE_DESK, "{field: reopened, op: eq"))
    assert "field 'reopend' is not a column; did you mean 'reopened'?" in found.message
    assert "(the xlacore Indicator 'reopened' it becomes, at $[0].spec.good)" in found.message


def test_yaml_that_does_not_parse_gives_the_line() -> None:
    with pytest.raises(DocumentError, match=r"desk\.yaml: \$: line 3: not YAML"):
        parse_openslo("apiVersion: openslo/v1\nkind: SLO\n  metadata: [\n", source="desk.yaml")


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = SERVICE_DESK.replace("kind: SLI", "kind: Sli").replace(
        "apiVersion: openslo/v1\nkind: Service", "apiVersion: v1\nkind: Service"
    )
    with pytest.raises(DocumentError) as caught:
        parse_openslo(text)
    assert [p.path for p in caught.value.located] == ["$[1].apiVersion", "$[2].kind"]


def test_without_pyyaml_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'xlacore\[openslo\]'"):
        parse_openslo(SERVICE_DESK)
