"""Agreements → OpenSLO → agreements gives back every objective that maps, and says which do not."""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlacore.model.agreements import Agreement, AgreementKind
from xlacore.model.documents import AgreementSet, Document, Metadata
from xlacore.model.indicators import Indicator, Source
from xlacore.model.objectives import Comparison, Objective
from xlacore.openslo import export_openslo, parse_openslo
from xlacore.openslo.mapping import complement
from xlacore.scoring.observations import CALL_COLUMNS, FEEDBACK_COLUMNS
from xlacore.testing.strategies import conditions, identifiers

NAMES = st.from_regex(r"[a-z](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
TEXTS = st.none() | st.text(min_size=1, max_size=20)
LABELS = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9.-]{0,10}", fullmatch=True), st.text(max_size=10), max_size=2
)
ANNOTATIONS = st.dictionaries(
    st.from_regex(r"example\.com/[a-z]{1,8}", fullmatch=True), st.text(max_size=10), max_size=2
)
# Whole minutes to whole weeks, and seconds that are not whole minutes (left out on export).
WINDOWS = st.integers(1, 10_000).map(lambda n: n * 60) | st.integers(1, 10**7)


def _metadata(name: str) -> st.SearchStrategy[Metadata]:
    return st.builds(
        Metadata, name=st.just(name), display_name=TEXTS, labels=LABELS, annotations=ANNOTATIONS
    )


@st.composite
def indicators(draw: st.DrawFn, name: str) -> Document:
    """A share of good observations: a ``proportion`` with ``good`` over real columns."""
    source = draw(st.sampled_from(Source))
    columns = CALL_COLUMNS if source is Source.CALLS else (*CALL_COLUMNS, *FEEDBACK_COLUMNS)
    fields = st.sampled_from(columns)
    times = [c for c in columns if c.endswith("_at")]
    indicator = Indicator(
        name=name,
        source=source,
        strategy="proportion",
        where=draw(st.none() | conditions(fields, max_leaves=3)),
        good=draw(conditions(fields, max_leaves=3)),
        attribution=draw(st.sampled_from(times)),
        description=draw(TEXTS),
    )
    return Document(metadata=draw(_metadata(name)), body=indicator)


@st.composite
def objectives(draw: st.DrawFn, name: str, indicator: str) -> Objective:
    op = draw(st.sampled_from(Comparison))
    if op is Comparison.GTE:
        target = draw(st.floats(0, 100, exclude_max=True))
    else:
        target = draw(st.floats(0, 100, exclude_min=op is Comparison.LTE))
    return Objective(
        name=name,
        indicator=indicator,
        op=op,
        target=target,
        window=draw(WINDOWS),
        description=draw(TEXTS),
    )


@st.composite
def agreement_sets(draw: st.DrawFn) -> AgreementSet:
    """Indicators that map and agreements whose objectives may or may not."""
    taken = draw(st.lists(NAMES, min_size=2, max_size=6, unique=True))  # one namespace
    split = draw(st.integers(1, len(taken) - 1))
    names = taken[:split]
    documents = [draw(indicators(name)) for name in names]
    for agreement_name in taken[split:]:
        objective_names = draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
        agreement = Agreement(
            name=agreement_name,
            kind=draw(st.sampled_from(AgreementKind)),
            objectives=[draw(objectives(n, draw(st.sampled_from(names)))) for n in objective_names],
            services=draw(st.lists(identifiers(), max_size=3, unique=True)),
            description=draw(TEXTS),
        )
        documents.append(Document(metadata=draw(_metadata(agreement_name)), body=agreement))
    return AgreementSet(documents)


def _maps(objective: Objective) -> bool:
    """Whether OpenSLO can state the objective exactly (the law's precondition)."""
    if objective.window % 60:
        return False
    if objective.op is Comparison.GTE:
        return True
    if objective.op is Comparison.LTE:
        percent = complement(objective.target)
        return percent < 100 and complement(percent) == objective.target
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agreement_sets())
def test_objectives_that_map_come_back_equal_and_the_others_are_listed(
    agreements: AgreementSet,
) -> None:
    exported = export_openslo(agreements)
    imported = parse_openslo(exported.yaml)

    slo_names: set[str] = set()
    expected: list[Agreement] = []
    left_out: set[str] = set()
    for agreement in agreements.agreements:
        kept = []
        for objective in agreement.objectives:
            slo = f"{agreement.name}-{objective.name}"
            if _maps(objective) and slo not in slo_names:
                slo_names.add(slo)
                kept.append(objective)
            else:
                left_out.add(f"{agreement.name}.{objective.name}")
        if kept:
            expected.append(attrs.evolve(agreement, objectives=kept))
    listed = {u.path for u in exported.unmapped if u.reason.startswith("not exported")}
    assert listed == left_out
    assert list(imported.agreements.agreements) == expected

    used = {o.indicator for a in expected for o in a.objectives}
    assert imported.agreements.indicators == {
        n: i for n, i in agreements.indicators.items() if n in used
    }
    metadata = {(d.kind, d.metadata.name): d.metadata for d in agreements.documents}
    for document in imported.agreements.documents:
        assert document.metadata == metadata[document.kind, document.metadata.name]
    # On the way back, only the Services whose every objective was left out have no counterpart.
    kept_names = {a.name for a in expected}
    assert {u.path for u in imported.unmapped} == {
        f"$[{index}]"
        for index, d in enumerate(exported.documents)
        if d["kind"] == "Service" and d["metadata"]["name"] not in kept_names
    }
