"""The production profile under test: haproxy (deploy/haproxy.cfg) in front of two replicas.

    .venv/bin/python -m pytest tests/deploy -q        (about a minute on 2 cores)

One cluster for the session (started under supervisord by deploy/cluster.py, as scripts/serve.sh
starts it, on free loopback ports), Debian's chromium as in tests/e2e.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from deploy.cluster import Cluster, haproxy_exe
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, free_port


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    """haproxy on a free loopback port in front of two replicas of the app."""
    if haproxy_exe() is None:
        pytest.fail("haproxy is missing: apt-get install haproxy (scripts/test.sh does it as root)", pytrace=False)
    c = Cluster(replicas=2, bind=f"127.0.0.1:{free_port()}")
    try:
        c.start()
        c.wait_ready(timeout_s=90)
    except RuntimeError as exc:
        c.stop()
        pytest.fail(str(exc), pytrace=False)
    yield c
    c.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}
