"""Sphinx configuration for the xlacore documentation."""

from __future__ import annotations

import re

import xlacore

project = "xlacore"
author = "The xlacore developers"
copyright = "2026, The xlacore developers"
release = xlacore.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = False
# No intersphinx: the build must work without a network.

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


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("autodoc-process-signature", _clean_signature)
