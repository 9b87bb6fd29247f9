"""The test cluster starts while Dask's default ports 8786 and 8787 are taken."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from distributed import Client
from tests.scale.conftest import local_cluster

DASK_DEFAULT_PORTS = (8786, 8787)


@pytest.fixture
def busy_default_ports() -> Iterator[None]:
    """Listen on 8786 and 8787 (when free) for the duration of the test."""
    taken: list[socket.socket] = []
    try:
        for port in DASK_DEFAULT_PORTS:
            sock = socket.socket()
            try:
                sock.bind(("", port))
            except OSError:  # already busy: the condition under test holds anyway
                sock.close()
                continue
            sock.listen()
            taken.append(sock)
        yield
    finally:
        for sock in taken:
            sock.close()


@pytest.mark.usefixtures("busy_default_ports")
def test_the_cluster_uses_no_fixed_port() -> None:
    # filterwarnings=error: the "Port 8787 is already in use" warning would fail the start.
    with local_cluster(n_workers=1) as cluster, Client(cluster) as client:
        assert client.submit(sum, [1, 2, 3]).result() == 6
        ports = {int(cluster.scheduler_address.rsplit(":", 1)[1])}
        ports.add(int(cluster.dashboard_link.split(":")[2].split("/")[0]))
    assert not ports & set(DASK_DEFAULT_PORTS)
