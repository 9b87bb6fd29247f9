"""Plugins that listen to live-handling hooks on behalf of objects of the layers above."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlacore.plugins.markers import hookimpl

if TYPE_CHECKING:
    from xlacore.insights.ledger import Ledger
    from xlacore.model.calls import Call

__all__ = ["LedgerListener"]


class LedgerListener:
    """Feeds a :class:`~xlacore.insights.ledger.Ledger` every ``xlacore_call_event``.

    Register it as an in-process plugin: ``make_registry(plugins=[LedgerListener(ledger)])``;
    then ``registry.call_event(call, event)`` keeps the ledger current.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    @hookimpl
    def xlacore_call_event(self, call: Call) -> None:
        """Hand the changed call to the ledger."""
        self.ledger.update(call)
