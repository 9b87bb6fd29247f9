"""The ``xlacore_prioritize`` hook: plugins first, the built-in advice last, checked answers."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from tests.insights.factories import make_call

from xlacore.errors import InvalidPluginObjectError, PluginError
from xlacore.insights.care.prioritization import (
    Adjustment,
    PersonHistory,
    PriorityAdvice,
    PrioritySettings,
)
from xlacore.model import Call, PriorityMatrix
from xlacore.plugins import hookimpl, make_registry

CALL = make_call("c1", caller="ann")


class Board:
    """Board members first; everyone else to the next plugin."""

    @hookimpl
    def xlacore_prioritize(self, call: Call) -> PriorityAdvice | None:
        if call.caller != "ann":
            return None
        return PriorityAdvice(call.id, 1, None, (Adjustment("board", "board first"),), "acme")


class Answers:
    """Answers whatever it is given to answer."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    @hookimpl
    def xlacore_prioritize(self) -> Any:
        return self.answer


def test_hook_xlacore_prioritize() -> None:
    registry = make_registry(entry_points=False, plugins=[Board()])
    history = PersonHistory("ann")
    advice = registry.prioritize(CALL, history)
    assert (advice.priority, advice.advisor) == (1, "acme")
    other = make_call("c2", caller="bob")
    built_in = registry.prioritize(other, PersonHistory("bob"))
    assert built_in.advisor == "xlacore"


def test_the_built_in_advice_receives_the_settings() -> None:
    registry = make_registry(entry_points=False)
    call = attrs.evolve(make_call("c1"), impact=1, urgency=2)
    settings = PrioritySettings(matrix=PriorityMatrix(((4, 4), (4, 4))))
    assert registry.prioritize(call, PersonHistory("u1"), None, settings).priority == 4
    assert registry.prioritize(call, PersonHistory("u1")).priority == 2


@pytest.mark.parametrize("answer", ["P1", 1, {"priority": 1}])
def test_a_wrong_answer_is_an_error(answer: object) -> None:
    registry = make_registry(entry_points=False, plugins=[Answers(answer)])
    with pytest.raises(InvalidPluginObjectError, match="PriorityAdvice"):
        registry.prioritize(CALL, PersonHistory("ann"))


def test_without_the_built_ins_nobody_advises() -> None:
    registry = make_registry(entry_points=False, builtins=(), plugins=[Answers(None)])
    with pytest.raises(PluginError, match="no plugin gave priority advice"):
        registry.prioritize(CALL, PersonHistory("ann"))


def test_advice_about_another_call_is_an_error() -> None:
    advice = PriorityAdvice("c9", 1, None, (), "acme")
    registry = make_registry(entry_points=False, plugins=[Answers(advice)])
    with pytest.raises(InvalidPluginObjectError, match="advised call 'c9' when asked about 'c1'"):
        registry.prioritize(CALL, PersonHistory("ann"))


@pytest.mark.parametrize("priority", [0, -3])
def test_advice_has_a_priority_of_1_or_more(priority: int) -> None:
    with pytest.raises(ValueError, match="priority"):
        PriorityAdvice("c1", priority, None, (), "acme")
