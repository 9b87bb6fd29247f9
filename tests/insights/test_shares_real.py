"""Honest shares on real data: proactive detection on the UCI log and on BPI 2014.

The UCI log names a contact type on every incident (no monitoring among them), so its
proactive share is a real 0 % over the episodes a known channel opened; BPI 2014's incident
export carries no channel at all, so its share is no data, never 0 %. The reference reads
the raw CSV with pandas and forms the episodes itself.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.protocol import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.insights import InsightData, proactive_detection

pytestmark = pytest.mark.shared_data

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings"
WINDOW = 4 * 3600
#: contact_type values that name a channel (the rest, "Direct opening", name none).
KNOWN_CONTACT = {"Phone", "Email", "Self service", "IVR"}


def _uci_incidents(shared_data: Path) -> pd.DataFrame:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    with zipfile.ZipFile(path) as archive, archive.open("incident_event_log.csv") as raw:
        rows = pd.read_csv(raw, dtype=str, keep_default_na=False)
    rows["seq"] = rows["sys_mod_count"].astype(int)
    rows["line"] = range(len(rows))
    ordered = rows.sort_values(["number", "seq", "line"], kind="stable")
    first = ordered.groupby("number", sort=False).head(1).set_index("number")
    last = ordered.groupby("number", sort=False).tail(1).set_index("number")
    opened = first["opened_at"].map(
        lambda t: int(datetime.strptime(t, "%d/%m/%Y %H:%M").replace(tzinfo=UTC).timestamp())
    )
    return pd.DataFrame(
        {
            "category": last["category"],
            "contact": last["contact_type"],
            "opened": opened,
            "order": first["line"],
        }
    )


def test_uci_proactive_share_is_zero_over_the_episodes_a_known_channel_opened(
    shared_data: Path,
) -> None:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    calls = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv")).calls
    result = proactive_detection(InsightData.from_objects(calls).calls, keys=("category",))

    frame = _uci_incidents(shared_data)
    frame = frame[frame["category"] != "?"].sort_values(["category", "opened", "order"])
    new = (frame["category"] != frame["category"].shift()) | (frame["opened"].diff() > WINDOW)
    starts = frame[new.to_numpy()]
    known = starts["contact"].isin(KNOWN_CONTACT)
    assert result.overall.incidents == len(frame)
    assert result.overall.episodes == len(starts)
    assert result.overall.unknown_channel == int((~known).sum())
    share = result.overall.share
    assert share.n == int(known.sum())
    assert share.n > 0
    assert result.overall.proactive == 0
    assert share.value == 0.0
    assert share.ci_high is not None
    assert 0.0 < share.ci_high < 1.0


def test_bpi2014_incidents_without_channels_have_no_proactive_share(shared_data: Path) -> None:
    path = shared_data / "bpi-challenge-2014" / "original-csv" / "detail_incident.zip"
    options = MappedOptions(str(MAPPINGS / "bpi2014_incidents.toml"))
    calls = ingest(MAPPED, path, options).calls
    with zipfile.ZipFile(path) as archive, archive.open("Detail Incident.csv") as raw:
        rows = pd.read_csv(raw, sep=";", encoding="latin-1", dtype=str, keep_default_na=False)
    incidents = rows[(rows["Incident ID"] != "") & (rows["Category"] == "incident")]
    result = proactive_detection(InsightData.from_objects(calls).calls, keys=())
    assert result.overall.incidents == len(incidents)
    assert result.overall.episodes == result.overall.unknown_channel > 0
    assert result.overall.share.value is None
    assert result.overall.share.n == 0
