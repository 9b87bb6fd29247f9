"""Every built-in renderer keeps the renderer contract plugin authors are held to."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from xlacore.plugins import default_registry
from xlacore.testing.contracts import check_renderer

_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(default_registry().renderers()))
def test_builtin_renderer_keeps_the_contract(name: str) -> None:
    check_renderer(default_registry().renderer(name), settings=_SETTINGS)


def test_every_renderer_the_docs_promise_is_registered() -> None:
    assert {"csv", "html", "json", "table"} <= set(default_registry().renderers())
