"""Which survey answers count, and the account of those that do not.

**Edited answers count once.** Survey tools let a person change their answer; exports then
hold every version, often under new ids. Answers by the same person about the same subject
(call, journey, service) on the same scale are versions of one answer: the latest
``answered_at`` counts (on a tie, the one read last) and the older ones are *superseded*.
Anonymous answers (no person) are never merged, since nothing says they are one person's.

**Answers about calls that were not read** (the call was rejected, or lies outside the export)
still count, but they carry none of the call's columns: no service, channel or lifecycle facts.
They count in objectives without a service scope and nowhere else, so the account says how
many there are instead of letting them vanish from every service silently.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.scoring.columns import ObservationColumns

__all__ = ["VERSION_KEY", "AnswerAccount", "latest_versions", "answer_account"]

VERSION_KEY: tuple[str, ...] = ("about_kind", "about", "person", "scale_low", "scale_high")
"""The columns that make answers versions of one answer (those a table has)."""


@frozen(kw_only=True)
class AnswerAccount:
    """How many answers were read, and why some count for less or not at all."""

    read: int
    """Answers in the input."""
    superseded: int
    """Older versions of an edited answer: read, not counted."""
    without_call: int
    """Counted answers about a call that was not read (no service, channel or lifecycle)."""

    @property
    def counted(self) -> int:
        """Answers that count: every one read except the superseded versions."""
        return self.read - self.superseded

    def __str__(self) -> str:
        parts = [f"{self.read} read, {self.counted} counted"]
        if self.superseded:
            parts.append(f"{self.superseded} older versions of edited answers left out")
        if self.without_call:
            parts.append(
                f"{self.without_call} about calls that were not read (no service, channel or "
                "lifecycle facts: they count only where no service is scoped)"
            )
        return "; ".join(parts)


def latest_versions(answers: ObservationColumns) -> ObservationColumns:
    """The answers that are the latest version of theirs, in input order."""
    older = _superseded_rows(answers)
    if not len(older):
        return answers
    keep = np.ones(answers.n_rows, dtype=bool)
    keep[older] = False
    return answers.take(keep)


def answer_account(read: int, counted: ObservationColumns) -> AnswerAccount:
    """The account of ``read`` answers of which ``counted`` (joined to the calls) remain."""
    return AnswerAccount(
        read=read, superseded=read - counted.n_rows, without_call=_without_call(counted)
    )


def _superseded_rows(answers: ObservationColumns) -> NDArray[np.intp]:
    names = [k for k in VERSION_KEY if k in answers]
    if answers.n_rows < 2 or "person" not in names or "answered_at" not in answers:
        return np.zeros(0, dtype=np.intp)
    named = np.ones(answers.n_rows, dtype=bool)
    for name in ("person", "about"):
        present = answers.mask(name) if name in answers else None
        if present is not None:
            named &= present
    rows = np.flatnonzero(named)
    codes = [np.unique(answers.column(k)[rows], return_inverse=True)[1] for k in names]
    order = np.lexsort((rows, answers.column("answered_at")[rows], *reversed(codes)))
    same_as_next = np.ones(len(rows) - 1 if len(rows) else 0, dtype=bool)
    for code in codes:
        ranked = code[order]
        same_as_next &= ranked[1:] == ranked[:-1]
    return np.sort(rows[order][:-1][same_as_next]) if len(rows) else rows


def _without_call(answers: ObservationColumns) -> int:
    if not answers.n_rows:
        return 0
    joined = answers.mask("call") if "call" in answers else np.zeros(answers.n_rows, dtype=bool)
    if joined is None:
        return 0
    about_call = np.ones(answers.n_rows, dtype=bool)
    if "about_kind" in answers:
        about_call = answers.column("about_kind") == "call"
    return int(np.count_nonzero(about_call & ~joined))
