"""OpenSLO in: ``SLO``, ``SLI`` and ``Service`` documents become xlacore agreement documents.

The SLOs of a service become the objectives of one agreement named after it (kind and
services from the ``Service`` document's annotations, else an SLA scoped to that service).
An SLO maps when its indicator is a ratio over ``xlacore`` metric sources, its budgeting is
``Occurrences`` and its window rolling with a fixed length; a ``good`` ratio gives a ``gte``
objective on the good share, a ``bad`` ratio an ``lte`` objective on the bad share. What is
valid OpenSLO without an xlacore counterpart is listed as :class:`~xlacore.openslo.Unmapped`;
what is not valid OpenSLO is an error naming the document (``$[2]``, from 0), key path and line.
"""

from __future__ import annotations

import json
import types
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

from xlacore.errors import InvalidInputError, InvariantError
from xlacore.evaluation.documents import DocumentError, Problem, parse_documents
from xlacore.evaluation.locate import line_of
from xlacore.model.agreements import AgreementKind
from xlacore.model.conditions import Condition
from xlacore.model.documents import API_VERSION as XLACORE_API_VERSION
from xlacore.model.documents import AgreementSet
from xlacore.model.names import check_name
from xlacore.openslo.mapping import (
    API_VERSION,
    KIND_ANNOTATION,
    METRIC_SOURCE,
    OBJECTIVE_ANNOTATION,
    SERVICES_ANNOTATION,
    Unmapped,
    complement,
    from_openslo_duration,
)
from xlacore.openslo.yamlfile import load_all
from xlacore.serialization import from_dict, json_dumps, to_dict

__all__ = ["OpenSloImport", "parse_openslo", "load_openslo"]

_NOT_MAPPED_KINDS = {
    "DataSource": "xlacore reads its data through connectors, not OpenSLO data sources",
    "AlertPolicy": "xlacore reports statuses and burn rates; it does not alert",
    "AlertCondition": "xlacore reports statuses and burn rates; it does not alert",
    "AlertNotificationTarget": "xlacore reports statuses and burn rates; it does not alert",
}
_KINDS = ("SLO", "SLI", "Service", *_NOT_MAPPED_KINDS)
_BUDGETING = ("Occurrences", "Timeslices", "RatioTimeslices")
_SOURCES = ("calls", "feedback")
_NAME_FIELD = types.SimpleNamespace(name="name")
#: The keys OpenSLO v1 defines, by where they are; others are listed as unmapped.
_KEYS = {
    "document": ("apiVersion", "kind", "metadata", "spec"),
    "metadata": ("name", "displayName", "labels", "annotations"),
    "SLO": (
        "description",
        "service",
        "indicator",
        "indicatorRef",
        "timeWindow",
        "budgetingMethod",
        "objectives",
        "alertPolicies",
    ),
    "SLI": ("description", "thresholdMetric", "ratioMetric"),
    "Service": ("description",),
    "ratioMetric": ("counter", "good", "bad", "total", "rawType", "raw"),
    "timeWindow": ("duration", "isRolling", "calendar"),
    "objective": (
        "displayName",
        "op",
        "value",
        "target",
        "targetPercent",
        "timeSliceTarget",
        "timeSliceWindow",
    ),
}
_Entry = tuple[str, Mapping[str, Any], Mapping[str, Any]]
"""A document's key path, metadata and spec."""


@frozen
class OpenSloImport:
    """The xlacore documents read from OpenSLO (as plain data and checked), and what was left."""

    documents: tuple[dict[str, Any], ...]
    agreements: AgreementSet
    unmapped: tuple[Unmapped, ...]

    @property
    def json(self) -> str:
        """The documents as an xlacore agreement file: an indented JSON list and a newline."""
        text = json.dumps(list(self.documents), indent=2, ensure_ascii=False, allow_nan=False)
        return text + "\n"


