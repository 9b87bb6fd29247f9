"""The three reports a service manager reads, on real data: BPI Challenge 2014 incidents.

``xlacore evaluate`` with the example mapping and a catalogue writes the table, the JSON
and the HTML report of a resolution-time SLA and a reopen-rate XLA on the three busiest
service components. Their figures are checked against pandas reading the source, and every
renderer must write them the same way: durations in hours and minutes (targets too), the
catalogue's names whole, the executive summary the JSON's.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from xlacore.cli import main
from xlacore.evaluation.figures import figure_text, scope_label
from xlacore.evaluation.report import Unit
from xlacore.schemas import validate

from .markup import parse
from .test_html import PRINT, check_layout, measure_in_chromium

pytestmark = pytest.mark.shared_data

MAPPING = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "bpi2014_incidents.toml"
SERVICES = ("WBS000073", "WBS000091", "WBS000263")  # the three with the most incidents
NAMES = {service: f"Service component {service} of Rabobank ICT" for service in SERVICES}
DAY = 86_400

_AGREEMENT = f"""
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "resolution-time"
[documents.spec]
source = "calls"
strategy = "mean"
params = {{ column = "resolution_seconds" }}

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "reopen-rate"
[documents.spec]
source = "calls"
strategy = "proportion"
params = {{ column = "reopened" }}

[[documents]]
apiVersion = "xlacore/v1"
kind = "SLA"
metadata.name = "ict-sla"
[documents.spec]
services = {list(SERVICES)!r}
[[documents.spec.objectives]]
name = "resolution-time"
indicator = "resolution-time"
op = "lte"
target = {DAY}
window = "28d"

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "ict-xla"
[documents.spec]
services = {list(SERVICES)!r}
[[documents.spec.objectives]]
name = "reopen-rate"
indicator = "reopen-rate"
op = "lte"
target = 2
window = "28d"
"""


@pytest.fixture(scope="module")
def written(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The table, JSON and HTML reports ``xlacore evaluate`` writes."""
    directory = tmp_path_factory.mktemp("bpi2014-reports")
    agreement = directory / "agreement.toml"
    agreement.write_text(_AGREEMENT, encoding="utf-8")
    catalogue = directory / "catalogue.json"
    services = [{"id": s, "name": n} for s, n in NAMES.items()]
    catalogue.write_text(json.dumps({"services": services, "components": []}), "utf-8")
    source = shared_data / "bpi-challenge-2014" / "original-csv" / "detail_incident.zip"
    written = {}
    for name in ("table", "json", "html", "csv"):
        output = directory / f"report.{name}"
        code = main(
            [
                *("evaluate", str(agreement), "--calls", f"mapped:{source}"),
                *("--calls-mapping", str(MAPPING), "--catalogue", str(catalogue)),
                *("--format", name, "--output", str(output)),
            ]
        )
        assert code == 0
        written[name] = output.read_text(encoding="utf-8")
    return written


@pytest.fixture(scope="module")
def expected(shared_data: Path, written: dict[str, str]) -> dict[str, tuple[int, float, float]]:
    """Per service, by pandas from the source: calls resolved in the 28 days before the
    evaluation, their mean resolution time in seconds and the share reopened (%)."""
    source = shared_data / "bpi-challenge-2014" / "original-csv" / "detail_incident.zip"
    with zipfile.ZipFile(source) as archive, archive.open("Detail Incident.csv") as raw:
        frame = pd.read_csv(raw, sep=";", encoding="latin-1", dtype=str)

    def when(column: str) -> pd.Series:
        times = pd.to_datetime(frame[column], format="%d/%m/%Y %H:%M:%S")
        return times.dt.tz_localize("Europe/Amsterdam", ambiguous="NaT", nonexistent="NaT")

    opened, closed = when("Open Time"), when("Close Time")
    resolved = when("Resolved Time").fillna(closed)  # a closed call without one was resolved
    at = pd.Timestamp(json.loads(written["json"])["evaluated_at"])
    inside = (resolved > at - pd.Timedelta(days=28)) & (resolved <= at)
    found = {}
    for service in SERVICES:
        mask = inside & (frame["Service Component WBS (aff)"] == service)
        seconds = (resolved - opened)[mask].dt.total_seconds()
        reopened = frame["Reopen Time"][mask].notna()
        found[service] = (int(mask.sum()), float(seconds.mean()), 100 * float(reopened.mean()))
    return found


def _results(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for a in document["agreements"] for r in a["objectives"]]


def test_the_json_figures_are_the_sources(
    written: dict[str, str], expected: dict[str, tuple[int, float, float]]
) -> None:
    document = json.loads(written["json"])
    validate(document, "report")
    results = _results(document)
    assert len(results) == 2 * len(SERVICES)
    for result in results:
        n, seconds, reopened = expected[result["scope"]["service"]]
        assert result["n"] == n
        if result["objective"] == "resolution-time":
            assert result["unit"] == "seconds"
            assert result["value"] == pytest.approx(seconds, abs=1e-3)
            assert result["target"] == DAY
        else:
            assert result["unit"] == "percent"
            assert result["value"] == pytest.approx(reopened, abs=1e-3)
        assert result["ci_low"] <= result["value"] <= result["ci_high"]
        assert result["ci_low"] >= 0  # a duration or a share: never below zero
        if result["unit"] == "percent":
            assert result["ci_high"] <= 100
    assert document["service_names"] == NAMES
    kinds = [s["kind"] for s in document["summary"]]
    assert {"breached", "watermelon", "impact"} <= set(kinds)
    assert {"worsening", "improving", "steady"} & set(kinds)  # what changed, always said


