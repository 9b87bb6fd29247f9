"""``xlacore insights`` settings change what the analyses read, as docs/cli.md says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from xlacore.cli import main


def _scores(node: Any) -> Iterator[dict[str, Any]]:
    """Every score (a mapping with value, n and method) anywhere in the JSON."""
    if isinstance(node, dict):
        if {"value", "n", "method"} <= node.keys():
            yield node
        for child in node.values():
            yield from _scores(child)
    elif isinstance(node, list):
        for child in node:
            yield from _scores(child)


def _insights(capsys: pytest.CaptureFixture[str], *settings: str) -> dict[str, Any]:
    assert main(["insights", "--demo", "--format", "json", *settings]) == 0
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return found


def test_a_minimum_above_every_group_leaves_no_score_judged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    default = list(_scores(_insights(capsys)))
    assert any(s["value"] is not None for s in default)
    strict = list(_scores(_insights(capsys, "--min-n", "100000")))
    assert len(strict) == len(default)
    assert all(s["value"] is None for s in strict if s["n"] < 100_000)
    assert all(s.get("status") != "ok" for s in strict)


def test_a_time_before_the_data_reads_no_calls(capsys: pytest.CaptureFixture[str]) -> None:
    early = _insights(capsys, "--at", "2000-01-01T00:00:00+00:00")
    assert early["period"]["end"] == "2000-01-01T00:00:00+00:00"
    scores = list(_scores(early))
    assert scores
    assert all(s["n"] == 0 and s["value"] is None for s in scores)


def test_a_window_reads_only_its_days(capsys: pytest.CaptureFixture[str]) -> None:
    whole = _insights(capsys)["lifecycle"]["effects"][0]["rows"][0]["calls"]
    week = _insights(capsys, "--window-days", "7")["lifecycle"]["effects"][0]["rows"][0]["calls"]
    assert 0 < week < whole
