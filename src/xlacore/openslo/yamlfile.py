"""YAML documents with the line of every key path, through the optional PyYAML."""

from __future__ import annotations

from typing import Any

from xlacore.errors import MissingExtraError

__all__ = ["yaml_module", "load_all", "dump_all"]


def yaml_module() -> Any:
    """PyYAML, or an error naming the extra that installs it."""
    try:
        import yaml
    except ImportError:
        raise MissingExtraError("OpenSLO import and export", "openslo", "PyYAML") from None
    return yaml


def load_all(text: str) -> tuple[list[Any], dict[str, int]]:
    """The documents of a YAML stream (``---`` between them) and the line of each key path.

    Documents are numbered as a list: the third document's ``spec`` is ``$[2].spec``. An
    empty document (two ``---`` in a row) is ``None`` and keeps its number.

    :raises ValueError: with the line, when the text is not YAML.
    """
    yaml = yaml_module()
    lines: dict[str, int] = {}
    try:
        documents = list(yaml.safe_load_all(text))
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ValueError(f"{where}not YAML ({getattr(exc, 'problem', None) or exc})") from None
    for index, node in enumerate(nodes):
        if node is not None:
            _walk(yaml, node, f"$[{index}]", lines)
    return documents, lines


def _walk(yaml: Any, node: Any, path: str, lines: dict[str, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}"
            lines[child] = key.start_mark.line + 1
            _walk(yaml, value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(yaml, item, f"{path}[{index}]", lines)


def dump_all(documents: list[Any]) -> str:
    """A YAML stream of ``documents``, keys in the order given, that reads back as them.

    Text is written as it is unless PyYAML would write a character that reads back as
    something else (it writes the line break U+0085 raw); then non-ASCII text is escaped.
    """
    yaml = yaml_module()
    for readable in (True, False):
        text: str = yaml.safe_dump_all(
            documents, sort_keys=False, explicit_start=True, allow_unicode=readable, width=100
        )
        if list(yaml.safe_load_all(text)) == documents:
            break
    return text
