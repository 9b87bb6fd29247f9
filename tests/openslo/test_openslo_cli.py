"""``xlacore openslo import|export`` through the command line's own entry point."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from tests.openslo.examples import SERVICE_DESK

from xlacore.cli import main
from xlacore.evaluation.documents import load_documents

WORKPLACE = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"


def test_import_prints_the_agreement_file_and_lists_what_was_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "desk.yaml"
    source.write_text(SERVICE_DESK, encoding="utf-8")
    assert main(["openslo", "import", str(source)]) == 0
    out, err = capsys.readouterr()
    assert [d["kind"] for d in json.loads(out)] == ["Indicator", "XLA"]
    lines = err.splitlines()
    assert lines[0] == "left out, without a counterpart in xlacore (6 parts):"
    assert (
        "  $[3].spec.alertPolicies: xlacore reports statuses and burn rates; it does not alert"
        in lines
    )
    assert len(lines) == 7


def test_import_to_a_file_gives_an_agreement_file_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "desk.yaml", tmp_path / "agreements.json"
    source.write_text(SERVICE_DESK, encoding="utf-8")
    assert main(["openslo", "import", str(source), "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"xlacore openslo: wrote {target}" in err
    assert [a.name for a in load_documents(target).agreements] == ["service-desk"]
    assert main(["validate", str(target)]) == 0


def test_export_then_import_through_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slos, back = tmp_path / "slo.yaml", tmp_path / "back.json"
    assert main(["openslo", "export", str(WORKPLACE), "-o", str(slos)]) == 0
    err = capsys.readouterr().err
    assert "left out, without a counterpart in OpenSLO v1 (9 parts):" in err
    assert "  workplace-xla.segments: an OpenSLO v1 Service has no customer segments" in err
    assert main(["openslo", "import", str(slos), "-o", str(back)]) == 0
    assert "left out" not in capsys.readouterr().err
    agreements = load_documents(back).agreements
    assert [(a.name, [o.name for o in a.objectives]) for a in agreements] == [
        ("workplace-sla", ["resolution"]),
        ("workplace-xla", ["reopen-rate"]),
    ]


def test_export_of_one_agreement_prints_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["openslo", "export", str(WORKPLACE), "--agreement", "workplace-sla"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\napiVersion: openslo/v1\nkind: Service\n")
    assert "workplace-xla" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["openslo", "export", str(WORKPLACE), "--agreement", "workplace-xl"],
            "unknown agreement 'workplace-xl'; did you mean 'workplace-xla'?",
        ),
        (["openslo", "import", "no-such.yaml"], "no-such.yaml: no such file or directory"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xlacore openslo: error: {message}")
    assert "Traceback" not in err


def test_an_invalid_document_is_reported_with_file_line_and_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "desk.yaml"
    source.write_text(SERVICE_DESK.replace("kind: SLI", "kind: Sli"), encoding="utf-8")
    assert main(["openslo", "import", str(source)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = SERVICE_DESK.splitlines().index("kind: SLI") + 1
    assert f"  {source}:{line}: $[2].kind: unknown kind 'Sli'" in err


def test_a_file_that_is_not_utf8_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "latin1.yaml"
    source.write_bytes("metadata: {name: caf\u00e9}\n".encode("latin-1"))
    assert main(["openslo", "import", str(source)]) == 2
    assert f"{source}: $: byte 20: not UTF-8 text" in capsys.readouterr().err


def test_without_pyyaml_the_command_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    assert main(["openslo", "export", str(WORKPLACE)]) == 2
    assert "pip install 'xlacore[openslo]'" in capsys.readouterr().err
