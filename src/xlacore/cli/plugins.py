"""``xlacore plugins``: the loaded plugins, what each registers, and the ones that failed.

Exits 0 even when some plugins failed to load: listing them is the point.
"""

from __future__ import annotations

import argparse
import json
import warnings
from typing import Any

from xlacore.cli import command_help
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.errors import XlaCorePluginWarning
from xlacore.plugins import PluginRegistry, default_registry

__all__ = ["add_parser", "describe"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``plugins``."""
    parser = subparsers.add_parser(
        "plugins",
        help=command_help("plugins"),
        description="List every plugin with its distribution and version, the scoring "
        "strategies, connectors, change connectors and renderers each registers, and the "
        "plugins that failed to load. XLACORE_DISABLE_PLUGINS=a,b disables plugins by name; "
        "XLACORE_NO_ENTRY_POINTS=1 loads the built-ins only.",
        epilog=examples(
            "xlacore plugins",
            "xlacore plugins --format json",
            "XLACORE_DISABLE_PLUGINS=acme xlacore plugins",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    parser.set_defaults(handler=_run)


def describe(registry: PluginRegistry) -> dict[str, Any]:
    """The registry as plain data, sorted, for ``--format json``."""
    return {
        "plugins": [
            {
                "name": p.name,
                "origin": p.origin.value,
                "distribution": p.distribution,
                "version": p.version,
                "scoring_strategies": list(p.scoring_strategies),
                "connectors": list(p.connectors),
                "change_connectors": list(p.change_connectors),
                "renderers": list(p.renderers),
            }
            for p in registry.plugins()
        ],
        "scoring_strategies": {
            name: d.description for name, d in registry.scoring_strategies().items()
        },
        "connectors": {name: d.description for name, d in registry.connectors().items()},
        "change_connectors": {
            name: d.description for name, d in registry.change_connectors().items()
        },
        "renderers": {
            name: {"media_type": d.media_type, "description": d.description}
            for name, d in registry.renderers().items()
        },
        "load_failures": [
            {
                "plugin": f.plugin,
                "distribution": f.distribution,
                "version": f.version,
                "reason": f.reason,
            }
            for f in registry.load_failures
        ],
        "disabled": list(registry.blocked),
    }


def _table(registry: PluginRegistry) -> str:
    lines = ["plugins:"]
    for p in registry.plugins():
        source = f"{p.distribution} {p.version}" if p.distribution else p.origin.value
        lines.append(f"  {p.name}  ({source})")
        for label, names in (
            ("strategies", p.scoring_strategies),
            ("connectors", p.connectors),
            ("change connectors", p.change_connectors),
            ("renderers", p.renderers),
        ):
            if names:
                lines.append(f"    {label}: {', '.join(names)}")
    for title, descriptors in (
        ("scoring strategies", registry.scoring_strategies()),
        ("connectors", registry.connectors()),
        ("change connectors", registry.change_connectors()),
        ("renderers", registry.renderers()),
    ):
        lines.append(f"{title}:")
        width = max((len(n) for n in descriptors), default=0)
        lines += [f"  {n:<{width}}  {d.description}".rstrip() for n, d in descriptors.items()]
        if not descriptors:
            lines.append("  (none)")
    if registry.blocked:
        lines.append(f"disabled: {', '.join(registry.blocked)}")
    lines.append("load failures:" if registry.load_failures else "load failures: none")
    lines += [f"  {failure}" for failure in registry.load_failures]
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        # Each skipped plugin is listed under "load failures"; no need to warn twice.
        warnings.simplefilter("ignore", XlaCorePluginWarning)
        registry = default_registry()
    if args.format == "json":
        print(json.dumps(describe(registry), indent=2, sort_keys=True))
    else:
        print(_table(registry))
    return 0
