"""``xlacore demo``: the whole library on built-in, deterministic demo data."""

from __future__ import annotations

import argparse
import errno
import functools
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from xlacore.cli import command_help
from xlacore.cli.output import put_out, write_atomically
from xlacore.cli.renderers import add_report_options, failing, render
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.connectors.jsonl import dump_lines
from xlacore.demo import DEMO_NOW, DemoData, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.render_context import RenderContext
from xlacore.insights import InsightData
from xlacore.insights.report_context import build_context, lifecycle_estimates
from xlacore.render.html import render_html

__all__ = ["add_parser", "HTML_REPORT"]

HTML_REPORT = "xlacore-demo-report.html"
"""Where the demo writes its HTML report unless told otherwise (in the current folder)."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``demo``."""
    parser = subparsers.add_parser(
        "demo",
        help=command_help("demo"),
        description="Generate the demo organisation (services, people, calls with their "
        "lifecycles, survey answers), evaluate the example agreements over it, print the "
        f"report and write an HTML report with charts to ./{HTML_REPORT}. The data and the "
        "report are the same on every run.",
        epilog=examples(
            "xlacore demo",
            "xlacore demo --html /tmp/report.html --fail-on breach",
            "xlacore demo --no-html --format json --output report.json",
            "xlacore demo --write-data demo-data/",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    add_report_options(parser)
    html = parser.add_mutually_exclusive_group()
    html.add_argument(
        "--html", metavar="PATH", default=HTML_REPORT, help=f"HTML report (default {HTML_REPORT})"
    )
    html.add_argument("--no-html", action="store_true", help="write no HTML report")
    parser.add_argument(
        "--write-data",
        metavar="DIR",
        help="write calls.jsonl and feedback.jsonl into DIR instead of reporting",
    )
    parser.set_defaults(handler=_run)


def _table(title: str, counts: Iterable[tuple[str, int]]) -> list[str]:
    rows = list(counts)
    total = sum(n for _, n in rows) or 1
    width = max((len(k) for k, _ in rows), default=0)
    lines = [title]
    lines += [f"  {key:<{width}}  {n:>6}  {100 * n / total:5.1f} %" for key, n in rows]
    return lines


def summary(data: DemoData) -> str:
    """A readable summary of the demo data."""
    calls = data.calls
    resolved = [c for c in calls if c.is_resolved]
    lines = [
        f"xlacore demo — {len(data.catalog.services)} services, {len(data.people)} people, "
        f"{len(calls)} calls, {len(data.feedback)} survey answers, "
        f"as of {DEMO_NOW:%Y-%m-%d %H:%M} UTC",
        "",
    ]
    names = {s.id: s.name for s in data.catalog.services}
    lines += _table(
        "Calls by service", sorted(Counter(names[c.service or ""] for c in calls).items())
    )
    lines += _table("Calls by channel", sorted(Counter(str(c.channel) for c in calls).items()))
    lines += _table(
        "People by department", sorted(Counter(p.department or "-" for p in data.people).items())
    )
    reassigned = sum(c.reassignment_count or 0 for c in calls) / len(calls)
    first_contact = sum(bool(c.first_contact_resolution) for c in resolved) / len(resolved)
    happiness = ", ".join(
        f"{e.label}: {'-' if e.value is None else f'{e.value:+.0f}'}"
        for e in lifecycle_estimates(InsightData.from_objects(calls, data.feedback))
    )
    lines += [
        "",
        f"Resolved: {len(resolved)} of {len(calls)}; mean reassignments per call {reassigned:.2f}; "
        f"first-contact resolution {first_contact:.1%}",
        f"Happiness (-100..+100) by reassignments: {happiness}",
    ]
    return "\n".join(lines)


def write_data(data: DemoData, directory: Path) -> tuple[Path, Path]:
    """Write ``calls.jsonl`` and ``feedback.jsonl`` in the ``jsonl`` connector's format."""
    directory.mkdir(parents=True, exist_ok=True)
    calls, feedback = directory / "calls.jsonl", directory / "feedback.jsonl"
    write_atomically(calls, "".join(dump_lines(calls=data.calls)).encode("utf-8"))
    write_atomically(feedback, "".join(dump_lines(feedback=data.feedback)).encode("utf-8"))
    return calls, feedback


def _run(args: argparse.Namespace) -> int:
    html = None if args.no_html or args.write_data else Path(args.html)
    if html is not None and not html.parent.is_dir():  # before anything is printed or written
        raise FileNotFoundError(errno.ENOENT, "no such directory", str(html))
    data = generate(seed=args.seed)
    if args.write_data:
        for path in write_data(data, Path(args.write_data)):
            print(f"wrote {path}")
        return 0
    agreements = example_agreements()
    report = evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)

    names = {s.id: s.name for s in data.catalog.services}

    @functools.cache
    def context(history: bool = True, insights: bool = True) -> RenderContext:
        return build_context(
            agreements,
            data.calls,
            data.feedback,
            report,
            title="xlacore demo",
            names=names,
            steps=8 if history else 1,
            insights=insights,
        )

    text = render(report, args.format, context)
    put_out(summary(data) + "\n\n" + text if args.format == "table" else text, args.output, "demo")
    if html is not None:
        write_atomically(html, render_html(report, context()).encode("utf-8"))
        print(f"HTML report: {html.resolve()}", file=sys.stderr)
    return failing(report, args.fail_on, "demo")
