"""Insight sections: every figure written in its own unit, and no figure where nothing counts."""

from __future__ import annotations

import attrs

from xlacore.demo import generate
from xlacore.evaluation.figures import figure_text
from xlacore.evaluation.render_context import Estimate, InsightSection
from xlacore.evaluation.report import Unit
from xlacore.insights import InsightData, insights_report
from xlacore.insights.sections import insight_sections


def _sections(with_answers: bool) -> dict[str, InsightSection]:
    data = generate()
    answers = data.feedback if with_answers else ()
    report = insights_report(InsightData.from_objects(data.calls, answers))
    return {s.key: s for s in insight_sections(report, {})}


def _column(section: InsightSection, header: str) -> list[tuple[str, object]]:
    """(first cell, cell under ``header``) of every row of every table of ``section``."""
    found = []
    for table in section.tables:
        if header in table.headers:
            at = table.headers.index(header)
            found += [(str(row[0]), row[at]) for row in table.rows]
    return found


def test_differences_of_shares_are_percentage_points_and_shares_percent() -> None:
    sections = _sections(with_answers=True)
    cells = _column(sections["lifecycle"], "reopened") + _column(sections["knowledge"], "reopened")
    differences = [c for first, c in cells if first.startswith(("each step", "with minus"))]
    shares = [c for first, c in cells if not first.startswith(("each step", "with minus"))]
    assert len(differences) == 2 * 3 + 2  # pooled and within, three lifecycle tables; knowledge
    # ("-": the reopened share by reopen count, which would count itself)
    assert all(c == "-" or (isinstance(c, Estimate) and c.unit is Unit.POINTS) for c in differences)
    assert sum(isinstance(c, Estimate) for c in differences) == 2 * 2 + 2
    assert all(c == "-" or (isinstance(c, Estimate) and c.unit is Unit.PERCENT) for c in shares)
    (pooled,) = [c for first, c in _column(sections["knowledge"], "reopened") if "pooled" in first]
    assert isinstance(pooled, Estimate)
    assert pooled.value is not None
    assert figure_text(pooled.value, pooled.unit).endswith(" pp")


def test_lost_time_concentration_writes_shares_in_percent_and_no_data_without_answers() -> None:
    (table,) = _sections(with_answers=True)["lost_time"].tables
    share = table.headers.index("share of calls")
    for row in table.rows:
        calls, needed = row[1], row[2]
        assert isinstance(calls, int)
        assert isinstance(needed, int)
        assert row[share] == figure_text(100 * needed / calls, Unit.PERCENT)
    (empty,) = _sections(with_answers=False)["lost_time"].tables
    (overall,) = empty.rows
    assert overall[1:] == (0, 0, "no data", "no data")  # never "0 s" held by no call


def test_an_empty_insight_table_says_why() -> None:
    sections = _sections(with_answers=False)
    for key, reason in (
        ("channels", "No answer is about a call with a channel."),
        ("factors", "No answer gave a reason factor."),
    ):
        assert all(not t.rows for t in sections[key].tables), key
        assert reason in sections[key].lead, sections[key].lead
    assert _sections(with_answers=True)["channels"].tables[0].rows


def test_a_count_the_source_does_not_record_is_captioned_no_data() -> None:
    data = generate()
    calls = [attrs.evolve(c, escalations_recorded=False) for c in data.calls]
    report = insights_report(InsightData.from_objects(calls, data.feedback))
    (section,) = [s for s in insight_sections(report, {}) if s.key == "lifecycle"]
    captions = {t.caption.split(" (")[0]: t for t in section.tables}
    escalations = captions["By escalation count"]
    assert escalations.caption == (
        f"By escalation count (not recorded for {len(calls):,} calls: left out, no data)"
    )
    assert all(row[1] in (0, "") for row in escalations.rows)  # no call counted as 0
    assert captions["By reassignment count"].caption == "By reassignment count"
