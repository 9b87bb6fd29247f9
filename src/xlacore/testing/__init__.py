"""Tools for testing xlacore and its plugins (requires ``xlacore[testing]``).

- :mod:`xlacore.testing.strategies`: hypothesis strategies for every model type.
- :mod:`xlacore.testing.contracts`: checks a plugin author runs against their own scoring
  strategy, connector, change connector or renderer.
- :mod:`xlacore.testing.pytest_plugin`: the ``xlacore_registry`` and ``xlacore_make_registry``
  fixtures, registered automatically with pytest when xlacore is installed.

The rest of xlacore never imports this package.
"""
