"""Dask over the real UCI incident event log: the same figures as the in-process engine.

The log (24,918 incidents, read by the ServiceNow connector) goes to the workers as a Bag of
calls and, through :func:`calls_frame`, as a DataFrame of call observations. Reopen rates,
mean reassignments and resolution-time percentiles per priority and channel must equal the
single-process engine's: counts and integer sums exactly, floats to 1e-9 relative.
"""

from __future__ import annotations

from pathlib import Path

import dask.bag as db
import numpy as np
import pytest
from dask.delayed import delayed
from distributed import Client, Future
from tests.scale.test_dask import assert_scores_equal

from xlacore.connectors import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.model.calls import Call
from xlacore.scale.dask import calls_frame, read_calls, reduce_dask
from xlacore.scale.plan import Measure, ScoringPlan
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.observations import call_observations
from xlacore.scoring.percentile import PercentileParams, percentile
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.serialization import to_json

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


def _plan(by: tuple[str, ...]) -> ScoringPlan:
    resolution = "resolution_seconds"
    return ScoringPlan(
        {
            "reopened": Measure(proportion, ProportionParams(column="reopened"), by),
            "reassignments": Measure(mean, MeanParams(column="reassignment_count"), by),
            "resolution_p50": Measure(percentile, PercentileParams(column=resolution, q=0.5), by),
            "resolution_p90": Measure(percentile, PercentileParams(column=resolution, q=0.9), by),
            "fcr": Measure(proportion, ProportionParams(column="first_contact_resolution"), by),
        }
    )


BY_PRIORITY = _plan(("priority",))
BY_CHANNEL = _plan(("channel", "priority"))


@pytest.fixture(scope="module")
def uci_calls(shared_data: Path) -> tuple[Call, ...]:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    calls = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv")).calls
    assert len(calls) == 24_918
    return calls


@pytest.fixture(scope="module")
def scattered(client: Client, uci_calls: tuple[Call, ...]) -> list[Future]:
    """The calls in six contiguous chunks on the workers (not inside every graph).

    The fixture keeps the futures alive, so the workers keep the data.
    """
    size = -(-len(uci_calls) // 6)
    chunks = [list(uci_calls[i : i + size]) for i in range(0, len(uci_calls), size)]
    futures: list[Future] = client.scatter(chunks)
    return futures


def _bag(scattered: list[Future]) -> db.Bag:
    return db.from_delayed([delayed(f) for f in scattered])


def _with_known_channel(cols: ObservationColumns) -> ObservationColumns:
    """Calls opened directly have no channel: group them as "unknown"."""
    present = cols.mask("channel")
    channel = cols.column("channel")
    return cols.with_columns(
        channel=channel if present is None else np.where(present, channel, "unknown")
    )


def _single_process(plan: ScoringPlan, cols: ObservationColumns) -> dict[str, object]:
    return {name: score(m.strategy, cols, m.params, by=m.by) for name, m in plan.measures.items()}


def test_uci_bag_of_calls_by_priority(scattered: list[Future], uci_calls: tuple[Call, ...]) -> None:
    got = reduce_dask(BY_PRIORITY, _bag(scattered))
    want = _single_process(BY_PRIORITY, call_observations(uci_calls))
    for name, scores in want.items():
        assert_scores_equal(got[name], scores)  # type: ignore[arg-type]
    assert sum(s.n for s in got["reopened"]) == 24_918
    assert [s.group for s in got["reopened"]] == [(1,), (2,), (3,), (4,)]


def test_uci_frame_by_channel_and_priority(
    scattered: list[Future], uci_calls: tuple[Call, ...]
) -> None:
    frame = calls_frame(_bag(scattered), attributes=("made_sla",))
    frame = frame.fillna({"channel": "unknown"})
    assert frame["made_sla"].isin(["true", "false"]).all().compute()
    got = reduce_dask(BY_CHANNEL, frame)
    want = _single_process(BY_CHANNEL, _with_known_channel(call_observations(uci_calls)))
    for name, scores in want.items():
        assert_scores_equal(got[name], scores)  # type: ignore[arg-type]
    assert {s.group[0] for s in got["reopened"]} == {"email", "phone", "portal", "unknown"}


def test_calls_from_json_lines(tmp_path: Path, uci_calls: tuple[Call, ...]) -> None:
    sample = uci_calls[:500]
    (tmp_path / "calls.jsonl").write_text("".join(to_json(c) + "\n\n" for c in sample))
    bag = read_calls(str(tmp_path / "calls.jsonl"), blocksize=20_000)
    assert bag.npartitions > 1
    assert tuple(bag.compute(scheduler="sync")) == sample
