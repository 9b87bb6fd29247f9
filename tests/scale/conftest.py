"""One Dask cluster for every scale-out test: two worker processes with one thread each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from distributed import Client, LocalCluster


@pytest.fixture(scope="package")
def client() -> Iterator[Client]:
    """Two worker processes with one thread each, as on a small real cluster."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c
