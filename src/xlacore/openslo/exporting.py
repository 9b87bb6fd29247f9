"""Objectives out: agreements as OpenSLO ``Service`` documents, objectives as ratio ``SLO`` s.

An objective maps when its indicator is a share of good observations (a ``proportion``, or a
top-box ``csat``), its comparison is ``gte`` (good share at least the target) or ``lte``
(bad share at most the target: OpenSLO's ``bad`` ratio, target ``100 - target``), and its
window is whole minutes. Everything else is listed as :class:`~xlacore.openslo.Unmapped`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from attrs import frozen

from xlacore.errors import UnknownNameError
from xlacore.model.agreements import Agreement, Composition
from xlacore.model.conditions import AllOf, Compare, Condition, Op
from xlacore.model.documents import AgreementSet, Metadata
from xlacore.model.indicators import Indicator
from xlacore.model.objectives import Comparison, Objective
from xlacore.openslo.mapping import (
    API_VERSION,
    KIND_ANNOTATION,
    METRIC_SOURCE,
    OBJECTIVE_ANNOTATION,
    SERVICES_ANNOTATION,
    Unmapped,
    complement,
    to_openslo_duration,
)
from xlacore.openslo.yamlfile import dump_all
from xlacore.serialization import to_dict

__all__ = ["OpenSloExport", "export_openslo"]

#: Parameters every built-in strategy takes, which OpenSLO has no place for.
_EVIDENCE = {
    "min_n": "a minimum number of observations per group (below it: insufficient data)",
    "anonymity": "suppression of small groups",
    "confidence": "a confidence level of the interval",
}
#: Objective fields without an OpenSLO counterpart, with their default.
_OBJECTIVE_ONLY = {
    "at_risk_margin": ("at-risk margin (an SLO is met or not)", 0.0),
    "min_n": ("minimum n below which the status is insufficient data", 5),
    "burn_short": ("short burn-rate window (OpenSLO puts burn rates in alert policies)", None),
    "burn_long": ("long burn-rate window (OpenSLO puts burn rates in alert policies)", None),
    "best": ("best possible value that sizes the error budget", None),
    "revisions": ("target revisions with their effective dates", ()),
}


@frozen
class OpenSloExport:
    """The OpenSLO documents of some agreements, and what could not be written as OpenSLO."""

    documents: tuple[dict[str, Any], ...]
    unmapped: tuple[Unmapped, ...]

    @property
    def yaml(self) -> str:
        """The documents as one YAML stream."""
        return dump_all(list(self.documents))


@frozen
class _Ratio:
    """An indicator as good (or, compared from above, bad) observations among a total."""

    total: Condition | None
    good: Condition


def export_openslo(agreements: AgreementSet, names: Sequence[str] = ()) -> OpenSloExport:
    """The agreements called ``names`` (all when empty) as OpenSLO v1 documents.

    Each agreement becomes a ``Service`` and each objective that maps an ``SLO`` of it;
    business calendars and SLA clock definitions are listed as unmapped.

    :raises UnknownNameError: for a name that is not an agreement of the set.
    """
    known = [a.name for a in agreements.agreements]
    for name in names:
        if name not in known:
            raise UnknownNameError("agreement", name, known)
    metadata = {(type(d.body), d.body.name): d.metadata for d in agreements.documents}
    documents: list[dict[str, Any]] = []
    unmapped: list[Unmapped] = []
    slos: dict[str, str] = {}  # SLO name -> the objective it was written for
    for agreement in agreements.agreements:
        if names and agreement.name not in names:
            continue
        unlisted = [s for s in agreement.services if "," in s or s != s.strip() or not s]
        if unlisted:
            reason = (
                f"not exported: service {unlisted[0]!r} cannot be listed in the comma-separated "
                f"{SERVICES_ANNOTATION} annotation, and without it the scope would be wider"
            )
            unmapped.append(Unmapped(f"{agreement.name}.services", reason))
            continue
        documents.append(_service(agreement, metadata[Agreement, agreement.name]))
        unmapped += _agreement_only(agreement)
        for objective in agreement.objectives:
            where = f"{agreement.name}.{objective.name}"
            indicator = agreements.indicators[objective.indicator]
            slo, found = _slo(
                agreement, objective, indicator, metadata[Indicator, indicator.name], where
            )
            if slo is not None and slo["metadata"]["name"] in slos:
                taken = slos[slo["metadata"]["name"]]
                slo, found = (
                    None,
                    [Unmapped(where, f"not exported: its SLO name is that of {taken}'s SLO")],
                )
            unmapped += found
            if slo is not None:
                slos[slo["metadata"]["name"]] = where
                documents.append(slo)
    for calendar in agreements.calendars:
        unmapped.append(Unmapped(calendar, "OpenSLO v1 has no business calendars"))
    for definition in agreements.sla_definitions:
        unmapped.append(
            Unmapped(
                definition.name,
                "OpenSLO v1 has no SLA clocks; an imported indicator over its columns "
                "needs this definition beside it",
            )
        )
    return OpenSloExport(tuple(documents), tuple(unmapped))


def _metadata(metadata: Metadata, annotations: Mapping[str, str] | None = None) -> dict[str, Any]:
    """OpenSLO metadata: a document's name, display name, labels and annotations."""
    out: dict[str, Any] = {"name": metadata.name}
    if metadata.display_name is not None:
        out["displayName"] = metadata.display_name
    if metadata.labels:
        out["labels"] = dict(metadata.labels)
    merged = {**metadata.annotations, **(annotations or {})}
    if merged:
        out["annotations"] = merged
    return out


