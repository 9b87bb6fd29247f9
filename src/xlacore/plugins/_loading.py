"""Registering plugins one at a time, so that one broken plugin cannot take the host down.

Built-in, entry-point and in-process plugins all go through :meth:`Loader.add`. A plugin that
fails to import, is a class instead of a module or instance, has a hook with a bad signature or
a misspelt hook name is unregistered again, recorded as a :class:`LoadFailure` and reported
with an :class:`~xlacore.errors.XlaCorePluginWarning` (or, in strict mode, raised as
:class:`~xlacore.errors.PluginLoadError`). A failing *built-in* plugin is a bug in xlacore
and always raises.
"""

from __future__ import annotations

import enum
import importlib
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

import pluggy
from attrs import define, field, frozen

from xlacore.errors import PluginError, PluginLoadError, XlaCorePluginWarning
from xlacore.plugins.hookspecs import XlaCoreSpecs
from xlacore.plugins.markers import ENTRY_POINT_GROUP, PROJECT_NAME

__all__ = ["Origin", "PluginOrigin", "LoadFailure", "Loader"]


class Origin(enum.StrEnum):
    """Where a plugin came from."""

    BUILTIN = "builtin"
    ENTRY_POINT = "entry-point"
    IN_PROCESS = "in-process"


@frozen
class PluginOrigin:
    """A plugin's name and source: built-in, an installed distribution, or passed in."""

    name: str
    origin: Origin
    distribution: str | None = None
    version: str | None = None

    def __str__(self) -> str:
        if self.origin is Origin.ENTRY_POINT:
            dist = f"{self.distribution} {self.version}" if self.distribution else "unknown"
            return f"plugin {self.name!r} (distribution {dist})"
        return f"plugin {self.name!r} ({self.origin.value})"


@frozen
class LoadFailure:
    """A plugin that was skipped, and why."""

    plugin: str
    distribution: str | None
    version: str | None
    reason: str

    def __str__(self) -> str:
        dist = f" from {self.distribution} {self.version}" if self.distribution else ""
        return f"{self.plugin}{dist}: {self.reason}"


def _reason(exc: BaseException) -> str:
    """The exception as one line (pluggy's messages span several)."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(XlaCoreSpecs)
    return manager


@define
class Loader:
    """A plugin manager being filled, with the origin of each plugin and what failed."""

    strict: bool
    manager: pluggy.PluginManager = field(factory=_new_manager)
    origins: dict[str, PluginOrigin] = field(factory=dict)
    failures: list[LoadFailure] = field(factory=list)

    def add(self, origin: PluginOrigin, load: Callable[[], object]) -> None:
        """Load one plugin and register it under ``origin.name``, or record why not."""
        name = origin.name
        if self.manager.is_blocked(name):
            return
        if name in self.origins:
            self.fail(origin, PluginError(f"the name is already taken by {self.origins[name]}"))
            return
        try:
            plugin = load()
            if isinstance(plugin, type):
                raise TypeError(
                    f"{plugin.__qualname__} is a class; register a module or an instance"
                )
            self.manager.register(plugin, name=name)
            self.manager.check_pending()
        except Exception as exc:
            self.manager.unregister(name=name)  # pluggy < 1.7 may leave hooks half-added
            self.fail(origin, exc)
            return
        self.origins[name] = origin

    def add_entry_points(self) -> None:
        """Load every plugin of the ``xlacore`` entry-point group, sorted by name."""
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=_entry_point_key):
            dist = ep.dist
            origin = PluginOrigin(
                ep.name,
                Origin.ENTRY_POINT,
                dist.name if dist is not None else None,
                dist.version if dist is not None else None,
            )
            self.add(origin, ep.load)

    def add_builtins(self, modules: Iterable[str]) -> None:
        """Register built-in plugin modules exactly as external plugins are registered."""
        for module in modules:
            self.add(PluginOrigin(module, Origin.BUILTIN), _importer(module))

    def add_objects(self, plugins: Iterable[object]) -> None:
        """Register in-process plugins (modules or instances with hook implementations).

        An instance is named by its class; further instances of one class are numbered
        (``pkg.Listener``, ``pkg.Listener#2``) so that two listeners can both be registered.
        """
        seen: Counter[str] = Counter()
        for plugin in plugins:
            name = _object_name(plugin)
            seen[name] += 1
            if seen[name] > 1 and not isinstance(plugin, ModuleType):
                name = f"{name}#{seen[name]}"
            self.add(PluginOrigin(name, Origin.IN_PROCESS), _given(plugin))

    def remove(self, name: str, exc: BaseException) -> None:
        """Unregister a plugin that misbehaved after registration, and record why."""
        self.manager.unregister(name=name)
        self.fail(self.origins.pop(name), exc)

    def fail(self, origin: PluginOrigin, exc: BaseException) -> None:
        """Record a failed plugin; raise for built-ins and in strict mode, else warn."""
        if origin.origin is Origin.BUILTIN:
            raise exc
        failure = LoadFailure(origin.name, origin.distribution, origin.version, _reason(exc))
        message = f"xlacore {origin} was skipped: {failure.reason}"
        if self.strict:
            raise PluginLoadError(
                message, plugin=origin.name, distribution=origin.distribution
            ) from exc
        self.failures.append(failure)
        warnings.warn(
            f"{message}. Everything else keeps working; report this to the plugin's authors, "
            f"or disable it with XLACORE_DISABLE_PLUGINS={origin.name}",
            XlaCorePluginWarning,
            stacklevel=2,
        )


def _entry_point_key(ep: EntryPoint) -> tuple[str, str]:
    return (ep.name, ep.dist.name if ep.dist is not None else "")


def _importer(module: str) -> Callable[[], ModuleType]:
    return lambda: importlib.import_module(module)


def _given(plugin: object) -> Callable[[], object]:
    return lambda: plugin


def _object_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    cls = type(plugin)
    return f"{cls.__module__}.{cls.__qualname__}"
