"""Proactive care, one module per analysis.

Calls without a contact, changes and their aftermath, problem candidates, and which call to
take first.
"""
