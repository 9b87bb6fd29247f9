"""The registry: loading plugins one at a time, collecting what they register, conflicts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from xlacore.errors import (
    PluginConflictError,
    PluginError,
    PluginLoadError,
    UnknownNameError,
    XlaCorePluginWarning,
)
from xlacore.plugins import (
    ConnectorDescriptor,
    Origin,
    RendererDescriptor,
    ScoringStrategyDescriptor,
    default_registry,
    hookimpl,
    make_registry,
    using_registry,
)
from xlacore.plugins.builtin import BUILTIN_PLUGINS

GOOD_PLUGIN = """
from xlacore.plugins import ConnectorDescriptor, hookimpl

class Connector:
    options_type = dict
    def read(self, path, options, account):
        return iter(())

@hookimpl
def xlacore_connectors():
    yield ConnectorDescriptor(name="good", connector=Connector(), description="fine")
"""


def _connector_plugin(name: str, connector: Any) -> object:
    class Plugin:
        @hookimpl
        def xlacore_connectors(self) -> Iterator[ConnectorDescriptor]:
            yield ConnectorDescriptor(name=name, connector=connector)

    return Plugin()


class TestHooks:
    def test_hook_xlacore_scoring_strategies(self, stub_strategy: Any) -> None:
        class Plugin:
            @hookimpl
            def xlacore_scoring_strategies(self) -> list[ScoringStrategyDescriptor]:
                return [
                    ScoringStrategyDescriptor("zeta", stub_strategy, "last"),
                    ScoringStrategyDescriptor("alpha", stub_strategy, "first"),
                ]

        registry = make_registry(entry_points=False, plugins=[Plugin()])
        assert {"alpha", "zeta"} <= set(registry.scoring_strategies())
        assert list(registry.scoring_strategies()) == sorted(registry.scoring_strategies())
        assert registry.scoring_strategy("alpha").strategy is stub_strategy
        assert registry.scoring_strategy("zeta").description == "last"

    def test_hook_xlacore_connectors(self, stub_connector: Any) -> None:
        registry = make_registry(
            entry_points=False, plugins=[_connector_plugin("acme", stub_connector)]
        )
        assert registry.connector("acme").connector is stub_connector
        assert registry.connector("jsonl").name == "jsonl"  # the built-in one
        assert list(registry.connectors()) == sorted(registry.connectors())

    def test_hook_xlacore_report_renderers(self) -> None:
        def render(report: Any, options: Any) -> str:
            return f"{report}"

        class Plugin:
            @hookimpl
            def xlacore_report_renderers(self) -> Iterator[RendererDescriptor]:
                yield RendererDescriptor("plain", "text/plain", render, "as text")

        registry = make_registry(entry_points=False, plugins=[Plugin()])
        renderer = registry.renderer("plain")
        assert renderer.media_type == "text/plain"
        assert renderer.render(1, None) == "1"


def test_returning_none_registers_nothing() -> None:
    class Plugin:
        @hookimpl
        def xlacore_connectors(self) -> None:
            return None

    registry = make_registry(entry_points=False, plugins=[Plugin()])
    (info,) = [p for p in registry.plugins() if p.origin is Origin.IN_PROCESS]
    assert info.connectors == ()


def test_builtins_are_registered_as_plugins_under_their_module_names() -> None:
    registry = make_registry(entry_points=False)
    builtin = {p.name for p in registry.plugins() if p.origin is Origin.BUILTIN}
    assert builtin == set(BUILTIN_PLUGINS)
    jsonl = next(p for p in registry.plugins() if "jsonl" in p.connectors)
    assert jsonl.name == "xlacore.plugins.builtin.connectors"


def test_unknown_name_lists_the_known_ones() -> None:
    registry = make_registry(entry_points=False)
    with pytest.raises(UnknownNameError, match=r"did you mean 'jsonl'\?") as info:
        registry.connector("jsnol")
    assert info.value.known == tuple(sorted(registry.connectors()))
    with pytest.raises(UnknownNameError, match="unknown renderer 'pdf'"):
        registry.renderer("pdf")
    with pytest.raises(UnknownNameError, match="unknown scoring strategy"):
        registry.scoring_strategy("nope")


class TestEntryPoints:
    def test_installed_plugin_is_loaded_with_its_distribution(self, make_dist: Any) -> None:
        make_dist("acme-xla", "1.2.3", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        registry = make_registry()
        (info,) = [p for p in registry.plugins() if p.name == "acme"]
        assert (info.origin, info.distribution, info.version) == (
            Origin.ENTRY_POINT,
            "acme-xla",
            "1.2.3",
        )
        assert info.connectors == ("good",)
        assert registry.load_failures == ()

    def test_entry_points_can_be_switched_off(self, make_dist: Any) -> None:
        make_dist("acme-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        assert "good" not in make_registry(entry_points=False).connectors()

    def test_plugin_failing_on_import_is_skipped_with_a_warning(self, make_dist: Any) -> None:
        make_dist("acme-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        make_dist("broken-xla", "0.1", {"broken": "broken_plugin"}, {"broken_plugin": "1 / 0"})
        with pytest.warns(XlaCorePluginWarning, match=r"'broken' \(distribution broken-xla 0.1"):
            registry = make_registry()
        (failure,) = registry.load_failures
        assert (failure.plugin, failure.distribution, failure.version) == (
            "broken",
            "broken-xla",
            "0.1",
        )
        assert "ZeroDivisionError" in failure.reason
        assert "good" in registry.connectors()  # everything else keeps working
        assert "broken" not in {p.name for p in registry.plugins()}

    def test_strict_mode_raises_instead(self, make_dist: Any) -> None:
        make_dist("broken-xla", "0.1", {"broken": "broken_plugin"}, {"broken_plugin": "1 / 0"})
        with pytest.raises(PluginLoadError, match="broken") as info:
            make_registry(strict=True)
        assert (info.value.plugin, info.value.distribution) == ("broken", "broken-xla")
        assert isinstance(info.value.__cause__, ZeroDivisionError)

    @pytest.mark.parametrize(
        ("source", "reason"),
        [
            pytest.param(
                "from xlacore.plugins import hookimpl\n"
                "@hookimpl\ndef xlacore_connectors(config):\n    return []\n",
                "{'config'} are declared in the hookimpl but can not be found in the hookspec",
                id="bad-signature",
            ),
            pytest.param(
                "from xlacore.plugins import hookimpl\n"
                "@hookimpl\ndef xlacore_conectors():\n    return []\n",
                "unknown hook 'xlacore_conectors'",
                id="misspelt-hook",
            ),
            pytest.param(
                "from xlacore.plugins import hookimpl\n"
                "@hookimpl\ndef xlacore_connectors():\n    yield 'jsonl'\n",
                "expected xlacore.plugins.ConnectorDescriptor",
                id="wrong-object",
            ),
            pytest.param(
                "from xlacore.plugins import hookimpl\n"
                "@hookimpl\ndef xlacore_connectors():\n    return 42\n",
                "returned 42",
                id="not-iterable",
            ),
            pytest.param(
                "from xlacore.plugins import hookimpl\n"
                "@hookimpl\ndef xlacore_connectors():\n    raise RuntimeError('boom')\n",
                "RuntimeError: boom",
                id="hook-raises",
            ),
            pytest.param(
                "from xlacore.plugins import ConnectorDescriptor, hookimpl\n"
                "@hookimpl\ndef xlacore_connectors():\n"
                "    yield ConnectorDescriptor(name='Bad Name', connector=None)\n",
                "not a valid name",
                id="bad-descriptor",
            ),
        ],
    )
    def test_misbehaving_plugin_is_skipped(self, make_dist: Any, source: str, reason: str) -> None:
        make_dist("acme-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        make_dist("bad-xla", "2.0", {"bad": "bad_plugin"}, {"bad_plugin": source})
        with pytest.warns(XlaCorePluginWarning, match="'bad'"):
            registry = make_registry()
        (failure,) = registry.load_failures
        assert failure.plugin == "bad"
        assert failure.distribution == "bad-xla"
        assert reason in failure.reason
        assert "bad" not in {p.name for p in registry.plugins()}
        assert "good" in registry.connectors()
        assert not registry.manager.has_plugin("bad")

    def test_a_plugin_failing_one_hook_loses_all_it_registered(self, make_dist: Any) -> None:
        source = """
            from xlacore.plugins import ConnectorDescriptor, hookimpl

            class Connector:
                options_type = dict
                def read(self, path, options, account):
                    return iter(())

            @hookimpl
            def xlacore_connectors():
                yield ConnectorDescriptor(name="half", connector=Connector())

            @hookimpl
            def xlacore_report_renderers():
                raise RuntimeError("boom")
        """
        make_dist("half-xla", "1.0", {"half": "half_plugin"}, {"half_plugin": source})
        with pytest.warns(XlaCorePluginWarning, match="'half'"):
            registry = make_registry()
        assert "half" not in registry.connectors()

    def test_a_class_instead_of_an_instance_is_skipped(self, make_dist: Any) -> None:
        make_dist(
            "cls-xla", "1.0", {"cls": "cls_plugin:Plugin"}, {"cls_plugin": "class Plugin: pass"}
        )
        with pytest.warns(
            XlaCorePluginWarning, match="is a class; register a module or an instance"
        ):
            make_registry()

    def test_two_distributions_with_one_plugin_name(self, make_dist: Any) -> None:
        make_dist("one-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        make_dist("two-xla", "1.0", {"acme": "acme_two"}, {"acme_two": GOOD_PLUGIN})
        with pytest.warns(XlaCorePluginWarning, match="already taken by plugin 'acme'"):
            registry = make_registry()
        (failure,) = registry.load_failures
        assert failure.distribution == "two-xla"

    def test_blocked_plugin_is_not_even_imported(self, make_dist: Any) -> None:
        make_dist("broken-xla", "0.1", {"broken": "broken_plugin"}, {"broken_plugin": "1 / 0"})
        registry = make_registry(block=["broken"])
        assert registry.load_failures == ()
        assert registry.blocked == ("broken",)
        assert "broken_plugin" not in sys.modules

    def test_builtins_cannot_be_blocked(self) -> None:
        with pytest.raises(PluginError, match="built-in plugins cannot be disabled"):
            make_registry(block=[BUILTIN_PLUGINS[0]])


class TestConflicts:
    def test_two_plugins_registering_one_name_raise_naming_both(
        self, make_dist: Any, stub_connector: Any
    ) -> None:
        make_dist("acme-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        with pytest.raises(PluginConflictError) as info:
            make_registry(plugins=[_connector_plugin("good", stub_connector)])
        message = str(info.value)
        assert "connector 'good'" in message
        assert "plugin 'acme' (distribution acme-xla 1.0)" in message
        assert "(in-process)" in message

    def test_a_plugin_cannot_take_a_builtin_name(self, stub_connector: Any) -> None:
        with pytest.raises(PluginConflictError, match=r"'jsonl'.*builtin"):
            make_registry(entry_points=False, plugins=[_connector_plugin("jsonl", stub_connector)])

    def test_the_same_name_for_different_kinds_is_fine(
        self, stub_connector: Any, stub_strategy: Any
    ) -> None:
        class Plugin:
            @hookimpl
            def xlacore_scoring_strategies(self) -> list[ScoringStrategyDescriptor]:
                return [ScoringStrategyDescriptor("jsonl", stub_strategy)]

        registry = make_registry(entry_points=False, plugins=[Plugin()])
        assert "jsonl" in registry.scoring_strategies()
        assert "jsonl" in registry.connectors()


class TestDefaultRegistry:
    def test_is_built_once(self) -> None:
        assert default_registry() is default_registry()

    def test_reads_the_disable_variable(
        self, make_dist: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        make_dist("acme-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
        make_dist("broken-xla", "0.1", {"broken": "broken_plugin"}, {"broken_plugin": "1 / 0"})
        monkeypatch.setenv("XLACORE_DISABLE_PLUGINS", " broken, acme ")
        registry = default_registry()
        assert registry.blocked == ("acme", "broken")
        assert "good" not in registry.connectors()

    def test_reads_the_no_entry_points_variable(
        self, make_dist: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        make_dist("broken-xla", "0.1", {"broken": "broken_plugin"}, {"broken_plugin": "1 / 0"})
        monkeypatch.setenv("XLACORE_NO_ENTRY_POINTS", "1")
        assert default_registry().load_failures == ()

    def test_using_registry_overrides_it(self, stub_connector: Any) -> None:
        mine = make_registry(entry_points=False, plugins=[_connector_plugin("x", stub_connector)])
        with using_registry(mine):
            assert default_registry() is mine
        assert default_registry() is not mine


def test_importing_xlacore_loads_no_plugin(make_dist: Any, tmp_path: Path) -> None:
    info = make_dist("acme-xla", "1.0", {"acme": "acme_plugin"}, {"acme_plugin": GOOD_PLUGIN})
    code = (
        "import sys, xlacore, xlacore.plugins, xlacore.connectors, xlacore.cli\n"
        "assert 'acme_plugin' not in sys.modules\n"
        "from xlacore.plugins.registry import _build_default\n"
        "assert _build_default.cache_info().currsize == 0\n"
        "assert 'good' in xlacore.plugins.default_registry().connectors()\n"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    env = {"PYTHONPATH": f"{info.parent}:{src}"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
