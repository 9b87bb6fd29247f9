"""The connectors xlacore ships, listed once so registering them is one loop."""

from __future__ import annotations

from xlacore.connectors.bpi2014_changes import read_bpi2014_changes
from xlacore.connectors.changes import ChangeReader
from xlacore.connectors.jira import JIRA
from xlacore.connectors.jsonl import JSONL
from xlacore.connectors.mapped import MAPPED
from xlacore.connectors.servicenow import SERVICENOW
from xlacore.connectors.xes import XES

__all__ = ["BUILTIN_CHANGE_CONNECTORS", "BUILTIN_CONNECTORS", "DEFAULT_CHANGE_CONNECTOR"]

#: Every built-in connector object, sorted by its stable ``name``.
#:
#: :meta hide-value:
BUILTIN_CONNECTORS = (JIRA, JSONL, MAPPED, SERVICENOW, XES)

#: Every built-in change connector: its name, reader and one-line description (``bpi2014``:
#: :func:`~xlacore.connectors.bpi2014_changes.read_bpi2014_changes`).
#:
#: :meta hide-value:
BUILTIN_CHANGE_CONNECTORS: tuple[tuple[str, ChangeReader, str], ...] = (
    (
        "bpi2014",
        read_bpi2014_changes,
        "BPI Challenge 2014 change export (Detail Change, zip or CSV)",
    ),
)

#: The change connector used when none is named (``xlacore problems --changes``).
DEFAULT_CHANGE_CONNECTOR = "bpi2014"
