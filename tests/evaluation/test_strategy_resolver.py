"""Strategy names resolve through the resolver evaluation is given, never a global registry.

The built-ins by default; a plugin registry's :meth:`PluginRegistry.strategy` at the face
(the CLI, :func:`xlacore.evaluate`), where a third-party strategy, also as a composite's
component, scores exactly like the built-in it stands in for.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from tests.evaluation.composite_text import AGREEMENT, COMPONENTS
from tests.evaluation.same import assert_same_report

import xlacore
from xlacore.cli import main
from xlacore.demo.data import DEMO_NOW, generate
from xlacore.errors import UnknownNameError
from xlacore.evaluation.documents import DocumentError, parse_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.observations import Observations
from xlacore.evaluation.plan import EvaluationPlan, Extent
from xlacore.plugins import (
    PluginRegistry,
    ScoringStrategyDescriptor,
    hookimpl,
    make_registry,
    using_registry,
)
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.score import Score

VENDOR = "vendor-mean"


class VendorMean:
    """A third-party strategy: the built-in mean under another name."""

    params_type = MeanParams

    def accumulate(self, columns: ObservationColumns, grouping: Grouping, params: Any) -> Any:
        return mean.accumulate(columns, grouping, params)

    def merge(self, a: Any, b: Any) -> Any:
        return mean.merge(a, b)

    def finalize(self, stats: Any, params: Any) -> tuple[Score, ...]:
        return tuple(mean.finalize(stats, params))


class VendorPlugin:
    @hookimpl
    def xlacore_scoring_strategies(self) -> list[ScoringStrategyDescriptor]:
        return [ScoringStrategyDescriptor(VENDOR, VendorMean(), "the mean, from a vendor")]


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    return make_registry(entry_points=False, plugins=[VendorPlugin()])


def _text(strategy: str) -> str:
    """The composite agreement, its lost-time indicator and component scored by ``strategy``."""
    components = COMPONENTS.replace('strategy = "mean"', f'strategy = "{strategy}"')
    text = AGREEMENT.replace("{components}", components).replace("{min_n}", "5")
    return text.replace('strategy = "mean"', f'strategy = "{strategy}"')


def test_the_builtins_are_the_default_and_a_third_party_name_is_refused_where_it_stands() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_documents(_text(VENDOR), source="index.toml")
    problems = caught.value.problems
    assert any(".spec.strategy" in p and repr(VENDOR) in p for p in problems), problems
    assert any("components[1].strategy" in p for p in problems), problems


def test_a_registry_strategy_scores_like_the_builtin_it_stands_in_for(
    registry: PluginRegistry,
) -> None:
    data = generate(calls=600, people=120)
    builtin = parse_documents(_text("mean"))
    vendor = parse_documents(_text(VENDOR), strategies=registry.strategy)
    want = evaluate(builtin, data.calls, data.feedback, at=DEMO_NOW)
    got = evaluate(vendor, data.calls, data.feedback, at=DEMO_NOW, strategies=registry.strategy)
    assert_same_report(got, want)
    assert any(r.n for a in got.agreements for r in a.objectives)  # something was scored
    with pytest.raises(UnknownNameError, match=VENDOR):
        evaluate(vendor, data.calls, data.feedback, at=DEMO_NOW)  # the built-ins only


def test_a_plan_with_a_registry_composite_pickles_for_a_cluster(registry: PluginRegistry) -> None:
    data = generate(calls=300, people=80)
    agreements = parse_documents(_text(VENDOR), strategies=registry.strategy)
    observations = Observations.of(data.calls, data.feedback, at=DEMO_NOW)
    extent = Extent.of(observations)
    plan = EvaluationPlan.of(agreements, at=DEMO_NOW, extent=extent, strategies=registry.strategy)
    shipped = pickle.loads(pickle.dumps(plan))
    assert_same_report(
        shipped.finalize(shipped.accumulate(observations)),
        plan.finalize(plan.accumulate(observations)),
    )


def test_the_face_resolves_in_the_default_registry(
    registry: PluginRegistry, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    data = generate(calls=300, people=80)
    path = tmp_path / "index.toml"
    path.write_text(_text(VENDOR))
    with using_registry(registry):
        report = xlacore.evaluate(path, data.calls, data.feedback, at=DEMO_NOW)
        assert main(["validate", str(path)]) == 0
        assert main(["evaluate", "--demo", str(path), "--format", "json"]) == 0
    want = evaluate(parse_documents(_text("mean")), data.calls, data.feedback, at=DEMO_NOW)
    assert_same_report(report, want)
    assert main(["validate", str(path)]) != 0  # the default registry has no vendor plugin
    assert VENDOR in capsys.readouterr().err
