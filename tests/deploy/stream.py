"""A Streamlit session over its WebSocket, as the browser opens it, through the proxy."""

from __future__ import annotations

import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")  # the app's st.rerun()
OK = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")


def session(url: str, replica: str | None = None) -> ClientConnection:
    """Open a session's WebSocket through the proxy at `url`; `replica` pins it with the
    sticky cookie, as a tab that already has one does (a reconnect)."""
    host = url.removeprefix("http://")
    headers = {"Cookie": f"BIPN_SRV={replica}"} if replica else {}
    return connect(
        f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=f"http://{host}",
        additional_headers=headers, max_size=None, open_timeout=10,
    )  # fmt: skip


def script_run(ws: ClientConnection, timeout_s: float = 30) -> int:
    """Ask for a script run on an open session; return its script_finished status."""
    msg = BackMsg()
    msg.rerun_script.page_script_hash = ""
    ws.send(msg.SerializeToString())
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        fwd = ForwardMsg.FromString(ws.recv(timeout=timeout_s))
        if fwd.WhichOneof("type") == "script_finished" and fwd.script_finished != EARLY:
            return fwd.script_finished
    raise AssertionError("no script_finished")
