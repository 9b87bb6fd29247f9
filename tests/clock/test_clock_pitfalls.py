"""The three documented SLA configuration traps are detected and warned about."""

from __future__ import annotations

import pytest

from xlacore.clock import check_definition, excludes, implies
from xlacore.errors import XlaCoreConfigWarning
from xlacore.model.conditions import AllOf, AnyOf, Compare, Not

from .factories import AWAITING, STOP, call, definition

HIGH = Compare("priority", "eq", 1)
RESOLVED = Compare("state", "eq", "Resolved")


def codes(**overrides: object) -> set[str]:
    with pytest.warns(XlaCoreConfigWarning) as caught:
        found = check_definition(definition(**overrides))
    assert len(caught) == len(found)
    return {p.code for p in found}


def test_clean_definition_has_no_warnings() -> None:
    assert check_definition(definition()) == ()


def test_start_within_stop() -> None:
    assert codes(start=AllOf((RESOLVED, HIGH))) == {"start-within-stop"}


def test_start_within_pause() -> None:
    assert codes(start=AllOf((AWAITING, HIGH))) == {"start-within-pause"}


def test_start_excluding_pause_cancels() -> None:
    start = Compare("state", "in", ("New", "In Progress"))
    assert codes(start=start, cancel_when="start_not_met") == {"start-excludes-pause"}
    assert check_definition(definition(start=start)) == ()  # cancel_met: harmless


def test_sample_evidence() -> None:
    start = Compare("type", "ne", "paused")  # another field: not provable structurally
    samples = [call((1, "Awaiting User Info"), (2, "In Progress"), (3, "Resolved"))]
    assert check_definition(definition(start=start, cancel_when="start_not_met")) == ()
    with pytest.warns(XlaCoreConfigWarning, match="pausing cancels"):
        check_definition(definition(start=start, cancel_when="start_not_met"), samples)


def test_implication_and_exclusion_rules() -> None:
    a = Compare("state", "eq", "A")
    ab = Compare("state", "in", ("A", "B"))
    assert implies(a, ab)
    assert not implies(ab, a)
    assert implies(a, Compare("state", "exists", True))
    assert implies(a, Compare("state", "ne", "C"))
    assert implies(AnyOf((a, Compare("state", "eq", "B"))), ab)
    assert implies(a, AnyOf((ab, HIGH)))
    assert not implies(Compare("state", "ne", "C"), a)
    assert excludes(a, Compare("state", "eq", "B"))
    assert excludes(a, Compare("state", "ne", "A"))
    assert excludes(a, Not(ab))
    assert excludes(AllOf((a, HIGH)), Compare("priority", "eq", 2))
    assert not excludes(a, HIGH)
    assert excludes(Compare("state", "exists", False), a)
    assert not implies(STOP, a)
