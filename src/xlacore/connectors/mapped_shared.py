"""What the mapped connector's two readers share: its options, its header check, its words.

The objects reader (:mod:`xlacore.connectors.mapped`) and the columnar reader of event logs
(:mod:`xlacore.connectors.eventlog_columns`) reject and warn with the same texts, so their
accounts are equal word for word.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from xlacore.connectors.mapping import MappingFile, lacking_columns, load_mapping
from xlacore.errors import ConnectorError

__all__ = [
    "MappedOptions",
    "check_columns",
    "id_missing",
    "kind_problem",
    "time_missing",
    "unmapped_channel_note",
    "zone_note",
]


def id_missing(column: str) -> str:
    """The rejection of a record without its id."""
    return f"{column} (the id) is missing"


def time_missing(column: str) -> str:
    """The rejection of an event row without its time."""
    return f"{column} (the event time) is missing"


def kind_problem(column: str | None, text: str | None) -> str:
    """The rejection of a call whose kind is no call kind."""
    return f"{column}: {text!r} is no call kind; map it in [values.kind]"


def zone_note(column: str, text: str, zone: str) -> str:
    """The warning (once per column) that times without an offset are taken as ``zone``."""
    return (
        f"{column}: times without an offset (e.g. {text!r}) are taken as {zone}"
        f" ([source] timezone = {zone!r}); set timezone to the zone the source"
        " writes in (reported once per column)"
    )


def unmapped_channel_note(raw: str) -> str:
    """The warning (once per value) that a raw channel maps to no channel."""
    return f"channel {raw!r} maps to no channel; counted as unmapped (reported once per value)"


@frozen
class MappedOptions:
    """The mapping to read with: a mapping file path, or a :class:`MappingFile` object."""

    mapping: str | None = None
    mapping_object: MappingFile | None = None

    def resolve(self) -> MappingFile:
        """The mapping itself; :class:`ConnectorError` when none was given."""
        if self.mapping_object is not None:
            return self.mapping_object
        if self.mapping is None:
            raise ConnectorError(
                "the mapped connector needs a mapping file: --mapping FILE on ingest,"
                " --calls-mapping FILE or --feedback-mapping FILE with --calls or --feedback"
            )
        return load_mapping(self.mapping)


def check_columns(path: Path, header: Sequence[str], mapping: MappingFile, name: str) -> None:
    """Every column the mapping names is in the header, else one error naming each key path.

    A misspelt column is thus one error before any row is read, not a missing value per row.
    """
    problems = lacking_columns(mapping.columns(), header, f"the header of {path}")
    if problems:
        lines = "\n  ".join(problems)
        raise ConnectorError(f"{name}: the mapping names columns {path} lacks:\n  {lines}")
