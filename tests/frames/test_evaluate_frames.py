"""Frames in: the frame path's report equals the report over the same data as model objects.

The reference for a mapped frame is the mapped connector reading the same rows from a CSV
file with the same mapping, then ``evaluate`` over its calls and answers: one mapping
language, one meaning.
"""

from __future__ import annotations

import csv
import sys
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlacore
from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.errors import InvalidInputError, MissingExtraError, XlaCoreWarning
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.scoring.observations import FEEDBACK_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "examples" / "tutorial"
AGREEMENTS = load_documents(TUTORIAL / "agreement.toml")
MAPPINGS = [TUTORIAL / "tickets.toml", TUTORIAL / "survey.toml"]
ZONE = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 3, 1, tzinfo=ZONE)
TIME_FORMAT = "%d/%m/%Y %H:%M"
CALL_HEADER = [
    "Number",
    "Opened",
    "Reopened",
    "Resolved",
    "Service",
    "Channel",
    "Caller",
    "Priority",
]
ANSWER_HEADER = ["Response", "Ticket", "Score", "Answered", "Lost time (s)"]


def _native(rows: list[dict[str, Any]], header: list[str], backend: str) -> object:
    data = {h: [r[h] for r in rows] for h in header}
    if backend == "pandas":
        return pd.DataFrame(data, columns=header)
    if backend == "polars":
        return pl.DataFrame(
            data, schema={h: pl.Int64 if h == "Score" else pl.String for h in header}
        )
    table = pa.table(
        {h: pa.array(data[h], type=pa.int64() if h == "Score" else pa.string()) for h in header}
    )
    if backend == "duckdb":
        return duckdb.from_arrow(table)
    return table


def _write(path: Path, rows: list[dict[str, Any]], header: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if r[h] is None else r[h] for h in header] for r in rows])


