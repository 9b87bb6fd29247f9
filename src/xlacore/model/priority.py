"""Priority from impact and urgency: the ITIL matrix, configurable."""

from __future__ import annotations

from typing import Any

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError

__all__ = ["PriorityMatrix", "ITIL_MATRIX"]


def _check_levels(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise InvariantError(attribute.name, "needs at least one impact row")
    width = len(value[0])
    for row_index, row in enumerate(value):
        if len(row) != width or width == 0:
            raise InvariantError(
                attribute.name,
                f"every row needs the same number ({width}) of urgency columns",
                f"[{row_index}]",
            )
        for col_index, priority in enumerate(row):
            if not isinstance(priority, int) or isinstance(priority, bool) or priority < 1:
                raise InvariantError(
                    attribute.name,
                    "a priority is a whole number from 1 (highest)",
                    f"[{row_index}][{col_index}]",
                )


@frozen
class PriorityMatrix:
    """Priority looked up from impact (rows) and urgency (columns), both counted from 1 = highest.

    ``levels[impact - 1][urgency - 1]`` is the priority, 1 being the most urgent. The default
    :data:`ITIL_MATRIX` is the common 3 × 3 table giving priorities 1 to 5.
    """

    levels: tuple[tuple[int, ...], ...] = field(validator=_check_levels)

    @property
    def impacts(self) -> int:
        """How many impact levels the matrix has."""
        return len(self.levels)

    @property
    def urgencies(self) -> int:
        """How many urgency levels the matrix has."""
        return len(self.levels[0])

    def priority(self, impact: int, urgency: int) -> int:
        """The priority for an impact and an urgency; :class:`ValueError` when out of range."""
        if not 1 <= impact <= self.impacts:
            raise ValueError(f"impact {impact} is outside 1..{self.impacts}")
        if not 1 <= urgency <= self.urgencies:
            raise ValueError(f"urgency {urgency} is outside 1..{self.urgencies}")
        return self.levels[impact - 1][urgency - 1]


#: ITIL's usual matrix: impact and urgency High/Medium/Low give priorities 1 (critical) to 5.
ITIL_MATRIX = PriorityMatrix(((1, 2, 3), (2, 3, 4), (3, 4, 5)))
