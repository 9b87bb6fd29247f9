"""The contract kit: it passes what keeps the contract and catches what breaks it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from xlacore.connectors import Batch, IngestAccount, Location
from xlacore.connectors.jsonl import JSONL, dump_lines
from xlacore.errors import PluginLoadError
from xlacore.plugins import ConnectorDescriptor, PluginRegistry, RendererDescriptor, hookimpl
from xlacore.scoring.columns import ObservationColumns
from xlacore.testing.contracts import (
    check_connector,
    check_plugin,
    check_renderer,
    check_scoring_strategy,
)
from xlacore.testing.strategies import calls, feedback

FAST = settings(
    max_examples=25, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

JUNK = st.sampled_from([b"{", b"[]", b'{"call": {}}', b'{"x": 1}', b"\xff\xfe", b"   "])


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    """JSON Lines with valid records, duplicates and junk lines, shuffled."""
    records = draw(st.lists(calls(max_events=3), max_size=3)) + draw(
        st.lists(feedback(), max_size=3)
    )
    lines = [line.encode() for r in records for line in _lines(r)]
    lines += draw(st.lists(JUNK, max_size=3))
    lines += draw(st.lists(st.sampled_from(lines), max_size=2)) if lines else []
    return b"\n".join(draw(st.permutations(lines)))


def _lines(record: Any) -> Iterator[str]:
    if hasattr(record, "events"):
        return dump_lines(calls=[record])
    return dump_lines(feedback=[record])


def non_blank_lines(content: bytes) -> int:
    return sum(1 for line in content.split(b"\n") if line.strip())


def test_the_jsonl_connector_keeps_the_contract() -> None:
    check_connector(
        JSONL, sources=jsonl_files(), records=non_blank_lines, suffix=".jsonl", settings=FAST
    )


class Lossy:
    """Accepts the lines that parse as JSON and skips the others without a word."""

    options_type = dict

    def read(self, path: Path, options: Any, account: IngestAccount) -> Iterator[Batch]:
        for line in path.read_bytes().split(b"\n"):
            if not line.strip():
                continue
            try:
                json.loads(line)
            except ValueError:
                continue  # the bug: neither accepted nor rejected, so the account balances
            account.accept()
        return iter(())


def test_a_connector_that_drops_records_silently_is_caught() -> None:
    files = st.lists(st.sampled_from([b"{}", b"[1]", b"{", b"not json"]), max_size=6).map(
        b"\n".join
    )
    with pytest.raises(AssertionError, match=r"lost without being accepted or rejected"):
        check_connector(
            Lossy(), sources=files, records=non_blank_lines, garbage=False, settings=FAST
        )


def test_the_lossy_connector_passes_on_files_it_reads_whole() -> None:
    files = st.lists(st.sampled_from([b"{}", b"[1]"]), max_size=6).map(b"\n".join)
    check_connector(Lossy(), sources=files, records=non_blank_lines, garbage=False, settings=FAST)


class Forgetful:
    """Reads one record per line but accounts for none of them."""

    options_type = dict

    def read(self, path: Path, options: Any, account: IngestAccount) -> Iterator[Batch]:
        for number, _ in enumerate(path.read_bytes().splitlines(), start=1):
            if number % 2:
                account.reject(Location("somewhere-else"), "odd line")
        return iter(())


def test_a_connector_that_loses_records_is_caught() -> None:
    with pytest.raises(AssertionError, match="rejection names 'somewhere-else'"):
        check_connector(
            Forgetful(),
            sources=st.just(b"a\nb\n"),
            records=non_blank_lines,
            garbage=False,
            settings=FAST,
        )


def _json(report: Any, options: Any) -> str:
    return json.dumps(report, sort_keys=True)


def test_a_deterministic_renderer_passes() -> None:
    renderer = RendererDescriptor("json", "application/json", _json)
    check_renderer(renderer, reports=st.dictionaries(st.text(), st.integers()), settings=FAST)


def test_a_renderer_that_differs_each_time_is_caught() -> None:
    counter = iter(range(10**6))
    renderer = RendererDescriptor("clock", "text/plain", lambda r, o: f"{r} {next(counter)}")
    with pytest.raises(AssertionError, match="rendering twice differs"):
        check_renderer(renderer, reports=st.integers(), settings=FAST)


def test_check_plugin_registers_strictly(stub_connector: Any) -> None:
    class Plugin:
        @hookimpl
        def xlacore_connectors(self) -> Iterator[ConnectorDescriptor]:
            yield ConnectorDescriptor("mine", stub_connector)

    assert "mine" in check_plugin(Plugin()).connectors()

    class Broken:
        @hookimpl
        def xlacore_connectors(self) -> None:
            raise RuntimeError("boom")

    with pytest.raises(PluginLoadError, match="boom"):
        check_plugin(Broken())


def test_the_pytest_plugin_gives_isolated_registries(tmp_path: Path) -> None:
    (tmp_path / "test_vendor.py").write_text(
        "from xlacore.plugins import ConnectorDescriptor, default_registry, hookimpl\n"
        "class Connector:\n"
        "    options_type = dict\n"
        "    def read(self, path, options, account):\n"
        "        return iter(())\n"
        "class Plugin:\n"
        "    @hookimpl\n"
        "    def xlacore_connectors(self):\n"
        "        yield ConnectorDescriptor('vendor', Connector())\n"
        "def test_registry(xlacore_registry):\n"
        "    assert default_registry() is xlacore_registry\n"
        "    assert 'jsonl' in xlacore_registry.connectors()\n"
        "def test_make(xlacore_make_registry):\n"
        "    registry = xlacore_make_registry(Plugin())\n"
        "    assert default_registry().connector('vendor') is registry.connector('vendor')\n"
        "def test_outside():\n"
        "    assert 'vendor' not in default_registry().connectors()\n",
        encoding="utf-8",
    )
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xlacore",
            "-p",
            "no:cacheprovider",
            "-p",
            "xlacore.testing.pytest_plugin",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(src), "XLACORE_NO_ENTRY_POINTS": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


@st.composite
def answers(draw: st.DrawFn) -> ObservationColumns:
    """0-10 answers (some missing) with a service key."""
    rows = draw(st.integers(0, 40))
    values = draw(st.lists(st.integers(0, 10) | st.none(), min_size=rows, max_size=rows))
    services = draw(st.lists(st.sampled_from("abc"), min_size=rows, max_size=rows))
    return ObservationColumns.from_arrays(
        value=np.ma.masked_array([v or 0 for v in values], mask=[v is None for v in values]),
        service=np.array(services, dtype=str),
    )


@pytest.mark.parametrize("group_by", [(), ("service",)])
def test_the_builtin_happiness_strategy_keeps_the_contract(
    xlacore_registry: PluginRegistry, group_by: tuple[str, ...]
) -> None:
    check_scoring_strategy(
        xlacore_registry.scoring_strategy("happiness"),
        columns=answers(),
        group_by=group_by,
        bounds=(-100.0, 100.0),
        settings=FAST,
    )


class FirstChunkOnly:
    """Wraps happiness but forgets the second operand when merging."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.params_type = inner.params_type

    def accumulate(self, columns: Any, grouping: Any, params: Any) -> Any:
        return self.inner.accumulate(columns, grouping, params)

    def merge(self, a: Any, b: Any) -> Any:
        return a

    def finalize(self, stats: Any, params: Any) -> Any:
        return self.inner.finalize(stats, params)


def test_a_strategy_that_does_not_merge_is_caught(xlacore_registry: PluginRegistry) -> None:
    broken = FirstChunkOnly(xlacore_registry.scoring_strategy("happiness").strategy)
    with pytest.raises(AssertionError, match=r"merged .* != one pass"):
        check_scoring_strategy(broken, columns=answers(), settings=FAST)
