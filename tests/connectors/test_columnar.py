"""Every connector's columnar view: native when the connector has it, derived otherwise.

The law: the column batches of a source, concatenated, equal the columns of its object
batches concatenated (``call_observations`` of every call, ``feedback_observations`` of
every answer), read with the same account; the derived path streams, one object batch per
column batch.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlacore.connectors import Batch, ColumnBatch, IngestAccount, Location, ingest
from xlacore.connectors.columnar import native_columns, read_columns
from xlacore.connectors.jsonl import JSONL, dump_lines
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.mapping import CallColumns, MappingFile, SourceSpec
from xlacore.connectors.summary import IngestSummary, ingest_report
from xlacore.demo import generate
from xlacore.model.calls import Call
from xlacore.model.feedback import ONE_TO_FIVE, Feedback, Subject, SubjectKind
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    CALL_COLUMNS,
    FEEDBACK_COLUMNS,
    call_observations,
    feedback_observations,
)
from xlacore.testing import strategies as xst
from xlacore.testing.contracts import assert_same_columns, check_connector

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
#: Few attribute names, so batches share some extra columns and lack others.
_ATTRIBUTES = st.dictionaries(st.sampled_from(["a", "b", "zone"]), st.sampled_from(["x", "yy"]))


@st.composite
def _calls(draw: st.DrawFn) -> Call:
    call = draw(xst.calls(max_events=3))
    return attrs.evolve(call, attributes=draw(_ATTRIBUTES))


_BATCHES = st.lists(
    st.builds(
        Batch,
        calls=st.lists(_calls(), max_size=4).map(tuple),
        feedback=st.lists(xst.feedback(), max_size=3).map(tuple),
    ),
    max_size=4,
)


class Replay:
    """A connector without native columns that yields the batches it was given.

    Each record is accepted, and every third one is rejected after it, so the account has
    rejections to compare; ``pulled`` counts the batches handed out so far.
    """

    options_type = dict

    def __init__(self, batches: Sequence[Batch]) -> None:
        self.batches = batches
        self.pulled = 0

    def read(self, path: Path, options: Any, account: IngestAccount) -> Iterator[Batch]:
        for number, batch in enumerate(self.batches):
            account.accept(len(batch.calls) + len(batch.feedback))
            if number % 3 == 2:
                account.reject(Location(str(path), number + 1), "the third batch's extra line")
            self.pulled += 1
            yield batch


@FAST
@given(_BATCHES)
def test_derived_columns_are_the_columns_of_the_object_batches(batches: list[Batch]) -> None:
    connector = Replay(batches)
    account = IngestAccount()
    stream = read_columns(connector, Path("source"), {}, account)
    assert connector.pulled == 0, "nothing is read before the first column batch is asked for"
    derived = []
    for number, batch in enumerate(stream, start=1):
        assert connector.pulled == number, "one object batch per column batch"
        derived.append(batch)
    assert len(derived) == len(batches)
    whole = ColumnBatch.concat(derived)
    calls = [c for b in batches for c in b.calls]
    answers = [f for b in batches for f in b.feedback]
    assert_same_columns(whole.calls, call_observations(calls), "calls")
    assert_same_columns(whole.feedback, feedback_observations(answers), "answers")
    for got, batch in zip(derived, batches, strict=True):
        assert_same_columns(got.calls, call_observations(batch.calls), "calls of one batch")
    objects = IngestAccount()
    list(Replay(batches).read(Path("source"), {}, objects))
    assert account == objects


@FAST
@given(_BATCHES, st.data())
def test_concatenation_is_associative(batches: list[Batch], data: st.DataObject) -> None:
    """Concatenating parts of the batches, then the parts, is concatenating all of them."""
    columns = [ColumnBatch.of(b) for b in batches]
    cut = data.draw(st.integers(0, len(columns)), label="cut")
    parts = [ColumnBatch.concat(columns[:cut]), ColumnBatch.concat(columns[cut:])]
    whole, joined = ColumnBatch.concat(columns), ColumnBatch.concat(parts)
    assert_same_columns(joined.calls, whole.calls, "calls")
    assert_same_columns(joined.feedback, whole.feedback, "answers")


def test_no_batches_concatenate_to_empty_columns_of_the_fixed_names() -> None:
    empty = ColumnBatch.concat([])
    assert empty.calls.names == CALL_COLUMNS
    assert empty.feedback.names == (*CALL_COLUMNS, *FEEDBACK_COLUMNS)
    assert (empty.calls.n_rows, empty.feedback.n_rows) == (0, 0)


def test_a_column_a_batch_lacks_is_missing_in_its_rows() -> None:
    call = _demo_call()
    first = Batch(calls=(attrs.evolve(call, id="A", attributes={"zone": "north"}),))
    second = Batch(calls=(attrs.evolve(call, id="B", attributes={}),))
    whole = ColumnBatch.concat([ColumnBatch.of(first), ColumnBatch.of(second)]).calls
    assert whole.names == (*CALL_COLUMNS, "zone")
    assert whole.column("call").tolist() == ["A", "B"]
    mask = whole.mask("zone")
    assert mask is not None
    assert mask.tolist() == [True, False]
    assert whole.column("zone")[0] == "north"


@functools.cache
def _demo_call() -> Call:
    return generate().calls[0]


@FAST
@given(_BATCHES)
def test_the_summary_of_columns_is_the_summary_of_objects(batches: list[Batch]) -> None:
    """What ``xlacore ingest`` prints does not depend on the view it counted."""
    objects, columns = IngestSummary(), IngestSummary()
    for batch in batches:
        objects.add(batch)
        columns.add_columns(ColumnBatch.of(batch))
    account = IngestAccount()
    assert ingest_report(account, columns) == ingest_report(account, objects)


_ROW_PER_CALL = MappingFile(
    source=SourceSpec(date_formats=("%Y-%m-%d",)),
    calls=CallColumns(id="id", times={"opened": "opened"}),
)


def test_a_connector_without_native_columns_answers_none(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(line + "\n" for line in dump_lines(calls=[_demo_call()])))
    account = IngestAccount()
    assert native_columns(JSONL, path, JSONL.options_type(), account) is None
    assert account == IngestAccount()
    batches = list(read_columns(JSONL, path, None, account))  # None: the default options
    assert account == ingest(JSONL, path).account
    assert ColumnBatch.concat(batches).calls.column("call").tolist() == [_demo_call().id]


def test_the_mapped_connector_has_no_native_columns_for_one_row_per_call(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("id,opened\nA,2024-01-02\n,2024-01-03\n")
    options = MappedOptions(mapping_object=_ROW_PER_CALL)
    account = IngestAccount()
    assert native_columns(MAPPED, path, options, account) is None
    assert account == IngestAccount()
    batches = list(read_columns(MAPPED, path, options, account))
    assert (account.accepted, account.rejected) == (1, 1)
    assert ColumnBatch.concat(batches).calls.column("call").tolist() == ["A"]


class Native(Replay):
    """A connector whose native columns are wrong in a chosen way (to see the kit catch it)."""

    def __init__(self, batches: Sequence[Batch], fault: str) -> None:
        super().__init__(batches)
        self.fault = fault

    def read_columns(
        self, path: Path, options: Any, account: IngestAccount
    ) -> Iterator[ColumnBatch] | None:
        if self.fault == "declines":
            return None
        columns = [ColumnBatch.of(b) for b in self.read(path, options, account)]
        if self.fault == "drops a call":
            calls = columns[0].calls
            columns[0] = ColumnBatch(calls.take(np.arange(calls.n_rows) > 0), columns[0].feedback)
        elif self.fault == "forgets a rejection":
            account.rejections.clear()
        return iter(columns)


def _two_calls() -> list[Batch]:
    call = _demo_call()
    return [
        Batch(calls=(call, attrs.evolve(call, id="other"))),
        Batch(feedback=()),
        Batch(calls=(attrs.evolve(call, id="third"),)),
    ]


def _count(content: bytes) -> int:
    """Three calls accepted, and the extra line Replay rejects after its third batch."""
    return 4


@pytest.mark.parametrize("fault", ["none", "declines"])
def test_the_kit_passes_native_columns_that_keep_the_contract(fault: str) -> None:
    """(A connector that declines is read through its objects.)"""
    check_connector(
        Native(_two_calls(), fault),
        sources=st.just(b"anything"),
        records=_count,
        garbage=False,
        settings=FAST,
    )


@pytest.mark.parametrize(
    ("fault", "message"),
    [("drops a call", "call columns"), ("forgets a rejection", "account")],
)
def test_the_kit_catches_native_columns_that_differ_from_the_objects(
    fault: str, message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        check_connector(
            Native(_two_calls(), fault),
            sources=st.just(b"anything"),
            records=_count,
            garbage=False,
            settings=FAST,
        )


def test_column_batches_default_to_empty_tables() -> None:
    batch = ColumnBatch()
    assert isinstance(batch.calls, ObservationColumns)
    assert batch.calls.names == CALL_COLUMNS
    assert batch.feedback.names == (*CALL_COLUMNS, *FEEDBACK_COLUMNS)


def test_answers_carry_their_own_columns_not_their_calls() -> None:
    """An answer's call may come in another batch: the join happens once both are read."""
    demo = _demo_call()
    answer = Feedback(
        id="S1",
        about=Subject(SubjectKind.CALL, demo.id),
        scale=ONE_TO_FIVE,
        value=4,
        answered_at=demo.events[-1].at,
    )
    batch = ColumnBatch.of(Batch(calls=(demo,), feedback=(answer,)))
    assert batch.feedback.column("about").tolist() == [demo.id]
    assert batch.feedback.column("value").tolist() == [4]
    kind = batch.feedback.mask("kind")
    assert kind is not None
    assert not kind.any()
