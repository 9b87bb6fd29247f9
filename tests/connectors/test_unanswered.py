"""A survey row without an answer is a call nobody answered about: accepted, never an answer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.frames.evaluate import insight_data

ROOT = Path(__file__).resolve().parents[2]
SURVEY = ROOT / "examples" / "tutorial" / "survey.toml"
ROWS = (
    "Response,Ticket,Score,Answered,Lost time (s)\n"
    "R1,INC1,9,06/03/2026 15:25,\n"
    "R2,INC2,,06/03/2026 15:25,\n"
    "R3,INC3,3,06/03/2026 15:25,60\n"
    "R4,INC4,,,\n"
    "R5,INC5,eleven,06/03/2026 15:25,\n"
)


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    path.write_text(ROWS)
    return path


def test_rows_without_an_answer_are_accepted_but_are_no_answers(survey: Path) -> None:
    result = ingest(MAPPED, survey, MappedOptions(str(SURVEY)))
    account = result.account
    assert (account.records_read, account.accepted, account.rejected) == (5, 4, 1)
    assert [f.id for f in result.feedback] == ["R1", "R3"]
    (rejected,) = account.rejections
    assert rejected.location.line == 6
    (warning,) = account.warnings
    assert "2 rows have no Score (first at line 3)" in warning.reason
    assert "calls without an answer" in warning.reason
    want = pd.read_csv(survey)["Score"].dropna()
    assert len(result.feedback) == int(want.astype(str).str.isdigit().sum())


def test_frames_leave_rows_without_an_answer_out_of_the_answers(survey: Path) -> None:
    frame = pd.read_csv(survey, dtype=str, keep_default_na=False).iloc[[0, 1, 2, 3]]
    data = insight_data(feedback=frame, mapping=SURVEY)
    assert list(data.answers.column("feedback")) == ["R1", "R3"]
