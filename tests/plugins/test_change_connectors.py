"""Change connectors: registered through their hook, listed, chosen by name, accounted for."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from xlacore.cli import main
from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.bpi2014_changes import read_bpi2014_changes
from xlacore.connectors.changes import ChangesRead, read_changes
from xlacore.errors import InvalidPluginObjectError, UnknownNameError
from xlacore.model.changes import Change
from xlacore.plugins import ChangeConnectorDescriptor, PluginRegistry, hookimpl, make_registry
from xlacore.testing.contracts import check_change_connector
from xlacore.testing.pytest_plugin import MakeRegistry

FAST = settings(
    max_examples=30, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def read_acme_changes(path: Path, *, strict: bool) -> ChangesRead:
    """A third-party format: ``id,start,service,component``, one change per row."""
    account = IngestAccount(strict=strict)
    changes = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = Location(str(path), line, row.get("id") or None)
            if not row.get("id"):
                account.reject(where, "no change id")
                continue
            try:
                start = datetime.fromisoformat(row["start"])
            except (TypeError, ValueError):
                account.reject(where, f"start {row.get('start')!r} is not an ISO 8601 time")
                continue
            account.accept()
            changes.append(
                Change(row["id"], start, services=[row["service"]], components=[row["component"]])
            )
    return ChangesRead(tuple(sorted(changes, key=lambda c: (c.start, c.id))), account)


class AcmePlugin:
    @hookimpl
    def xlacore_change_connectors(self) -> Iterator[ChangeConnectorDescriptor]:
        yield ChangeConnectorDescriptor("acme-changes", read_acme_changes, "Acme change calendar")


ACME = (
    "id,start,service,component\n"
    "C1,2026-05-15T08:00:00+02:00,laptop,LAP1\n"
    ",2026-05-16T08:00:00+02:00,laptop,LAP1\n"
    "C2,2026-05-20T07:00:00+02:00,email,MAIL1\n"
    "C3,tomorrow,email,MAIL1\n"
)


@pytest.fixture
def acme_file(tmp_path: Path) -> Path:
    path = tmp_path / "acme.csv"
    path.write_text(ACME, encoding="utf-8")
    return path


def test_hook_xlacore_change_connectors() -> None:
    registry = make_registry(entry_points=False, plugins=[AcmePlugin()])
    assert registry.change_connector("acme-changes").read is read_acme_changes
    assert registry.change_connector("bpi2014").read is read_bpi2014_changes  # the built-in
    assert list(registry.change_connectors()) == ["acme-changes", "bpi2014"]
    (acme,) = [p for p in registry.plugins() if p.change_connectors == ("acme-changes",)]
    assert (acme.connectors, acme.renderers, acme.scoring_strategies) == ((), (), ())
    (builtin,) = [p for p in registry.plugins() if "bpi2014" in p.change_connectors]
    assert builtin.name == "xlacore.plugins.builtin.connectors"


def test_an_unknown_change_connector_lists_the_known_ones(xlacore_registry: PluginRegistry) -> None:
    with pytest.raises(UnknownNameError, match=r"known: bpi2014") as caught:
        xlacore_registry.change_connector("bpi2041")
    assert caught.value.kind == "change connector"
    assert "did you mean 'bpi2014'" in str(caught.value)


def test_two_plugins_cannot_take_one_change_connector_name() -> None:
    class Twin:
        @hookimpl
        def xlacore_change_connectors(self) -> Iterator[ChangeConnectorDescriptor]:
            yield ChangeConnectorDescriptor("bpi2014", read_acme_changes)

    with pytest.raises(Exception, match=r"change connector 'bpi2014' is registered by both"):
        make_registry(entry_points=False, plugins=[Twin()])


def test_the_account_of_a_third_party_reader(acme_file: Path) -> None:
    read = read_changes(read_acme_changes, acme_file)
    account = read.account
    assert (account.records_read, account.accepted, account.rejected) == (4, 2, 2)
    assert [
        (i.location.source, i.location.line, i.location.record) for i in account.rejections
    ] == [
        (str(acme_file), 3, None),
        (str(acme_file), 5, "C3"),
    ]
    assert [i.reason for i in account.rejections] == [
        "no change id",
        "start 'tomorrow' is not an ISO 8601 time",
    ]
    assert [c.id for c in read.changes] == ["C1", "C2"]


def _unbalanced(path: Path, *, strict: bool) -> ChangesRead:
    account = IngestAccount(strict=strict)
    account.records_read = 3  # read three, accounted for one
    account.accept()
    return ChangesRead((), account)


def test_a_reader_whose_account_does_not_balance_is_an_error(acme_file: Path) -> None:
    with pytest.raises(
        InvalidPluginObjectError, match=r"read 4 records .* accepted 1 and rejected 0"
    ):
        read_changes(_unbalanced, acme_file)
    with pytest.raises(InvalidPluginObjectError, match=r"returned \[\]; return .*ChangesRead"):
        read_changes(lambda path, *, strict: [], acme_file)  # type: ignore[arg-type]


def test_the_cli_lists_a_change_connector(
    xlacore_make_registry: MakeRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    xlacore_make_registry(AcmePlugin())
    assert main(["plugins", "--format", "json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["change_connectors"] == {
        "acme-changes": "Acme change calendar",
        "bpi2014": "BPI Challenge 2014 change export (Detail Change, zip or CSV)",
    }
    (acme,) = [p for p in listing["plugins"] if p["origin"] == "in-process"]
    assert acme["change_connectors"] == ["acme-changes"]
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "    change connectors: acme-changes\n" in out
    assert "change connectors:\n  acme-changes  Acme change calendar\n  bpi2014 " in out


def test_problems_reads_changes_with_the_named_connector(
    xlacore_make_registry: MakeRegistry, acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlacore_make_registry(AcmePlugin())
    args = ["problems", "--demo", "--changes", str(acme_file), "--top", "0", "--format", "json"]
    assert main([*args, "--changes-format", "acme-changes"]) == 0
    captured = capsys.readouterr()
    assert f"{acme_file}: 2 of 4 change rows rejected; first: {acme_file}:3: no change id" in (
        captured.err
    )
    impact = json.loads(captured.out)["changes"]
    assert impact["changes"] == 2
    assert {a["change"] for a in impact["aftermath"]} <= {"C1", "C2"}
    assert impact["aftermath"]  # the demo has laptop and email calls after mid-May


def test_problems_with_the_same_changes_from_either_connector_agree(
    xlacore_make_registry: MakeRegistry,
    acme_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    xlacore_make_registry(AcmePlugin())
    acme = read_changes(read_acme_changes, acme_file).changes
    bpi = tmp_path / "Detail Change.csv"
    bpi.write_text(_bpi_export(acme), encoding="latin-1")
    assert [
        (c.id, c.start, c.services, c.components) for c in read_bpi2014_changes(bpi).changes
    ] == [(c.id, c.start, c.services, c.components) for c in acme]
    base = ["problems", "--demo", "--top", "0", "--format", "json"]
    assert main([*base, "--changes", str(acme_file), "--changes-format", "acme-changes"]) == 0
    from_acme = json.loads(capsys.readouterr().out)["changes"]
    assert main([*base, "--changes", str(bpi)]) == 0  # bpi2014, the default
    from_bpi = json.loads(capsys.readouterr().out)["changes"]
    assert from_acme == from_bpi  # every figure of the impact, change by change
    assert [a["change"] for a in from_acme["aftermath"]] == ["C1", "C2"]


BPI_HEADER = (
    "CI Name (aff);Service Component WBS (aff);Change ID;Change Type;Risk Assessment;"
    "Emergency Change;CAB-approval needed;Planned Start;Planned End;Actual Start;Actual End;"
    "Originated from;# Related Incidents"
)


def _bpi_export(changes: tuple[Change, ...]) -> str:
    rows = [BPI_HEADER]
    for c in changes:
        start = c.start.strftime("%d-%m-%Y %H:%M")
        rows.append(f"{c.components[0]};{c.services[0]};{c.id};;;N;N;{start};;{start};;;")
    return "\r\n".join(rows) + "\r\n"


def test_problems_refuses_an_unknown_change_connector(
    xlacore_registry: PluginRegistry, acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["problems", "--demo", "--changes", str(acme_file), "--changes-format", "acme"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "unknown change connector 'acme'" in err
    assert "bpi2014" in err
    assert "Traceback" not in err


def test_problems_refuses_a_change_connector_without_a_file(
    xlacore_registry: PluginRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["problems", "--demo", "--changes-format", "bpi2014"]) == 2
    assert "add --changes" in capsys.readouterr().err


def test_problems_refuses_a_reader_that_loses_records(
    xlacore_make_registry: MakeRegistry, acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    class Lossy:
        @hookimpl
        def xlacore_change_connectors(self) -> Iterator[ChangeConnectorDescriptor]:
            yield ChangeConnectorDescriptor("lossy", _unbalanced)

    xlacore_make_registry(Lossy())
    args = ["problems", "--demo", "--changes", str(acme_file), "--changes-format", "lossy"]
    assert main(args) == 2
    assert "accept or reject every record it reads" in capsys.readouterr().err


# -- the contract kit -----------------------------------------------------------------------
ROWS = st.sampled_from(
    [
        "C1,2026-05-15T08:00:00+02:00,laptop,LAP1",
        "C2,2026-05-20T07:00:00+00:00,email,MAIL1",
        ",2026-05-16T08:00:00+02:00,laptop,LAP1",
        "C3,tomorrow,email,MAIL1",
        'C4,"2026-05-21T07:00:00+00:00",vpn,"VPN\nGW"',
    ]
)
ACME_FILES = st.lists(ROWS, max_size=6, unique=True).map(
    lambda rows: ("id,start,service,component\n" + "\n".join(rows)).encode()
)


def csv_records(content: bytes) -> int:
    """The rows of a CSV after its header, counted by the csv module (a field may span lines)."""
    return len(list(csv.reader(io.StringIO(content.decode(), newline="")))) - 1


def test_a_third_party_change_connector_keeps_the_contract() -> None:
    descriptor = ChangeConnectorDescriptor("acme-changes", read_acme_changes)
    check_change_connector(
        descriptor,
        sources=ACME_FILES,
        records=csv_records,
        suffix=".csv",
        garbage=False,
        settings=FAST,
    )


def test_a_change_connector_that_drops_rows_silently_is_caught() -> None:
    def lossy(path: Path, *, strict: bool) -> ChangesRead:
        read = read_acme_changes(path, strict=strict)
        account = IngestAccount(strict=strict)
        account.accept(read.account.accepted)  # the rejected rows vanish from the account
        return ChangesRead(read.changes, account)

    with pytest.raises(AssertionError, match=r"lost without being accepted or rejected"):
        check_change_connector(
            lossy, sources=ACME_FILES, records=csv_records, garbage=False, settings=FAST
        )


def test_a_change_connector_that_returns_unsorted_changes_is_caught() -> None:
    def unsorted(path: Path, *, strict: bool) -> ChangesRead:
        read = read_acme_changes(path, strict=strict)
        return ChangesRead(tuple(reversed(read.changes)), read.account)

    with pytest.raises(AssertionError, match=r"not sorted by start"):
        check_change_connector(
            unsorted, sources=ACME_FILES, records=csv_records, garbage=False, settings=FAST
        )
