"""The plugin registry: the typed face of the plugin system.

Domain code asks a :class:`PluginRegistry` for strategies, connectors, change connectors and
renderers by name; it never calls ``pm.hook``. A registry is built once by
:func:`make_registry`, which loads the plugins one at a time (see
``xlacore.plugins._loading``), calls each plugin's registration hooks on their own so a
misbehaving plugin is skipped alone, and rejects duplicate names.
:func:`default_registry` builds the process-wide registry on first use, never at import.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pluggy
from attrs import field, frozen

from xlacore.errors import (
    InvalidPluginObjectError,
    PluginConflictError,
    PluginError,
    UnknownNameError,
)
from xlacore.evaluation.report import Report
from xlacore.insights.care.prioritization import PersonHistory, PriorityAdvice, PrioritySettings
from xlacore.model.calls import Call
from xlacore.plugins._loading import Loader, LoadFailure, Origin, PluginOrigin
from xlacore.plugins.builtin import BUILTIN_PLUGINS
from xlacore.plugins.descriptors import (
    ChangeConnectorDescriptor,
    ConnectorDescriptor,
    RendererDescriptor,
    ScoringStrategyDescriptor,
)
from xlacore.scoring.composite import CompositeStrategy
from xlacore.scoring.protocol import ScoringStrategy

__all__ = [
    "DISABLE_ENV",
    "NO_ENTRY_POINTS_ENV",
    "PluginInfo",
    "PluginRegistry",
    "make_registry",
    "default_registry",
    "reset_default_registry",
    "using_registry",
]

if TYPE_CHECKING:
    from xlacore.model.calls import Call, CallEvent

DISABLE_ENV = "XLACORE_DISABLE_PLUGINS"
"""Comma-separated plugin names the default registry does not load (``a,b``)."""

NO_ENTRY_POINTS_ENV = "XLACORE_NO_ENTRY_POINTS"
"""Set to ``1`` and the default registry loads no installed plugins, only the built-ins."""

D = TypeVar(
    "D",
    ScoringStrategyDescriptor,
    ConnectorDescriptor,
    ChangeConnectorDescriptor,
    RendererDescriptor,
)


@frozen
class _Kind(Generic[D]):
    """One registration hook: its name, descriptor type and the word used in messages."""

    hook: str
    descriptor: type[D]
    noun: str


_STRATEGIES = _Kind("xlacore_scoring_strategies", ScoringStrategyDescriptor, "scoring strategy")
_CONNECTORS = _Kind("xlacore_connectors", ConnectorDescriptor, "connector")
_CHANGE_CONNECTORS = _Kind(
    "xlacore_change_connectors", ChangeConnectorDescriptor, "change connector"
)
_RENDERERS = _Kind("xlacore_report_renderers", RendererDescriptor, "renderer")


@frozen
class PluginInfo:
    """One registered plugin: where it comes from and the names it registers."""

    name: str
    origin: Origin
    distribution: str | None
    version: str | None
    scoring_strategies: tuple[str, ...]
    connectors: tuple[str, ...]
    change_connectors: tuple[str, ...]
    renderers: tuple[str, ...]


@frozen
class _Table(Generic[D]):
    """The descriptors of one kind, by name, with the plugin that registered each."""

    kind: _Kind[D]
    entries: Mapping[str, D]
    sources: Mapping[str, str]

    def get(self, name: str) -> D:
        try:
            return self.entries[name]
        except KeyError:
            raise UnknownNameError(self.kind.noun, name, self.entries) from None

    def names_of(self, plugin: str) -> tuple[str, ...]:
        return tuple(n for n in self.entries if self.sources[n] == plugin)


@frozen
class PluginRegistry:
    """What the loaded plugins register, by name, sorted.

    Build one with :func:`make_registry` or use :func:`default_registry`. Immutable: to
    change the plugins, build another.
    """

    _strategies: _Table[ScoringStrategyDescriptor]
    _connectors: _Table[ConnectorDescriptor]
    _change_connectors: _Table[ChangeConnectorDescriptor]
    _renderers: _Table[RendererDescriptor]
    _origins: Mapping[str, PluginOrigin]
    load_failures: tuple[LoadFailure, ...]
    """Plugins that were skipped, in load order."""
    blocked: tuple[str, ...]
    """Plugin names that were disabled (sorted)."""
    manager: pluggy.PluginManager = field(eq=False, repr=False)
    """The underlying pluggy manager (domain code calls the typed methods instead)."""

    def prioritize(
        self,
        call: Call,
        history: PersonHistory,
        report: Report | None = None,
        settings: PrioritySettings | None = None,
    ) -> PriorityAdvice:
        """The priority advice for ``call``: the first plugin's, else the built-in one.

        :raises InvalidPluginObjectError: when a plugin answers with something else than a
            :class:`~xlacore.insights.care.prioritization.PriorityAdvice`, or about another call.
        :raises PluginError: when no plugin advises (the built-ins were left out).
        """
        advice = self.manager.hook.xlacore_prioritize(
            call=call, history=history, report=report, settings=settings or PrioritySettings()
        )
        if advice is None:
            raise PluginError("no plugin gave priority advice; keep the built-in plugins")
        if not isinstance(advice, PriorityAdvice):
            raise InvalidPluginObjectError(
                f"xlacore_prioritize returned {advice!r}; return a "
                "xlacore.insights.care.prioritization.PriorityAdvice or None"
            )
        if advice.call != call.id:
            raise InvalidPluginObjectError(
                f"{advice.advisor}'s xlacore_prioritize advised call {advice.call!r} when asked "
                f"about {call.id!r}; advise the call you were given"
            )
        return advice

    def scoring_strategies(self) -> Mapping[str, ScoringStrategyDescriptor]:
        """Every scoring strategy, by name, in name order."""
        return self._strategies.entries

    def scoring_strategy(self, name: str) -> ScoringStrategyDescriptor:
        """The scoring strategy called ``name``; :class:`UnknownNameError` lists the known."""
        return self._strategies.get(name)

    def strategy(self, name: str) -> ScoringStrategy[Any, Any]:
        """The strategy called ``name``: this registry as evaluation's strategy resolver.

        Pass ``strategies=registry.strategy`` to evaluation; a composite's components are
        then resolved in this registry too, third-party strategies included.
        """
        found = self._strategies.get(name).strategy
        return CompositeStrategy(self.strategy) if isinstance(found, CompositeStrategy) else found

    def connectors(self) -> Mapping[str, ConnectorDescriptor]:
        """Every connector, by name, in name order."""
        return self._connectors.entries

    def connector(self, name: str) -> ConnectorDescriptor:
        """The connector called ``name``; :class:`UnknownNameError` lists the known."""
        return self._connectors.get(name)

    def change_connectors(self) -> Mapping[str, ChangeConnectorDescriptor]:
        """Every change connector, by name, in name order."""
        return self._change_connectors.entries

    def change_connector(self, name: str) -> ChangeConnectorDescriptor:
        """The change connector called ``name``; :class:`UnknownNameError` lists the known."""
        return self._change_connectors.get(name)

    def renderers(self) -> Mapping[str, RendererDescriptor]:
        """Every report renderer, by name, in name order."""
        return self._renderers.entries

    def renderer(self, name: str) -> RendererDescriptor:
        """The renderer called ``name``; :class:`UnknownNameError` lists the known."""
        return self._renderers.get(name)

    def call_event(self, call: Call, event: CallEvent) -> None:
        """Tell every ``xlacore_call_event`` listener that ``event`` was added to ``call``.

        ``call`` already ends with ``event``. A listener's exception propagates unchanged.
        """
        self.manager.hook.xlacore_call_event(call=call, event=event)

    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin with its distribution and names, sorted by plugin name."""
        return tuple(
            PluginInfo(
                name=o.name,
                origin=o.origin,
                distribution=o.distribution,
                version=o.version,
                scoring_strategies=self._strategies.names_of(o.name),
                connectors=self._connectors.names_of(o.name),
                change_connectors=self._change_connectors.names_of(o.name),
                renderers=self._renderers.names_of(o.name),
            )
            for o in sorted(self._origins.values(), key=lambda o: o.name)
        )