def _shown(value: float | None, unit: str | None) -> str:
    return figure_text(value, None if unit is None else Unit(unit))


def test_the_table_writes_hours_and_minutes_and_whole_names(written: dict[str, str]) -> None:
    table = written["table"]
    document = json.loads(written["json"])
    assert "≤ 24 h 00 min" in table  # the target in hours, never 86400 or "1.0 d"
    assert str(DAY) not in table
    assert " d " not in table
    assert " d]" not in table
    for result in _results(document):
        assert _shown(result["value"], result["unit"]) in table
    columns: dict[str, list[str]] = {
        "scope": [],
        "objective": [],
        "target": [],
    }  # each row's cells, read back from their columns
    in_rows = False
    for line in table.splitlines():
        if line.startswith("  scope "):  # an agreement's head row, then its result rows
            in_rows = True
        elif not line.startswith("  ") or line.startswith("  bundle"):
            in_rows = False
        elif in_rows:
            columns["scope"].append(line[2:18].strip())
            columns["objective"].append(line[19:31].strip())
            columns["target"].append(line[57:70].strip())
    assert len(columns["scope"]) >= 2 * len(SERVICES)
    scopes = " ".join(p for p in columns["scope"] if p)
    for name in NAMES.values():  # wrapped over lines, never cut
        assert name in scopes, name
    assert "resolution-time" in "".join(columns["objective"])
    assert "resolution-" in columns["objective"]  # broken after its hyphen, not mid-word
    assert columns["target"].count("≤ 24 h 00 min") == len(SERVICES)  # sign and figure whole
    assert "≤" not in columns["target"]
    for sentence in document["summary"]:  # the summary's first words, as the JSON's
        assert sentence["text"].split(":")[0].split(" ")[0] in table


def test_the_html_shows_every_result_and_the_summary_of_the_json(
    written: dict[str, str],
) -> None:
    root = parse(written["html"])
    document = json.loads(written["json"])
    (summary,) = [e for e in root.walk() if e.attrs.get("id") == "summary"]
    sentences = [li for li in summary.find("li") if "sentence" in li.classes]
    assert [li.find("p")[0].content for li in sentences] == [s["text"] for s in document["summary"]]
    assert [e for e in root.walk() if e.attrs.get("id") == "legend"]
    (results,) = [e for e in root.walk() if e.attrs.get("id") == "results"]
    (body,) = results.find("tbody")
    rows = [[td.content for td in tr.find("td")] for tr in body.find("tr")]
    shown = _results(document)
    assert len(rows) == len(shown)
    for row, result in zip(rows, shown, strict=True):
        scope = tuple(sorted(result["scope"].items()))
        assert row[2] == scope_label(scope, NAMES)  # the catalogue's name, whole
        assert row[3] == _shown(result["value"], result["unit"])
        low, high = (_shown(result[end], result["unit"]) for end in ("ci_low", "ci_high"))
        assert row[4] == f"[{low}, {high}]"
        assert row[5] == str(result["n"])
        if result["unit"] == "seconds":
            assert row[3].endswith(" min") or row[3].endswith(" h")
            assert row[6] == "≤ 24 h 00 min"
    assert str(DAY) not in written["html"]


def test_the_csv_writes_seconds_for_formulas_and_hours_for_people(
    written: dict[str, str],
) -> None:
    rows = list(csv.DictReader(io.StringIO(written["csv"], newline="")))
    shown = _results(json.loads(written["json"]))
    assert len(rows) == len(shown)
    for row, result in zip(rows, shown, strict=True):
        assert row["scope.service"] == result["scope"]["service"]
        assert float(row["value"]) == result["value"]
        assert row["value_text"] == _shown(result["value"], result["unit"])
        low, high = (_shown(result[end], result["unit"]) for end in ("ci_low", "ci_high"))
        assert row["interval_text"] == f"[{low}, {high}]"
        if result["unit"] == "seconds":
            assert float(row["target"]) == DAY
            assert row["target_text"] == "≤ 24 h 00 min"
            assert row["value_text"].endswith((" min", " h"))


def test_the_real_page_in_chromium_cuts_no_name_and_overflows_nowhere(
    written: dict[str, str], tmp_path: Path
) -> None:
    # The catalogue's long names, on a phone, a wide window and paper.
    for layout in (390, 1100, PRINT):
        measured = measure_in_chromium(written["html"], tmp_path, layout)
        assert measured["overflowing"] == [], layout
        assert measured["wide"] == [], layout
        assert measured["outside"] == [], layout  # no chart label past its chart
        assert measured["clipped"] == [], layout
        scroll, client = measured["page"]
        assert scroll <= client, layout
        check_layout(measured["layout"])
        for name in NAMES.values():
            assert name in measured["text"], (layout, name)
        assert "~" not in measured["text"]
        assert "…" not in measured["text"]
