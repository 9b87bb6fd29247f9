"""Report renderers: a :class:`~xlacore.evaluation.report.Report` as text, JSON, CSV or HTML.

The renderers read the report and a :class:`~xlacore.render.context.RenderContext`; the
context is built by :mod:`xlacore.render.report_context` (history and insight figures) and
:mod:`xlacore.render.insight_sections` (the analyses as sections), the only modules here that
read :mod:`xlacore.insights`.
"""