def _service(agreement: Agreement, metadata: Metadata) -> dict[str, Any]:
    annotations = {
        KIND_ANNOTATION: agreement.kind.value,
        SERVICES_ANNOTATION: ",".join(agreement.services),
    }
    spec = {"description": agreement.description} if agreement.description else {}
    return {
        "apiVersion": API_VERSION,
        "kind": "Service",
        "metadata": _metadata(metadata, annotations),
        "spec": spec,
    }


def _agreement_only(agreement: Agreement) -> Iterator[Unmapped]:
    """The parts of an agreement OpenSLO v1 has no place for, when they are set."""
    parts = {
        "segments": ("customer segments", agreement.segments),
        "composition": (
            "composition rule or weights of a bundle",
            agreement.composition != Composition(),
        ),
        "exclusions": ("excluded periods", agreement.exclusions),
        "relies_on": ("agreements it relies on", agreement.relies_on),
        "effective_from": ("date it takes effect", agreement.effective_from),
        "effective_until": ("date it ends", agreement.effective_until),
    }
    for key, (what, value) in parts.items():
        if value:
            yield Unmapped(f"{agreement.name}.{key}", f"an OpenSLO v1 Service has no {what}")


def _slo(
    agreement: Agreement,
    objective: Objective,
    indicator: Indicator,
    metadata: Metadata,
    where: str,
) -> tuple[dict[str, Any] | None, list[Unmapped]]:
    """The SLO of one objective, or ``None``; with what was left out either way."""
    ratio = _ratio(indicator)
    if isinstance(ratio, str):  # its target and window would not matter
        return None, [Unmapped(where, f"not exported: {ratio}")]
    reasons = []
    percent = _target_percent(objective)
    if isinstance(percent, str):
        reasons.append(percent)
    duration = to_openslo_duration(objective.window)
    if duration is None:
        reasons.append(f"the window ({objective.window} s) is not whole minutes")
    name = f"{agreement.name}-{objective.name}"
    if len(name) > 63:
        reasons.append(f"the SLO name {name!r} would be longer than 63 characters")
    if reasons or isinstance(percent, str) or duration is None:
        return None, [Unmapped(where, "not exported: " + "; ".join(reasons))]
    left = list(_objective_only(objective, where)) + list(_indicator_only(indicator, where))
    spec: dict[str, Any] = {}
    if objective.description:
        spec["description"] = objective.description
    spec |= {
        "service": agreement.name,
        "indicator": _sli(indicator, metadata, ratio, objective.op),
        "timeWindow": [{"duration": duration, "isRolling": True}],
        "budgetingMethod": "Occurrences",
        "objectives": [{"targetPercent": percent}],
    }
    slo = {
        "apiVersion": API_VERSION,
        "kind": "SLO",
        "metadata": {"name": name, "annotations": {OBJECTIVE_ANNOTATION: objective.name}},
        "spec": spec,
    }
    return slo, left


