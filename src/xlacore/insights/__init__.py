"""Experience insights: the questions IT organisations ask once they measure experience.

One module per analysis, grouped by the question it answers: :mod:`~xlacore.insights.experience`
(what shapes experience), :mod:`~xlacore.insights.care` (proactive care) and
:mod:`~xlacore.insights.survey` (whether the evidence can carry agreements); the live
:mod:`~xlacore.insights.ledger` beside them. Each function takes observation columns (see
:class:`~xlacore.insights.data.InsightData`) and returns a frozen, serialisable result.
:func:`insights_report` runs them all and :func:`render_text` makes them readable.
"""

# The subpackages' names are offered here as their own ``__all__`` lists them, so a name is
# listed once; ``__all__ += sub.__all__`` is the form type checkers read (the typing spec's
# "library interface").
from xlacore.insights import care, experience, survey
from xlacore.insights.care import *  # noqa: F403
from xlacore.insights.data import InsightData, Period, latest_moment
from xlacore.insights.experience import *  # noqa: F403
from xlacore.insights.ledger import Ledger
from xlacore.insights.report import InsightSettings, InsightsReport, insights_report
from xlacore.insights.survey import *  # noqa: F403
from xlacore.insights.text import render_text

__all__ = [
    # inputs and the whole report
    "InsightData",
    "InsightSettings",
    "Period",
    "latest_moment",
    "InsightsReport",
    "insights_report",
    "render_text",
    # live scores
    "Ledger",
]
__all__ += experience.__all__
__all__ += care.__all__
__all__ += survey.__all__
