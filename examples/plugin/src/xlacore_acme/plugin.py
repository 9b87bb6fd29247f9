"""The module the ``xlacore`` entry point names: it only registers what lives beside it."""

from __future__ import annotations

from collections.abc import Iterator

from xlacore.plugins import ConnectorDescriptor, ScoringStrategyDescriptor, hookimpl
from xlacore_acme.connector import AcmeDeskConnector
from xlacore_acme.strategy import TopBoxStrategy


@hookimpl
def xlacore_scoring_strategies() -> Iterator[ScoringStrategyDescriptor]:
    yield ScoringStrategyDescriptor(
        name="acme-top-box",
        strategy=TopBoxStrategy(),
        description="share of answers at or above a threshold, with the Wilson interval",
    )


@hookimpl
def xlacore_connectors() -> Iterator[ConnectorDescriptor]:
    yield ConnectorDescriptor(
        name="acme-desk",
        connector=AcmeDeskConnector(),
        description="Acme Desk survey export (CSV: id,ticket,score,answered_at)",
    )
