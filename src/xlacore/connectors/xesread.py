"""Reading XES (IEEE 1849) event logs safely and incrementally, one trace at a time.

The bytes are fed to expat in 64 KiB pieces and every trace is handed on as soon as it
closes, so memory is bounded by the largest trace, not by the file. A document type
declaration (``<!DOCTYPE``) is refused before anything in it is read, and so is any entity
declaration or external entity reference: XES needs none, and they are what the
"billion laughs" and external-entity attacks are made of.

Only the attributes directly on a trace or an event are read, each as its ``value`` text
(``string``, ``date``, ``int``, ``float``, ``boolean``, ``id``). Meta-attributes nested
inside an attribute, ``list`` and ``container`` attributes (they have no value), the log's
own attributes and the defaults of ``<global>`` declarations are not read: a missing
attribute stays missing. Element names may carry a namespace prefix (``xes:trace``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO
from xml.parsers import expat

from attrs import field, frozen

from xlacore.errors import ConnectorError

__all__ = ["XesEvent", "XesTrace", "read_xes"]

_PIECE = 1 << 16
_VALUED = frozenset({"string", "date", "int", "float", "boolean", "id"})


@frozen
class XesEvent:
    """One ``<event>``: its place (0-based index in its trace, 1-based line) and attributes."""

    index: int
    line: int
    attributes: Mapping[str, str] = field(factory=dict)


@frozen
class XesTrace:
    """One ``<trace>``: its place (0-based index in the log, line) and attributes and events."""

    index: int
    line: int
    attributes: Mapping[str, str] = field(factory=dict)
    events: tuple[XesEvent, ...] = ()


class _Refused(Exception):
    """A construct the reader refuses to parse."""


class _Builder:
    """Expat handlers that assemble traces (and events outside any trace) as they close."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[str] = []
        self.done: list[XesTrace | XesEvent] = []
        self.traces = 0
        self.stray = 0
        self.trace: tuple[int, dict[str, str], list[XesEvent]] | None = None
        self.event: tuple[int, dict[str, str]] | None = None

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        parent = self.stack[-1] if self.stack else None
        line = self.parser.CurrentLineNumber
        if parent is None and name != "log":
            raise _Refused(f"the root element is <{tag}>, not an XES <log>")
        if name == "trace" and parent == "log":
            self.trace = (line, {}, [])
        elif name == "event" and parent in ("log", "trace"):
            self.event = (line, {})
        elif name in _VALUED and parent in ("trace", "event"):
            key, value = attributes.get("key"), attributes.get("value")
            if key is not None and value is not None:
                if parent == "event" and self.event is not None:
                    self.event[1][key] = value
                elif parent == "trace" and self.trace is not None:
                    self.trace[1][key] = value
        self.stack.append(name)

    def end(self, _: str) -> None:
        name = self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if name == "event" and self.event is not None and parent in ("log", "trace"):
            line, attributes = self.event
            self.event = None
            if parent == "trace" and self.trace is not None:
                events = self.trace[2]
                events.append(XesEvent(len(events), line, attributes))
            else:
                self.done.append(XesEvent(self.stray, line, attributes))
                self.stray += 1
        elif name == "trace" and self.trace is not None and parent == "log":
            line, attributes, events = self.trace
            self.trace = None
            self.done.append(XesTrace(self.traces, line, attributes, tuple(events)))
            self.traces += 1

    def drain(self) -> list[XesTrace | XesEvent]:
        done, self.done = self.done, []
        return done


def _refuse(what: str) -> None:
    raise _Refused(f"{what} is not allowed in an XES log (it could expand without bound)")


def read_xes(handle: IO[bytes], source: str) -> Iterator[XesTrace | XesEvent]:
    """The traces of an XES log in file order, and any event found outside a trace.

    :raises ConnectorError: naming ``source`` and the line when the XML is not well formed,
        is not an XES log, or declares a document type or entities.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = _Builder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.StartDoctypeDeclHandler = lambda *_: _refuse("a DOCTYPE declaration")
    parser.EntityDeclHandler = lambda *_: _refuse("an entity declaration")
    parser.ExternalEntityRefHandler = lambda *_: _refuse("an external entity")  # type: ignore[assignment]
    try:
        while piece := handle.read(_PIECE):
            parser.Parse(piece, False)
            yield from builder.drain()
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ConnectorError(
            f"{source}:{exc.lineno}: not well-formed XML ({expat.errors.messages[exc.code]},"
            f" column {exc.offset + 1}); the log cannot be read past this point"
        ) from None
    except _Refused as exc:
        raise ConnectorError(f"{source}:{parser.CurrentLineNumber}: {exc}") from None
    yield from builder.drain()
