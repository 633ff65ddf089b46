"""Faults on the running profile: supervisord restarts a dead replica (or haproxy) while the
rest keeps serving, and a tab of the dead replica gets a session on another one at once."""

from __future__ import annotations

import time

import pytest

from deploy.cluster import Cluster, healthy
from tests.deploy.stream import OK, script_run, session

pytestmark = pytest.mark.deploy


def test_killed_replica_is_restarted_while_the_other_serves(cluster: Cluster) -> None:
    with session(cluster.url, "r2") as survivor:
        assert script_run(survivor) == OK
        old = cluster.kill("r1")
        t0 = time.perf_counter()
        # A tab of r1 reconnects (its cookie still says r1): haproxy sends it to r2 at once.
        with session(cluster.url, "r1") as again:
            assert script_run(again) == OK
        reconnect_s = time.perf_counter() - t0
        # While r1 is down, the proxy keeps answering and r2's open session keeps working.
        answered = 0
        while cluster.processes()["r1"]["pid"] in (0, old) or not healthy(cluster.members[0].url, 1.0):
            assert healthy(cluster.url), "the proxy stopped answering while one replica was down"
            answered += 1
            assert time.perf_counter() - t0 < 60, "r1 was not restarted within 60 s"
            time.sleep(0.2)
        assert script_run(survivor) == OK
        cluster.wait_restarted("r1", old, timeout_s=60)
        restart_s = time.perf_counter() - t0
    print(f"\nreplica killed: reconnect on r2 {reconnect_s:.2f} s, r1 back in haproxy {restart_s:.2f} s")
    assert answered > 0 and reconnect_s < 5
    assert cluster.servers_up() == 2


def test_killed_haproxy_is_restarted(cluster: Cluster) -> None:
    cluster.wait_ready(timeout_s=60)
    replicas = {r.name: cluster.pid(r.name) for r in cluster.members}
    old = cluster.kill("haproxy")
    took = cluster.wait_restarted("haproxy", old, timeout_s=30)
    print(f"\nhaproxy killed: serving again in {took:.2f} s")
    with session(cluster.url) as ws:
        assert script_run(ws) == OK
    assert {r.name: cluster.pid(r.name) for r in cluster.members} == replicas, "the replicas were left alone"
    cluster.wait_ready(timeout_s=30)
