"""People who use services, and the attributes that group them into segments."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from xlacore.model.validators import non_empty

__all__ = ["Person", "SEGMENT_KEYS"]

#: The segment attributes every :class:`Person` carries as fields.
SEGMENT_KEYS: tuple[str, ...] = ("department", "location", "role", "vip")


@frozen
class Person:
    """Someone who uses services. Segment attributes group people for breakdowns and weights.

    ``attributes`` holds any further segment attributes (cost centre, country, …).
    """

    id: str = field(validator=non_empty)
    name: str | None = None
    department: str | None = None
    location: str | None = None
    role: str | None = None
    vip: bool = False
    attributes: Mapping[str, str] = field(factory=dict, hash=False)

    def segment(self, key: str) -> str | None:
        """The value of a segment attribute (a field or an entry of ``attributes``) as text.

        ``vip`` gives ``"true"`` or ``"false"``; an unknown key gives ``None``.
        """
        if key == "vip":
            return "true" if self.vip else "false"
        if key in SEGMENT_KEYS:
            value: str | None = getattr(self, key)
            return value
        return self.attributes.get(key)
