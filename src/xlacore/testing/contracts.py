"""Contract checks a plugin author runs against their own plugin (requires ``xlacore[testing]``).

Each check is a hypothesis property over inputs *you* describe (columns your strategy scores,
files your connector or change connector reads, reports your renderer renders); it raises
``AssertionError`` with the failing example when the plugin breaks a law every xlacore
plugin must keep::

    from xlacore.testing.contracts import check_connector, check_plugin

    def test_my_plugin_loads():
        check_plugin(my_plugin)

    def test_my_connector_keeps_the_contract():
        check_connector(MyConnector(), sources=my_files(), records=rows_in, suffix=".csv")

Pass ``settings=hypothesis.settings(max_examples=...)`` to change how hard each check tries.
"""

from __future__ import annotations

import itertools
import json
import math
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hypothesis
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xlacore.connectors.account import IngestAccount, RejectedRecordError
from xlacore.connectors.changes import ChangeReader, ChangesRead, read_changes
from xlacore.connectors.columnar import read_columns
from xlacore.connectors.protocol import Batch, ColumnBatch, Connector, IngestResult, ingest
from xlacore.errors import ConnectorError, InvalidPluginObjectError
from xlacore.model.calls import Call
from xlacore.model.changes import Change
from xlacore.model.feedback import Feedback
from xlacore.model.validators import instant
from xlacore.plugins import (
    ChangeConnectorDescriptor,
    ConnectorDescriptor,
    PluginRegistry,
    RendererDescriptor,
    ScoringStrategyDescriptor,
    make_registry,
)
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.observations import call_observations, feedback_observations
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.serialization import from_dict, to_dict
from xlacore.testing.strategies import reports as any_reports

if TYPE_CHECKING:
    from xlacore.scoring.score import Score

__all__ = [
    "check_plugin",
    "check_scoring_strategy",
    "check_connector",
    "check_change_connector",
    "check_renderer",
    "assert_same_columns",
]


def _run(test: Any, chosen: hypothesis.settings | None) -> None:
    (chosen(test) if chosen is not None else test)()


# -- registration -------------------------------------------------------------------------
def check_plugin(*plugins: object) -> PluginRegistry:
    """Register ``plugins`` beside the built-ins, strictly, and return the registry.

    Fails when a plugin does not load, yields something other than descriptors, or takes a
    name another plugin (a built-in included) already uses.
    """
    return make_registry(entry_points=False, plugins=plugins, strict=True)


# -- scoring strategies -------------------------------------------------------------------
def check_scoring_strategy(
    strategy: ScoringStrategy[Any, Any] | ScoringStrategyDescriptor,
    *,
    columns: st.SearchStrategy[ObservationColumns],
    params: Any = None,
    group_by: Sequence[str] = (),
    bounds: tuple[float, float] | None = None,
    rel_tol: float = 1e-9,
    abs_tol: float = 1e-9,
    settings: hypothesis.settings | None = None,
) -> None:
    """Check the laws of a scoring strategy on the columns ``columns`` generates.

    - Any split of the rows into chunks, accumulated apart and merged in any order, finalizes
      to the one-pass result (values and intervals within ``rel_tol``/``abs_tol``; n, status
      and method exactly).
    - Scoring is deterministic, and gives one score per group, in the grouping's order.
    - Values of scores that have one lie within ``bounds`` (when given).
    - Empty input gives scores with n = 0 and no value, never a number that looks real.

    ``params`` defaults to ``params_type()``; ``group_by`` names the key columns.
    """
    impl = strategy.strategy if isinstance(strategy, ScoringStrategyDescriptor) else strategy
    chosen = impl.params_type() if params is None else params

    def score(cols: ObservationColumns, grouping: Grouping) -> Sequence[Score]:
        return impl.finalize(impl.accumulate(cols, grouping, chosen), chosen)

    @given(columns, st.data())
    def laws(cols: ObservationColumns, data: st.DataObject) -> None:
        grouping = Grouping.of(cols, group_by)
        whole = score(cols, grouping)
        assert [s.group for s in whole] == list(grouping.labels), "one score per group, in order"
        assert score(cols, grouping) == whole, "scoring the same data twice differs"
        n = len(cols)
        cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=4), label="cuts"))
        edges = [0, *cuts, n]
        parts = [
            impl.accumulate(cols.take(slice(a, b)), grouping.take(slice(a, b)), chosen)
            for a, b in itertools.pairwise(edges)
        ]
        order = data.draw(st.permutations(range(len(parts))), label="merge order")
        merged = parts[order[0]]
        for i in order[1:]:
            merged = impl.merge(merged, parts[i])
        _assert_same_scores(impl.finalize(merged, chosen), whole, rel_tol, abs_tol)
        for s in whole:
            if bounds is not None and s.value is not None:
                assert bounds[0] <= s.value <= bounds[1], f"{s} lies outside {bounds}"
        empty = score(cols.take(slice(0, 0)), grouping.take(slice(0, 0)))
        for s in empty:
            assert s.n == 0, f"{s}: empty input, yet n = {s.n}"
            assert s.value is None, f"{s}: empty input, yet a value"

    _run(laws, settings)


