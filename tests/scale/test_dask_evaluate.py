"""Agreement evaluation on a two-process LocalCluster: the single-process report.

Over ten million generated answers (and a million calls), the real UCI incident event log
(SLA clocks, segments by priority) and the demo (bags of calls and of feedback, joined on
the cluster). Counts, statuses and integer results equal exactly; floats to 1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from dask.delayed import delayed
from distributed import Client
from tests.evaluation.same import assert_same_report
from tests.scale.evaluation_data import AGREEMENTS, END, answers, calls
from tests.scale.generated import partition_sizes

from xlacore.connectors import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.demo import generate
from xlacore.demo.agreements import example_agreements
from xlacore.errors import ScoringError
from xlacore.evaluation.documents import parse_documents
from xlacore.evaluation.evaluate import evaluate, evaluate_observations
from xlacore.evaluation.observations import UNKNOWN, Observations
from xlacore.evaluation.plan import EvaluationPlan
from xlacore.evaluation.report import Status
from xlacore.model.calls import Call
from xlacore.model.indicators import Source
from xlacore.scale.dask import CALL_SCHEMA, FEEDBACK_SCHEMA, calls_frame, evaluate_dask
from xlacore.scale.plan import EvaluationReducer, ExtentReducer, accumulate_tables
from xlacore.scoring.columns import ObservationColumns

pytestmark = pytest.mark.slow

TEN_MILLION = 10_000_000


def _frame(make: Callable[[int, int], pd.DataFrame], sizes: Sequence[int]) -> dd.DataFrame:
    return dd.from_map(make, range(len(sizes)), sizes, meta=make(0, 0))


def _table(make: Callable[[int, int], pd.DataFrame], sizes: Sequence[int]) -> ObservationColumns:
    return ObservationColumns.from_mapping(
        pd.concat([make(i, n) for i, n in enumerate(sizes)], ignore_index=True)
    )


def test_ten_million_answers_evaluate_on_the_cluster_as_in_one_process(client: Client) -> None:
    answer_sizes = partition_sizes(TEN_MILLION, 10)
    call_sizes = partition_sizes(1_000_000, 2)
    got = evaluate_dask(
        AGREEMENTS, _frame(calls, call_sizes), _frame(answers, answer_sizes), split_every=4
    )

    answer_table = _table(answers, answer_sizes)
    observations = Observations.from_tables(_table(calls, call_sizes), answer_table)
    want = evaluate_observations(AGREEMENTS, observations)
    assert_same_report(got, want)

    assert got.evaluated_at > END  # the latest update, found by the extent pass
    sla, xla = got.agreements
    assert len(sla.objectives) == 2 * 20  # two objectives on 20 services
    happiness = [r for r in xla.objectives if r.objective == "happiness" and len(r.scope) == 1]
    answered = answer_table.column("answered_at")
    in_window = (answered > got.evaluated_at.timestamp() - 28 * 86_400).sum()
    assert sum(r.n for r in happiness) == in_window
    assert {r.status for r in happiness} >= {Status.MET, Status.BREACHED}
    assert got.findings  # SLA met, XLA breached: the planted watermelons


UCI_AGREEMENTS = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "made-sla"
[documents.spec]
source = "calls"
strategy = "proportion"
good = { field = "made_sla", op = "eq", value = "true" }
attribution = "opened_at"

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "on-time"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "sla.resolution.met" }
attribution = "opened_at"

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "resolution-p90"
[documents.spec]
source = "calls"
strategy = "percentile"
params = { column = "resolution_seconds", q = 0.9 }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "reassignments"
spec = { source = "calls", strategy = "mean", params = { column = "reassignment_count" } }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "reopen-rate"
spec = { source = "calls", strategy = "proportion", params = { column = "reopened" } }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Calendar"
metadata.name = "weekdays"
[documents.spec]
timezone = "Europe/Lisbon"
weekly.days = [
  ["08:00-18:00"], ["08:00-18:00"], ["08:00-18:00"], ["08:00-18:00"], ["08:00-18:00"], [], [],
]

[[documents]]
apiVersion = "xlacore/v1"
kind = "SlaDefinition"
metadata.name = "resolution"
[documents.spec]
metric = "resolution"
start = { field = "type", op = "eq", value = "opened" }
stop = { field = "state", op = "in", value = ["Resolved", "Closed"] }
pause = { field = "state", op = "eq", value = "Awaiting User Info" }
calendar = "weekdays"
goals = [{ priority = 1, seconds = 14400 }, { priority = 2, seconds = 28800 }, { seconds = 172800 }]

[[documents]]
apiVersion = "xlacore/v1"
kind = "SLA"
metadata.name = "service-desk"
[documents.spec]
segments = [
  { name = "urgent", where = { field = "priority", op = "le", value = 2 } },
  { name = "normal", where = { field = "priority", op = "gt", value = 2 } },
]
objectives = [
  { name = "made-sla", indicator = "made-sla", op = "gte", target = 90, window = "90d" },
  { name = "on-time", indicator = "on-time", op = "gte", target = 80, window = "90d" },
  { name = "p90", indicator = "resolution-p90", op = "lte", target = 864000, window = "90d" },
  { name = "reassignments", indicator = "reassignments", op = "lte", target = 1.5, window = "90d" },
  { name = "reopen-rate", indicator = "reopen-rate", op = "lte", target = 2, window = "90d" },
]
"""


