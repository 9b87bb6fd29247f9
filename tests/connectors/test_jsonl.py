"""The JSON Lines connector of xlacore's own format."""

from __future__ import annotations

import gzip
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.connectors import RejectedRecordError, ingest
from xlacore.connectors.jsonl import JSONL, JsonLinesOptions, dump_lines
from xlacore.errors import ConnectorError
from xlacore.model import ZERO_TO_TEN, Call, Feedback, Subject, SubjectKind
from xlacore.testing.strategies import calls, feedback

unique_calls = st.lists(calls(max_events=3), max_size=5, unique_by=lambda c: c.id)
unique_feedback = st.lists(feedback(), max_size=5, unique_by=lambda f: f.id)


def _write(path: Path, text: str | bytes) -> Path:
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    elif path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("records.jsonl", data)
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".zip"])
@given(written_calls=unique_calls, written_feedback=unique_feedback)
def test_what_is_written_is_read_back(
    tmp_path_factory: pytest.TempPathFactory,
    suffix: str,
    written_calls: list[Call],
    written_feedback: list[Feedback],
) -> None:
    text = "".join(dump_lines(written_calls, written_feedback))
    path = _write(tmp_path_factory.mktemp("jsonl") / f"data{suffix}", text)
    result = ingest(JSONL, path)
    assert result.calls == tuple(written_calls)
    assert result.feedback == tuple(written_feedback)
    account = result.account
    assert account.records_read == account.accepted == len(written_calls) + len(written_feedback)
    assert account.rejections == []


BAD_LINES = {
    "not-json": (b'{"call": ', None, "not JSON"),
    "not-utf8": (b'{"call": "\xff"}', None, "not UTF-8"),
    "not-an-object": (b"[1, 2]", None, "got list"),
    "unknown-envelope": (b'{"ticket": {}}', None, "found 'ticket'"),
    "two-keys": (b'{"call": {}, "feedback": {}}', None, "exactly one key"),
    "invalid-call": (b'{"call": {"id": "X1", "kind": "incident", "events": []}}', "X1", "$.call"),
    "invalid-feedback": (b'{"feedback": {"id": "F9"}}', "F9", "$.feedback"),
}


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_a_bad_line_is_rejected_with_its_location(tmp_path: Path, name: str) -> None:
    line, record, reason = BAD_LINES[name]
    first, last = ("".join(dump_lines(feedback=[_answer(i)])).encode() for i in ("F1", "F2"))
    path = _write(tmp_path / "data.jsonl", first + b"   \n" + line + b"\n" + last)
    result = ingest(JSONL, path)
    (rejection,) = result.account.rejections
    assert rejection.location.source == str(path)
    assert rejection.location.line == 3  # blank line 2 is skipped, yet counted as a line
    assert rejection.location.record == record
    assert reason in rejection.reason
    assert result.account.records_read == 3
    assert [f.id for f in result.feedback] == ["F1", "F2"]


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    lines = "".join(dump_lines(feedback=[_answer("F1"), _answer("F2"), _answer("F1")]))
    result = ingest(JSONL, _write(tmp_path / "d.jsonl", lines))
    (rejection,) = result.account.rejections
    assert (rejection.location.line, rejection.location.record) == (3, "F1")
    assert "duplicate feedback id 'F1' (first on line 1)" in rejection.reason


def test_invalid_records_name_every_problem_with_its_key_path(tmp_path: Path) -> None:
    line = '{"feedback": {"id": "F1", "value": "x", "colour": 1}}\n'
    (rejection,) = ingest(JSONL, _write(tmp_path / "d.jsonl", line)).account.rejections
    assert "$.feedback: unknown key 'colour'" in rejection.reason
    assert "$.feedback.value" in rejection.reason


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    text = "".join(dump_lines(feedback=[_answer("F1")]))
    path = _write(tmp_path / "d.jsonl", b"\xef\xbb\xbf" + text.encode())
    assert ingest(JSONL, path).account.accepted == 1


def test_batches_hold_at_most_batch_size_records(tmp_path: Path) -> None:
    answers = [_answer(f"F{i}") for i in range(7)]
    path = _write(tmp_path / "d.jsonl", "".join(dump_lines(feedback=answers)))
    account = ingest(JSONL, path).account
    batches = list(JSONL.read(path, JsonLinesOptions(batch_size=3), account))
    assert [len(b.feedback) for b in batches] == [3, 3, 1]


def test_strict_mode_stops_at_the_first_rejection(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.jsonl", "{}\n")
    with pytest.raises(RejectedRecordError, match=r"d.jsonl:1: expected exactly one key"):
        ingest(JSONL, path, strict=True)


def test_a_missing_file_is_a_connector_error(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="no such file"):
        ingest(JSONL, tmp_path / "missing.jsonl")


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        JsonLinesOptions(batch_size=0)


def _answer(answer_id: str) -> Feedback:
    return Feedback(
        id=answer_id,
        about=Subject(SubjectKind.CALL, "INC1"),
        scale=ZERO_TO_TEN,
        value=9,
        answered_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    )
