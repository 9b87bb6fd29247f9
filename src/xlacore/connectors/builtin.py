"""The connectors xlacore ships, listed once so registering them is one loop."""

from __future__ import annotations

from xlacore.connectors.jira import JIRA
from xlacore.connectors.jsonl import JSONL
from xlacore.connectors.mapped import MAPPED
from xlacore.connectors.servicenow import SERVICENOW
from xlacore.connectors.xes import XES

__all__ = ["BUILTIN_CONNECTORS"]

#: Every built-in connector object, sorted by its stable ``name``.
BUILTIN_CONNECTORS = (JIRA, JSONL, MAPPED, SERVICENOW, XES)
