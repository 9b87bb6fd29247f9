"""Scoring: observation columns, mergeable statistics and the built-in strategies."""
