"""Line numbers for key paths in TOML and JSON text.

Neither ``tomllib`` nor ``json`` reports where a value was read, so a small scan of the
source text maps each key path it can see (``$.documents[1].spec.objectives[0].target``) to
the line where that key (or array element) starts. A problem's line is that of the longest
prefix of its path found in the map: exact for keys written one per line, the enclosing
key's line for values inside inline tables and arrays. The scan never raises; text it does
not understand just contributes no lines.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from xlacore.errors import InvalidInputError

__all__ = ["toml_lines", "json_lines", "line_of", "read_table"]

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""")


def _parts(dotted: str) -> list[str]:
    return [a or b or c for a, b, c in _PART.findall(dotted)]


def toml_lines(text: str) -> dict[str, int]:
    """Key path → 1-based line for the tables, array tables and keys of TOML text.

    Lines inside multi-line strings or arrays are skipped by tracking open brackets and
    triple quotes roughly; a key inside them is not mapped.
    """
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}  # array-of-tables path -> index of its current element
    table = "$"
    depth = 0
    in_string = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.count('"""') % 2 or raw.count("'''") % 2:
            in_string = not in_string
            continue
        if in_string:
            continue
        if depth == 0 and (header := _HEADER.match(raw)):
            path = "$"
            names = _parts(header.group(2))
            for index, name in enumerate(names):
                path = f"{path}.{name}"
                last = index == len(names) - 1
                if last and header.group(1) == "[[":
                    counts[path] = counts.get(path, -1) + 1
                if path in counts:
                    path = f"{path}[{counts[path]}]"
            table = path
            lines.setdefault(table, number)
            continue
        if depth == 0 and (key := _KEY.match(raw)):
            path = table + "".join(f".{p}" for p in _parts(key.group(1)))
            lines.setdefault(path, number)
        code = re.sub(r""""(?:[^"\\]|\\.)*"|'[^']*'|#.*""", "", raw)
        depth = max(
            0, depth + code.count("[") + code.count("{") - code.count("]") - code.count("}")
        )
    return lines


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|\n')


def json_lines(text: str) -> dict[str, int]:
    """Key path → 1-based line for every key and array element of JSON text."""
    lines: dict[str, int] = {"$": 1}
    stack: list[list[object]] = []  # [path, kind, key or index, expecting a value]
    line = 1
    path = "$"
    pending_key: str | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            continue
        if stack and stack[-1][1] == "[" and stack[-1][3]:
            element = f"{stack[-1][0]}[{stack[-1][2]}]"
            lines.setdefault(element, line)
            stack[-1][3] = False
            path = element
        if token in "{[":
            stack.append([path, token, 0 if token == "[" else None, token == "["])
        elif token in "}]":
            if stack:
                stack.pop()
            path = str(stack[-1][0]) if stack else "$"
        elif token == ",":
            if stack and stack[-1][1] == "[":
                stack[-1][2] = int(str(stack[-1][2])) + 1
                stack[-1][3] = True
            path = str(stack[-1][0]) if stack else "$"
        elif token == ":":
            if stack and pending_key is not None:
                path = f"{stack[-1][0]}.{pending_key}"
                lines.setdefault(path, line)
        elif stack and stack[-1][1] == "{":
            pending_key = token[1:-1]
            continue
        pending_key = None
    return lines


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of ``path``, or of its longest prefix that has one."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get("$")


def read_table(path: str | Path, what: str, shape: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The top-level table of a TOML or JSON file (``.json``: JSON) and its lines by key path.

    :raises InvalidInputError: naming ``what`` and the file when it is not readable, or when
        its top level is not a table (saying it expected ``shape``, e.g. ``key = value pairs``).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            data, lines = json.loads(text), json_lines(text)
        else:
            data, lines = tomllib.loads(text), toml_lines(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise InvalidInputError([f"not readable: {exc}"], source=str(path), what=what) from None
    if not isinstance(data, dict):
        raise InvalidInputError([f"expected {shape}"], source=str(path), what=what)
    return data, lines