class _Invalid(Exception):
    """A value that is not valid OpenSLO; collected as a problem at ``path``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class _NotMapped(Exception):
    """Valid OpenSLO without a counterpart; the SLO is listed as unmapped at ``path``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def load_openslo(path: str | Path) -> OpenSloImport:
    """The agreements of an OpenSLO YAML file (one or more documents)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [Problem("$", f"byte {exc.start}: not UTF-8 text", str(path))]
        ) from None
    return parse_openslo(text, source=str(path))


def parse_openslo(text: str, *, source: str | None = None) -> OpenSloImport:
    """The agreements of OpenSLO YAML ``text``.

    The xlacore documents are then checked like an agreement file; a problem found there is
    reported at the OpenSLO key path it came from.

    :raises DocumentError: listing every problem with its document, key path and line.
    """
    try:
        raw, lines = load_all(text)
    except ValueError as exc:
        raise DocumentError([Problem("$", str(exc), source)]) from None
    reader = _Reader()
    for index, document in enumerate(raw):
        if document is not None:
            reader.document(f"$[{index}]", document)
    documents = reader.documents() if not reader.problems else []
    if reader.problems:
        raise DocumentError([Problem(p, m, source, line_of(lines, p)) for p, m in reader.problems])
    try:
        checked = parse_documents(json_dumps(documents), source=source, fmt="json")
    except DocumentError as exc:
        raise DocumentError(
            [reader.origin(p, documents, lines, source) for p in exc.located]
        ) from None
    # Once each (a shared SLI is read for every SLO), in document order.
    unmapped = sorted(dict.fromkeys(reader.unmapped), key=lambda u: _document_number(u.path))
    return OpenSloImport(tuple(documents), checked, tuple(unmapped))


def _document_number(path: str) -> int:
    """The number of the document a key path (``$[2].spec``) is in."""
    return int(path[2 : path.index("]")])


@frozen
class _Slo:
    """A mapped SLO: its service, indicator document and objectives (plain xlacore data)."""

    service: str
    indicator: dict[str, Any]
    indicator_path: str
    side: str
    """``good`` or ``bad``: the ratio's counted side."""
    objectives: tuple[tuple[str, dict[str, Any]], ...]
    """Each objective with the OpenSLO key path it was read from."""


