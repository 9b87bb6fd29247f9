"""Whether the evidence can carry agreements.

Survey health, the readiness questionnaire and the data checks.
"""