def _target_percent(objective: Objective) -> float | str:
    """OpenSLO's ``targetPercent`` in [0, 100) for the good share, or why there is none."""
    target = objective.target
    if objective.op is Comparison.GTE:
        if not 0 <= target < 100:
            return f"target {target:g} of a good share must lie in [0, 100) for OpenSLO"
        return float(target)
    if objective.op is Comparison.LTE:
        if not 0 < target <= 100:
            return f"target {target:g} of a bad share must lie in (0, 100] for OpenSLO"
        percent = complement(target)
        if percent >= 100 or complement(percent) != target:
            return f"target {target!r} of a bad share has no exact good share 100 - {target!r}"
        return percent
    return (
        f"{objective.op.value!r}: an OpenSLO ratio objective means 'at least the target' "
        "(gte, or lte through a bad ratio); a strict comparison has no counterpart"
    )


def _ratio(indicator: Indicator) -> _Ratio | str:
    """The indicator as a ratio of conditions, or why it is not one."""
    params: Mapping[str, Any] = indicator.params
    if params.get("weight_column") is not None:
        return "a weighted share has no counterpart: OpenSLO counts events"
    if indicator.strategy == "proportion":
        if indicator.good is not None:
            if params.get("column", "outcome") != "outcome":
                return "a proportion with both 'good' and a column is ambiguous"
            return _Ratio(indicator.where, indicator.good)
        column = str(params.get("column", "outcome"))
        return _Ratio(_present(indicator.where, column), Compare(column, Op.EQ, True))
    if indicator.strategy == "csat":
        if params.get("measure", "top_box") != "top_box":
            return "a mean CSAT is a mean of answers, not a share of good ones"
        column = str(params.get("column", "value"))
        top = int(params.get("top_box_from", 4))
        return _Ratio(_present(indicator.where, column), Compare(column, Op.GE, top))
    return _NOT_RATIOS.get(
        indicator.strategy,
        f"strategy {indicator.strategy!r} is not a built-in share of good observations",
    )


_NOT_RATIOS = {
    "happiness": "happiness (the NPS formula) is a difference of two shares, not one ratio",
    "ces": "CES is a mean or a share on an effort scale that xlacore scores as a whole",
    "mean": "a mean of values is not a share of good events",
    "median": "a median is not a share of good events (OpenSLO threshold SLIs are not written)",
    "percentile": "a percentile is not a share of good events "
    "(OpenSLO threshold SLIs are not written)",
    "composite": "a composite combines other indicators; OpenSLO v1 SLOs have one indicator",
}


def _present(where: Condition | None, column: str) -> Condition:
    """``where`` and "``column`` has a value" (the strategies leave missing values out)."""
    present = Compare(column, Op.EXISTS, True)
    return present if where is None else AllOf((where, present))


def _sli(indicator: Indicator, metadata: Metadata, ratio: _Ratio, op: Comparison) -> dict[str, Any]:
    total: dict[str, Any] = {"source": indicator.source.value}
    if ratio.total is not None:
        total["where"] = to_dict(ratio.total)
    if (
        indicator.attribution
        != Indicator(
            name=indicator.name, source=indicator.source, strategy=indicator.strategy
        ).attribution
    ):
        total["attribution"] = indicator.attribution
    counted = {"source": indicator.source.value, "where": to_dict(ratio.good)}
    side = "good" if op is Comparison.GTE else "bad"
    spec: dict[str, Any] = {"description": indicator.description} if indicator.description else {}
    spec["ratioMetric"] = {
        "counter": False,
        side: {"metricSource": {"type": METRIC_SOURCE, "spec": counted}},
        "total": {"metricSource": {"type": METRIC_SOURCE, "spec": total}},
    }
    return {"metadata": _metadata(metadata), "spec": spec}


def _objective_only(objective: Objective, where: str) -> Iterator[Unmapped]:
    defaults = Objective(name="x", indicator="x", op=Comparison.GTE, target=0)
    for key, (what, default) in _OBJECTIVE_ONLY.items():
        value = getattr(objective, key)
        if value != (getattr(defaults, key) if default is None else default):
            yield Unmapped(f"{where}.{key}", f"an OpenSLO v1 objective has no {what}")


def _indicator_only(indicator: Indicator, where: str) -> Iterator[Unmapped]:
    for key, what in _EVIDENCE.items():
        if key in indicator.params:
            yield Unmapped(f"{where}.indicator.params.{key}", f"an OpenSLO v1 SLI has no {what}")
    if indicator.strategy == "csat":
        yield Unmapped(
            f"{where}.indicator.params",
            "the answer scale is not written: imported back, answers off the scale are counted "
            "instead of refused",
        )
