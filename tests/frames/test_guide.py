"""docs/frames.md works: every Python block of the guide runs on examples/tutorial/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "frames.md"
TUTORIAL = ROOT / "examples" / "tutorial"


def sections() -> dict[str, list[str]]:
    """The ``python`` blocks of each ``##`` section of the guide."""
    found: dict[str, list[str]] = {}
    for part in re.split(r"^## ", GUIDE.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        title = part.splitlines()[0].strip()
        blocks = re.findall(r"```python\n(.*?)```", part, flags=re.DOTALL)
        if blocks:
            found[title] = blocks
    return found


BLOCKS = [(title, code) for title, codes in sections().items() for code in codes]


def _reference() -> Report:
    calls = ingest(MAPPED, TUTORIAL / "tickets.csv", MappedOptions(str(TUTORIAL / "tickets.toml")))
    answers = ingest(MAPPED, TUTORIAL / "survey.csv", MappedOptions(str(TUTORIAL / "survey.toml")))
    return evaluate(load_documents(TUTORIAL / "agreement.toml"), calls.calls, answers.feedback)


def _run(code: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(TUTORIAL)
    namespace: dict[str, Any] = {}
    exec(compile(code, str(GUIDE), "exec"), namespace)  # the guide's own code, nothing else
    return namespace


def test_the_guide_has_a_pandas_and_a_polars_example_of_ten_lines() -> None:
    found = sections()
    for title in ("pandas", "polars"):
        (code,) = found[title]
        lines = [line for line in code.splitlines() if line.strip()]
        assert len(lines) <= 10, (title, len(lines))
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize(("title", "code"), BLOCKS, ids=[t for t, _ in BLOCKS])
def test_every_block_runs(title: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    namespace = _run(code, monkeypatch)
    if title in ("pandas", "polars"):
        assert namespace["report"] == _reference()
        assert len(namespace["frame"]) == 9


def test_the_pandas_example_shows_the_breached_results(monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = sections()["pandas"]
    namespace = _run(code, monkeypatch)
    breached = namespace["breached"]
    expected = [
        (r.objective, dict(r.scope)["service"])
        for a in _reference().agreements
        for r in a.objectives
        if r.status.value == "breached"
    ]
    assert list(zip(breached["objective"], breached["service"], strict=True)) == expected
    assert expected


def test_insights_show_as_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = sections()["In a notebook"]
    insights = _run(code, monkeypatch)["insights"]
    html = insights._repr_html_()
    assert html.startswith("<div><strong>InsightsReport</strong>")
    lifecycle = insights.lifecycle._repr_html_()
    assert "<caption>" in lifecycle
    assert "<th>" in lifecycle
