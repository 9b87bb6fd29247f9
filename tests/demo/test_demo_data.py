"""The demo data is deterministic, valid and carries the effects it is meant to show."""

from __future__ import annotations

from statistics import mean

from xlacore.demo import DEMO_NOW, generate
from xlacore.serialization import to_json


def test_same_seed_same_data_byte_for_byte() -> None:
    first, second = generate(), generate()
    assert [to_json(c) for c in first.calls] == [to_json(c) for c in second.calls]
    assert [to_json(f) for f in first.feedback] == [to_json(f) for f in second.feedback]
    assert generate(seed=1).calls != first.calls


def test_nothing_happens_after_the_pinned_now() -> None:
    data = generate()
    assert all(e.at <= DEMO_NOW for c in data.calls for e in c.events)
    assert all(f.answered_at <= DEMO_NOW for f in data.feedback)


def test_references_resolve() -> None:
    data = generate()
    people = {p.id for p in data.people}
    calls = {c.id: c for c in data.calls}
    assert all(c.caller in people for c in data.calls)
    assert all(data.catalog.resolve("ci", c.component or "") is not None for c in data.calls)
    assert all(f.about.id in calls and calls[f.about.id].is_resolved for f in data.feedback)


def test_happiness_falls_with_reassignments() -> None:
    data = generate()
    calls = {c.id: c for c in data.calls}
    by_count: dict[int, list[int]] = {}
    for answer in data.feedback:
        by_count.setdefault(calls[answer.about.id].reassignment_count, []).append(answer.value)
    means = [mean(by_count[k]) for k in sorted(by_count) if len(by_count[k]) >= 10]
    assert len(means) >= 3
    assert means == sorted(means, reverse=True)


def test_laptop_is_a_watermelon() -> None:
    data = generate()
    calls = {c.id: c for c in data.calls}
    laptop = [c for c in data.calls if c.service == "laptop" and c.resolution_seconds is not None]
    others = [c for c in data.calls if c.service != "laptop" and c.resolution_seconds is not None]
    # fast to resolve (SLA-green) ...
    assert mean(c.resolution_seconds or 0 for c in laptop) < mean(
        c.resolution_seconds or 0 for c in others
    )
    # ... but unhappy (XLA-red)
    laptop_scores = [f.value for f in data.feedback if calls[f.about.id].service == "laptop"]
    other_scores = [f.value for f in data.feedback if calls[f.about.id].service != "laptop"]
    assert mean(laptop_scores) < mean(other_scores) - 1.0
