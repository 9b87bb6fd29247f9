"""First-contact resolution as columns says what ``Call.first_contact_resolution`` says.

The model keeps the rule for one call; the paths that derive calls as columns (mapped frames,
native event-log columns) share its array form in :mod:`xlacore.connectors.mapping`. This law
keeps the two from drifting apart.
"""

from __future__ import annotations

import attrs
import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from xlacore.connectors.mapping import first_contact_resolution, unrecorded
from xlacore.model import Call
from xlacore.testing import strategies as xst


def _counts(values: list[int | None]) -> NDArray[np.int64]:
    return np.array([0 if v is None else v for v in values], dtype=np.int64)


def _unknown(values: list[int | None]) -> NDArray[np.bool_]:
    return np.array([v is None for v in values], dtype=bool)


def _as_columns(calls: list[Call], *, escalations_recorded: bool) -> list[bool | None]:
    """The calls' first-contact resolution by the array form, ``None`` where no data."""
    moves = [c.reassignment_count for c in calls]
    reopens = [c.reopen_count for c in calls]
    escalations = [c.escalation_count for c in calls]
    flags = [c.recorded_first_contact for c in calls]
    missing = np.array([f is None for f in flags], dtype=bool)
    found = first_contact_resolution(
        np.array([c.is_resolved for c in calls], dtype=bool),
        _counts(moves),
        _counts(reopens),
        _counts(escalations),
        escalations_recorded=escalations_recorded,
        own=None if missing.all() else np.ma.masked_array([bool(f) for f in flags], mask=missing),
    )
    unknown = unrecorded(_unknown(moves), _unknown(reopens), _unknown(escalations))
    no_data = unknown["first_contact_resolution"] & missing
    return [None if u else bool(f) for f, u in zip(found, no_data, strict=True)]


@given(st.lists(xst.calls(), max_size=12), st.booleans())
def test_the_array_form_agrees_with_the_calls_own_rule(calls: list[Call], flagless: bool) -> None:
    if flagless:  # also the form without the source's own flag
        calls = [attrs.evolve(c, recorded_first_contact=None) for c in calls]
    for recorded in (False, True):
        some = [c for c in calls if c.escalations_recorded is recorded]
        expected = [c.first_contact_resolution for c in some]
        assert _as_columns(some, escalations_recorded=recorded) == expected
