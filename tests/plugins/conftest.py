"""Fixtures for the plugin tests: fake installed distributions and stand-in plugin objects."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from xlacore.plugins import reset_default_registry
from xlacore.testing.pytest_plugin import xlacore_make_registry, xlacore_registry

__all__ = ["xlacore_make_registry", "xlacore_registry"]

MakeDist = Callable[..., Path]


@pytest.fixture
def make_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeDist]:
    """Install a fake distribution on ``sys.path``: modules plus a ``.dist-info`` folder.

    ``make_dist("acme-xla", "1.2", {"acme": "acme_plugin"}, {"acme_plugin": "source"})``
    declares entry points of the ``xlacore`` group and writes the module sources.
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    written: list[str] = []

    def make(
        name: str, version: str, entry_points: dict[str, str], modules: dict[str, str]
    ) -> Path:
        for module, source in modules.items():
            (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            written.append(module)
        info = site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
        (info / "entry_points.txt").write_text(f"[xlacore]\n{lines}", encoding="utf-8")
        importlib.invalidate_caches()
        return info

    yield make
    for module in written:
        sys.modules.pop(module, None)


@pytest.fixture(autouse=True)
def _fresh_default_registry() -> Iterator[None]:
    """Every test starts and ends without a cached default registry."""
    reset_default_registry()
    yield
    reset_default_registry()


class StubStrategy:
    """Implements the scoring-strategy protocol's shape; never asked to score here."""

    params_type = dict

    def accumulate(self, columns: Any, grouping: Any, params: Any) -> Any:
        return None

    def merge(self, a: Any, b: Any) -> Any:
        return a

    def finalize(self, stats: Any, params: Any) -> Any:
        return ()


class StubConnector:
    """Implements the connector protocol's shape; reads nothing."""

    options_type = dict

    def read(self, path: Any, options: Any, account: Any) -> Iterator[Any]:
        return iter(())


@pytest.fixture
def stub_strategy() -> StubStrategy:
    return StubStrategy()


@pytest.fixture
def stub_connector() -> StubConnector:
    return StubConnector()
