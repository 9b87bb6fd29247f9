"""The frozen descriptors that registration hooks yield.

A descriptor names one thing a plugin provides (a scoring strategy, a connector, a change
connector, a report renderer) and carries the object implementing the protocol of that
kind. Construction validates both the name and the object, so a mistake surfaces in the
plugin that made it, with a message saying what to fix, not later in whatever code first
uses the object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from attrs import field, frozen
from attrs.validators import instance_of, is_callable

from xlacore.connectors.changes import ChangeReader
from xlacore.connectors.protocol import Connector
from xlacore.scoring.protocol import ScoringStrategy

__all__ = [
    "NAME_PATTERN",
    "ScoringStrategyDescriptor",
    "ConnectorDescriptor",
    "ChangeConnectorDescriptor",
    "RendererDescriptor",
    "Descriptor",
    "Render",
]

NAME_PATTERN = r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*"
"""What a registered name looks like: lower case, digits, single ``-``, ``_`` or ``.`` between.

Agreement files name strategies, connectors and renderers by these strings, so they stay
plain; a dot lets a vendor namespace its names (``acme.nps``).
"""

_NAME_MAX = 64

Render = Callable[[Any, Any], str | bytes]
"""A renderer's function: ``render(report, options) -> str | bytes``."""


def _check_name(_: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {type(value).__name__}")
    if len(value) > _NAME_MAX or re.fullmatch(NAME_PATTERN, value) is None:
        raise ValueError(
            f"{attribute.name} {value!r} is not a valid name: use at most {_NAME_MAX} lower-case "
            "letters and digits, starting with a letter, with single '-', '_' or '.' between "
            "(e.g. 'acme-nps')"
        )


def _implements(protocol: type, what: str) -> Callable[[object, Any, Any], None]:
    def check(_: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, protocol):
            raise TypeError(
                f"{attribute.name} must implement the {what} protocol "
                f"({protocol.__module__}.{protocol.__name__}); got {value!r}"
            )

    return check


def _check_media_type(_: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", value) is None:
        raise ValueError(
            f"{attribute.name} must be a media type such as 'text/plain' or "
            f"'application/json', got {value!r}"
        )


@frozen
class ScoringStrategyDescriptor:
    """A scoring strategy registered under ``name``.

    ``strategy`` implements :class:`~xlacore.scoring.protocol.ScoringStrategy`; agreements
    refer to it by ``name``. ``description`` is one line shown by ``xlacore plugins``.
    """

    name: str = field(validator=_check_name)
    strategy: ScoringStrategy[Any, Any] = field(
        validator=_implements(ScoringStrategy, "scoring strategy")
    )
    description: str = field(default="", validator=instance_of(str))


@frozen
class ConnectorDescriptor:
    """A connector registered under ``name``.

    ``connector`` implements :class:`~xlacore.connectors.protocol.Connector`. ``description``
    is one line shown by ``xlacore plugins``.
    """

    name: str = field(validator=_check_name)
    connector: Connector = field(validator=_implements(Connector, "connector"))
    description: str = field(default="", validator=instance_of(str))


@frozen
class ChangeConnectorDescriptor:
    """A change connector registered under ``name``: a reader of change records.

    ``read(path, strict=...)`` returns :class:`~xlacore.connectors.changes.ChangesRead`, the
    changes with the account of every record read (see
    :class:`~xlacore.connectors.changes.ChangeReader`). ``description`` is one line shown by
    ``xlacore plugins``.
    """

    name: str = field(validator=_check_name)
    read: ChangeReader = field(validator=is_callable())
    description: str = field(default="", validator=instance_of(str))


@frozen
class RendererDescriptor:
    """A report renderer registered under ``name``.

    ``render(report, options)`` returns the report as text or bytes of ``media_type``
    (``"text/plain"``, ``"application/json"``, ``"text/html"``).
    """

    name: str = field(validator=_check_name)
    media_type: str = field(validator=_check_media_type)
    render: Render = field(validator=is_callable())
    description: str = field(default="", validator=instance_of(str))


Descriptor = (
    ScoringStrategyDescriptor | ConnectorDescriptor | ChangeConnectorDescriptor | RendererDescriptor
)
"""Any of the descriptors a registration hook yields."""
