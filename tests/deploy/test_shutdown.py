"""Draining on SIGTERM, as `docker stop` and Kubernetes send it to deploy/cluster.py (what
scripts/serve.sh and the image run): haproxy takes no new connections at once, open sessions
go on for their grace period, and only then do the replicas stop.

The grace period is 15 s in production (BIPN_DRAIN_S); these tests use 4 s to stay fast
(test_grace_periods_fit_together checks the production figures).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from deploy.cluster import ROOT, free_port, healthy
from tests.deploy.stream import OK, script_run, session

pytestmark = pytest.mark.deploy

DRAIN_S = 4


def serve(drain_s: int) -> tuple[subprocess.Popen, str, int]:
    """`python deploy/cluster.py --replicas 1` (as scripts/serve.sh runs it); its proxy URL
    and replica port, once it serves."""
    port, replica = free_port(), free_port()
    proc = subprocess.Popen(
        [sys.executable, "deploy/cluster.py", "--replicas", "1", "--bind", f"127.0.0.1:{port}",
         "--base-port", str(replica - 1), "--drain", str(drain_s)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while not healthy(url, 1.0):
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace") if proc.stdout else ""
        assert time.monotonic() < deadline, "not serving after 90 s"
        time.sleep(0.2)
    return proc, url, replica


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    if proc.stdout:
        proc.stdout.close()


def test_sigterm_drains_an_open_session_before_the_replicas_stop() -> None:
    proc, url, replica = serve(DRAIN_S)
    port = int(url.rsplit(":", 1)[1])
    try:
        with session(url) as ws:
            assert script_run(ws) == OK
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            while not refused(port):  # new users are refused at once...
                assert time.monotonic() - t0 < 2, "haproxy still accepts connections 2 s after SIGTERM"
                time.sleep(0.05)
            refused_s = time.monotonic() - t0
            # ...while the open session keeps working, on a replica that is still up.
            while time.monotonic() - t0 < DRAIN_S - 1:
                assert script_run(ws) == OK, "the open session was cut before its grace period"
                assert healthy(f"http://127.0.0.1:{replica}", 1.0), "the replica stopped before the drain ended"
                time.sleep(0.5)
            with pytest.raises(ConnectionClosed):  # the grace period ends: haproxy closes it
                while time.monotonic() - t0 < DRAIN_S + 5:
                    script_run(ws, timeout_s=2)
            cut_s = time.monotonic() - t0
        assert proc.wait(timeout=DRAIN_S + 20) == 0
        exit_s = time.monotonic() - t0
    finally:
        stop(proc)
    print(f"\ndrain {DRAIN_S} s: listener closed {refused_s:.2f} s, session closed {cut_s:.2f} s, all stopped {exit_s:.2f} s")
    assert DRAIN_S - 1 <= cut_s <= DRAIN_S + 2
    assert refused(replica), "the replica still runs after the profile exited"


def test_sigterm_with_no_open_session_stops_at_once() -> None:
    """Nothing to wait for: haproxy exits as soon as its last connection is gone."""
    proc, url, replica = serve(15)
    try:
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        exit_s = time.monotonic() - t0
    finally:
        stop(proc)
    print(f"\nno open session: stopped in {exit_s:.2f} s")
    assert exit_s < 8 and refused(replica)


def test_grace_periods_fit_together() -> None:
    """15 s of drain in haproxy, and room for it in supervisord, the image and the pod."""
    import yaml

    from deploy import cluster

    assert cluster.DRAIN_S == 15
    cfg = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert 'hard-stop-after "${BIPN_DRAIN_S-15}s"' in cfg
    text = cluster.Cluster(replicas=1, run_dir=Path("/nonexistent")).supervisor_text()
    haproxy = text.split("[program:haproxy]")[1].split("[")[0]
    assert "stopsignal=USR1" in haproxy and f"stopwaitsecs={cluster.DRAIN_S + 5}" in haproxy
    assert "priority=900" in haproxy and "priority=100" in text.split("[group:replicas]")[1], "haproxy stops first"
    pod = yaml.safe_load((ROOT / "deploy" / "k8s" / "deployment.yaml").read_text())["spec"]["template"]["spec"]
    (app,) = pod["containers"]
    pre_stop = int(app["lifecycle"]["preStop"]["sleep"]["seconds"])
    assert pod["terminationGracePeriodSeconds"] >= pre_stop + cluster.DRAIN_S + cluster.REPLICA_STOP_S + 5
