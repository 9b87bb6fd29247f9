"""``xlacore evaluate --format parquet|arrow``: the report's rows as a table file."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import xlacore
from xlacore.cli import main

TUTORIAL = Path(__file__).resolve().parents[2] / "examples" / "tutorial"
MAPPINGS = [TUTORIAL / "tickets.toml", TUTORIAL / "survey.toml"]


def _argv(calls: Path, *extra: str) -> list[str]:
    return [
        "evaluate",
        str(TUTORIAL / "agreement.toml"),
        "--calls",
        f"mapped:{calls}",
        "--calls-mapping",
        str(MAPPINGS[0]),
        "--feedback",
        f"mapped:{TUTORIAL / 'survey.csv'}",
        "--feedback-mapping",
        str(MAPPINGS[1]),
        *extra,
    ]


def _expected() -> pd.DataFrame:
    report = xlacore.evaluate(
        TUTORIAL / "agreement.toml",
        pd.read_csv(TUTORIAL / "tickets.csv"),
        pd.read_csv(TUTORIAL / "survey.csv"),
        mapping=MAPPINGS,
    )
    frame: pd.DataFrame = report.to_frame("pandas")
    return frame


def test_parquet_output_holds_the_report_rows(tmp_path: Path) -> None:
    target = tmp_path / "report.parquet"
    argv = _argv(TUTORIAL / "tickets.csv", "--format", "parquet", "--output", str(target))
    assert main(argv) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(target), _expected())


def test_arrow_output_from_a_parquet_source(tmp_path: Path) -> None:
    source = tmp_path / "tickets.parquet"
    pq.write_table(pa.Table.from_pandas(pd.read_csv(TUTORIAL / "tickets.csv")), source)
    target = tmp_path / "report.arrow"
    assert main(_argv(source, "--format", "arrow", "--output", str(target))) == 0
    table = pa.ipc.open_file(target).read_all()
    pd.testing.assert_frame_equal(table.to_pandas(), _expected())


def test_binary_output_goes_to_a_pipe_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.BytesIO()

    class Pipe(io.TextIOWrapper):
        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdout", Pipe(buffer))
    assert main(_argv(TUTORIAL / "tickets.csv", "--format", "parquet")) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(buffer.getvalue())), _expected())

    class Terminal(Pipe):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal(io.BytesIO()))
    assert main(_argv(TUTORIAL / "tickets.csv", "--format", "parquet")) == 2
    assert "parquet is binary: give --output FILE" in capsys.readouterr().err


def test_without_pyarrow_the_cli_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    target = tmp_path / "report.parquet"
    argv = _argv(TUTORIAL / "tickets.csv", "--format", "parquet", "--output", str(target))
    assert main(argv) == 2
    assert "pip install 'xlacore[arrow]'" in capsys.readouterr().err
    assert not target.exists()
