"""Generated calls and answers for agreement evaluation at scale (shared with the benchmark).

Each partition depends only on ``(seed, index)``, so workers generate their own partitions and
one process can rebuild exactly the same rows. Text columns are short categoricals, so ten
million rows stay small in one process too.
Planted effects: happiness falls with the service number, engineering loses more time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from xlacore.evaluation.documents import parse_documents

END = datetime(2026, 6, 30, tzinfo=UTC)
"""Every call and answer lies in the 120 days before this moment."""

SPAN = 120 * 86_400
SERVICES = tuple(f"s{i:02d}" for i in range(40))
CHANNELS = ("chat", "email", "phone", "web")
DEPARTMENTS = ("eng", "fin", "hr", "ops")


def _doc(kind: str, name: str, spec: dict[str, object]) -> dict[str, object]:
    return {"apiVersion": "xlacore/v1", "kind": kind, "metadata": {"name": name}, "spec": spec}


def _indicator(name: str, source: str, strategy: str, **spec: object) -> dict[str, object]:
    return _doc("Indicator", name, {"source": source, "strategy": strategy, **spec})


def _objective(indicator: str, op: str, target: float) -> dict[str, object]:
    return {"name": indicator, "indicator": indicator, "op": op, "target": target}


AGREEMENTS = parse_documents(
    json.dumps(
        [
            _indicator("happiness", "feedback", "happiness"),
            _indicator("lost-time", "feedback", "mean", params={"column": "lost_time_seconds"}),
            _indicator(
                "phone-happiness",
                "feedback",
                "happiness",
                where={"field": "channel", "op": "eq", "value": "phone"},
            ),
            _indicator("reopen-rate", "calls", "proportion", params={"column": "reopened"}),
            _indicator(
                "resolution-p90",
                "calls",
                "percentile",
                params={"column": "resolution_seconds", "q": 0.9},
                attribution="opened_at",
            ),
            _indicator(
                "fast",
                "calls",
                "proportion",
                good={"field": "resolution_seconds", "op": "le", "value": 8 * 3600},
                attribution="opened_at",
            ),
            _doc(
                "SLA",
                "resolution",
                {
                    "services": list(SERVICES[:20]),
                    "objectives": [
                        _objective("fast", "gte", 60),
                        _objective("resolution-p90", "lte", 24 * 3600),
                    ],
                },
            ),
            _doc(
                "XLA",
                "experience",
                {
                    "relies_on": ["resolution"],
                    "segments": [
                        {
                            "name": "engineering",
                            "where": {"field": "department", "op": "eq", "value": "eng"},
                        },
                        {
                            "name": "business",
                            "where": {"field": "department", "op": "ne", "value": "eng"},
                        },
                    ],
                    "objectives": [
                        _objective("happiness", "gte", -20),
                        _objective("lost-time", "lte", 3600),
                        _objective("phone-happiness", "gte", 20),
                        _objective("reopen-rate", "lte", 8),
                    ],
                },
            ),
        ]
    ),
    fmt="json",
)
"""An SLA on 20 services and an XLA on every service (by segment) that relies on it."""


def _categorical(codes: np.ndarray, names: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=names)


def answers(index: int, rows: int, seed: int = 11) -> pd.DataFrame:
    """Partition ``index`` of the answers: ``rows`` 0-10 answers with their call's columns."""
    rng = np.random.default_rng([seed, 1, index])
    service = rng.integers(0, len(SERVICES), rows)
    department = rng.integers(0, len(DEPARTMENTS), rows)
    answered = END.timestamp() - rng.integers(0, SPAN, rows)
    lost = pd.array(rng.integers(0, 3 * 3600, rows) * (1 + (department == 0)), dtype="Int64")
    lost[rng.random(rows) < 0.5] = pd.NA
    return pd.DataFrame(
        {
            "service": _categorical(service, SERVICES),
            "channel": _categorical(rng.integers(0, len(CHANNELS), rows), CHANNELS),
            "department": _categorical(department, DEPARTMENTS),
            "value": np.clip(rng.integers(0, 11, rows) + 2 - service % 5, 0, 10).astype(np.int8),
            "answered_at": answered.astype(np.int64),
            "lost_time_seconds": lost,
        }
    )


def calls(index: int, rows: int, seed: int = 11) -> pd.DataFrame:
    """Partition ``index`` of the calls, some not yet resolved."""
    rng = np.random.default_rng([seed, 2, index])
    opened = (END.timestamp() - rng.integers(0, SPAN, rows)).astype(np.int64)
    resolution = pd.array(rng.gamma(1.5, 4 * 3600.0, rows).astype(np.int64), dtype="Int64")
    resolution[rng.random(rows) < 0.1] = pd.NA
    return pd.DataFrame(
        {
            "service": _categorical(rng.integers(0, len(SERVICES), rows), SERVICES),
            "channel": _categorical(rng.integers(0, len(CHANNELS), rows), CHANNELS),
            "department": _categorical(rng.integers(0, len(DEPARTMENTS), rows), DEPARTMENTS),
            "opened_at": opened,
            "resolved_at": opened + resolution,
            "updated_at": opened + rng.integers(0, 86_400, rows),
            "resolution_seconds": resolution,
            "reopened": rng.random(rows) < 0.06,
        }
    )
