"""Recurring calls and change impact on real ITSM data, checked against pandas on the raw CSV.

The reference computations read the exports with pandas and parse times with ``datetime``
and ``zoneinfo`` themselves; they share no code with xlacore's connectors or analyses.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pandas as pd
import pytest

from xlacore.connectors.bpi2014_changes import read_bpi2014_changes
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.protocol import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.insights.care.change_impact import ChangeImpactSettings, change_impact
from xlacore.insights.care.problems import ProblemCandidates, RecurrenceSettings, problem_candidates
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import call_observations

pytestmark = pytest.mark.shared_data

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings"
BPI = ("bpi-challenge-2014", "original-csv")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WEEK = 7 * 86_400


def _epochs(texts: pd.Series, fmt: str, zone: ZoneInfo) -> pd.Series:
    return texts.map(lambda t: int(datetime.strptime(t, fmt).replace(tzinfo=zone).timestamp()))


def _csv(path: Path, member: str, **fmt: str) -> pd.DataFrame:
    with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
        return pd.read_csv(raw, dtype=str, keep_default_na=False, **fmt)


def _bpi_csv(shared_data: Path, name: str, member: str) -> pd.DataFrame:
    return _csv(shared_data.joinpath(*BPI, name), member, sep=";", encoding="latin-1")


def _reference_clusters(
    frame: pd.DataFrame, key: str, time: str, window: int, min_calls: int
) -> list[tuple[str, int, tuple[str, ...]]]:
    """(value, size, ids) of every cluster with at least ``min_calls`` calls, by pandas."""
    rows = frame[frame[key] != ""].sort_values([key, time, "id"], kind="stable")
    gap = rows[time].diff()
    new = (rows[key] != rows[key].shift()) | (gap > window)
    rows = rows.assign(cluster=new.cumsum())
    found = []
    for _, group in rows.groupby("cluster"):
        if len(group) >= min_calls:
            found.append((group[key].iloc[0], len(group), tuple(sorted(group["id"]))))
    return sorted(found)


def _ours(result: ProblemCandidates, key: str) -> list[tuple[str, int, tuple[str, ...]]]:
    return sorted(
        (c.value, c.size, tuple(sorted(c.calls))) for c in result.candidates if c.key == key
    )


# -- BPI Challenge 2014 incidents -----------------------------------------------------------
@pytest.fixture(scope="module")
def bpi_incidents(shared_data: Path) -> tuple[ObservationColumns, pd.DataFrame]:
    path = shared_data.joinpath(*BPI, "detail_incident.zip")
    calls = ingest(MAPPED, path, MappedOptions(str(MAPPINGS / "bpi2014_incidents.toml"))).calls
    columns = call_observations(calls).with_columns(
        caused_by_change=[c.caused_by_change for c in calls]
    )
    raw = _bpi_csv(shared_data, "detail_incident.zip", "Detail Incident.csv")
    raw = raw[raw["Incident ID"] != ""]
    frame = pd.DataFrame(
        {
            "id": raw["Incident ID"],
            "category": raw["Category"],
            "service": raw["Service Component WBS (aff)"].replace("#N/B", ""),
            "component": raw["CI Name (aff)"].replace("#N/B", ""),
            "opened": _epochs(raw["Open Time"], "%d/%m/%Y %H:%M:%S", AMSTERDAM),
            "change": raw["Related Change"].replace({"#MULTIVALUE": "", "#N/B": ""}),
        }
    )
    return columns, frame


def _reference_baseline(
    frame: pd.DataFrame, key: str, time: str, clusters: list[tuple[str, int, tuple[str, ...]]]
) -> dict[tuple[str, ...], tuple[int, int, float]]:
    """Per cluster (its ids): calls in its span, its value's calls, its lift, by pandas."""
    carrying = frame[frame[key] != ""]
    times = carrying.set_index("id")[time]
    counts = carrying[key].value_counts()
    found = {}
    for value, size, ids in clusters:
        first, last = times.loc[list(ids)].min(), times.loc[list(ids)].max()
        span = int(carrying[time].between(first, last).sum())
        base = counts[value] / len(carrying)
        found[ids] = (span, int(counts[value]), (size / span) / base)
    return found


