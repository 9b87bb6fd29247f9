"""Agreement documents: loading, validation with file/line/key path, never a traceback."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.evaluation.documents import DocumentError, parse_documents
from xlacore.evaluation.locate import json_lines, line_of, toml_lines

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"
PACKAGED = Path(__file__).resolve().parents[2] / "src/xlacore/demo/agreements/workplace.toml"


def _index(data: dict[str, Any], kind: str) -> int:
    """The position of the first document of ``kind`` in the example."""
    return next(i for i, d in enumerate(data["documents"]) if d["kind"] == kind)


def _valid() -> dict[str, Any]:
    data = tomllib.loads(EXAMPLE.read_text())
    for revision in data["documents"][_index(data, "XLA")]["spec"]["objectives"][0]["revisions"]:
        revision["effective"] = revision["effective"].isoformat()
    return data


def test_example_loads_and_matches_the_packaged_copy() -> None:
    documents = parse_documents(EXAMPLE.read_text(), source="workplace.toml")
    assert [a.name for a in documents.agreements] == ["workplace-sla", "workplace-xla"]
    assert EXAMPLE.read_text() == PACKAGED.read_text()


def test_json_and_toml_give_the_same_documents() -> None:
    from_toml = parse_documents(EXAMPLE.read_text())
    from_json = parse_documents(json.dumps(_valid(), default=str), fmt="json")
    assert from_toml.agreements == from_json.agreements


def _problems(text: str, fmt: str = "toml") -> list[tuple[str, int | None, str]]:
    with pytest.raises(DocumentError) as info:
        parse_documents(text, source="f", fmt=fmt)
    return [(p.path, p.line, p.message) for p in info.value.located]


def test_unknown_key_and_strategy_say_did_you_mean_with_line() -> None:
    text = EXAMPLE.read_text().replace('strategy = "happiness"', 'strategy = "hapiness"')
    text = text.replace("at_risk_margin = 900", "at_risk_margn = 900")
    problems = _problems(text)
    paths = {p for p, _, _ in problems}
    assert "$.documents[7].spec.objectives[1]" in paths
    margin = next(p for p in problems if p[0] == "$.documents[7].spec.objectives[1]")
    assert "did you mean 'at_risk_margin'" in margin[2]
    assert margin[1] is not None
    assert text.splitlines()[margin[1] - 1].startswith("[[documents.spec.objectives]]")


def test_unknown_strategy_is_reported_at_its_line() -> None:
    text = EXAMPLE.read_text().replace('strategy = "happiness"', 'strategy = "hapiness"')
    [(path, line, message)] = _problems(text)
    assert path == "$.documents[0].spec.strategy"
    assert "did you mean 'happiness'" in message
    assert line is not None
    assert 'strategy = "hapiness"' in text.splitlines()[line - 1]


def test_negative_duration_target_and_unknown_reference() -> None:
    data = _valid()
    xla = _index(data, "XLA")
    data["documents"][xla]["spec"]["objectives"][1]["target"] = -5
    data["documents"][xla]["spec"]["objectives"][2]["indicator"] = "reopen-rat"
    problems = _problems(json.dumps(data, indent=1, default=str), "json")
    messages = {p: m for p, _, m in problems}
    assert "can never be met" in messages["$.documents[7].spec.objectives[1].target"]
    assert "did you mean 'reopen-rate'" in messages["$.documents[7].spec.objectives[2].indicator"]
    assert all(line is not None for _, line, _ in problems)


def test_olas_that_do_not_fit_their_sla_are_reported() -> None:
    def doc(kind: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        return {"apiVersion": "xlacore/v1", "kind": kind, "metadata": {"name": name}, "spec": spec}

    def objective(target: int) -> dict[str, Any]:
        return {"name": "fix", "indicator": "fix-time", "op": "lte", "target": target}

    documents = [
        doc(
            "Indicator",
            "fix-time",
            {
                "source": "calls",
                "strategy": "percentile",
                "params": {"column": "resolution_seconds"},
            },
        ),
        doc("OLA", "desk", {"objectives": [objective(3600)]}),
        doc("OLA", "network", {"objectives": [objective(4 * 3600)]}),
        doc(
            "SLA",
            "customer",
            {"objectives": [objective(4 * 3600)], "relies_on": ["desk", "network"]},
        ),
    ]
    [(path, _, message)] = _problems(json.dumps({"documents": documents}), "json")
    assert path == "$.documents[3].spec.objectives[0].target"
    assert "desk 3600 + network 14400 = 18000 > 14400" in message


_MUTATIONS = st.sampled_from(
    [
        ("spec", "colour", "red"),
        ("spec", "services", 5),
        ("spec", "relies_on", ["nobody"]),
        ("objective", "op", "greater"),
        ("objective", "target", "sixty"),
        ("objective", "window", "28 days"),
        ("objective", "min_n", 0),
        ("objective", "indicator", "no-such-indicator"),
        ("objective", "extra", 1),
        ("document", "kind", "XLB"),
        ("document", "apiVersion", "openslo/v1"),
        ("document", "metadata", {"name": "Not A Name"}),
        ("indicator", "strategy", "nps-ish"),
        ("indicator", "params", {"positive_from": "nine"}),
        ("indicator", "source", "tickets"),
    ]
)


@given(
    mutations=st.lists(_MUTATIONS, min_size=1, max_size=4), fmt=st.sampled_from(["toml", "json"])
)
def test_broken_documents_give_located_problems_never_a_traceback(
    mutations: list[tuple[str, str, Any]], fmt: str
) -> None:
    data = copy.deepcopy(_valid())
    xla, indicator = data["documents"][_index(data, "XLA")], data["documents"][0]
    for where, key, value in mutations:
        target = {
            "spec": xla["spec"],
            "objective": xla["spec"]["objectives"][0],
            "document": xla,
            "indicator": indicator["spec"],
        }[where]
        target[key] = value
    text = json.dumps(data, indent=2, default=str) if fmt == "json" else _to_toml(data)
    problems = _problems(text, fmt)
    assert problems
    for path, line, message in problems:
        assert path.startswith("$.documents[")
        assert line is not None
        assert 1 <= line <= len(text.splitlines())
        assert message


def _to_toml(data: dict[str, Any]) -> str:
    """A small TOML writer for the example's shape (inline values after each key)."""

    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{json.dumps(k)} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if hasattr(v, "isoformat"):
            return v.isoformat()
        return json.dumps(v)

    lines = []
    for document in data["documents"]:
        lines.append("[[documents]]")
        lines += [f"{k} = {value(v)}" for k, v in document.items() if k != "spec"]
        if "spec" in document:
            lines.append("[documents.spec]")
            lines += [f"{json.dumps(k)} = {value(v)}" for k, v in document["spec"].items()]
    return "\n".join(lines) + "\n"


def test_line_maps() -> None:
    toml = '[[documents]]\nkind = "X"\n[documents.spec]\na.b = 1\n[[documents]]\nkind = "Y"\n'
    lines = toml_lines(toml)
    assert lines["$.documents[1].kind"] == 6
    assert line_of(lines, "$.documents[0].spec.a.b.c[3]") == 4
    text = '{\n "documents": [\n  {"kind": "X"},\n  {"kind": "Y",\n   "spec": {"a": [1, 2]}}\n ]\n}'
    lines = json_lines(text)
    assert lines["$.documents[1].kind"] == 4
    assert line_of(lines, "$.documents[1].spec.a[1]") == 5
