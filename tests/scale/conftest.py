"""One Dask cluster for every scale-out test: two worker processes with one thread each.

The cluster binds no fixed port: the scheduler and its dashboard take free ports the system
chooses (``scheduler_port=0``, ``dashboard_address=":0"``), so the tests pass beside another
Dask cluster or anything else listening on 8786 or 8787. (``dashboard_address=None`` is not
enough: the scheduler then still tries its default dashboard port 8787 and warns.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from distributed import Client, LocalCluster

FREE_PORTS: dict[str, Any] = {"scheduler_port": 0, "dashboard_address": ":0"}
"""The LocalCluster settings that bind only ports the system picks."""


def local_cluster(n_workers: int = 2) -> LocalCluster:
    """Worker processes with one thread each, as on a small real cluster, on free ports."""
    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, **FREE_PORTS)


@pytest.fixture(scope="package")
def client() -> Iterator[Client]:
    """Two worker processes with one thread each."""
    with local_cluster() as cluster, Client(cluster) as c:
        yield c
