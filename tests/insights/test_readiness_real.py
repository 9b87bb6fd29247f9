"""Readiness on real data: the assignment check on the UCI log and on BPI 2014's incidents.

The reference reads the raw CSV with pandas: a UCI incident is reassigned when its final
row's ``reassignment_count`` is above 0, and names a group when some row names one.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import attrs
import pandas as pd
import pytest

from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.protocol import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.insights.survey.readiness import ReadinessCheck, ReadinessSettings, data_readiness

pytestmark = pytest.mark.shared_data

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings"
ALL_OF_IT = ReadinessSettings(window_days=10 * 365)


def _assignment(checks: tuple[ReadinessCheck, ...]) -> ReadinessCheck:
    (check,) = [c for c in checks if c.name == "assignment"]
    return check


def test_uci_assignment_check_agrees_with_the_export(shared_data: Path) -> None:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    calls = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv")).calls
    with zipfile.ZipFile(path) as archive, archive.open("incident_event_log.csv") as raw:
        rows = pd.read_csv(raw, dtype=str, keep_default_na=False)
    rows["seq"] = rows["sys_mod_count"].astype(int)
    final = rows.sort_values(["number", "seq"], kind="stable").groupby("number").tail(1)
    reassigned = int((final["reassignment_count"].astype(int) > 0).sum())
    grouped = int(rows[rows["assignment_group"] != "?"]["number"].nunique())
    check = _assignment(data_readiness(calls, settings=ALL_OF_IT).checks)
    assert check.ready
    assert check.value == reassigned
    assert check.detail.startswith(
        f"{reassigned} of {final['number'].nunique()} calls reassigned; {grouped} name"
    )


def test_bpi2014_incidents_name_no_group_and_are_flagged(shared_data: Path) -> None:
    path = shared_data / "bpi-challenge-2014" / "original-csv" / "detail_incident.zip"
    calls = ingest(MAPPED, path, MappedOptions(str(MAPPINGS / "bpi2014_incidents.toml"))).calls
    result = data_readiness(calls, settings=ALL_OF_IT)
    check = _assignment(result.checks)
    # no group column, but the mapping reads the export's own count (`# Reassignments`)
    with zipfile.ZipFile(path) as archive, archive.open("Detail Incident.csv") as raw:
        rows = pd.read_csv(raw, sep=";", encoding="latin-1", dtype=str, keep_default_na=False)
    counts = rows.loc[rows["Incident ID"] != "", "# Reassignments"]
    counts = counts[counts != ""].astype(int)
    assert (check.ready, check.value) == (True, float((counts > 0).sum()))
    assert check.detail.endswith(f"; {len(counts)} carry the source's own reassignment count")
    assert check.advice == "fine"
    assert not result.ready  # no survey answers, among others
    without = [attrs.evolve(c, recorded_reassignments=None) for c in calls]
    unmeasured = _assignment(data_readiness(without, settings=ALL_OF_IT).checks)
    assert (unmeasured.ready, unmeasured.value) == (False, 0.0)
    assert unmeasured.advice.startswith("no call names an assignment group")
