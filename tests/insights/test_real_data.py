"""Operational insights on real ITSM data, checked against figures computed with csv alone.

None of these sets carries survey answers, so only the operational measures are tested:
lifecycle effects on resolution time and reopen rate, first-contact/first-assignment
resolution and the knowledge effect.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from xlacore.cli import main
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.protocol import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.insights import (
    InsightData,
    first_resolution,
    knowledge_effect,
    lifecycle_effects,
    problem_candidates,
)

pytestmark = pytest.mark.shared_data

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings"


def _zip_rows(path: Path, member: str, **fmt: str) -> list[dict[str, str]]:
    encoding = fmt.pop("encoding", "utf-8")
    with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding=encoding, newline=""), **fmt)  # type: ignore[call-overload]
        return list(reader)


def _rates(flags: Counter[tuple[int, bool]]) -> list[tuple[int, float]]:
    buckets = sorted({k for k, _ in flags})
    return [(k, 100 * flags[k, True] / (flags[k, True] + flags[k, False])) for k in buckets]


# -- UCI ServiceNow incident event log ----------------------------------------------------
@pytest.fixture(scope="module")
def uci(shared_data: Path) -> tuple[InsightData, list[dict[str, str]]]:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    calls = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv")).calls
    final: dict[str, tuple[int, dict[str, str]]] = {}
    for row in _zip_rows(path, "incident_event_log.csv"):
        seq = int(row["sys_mod_count"])
        if row["number"] not in final or seq >= final[row["number"]][0]:
            final[row["number"]] = (seq, row)
    return InsightData.from_objects(calls), [row for _, row in final.values()]


# The one incident whose audit rows hold a reopening (Resolved -> Active at 16:17 after a
# repeated sys_mod_count) while its final row says reopen_count 0; reassigned 0, knowledge true.
UCI_REOPEN_ODDITY = "INC0000135"


def test_uci_lifecycle_effects(uci: tuple[InsightData, list[dict[str, str]]]) -> None:
    data, last = uci
    table = lifecycle_effects(data.calls, data.answers).effects[0]
    sizes = Counter(min(int(r["reassignment_count"]), 3) for r in last)
    assert [row.calls for row in table.rows] == [sizes[k] for k in range(4)]
    assert [row.calls for row in table.rows] == [13_549, 6_238, 2_283, 2_848]
    reopened = Counter(
        (
            min(int(r["reassignment_count"]), 3),
            int(r["reopen_count"]) > 0 or r["number"] == UCI_REOPEN_ODDITY,
        )
        for r in last
    )
    ours = [row.reopen_rate.value for row in table.rows]  # type: ignore[union-attr]
    assert ours == pytest.approx([rate for _, rate in _rates(reopened)])
    # every incident is closed; no survey answers, so happiness and lost time have no value
    assert all(row.resolution_seconds.n == row.calls for row in table.rows)
    assert all(not row.happiness.ok and row.happiness.n == 0 for row in table.rows)
    assert table.happiness_slope.per_step is None
    # reassignments lengthen resolution and raise reopenings: intervals clear of zero
    assert table.resolution_slope.ci_low is not None
    assert table.resolution_slope.ci_low > 0
    assert table.reopen_slope is not None
    assert table.reopen_slope.ci_low is not None
    assert table.reopen_slope.ci_low > 0


def test_uci_first_resolution(
    uci: tuple[InsightData, list[dict[str, str]]], shared_data: Path
) -> None:
    data, last = uci
    uci_path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    result = first_resolution(data.calls)
    assert result.overall.resolved == len(last) == 24_918
    never_reassigned = [r for r in last if r["reassignment_count"] == "0"]
    fcr = sum(
        r["reopen_count"] == "0" and r["number"] != UCI_REOPEN_ODDITY for r in never_reassigned
    )
    # first assignment: the source's own count on the first resolved (or closed) row, since
    # reassignments after the first resolution do not count
    rows = _zip_rows(uci_path, "incident_event_log.csv")
    rows.sort(key=lambda r: (r["number"], int(r["sys_mod_count"])))
    at_resolution: dict[str, str] = {}
    for row in rows:
        if row["incident_state"] in {"Resolved", "Closed"}:
            at_resolution.setdefault(row["number"], row["reassignment_count"])
    first = sum(count == "0" for count in at_resolution.values())
    assert len(at_resolution) == len(last)
    assert result.overall.first_assignment.value == pytest.approx(100 * first / len(last))
    assert result.overall.first_contact.value == pytest.approx(100 * fcr / len(last))


def test_uci_knowledge_effect(uci: tuple[InsightData, list[dict[str, str]]]) -> None:
    data, last = uci
    result = knowledge_effect(data.calls)
    flags = Counter(
        (r["knowledge"] == "true", int(r["reopen_count"]) > 0 or r["number"] == UCI_REOPEN_ODDITY)
        for r in last
    )
    with_k, without = result.with_knowledge, result.without
    assert (with_k.resolved, without.resolved) == (3_551, 21_367)
    assert with_k.resolved == flags[True, True] + flags[True, False]
    assert with_k.reopen_rate.value == pytest.approx(100 * flags[True, True] / with_k.resolved)
    assert without.reopen_rate.value == pytest.approx(100 * flags[False, True] / without.resolved)
    assert result.resolution_difference.value is not None
    assert result.reopen_difference.method == "newcombe"


# -- BPI Challenge 2014 --------------------------------------------------------------------
BPI = ("bpi-challenge-2014", "original-csv")


def test_bpi2014_incidents(shared_data: Path) -> None:
    path = shared_data.joinpath(*BPI, "detail_incident.zip")
    options = MappedOptions(str(MAPPINGS / "bpi2014_incidents.toml"))
    calls = ingest(MAPPED, path, options).calls
    data = InsightData.from_objects(calls)  # `reassignments` maps the source's own count
    key = "# Reassignments"
    rows = [
        r
        for r in _zip_rows(path, "Detail Incident.csv", encoding="latin-1", delimiter=";")
        if r["Incident ID"]
    ]
    counted = [r for r in rows if r[key]]
    reopened = Counter((min(int(r[key]), 3), bool(r["Reopen Time"])) for r in counted)
    table = lifecycle_effects(data.calls, data.answers).effects[0]
    assert [row.calls for row in table.rows] == [
        reopened[k, True] + reopened[k, False] for k in range(4)
    ]
    ours = [row.reopen_rate.value for row in table.rows]  # type: ignore[union-attr]
    assert ours == pytest.approx([rate for _, rate in _rates(reopened)])
    far = first_resolution(data.calls).overall.first_assignment
    assert far.n == len(counted) == 46_605  # one incident has no count: unknown, left out
    assert far.value == pytest.approx(100 * sum(r[key] == "0" for r in counted) / len(counted))
    assert round(far.value, 2) == 58.94  # not 100 %: the count is read, not absent events
    # first contact: no move and no reopening (a reopen time); escalations are not recorded
    fcr = first_resolution(data.calls).overall.first_contact
    assert fcr.n == len(counted)
    in_one_go = sum(r[key] == "0" and not r["Reopen Time"] for r in counted)
    assert fcr.value == pytest.approx(100 * in_one_go / len(counted))
    effects = {e.dimension: e for e in lifecycle_effects(data.calls, data.answers).effects}
    assert effects["escalation_count"].unrecorded == len(rows)  # no escalation time column
    assert effects["reopen_count"].unrecorded == 0
    assert [row.calls for row in effects["reopen_count"].rows[:2]] == [
        sum(not r["Reopen Time"] for r in rows),
        sum(bool(r["Reopen Time"]) for r in rows),
    ]
    # every BPI incident names a knowledge article: no "without" group to compare with
    knowledge = knowledge_effect(data.calls)
    assert knowledge.with_knowledge.resolved == len(rows) == 46_606
    assert not knowledge.without.mean_resolution_seconds.ok
    assert knowledge.resolution_difference.value is None


@pytest.mark.slow
def test_bpi2014_interactions(shared_data: Path) -> None:
    path = shared_data.joinpath(*BPI, "detail_interaction.zip")
    options = MappedOptions(str(MAPPINGS / "bpi2014_interactions.toml"))
    result = ingest(MAPPED, path, options)
    assert result.account.rejected == 0
    rows = _zip_rows(path, "Detail Interaction.csv", encoding="latin-1", delimiter=";")
    assert len(result.calls) == len(rows) == 147_004
    data = InsightData.from_objects(result.calls)
    # the desk's own first-call-resolution flag, mapped as `first_contact`
    fcr = first_resolution(data.calls).overall.first_contact
    assert fcr.n == len(rows)
    assert fcr.value == pytest.approx(
        100 * sum(r["First Call Resolution"] == "Y" for r in rows) / len(rows)
    )
    assert round(fcr.value, 2) == 63.94
    # without lifecycle events an interaction is resolved at first assignment
    assert (
        first_resolution(data.calls).overall.first_assignment.value is None
    )  # no moves recorded: no data
    knowledge = knowledge_effect(data.calls)
    assert knowledge.with_knowledge.resolved == sum(bool(r["KM number"]) for r in rows)
    # the export has no reopen time and no escalation: those facts are no data, never 0 %
    assert (knowledge.with_knowledge.reopen_rate.n, knowledge.with_knowledge.reopen_rate.ok) == (
        0,
        False,
    )
    assert knowledge.reopen_difference.value is None
    assert knowledge.reopen_within.per_step is None
    effects = lifecycle_effects(data.calls, data.answers).effects
    assert {e.dimension: e.unrecorded for e in effects} == {
        "reassignment_count": len(rows),
        "escalation_count": len(rows),
        "reopen_count": len(rows),
    }
    for effect in effects:
        assert effect.reopen_slope is None or effect.reopen_slope.per_step is None
        for row in effect.rows:
            assert row.calls == 0
            assert row.reopen_rate is None or row.reopen_rate.n == 0
    candidates = problem_candidates(data.calls, data.answers).candidates
    assert candidates
    assert all(c.reopened is None for c in candidates)


@pytest.mark.slow
def test_bpi2014_interactions_insights_text_shows_no_reopen_figure(
    shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_data.joinpath(*BPI, "detail_interaction.zip")
    mapping = MAPPINGS / "bpi2014_interactions.toml"
    assert main(["insights", "--calls", f"mapped:{path}", "--calls-mapping", str(mapping)]) == 0
    text = capsys.readouterr().out
    assert text.count("reopen % insufficient data (n=0)") == 8 + 2  # lifecycle, knowledge
    assert re.search(r"reopen % [-+\d]", text) is None  # no reopen figure at all
    assert "by reopen_count (not recorded for 147,004 calls: left out, no data)" in text