def make_registry(
    *,
    entry_points: bool = True,
    plugins: Iterable[object] = (),
    block: Iterable[str] = (),
    strict: bool = False,
    builtins: Iterable[str] = BUILTIN_PLUGINS,
) -> PluginRegistry:
    """Build a registry: built-ins, then installed plugins, then ``plugins``.

    :param entry_points: load the plugins installed in the ``xlacore`` entry-point group.
    :param plugins: in-process plugins, modules or instances with ``@hookimpl`` functions.
    :param block: plugin names not to load (built-ins cannot be blocked).
    :param strict: raise :class:`~xlacore.errors.PluginLoadError` for the first broken
        plugin instead of skipping it with a warning.
    :param builtins: the built-in plugin modules (tests of the loader replace them).
    :raises PluginConflictError: when two plugins register the same name for one kind.
    """
    builtins = tuple(builtins)
    blocked = tuple(sorted(set(block)))
    refused = sorted(set(blocked) & set(builtins))
    if refused:
        raise PluginError(
            f"built-in plugins cannot be disabled: {', '.join(refused)}", plugin=refused[0]
        )
    loader = Loader(strict=strict)
    for name in blocked:
        loader.manager.set_blocked(name)
    loader.add_builtins(builtins)
    if entry_points:
        loader.add_entry_points()
    loader.add_objects(plugins)
    strategies = _collect_kind(loader, _STRATEGIES)
    connectors = _collect_kind(loader, _CONNECTORS)
    change_connectors = _collect_kind(loader, _CHANGE_CONNECTORS)
    renderers = _collect_kind(loader, _RENDERERS)
    survivors = set(loader.origins)  # a plugin failing a later hook loses its earlier names
    return PluginRegistry(
        strategies=_table(_STRATEGIES, strategies, survivors, loader.origins),
        connectors=_table(_CONNECTORS, connectors, survivors, loader.origins),
        change_connectors=_table(_CHANGE_CONNECTORS, change_connectors, survivors, loader.origins),
        renderers=_table(_RENDERERS, renderers, survivors, loader.origins),
        origins=MappingProxyType(dict(loader.origins)),
        load_failures=tuple(loader.failures),
        blocked=blocked,
        manager=loader.manager,
    )


