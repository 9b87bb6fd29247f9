"""The vocabulary of xlacore as immutable attrs classes.

Everything here is data with its invariants: a model object that exists is valid. The model
imports nothing else of xlacore; conversion to and from plain data lives in
:mod:`xlacore.serialization`.
"""

from xlacore.errors import InvariantError
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.changes import Change
from xlacore.model.channels import Channel, ChannelMap, ChannelTally
from xlacore.model.conditions import AllOf, AnyOf, Compare, Condition, Not, Op, matches
from xlacore.model.feedback import (
    ONE_TO_FIVE,
    ONE_TO_SEVEN,
    ZERO_TO_TEN,
    Feedback,
    Scale,
    Subject,
    SubjectKind,
)
from xlacore.model.people import Person
from xlacore.model.priority import ITIL_MATRIX, PriorityMatrix
from xlacore.model.services import Component, ComponentKind, Service, ServiceCatalog

__all__ = [
    # services and people
    "Service",
    "ServiceCatalog",
    "Component",
    "ComponentKind",
    "Person",
    # calls
    "Call",
    "CallEvent",
    "CallKind",
    "EventType",
    "Channel",
    "ChannelMap",
    "ChannelTally",
    "Change",
    "PriorityMatrix",
    "ITIL_MATRIX",
    # feedback
    "Feedback",
    "Scale",
    "Subject",
    "SubjectKind",
    "ZERO_TO_TEN",
    "ONE_TO_FIVE",
    "ONE_TO_SEVEN",
    # conditions
    "Condition",
    "Compare",
    "AllOf",
    "AnyOf",
    "Not",
    "Op",
    "matches",
    # errors
    "InvariantError",
]
