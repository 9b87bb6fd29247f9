"""The API reference documents every public module once, on its package's page."""

from __future__ import annotations

import html
import importlib
import importlib.util
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType, ModuleType

import pytest
from sphinx.cmd.build import build_main
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.inspect import object_description, signature, stringify_signature

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"
PAGES = ROOT / "docs" / "api"


def _public_modules() -> set[str]:
    found = set()
    for path in (SRC / "xlacore").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if not any(p.startswith("_") for p in parts):
            found.add(".".join(parts))
    # Commands are documented in docs/cli.md; the package page shows ``main`` only.
    return {m for m in found if not m.startswith("xlacore.cli.")}


def _documented() -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for page in sorted(PAGES.glob("xlacore*.md")):
        for module in re.findall(r"^\.\. automodule:: (\S+)$", page.read_text(), re.M):
            pages.setdefault(module, []).append(page.stem)
    return pages


def test_every_public_module_is_documented_once_on_its_packages_page() -> None:
    documented = _documented()
    assert set(documented) == _public_modules()
    for module, pages in documented.items():
        package = ".".join(module.split(".")[:2])
        top = {"xlacore.errors", "xlacore.serialization", "xlacore.schemas", "xlacore.notebook"}
        want = "xlacore" if module == "xlacore" or package in top else package
        assert pages == [want], module


def test_the_index_lists_every_page() -> None:
    index = (PAGES / "index.md").read_text()
    assert {p.stem for p in PAGES.glob("xlacore*.md")} <= set(index.split())


def _conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xlacore_docs_conf", ROOT / "docs" / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def _documented_callables() -> Iterator[tuple[str, object]]:
    """Every class, function and method autodoc shows, with its dotted name."""
    for name in sorted(_documented()):
        module = importlib.import_module(name)
        shown = getattr(module, "__all__", None) or [n for n in vars(module) if n[0] != "_"]
        for attr in shown:
            obj = getattr(module, attr)
            if getattr(obj, "__module__", None) != name or not callable(obj):
                continue
            yield f"{name}.{attr}", obj
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    if member[0] != "_" and isinstance(value, FunctionType | classmethod):
                        yield f"{name}.{attr}.{member}", getattr(obj, member)


def test_no_signature_in_the_reference_shows_an_objects_repr() -> None:
    """``=NOTHING``, ``<function f>``, ``<lambda>()`` tell a reader nothing: conf.py cleans them."""
    clean = _conf()._clean_signature
    junk: dict[str, str] = {}
    for name, obj in _documented_callables():
        try:
            raw = stringify_signature(signature(obj), show_annotation=False)
        except (TypeError, ValueError):  # no signature to show (a builtin's, an enum's)
            continue
        cleaned = clean(None, "", name, obj, {}, raw, None)
        shown = raw if cleaned is None else cleaned[0]
        if re.search(r"NOTHING|<\w|\bat 0x|=_\w", shown):
            junk[name] = shown
    assert junk == {}


def _packages() -> list[str]:
    return sorted(
        {".".join(p.relative_to(SRC).parent.parts) for p in (SRC / "xlacore").rglob("__init__.py")}
    )


def _pages_document() -> tuple[set[str], list[object]]:
    """The modules whose members the pages show, and the objects they name one by one."""
    text = "\n".join(page.read_text() for page in PAGES.glob("xlacore*.md"))
    modules = set(re.findall(r"^\.\. automodule:: (\S+)\n(?!   :no-members:)", text, re.M))
    named = re.findall(r"^\.\. auto(?:function|class|data):: (\S+)\.(\w+)$", text, re.M)
    return modules, [getattr(importlib.import_module(m), n) for m, n in named]


