"""Evaluation: agreement documents read and checked, and evaluated over calls and feedback."""
