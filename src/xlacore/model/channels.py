"""Channels: how a call reached the service desk, and how raw ITSM values map onto them.

ITSM tools record channels in their own words ("Self service", "Walk-in", "IVR"). Scores
are only comparable across tools when those words are normalised onto one canonical set;
values that map nowhere are *unmapped* and counted, never silently dropped or guessed.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from attrs import field, frozen

from xlacore.errors import InvariantError

__all__ = ["Channel", "ChannelMap", "ChannelTally", "normalise_channel_key"]


class Channel(enum.StrEnum):
    """The canonical channels."""

    PHONE = "phone"
    EMAIL = "email"
    PORTAL = "portal"
    CHAT = "chat"
    VIRTUAL_AGENT = "virtual_agent"
    WALK_IN = "walk_in"
    SOCIAL = "social"
    MONITORING = "monitoring"


_SEPARATORS = re.compile(r"[\s_\-./]+")


def normalise_channel_key(raw: str) -> str:
    """The lookup form of a raw channel value: case-folded, separators collapsed to one space."""
    return _SEPARATORS.sub(" ", raw.casefold()).strip()


#: Raw values seen in ServiceNow (``contact_type``), Jira Service Management (request
#: channel) and HappySignals' channel benchmark, mapped onto the canonical set.
_DEFAULT_ALIASES: dict[str, Channel] = {
    **{c.value: c for c in Channel},
    "phone": Channel.PHONE,
    "telephone": Channel.PHONE,
    "call": Channel.PHONE,
    "ivr": Channel.PHONE,
    "voice": Channel.PHONE,
    "email": Channel.EMAIL,
    "e mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "portal": Channel.PORTAL,
    "self service": Channel.PORTAL,
    "selfservice": Channel.PORTAL,
    "web": Channel.PORTAL,
    "service portal": Channel.PORTAL,
    "customer portal": Channel.PORTAL,
    "chat": Channel.CHAT,
    "live chat": Channel.CHAT,
    "virtual agent": Channel.VIRTUAL_AGENT,
    "va": Channel.VIRTUAL_AGENT,
    "chatbot": Channel.VIRTUAL_AGENT,
    "bot": Channel.VIRTUAL_AGENT,
    "walk in": Channel.WALK_IN,
    "walkin": Channel.WALK_IN,
    "walk up": Channel.WALK_IN,
    "social": Channel.SOCIAL,
    "social media": Channel.SOCIAL,
    "monitoring": Channel.MONITORING,
    "event": Channel.MONITORING,
    "alert": Channel.MONITORING,
    "auto": Channel.MONITORING,
}


def _normalise_aliases(aliases: Mapping[str, Channel | str]) -> dict[str, Channel]:
    normalised: dict[str, Channel] = {}
    for raw, channel in aliases.items():
        key = normalise_channel_key(raw)
        if not key:
            raise InvariantError("aliases", "an alias must not be blank", f"[{raw!r}]")
        try:
            normalised[key] = Channel(channel)
        except ValueError:
            known = ", ".join(c.value for c in Channel)
            raise InvariantError(
                "aliases", f"unknown channel {channel!r}; use one of {known}", f"[{raw!r}]"
            ) from None
    return normalised


@frozen
class ChannelTally:
    """How many raw values mapped onto each channel, and which stayed unmapped."""

    mapped: Mapping[Channel, int] = field(hash=False)
    unmapped: Mapping[str, int] = field(hash=False)
    missing: int = 0

    @property
    def total(self) -> int:
        """All values counted, including missing ones."""
        return sum(self.mapped.values()) + sum(self.unmapped.values()) + self.missing

    @property
    def unmapped_share(self) -> float:
        """The share of present values that mapped to no channel (0 when nothing was counted)."""
        present = self.total - self.missing
        return sum(self.unmapped.values()) / present if present else 0.0


@frozen
class ChannelMap:
    """A normalisation table from raw ITSM channel values onto :class:`Channel`.

    Keys are compared case-insensitively with separators collapsed, so ``"Walk-in"``,
    ``"walk_in"`` and ``"WALK IN"`` are one key. :meth:`default` knows the common
    ServiceNow, Jira Service Management and HappySignals values; :meth:`extended` adds an
    organisation's own (``{"Teams": "chat"}``).
    """

    aliases: Mapping[str, Channel] = field(converter=_normalise_aliases, hash=False)

    @classmethod
    def default(cls) -> ChannelMap:
        """The built-in table."""
        return cls(_DEFAULT_ALIASES)

    def extended(self, aliases: Mapping[str, Channel | str]) -> ChannelMap:
        """A copy with more aliases; later ones win."""
        return ChannelMap({**self.aliases, **aliases})

    def normalise(self, raw: str | None) -> Channel | None:
        """The canonical channel for a raw value, or ``None`` when it is unmapped or missing."""
        if raw is None:
            return None
        return self.aliases.get(normalise_channel_key(raw))

    def tally(self, raw_values: Iterable[str | None]) -> ChannelTally:
        """Count raw values by canonical channel; unmapped values are kept by their raw text."""
        mapped: Counter[Channel] = Counter()
        unmapped: Counter[str] = Counter()
        missing = 0
        for raw in raw_values:
            if raw is None or not raw.strip():
                missing += 1
                continue
            channel = self.normalise(raw)
            if channel is None:
                unmapped[raw] += 1
            else:
                mapped[channel] += 1
        return ChannelTally(mapped=dict(mapped), unmapped=dict(unmapped), missing=missing)
