"""Agreement documents: OpenSLO's envelope (``apiVersion``, ``kind``, ``metadata``, ``spec``).

A file holds one document or several; documents refer to each other by ``metadata.name``
(an objective names its indicator, an agreement the agreements it relies on). An
:class:`AgreementSet` is the checked result of reading such files.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

from attrs import field, frozen

from xlacore.model.agreements import Agreement, AgreementKind
from xlacore.model.calendars import Calendar
from xlacore.model.indicators import Indicator
from xlacore.model.names import check_name
from xlacore.model.sla import SlaDefinition

__all__ = ["API_VERSION", "DocumentKind", "Metadata", "Document", "AgreementSet"]

API_VERSION = "xlacore/v1"
"""The ``apiVersion`` of the documents this version reads."""


class DocumentKind(enum.StrEnum):
    """What a document declares.

    An indicator, an agreement of one of the three kinds, a business calendar, or an SLA
    clock definition whose results indicators can score.
    """

    INDICATOR = "Indicator"
    XLA = "XLA"
    SLA = "SLA"
    OLA = "OLA"
    CALENDAR = "Calendar"
    SLA_DEFINITION = "SlaDefinition"


@frozen(kw_only=True)
class Metadata:
    """A document's name (what others refer to), with free labels and annotations."""

    name: str = field(validator=check_name)
    display_name: str | None = None
    labels: Mapping[str, str] = field(factory=dict, hash=False)
    annotations: Mapping[str, str] = field(factory=dict, hash=False)


@frozen(kw_only=True)
class Document:
    """One document: its metadata and what it declares, with where it was read.

    ``path`` is the document's key path inside its file (``$.documents[2]``).
    """

    metadata: Metadata
    body: Indicator | Agreement | Calendar | SlaDefinition
    source: str | None = None
    path: str = "$"

    @property
    def kind(self) -> DocumentKind:
        """The document kind, derived from the body."""
        if isinstance(self.body, Indicator):
            return DocumentKind.INDICATOR
        if isinstance(self.body, Calendar):
            return DocumentKind.CALENDAR
        if isinstance(self.body, SlaDefinition):
            return DocumentKind.SLA_DEFINITION
        return DocumentKind(self.body.kind.value)


def _documents(value: Iterable[Document]) -> tuple[Document, ...]:
    return tuple(value)


@frozen
class AgreementSet:
    """Indicators and agreements that refer to each other, in document order."""

    documents: tuple[Document, ...] = field(converter=_documents)

    @property
    def indicators(self) -> dict[str, Indicator]:
        """The indicators by name."""
        return {d.body.name: d.body for d in self.documents if isinstance(d.body, Indicator)}

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        """The agreements, in document order."""
        return tuple(d.body for d in self.documents if isinstance(d.body, Agreement))

    @property
    def calendars(self) -> dict[str, Calendar]:
        """The business calendars by name."""
        return {d.body.name: d.body for d in self.documents if isinstance(d.body, Calendar)}

    @property
    def sla_definitions(self) -> tuple[SlaDefinition, ...]:
        """The SLA clock definitions, in document order."""
        return tuple(d.body for d in self.documents if isinstance(d.body, SlaDefinition))

    def agreement(self, name: str) -> Agreement:
        """The agreement called ``name``."""
        for agreement in self.agreements:
            if agreement.name == name:
                return agreement
        raise KeyError(name)

    def of_kind(self, kind: AgreementKind) -> tuple[Agreement, ...]:
        """The agreements of one kind."""
        return tuple(a for a in self.agreements if a.kind is kind)
