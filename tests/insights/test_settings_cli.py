"""``xlacore insights`` and ``xlacore readiness`` settings: --at, --window-days, --min-n and more.

Figures are recomputed in the test from the demo's objects with pandas, reading each call
as it stood at --at (events after it have not happened yet).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from xlacore.cli import main
from xlacore.demo import generate
from xlacore.model import EventType

AT = datetime(2026, 5, 1, tzinfo=UTC)
DAYS = 30


@pytest.fixture(scope="module")
def demo_calls() -> pd.DataFrame:
    """One row per demo call and event up to AT: call, service, opened, event type, time."""
    rows = [
        (c.id, c.opened_at.astimezone(UTC), e.type.value, e.at.astimezone(UTC))
        for c in generate().calls
        for e in c.events
    ]
    return pd.DataFrame(rows, columns=["call", "opened", "type", "at"])


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["insights", "--demo", *argv, "--format", "json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_insights_read_the_window_before_at(
    demo_calls: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _json(capsys, "--at", AT.isoformat(), "--window-days", str(DAYS))
    start = AT - timedelta(days=DAYS)
    frame = demo_calls[(demo_calls["opened"] > start) & (demo_calls["opened"] <= AT)]
    known = frame[frame["at"] <= AT]
    reassigned = (
        known.assign(hit=known["type"] == EventType.REASSIGNED.value)
        .groupby("call")["hit"]
        .sum()
        .clip(upper=3)
    )
    expected = [int((reassigned == k).sum()) for k in range(4)]
    lifecycle = report["lifecycle"]
    assert isinstance(lifecycle, dict)
    rows = lifecycle["effects"][0]["rows"]
    assert [r["calls"] for r in rows] == expected
    assert sum(expected) == frame["call"].nunique()
    assert report["period"] == {"end": AT.isoformat(), "start": start.isoformat()}
    # the whole history up to AT without --window-days
    whole = _json(capsys, "--at", AT.isoformat())
    rows = whole["lifecycle"]["effects"][0]["rows"]  # type: ignore[index]
    assert sum(r["calls"] for r in rows) == demo_calls[demo_calls["opened"] <= AT]["call"].nunique()


def test_min_n_and_within_reach_the_analyses(capsys: pytest.CaptureFixture[str]) -> None:
    default = _json(capsys)
    strict = _json(capsys, "--min-n", "100", "--within", "channel")
    rows = default["lifecycle"]["effects"][0]["rows"]  # type: ignore[index]
    small = [r for r in rows if 5 <= r["happiness"]["n"] < 100]
    assert small
    assert all(r["happiness"]["value"] is not None for r in small)
    strict_rows = {r["count"]: r for r in strict["lifecycle"]["effects"][0]["rows"]}  # type: ignore[index]
    for row in small:
        assert strict_rows[row["count"]]["happiness"]["value"] is None
        assert strict_rows[row["count"]]["happiness"]["status"] == "insufficient_data"
    assert strict["settings"]["min_n"] == 100  # type: ignore[index]
    within = strict["lifecycle"]["effects"][0]["within"]  # type: ignore[index]
    assert within["scope"] == within["happiness"]["scope"] == "within channel"
    pooled = default["lifecycle"]["effects"][0]["happiness_slope"]  # type: ignore[index]
    assert pooled["scope"] == "pooled"
    assert main(["insights", "--demo", "--min-n", "100"]) == 0
    assert "Settings: min n 100" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--at", "2026-05-01"], "a time zone is required"),
        (["--window-days", "0"], "--window-days"),
        (["--min-n", "0"], "min_n: must be 1 or more"),
        (["--within", "nope"], "no column 'nope'"),
    ],
)
def test_bad_settings_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["insights", "--demo", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_readiness_window_and_respondents(
    demo_calls: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["readiness", "--demo", "--at", AT.isoformat(), "--window-days", str(DAYS)]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["data"]
    start = AT - timedelta(days=DAYS)
    recent = demo_calls[(demo_calls["opened"] > start) & (demo_calls["opened"] <= AT)]
    channels = next(c for c in data["checks"] if c["name"] == "channels")
    assert channels["detail"].endswith(f"of {recent['call'].nunique()} calls have a known channel")
    assert data["at"] == AT.isoformat()
    assert data["settings"]["window_days"] == DAYS
    answers = tmp_path / "answers.toml"
    answers.write_text(
        "".join(
            f"[p{p}]\n"
            + "".join(
                f"{k}-{i} = 4\n"
                for k in ("culture", "engagement", "investment")
                for i in range(1, 6)
            )
            for p in range(3)
        ),
        encoding="utf-8",
    )
    assert main(["readiness", "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert (
        "Organisational readiness: not enough respondents (3 respondents, at least 5 needed)" in out
    )
    argv = ["readiness", "--answers", str(answers), "--min-respondents", "3", "--format", "json"]
    assert main(argv) == 0
    organisation = json.loads(capsys.readouterr().out)["organisation"]
    assert (organisation["respondents"], organisation["unanswered"]) == (3, [])
    assert organisation["outcome"] in {"ready", "not_ready"}
