"""xlacore: eXperience Level Agreements for IT service management.

The face of the library: the names a user starts from, loaded on first use so that
``import xlacore`` stays quick. The functions here resolve strategies, connectors and
renderers in the plugin registry (:func:`default_registry`), so installed plugins work with
nothing to pass; the packages below (:mod:`xlacore.model`, :mod:`xlacore.scoring`,
:mod:`xlacore.evaluation`, ...) are importable on their own and take what they resolve
through as arguments. Data may be data frames (pandas, polars, pyarrow, DuckDB, Dask) or
model objects.

>>> import xlacore
>>> agreements = xlacore.load_agreements("agreements.toml")  # doctest: +SKIP
>>> report = xlacore.evaluate(agreements, calls, feedback)  # doctest: +SKIP
>>> print(xlacore.render_report(report, "table"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlacore.errors import XlaCoreError

if TYPE_CHECKING:
    from xlacore.connectors.protocol import Connector, IngestResult
    from xlacore.evaluation.report import Report, Status
    from xlacore.frames.mapping import MappingLike
    from xlacore.insights.experience.self_service import SelfServiceEvent
    from xlacore.insights.report import InsightsReport
    from xlacore.model.calls import Call
    from xlacore.model.documents import AgreementSet
    from xlacore.model.feedback import Feedback
    from xlacore.model.people import Person
    from xlacore.model.services import Service
    from xlacore.plugins.registry import default_registry

__all__ = [
    "__version__",
    "XlaCoreError",
    # what to do
    "load_agreements",
    "evaluate",
    "insights_report",
    "ingest",
    "render_report",
    "default_registry",
    # what it is done with
    "AgreementSet",
    "Call",
    "Feedback",
    "Person",
    "Service",
    "Report",
    "Status",
]


_LAZY = {
    "AgreementSet": "xlacore.model.documents",
    "Call": "xlacore.model.calls",
    "Feedback": "xlacore.model.feedback",
    "Person": "xlacore.model.people",
    "Service": "xlacore.model.services",
    "Report": "xlacore.evaluation.report",
    "Status": "xlacore.evaluation.report",
    "default_registry": "xlacore.plugins.registry",
}


def __getattr__(name: str) -> Any:
    """The lazily loaded names of :data:`__all__`, imported on first use.

    ``__version__`` is read from the installed metadata: ``importlib.metadata`` costs about
    25 ms to import, more than the rest of ``import xlacore``, so a program that never asks
    for the version never pays it.
    """
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("xlacore")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            value = "0.0.0+unknown"
        globals()[name] = value
        return value
    from xlacore._lazy import load

    return load(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted(__all__)


def load_agreements(*paths: str | Path) -> AgreementSet:
    """The checked agreement files (TOML, or JSON by suffix), strategies from the registry.

    See :func:`xlacore.evaluation.documents.load_documents`.

    :raises xlacore.evaluation.documents.DocumentError: every problem, located.
    """
    from xlacore.evaluation.documents import load_documents
    from xlacore.plugins.registry import default_registry

    return load_documents(*paths, strategies=default_registry().strategy)


def evaluate(
    agreements: AgreementSet | str | Path,
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    at: datetime | None = None,
) -> Report:
    """Evaluate agreements over calls and answers: data frames or model objects.

    Strategy names resolve in the plugin registry, so installed plugins' strategies work.
    See :func:`xlacore.frames.evaluate.evaluate`; frames need ``xlacore[frames]``.
    """
    from xlacore.frames.evaluate import evaluate as run
    from xlacore.plugins.registry import default_registry

    strategies = default_registry().strategy
    return run(agreements, calls, feedback, mapping=mapping, at=at, strategies=strategies)


def insights_report(
    calls: object = None,
    feedback: object = None,
    *,
    mapping: MappingLike | Sequence[MappingLike] | None = None,
    events: Iterable[SelfServiceEvent] = (),
) -> InsightsReport:
    """Every insight analysis over data frames or model objects.

    See :func:`xlacore.frames.evaluate.insights`; frames need ``xlacore[frames]``.
    """
    from xlacore.frames.evaluate import insights

    return insights(calls, feedback, mapping=mapping, events=events)


def ingest(
    connector: str | Connector, path: str | Path, options: Any = None, *, strict: bool = False
) -> IngestResult:
    """Read a whole source with a connector (a registered name, or a connector object).

    Every record is accounted for in the result's account: read = accepted + rejected. See
    :func:`xlacore.connectors.protocol.ingest`.
    """
    from xlacore.connectors.protocol import ingest as read
    from xlacore.plugins.registry import default_registry

    if isinstance(connector, str):
        connector = default_registry().connector(connector).connector
    return read(connector, path, options, strict=strict)


def render_report(report: Report, renderer: str = "table", options: Any = None) -> str | bytes:
    """The report rendered by the registered renderer called ``renderer``.

    ``table``, ``json``, ``csv`` and ``html`` are built in; ``options`` is the renderer's
    (for the built-ins a :class:`xlacore.evaluation.render_context.RenderContext`, or None),
    built by :func:`xlacore.insights.report_context.build_context`:

    >>> from xlacore.insights.report_context import build_context
    >>> registry = xlacore.default_registry()  # doctest: +SKIP
    >>> context = build_context(  # doctest: +SKIP
    ...     agreements, calls, feedback, report, strategies=registry.strategy
    ... )
    >>> page = xlacore.render_report(report, "html", context)  # doctest: +SKIP
    """
    from xlacore.plugins.registry import default_registry

    return default_registry().renderer(renderer).render(report, options)
