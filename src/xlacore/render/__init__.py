"""Report renderers: a :class:`~xlacore.evaluation.report.Report` as text or JSON."""