def _documented_at(obj: object, name: str, modules: set[str]) -> str | None:
    """The documented module that lists ``name`` in its ``__all__`` and has a text for it."""
    for module in sorted(modules):
        found = importlib.import_module(module)
        if name not in getattr(found, "__all__", ()) or getattr(found, name, None) is not obj:
            continue
        if inspect.isclass(obj) or inspect.isroutine(inspect.unwrap(obj)):  # type: ignore[arg-type]
            return module if inspect.getdoc(obj) else None
        attr_docs = ModuleAnalyzer.for_module(module).find_attr_docs()
        return module if ("", name) in attr_docs else None
    return None


#: Modules whose constants hold objects (strategies, connectors, readers) or whose signatures
#: had function defaults and factories: the reference built from them must show none of it.
SHOWN_BY_REPR = (
    "xlacore.scoring.builtin",
    "xlacore.scoring.happiness",
    "xlacore.connectors.builtin",
    "xlacore.connectors.jira",
    "xlacore.connectors.protocol",
    "xlacore.evaluation.documents",
    "xlacore.insights.data",
    "xlacore.model.indicators",
)


def test_the_built_reference_shows_no_objects_repr(tmp_path: Path) -> None:
    """Built with docs/conf.py: no ``<... object>``, ``<function f>`` or ``=NOTHING``.

    Not nitpicky: these pages alone name objects documented on the others.
    """
    source, out = tmp_path / "source", tmp_path / "html"
    source.mkdir()
    (source / "conf.py").write_text(f"exec({(ROOT / 'docs' / 'conf.py').read_text()!r})\n")
    pages = "".join(f".. automodule:: {m}\n" for m in SHOWN_BY_REPR)
    (source / "index.rst").write_text(f"Reference\n=========\n\n{pages}")
    assert build_main(["-q", "-W", "-D", "nitpicky=0", "-b", "html", str(source), str(out)]) == 0
    text = html.unescape(re.sub(r"<[^>]+>", "", (out / "index.html").read_text()))
    junk = r"<[\w.]+ object>|<function [\w.]+>|<lambda>|=NOTHING|=_\w+\(| at 0x"
    assert re.findall(f".{{40}}(?:{junk}).{{20}}", text) == []


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:'myst_parser:sphinx.deprecation.RemovedInSphinx11Warning")
def test_every_cross_reference_in_the_docs_resolves(tmp_path: Path) -> None:
    """The whole site built as CI builds it, nitpicky: a reference that links nowhere fails."""
    warnings = tmp_path / "warnings.txt"
    args = ["-q", "-W", "--keep-going", "-b", "html", "-d", str(tmp_path / "doctrees")]
    status = build_main([*args, "-w", str(warnings), str(ROOT / "docs"), str(tmp_path / "html")])
    assert warnings.read_text() == ""
    assert status == 0


def test_no_documented_constant_shows_an_objects_repr() -> None:
    """Every module's constants: a value that prints as an object's repr is hidden."""
    junk: dict[str, str] = {}
    for name in sorted(_documented()):
        module = importlib.import_module(name)
        docs = ModuleAnalyzer.for_module(name).find_attr_docs()
        for attr in getattr(module, "__all__", ()):
            doc = docs.get(("", attr))
            if doc is None or ":meta hide-value:" in doc:
                continue
            if re.search(
                r"<[\w.]+ object>|<function| at 0x",
                shown := object_description(getattr(module, attr)),
            ):
                junk[f"{name}.{attr}"] = shown
    assert junk == {}


def test_every_package_offers_a_curated_list_of_documented_names() -> None:
    modules, objects = _pages_document()
    undocumented: dict[str, list[str]] = {}
    for package in _packages():
        found = importlib.import_module(package)
        names = getattr(found, "__all__", [])
        assert names, f"{package} has no __all__"
        assert len(set(names)) == len(names), package
        for name in names:
            obj = getattr(found, name)  # raises if the name does not exist
            if name.startswith("__") or any(obj is one for one in objects):
                continue
            if inspect.ismodule(obj):
                ok = obj.__name__ in _documented()
            else:
                ok = _documented_at(obj, name, modules) is not None
            if not ok:
                undocumented.setdefault(package, []).append(name)
    assert undocumented == {}