@pytest.fixture(scope="module")
def uci_calls(shared_data: Path) -> tuple[Call, ...]:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    found = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv")).calls
    assert len(found) == 24_918
    return found


@pytest.mark.shared_data
def test_uci_event_log_evaluates_on_the_cluster_as_in_one_process(
    client: Client, uci_calls: tuple[Call, ...]
) -> None:
    agreements = parse_documents(UCI_AGREEMENTS)
    want = evaluate(agreements, uci_calls)
    size = -(-len(uci_calls) // 6)
    chunks = client.scatter([list(uci_calls[i : i + size]) for i in range(0, len(uci_calls), size)])
    bag = db.from_delayed([delayed(chunk) for chunk in chunks])  # the data on the workers
    assert_same_report(evaluate_dask(agreements, bag, split_every=2), want)

    frame = calls_frame(
        bag,
        unknown=UNKNOWN,
        attributes=("made_sla",),
        slas=agreements.sla_definitions,
        calendars=agreements.calendars,
        at=want.evaluated_at,
    )
    assert set(CALL_SCHEMA) < set(frame.columns)
    assert_same_report(evaluate_dask(agreements, frame, at=want.evaluated_at), want)

    [desk] = want.agreements
    assert {dict(r.scope).get("segment") for r in desk.objectives} == {None, "urgent", "normal"}
    on_time = [r for r in desk.objectives if r.objective == "on-time"]
    assert all(r.n > 0 for r in on_time)


def test_demo_bags_of_calls_and_feedback_join_on_the_cluster(client: Client) -> None:
    data = generate()
    agreements = example_agreements()
    calls_bag = db.from_sequence(data.calls, npartitions=4)
    answers_bag = db.from_sequence(data.feedback, npartitions=3)
    for at in (None, datetime.fromisoformat("2026-06-01T00:00:00+00:00")):
        got = evaluate_dask(agreements, calls_bag, answers_bag, at=at)
        assert_same_report(got, evaluate(agreements, data.calls, data.feedback, at=at))


def test_frames_need_their_schema_and_bags_their_types() -> None:
    with pytest.raises(ScoringError, match="calls must be a Dask DataFrame or Bag"):
        evaluate_dask(AGREEMENTS, pd.DataFrame(), at=END)
    schema = pd.DataFrame({n: pd.Series([], dtype=t) for n, t in FEEDBACK_SCHEMA.items()})
    assert list(schema.columns[: len(CALL_SCHEMA)]) == list(CALL_SCHEMA)
    assert np.all(schema.dtypes.astype(str).isin(["Int64", "boolean", "string"]))


def test_spark_style_batches_of_each_table_evaluate_like_one_pass() -> None:
    """The mapInPandas recipe without Spark: batches per source, extent first, then stats."""
    tables = {Source.CALLS: calls(0, 5_000), Source.FEEDBACK: answers(0, 20_000)}

    def batches(source: Source) -> list[pd.DataFrame]:
        frame = tables[source]
        return [frame.iloc[i : i + 3_000] for i in range(0, len(frame), 3_000)]

    extents = [accumulate_tables(ExtentReducer(s), batches(s)) for s in tables]
    plan = EvaluationPlan.of(AGREEMENTS, extent=extents[0].merge(extents[1]))
    stats = [accumulate_tables(EvaluationReducer(plan, s), batches(s)) for s in tables]
    got = plan.finalize(plan.merge(*stats))

    observations = Observations.from_tables(
        *(ObservationColumns.from_mapping(tables[s]) for s in (Source.CALLS, Source.FEEDBACK))
    )
    assert_same_report(got, evaluate_observations(AGREEMENTS, observations))
