"""Composite indicators written in agreement files evaluate, and their mistakes are located."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from tests.evaluation.composite_text import AGREEMENT as _AGREEMENT
from tests.evaluation.composite_text import COMPONENTS as _COMPONENTS

from xlacore.cli import main
from xlacore.evaluation.documents import load_documents
from xlacore.frames.evaluate import columns_read


def _write(tmp_path: Path, components: str = _COMPONENTS, min_n: int = 5) -> Path:
    path = tmp_path / "index.toml"
    path.write_text(_AGREEMENT.replace("{components}", components).replace("{min_n}", str(min_n)))
    return path


def _results(tmp_path: Path, capsys: pytest.CaptureFixture[str], **kw: object) -> list[dict]:
    code = main(["evaluate", "--demo", str(_write(tmp_path, **kw)), "--format", "json"])  # type: ignore[arg-type]
    assert code == 0, capsys.readouterr().err
    (agreement,) = json.loads(capsys.readouterr().out)["agreements"]
    results: list[dict] = agreement["objectives"]
    return results


def _index(happiness: float, lost_seconds: float) -> float:
    """The documented combination, written out: bands truncated, weights 2 and 1."""
    happy = math.trunc(50 + happiness / 2)  # -100..0 -> 0..50 and 0..100 -> 50..100
    quick = math.trunc(100 - min(lost_seconds, 7200) / 72)  # 0..7200 s -> 100..0
    return (2 * happy + quick) / 3


def test_a_composite_from_a_file_scores_its_components_by_the_documented_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _results(tmp_path, capsys)
    by_scope: dict[str, dict[str, dict]] = {}
    for result in results:
        by_scope.setdefault(json.dumps(result["scope"]), {})[result["objective"]] = result
    scored = 0
    for objectives in by_scope.values():
        index, happiness = objectives["index"], objectives["happiness"]
        lost = objectives["lost-time"]
        assert index["method"] == "composite-weighted-average"
        if happiness["value"] is None or lost["value"] is None:
            assert index["value"] is None
            continue
        assert index["value"] == pytest.approx(_index(happiness["value"], lost["value"]), abs=1e-3)
        assert index["ci_low"] <= index["value"] <= index["ci_high"]
        assert index["n"] == min(happiness["n"], lost["n"])
        scored += 1
    assert scored >= 3


def test_the_objectives_minimum_n_applies_to_every_component(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _results(tmp_path, capsys, min_n=10_000)
    index = [r for r in results if r["objective"] == "index"]
    assert index
    assert all(r["value"] is None for r in index)
    assert {r["status"] for r in index} == {"insufficient_data"}


@pytest.mark.parametrize(
    ("wrong", "right", "message"),
    [
        (
            'strategy = "happiness"',
            'strategy = "hapiness"',
            ".spec.params.components[0].strategy: unknown scoring strategy 'hapiness'; "
            "did you mean 'happiness'?",
        ),
        (
            'column = "lost_time_seconds" }\nnormalisation',
            'column = "lost_time_secs" }\nnormalisation',
            ".spec.params.components[1].params.column: 'lost_time_secs' is not a column; "
            "did you mean 'lost_time_seconds'?",
        ),
        (
            'column = "lost_time_seconds" }\nnormalisation',
            'column = "lost_time_seconds", confidence = 2 }\nnormalisation',
            ".spec.params.components[1].params.confidence: 2 is outside the range; "
            "expected a number above 0 and below 1",
        ),
    ],
)
def test_a_mistake_inside_a_component_is_reported_with_its_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wrong: str, right: str, message: str
) -> None:
    path = _write(tmp_path, _COMPONENTS.replace(wrong, right))
    for command in (["validate", str(path)], ["evaluate", "--demo", str(path)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"index.toml:{_line_of(path, right)}: " in err, err
        assert message in err, err


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text().splitlines()
    return 1 + next(i for i, line in enumerate(lines) if text.split("\n", maxsplit=1)[0] in line)


def test_a_frame_is_read_for_the_columns_of_every_component(tmp_path: Path) -> None:
    path = tmp_path / "index.toml"
    indicator = _AGREEMENT.split("[[documents]]")[3]  # the composite alone reads lost time
    objective = (
        'spec.objectives = [{ name = "i", indicator = "experience-index", op = "gte", '
        "target = 60 }]"
    )
    xla = f'apiVersion = "xlacore/v1"\nkind = "XLA"\nmetadata.name = "x"\n{objective}\n'
    path.write_text(
        f"[[documents]]{indicator.replace('{components}', _COMPONENTS)}[[documents]]\n{xla}"
    )
    assert "lost_time_seconds" in columns_read(load_documents(path))
