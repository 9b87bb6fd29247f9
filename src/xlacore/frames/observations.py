"""Call and answer frames → the observation tables evaluation and the insights read.

A frame is either *mapped* (a ``[calls]`` or ``[feedback]`` mapping says which column is
which, :mod:`xlacore.frames.mapped`) or already in observation form: the columns of
:data:`~xlacore.scoring.observations.CALL_COLUMNS` and
:data:`~xlacore.scoring.observations.FEEDBACK_COLUMNS` by name, plus any attribute or
``sla.<name>.*`` columns. Fixed columns a frame lacks are missing in every row (so one can
score answers with just ``value``, ``scale_low``, ``scale_high``, ``answered_at`` and
``service``). Answers are joined to their call by id, as
:func:`~xlacore.scoring.observations.feedback_observations` joins objects: the answer's own
columns win, the others come from the call it is about, and an answer about a service gets
that service. Missing services, channels and kinds become ``"unknown"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from xlacore.connectors.mapping import (
    CallColumns,
    FeedbackColumns,
    lacking_columns,
    named_columns,
)
from xlacore.errors import InvalidInputError
from xlacore.evaluation.answers import VERSION_KEY
from xlacore.evaluation.observations import UNKNOWN, Observations
from xlacore.frames.columns import collect, frame_names, numpy_column, open_frame
from xlacore.frames.mapped import (
    mapped_calls,
    mapped_feedback,
    mapped_names,
    observation_times,
)
from xlacore.frames.mapping import FrameMapping
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    BOOLEAN_COLUMNS,
    CALL_COLUMNS,
    FEEDBACK_COLUMNS,
    GROUP_KEYS,
    INTEGER_COLUMNS,
    call_observations,
    feedback_observations,
)

__all__ = ["call_table_observations", "frame_observations", "frame_table", "is_objects"]

_CALLS_ROLE = "calls frame"
_FEEDBACK_ROLE = "feedback frame"


def is_objects(data: object, kind: type) -> bool:
    """Whether ``data`` is a sequence of model objects of ``kind`` (empty counts)."""
    if not isinstance(data, (list, tuple)):
        return False
    return all(isinstance(item, kind) for item in data)


def _typed_missing(name: str, n: int) -> Any:
    dtype: Any = bool if name in BOOLEAN_COLUMNS else np.int64 if name in INTEGER_COLUMNS else str
    return np.ma.masked_array(np.zeros(n, dtype=dtype), mask=np.ones(n, dtype=bool))


def _complete(
    table: ObservationColumns, fixed: Sequence[str], needed: frozenset[str] | None
) -> ObservationColumns:
    """Absent fixed columns (those ``needed``, or all) added as missing; group keys filled."""
    added = {
        name: _typed_missing(name, table.n_rows)
        for name in fixed
        if name not in table and (needed is None or name in needed)
    }
    table = table.with_columns(**added) if added else table
    filled = {}
    for key in GROUP_KEYS:
        present = table.mask(key) if key in table else None
        if present is not None:
            filled[key] = np.where(present, table.column(key), UNKNOWN)
    return table.with_columns(**filled) if filled else table


def call_table_observations(calls: ObservationColumns) -> Observations:
    """The observations of a call table as :func:`call_observations` makes it, without answers.

    What :meth:`Observations.of` makes of the same calls and no answers: the group keys
    filled, and an answer table without rows that has every column of the calls.
    """
    table = _complete(calls, CALL_COLUMNS, None)
    fixed = {*CALL_COLUMNS, *FEEDBACK_COLUMNS}
    extra: dict[str, Any] = {name: [] for name in calls.names if name not in fixed}
    answers = feedback_observations(())
    return Observations.counted(table, answers.with_columns(**extra) if extra else answers)


def _require(section: CallColumns | FeedbackColumns, have: Sequence[str], role: str) -> None:
    """Every column the section reads is in the frame, else one error naming each key path."""
    read = set(mapped_names(section))
    path = "calls" if role == _CALLS_ROLE else "feedback"
    named = ((key, c) for key, c in named_columns(section, path) if c in read)
    lacking = lacking_columns(named, have, f"the {role}")
    if lacking:
        raise InvalidInputError([*lacking, "fix the mapping or rename the column"], what=role)


_KEYS = frozenset({"call", "about", "about_kind"})
"""The columns that join answers to calls, always read."""


def frame_table(
    native: object,
    mapping: FrameMapping | None,
    role: str,
    needed: frozenset[str] | None = None,
) -> ObservationColumns:
    """The observation columns of one frame (``role``: the calls or the feedback frame).

    A frame without a mapping is read for the columns in ``needed`` (None: all) and the
    join keys only, so a lazy frame computes no more.
    """
    frame = open_frame(native, role)
    have = frame_names(frame)
    section = None
    if mapping is not None:
        section = mapping.calls if role == _CALLS_ROLE else mapping.feedback
    if section is None:
        if needed is not None:
            have = tuple(n for n in have if n in needed or n in _KEYS)
        eager = collect(frame, have)
        timezone = "UTC" if mapping is None else mapping.source.timezone
        columns = observation_times(eager, have, timezone, role)
        for name in (n for n in have if n not in columns):
            data, present = numpy_column(eager[name], timezone=timezone)
            columns[name] = data if present is None else np.ma.masked_array(data, mask=~present)
        return ObservationColumns.from_arrays(**columns)
    assert mapping is not None  # a section comes from a mapping
    _require(section, have, role)
    eager = collect(frame, mapped_names(section))
    if role == _CALLS_ROLE:
        return mapped_calls(eager, section, mapping.source, mapping.values, role)  # type: ignore[arg-type]
    return mapped_feedback(eager, section, mapping.source, mapping.values, role)  # type: ignore[arg-type]


def _lookup(ids: NDArray[Any], wanted: NDArray[Any]) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """For each wanted id its row in ``ids`` (unique) and whether it was found."""
    if not len(ids):
        return np.zeros(len(wanted), dtype=np.intp), np.zeros(len(wanted), dtype=bool)
    order = np.argsort(ids, kind="stable")
    at = np.minimum(np.searchsorted(ids[order], wanted), len(ids) - 1)
    return order[at], ids[order][at] == wanted


def _joined(
    answers: ObservationColumns, calls: ObservationColumns, needed: frozenset[str] | None
) -> ObservationColumns:
    """Answers with the columns of the call they are about (their own columns win).

    Only the call columns in ``needed`` (None: all) are joined.
    """
    n = answers.n_rows
    if "about_kind" not in answers and "about" in answers:
        answers = answers.with_columns(about_kind=np.full(n, "call"))
    if "about" not in answers or "call" not in calls:
        return answers
    about = np.asarray(answers.column("about")).astype(str)
    kind = np.asarray(answers.column("about_kind")).astype(str)
    known = answers.mask("about")
    about_call = kind == "call" if known is None else (kind == "call") & known
    rows, found = _lookup(np.asarray(calls.column("call")).astype(str), about)
    found &= about_call
    added: dict[str, Any] = {}
    for name in calls.names:
        if name in answers or (needed is not None and name not in needed and name != "service"):
            continue
        data, present = calls.column(name)[rows], calls.mask(name)
        has = found if present is None else found & present[rows]
        added[name] = np.ma.masked_array(data, mask=~has)
    if "service" not in answers:
        services = added.get("service")
        about_service = (kind == "service") if known is None else (kind == "service") & known
        has = about_service
        data = about
        if services is not None:
            has = has | ~np.ma.getmaskarray(services)
            data = np.where(about_service, about, np.asarray(services.data).astype(str))
        added["service"] = np.ma.masked_array(data, mask=~has)
    return answers.with_columns(**added)


def _answers(needed: frozenset[str] | None) -> frozenset[str] | None:
    """What answer columns are needed: besides ``needed``, what accounts for them."""
    return None if needed is None else needed | {"answered_at", "call", *VERSION_KEY}


def frame_observations(
    calls: object,
    feedback: object,
    mapping: FrameMapping | None,
    needed: frozenset[str] | None = None,
    *,
    every_version: bool = False,
) -> Observations:
    """Both observation tables of frames (or model objects) for an evaluation.

    Edited answers count once (:meth:`Observations.counted`) unless ``every_version``.

    ``calls`` and ``feedback`` are frames, sequences of model objects, or None (no rows).
    Fixed columns a frame lacks are added as missing when ``needed`` names them (None: all).
    """
    if calls is None:
        call_table = ObservationColumns.from_arrays()
    elif is_objects(calls, Call):
        call_table = call_observations(calls, unknown=UNKNOWN)  # type: ignore[arg-type]
    else:
        wanted = None if needed is None else needed | {"updated_at"}
        call_table = _complete(
            frame_table(calls, mapping, _CALLS_ROLE, wanted), CALL_COLUMNS, wanted
        )
    if feedback is None:
        answers = ObservationColumns.from_arrays()
    elif is_objects(feedback, Feedback):
        own = feedback_observations(feedback, unknown=UNKNOWN)  # type: ignore[arg-type]
        answers = ObservationColumns(
            {n: own.data[n] for n in FEEDBACK_COLUMNS},
            {n: m for n, m in own.present.items() if n in FEEDBACK_COLUMNS},
            own.n_rows,
        )
    else:
        answers = frame_table(feedback, mapping, _FEEDBACK_ROLE, _answers(needed))
    if answers.n_rows or answers.names:
        answers = _joined(answers, call_table, _answers(needed)) if call_table.n_rows else answers
        answers = _complete(answers, (*CALL_COLUMNS, *FEEDBACK_COLUMNS), _answers(needed))
    if every_version:
        return Observations.from_tables(call_table, answers)
    return Observations.counted(call_table, answers)