@pytest.mark.parametrize("key", ["service", "component"])
def test_bpi2014_recurring_incidents(
    bpi_incidents: tuple[ObservationColumns, pd.DataFrame], key: str
) -> None:
    columns, frame = bpi_incidents
    settings = RecurrenceSettings(keys=(key,), window_seconds=WEEK, min_calls=3)
    incidents = frame[frame["category"] == "incident"]
    expected = _reference_clusters(incidents, key, "opened", WEEK, 3)
    assert len(expected) == {"service": 449, "component": 843}[key]
    every = problem_candidates(columns, settings=attrs.evolve(settings, max_coverage=1.0))
    assert every.calls_examined == len(incidents) == 37_748
    assert _ours(every, key) == expected

    # the baseline, by pandas: a cluster's share of the calls in its span over its value's share
    reference = _reference_baseline(incidents, key, "opened", expected)
    population = int((incidents[key] != "").sum())
    for c in every.candidates:
        span, value_calls, lift = reference[tuple(sorted(c.calls))]
        assert (c.population, c.span_calls, c.value_calls) == (population, span, value_calls)
        assert c.lift == pytest.approx(lift, rel=1e-12)
        assert c.lift_low <= c.lift <= c.lift_high

    # background: a span holding over half the population is not ranked
    result = problem_candidates(columns, settings=settings)
    ranked = {ids for ids, (span, _, _) in reference.items() if span <= 0.5 * population}
    assert {tuple(sorted(c.calls)) for c in result.candidates} == ranked
    assert result.background == len(expected) - len(ranked) > 0
    assert all(c.coverage <= 0.5 for c in result.candidates)
    excess = [c.excess for c in result.candidates]
    assert excess == sorted(excess, reverse=True)
    top = result.candidates[0]
    assert top.lift_low > 1.0
    assert top.size < population / 2


def test_bpi2014_recurring_evidence(
    bpi_incidents: tuple[ObservationColumns, pd.DataFrame],
) -> None:
    columns, frame = bpi_incidents
    settings = RecurrenceSettings(keys=("component", "service"), window_seconds=WEEK)
    result = problem_candidates(columns, settings=settings)
    by_id = frame.set_index("id")
    for candidate in result.candidates[:20]:
        rows = by_id.loc[list(candidate.calls)]
        assert list(rows["opened"]) == sorted(rows["opened"])
        assert candidate.first_opened.timestamp() == rows["opened"].iloc[0]
        for key, value in candidate.shared:
            assert set(rows[key]) == {value}
        other = "service" if candidate.key == "component" else "component"
        assert (rows[other].nunique() == 1) == (other in dict(candidate.shared))


@pytest.mark.slow
def test_bpi2014_change_impact(
    shared_data: Path, bpi_incidents: tuple[ObservationColumns, pd.DataFrame]
) -> None:
    columns, frame = bpi_incidents
    read = read_bpi2014_changes(shared_data.joinpath(*BPI, "detail_change.zip"))
    raw = _bpi_csv(shared_data, "detail_change.zip", "Detail Change.csv")
    assert read.account.records_read == len(raw) == 30_275
    assert read.account.accepted + read.account.rejected == read.account.records_read
    assert len(read.changes) == raw["Change ID"].nunique() == 18_000
    window = 2 * 86_400
    result = change_impact(read.changes, columns, ChangeImpactSettings(window_seconds=window))

    # the reference: per change its start (earliest actual, else earliest planned start)
    actual = raw[raw["Actual Start"] != ""]
    starts = _epochs(actual["Actual Start"], "%d-%m-%Y %H:%M", AMSTERDAM)
    start = starts.groupby(actual["Change ID"]).min()
    planned = raw[~raw["Change ID"].isin(start.index)]
    planned_starts = _epochs(planned["Planned Start"], "%d-%m-%Y %H:%M", AMSTERDAM)
    start = pd.concat([start, planned_starts.groupby(planned["Change ID"]).min()])
    incidents = frame[frame["category"] == "incident"]
    pairs = []
    for key, column in (("service", "Service Component WBS (aff)"), ("component", "CI Name (aff)")):
        affected = raw[["Change ID", column]].drop_duplicates().rename(columns={column: key})
        joined = affected.merge(incidents[incidents[key] != ""], on=key)
        joined = joined.assign(start=joined["Change ID"].map(start))
        after = joined[
            (joined["opened"] >= joined["start"]) & (joined["opened"] < joined["start"] + window)
        ]
        pairs.append(after[["Change ID", "id"]])
    followed = pd.concat(pairs).drop_duplicates().groupby("Change ID")["id"].apply(frozenset)
    ours = {a.change: frozenset(a.followed) for a in result.aftermath if a.followed}
    assert ours == followed.to_dict()
    assert len(ours) > 1000

    # one call, one change: each is credited to the latest change it followed
    position = {c.id: i for i, c in enumerate(read.changes)}
    pairs_all = pd.concat(pairs).drop_duplicates()
    pairs_all = pairs_all.assign(
        start=pairs_all["Change ID"].map(start), order=pairs_all["Change ID"].map(position)
    )
    latest = pairs_all.sort_values(["start", "order"]).groupby("id").tail(1)
    credited = latest["Change ID"].value_counts().to_dict()
    assert result.followed_calls == pairs_all["id"].nunique()
    assert {a.change: a.attributed for a in result.aftermath if a.attributed} == credited
    assert sum(a.attributed for a in result.aftermath) == result.followed_calls

    # the baseline of the three top-ranked: before, the others' ratio, lift, by pandas
    opened = incidents["opened"].to_numpy()
    for a in [a for a in result.aftermath if a.ranked][:3]:
        begin = start[a.change]
        touching = incidents[
            incidents["service"].isin(a.services) | incidents["component"].isin(a.components)
        ]
        before = int(touching["opened"].between(begin - window, begin - 1).sum())
        after = int(touching["opened"].between(begin, begin + window - 1).sum())
        all_after = int(((opened >= begin) & (opened < begin + window)).sum())
        all_before = int(((opened >= begin - window) & (opened < begin)).sum())
        expected = (all_after - after) / (all_before - before)
        assert (len(a.followed), a.before) == (after, before)
        assert a.expected == pytest.approx(expected)
        assert a.lift == (None if before == 0 else pytest.approx(after / before / expected))
        assert a.lift_low is not None and a.lift_low > 1  # noqa: PT018
        assert a.shared <= len(a.followed)
    top = result.aftermath[0]
    assert top.ranked
    assert len(top.followed) < 510  # no longer the whole period's calls credited to each

    # incidents that name their change: the tool's own links
    linked = incidents[incidents["change"] != ""].groupby("change")["id"].apply(frozenset)
    known = linked[linked.index.isin(start.index)]
    assert {a.change: frozenset(a.linked) for a in result.aftermath if a.linked} == known.to_dict()
    assert sum(len(ids) for ids in known) == 478


