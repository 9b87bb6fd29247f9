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
from xlacore.connectors.mapping import load_mapping
from xlacore.connectors.protocol import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.insights.readiness import ReadinessCheck, ReadinessSettings, data_readiness

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


def test_bpi2014_incidents_name_no_group_but_their_own_count_serves(shared_data: Path) -> None:
    # the export keeps "# Reassignments", not the moves: with that column mapped the check
    # reads the source's count (pandas on the raw CSV); without it, it is flagged
    path = shared_data / "bpi-challenge-2014" / "original-csv" / "detail_incident.zip"
    mapping = load_mapping(MAPPINGS / "bpi2014_incidents.toml")
    calls = ingest(MAPPED, path, MappedOptions(mapping_object=mapping)).calls
    with zipfile.ZipFile(path) as archive, archive.open("Detail Incident.csv") as raw:
        rows = pd.read_csv(raw, sep=";", encoding="latin-1", dtype=str)
    rows = rows[rows["Incident ID"].notna()]
    counts = pd.to_numeric(rows["# Reassignments"], errors="coerce")
    assert len(calls) == len(rows)
    check = _assignment(data_readiness(calls, settings=ALL_OF_IT).checks)
    assert (check.ready, check.value) == (True, float((counts > 0).sum()))
    assert check.detail == (
        f"{int((counts > 0).sum())} of {len(rows)} calls reassigned; 0 name an assignment"
        f" group, 0 of them two or more; {int(counts.notna().sum())} carry the source's own count"
    )
    assert mapping.calls is not None
    bare = attrs.evolve(mapping, calls=attrs.evolve(mapping.calls, reassignments=None))
    calls = ingest(MAPPED, path, MappedOptions(mapping_object=bare)).calls
    result = data_readiness(calls, settings=ALL_OF_IT)
    check = _assignment(result.checks)
    assert (check.ready, check.value) == (False, 0.0)
    assert check.advice.startswith("no call names an assignment group")
    assert not result.ready