@define
class _Reader:
    problems: list[tuple[str, str]] = field(factory=list)
    unmapped: list[Unmapped] = field(factory=list)
    services: dict[str, _Entry] = field(factory=dict)
    slis: dict[str, _Entry] = field(factory=dict)
    slos: dict[str, _Entry] = field(factory=dict)
    origins: dict[str, str] = field(factory=dict)
    """Key path of an xlacore document (or objective) → the OpenSLO key path it came from."""

    def document(self, base: str, document: Any) -> None:
        """Check one document's envelope and file it by kind."""
        try:
            _mapping(document, base)
            if document.get("apiVersion") != API_VERSION:
                raise _Invalid(
                    f"{base}.apiVersion",
                    f"{document.get('apiVersion')!r} is not read; use {API_VERSION!r}",
                )
            kind = document.get("kind")
            if kind not in _KINDS:
                raise _Invalid(
                    f"{base}.kind", f"unknown kind {kind!r} (known: {', '.join(_KINDS)})"
                )
            metadata = _mapping(document.get("metadata"), f"{base}.metadata")
            name = _name(metadata.get("name"), f"{base}.metadata.name")
            spec = _mapping(document.get("spec"), f"{base}.spec")
        except _Invalid as exc:
            self.problems.append((exc.path, exc.message))
            return
        if kind in _NOT_MAPPED_KINDS:
            self.unmapped.append(Unmapped(base, f"{kind} {name!r}: {_NOT_MAPPED_KINDS[kind]}"))
            return
        self._extra(document, "document", base)
        self._extra(metadata, "metadata", f"{base}.metadata")
        self._extra(spec, kind, f"{base}.spec")
        table = {"Service": self.services, "SLI": self.slis, "SLO": self.slos}[kind]
        if name in table:
            self.problems.append(
                (f"{base}.metadata.name", f"{kind} {name!r} repeats {table[name][0]}")
            )
        else:
            table[name] = (base, metadata, spec)

    def _extra(self, mapping: Mapping[str, Any], where: str, path: str) -> None:
        """List the keys OpenSLO v1 does not define at ``where``: they are not read."""
        for key in mapping:
            if key not in _KEYS[where]:
                self.unmapped.append(
                    Unmapped(f"{path}.{key}", "not an OpenSLO v1 key here; not read")
                )

    def documents(self) -> list[dict[str, Any]]:
        """Indicators, then agreements, as xlacore documents (plain data)."""
        mapped: list[_Slo] = []
        for name, (base, metadata, spec) in self.slos.items():
            try:
                mapped.append(self._slo(base, name, metadata, spec))
            except _Invalid as exc:
                self.problems.append((exc.path, exc.message))
            except _NotMapped as exc:
                self.unmapped.append(Unmapped(exc.path, f"SLO {name!r} not imported: {exc.reason}"))
        used = {slo.indicator["metadata"]["name"] for slo in mapped}
        for name, (base, _, _) in self.slis.items():
            if name not in used:
                self.unmapped.append(
                    Unmapped(base, f"SLI {name!r}: no imported SLO uses it, so no indicator")
                )
        out: list[dict[str, Any]] = []
        for slo in mapped:
            name = slo.indicator["metadata"]["name"]
            first = next((d for d in out if d["metadata"]["name"] == name), None)
            if first is None:
                at, ratio = f"$[{len(out)}]", f"{slo.indicator_path}.spec.ratioMetric"
                self.origins |= {
                    at: slo.indicator_path,
                    f"{at}.spec.where": f"{ratio}.total.metricSource.spec.where",
                    f"{at}.spec.good": f"{ratio}.{slo.side}.metricSource.spec.where",
                    f"{at}.spec.attribution": f"{ratio}.total.metricSource.spec.attribution",
                }
                out.append(slo.indicator)
            elif first != slo.indicator:
                self.problems.append(
                    (
                        slo.indicator_path,
                        f"indicator {name!r} differs from the one at {self.origins_of(first, out)}",
                    )
                )
        by_service: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for slo in mapped:
            by_service.setdefault(slo.service, []).extend(slo.objectives)
        for service, (base, _, _) in self.services.items():
            if service not in by_service:
                self.unmapped.append(
                    Unmapped(
                        base, f"Service {service!r}: no SLO of it is imported, so no agreement"
                    )
                )
        for service, objectives in by_service.items():
            index = len(out)
            self.origins[f"$[{index}]"] = self.services.get(service, objectives[0])[0]
            for number, (path, _) in enumerate(objectives):
                self.origins[f"$[{index}].spec.objectives[{number}]"] = path
            try:
                out.append(self._agreement(service, [o for _, o in objectives]))
            except _Invalid as exc:
                self.problems.append((exc.path, exc.message))
        return out

    def origins_of(self, document: dict[str, Any], out: list[dict[str, Any]]) -> str:
        """The OpenSLO key path ``document`` (one of ``out``) came from."""
        return self.origins[f"$[{out.index(document)}]"]

    def origin(
        self,
        problem: Problem,
        documents: list[dict[str, Any]],
        lines: dict[str, int],
        source: str | None,
    ) -> Problem:
        """A problem of the xlacore documents, moved to the OpenSLO key path it came from."""
        prefix = max(
            (
                p
                for p in self.origins
                if problem.path == p or problem.path.startswith((f"{p}.", f"{p}["))
            ),
            key=len,
            default=None,
        )
        if prefix is None:
            return problem
        path = self.origins[prefix]
        document = documents[_document_number(prefix)]
        what = f"the xlacore {document['kind']} {document['metadata']['name']!r} it becomes"
        message = f"{problem.message} ({what}, at {problem.path})"
        return Problem(path, message, source, line_of(lines, path))

    def _agreement(self, service: str, objectives: list[dict[str, Any]]) -> dict[str, Any]:
        kind, services = "SLA", [service]
        spec: Mapping[str, Any] = {}
        metadata: dict[str, Any] = {"name": service}
        if service in self.services:
            base, raw, spec = self.services[service]
            annotations = _annotations(raw, base)
            kind = annotations.get(KIND_ANNOTATION, kind)
            if kind not in {k.value for k in AgreementKind}:
                raise _Invalid(
                    f"{base}.metadata.annotations.{KIND_ANNOTATION}",
                    f"{kind!r} is not an agreement kind (XLA, SLA or OLA)",
                )
            if SERVICES_ANNOTATION in annotations:
                listed = annotations[SERVICES_ANNOTATION]
                services = [s.strip() for s in listed.split(",") if s.strip()]
            metadata = self._metadata(raw, base, read=(KIND_ANNOTATION, SERVICES_ANNOTATION))
        body: dict[str, Any] = {"objectives": objectives}
        if services:
            body["services"] = services
        if isinstance(spec.get("description"), str):
            body["description"] = spec["description"]
        return _xlacore(kind, metadata, body)

    def _metadata(
        self, metadata: Mapping[str, Any], base: str, read: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """An xlacore document's metadata: name, display name, labels, annotations but ``read``."""
        out: dict[str, Any] = {"name": metadata["name"]}
        if "displayName" in metadata:
            display = metadata["displayName"]
            if not isinstance(display, str):
                raise _Invalid(
                    f"{base}.metadata.displayName", f"expected a string, got {display!r}"
                )
            out["display_name"] = display
        labels: dict[str, str] = {}
        path = f"{base}.metadata.labels"
        for key, value in _mapping(metadata.get("labels", {}), path).items():
            if isinstance(value, str):
                labels[str(key)] = value
            else:
                self.unmapped.append(
                    Unmapped(f"{path}.{key}", "not a single string; xlacore labels have one value")
                )
        annotations = {k: v for k, v in _annotations(metadata, base).items() if k not in read}
        if labels:
            out["labels"] = labels
        if annotations:
            out["annotations"] = annotations
        return out

    def _slo_metadata(self, metadata: Mapping[str, Any], base: str) -> None:
        """List what an SLO's metadata says beyond its name: objectives have no metadata."""
        for key in ("displayName", "labels"):
            if key in metadata:
                self.unmapped.append(
                    Unmapped(
                        f"{base}.metadata.{key}",
                        "an xlacore objective has a name only (the SLO's metadata.name, or "
                        f"its {OBJECTIVE_ANNOTATION} annotation)",
                    )
                )
        for key in _annotations(metadata, base):
            if key != OBJECTIVE_ANNOTATION:
                self.unmapped.append(
                    Unmapped(
                        f"{base}.metadata.annotations.{key}",
                        "an xlacore objective has no annotations",
                    )
                )

    def _slo(
        self, base: str, name: str, metadata: Mapping[str, Any], spec: Mapping[str, Any]
    ) -> _Slo:
        service = _name(spec.get("service"), f"{base}.spec.service")
        indicator, indicator_path = self._indicator(base, spec)
        window = self._window(base, spec)
        method = spec.get("budgetingMethod")
        if method not in _BUDGETING:
            raise _Invalid(
                f"{base}.spec.budgetingMethod", f"{method!r} is not one of {', '.join(_BUDGETING)}"
            )
        if method != "Occurrences":
            raise _NotMapped(
                f"{base}.spec.budgetingMethod",
                f"{method}: xlacore counts observations (Occurrences), not good time slices",
            )
        if "alertPolicies" in spec:
            self.unmapped.append(
                Unmapped(f"{base}.spec.alertPolicies", _NOT_MAPPED_KINDS["AlertPolicy"])
            )
        bad = indicator["spec"].pop("_bad")
        raw = spec.get("objectives")
        if not isinstance(raw, list) or not raw:
            raise _Invalid(f"{base}.spec.objectives", "expected a list of at least one objective")
        self._slo_metadata(metadata, base)
        named = _annotations(metadata, base).get(OBJECTIVE_ANNOTATION, name)
        objectives = []
        for index, item in enumerate(raw):
            path = f"{base}.spec.objectives[{index}]"
            percent = self._percent(_mapping(item, path), path)
            objective: dict[str, Any] = {
                "name": named if len(raw) == 1 else f"{named}-{index + 1}",
                "indicator": indicator["metadata"]["name"],
                "op": "lte" if bad else "gte",
                "target": complement(percent) if bad else percent,
            }
            if window is not None:
                objective["window"] = window
            if isinstance(spec.get("description"), str):
                objective["description"] = spec["description"]
            objectives.append((path, objective))
        side = "bad" if bad else "good"
        return _Slo(service, indicator, indicator_path, side, tuple(objectives))

    def _percent(self, objective: Mapping[str, Any], path: str) -> float:
        """The objective's target as a percentage of good observations."""
        self._extra(objective, "objective", path)
        if "op" in objective or "value" in objective:
            raise _NotMapped(path, "an objective with op and value belongs to a threshold SLI")
        if "displayName" in objective:
            self.unmapped.append(
                Unmapped(
                    f"{path}.displayName",
                    "an xlacore objective is named after its SLO and has no display name",
                )
            )
        for key in ("timeSliceTarget", "timeSliceWindow"):
            if key in objective:
                self.unmapped.append(Unmapped(f"{path}.{key}", "used by Timeslices budgeting only"))
        given = [k for k in ("target", "targetPercent") if k in objective]
        if len(given) != 1:
            raise _Invalid(path, "give exactly one of target (0 to 1) and targetPercent (0 to 100)")
        key = given[0]
        value = _number(objective[key], f"{path}.{key}")
        high = 1 if key == "target" else 100
        if not 0 <= value < high:
            raise _Invalid(f"{path}.{key}", f"{value!r} must be at least 0 and below {high}")
        return value if key == "targetPercent" else float(Decimal(repr(value)) * 100)

    def _window(self, base: str, spec: Mapping[str, Any]) -> int | None:
        """The rolling window in seconds; ``None`` (xlacore's default) when none is given."""
        path = f"{base}.spec.timeWindow"
        if "timeWindow" not in spec:
            return None
        windows = spec["timeWindow"]
        if not isinstance(windows, list) or len(windows) != 1:
            raise _Invalid(path, "expected a list of exactly one time window")
        window = _mapping(windows[0], f"{path}[0]")
        self._extra(window, "timeWindow", f"{path}[0]")
        duration = _string(window.get("duration"), f"{path}[0].duration")
        rolling = window.get("isRolling", "calendar" not in window)
        if not isinstance(rolling, bool):
            raise _Invalid(f"{path}[0].isRolling", f"expected true or false, got {rolling!r}")
        if "calendar" in window or not rolling:
            raise _NotMapped(f"{path}[0]", "a calendar-aligned window; xlacore windows are rolling")
        try:
            seconds = from_openslo_duration(duration)
        except ValueError as exc:
            raise _Invalid(f"{path}[0].duration", str(exc)) from None
        if seconds is None:
            raise _NotMapped(
                f"{path}[0].duration",
                f"{duration!r}: months, quarters and years vary in length, and an xlacore "
                "window has one; write it in days or weeks",
            )
        return seconds

    def _indicator(self, base: str, spec: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """The indicator as an xlacore document (``_bad`` in its spec for a bad ratio)."""
        inline, ref = "indicator" in spec, "indicatorRef" in spec
        if inline == ref:
            raise _Invalid(f"{base}.spec", "give exactly one of indicator and indicatorRef")
        if ref:
            name = _string(spec["indicatorRef"], f"{base}.spec.indicatorRef")
            if name not in self.slis:
                known = ", ".join(sorted(self.slis)) or "none"
                raise _Invalid(
                    f"{base}.spec.indicatorRef", f"no SLI named {name!r} (SLIs: {known})"
                )
            path, metadata, sli = self.slis[name]
        else:
            path = f"{base}.spec.indicator"
            indicator = _mapping(spec["indicator"], path)
            self._extra(indicator, "document", path)
            metadata = _mapping(indicator.get("metadata"), f"{path}.metadata")
            _name(metadata.get("name"), f"{path}.metadata.name")
            self._extra(metadata, "metadata", f"{path}.metadata")
            sli = _mapping(indicator.get("spec"), f"{path}.spec")
            self._extra(sli, "SLI", f"{path}.spec")
        body = self._ratio(sli, f"{path}.spec")
        return _xlacore("Indicator", self._metadata(metadata, path), body), path

    def _ratio(self, sli: Mapping[str, Any], path: str) -> dict[str, Any]:
        if ("ratioMetric" in sli) == ("thresholdMetric" in sli):
            raise _Invalid(path, "give exactly one of ratioMetric and thresholdMetric")
        if "thresholdMetric" in sli:
            raise _NotMapped(
                f"{path}.thresholdMetric",
                "a threshold SLI; xlacore imports ratios of good (or bad) observations",
            )
        path = f"{path}.ratioMetric"
        ratio = _mapping(sli["ratioMetric"], path)
        self._extra(ratio, "ratioMetric", path)
        if "raw" in ratio:
            raise _NotMapped(f"{path}.raw", "a raw ratio is computed by the metric source")
        sides = [k for k in ("good", "bad") if k in ratio]
        if len(sides) != 1 or "total" not in ratio:
            raise _Invalid(path, "give total and exactly one of good and bad (or raw)")
        side = sides[0]
        total = _source(ratio["total"], f"{path}.total")
        counted = _source(ratio[side], f"{path}.{side}")
        if counted["source"] != total["source"]:
            raise _Invalid(
                f"{path}.{side}.metricSource.spec.source",
                f"{counted['source']!r} differs from the total's {total['source']!r}",
            )
        if "where" not in counted:
            raise _Invalid(
                f"{path}.{side}.metricSource.spec.where",
                f"required: the condition that makes an observation {side}",
            )
        if "attribution" in counted:
            raise _Invalid(
                f"{path}.{side}.metricSource.spec.attribution",
                "the total's attribution places every observation; give it there only",
            )
        out: dict[str, Any] = {"source": total["source"], "strategy": "proportion"}
        if "where" in total:
            out["where"] = total["where"]
        out["good"] = counted["where"]
        if "attribution" in total:
            out["attribution"] = total["attribution"]
        if isinstance(sli.get("description"), str):
            out["description"] = sli["description"]
        out["_bad"] = side == "bad"
        return out


def _source(value: Any, path: str) -> dict[str, Any]:
    """An ``xlacore`` metric source as plain data (its condition checked)."""
    metric = _mapping(_mapping(value, path).get("metricSource"), f"{path}.metricSource")
    kind = metric.get("type")
    if kind is None and "metricSourceRef" in metric:
        raise _NotMapped(
            f"{path}.metricSource.metricSourceRef",
            "a metric source from a DataSource queries a monitoring system; xlacore scores "
            f"calls and feedback, written inline with the metric source type {METRIC_SOURCE!r}",
        )
    if kind != METRIC_SOURCE:
        raise _NotMapped(
            f"{path}.metricSource.type",
            f"metric source {kind!r} queries a monitoring system; xlacore scores calls and "
            f"feedback, so the metric source type must be {METRIC_SOURCE!r}",
        )
    spec = _mapping(metric.get("spec"), f"{path}.metricSource.spec")
    spec_path = f"{path}.metricSource.spec"
    unknown = sorted(set(spec) - {"source", "where", "attribution"})
    if unknown:
        raise _Invalid(
            f"{spec_path}.{unknown[0]}", "unknown key (allowed: source, where, attribution)"
        )
    source = spec.get("source")
    if source not in _SOURCES:
        raise _Invalid(f"{spec_path}.source", f"{source!r} is not one of {', '.join(_SOURCES)}")
    out: dict[str, Any] = {"source": source}
    if "where" in spec:
        try:
            out["where"] = to_dict(from_dict(Condition, spec["where"]))
        except InvalidInputError as exc:
            path, _, message = exc.problems[0].partition(": ")
            raise _Invalid(f"{spec_path}.where{path[1:]}", message) from None
    if "attribution" in spec:
        out["attribution"] = _string(spec["attribution"], f"{spec_path}.attribution")
    return out


def _xlacore(kind: str, metadata: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": XLACORE_API_VERSION, "kind": kind, "metadata": metadata, "spec": spec}


def _annotations(metadata: Mapping[str, Any], base: str) -> dict[str, str]:
    """A document's annotations (OpenSLO: string keys and values)."""
    raw = _mapping(metadata.get("annotations", {}), f"{base}.metadata.annotations")
    for key, value in raw.items():
        if not isinstance(value, str):
            raise _Invalid(f"{base}.metadata.annotations.{key}", "expected a string")
    return {str(k): v for k, v in raw.items()}


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        what = "nothing" if value is None else type(value).__name__
        raise _Invalid(path, f"expected a mapping (keys and values), got {what}")
    return value


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise _Invalid(path, f"expected a non-empty string, got {value!r}")
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(path, f"expected a number, got {type(value).__name__}")
    return float(value)


def _name(value: Any, path: str) -> str:
    try:
        check_name(None, _NAME_FIELD, value)
    except InvariantError as exc:
        raise _Invalid(path, exc.message) from None
    return str(value)
