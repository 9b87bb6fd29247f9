"""Test configuration: hypothesis profiles and the location of the shared ITSM data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

_REPO = Path(__file__).resolve().parent.parent


def _shared_data_dir() -> Path | None:
    explicit = os.environ.get("XLACORE_TEST_DATA")
    candidate = Path(explicit) if explicit else _REPO.parent / "shared" / "data"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real ITSM data folder (``XLACORE_TEST_DATA``, default ``../shared/data``).

    Tests using it are skipped on a clone without the data, but fail under CI (``CI`` set),
    where the data must be present.
    """
    found = _shared_data_dir()
    if found is None:
        where = os.environ.get("XLACORE_TEST_DATA") or str(_REPO.parent / "shared" / "data")
        message = f"shared ITSM data not found at {where}; set XLACORE_TEST_DATA"
        if os.environ.get("CI"):
            pytest.fail(message + " (required under CI)")
        pytest.skip(message)
    return found
