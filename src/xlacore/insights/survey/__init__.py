"""Whether the evidence can carry agreements.

Survey health, the readiness questionnaire and the data checks.
"""

from xlacore.insights.survey.questionnaire import (
    Band,
    PreconditionScore,
    Questionnaire,
    QuestionnaireResult,
    load_answers,
    load_questionnaire,
    score_questionnaire,
)
from xlacore.insights.survey.readiness import (
    AnswerCell,
    DataReadiness,
    ReadinessCheck,
    ReadinessSettings,
    answers_needed,
    data_readiness,
)
from xlacore.insights.survey.survey_health import (
    AnswersPerPerson,
    Integrity,
    ResponseRate,
    SurveyHealth,
    survey_health,
)

__all__ = [
    "Band",
    "PreconditionScore",
    "Questionnaire",
    "QuestionnaireResult",
    "load_answers",
    "load_questionnaire",
    "score_questionnaire",
    "AnswerCell",
    "DataReadiness",
    "ReadinessCheck",
    "ReadinessSettings",
    "answers_needed",
    "data_readiness",
    "AnswersPerPerson",
    "Integrity",
    "ResponseRate",
    "SurveyHealth",
    "survey_health",
]
