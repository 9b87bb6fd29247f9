"""Edited answers count once (the latest version), and answers about unread calls are accounted."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import xlacore
from xlacore.demo import DEMO_NOW, generate
from xlacore.evaluation.answers import AnswerAccount, latest_versions
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.model.feedback import Feedback
from xlacore.render.json import render_json
from xlacore.render.table import render_table
from xlacore.scoring.columns import ObservationColumns

WORKPLACE = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"

_rows = st.lists(
    st.tuples(
        st.sampled_from(["call", "journey"]),
        st.sampled_from(["c1", "c2", "c3"]),
        st.sampled_from(["ann", "bob", None]),
        st.sampled_from([(0, 10), (1, 5)]),
        st.integers(0, 4),
    ),
    max_size=40,
)


def _table(rows: list[tuple[str, str, str | None, tuple[int, int], int]]) -> ObservationColumns:
    return ObservationColumns.from_arrays(
        feedback=np.array([f"a{i}" for i in range(len(rows))], dtype=object),
        about_kind=np.array([r[0] for r in rows], dtype=object),
        about=np.array([r[1] for r in rows], dtype=object),
        person=np.array([r[2] for r in rows], dtype=object),
        scale_low=np.array([r[3][0] for r in rows], dtype=np.int64),
        scale_high=np.array([r[3][1] for r in rows], dtype=np.int64),
        answered_at=np.array([r[4] for r in rows], dtype=np.int64),
    )


@given(_rows)
def test_latest_versions_agree_with_a_slow_obvious_reference(rows: list) -> None:
    latest: dict[tuple[object, ...], int] = {}
    for index, (kind, about, person, scale, at) in enumerate(rows):
        if person is None:
            continue
        key = (kind, about, person, scale)
        if key not in latest or (at, index) >= (rows[latest[key]][4], latest[key]):
            latest[key] = index
    expected = [f"a{i}" for i, r in enumerate(rows) if r[2] is None or latest[(*r[:3], r[3])] == i]
    kept = latest_versions(_table(rows))
    assert [str(v) for v in kept.column("feedback")] == expected if rows else kept.n_rows == 0
    assert kept.n_rows == len(expected)


def _edited(answers: tuple[Feedback, ...], every: int) -> dict[str, Feedback]:
    """A later, different version (new id) of every ``every``-th answer that names a person."""
    named = [a for a in answers if a.person is not None][::every]
    return {
        a.id: attrs.evolve(
            a,
            id=f"{a.id}-edit",
            value=a.scale.high - a.value + a.scale.low,
            answered_at=min(a.answered_at + timedelta(hours=1), DEMO_NOW),
        )
        for a in named
    }


def test_an_edited_answer_counts_once_as_its_latest_version() -> None:
    demo, agreements = generate(), load_documents(WORKPLACE)
    edits = _edited(demo.feedback, every=7)
    with_history = (*demo.feedback, *edits.values())
    latest_only = tuple(edits.get(a.id, a) for a in demo.feedback)
    both = evaluate(agreements, demo.calls, with_history, at=DEMO_NOW)
    expected = evaluate(agreements, demo.calls, latest_only, at=DEMO_NOW)
    assert both.agreements == expected.agreements
    # An independent count of the versions: the latest per person, subject and scale.
    frame = pd.DataFrame(
        {
            "kind": [a.about.kind.value for a in with_history],
            "about": [a.about.id for a in with_history],
            "person": [a.person for a in with_history],
            "scale": [(a.scale.low, a.scale.high) for a in with_history],
            "at": [a.answered_at for a in with_history],
        }
    )
    named = frame[frame["person"].notna()]
    versions = len(named) - len(named.drop_duplicates(["kind", "about", "person", "scale"]))
    assert versions == len(edits)
    assert both.answers == AnswerAccount(
        read=len(with_history), superseded=versions, without_call=0
    )


_HAPPINESS = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "happiness"
spec = { source = "feedback", strategy = "happiness" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "xla"
spec.objectives = [{ name = "happiness", indicator = "happiness", op = "gte", target = 30 }]
"""


def test_the_data_frame_path_counts_the_same_answers(tmp_path: Path) -> None:
    (tmp_path / "xla.toml").write_text(_HAPPINESS)
    demo, agreements = generate(), load_documents(tmp_path / "xla.toml")
    edits = _edited(demo.feedback, every=5)
    with_history = [*demo.feedback, *edits.values()]
    objects = evaluate(agreements, demo.calls, with_history, at=DEMO_NOW)
    frame = xlacore.evaluate(agreements, demo.calls, _answer_frame(with_history), at=DEMO_NOW)
    assert frame.answers == objects.answers
    assert frame.agreements == objects.agreements


def _answer_frame(answers: list[Feedback]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "feedback": [a.id for a in answers],
            "about_kind": [a.about.kind.value for a in answers],
            "about": [a.about.id for a in answers],
            "person": [a.person for a in answers],
            "value": [a.value for a in answers],
            "scale_low": [a.scale.low for a in answers],
            "scale_high": [a.scale.high for a in answers],
            "answered_at": pd.to_datetime([a.answered_at for a in answers], utc=True),
            "lost_time_seconds": pd.array([a.lost_time_seconds for a in answers], "Int64"),
        }
    )


def test_answers_about_calls_not_read_are_counted_and_reported() -> None:
    demo, agreements = generate(), load_documents(WORKPLACE)
    read = demo.calls[::3]
    report = evaluate(agreements, read, demo.feedback, at=DEMO_NOW)
    ids = {c.id for c in read}
    frame = pd.DataFrame(
        {
            "kind": [a.about.kind.value for a in demo.feedback],
            "about": [a.about.id for a in demo.feedback],
        }
    )
    unread = int(((frame["kind"] == "call") & ~frame["about"].isin(ids)).sum())
    assert 0 < unread < len(demo.feedback)
    assert report.answers == AnswerAccount(
        read=len(demo.feedback), superseded=0, without_call=unread
    )
    data = json.loads(render_json(report))
    assert data["answers"] == {
        "read": len(demo.feedback),
        "counted": len(demo.feedback),
        "superseded": 0,
        "without_call": unread,
    }
    table = " ".join(render_table(report).split())
    assert (
        f"Answers: {len(demo.feedback)} read, {len(demo.feedback)} counted; {unread} about calls"
        in table
    )


@pytest.mark.parametrize(
    ("account", "text"),
    [
        (AnswerAccount(read=5, superseded=0, without_call=0), "5 read, 5 counted"),
        (
            AnswerAccount(read=5, superseded=2, without_call=1),
            "5 read, 3 counted; 2 older versions of edited answers left out; 1 about calls",
        ),
    ],
)
def test_the_account_says_what_was_left_out(account: AnswerAccount, text: str) -> None:
    assert str(account).startswith(text)