# -- BPI Challenge 2014 interactions ----------------------------------------------------------
@pytest.mark.slow
def test_bpi2014_recurring_interactions(shared_data: Path) -> None:
    path = shared_data.joinpath(*BPI, "detail_interaction.zip")
    options = MappedOptions(str(MAPPINGS / "bpi2014_interactions.toml"))
    columns = call_observations(ingest(MAPPED, path, options).calls)
    raw = _bpi_csv(shared_data, "detail_interaction.zip", "Detail Interaction.csv")
    raw = raw[raw["Category"] == "incident"]
    frame = pd.DataFrame(
        {
            "id": raw["Interaction ID"],
            "component": raw["CI Name (aff)"].replace("#N/B", ""),
            "opened": _epochs(raw["Open Time (First Touch)"], "%d-%m-%Y %H:%M", AMSTERDAM),
        }
    )
    day = 86_400
    settings = RecurrenceSettings(keys=("component",), window_seconds=day, min_calls=5)
    result = problem_candidates(columns, settings=settings)
    assert result.calls_examined == len(frame)
    expected = _reference_clusters(frame, "component", "opened", day, 5)
    assert _ours(result, "component") == expected
    assert len(expected) > 100


# -- UCI ServiceNow incident event log --------------------------------------------------------
def test_uci_recurring_incidents(shared_data: Path) -> None:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    calls = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv")).calls
    columns = call_observations(calls)
    raw = _csv(path, "incident_event_log.csv")
    last = raw.assign(seq=raw["sys_mod_count"].astype(int)).sort_values(
        ["number", "seq"], kind="stable"
    )
    last = last.groupby("number").tail(1)
    frame = pd.DataFrame(
        {
            "id": last["number"],
            "caller": last["caller_id"].replace("?", ""),
            "category": last["category"].replace("?", ""),
            "component": last["cmdb_ci"].replace("?", ""),
            "opened": _epochs(last["opened_at"], "%d/%m/%Y %H:%M", ZoneInfo("UTC")),
        }
    )
    settings = RecurrenceSettings(
        keys=("caller", "category", "component"), window_seconds=WEEK, max_coverage=1.0
    )
    result = problem_candidates(columns, settings=settings)
    assert result.calls_examined == len(frame) == 24_918
    seen: set[tuple[str, ...]] = set()
    for key in settings.keys:  # a cluster equal to one on an earlier key is left out
        expected = [
            c for c in _reference_clusters(frame, key, "opened", WEEK, 3) if c[2] not in seen
        ]
        seen.update(ids for _, _, ids in expected)
        assert _ours(result, key) == expected, key
    callers = [c for c in result.candidates if c.key == "caller"]
    assert callers
    assert all(c.people == 1 for c in callers)
    assert np.all(np.diff([c.excess for c in result.candidates]) <= 0)
    ranked = problem_candidates(columns, settings=attrs.evolve(settings, max_coverage=0.5))
    assert ranked.candidates == tuple(c for c in result.candidates if c.coverage <= 0.5)
    assert ranked.background == len(result.candidates) - len(ranked.candidates)
