"""Sphinx configuration for the xlacore documentation."""

from __future__ import annotations

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


def _factory_defaults(app, what, name, obj, options, signature, return_annotation):  # type: ignore[no-untyped-def]  # noqa: PLR0917 (Sphinx's event signature)
    """Show an attrs field's factory (``=tuple()``) where its signature says ``=NOTHING``."""
    import attrs

    if signature is None or "=NOTHING" not in signature or not attrs.has(obj):
        return None
    for field in attrs.fields(obj):
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            made = getattr(field.default.factory, "__name__", "factory")
            signature = signature.replace(f"{field.alias}=NOTHING", f"{field.alias}={made}()")
    return signature, return_annotation


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("autodoc-process-signature", _factory_defaults)
