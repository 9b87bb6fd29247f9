"""The hook specifications: every hook an xlacore plugin can implement.

Registration hooks are *collect-all*: every plugin's implementation is called and each yields
frozen descriptors (:mod:`xlacore.plugins.descriptors`). The registry validates what comes
back, rejects duplicate names naming both plugins, and hands descriptors out sorted by name,
so the order in which plugins are called never matters. Live-handling hooks are called while
calls are worked on, through typed methods of the registry
(:meth:`~xlacore.plugins.PluginRegistry.call_event`,
:meth:`~xlacore.plugins.PluginRegistry.prioritize`).

Hooks grow by gaining keyword arguments; pluggy passes an implementation only the arguments it
names, so an implementation written today keeps working. Never give an implementation's
arguments default values: pluggy does not pass those.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

from xlacore.plugins.markers import PROJECT_NAME

if TYPE_CHECKING:
    from xlacore.evaluation.report import Report
    from xlacore.insights.care.prioritization import PersonHistory, PriorityAdvice, PrioritySettings
    from xlacore.model.calls import Call, CallEvent
    from xlacore.plugins.descriptors import (
        ChangeConnectorDescriptor,
        ConnectorDescriptor,
        RendererDescriptor,
        ScoringStrategyDescriptor,
    )

__all__ = ["XlaCoreSpecs", "hookspec"]

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marks a hook specification of the ``xlacore`` project.

:meta hide-value:
"""


