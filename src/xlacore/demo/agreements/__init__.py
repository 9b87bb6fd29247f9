"""The example agreements shipped with xlacore (package data)."""

from __future__ import annotations

from importlib.resources import files

from xlacore.evaluation.documents import parse_documents
from xlacore.model.documents import AgreementSet

__all__ = ["EXAMPLE", "example_agreements"]

EXAMPLE = "workplace.toml"
"""The workplace XLA beside its SLA, bundled for two customer segments."""


def example_agreements() -> AgreementSet:
    """The example agreements, read and checked."""
    text = files(__name__).joinpath(EXAMPLE).read_text(encoding="utf-8")
    return parse_documents(text, source=EXAMPLE)
