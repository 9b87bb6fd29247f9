"""The column mapping of data frames: the mapping files' language, for both tables at once.

A frame mapping has the tables of a connector mapping file (:mod:`xlacore.connectors.mapping`):
``[source]`` (only ``timezone``, ``date_formats`` and ``missing`` concern frames: how text
times are written, the zone of naive times, which text means "no value"), ``[calls]``,
``[feedback]`` and ``[values.*]``. Unlike a file mapping it may hold both ``[calls]`` and
``[feedback]``, since ``evaluate`` takes both frames. It is given as a dict, a TOML file,
a :class:`~xlacore.connectors.mapping.MappingFile`, or several of those (their sections
combined), so the mapping files of a CSV export serve the same export loaded in a frame.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import field, frozen

from xlacore.connectors.mapping import (
    CallColumns,
    FeedbackColumns,
    MappingFile,
    SourceSpec,
    ValueMaps,
    check_targets,
)
from xlacore.errors import InvalidInputError
from xlacore.serialization import from_dict

__all__ = ["FrameMapping", "MappingLike", "frame_mapping"]


@frozen
class FrameMapping:
    """Which frame column fills which field, for the calls frame and the answers frame.

    ``[calls]`` must be one row per call (``grouping = "row_per_call"``): a frame of event
    rows is grouped by the frame's own engine first. ``chunk_size`` is read by the mapped
    connector only; it is accepted so that one file serves both.
    """

    source: SourceSpec = field(factory=SourceSpec)
    calls: CallColumns | None = None
    feedback: FeedbackColumns | None = None
    values: ValueMaps = field(factory=ValueMaps)
    description: str = ""
    chunk_size: int = 1000

    def __attrs_post_init__(self) -> None:
        """A frame mapping reads one row per call, and its targets are checked as a file's."""
        calls = self.calls
        if calls is not None and calls.grouping != "row_per_call":
            raise ValueError(
                "[calls] of a frame is one row per call (grouping = 'row_per_call'); "
                "group event rows into one row per call first"
            )
        check_targets(calls, self.values)


MappingLike = FrameMapping | MappingFile | Mapping[str, Any] | str | Path
"""What ``mapping=`` accepts (or a sequence of these, whose sections are combined)."""


def _one(value: MappingLike) -> FrameMapping:
    if isinstance(value, FrameMapping):
        return value
    if isinstance(value, MappingFile):
        return FrameMapping(
            value.source, value.calls, value.feedback, value.values, value.description
        )
    if isinstance(value, (str, Path)):
        path = Path(value)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInputError(
                [f"cannot read it ({exc})"], source=str(path), what="mapping"
            ) from None
        found: FrameMapping = from_dict(FrameMapping, data, source=str(path))
        return found
    mapping: FrameMapping = from_dict(FrameMapping, dict(value), source="mapping=")
    return mapping


def frame_mapping(value: MappingLike | Sequence[MappingLike] | None) -> FrameMapping | None:
    """The frame mapping ``value`` describes; several are combined section by section.

    :raises InvalidInputError: a bad key (with its path), or two mappings both giving
        ``[calls]`` or both giving ``[feedback]``.
    """
    if value is None:
        return None
    if isinstance(value, (str, Path, Mapping, FrameMapping, MappingFile)):
        return _one(value)
    parts = [_one(v) for v in value]
    for section in ("calls", "feedback"):
        if sum(getattr(p, section) is not None for p in parts) > 1:
            raise InvalidInputError(
                [f"[{section}] is given by more than one of the mappings"], what="mapping"
            )
    if not parts:
        return None
    first = parts[0]
    if any(p.source != first.source for p in parts):
        raise InvalidInputError(
            ["their [source] tables differ; give one mapping with both [calls] and [feedback]"],
            what="mappings",
        )
    values = ValueMaps(
        **{
            name: {k: v for p in parts for k, v in getattr(p.values, name).items()}
            for name in attrs.fields_dict(ValueMaps)
        }
    )
    return FrameMapping(
        first.source,
        next((p.calls for p in parts if p.calls is not None), None),
        next((p.feedback for p in parts if p.feedback is not None), None),
        values,
        first.description,
    )