class XlaCoreSpecs:
    """All xlacore hook specifications."""

    # -- registration hooks: called once when a registry is built ------------------------

    @hookspec
    def xlacore_scoring_strategies(self) -> Iterable[ScoringStrategyDescriptor] | None:
        """Register scoring strategies.

        Return (or yield) :class:`~xlacore.plugins.ScoringStrategyDescriptor` objects, one per
        strategy. Return ``None`` or nothing to register no strategy. Each ``strategy``
        implements :class:`~xlacore.scoring.protocol.ScoringStrategy`; each name must be unused
        by every other plugin, built-ins included.

        Called once per registry, when it is built; the result is kept for its lifetime.
        An exception raised here, or an object that is not a descriptor, skips the whole
        plugin with a warning (or raises :class:`~xlacore.errors.PluginLoadError` in strict
        mode).

        This hook takes no parameters.

        Example:

        .. code-block:: python

            from xlacore.plugins import ScoringStrategyDescriptor, hookimpl

            @hookimpl
            def xlacore_scoring_strategies():
                yield ScoringStrategyDescriptor(
                    name="acme-top-box",
                    strategy=TopBoxStrategy(),
                    description="share of answers in the top box of the scale",
                )
        """

    @hookspec
    def xlacore_connectors(self) -> Iterable[ConnectorDescriptor] | None:
        """Register connectors that read ITSM sources into calls and feedback.

        Return (or yield) :class:`~xlacore.plugins.ConnectorDescriptor` objects, one per
        connector. Return ``None`` or nothing to register no connector. Each ``connector``
        implements :class:`~xlacore.connectors.protocol.Connector`: it accounts for every
        record it reads and rejects bad records with their location instead of raising.

        Called once per registry, when it is built. Failures skip the plugin with a warning,
        as for :meth:`xlacore_scoring_strategies`.

        This hook takes no parameters.

        Example:

        .. code-block:: python

            from xlacore.plugins import ConnectorDescriptor, hookimpl

            @hookimpl
            def xlacore_connectors():
                yield ConnectorDescriptor(
                    name="acme-desk",
                    connector=AcmeDeskConnector(),
                    description="Acme Desk ticket export (CSV)",
                )
        """

    @hookspec
    def xlacore_change_connectors(self) -> Iterable[ChangeConnectorDescriptor] | None:
        """Register change connectors that read change records (planned work on services).

        Return (or yield) :class:`~xlacore.plugins.ChangeConnectorDescriptor` objects, one
        per change connector. Return ``None`` or nothing to register none. Each ``read``
        implements :class:`~xlacore.connectors.changes.ChangeReader`: ``read(path,
        strict=...)`` returns :class:`~xlacore.connectors.changes.ChangesRead`, the
        :class:`~xlacore.model.changes.Change` records with an account of every record read
        (read = accepted + rejected, each rejection with its location and reason; in strict
        mode the first rejection raises). ``xlacore problems --changes FILE
        --changes-format NAME`` reads with it; the built-in ``bpi2014`` reads the BPI
        Challenge 2014 export.

        Called once per registry, when it is built. Failures skip the plugin with a warning,
        as for :meth:`xlacore_scoring_strategies`.

        This hook takes no parameters.

        Example:

        .. code-block:: python

            from xlacore.connectors.account import IngestAccount
            from xlacore.connectors.changes import ChangesRead
            from xlacore.plugins import ChangeConnectorDescriptor, hookimpl

            def read_acme_changes(path, *, strict):
                account = IngestAccount(strict=strict)
                changes = [...]  # account.accept() or account.reject(location, reason) per row
                return ChangesRead(tuple(changes), account)

            @hookimpl
            def xlacore_change_connectors():
                yield ChangeConnectorDescriptor(
                    name="acme-changes",
                    read=read_acme_changes,
                    description="Acme change calendar (CSV)",
                )
        """

    @hookspec
    def xlacore_report_renderers(self) -> Iterable[RendererDescriptor] | None:
        """Register report renderers (text, JSON, CSV, HTML, ...).

        Return (or yield) :class:`~xlacore.plugins.RendererDescriptor` objects, one per
        renderer. Return ``None`` or nothing to register no renderer. ``render(report,
        options)`` must be deterministic: the same report gives the same text or bytes.

        Called once per registry, when it is built. Failures skip the plugin with a warning,
        as for :meth:`xlacore_scoring_strategies`.

        This hook takes no parameters.

        Example:

        .. code-block:: python

            from xlacore.plugins import RendererDescriptor, hookimpl

            @hookimpl
            def xlacore_report_renderers():
                yield RendererDescriptor(
                    name="acme-slides",
                    media_type="text/markdown",
                    render=render_slides,
                    description="one slide per agreement",
                )
        """

    # -- live-handling hooks: called while calls are worked on -----------------------------

    @hookspec
    def xlacore_call_event(self, call: Call, event: CallEvent) -> None:
        """Be told that a call changed: ``event`` has just been added to its history.

        A *notification*: every plugin's implementation is called and what it returns is
        ignored (return ``None``). Listeners keep something current as calls are worked on:
        the live ledger (:class:`~xlacore.insights.ledger.Ledger`, listening through
        :class:`~xlacore.plugins.LedgerListener`) keeps its agreements' scores current;
        others may notify people or feed a dashboard.

        Called by whatever receives live changes (a connector's feed, an embedder's webhook
        handler) through :meth:`PluginRegistry.call_event
        <xlacore.plugins.PluginRegistry.call_event>`, once per event, in the order the
        events of one call happened; events of different calls may interleave. Opening a
        call is its ``opened`` event. An exception raised by a listener reaches the caller
        unchanged and the listeners after it are not called: a listener that cannot apply
        an event must say so rather than drift from the data.

        :param call: the call as it is now, ``event`` included as its last event (see
            :meth:`Call.with_event <xlacore.model.Call.with_event>`). Every fact a listener
            needs (state, priority, group, resolution) derives from its events.
        :param event: the event that was just added.

        Example:

        .. code-block:: python

            from xlacore.plugins import hookimpl

            @hookimpl
            def xlacore_call_event(call, event):
                if event.type == "reopened":
                    alert(f"{call.id} was reopened by {event.actor}")
        """

    @hookspec(firstresult=True)
    def xlacore_prioritize(
        self,
        call: Call,
        history: PersonHistory,
        report: Report | None,
        settings: PrioritySettings,
    ) -> PriorityAdvice | None:
        """Advise the priority of a call, taking the caller's experience into account.

        Return a :class:`~xlacore.insights.care.prioritization.PriorityAdvice`: the advised
        priority (1 is the highest) and every adjustment with its reason. Return ``None`` to
        leave the call to the next plugin. Stops at the first result that is not ``None``;
        the built-in advice (:func:`~xlacore.insights.care.prioritization.experience_priority`)
        is registered ``trylast``, so a plugin's advice comes first and the built-in one
        answers when every plugin returns ``None``. Domain code asks through
        :meth:`~xlacore.plugins.PluginRegistry.prioritize`, never through ``pm.hook``.

        The built-in advice never lowers a priority; a plugin decides for itself, since it
        may know better (a VIP list, a contract), and its adjustments say why. Advice about
        another call than ``call`` is an error.

        An exception raised here reaches the caller unchanged.

        :param call: the call to prioritise, with its impact, urgency and recorded priority.
        :param history: the caller's earlier calls and survey answers
            (:class:`~xlacore.insights.care.prioritization.PersonHistory`).
        :param report: an evaluation whose objective results per service show whether the
            call's service is in trouble; ``None`` when there is none.
        :param settings: the thresholds asked for
            (:class:`~xlacore.insights.care.prioritization.PrioritySettings`: matrix, number of
            negative experiences, window, objective statuses); a plugin may ignore them.

        Example:

        .. code-block:: python

            from xlacore.insights.care.prioritization import Adjustment, PriorityAdvice
            from xlacore.plugins import hookimpl

            @hookimpl
            def xlacore_prioritize(call, history):
                if call.caller not in BOARD_MEMBERS:
                    return None  # let the next plugin, or the built-in advice, decide
                return PriorityAdvice(
                    call=call.id,
                    priority=1,
                    matrix_priority=None,
                    adjustments=(Adjustment("board", "board members come first"),),
                    advisor="acme",
                )
        """
