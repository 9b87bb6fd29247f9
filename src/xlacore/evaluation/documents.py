"""Reading agreement files (TOML or JSON, one schema) into a checked :class:`AgreementSet`.

A file holds one document, or several under ``documents`` (a JSON file may also be a list)::

    [[documents]]
    apiVersion = "xlacore/v1"
    kind = "Indicator"
    metadata.name = "happiness"
    [documents.spec]
    source = "feedback"
    strategy = "happiness"

Every problem is collected, not just the first, each with its file, line (found by
:mod:`xlacore.evaluation.locate`) and key path; then :func:`check` looks across documents
(references, strategies, parameters, OLAs that cannot fit their SLA).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from xlacore.errors import InvalidInputError
from xlacore.evaluation.checks import check
from xlacore.evaluation.locate import json_lines, line_of, toml_lines
from xlacore.model.agreements import Agreement
from xlacore.model.calendars import Calendar
from xlacore.model.documents import API_VERSION, AgreementSet, Document, DocumentKind, Metadata
from xlacore.model.indicators import Indicator
from xlacore.model.sla import SlaDefinition
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.protocol import StrategyResolver
from xlacore.serialization import from_dict, json_loads

__all__ = ["Problem", "DocumentError", "parse_documents", "load_documents"]

_ENVELOPE = ("apiVersion", "kind", "metadata", "spec")
_PLACEHOLDER = "placeholder"


@frozen
class Problem:
    """One thing wrong with a document: where (file, line, key path) and what."""

    path: str
    message: str
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.source, self.line) if p is not None)
        return f"{where}: {self.path}: {self.message}" if where else f"{self.path}: {self.message}"


class DocumentError(InvalidInputError):
    """Agreement documents are invalid; ``located`` holds each :class:`Problem`."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.located: tuple[Problem, ...] = tuple(problems)
        sources = sorted({p.source for p in problems if p.source})
        super().__init__(
            [str(p) for p in problems], source=", ".join(sources) or None, what="agreement file"
        )


def _split(path: str) -> tuple[str, str]:
    """A problem line from :class:`InvalidInputError` as (key path, message)."""
    path, _, message = path.partition(": ")
    return path, message


def _rebase(exc: InvalidInputError, base: str) -> list[tuple[str, str]]:
    out = []
    for problem in exc.problems:
        path, message = _split(problem)
        out.append((base + path[1:], message))
    return out


