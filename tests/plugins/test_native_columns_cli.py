"""A plugin connector with native columns: the command line asks the protocol, not a name.

``xlacore ingest`` and ``xlacore evaluate`` read a source through its connector's own
``read_columns`` when it has one (whoever wrote it), and print what the objects would give;
a native read that holds answers is read again as records, which join answers to calls.
"""

from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path
from typing import Any

import pytest

from xlacore.cli import main
from xlacore.connectors.jsonl import dump_lines
from xlacore.demo import generate

PLUGIN = """
from xlacore.connectors import ColumnBatch
from xlacore.connectors.jsonl import JsonLinesConnector
from xlacore.plugins import ConnectorDescriptor, hookimpl

USED = []


class NativeJsonLines(JsonLinesConnector):
    def read_columns(self, path, options, account):
        USED.append(path.name)
        return iter([ColumnBatch.of(batch) for batch in self.read(path, options, account)])


@hookimpl
def xlacore_connectors():
    yield ConnectorDescriptor(
        name="native-jsonl", connector=NativeJsonLines(), description="JSON Lines as columns"
    )
"""

AGREEMENT = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "reopen-rate"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "reopened" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "answer-mean"
[documents.spec]
source = "feedback"
strategy = "mean"
params = { column = "value" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "desk"
[documents.spec]
services = SERVICES
objectives = [
  { name = "reopen-rate", indicator = "reopen-rate", op = "lte", target = 10, window = "3650d" },
  { name = "answers", indicator = "answer-mean", op = "gte", target = 5, window = "3650d" },
]
"""


@pytest.fixture
def used(make_dist: Any) -> list[str]:
    make_dist("native-xla", "0.1", {"native": "native_plugin"}, {"native_plugin": PLUGIN})
    module = importlib.import_module("native_plugin")
    return module.USED  # type: ignore[no-any-return]


def _files(tmp_path: Path, *, answers: bool) -> tuple[Path, Path]:
    demo = generate()
    calls = demo.calls[:40]
    feedback = [f for f in demo.feedback if f.about.id in {c.id for c in calls}][:10]
    lines = list(dump_lines(calls=calls, feedback=feedback if answers else ()))
    lines.append('{"call": {"id": ""}}')  # a rejected record, noted on stderr
    data = tmp_path / "records.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    services = sorted({c.service for c in calls if c.service is not None})
    agreement = tmp_path / "agreement.toml"
    agreement.write_text(AGREEMENT.replace("SERVICES", repr(services)), encoding="utf-8")
    return data, agreement


def test_ingest_reads_the_plugins_native_columns(
    used: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = _files(tmp_path, answers=True)
    assert main(["ingest", f"native-jsonl:{data}", "--format", "json"]) == 0
    native = capsys.readouterr().out
    assert used == [data.name]
    assert main(["ingest", f"jsonl:{data}", "--format", "json"]) == 0
    assert native == capsys.readouterr().out
    assert '"feedback": 10' in native
    assert '"rejected": 1' in native


@pytest.mark.parametrize("answers", [False, True])
def test_evaluate_reads_native_call_columns_and_records_for_answers(
    used: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], answers: bool
) -> None:
    data, agreement = _files(tmp_path, answers=answers)
    args = ["evaluate", str(agreement), "--format", "csv", "--calls"]
    assert main([*args, f"native-jsonl:{data}"]) == 0
    native = capsys.readouterr()
    assert used == [data.name]  # asked once; with answers, then read as records
    assert main([*args, f"jsonl:{data}"]) == 0
    objects = capsys.readouterr()
    assert native.out == objects.out
    assert "reopen-rate" in native.out
    rows = list(csv.DictReader(io.StringIO(native.out)))
    answered = sum(int(r["n"]) for r in rows if r["objective"] == "answers")
    assert answered == (10 if answers else 0)  # the answers were read, joined to their calls
    assert native.err.count("1 of ") == 1  # the rejection noted once, not per read
    assert native.err.replace("native-jsonl:", "jsonl:") == objects.err
