"""JSON Lines of xlacore's own record format: the connector for data already in the model.

One JSON object per line, wrapped in an envelope naming its kind::

    {"call": {"id": "INC1", "kind": "incident", "events": [...], ...}}
    {"feedback": {"id": "S1", "about": {"kind": "call", "id": "INC1"}, ...}}

The payload is exactly what :func:`xlacore.serialization.to_dict` gives for a
:class:`~xlacore.model.Call` or :class:`~xlacore.model.Feedback`. Plain, ``.gz`` and ``.zip``
files are read. Blank lines are skipped and are not records. Every other line is one record:
accepted, or rejected with its file, line and id (when the line has one) and the reason; a
line that is not UTF-8, not JSON, not an envelope, not a valid model object, or repeats an id
already seen in the file is a rejection, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import field, frozen
from attrs.validators import ge, instance_of, optional

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.files import open_binary
from xlacore.connectors.protocol import Batch
from xlacore.errors import InvalidInputError
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.serialization import from_dict, json_dumps, json_loads, to_dict

__all__ = ["JSONL", "JsonLinesConnector", "JsonLinesOptions", "dump_lines"]

_KINDS: dict[str, type[Call] | type[Feedback]] = {"call": Call, "feedback": Feedback}
_BOM = b"\xef\xbb\xbf"


@frozen(kw_only=True)
class JsonLinesOptions:
    """How to read: records per batch, and the member to read from a multi-file zip."""

    batch_size: int = field(default=10_000, validator=[instance_of(int), ge(1)])
    member: str | None = field(default=None, validator=optional(instance_of(str)))


class _Reader:
    """The state of reading one file: the batch being filled and the ids seen so far."""

    def __init__(self, source: str, account: IngestAccount) -> None:
        self.source = source
        self.account = account
        self.first_line: dict[tuple[str, str], int] = {}
        self.calls: list[Call] = []
        self.feedback: list[Feedback] = []

    def line(self, number: int, raw: bytes) -> None:
        """Accept or reject one non-blank line."""
        record: str | None = None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.reject(number, None, f"byte {exc.start}: not UTF-8 text")
            return
        try:
            envelope = json_loads(text)
        except InvalidInputError as exc:
            self.reject(number, None, f"not JSON ({exc.problems[0]})")
            return
        kind, payload = _open_envelope(envelope)
        if kind is None:
            self.reject(number, None, payload)
            return
        if isinstance(payload, dict) and isinstance(payload.get("id"), str):
            record = payload["id"]
        try:
            obj = _from_payload(kind, payload)
        except InvalidInputError as exc:
            self.reject(number, record, "; ".join(exc.problems))
            return
        first = self.first_line.setdefault((kind, obj.id), number)
        if first != number:
            self.reject(number, obj.id, f"duplicate {kind} id {obj.id!r} (first on line {first})")
            return
        self.account.accept()
        if isinstance(obj, Call):
            self.calls.append(obj)
        else:
            self.feedback.append(obj)

    def reject(self, number: int, record: str | None, reason: str) -> None:
        self.account.reject(Location(self.source, number, record), reason)

    def pending(self) -> int:
        return len(self.calls) + len(self.feedback)

    def flush(self) -> Batch:
        batch = Batch(tuple(self.calls), tuple(self.feedback))
        self.calls, self.feedback = [], []
        return batch


def _open_envelope(envelope: Any) -> tuple[str, Any] | tuple[None, str]:
    """``(kind, payload)``, or ``(None, reason)`` when the line is not an envelope."""
    if not isinstance(envelope, dict):
        got = type(envelope).__name__
        return None, f"expected an object {{'call': ...}} or {{'feedback': ...}}, got {got}"
    keys = sorted(envelope)
    if len(keys) != 1 or keys[0] not in _KINDS:
        found = ", ".join(repr(k) for k in keys) or "none"
        return None, f"expected exactly one key, 'call' or 'feedback'; found {found}"
    return keys[0], envelope[keys[0]]


def _from_payload(kind: str, payload: Any) -> Call | Feedback:
    try:
        result: Call | Feedback = from_dict(_KINDS[kind], payload)
    except InvalidInputError as exc:
        problems = [p.replace("$", f"$.{kind}", 1) for p in exc.problems]
        raise InvalidInputError(problems, what=exc.what) from exc
    return result


class JsonLinesConnector:
    """Reads JSON Lines of xlacore's own format (see the module documentation)."""

    name = "jsonl"
    options_type = JsonLinesOptions

    def read(
        self, path: Path, options: JsonLinesOptions, account: IngestAccount
    ) -> Iterator[Batch]:
        """Yield batches of at most ``options.batch_size`` accepted records."""
        reader = _Reader(str(path), account)
        with open_binary(path, options.member) as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.removeprefix(_BOM) if number == 1 else raw
                if not line.strip():
                    continue
                reader.line(number, line)
                if reader.pending() >= options.batch_size:
                    yield reader.flush()
        if reader.pending():
            yield reader.flush()


JSONL = JsonLinesConnector()
"""The connector instance the built-in plugin registers as ``jsonl``.

:meta hide-value:
"""


def dump_lines(calls: Iterable[Call] = (), feedback: Iterable[Feedback] = ()) -> Iterator[str]:
    """The JSON Lines of ``calls`` then ``feedback``, one string per record with its newline."""
    for call in calls:
        yield json_dumps({"call": to_dict(call)}) + "\n"
    for answer in feedback:
        yield json_dumps({"feedback": to_dict(answer)}) + "\n"
