"""Priority labels as tools write them (P1, 1 - Critical, High) are levels; the rest says how."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.cli import main
from xlacore.connectors import ingest
from xlacore.connectors.levels import LEVEL_WORDS, level_problem, read_level
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.frames.evaluate import insight_data

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "examples" / "tutorial"
MAPPING = TUTORIAL / "tickets.toml"
HEADER = (TUTORIAL / "tickets.csv").read_text().splitlines()[0]
LABELS = {
    "P1": 1,
    "p2": 2,
    "P 3": 3,
    "1 - Critical": 1,
    "Critical": 1,
    "high": 2,
    "Moderate": 3,
    "Medium": 3,
    "LOW": 4,
    "Planning": 5,
    "4": 4,
}


@given(st.integers(1, 99), st.sampled_from(["{}", "P{}", "p{}", " {} - Anything", "P{} (urgent)"]))
def test_a_number_however_written_is_its_level(level: int, form: str) -> None:
    assert read_level(form.format(level), "priority", {}) == level


@pytest.mark.parametrize(("text", "level"), sorted(LABELS.items()))
def test_common_labels_are_levels(text: str, level: int) -> None:
    assert read_level(text, "priority", {}) == level


def test_the_mapping_wins_and_impact_words_have_their_own_scale() -> None:
    assert read_level("High", "priority", {"High": 1}) == 1
    assert read_level("High", "impact", {}) == 1 == read_level("high", "urgency", {})
    assert read_level("Low", "impact", {}) == 3
    assert set(LEVEL_WORDS) == {"priority", "impact", "urgency"}


@pytest.mark.parametrize("text", ["Urgent!", "P0", "0 - None", "-1"])
def test_what_names_no_level_is_none(text: str) -> None:
    assert read_level(text, "priority", {}) is None


def _csv(tmp_path: Path, labels: list[str]) -> Path:
    rows = [
        f"INC{i:05d},16/03/2026 01:32,,16/03/2026 08:07,Laptop,Phone,user047,{label}"
        for i, label in enumerate(labels)
    ]
    path = tmp_path / "tickets.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n")
    return path


def test_ingest_reads_labels_and_says_how_to_map_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, [*LABELS, "Urgent!"])
    result = ingest(MAPPED, path, MappedOptions(str(MAPPING)))
    assert [c.priority for c in result.calls] == list(LABELS.values())
    (rejection,) = result.account.rejections
    assert rejection.reason == level_problem("Priority", "Urgent!", "priority", {})
    assert main(["ingest", f"mapped:{path}", "--mapping", str(MAPPING), "--format", "json"]) == 0
    account = json.loads(capsys.readouterr().out)
    assert account["accepted"] == len(LABELS)
    assert "--mapping file's [values.priority] table" in json.dumps(account)


def test_frames_read_labels_like_the_connector(tmp_path: Path) -> None:
    frame = pd.read_csv(_csv(tmp_path, list(LABELS)), dtype=str, keep_default_na=False)
    data = insight_data(frame, mapping=MAPPING)
    got = [int(v) for v in data.calls.column("priority")]
    assert got == list(LABELS.values())
