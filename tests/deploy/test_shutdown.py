"""Draining on shutdown: haproxy's soft stop refuses new connections, open sessions go on."""

from __future__ import annotations

import signal
import socket
import time

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

from deploy.cluster import Cluster, free_port

pytestmark = pytest.mark.deploy

EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")  # the app's st.rerun()


def script_run(ws: ClientConnection) -> int:
    """Ask for a script run on an open session; return its script_finished status."""
    msg = BackMsg()
    msg.rerun_script.page_script_hash = ""
    ws.send(msg.SerializeToString())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        fwd = ForwardMsg.FromString(ws.recv(timeout=30))
        if fwd.WhichOneof("type") == "script_finished" and fwd.script_finished != EARLY:
            return fwd.script_finished
    raise AssertionError("no script_finished")


def test_soft_stop_drains_open_sessions() -> None:
    cluster = Cluster(replicas=1, bind=f"127.0.0.1:{free_port()}")
    try:
        cluster.start()
        cluster.wait_ready()
        host = cluster.url.removeprefix("http://")
        with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=f"http://{host}", max_size=None) as ws:
            assert script_run(ws) == ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
            assert cluster.haproxy is not None
            cluster.haproxy.send_signal(signal.SIGUSR1)  # what Cluster.stop() and `docker stop` start with
            deadline = time.monotonic() + 5
            while True:  # the listener closes: new users are refused...
                try:
                    socket.create_connection(("127.0.0.1", int(host.rsplit(":", 1)[1])), timeout=1).close()
                except ConnectionRefusedError:
                    break
                assert time.monotonic() < deadline, "haproxy still accepts connections after a soft stop"
                time.sleep(0.1)
            # ...while the open session keeps working through the same proxy process.
            assert script_run(ws) == ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
            assert cluster.haproxy.poll() is None
    finally:
        cluster.stop()
    assert all(not r.alive() for r in cluster.members) and cluster.haproxy.poll() is not None
