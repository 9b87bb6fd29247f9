"""Scale-out: the same mergeable statistics on distributed engines.

:mod:`xlacore.scale.plan` holds what any engine runs (accumulate, merge, finalise);
:mod:`xlacore.scale.dask` runs it on Dask (optional extra ``xlacore[dask]``).
"""