def _collect_kind(loader: Loader, kind: _Kind[D]) -> dict[str, list[D]]:
    """Call each plugin's hook of ``kind`` on its own; drop a plugin that misbehaves."""
    collected: dict[str, list[D]] = {}
    for name in sorted(loader.origins):
        try:
            collected[name] = _collect(loader.manager, name, kind)
        except Exception as exc:
            loader.remove(name, exc)
    return collected


def _collect(manager: pluggy.PluginManager, name: str, kind: _Kind[D]) -> list[D]:
    plugin = manager.get_plugin(name)
    others = [p for p in manager.get_plugins() if p is not plugin]
    results: list[D] = []
    for returned in manager.subset_hook_caller(kind.hook, remove_plugins=others)():
        if not isinstance(returned, Iterable) or isinstance(returned, str | bytes):
            raise InvalidPluginObjectError(
                f"{kind.hook} returned {returned!r}; return or yield "
                f"xlacore.plugins.{kind.descriptor.__name__} objects",
                plugin=name,
            )
        for item in returned:
            if not isinstance(item, kind.descriptor):
                raise InvalidPluginObjectError(
                    f"{kind.hook} yielded {item!r}; expected "
                    f"xlacore.plugins.{kind.descriptor.__name__} objects",
                    plugin=name,
                )
            results.append(item)
    return results


def _table(
    kind: _Kind[D],
    collected: Mapping[str, list[D]],
    survivors: set[str],
    origins: Mapping[str, PluginOrigin],
) -> _Table[D]:
    entries: dict[str, D] = {}
    sources: dict[str, str] = {}
    for plugin in sorted(survivors & set(collected)):
        for item in collected[plugin]:
            if item.name in entries:
                first = sources[item.name]
                raise PluginConflictError(
                    f"{kind.noun} {item.name!r} is registered by both {origins[first]} and "
                    f"{origins[plugin]}; uninstall or disable one of them "
                    f"({DISABLE_ENV}=<plugin name>)",
                    plugin=plugin,
                    distribution=origins[plugin].distribution,
                )
            entries[item.name] = item
            sources[item.name] = plugin
    ordered = dict(sorted(entries.items()))
    return _Table(kind, MappingProxyType(ordered), MappingProxyType(sources))


# -- the default registry -----------------------------------------------------------------
_OVERRIDE: ContextVar[PluginRegistry | None] = ContextVar("xlacore_registry", default=None)


def _env_names(value: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in value.split(",") if n.strip())


@functools.cache
def _build_default() -> PluginRegistry:
    no_entry_points = os.environ.get(NO_ENTRY_POINTS_ENV, "") not in ("", "0")
    return make_registry(
        entry_points=not no_entry_points,
        block=_env_names(os.environ.get(DISABLE_ENV, "")),
    )


def default_registry() -> PluginRegistry:
    """The process-wide registry, built on first use.

    It reads :data:`DISABLE_ENV` and :data:`NO_ENTRY_POINTS_ENV` when it is built;
    :func:`reset_default_registry` forgets it. Inside :func:`using_registry` it is the
    registry given there.
    """
    override = _OVERRIDE.get()
    return override if override is not None else _build_default()


def reset_default_registry() -> None:
    """Forget the default registry; the next :func:`default_registry` call builds it anew."""
    _build_default.cache_clear()


@contextmanager
def using_registry(registry: PluginRegistry) -> Iterator[PluginRegistry]:
    """Make :func:`default_registry` return ``registry`` inside the ``with`` block."""
    token = _OVERRIDE.set(registry)
    try:
        yield registry
    finally:
        _OVERRIDE.reset(token)
