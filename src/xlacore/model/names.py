"""Names that documents refer to each other by: RFC 1123 labels, as OpenSLO requires."""

from __future__ import annotations

import re
from typing import Any

from xlacore.errors import InvariantError

__all__ = ["check_name"]

_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def check_name(_: Any, attribute: Any, value: Any) -> None:
    """Require lower-case letters, digits and inner hyphens, at most 63 characters."""
    if not isinstance(value, str):
        raise InvariantError(attribute.name, f"expected a string, got {type(value).__name__}")
    if not _NAME.fullmatch(value):
        raise InvariantError(
            attribute.name,
            f"{value!r} is not a valid name: use 1-63 lower-case letters, digits and inner '-'",
        )
