"""Reports compared field by field: exact except floats, which may differ by merge order."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from xlacore.evaluation.report import Report


def _same(got: Any, want: Any, path: str) -> None:
    if isinstance(want, float) and isinstance(got, float):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-12), path
    elif isinstance(want, dict):
        assert isinstance(got, dict), path
        assert got.keys() == want.keys(), path
        for key in want:
            _same(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list | tuple):
        assert isinstance(got, list | tuple), path
        assert len(got) == len(want), path
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            _same(g, w, f"{path}[{index}]")
    else:
        assert got == want, path


def assert_same_report(got: Report, want: Report) -> None:
    """Counts, statuses, scopes and integers equal; floats to 1e-9 relative.

    The answer account describes the input read, which a plan over prepared tables or a
    cluster does not see; it is compared where a test builds both reports from answers.
    """
    _same(attrs.asdict(got, filter=_judged), attrs.asdict(want, filter=_judged), "$")


def _judged(attribute: attrs.Attribute[object], _: object) -> bool:
    return attribute.name != "answers"
