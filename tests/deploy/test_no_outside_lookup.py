"""Streamlit's outside-address lookup (net_util.get_external_ip -> checkip.amazonaws.com).

Watched from inside the server process: a sitecustomize installs an audit hook that records,
and refuses, every DNS lookup of a name that is not local and every connection to an address
off loopback. So these tests see the lookup if it is tried, and never let it leave the machine.

- Start-up: browser.serverAddress in .streamlit/config.toml keeps the "External URL" lookup
  from running, even on the local profile's wildcard address.
- A cross-origin WebSocket attempt: Streamlit 1.67 then always tries the lookup (no option
  turns it off: shown by the control test); the local profile (scripts/run.sh) and the
  replicas (deploy/cluster.py) point `requests` at a proxy on a closed loopback port, so the
  attempt fails at once, with no DNS query. Behind haproxy such attempts never reach
  Streamlit at all (tests/deploy/test_proxy.py).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from deploy.cluster import ROOT, free_port, healthy, python_exe

pytestmark = pytest.mark.deploy

AUDIT_HOOK = '''
import os, socket, sys
_LOG = os.environ.get("BIPN_AUDIT_LOG")
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0", "/")

def _local(host):
    host = host.decode() if isinstance(host, bytes) else str(host or "")
    return host in ("", "::") or host.startswith(_LOCAL)

def _hook(event, args):
    if event not in ("socket.getaddrinfo", "socket.connect") or "streamlit" not in " ".join(sys.orig_argv):
        return
    target = args[0] if event == "socket.getaddrinfo" else args[1]
    host = target[0] if isinstance(target, tuple) else target
    if _local(host):
        return
    # A UDP socket's connect() only picks a route (net_util.get_internal_ip): no packet.
    udp = event == "socket.connect" and args[0].type == socket.SOCK_DGRAM
    with open(_LOG, "a") as f:
        f.write(f"{'udp-route' if udp else event} {host}\\n")
    if not udp:
        raise OSError(f"outside {event} refused by the test: {host}")

if _LOG:
    sys.addaudithook(_hook)
'''


class Watched:
    """A Streamlit server started by `cmd` with the audit hook; its outside attempts in a file."""

    def __init__(self, tmp: Path, cmd: list[str], extra_env: dict[str, str] | None = None) -> None:
        (tmp / "hook").mkdir()
        (tmp / "hook" / "sitecustomize.py").write_text(AUDIT_HOOK)
        self.audit = tmp / "audit.log"
        self.audit.touch()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **(extra_env or {}), "PYTHONPATH": str(tmp / "hook"), "BIPN_AUDIT_LOG": str(self.audit)}
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            if not extra_env or name not in extra_env:
                env.pop(name, None)
        self.log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([*cmd, "--server.port", str(self.port)], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while not healthy(self.url, 1.0):
            assert self.proc.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server never became healthy"
            time.sleep(0.1)

    def attempts(self) -> list[str]:
        """Outside DNS lookups and TCP connections the server tried (and the hook refused)."""
        return [a for a in self.audit.read_text().splitlines() if not a.startswith("udp-route")]

    def cross_origin_attempt(self) -> float:
        """Try a WebSocket from another origin (refused), then return the health check's time."""
        with pytest.raises(InvalidStatus) as refused:
            connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", origin="http://ward-pc-page.example", open_timeout=15)
        assert refused.value.response.status_code == 403
        t0 = time.perf_counter()
        assert healthy(self.url, 10.0)
        return time.perf_counter() - t0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)
        self.log.close()


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[callable]:
    made: list[Watched] = []

    def start(cmd: list[str], extra_env: dict[str, str] | None = None) -> Watched:
        server = Watched(tmp_path, cmd, extra_env)
        made.append(server)
        server.wait_healthy()
        return server

    yield start
    for server in made:
        server.stop()


def test_local_profile_makes_no_outside_lookup(watched) -> None:
    """`bash scripts/run.sh` (wildcard address, the repository's config): none at start-up,
    none for cross-origin WebSocket attempts, and the server stays responsive."""
    server = watched(["bash", "scripts/run.sh"])
    assert server.attempts() == [], "start-up tried to reach outside"
    waits = [server.cross_origin_attempt() for _ in range(5)]
    assert server.attempts() == [], "a cross-origin attempt tried to reach outside"
    assert max(waits) < 1.0, f"health check slowed to {max(waits):.2f} s"


def test_control_plain_streamlit_looks_up_on_cross_origin(watched) -> None:
    """Without that environment Streamlit does try the lookup (which the hook refuses): the
    hook sees it, and only the config's start-up part is switched off by configuration."""
    server = watched([python_exe(), "-m", "streamlit", "run", "app.py"])
    assert server.attempts() == [], "start-up tried to reach outside despite browser.serverAddress"
    server.cross_origin_attempt()
    assert any("checkip.amazonaws.com" in a for a in server.attempts()), server.attempts()