def _closest(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _document(raw: Any, base: str) -> tuple[Document | None, list[tuple[str, str]]]:
    """One document from plain data, or the problems (path, message) that prevent it."""
    if not isinstance(raw, Mapping):
        return None, [
            (base, f"expected a document (an object with keys), got {type(raw).__name__}")
        ]
    problems: list[tuple[str, str]] = []
    for key in sorted(set(raw) - set(_ENVELOPE)):
        hint = _closest(key, _ENVELOPE)
        problems.append(
            (f"{base}.{key}", f"unknown key {key!r}{hint} (allowed keys: {', '.join(_ENVELOPE)})")
        )
    problems += [(f"{base}.{key}", "required key missing") for key in _ENVELOPE if key not in raw]
    if "apiVersion" in raw and raw["apiVersion"] != API_VERSION:
        problems.append(
            (f"{base}.apiVersion", f"{raw['apiVersion']!r} is not supported; use {API_VERSION!r}")
        )
    kinds = [k.value for k in DocumentKind]
    kind = raw.get("kind")
    if "kind" in raw and kind not in kinds:
        hint = _closest(str(kind), kinds)
        problems.append(
            (f"{base}.kind", f"unknown kind {kind!r}{hint} (known: {', '.join(kinds)})")
        )
        kind = None
    metadata: Metadata | None = None
    if "metadata" in raw:
        try:
            metadata = from_dict(Metadata, raw["metadata"])
        except InvalidInputError as exc:
            problems += _rebase(exc, f"{base}.metadata")
    spec = raw.get("spec")
    if "spec" in raw and not isinstance(spec, Mapping):
        problems.append(
            (f"{base}.spec", f"expected an object with keys, got {type(spec).__name__}")
        )
    elif kind is not None and spec is not None:
        body, spec_problems = _body(DocumentKind(kind), spec, metadata, f"{base}.spec")
        problems += spec_problems
        if body is not None and metadata is not None and not problems:
            return Document(metadata=metadata, body=body), []
    return None, problems


_BODIES: dict[DocumentKind, type[Indicator | Calendar | SlaDefinition]] = {
    DocumentKind.INDICATOR: Indicator,
    DocumentKind.CALENDAR: Calendar,
    DocumentKind.SLA_DEFINITION: SlaDefinition,
}


def _body(
    kind: DocumentKind, spec: Mapping[str, Any], metadata: Metadata | None, base: str
) -> tuple[Indicator | Agreement | Calendar | SlaDefinition | None, list[tuple[str, str]]]:
    """What a spec declares; its name comes from the metadata."""
    problems = [
        (f"{base}.{key}", f"unknown key {key!r}: the {where} belongs in the document's {where}")
        for key, where in (("name", "metadata"), ("kind", "kind"))
        if key in spec
    ]
    data = {**spec, "name": metadata.name if metadata else _PLACEHOLDER}
    cls = _BODIES.get(kind, Agreement)
    if cls is Agreement:
        data["kind"] = kind.value
    try:
        return from_dict(cls, data), problems
    except InvalidInputError as exc:
        found = [(p, m) for p, m in _rebase(exc, base) if p != f"{base}.name"]
        return None, problems + found


def _raw_documents(data: Any) -> list[tuple[str, Any]]:
    if isinstance(data, list):
        return [(f"$[{i}]", d) for i, d in enumerate(data)]
    if (
        isinstance(data, Mapping)
        and set(data) == {"documents"}
        and isinstance(data["documents"], list)
    ):
        return [(f"$.documents[{i}]", d) for i, d in enumerate(data["documents"])]
    return [("$", data)]


def parse_documents(
    text: str,
    *,
    source: str | None = None,
    fmt: str = "toml",
    strategies: StrategyResolver = builtin_strategy,
) -> AgreementSet:
    """The checked documents in ``text`` (``fmt`` is ``"toml"`` or ``"json"``).

    Strategy names and parameters are checked against ``strategies`` (the built-ins unless
    a registry's resolver is passed).

    :raises DocumentError: listing every problem with its file, line and key path.
    """
    documents, lines, problems = _parse(text, source, fmt)
    return _checked(documents, {source: lines}, problems, strategies)


def _parse(
    text: str, source: str | None, fmt: str
) -> tuple[list[Document], dict[str, int], list[Problem]]:
    if fmt == "toml":
        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None)
            return [], {}, [Problem("$", f"not TOML: {exc}", source, line)]
        lines = toml_lines(text)
    elif fmt == "json":
        try:
            data = json_loads(text)
        except InvalidInputError as exc:
            return [], {}, [Problem("$", f"not JSON: {exc.problems[0]}", source)]
        lines = json_lines(text)
    else:
        raise ValueError(f"unknown document format {fmt!r}; use 'toml' or 'json'")
    documents: list[Document] = []
    problems: list[Problem] = []
    for base, raw in _raw_documents(data):
        document, found = _document(raw, base)
        if document is not None:
            documents.append(
                Document(metadata=document.metadata, body=document.body, source=source, path=base)
            )
        problems += [Problem(p, m, source, line_of(lines, p)) for p, m in found]
    return documents, lines, problems


def load_documents(
    *paths: str | Path, strategies: StrategyResolver = builtin_strategy
) -> AgreementSet:
    """The checked documents of one or more files (``.json`` is JSON, anything else TOML).

    Strategies are checked against ``strategies``, as in :func:`parse_documents`.
    """
    documents: list[Document] = []
    lines: dict[str | None, dict[str, int]] = {}
    problems: list[Problem] = []
    for name in paths:
        path = Path(name)
        fmt = "json" if path.suffix.lower() == ".json" else "toml"
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem("$", f"byte {exc.start}: not UTF-8 text", str(path)))
            continue
        found_documents, lines[str(path)], found = _parse(text, str(path), fmt)
        documents += found_documents
        problems += found
    return _checked(documents, lines, problems, strategies)


def _checked(
    documents: list[Document],
    lines: Mapping[str | None, dict[str, int]],
    problems: list[Problem],
    strategies: StrategyResolver,
) -> AgreementSet:
    """The set, once the checks across documents pass too (they run only on valid documents)."""
    if not problems:
        agreements = AgreementSet(documents)
        for document, subpath, message in check(agreements, strategies):
            path = document.path + subpath
            line = line_of(lines.get(document.source, {}), path)
            problems.append(Problem(path, message, document.source, line))
    if problems:
        raise DocumentError(problems)
    return AgreementSet(documents)
