"""Report renderers: a :class:`~xlacore.evaluation.report.Report` as text, JSON, CSV or HTML.

The renderers read the report and a
:class:`~xlacore.evaluation.render_context.RenderContext` and import nothing but the model and
the evaluation; the context is built by :mod:`xlacore.insights.report_context`
(history and insight figures) and :mod:`xlacore.insights.sections` (the analyses as sections).
"""
