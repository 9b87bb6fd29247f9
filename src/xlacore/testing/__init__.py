"""Tools for testing xlacore and its plugins: hypothesis strategies, contract checks, fixtures.

Requires ``xlacore[testing]``. Nothing in :mod:`xlacore` imports this package.
"""