def _assert_same_scores(
    got: Sequence[Score], expected: Sequence[Score], rel_tol: float, abs_tol: float
) -> None:
    assert len(got) == len(expected), f"{len(got)} scores after merging, {len(expected)} in one"
    for a, b in zip(got, expected, strict=True):
        assert (a.group, a.n, a.status, a.method) == (b.group, b.n, b.status, b.method), (
            f"merged {a} != one pass {b}"
        )
        for x, y in ((a.value, b.value), (a.ci_low, b.ci_low), (a.ci_high, b.ci_high)):
            same = x == y or (
                x is not None
                and y is not None
                and math.isclose(x, y, rel_tol=rel_tol, abs_tol=abs_tol)
            )
            assert same, f"merged {a} != one pass {b}"


# -- connectors ---------------------------------------------------------------------------


def _stops_when_strict(read_strictly: Callable[[], object]) -> None:
    """Strict mode raises at the first rejected record (the caller saw one rejected)."""
    try:
        read_strictly()
    except RejectedRecordError:
        return
    raise AssertionError("strict mode did not raise at a rejected record")


def check_connector(
    connector: Connector | ConnectorDescriptor,
    *,
    sources: st.SearchStrategy[bytes],
    records: Callable[[bytes], int],
    suffix: str = "",
    options: Any = None,
    garbage: bool = True,
    settings: hypothesis.settings | None = None,
) -> None:
    """Check a connector's account on the files (their bytes) that ``sources`` generates.

    - Nothing is lost: the connector reads as many records as ``records(content)`` counts in
      the file, and every record read is accepted or rejected
      (``records_read == accepted + rejected``). The count comes from your test, not from the
      connector, so a record skipped without ``accept`` or ``reject`` is caught.
    - Every rejection names the file and a line or record, and gives a reason.
    - What it yields is valid: calls and feedback that survive a serialization round trip,
      with ids unique per kind, in :class:`~xlacore.connectors.Batch` es.
    - Reading is deterministic, and strict mode raises exactly when something is rejected.
    - Its columnar view (:func:`~xlacore.connectors.columnar.read_columns`: the connector's
      own ``read_columns`` when it has one and it answers, else columns derived from its
      batches) yields :class:`~xlacore.connectors.protocol.ColumnBatch` es that concatenate
      to ``call_observations`` and ``feedback_observations`` of the objects it read (see
      :func:`assert_same_columns`), with an equal account (the same counts, rejections and
      warnings, in order); strict, it raises as the objects read does.

    With ``garbage`` (default), arbitrary bytes are read too: the connector may reject
    everything or raise :class:`~xlacore.errors.ConnectorError`, nothing else (their records
    are not counted: only the balance is checked there), in both views alike.
    ``suffix`` is the file name's ending (``".csv"``); ``options`` defaults to
    ``options_type()``.
    """
    impl = connector.connector if isinstance(connector, ConnectorDescriptor) else connector
    chosen = impl.options_type() if options is None else options

    @given(sources)
    def laws(content: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = _write(Path(folder), content, suffix)
            result = _read(impl, path, chosen)
            _check_result(result, path)
            _check_count(result.account, records(content))
            again = _read(impl, path, chosen)
            assert (again.calls, again.feedback) == (result.calls, result.feedback)
            assert again.account == result.account, "reading the same file twice differs"
            _check_columns(impl, path, chosen, result)
            if result.account.rejected:
                _stops_when_strict(lambda: ingest(impl, path, chosen, strict=True))
                _stops_when_strict(lambda: _columns(impl, path, chosen, strict=True))

    @given(st.binary(max_size=512))
    def survives_garbage(content: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = _write(Path(folder), content, suffix)
            try:
                result = _read(impl, path, chosen)
            except ConnectorError:
                _refuses(lambda: _columns(impl, path, chosen))
                return
            _check_result(result, path)
            _check_columns(impl, path, chosen, result)

    _run(laws, settings)
    if garbage:
        _run(survives_garbage, settings)


def _write(folder: Path, content: bytes, suffix: str) -> Path:
    path = folder / f"source{suffix}"
    path.write_bytes(content)
    return path


def _read(connector: Connector, path: Path, options: Any) -> IngestResult:
    account = IngestAccount()
    batches = list(connector.read(path, options, account))
    assert all(isinstance(b, Batch) for b in batches), "read() must yield Batch objects"
    return IngestResult(
        tuple(c for b in batches for c in b.calls),
        tuple(f for b in batches for f in b.feedback),
        account,
    )


def _refuses(read_columns_view: Callable[[], object]) -> None:
    """The columnar view raises :class:`ConnectorError` too (the objects read did)."""
    try:
        read_columns_view()
    except ConnectorError:
        return
    raise AssertionError("read() raised ConnectorError; the columnar view did not")


def _columns(
    connector: Connector, path: Path, options: Any, *, strict: bool = False
) -> tuple[ColumnBatch, IngestAccount]:
    account = IngestAccount(strict=strict)
    batches = list(read_columns(connector, path, options, account))
    for batch in batches:
        assert isinstance(batch, ColumnBatch), f"read_columns() yielded {type(batch).__name__}"
    return ColumnBatch.concat(batches), account


def _check_columns(connector: Connector, path: Path, options: Any, read: IngestResult) -> None:
    """The columnar view equals the objects' columns, with the same account."""
    columns, account = _columns(connector, path, options)
    assert account == read.account, (
        f"the columnar view's account {account} differs from the objects' {read.account}"
    )
    assert_same_columns(columns.calls, call_observations(read.calls), "call columns")
    assert_same_columns(columns.feedback, feedback_observations(read.feedback), "answer columns")


def assert_same_columns(
    got: ObservationColumns, expected: ObservationColumns, what: str = "columns"
) -> None:
    """Assert two observation tables are equal: names in order, rows, values and gaps.

    Each column has the same entries missing and the same values where present, of the same
    kind (text, whole number, float, flag); what a missing entry holds is not compared.
    """
    assert got.names == expected.names, f"{what}: names {got.names} != {expected.names}"
    assert got.n_rows == expected.n_rows, f"{what}: {got.n_rows} rows != {expected.n_rows}"
    for name in expected.names:
        ours, theirs = got.mask(name), expected.mask(name)
        ours = np.ones(got.n_rows, bool) if ours is None else ours
        theirs = np.ones(expected.n_rows, bool) if theirs is None else theirs
        assert ours.tolist() == theirs.tolist(), f"{what}: {name!r} is missing in other rows"
        values, wanted = got.column(name)[ours], expected.column(name)[theirs]
        assert values.tolist() == wanted.tolist(), f"{what}: {name!r} holds other values"
        if len(wanted):
            kinds = (values.dtype.kind, wanted.dtype.kind)
            assert kinds[0] == kinds[1], f"{what}: {name!r} is of kind {kinds[0]}, not {kinds[1]}"


def _check_count(account: IngestAccount, expected: int) -> None:
    read = account.records_read
    assert read == expected, (
        f"the file holds {expected} records, but the connector read {read} "
        f"(accepted {account.accepted}, rejected {account.rejected}): "
        + (
            f"{expected - read} lost without being accepted or rejected"
            if read < expected
            else f"{read - expected} more than there are"
        )
    )


def _check_account(account: IngestAccount, path: Path) -> None:
    assert account.balanced, (
        f"read {account.records_read} records, but accepted {account.accepted} "
        f"and rejected {account.rejected}"
    )
    for issue in account.rejections:
        where = issue.location
        assert where.source == str(path), f"rejection names {where.source!r}, not the file"
        assert where.line is not None or where.record is not None, f"{issue}: no line or record"
        assert issue.reason.strip(), f"{issue}: no reason"


def _check_result(result: IngestResult, path: Path) -> None:
    _check_account(result.account, path)
    for kind, objects in ((Call, result.calls), (Feedback, result.feedback)):
        ids = [o.id for o in objects]
        assert len(set(ids)) == len(ids), f"duplicate {kind.__name__} ids in {ids}"
        for obj in objects:
            assert isinstance(obj, kind), f"{obj!r} is not a {kind.__name__}"
            assert from_dict(kind, to_dict(obj)) == obj, f"{obj!r} does not round-trip"


# -- change connectors --------------------------------------------------------------------
def check_change_connector(
    reader: ChangeReader | ChangeConnectorDescriptor,
    *,
    sources: st.SearchStrategy[bytes],
    records: Callable[[bytes], int],
    suffix: str = "",
    garbage: bool = True,
    settings: hypothesis.settings | None = None,
) -> None:
    """Check a change connector's account on the files (their bytes) that ``sources`` generates.

    The laws of :func:`check_connector`, for change records: it reads as many records as
    ``records(content)`` counts, each accepted or rejected with the file, a line or record
    and a reason; what it returns is :class:`~xlacore.connectors.changes.ChangesRead` of
    :class:`~xlacore.model.changes.Change` objects that survive a serialization round trip,
    with unique ids, sorted by start then id; no more changes than records accepted (a
    change may span several records); reading is deterministic, and strict mode raises
    exactly when something is rejected. With ``garbage``, arbitrary bytes may be rejected or
    raise :class:`~xlacore.errors.ConnectorError`, nothing else.
    """
    impl = reader.read if isinstance(reader, ChangeConnectorDescriptor) else reader

    @given(sources)
    def laws(content: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = _write(Path(folder), content, suffix)
            read = _read_changes(impl, path)
            _check_changes(read, path)
            _check_count(read.account, records(content))
            again = _read_changes(impl, path)
            assert again.changes == read.changes, "reading the same file twice differs"
            assert again.account == read.account, "reading the same file twice differs"
            if read.account.rejected:
                _stops_when_strict(lambda: _read_changes(impl, path, strict=True))

    @given(st.binary(max_size=512))
    def survives_garbage(content: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = _write(Path(folder), content, suffix)
            try:
                read = _read_changes(impl, path)
            except ConnectorError:
                return
            _check_changes(read, path)

    _run(laws, settings)
    if garbage:
        _run(survives_garbage, settings)


def _read_changes(reader: ChangeReader, path: Path, *, strict: bool = False) -> ChangesRead:
    """What ``reader`` reads, its result type and balance checked as the command line does."""
    try:
        return read_changes(reader, path, strict=strict)
    except InvalidPluginObjectError as exc:
        raise AssertionError(str(exc)) from exc


def _check_changes(read: ChangesRead, path: Path) -> None:
    _check_account(read.account, path)
    ids = [c.id for c in read.changes]
    assert len(set(ids)) == len(ids), f"duplicate change ids in {ids}"
    assert len(ids) <= read.account.accepted, (
        f"{len(ids)} changes from {read.account.accepted} accepted records"
    )
    order = [(instant(c.start), c.id) for c in read.changes]
    assert order == sorted(order), "changes are not sorted by start, then id"
    for change in read.changes:
        assert from_dict(Change, to_dict(change)) == change, f"{change!r} does not round-trip"


# -- renderers ----------------------------------------------------------------------------
def check_renderer(
    renderer: RendererDescriptor,
    *,
    reports: st.SearchStrategy[Any] | None = None,
    options: Any = None,
    settings: hypothesis.settings | None = None,
) -> None:
    """Check that a renderer renders every generated report, the same way every time.

    Output is ``str`` or ``bytes`` and not empty; ``application/json`` output parses.
    ``reports`` generates the reports to render (default
    :func:`xlacore.testing.strategies.reports`, whose names carry markup, quotes and formula
    signs); ``options`` is passed to every call.
    """
    if reports is None:
        reports = any_reports()

    @given(reports)
    def laws(report: Any) -> None:
        first = renderer.render(report, options)
        assert isinstance(first, str | bytes), f"render returned {type(first).__name__}"
        assert first, "render returned nothing"
        assert renderer.render(report, options) == first, "rendering twice differs"
        if renderer.media_type == "application/json":
            json.loads(first)

    _run(laws, settings)
