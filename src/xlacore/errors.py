"""The exceptions and warnings xlacore raises on purpose.

Everything derives from :class:`XlaCoreError`, so an embedder can catch the library's own
failures with one ``except`` clause. Messages say what is wrong, where, and what to do.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

__all__ = [
    "XlaCoreError",
    "InvalidInputError",
    "InvariantError",
    "UnknownNameError",
    "PluginError",
    "PluginLoadError",
    "PluginConflictError",
    "InvalidPluginObjectError",
    "ScoringError",
    "ConnectorError",
    "MissingExtraError",
    "XlaCoreWarning",
    "XlaCorePluginWarning",
    "XlaCoreConfigWarning",
]


class XlaCoreError(Exception):
    """Root of every exception xlacore raises on purpose."""


class InvalidInputError(XlaCoreError, ValueError):
    """External data (a dict, JSON, a file) does not describe a valid model object.

    ``problems`` holds one line per problem, each starting with its key path
    (``$.events[3].at: naive datetime; a time zone is required``); ``source`` names the file
    when there is one. The message lists every problem, not just the first.
    """

    def __init__(
        self, problems: Sequence[str], *, source: str | None = None, what: str = ""
    ) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        self.source = source
        self.what = what
        super().__init__(self._message())

    def _message(self) -> str:
        where = f" in {self.source}" if self.source else ""
        subject = f" {self.what}" if self.what else ""
        count = len(self.problems)
        head = f"invalid{subject}{where}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class InvariantError(XlaCoreError, ValueError):
    """An object's own rule does not hold: a model class's, or a parameter's allowed range.

    ``field`` names the attribute, ``subpath`` locates the problem inside it in key-path
    notation (``"[3].at"``; empty when the attribute itself is wrong), so the serialization
    edge reports it with its key path (``$.events[3].at``) instead of a bare message.
    """

    def __init__(self, field: str, message: str, subpath: str = "") -> None:
        self.field = field
        self.subpath = subpath
        self.message = message
        super().__init__(f"{field}{subpath}: {message}")


class UnknownNameError(XlaCoreError, LookupError):
    """A strategy, connector, renderer or other named thing is not registered.

    The message lists the known names and suggests the closest one.
    """

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.known: tuple[str, ...] = tuple(sorted(known))
        close = difflib.get_close_matches(name, self.known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listing = ", ".join(self.known) if self.known else "none"
        super().__init__(f"unknown {kind} {name!r}{hint} (known: {listing})")


class PluginError(XlaCoreError):
    """A plugin misbehaved; names the plugin and, when known, its distribution."""

    def __init__(
        self, message: str, *, plugin: str | None = None, distribution: str | None = None
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        super().__init__(message)


class PluginLoadError(PluginError):
    """A plugin could not be loaded (raised only in strict mode; otherwise a warning)."""


class PluginConflictError(PluginError):
    """Two plugins registered the same name; the message names both sources."""


class InvalidPluginObjectError(PluginError, TypeError):
    """A hook, or an object a plugin registered, returned something else than it should."""


class ScoringError(XlaCoreError):
    """A scoring strategy was given parameters or data it cannot score."""


class ConnectorError(XlaCoreError):
    """A connector cannot read its source at all (as opposed to rejecting single records)."""


class MissingExtraError(XlaCoreError, ImportError):
    """An optional feature was used without the extra that installs what it needs.

    The message names the feature, the missing distribution and the ``pip install`` line.
    """

    def __init__(self, feature: str, extra: str, missing: str) -> None:
        self.feature = feature
        self.extra = extra
        self.missing = missing
        super().__init__(
            f"{feature} needs {missing}, which is not installed; "
            f"install the extra: pip install 'xlacore[{extra}]'"
        )


class XlaCoreWarning(UserWarning):
    """Base of xlacore's warnings."""


class XlaCorePluginWarning(XlaCoreWarning):
    """A plugin was skipped or unregistered; everything else keeps working."""


class XlaCoreConfigWarning(XlaCoreWarning):
    """A configuration is valid but very likely not what was meant (an SLA that never attaches)."""
