"""Sphinx configuration for the xlacore documentation."""

from __future__ import annotations

import importlib
import re

from sphinx.util.nodes import make_refnode

import xlacore

project = "xlacore"
author = "The xlacore developers"
copyright = "2026, The xlacore developers"
release = xlacore.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = True
# No intersphinx: the build must work without a network, so references to the standard
# library and third-party packages cannot resolve. Only theirs are ignored, never xlacore's:
# a dangling xlacore reference is a bug to fix in the docstring or the page.
# (``np`` and ``st`` are numpy and hypothesis.strategies as annotations spell them; Sphinx
# itself resolves builtins and ``typing``.)
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(attrs|cattrs|collections|concurrent|dask|datetime|enum|hypothesis|np|numpy|pathlib"
        r"|pluggy|st|types|zoneinfo)(\..*)?",
    ),
    # Names an annotation leaves unqualified when they are imported for type checking only.
    (r"py:class", r"NDArray|Path"),
    # pluggy's TypeVar, in the call signature of the hookimpl marker.
    (r"py:class", r"_F"),
]

html_theme = "furo"
html_title = f"xlacore {release}"


def _clean_signature(app, what, name, obj, options, signature, return_annotation):  # type: ignore[no-untyped-def]  # noqa: PLR0917 (Sphinx's event signature)
    """Readable defaults where autodoc would print an object's repr.

    A function default shows as its name (``strategies=builtin_strategy``, not ``<function
    builtin_strategy>``); an attrs field's factory (``=NOTHING``) as its call (``=tuple()``),
    or as ``=...`` when the factory is private or a lambda: the docstring says what it makes.
    """
    import attrs

    if signature is None:
        return None
    cleaned = re.sub(r"<function ([\w.]+)>", r"\1", signature)
    if "=NOTHING" in cleaned and attrs.has(obj):
        for field in attrs.fields(obj):
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                made = getattr(field.default.factory, "__name__", "")
                public = made.isidentifier() and not made.startswith("_")
                shown = f"{made}()" if public else "..."
                cleaned = cleaned.replace(f"{field.alias}=NOTHING", f"{field.alias}={shown}")
    return None if cleaned == signature else (cleaned, return_annotation)


def _find(path: str) -> object:
    """The object a dotted path names: its longest importable prefix, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise ImportError(path)


def _same(one: object, other: object) -> bool:
    """Whether two lookups found one object (a classmethod binds anew on every lookup)."""
    return getattr(one, "__func__", one) is getattr(other, "__func__", other)


def _defined_at(obj: object) -> str:
    """The dotted name of a class or function where it is defined (``.`` for a value)."""
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"


def _documented_as(objects, obj: object, last: str) -> str | None:  # type: ignore[no-untyped-def]
    """The name the py domain documents ``obj`` under, where it is defined first."""
    defined = _defined_at(obj)
    for name in sorted(objects, key=lambda n: n != defined):
        if name.rsplit(".", 1)[-1] != last or objects[name].aliased:
            continue
        try:
            if _same(_find(name), obj):
                return name
        except (ImportError, AttributeError):
            continue
    return None


def _resolve_xlacore(app, env, node, contnode):  # type: ignore[no-untyped-def]
    """Link an xlacore name to the documented name of the same object.

    Pages document each name in the module that defines it (``xlacore.model.calls.Call``);
    docstrings and pages name it where users import it (``xlacore.model.Call``), or
    unqualified in a module that imports it. A private class in a signature (``_Table``, or
    one of a private module) stays plain text: the reference documents public names only, so
    there is nothing to link to, and hiding the signature would hide its public part too.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    module, cls = node.get("py:module"), node.get("py:class")
    tried = [target, f"{module}.{target}", f"{module}.{cls}.{target}" if cls else ""]
    for path in (p for p in tried if p.startswith("xlacore.")):
        try:
            obj = _find(path)
        except (ImportError, AttributeError):
            continue
        objects = env.get_domain("py").objects
        name = _documented_as(objects, obj, path.rsplit(".", 1)[-1])
        if name is not None:
            entry = objects[name]
            return make_refnode(
                app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
            )
        private = re.search(r"\._[A-Za-z]", f"{path} {_defined_at(obj)}")
        if node["reftype"] == "class" and private:
            return contnode
        return None
    return None


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("autodoc-process-signature", _clean_signature)
    app.connect("missing-reference", _resolve_xlacore)
