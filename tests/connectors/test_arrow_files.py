"""Parquet and Arrow IPC sources for the mapped connector: the same records as the CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pytest

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.servicenow import SERVICENOW
from xlacore.errors import ConnectorError, MissingExtraError

TUTORIAL = Path(__file__).resolve().parents[2] / "examples" / "tutorial"
TICKETS = MappedOptions(str(TUTORIAL / "tickets.toml"))
SURVEY = MappedOptions(str(TUTORIAL / "survey.toml"))
TIME_COLUMNS = ("Opened", "Reopened", "Resolved")


def _typed_tickets() -> pd.DataFrame:
    """tickets.csv as a data scientist would save it: real (naive, local) times."""
    frame = pd.read_csv(TUTORIAL / "tickets.csv", dtype=str)
    for column in TIME_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], format="%d/%m/%Y %H:%M")
    return frame


def test_parquet_tickets_give_the_calls_of_the_csv(tmp_path: Path) -> None:
    """Typed times are read whatever date_formats says; naive ones in the mapping's zone."""
    path = tmp_path / "tickets.parquet"
    _typed_tickets().to_parquet(path)
    from_csv = ingest(MAPPED, TUTORIAL / "tickets.csv", TICKETS)
    from_parquet = ingest(MAPPED, path, TICKETS)  # the mapping says format = "csv"
    assert from_parquet.calls == from_csv.calls
    assert from_parquet.account.records_read == 240 == len(from_csv.calls)
    assert from_parquet.account.rejected == 0


def test_parquet_answers_with_float_gaps(tmp_path: Path) -> None:
    """pandas stores a whole-number column with gaps as floats; 1800.0 is still 1800."""
    path = tmp_path / "survey.parquet"
    frame = pd.read_csv(TUTORIAL / "survey.csv")
    assert frame["Lost time (s)"].dtype == "float64"
    frame.to_parquet(path)
    from_parquet = ingest(MAPPED, path, SURVEY)
    assert from_parquet.feedback == ingest(MAPPED, TUTORIAL / "survey.csv", SURVEY).feedback
    assert any(f.lost_time_seconds for f in from_parquet.feedback)


@pytest.mark.parametrize("kind", ["file", "stream"])
def test_arrow_ipc_files_and_streams(tmp_path: Path, kind: str) -> None:
    table = pa.Table.from_pandas(_typed_tickets(), preserve_index=False)
    path = tmp_path / "tickets.arrow"
    if kind == "file":
        feather.write_feather(table, path)
    else:
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as out:
            out.write_table(table)
    mapping = tmp_path / "tickets.toml"
    text = (TUTORIAL / "tickets.toml").read_text(encoding="utf-8")
    mapping.write_text(text.replace('format = "csv"', 'format = "arrow"'), encoding="utf-8")
    result = ingest(MAPPED, path, MappedOptions(str(mapping)))
    assert result.calls == ingest(MAPPED, TUTORIAL / "tickets.csv", TICKETS).calls


def test_bad_rows_are_rejected_by_row(tmp_path: Path) -> None:
    frame = _typed_tickets().head(3)
    frame.loc[1, "Number"] = None
    frame.loc[2, "Opened"] = pd.NaT
    path = tmp_path / "tickets.parquet"
    frame.to_parquet(path)
    result = ingest(MAPPED, path, TICKETS)
    assert result.account.records_read == 3
    assert len(result.calls) == 1
    reasons = [str(i) for i in result.account.rejections]
    assert reasons == [
        f"{path}:2: Number (the id) is missing",
        f"{path}:3 (record INC00003): Opened (the opening time) is missing",
    ]


def test_a_parquet_file_to_a_csv_connector_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "incidents.parquet"
    _typed_tickets().to_parquet(path)
    with pytest.raises(ConnectorError, match="a Parquet file, not CSV; read it with the mapped"):
        ingest(SERVICENOW, path)


def test_without_pyarrow_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tickets.parquet"
    _typed_tickets().to_parquet(path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'xlacore\[arrow\]'"):
        ingest(MAPPED, path, TICKETS)


def test_an_unreadable_parquet_file_is_a_connector_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 and nothing else")
    with pytest.raises(ConnectorError, match="not a readable parquet file"):
        ingest(MAPPED, path, TICKETS)
