"""The render context's types, as renderers and their authors import them.

They are defined in :mod:`xlacore.evaluation.render_context`, so that the insights can build
a context and the renderers read it without either importing the other; this module names
the same objects.
"""

from xlacore.evaluation.render_context import (
    Cell,
    Estimate,
    InsightSection,
    InsightTable,
    RenderContext,
    Series,
)

__all__ = ["Estimate", "Series", "Cell", "InsightTable", "InsightSection", "RenderContext"]