def _when(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).strftime(TIME_FORMAT)


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ticket and survey rows as a service desk exports them (text, gaps, odd values)."""
    n_calls = draw(st.integers(0, 30))
    calls = []
    for i in range(n_calls):
        opened = draw(st.integers(0, 40 * 24 * 60))
        resolved = draw(st.none() | st.integers(-120, 3 * 24 * 60))  # may precede the opening
        reopened = draw(st.none() | st.integers(0, 24 * 60))
        calls.append(
            {
                "Number": f"INC{i:04d}",
                "Opened": _when(opened),
                "Reopened": None if reopened is None else _when(opened + reopened),
                "Resolved": None if resolved is None else _when(opened + resolved),
                "Service": draw(st.sampled_from(["Email", "Laptop", "VPN", "Printer", None])),
                "Channel": draw(st.sampled_from(["Phone", "E-mail", "Self-service", "Fax", None])),
                "Caller": draw(st.sampled_from(["u1", "u2", None])),
                "Priority": draw(st.sampled_from(["1 - Critical", "3 - Moderate", "2", None])),
            }
        )
    answers = []
    for j in range(draw(st.integers(0, 40))):
        about = draw(st.integers(0, n_calls + 2))  # some answers are about no known ticket
        answers.append(
            {
                "Response": f"R{j:04d}",
                "Ticket": f"INC{about:04d}",
                "Score": draw(st.integers(0, 10)),
                "Answered": _when(draw(st.integers(0, 41 * 24 * 60))),
                "Lost time (s)": draw(st.none() | st.integers(0, 7200).map(str)),
            }
        )
    return calls, answers


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    export=exports(),
    backend=st.sampled_from(["pandas", "polars", "pyarrow", "duckdb"]),
)
def test_a_mapped_frame_gives_the_report_of_the_same_rows_read_by_the_connector(
    tmp_path: Path, export: tuple[list[dict[str, Any]], list[dict[str, Any]]], backend: str
) -> None:
    calls, answers = export
    _write(tmp_path / "tickets.csv", calls, CALL_HEADER)
    _write(tmp_path / "survey.csv", answers, ANSWER_HEADER)
    read_calls = ingest(MAPPED, tmp_path / "tickets.csv", MappedOptions(str(MAPPINGS[0])))
    read_answers = ingest(MAPPED, tmp_path / "survey.csv", MappedOptions(str(MAPPINGS[1])))
    assert read_calls.account.rejected == read_answers.account.rejected == 0
    expected = evaluate(AGREEMENTS, read_calls.calls, read_answers.feedback)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", XlaCoreWarning)
        got = xlacore.evaluate(
            AGREEMENTS,
            _native(calls, CALL_HEADER, backend),
            _native(answers, ANSWER_HEADER, backend),
            mapping=MAPPINGS,
        )
    assert got == expected
    # a wall time the clocks skipped is flagged on both paths alike (DST rule)
    flagged = [w for r in (read_calls, read_answers) for w in r.account.warnings]
    noted = [w for w in caught if "clocks skipped" in str(w.message)]
    assert bool(noted) == any("clocks skipped" in w.reason for w in flagged)


def _tutorial() -> tuple[Any, Any]:
    calls = ingest(MAPPED, TUTORIAL / "tickets.csv", MappedOptions(str(MAPPINGS[0]))).calls
    answers = ingest(MAPPED, TUTORIAL / "survey.csv", MappedOptions(str(MAPPINGS[1]))).feedback
    return calls, answers


def _observation_frame(columns: Any, names: tuple[str, ...]) -> pd.DataFrame:
    """Observation columns as a pandas frame with missing values as <NA>."""
    data = {}
    for name in names:
        values, present = columns.column(name), columns.mask(name)
        series = pd.Series(values.tolist(), dtype="object")
        data[name] = series if present is None else series.where(present, None)
    return pd.DataFrame(data).convert_dtypes()


def test_frames_in_observation_form_need_no_mapping() -> None:
    """Call and answer frames named like the observation columns; answers join their call."""
    from xlacore.scoring.observations import call_observations, feedback_observations

    calls, answers = _tutorial()
    call_table = call_observations(calls)
    own = feedback_observations(answers)
    calls_frame = _observation_frame(call_table, call_table.names)
    answers_frame = _observation_frame(own, FEEDBACK_COLUMNS)
    expected = evaluate(AGREEMENTS, calls, answers)
    assert xlacore.evaluate(AGREEMENTS, calls_frame, answers_frame) == expected
    assert xlacore.evaluate(AGREEMENTS, pl.from_pandas(calls_frame), answers) == expected


def test_answers_alone_score_the_experience() -> None:
    """A frame of answers with their time and service is enough for an experience objective.

    The scale is the strategy's (happiness: 0-10), so no scale columns are needed.
    """
    calls, answers = _tutorial()
    service = {c.id: c.service for c in calls}
    frame = pd.DataFrame(
        {
            "value": [a.value for a in answers],
            "answered_at": [a.answered_at for a in answers],
            "service": [service.get(a.about.id) for a in answers],
        }
    )
    report = xlacore.evaluate(AGREEMENTS, feedback=frame)
    full = evaluate(AGREEMENTS, calls, answers, at=report.evaluated_at)
    happiness = {
        r.scope: (r.value, r.n)
        for a in report.agreements
        for r in a.objectives
        if r.objective == "happiness"
    }
    assert happiness == {
        r.scope: (r.value, r.n)
        for a in full.agreements
        for r in a.objectives
        if r.objective == "happiness"
    }
    assert all(n > 0 for _, n in happiness.values())


def test_an_agreement_file_and_a_lazy_frame() -> None:
    calls, answers = _tutorial()
    got = xlacore.evaluate(
        TUTORIAL / "agreement.toml",
        pl.scan_csv(TUTORIAL / "tickets.csv"),
        duckdb.read_csv(str(TUTORIAL / "survey.csv")),
        mapping=MAPPINGS,
    )
    assert got == evaluate(AGREEMENTS, calls, answers)


def test_a_dask_frame() -> None:
    import dask.dataframe as dd

    calls, answers = _tutorial()
    tickets = dd.from_pandas(pd.read_csv(TUTORIAL / "tickets.csv"), npartitions=3)
    survey = dd.from_pandas(pd.read_csv(TUTORIAL / "survey.csv"), npartitions=2)
    got = xlacore.evaluate(AGREEMENTS, tickets, survey, mapping=MAPPINGS)
    assert got == evaluate(AGREEMENTS, calls, answers)


def test_model_objects_give_evaluate() -> None:
    calls, answers = _tutorial()
    assert xlacore.evaluate(AGREEMENTS, list(calls), list(answers)) == evaluate(
        AGREEMENTS, calls, answers
    )


def test_bad_rows_are_an_error_naming_row_and_record() -> None:
    frame = pd.DataFrame(
        {
            "Response": ["R1", "R2", "R2", "R4"],
            "Ticket": ["INC00002", "INC00003", "INC00004", None],
            "Score": [6, 11, 7, 8],
            "Answered": ["06/03/2026 15:25"] * 3 + ["yesterday"],
            "Lost time (s)": [None, None, None, None],
        }
    )
    with pytest.raises(InvalidInputError) as caught:
        xlacore.evaluate(AGREEMENTS, feedback=frame, mapping=MAPPINGS[1])
    message = str(caught.value)
    assert "row 1 (record R2): Score: outside the scale 0..10" in message
    assert "row 2 (record R2): duplicate id" in message
    assert "row 3 (record R4): Answered and Ticket are required" in message
    assert "'yesterday' is not a timestamp" in message


def test_a_mapped_column_the_frame_lacks_is_named() -> None:
    frame = pd.DataFrame({"Response": ["R1"], "Ticket": ["INC00002"], "Score": [6]})
    with pytest.raises(InvalidInputError) as caught:
        xlacore.evaluate(AGREEMENTS, feedback=frame, mapping=MAPPINGS[1])
    assert caught.value.problems == (
        "feedback.answered_at: column 'Answered' is not in the feedback frame;"
        " it has: 'Response', 'Ticket', 'Score'",
        "feedback.lost_time_seconds: column 'Lost time (s)' is not in the feedback frame;"
        " it has: 'Response', 'Ticket', 'Score'",
        "fix the mapping or rename the column",
    )


def test_something_that_is_no_frame_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match=r"builtins\.int is not a data frame"):
        xlacore.evaluate(AGREEMENTS, calls=3)


def test_without_narwhals_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "narwhals.stable.v2", None)
    frame = pd.DataFrame({"call": ["c1"]})
    with pytest.raises(MissingExtraError, match=r"pip install 'xlacore\[frames\]'"):
        xlacore.evaluate(AGREEMENTS, calls=frame)


def test_insights_over_frames_equal_insights_over_objects() -> None:
    calls, answers = _tutorial()
    from_frames = xlacore.insights_report(
        pd.read_csv(TUTORIAL / "tickets.csv"),
        pd.read_csv(TUTORIAL / "survey.csv"),
        mapping=MAPPINGS,
    )
    from_objects = xlacore.insights_report(list(calls), list(answers))
    assert from_frames.lifecycle == from_objects.lifecycle
    assert from_frames.channels == from_objects.channels
    assert from_frames.lost_time == from_objects.lost_time
    assert from_frames.first_resolution == from_objects.first_resolution


def test_times_of_any_frame_type_are_epoch_seconds() -> None:
    """Aware, naive (in the mapping's zone) and text times give the same instants."""
    from xlacore.frames.columns import numpy_column, open_frame

    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night Amsterdam moves to CEST
    local = moment.astimezone(ZONE).replace(tzinfo=None)
    frame = open_frame(pl.DataFrame({"aware": [moment], "naive": [local]}), "test")
    assert numpy_column(frame["aware"])[0].tolist() == [int(moment.timestamp())]
    naive, _ = numpy_column(frame["naive"], timezone="Europe/Amsterdam")
    assert naive.tolist() == [int(moment.timestamp())]
    assert np.asarray(numpy_column(frame["naive"])[0]).dtype == np.int64


def test_text_times_of_an_unmapped_frame_are_iso_8601() -> None:
    calls, answers = _tutorial()
    service = {c.id: c.service for c in calls}
    data = {
        "value": [a.value for a in answers],
        "answered_at": [a.answered_at.isoformat() for a in answers],
        "service": [service.get(a.about.id) for a in answers],
    }
    as_text = xlacore.evaluate(AGREEMENTS, feedback=pl.DataFrame(data))
    data["answered_at"] = [a.answered_at for a in answers]
    assert as_text == xlacore.evaluate(AGREEMENTS, feedback=pd.DataFrame(data))
    data["answered_at"][3] = "last tuesday"
    with pytest.raises(InvalidInputError, match="answered_at: 'last tuesday' is not a timestamp"):
        xlacore.evaluate(AGREEMENTS, feedback=pd.DataFrame(data))


def test_mappings_combine_section_by_section() -> None:
    from xlacore.connectors.mapping import load_mapping
    from xlacore.frames.mapping import frame_mapping

    combined = frame_mapping([load_mapping(MAPPINGS[0]), MAPPINGS[1]])
    assert combined is not None
    assert combined.calls == load_mapping(MAPPINGS[0]).calls
    assert combined.feedback == load_mapping(MAPPINGS[1]).feedback
    assert combined.values.channel == {"E-mail": "email", "Self-service": "portal"}
    with pytest.raises(InvalidInputError, match=r"\[calls\] is given by more than one"):
        frame_mapping([MAPPINGS[0], MAPPINGS[0]])
    utc = {
        "source": {"timezone": "UTC"},
        "feedback": {
            "id": "a",
            "about": "b",
            "value": "c",
            "answered_at": "d",
            "scale_low": 0,
            "scale_high": 10,
        },
    }
    with pytest.raises(InvalidInputError, match=r"their \[source\] tables differ"):
        frame_mapping([MAPPINGS[0], utc])


def test_a_bad_mapping_names_its_key_path() -> None:
    with pytest.raises(InvalidInputError, match=r"\$\.feedback\.valu"):
        xlacore.evaluate(AGREEMENTS, feedback=pd.DataFrame(), mapping={"feedback": {"valu": 1}})
    events = {"calls": {"id": "n", "grouping": "row_per_event", "events": {"at": "t"}}}
    with pytest.raises(InvalidInputError, match="one row per call"):
        xlacore.evaluate(AGREEMENTS, calls=pd.DataFrame(), mapping=events)
