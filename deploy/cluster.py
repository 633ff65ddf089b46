"""Start N Streamlit replicas on loopback ports behind Debian's haproxy (deploy/haproxy.cfg).

    bash scripts/serve.sh [--replicas N] [--bind 127.0.0.1:8080]   (Ctrl-C stops everything)

Also used by the deployment tests (tests/deploy/) and the capacity benchmark
(bench/capacity.py), so all three start the same thing the same way. The replicas run the
repository's app with its .streamlit/config.toml; only haproxy is reachable from outside
loopback, and only if --bind says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"

# Streamlit 1.67 asks checkip.amazonaws.com for this machine's outside address (through
# `requests`) when a WebSocket comes from another origin, and retries on every such attempt
# if it failed; with a slow resolver that blocks the server for seconds. No Streamlit option
# turns that off, so the replicas get a proxy that does not exist: the attempt fails at once
# on loopback, with no DNS query and no packet leaving the machine. (The app itself makes no
# outgoing requests.) The start-up lookup is off through browser.serverAddress in
# .streamlit/config.toml.
NO_EGRESS_ENV = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "no_proxy": "",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout_s: float = 2.0) -> bool:
    """True if GET url/_stcore/health answers 200 "ok"."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout_s) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def haproxy_exe() -> str | None:
    """Debian's haproxy (in /usr/sbin, which a non-root PATH may lack), or None."""
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    return found if os.access(found, os.X_OK) else None


def python_exe() -> str:
    """The repository's venv Python if there is one, else this interpreter."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@dataclass
class Replica:
    """One `streamlit run` process on 127.0.0.1:port."""

    name: str
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Where this replica answers, directly (loopback only)."""
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        """True while the process runs."""
        return self.proc is not None and self.proc.poll() is None


@dataclass
class Cluster:
    """haproxy on `bind` in front of `replicas` Streamlit processes running `script`."""

    replicas: int = 2
    bind: str = "127.0.0.1:8080"
    base_port: int | None = None  # replica ports base+1..base+N; None: free ports
    script: str = "app.py"
    app_dir: Path = ROOT
    output: IO | None = None  # where processes write; None: a log file each in the run dir
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bipn-serve-")))
    members: list[Replica] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None
    _files: list[IO] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Where the proxy answers (a wildcard bind is reached on 127.0.0.1)."""
        host, port = self.bind.rsplit(":", 1)
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"

    def _out(self, name: str) -> IO:
        """Where process `name` writes: the shared output, or its own log in the run dir."""
        if self.output is not None:
            return self.output
        f = open(self.run_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        self._files.append(f)
        return f

    def config_text(self) -> str:
        """deploy/haproxy.cfg with one server line per replica appended to its backend."""
        lines = [f"    server {r.name} 127.0.0.1:{r.port} cookie {r.name}" for r in self.members]
        return HAPROXY_CFG.read_text() + "\n".join(lines) + "\n"

    def start_replica(self, replica: Replica) -> None:
        """Start (or restart) one replica with the repository's config and no egress."""
        cmd = [
            python_exe(), "-m", "streamlit", "run", self.script,
            "--server.port", str(replica.port),
            "--server.address", "127.0.0.1",
        ]  # fmt: skip
        env = {**os.environ, **NO_EGRESS_ENV, "PYTHONUNBUFFERED": "1"}
        out = self._out(replica.name)
        replica.proc = subprocess.Popen(
            cmd, cwd=self.app_dir, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )

    def start(self) -> Cluster:
        """Start the replicas and haproxy; returns at once (see wait_ready)."""
        self.run_dir.chmod(0o700)
        for i in range(1, self.replicas + 1):
            port = self.base_port + i if self.base_port else free_port()
            replica = Replica(f"r{i}", port)
            self.members.append(replica)
            self.start_replica(replica)
        cfg = self.run_dir / "haproxy.cfg"
        cfg.write_text(self.config_text())
        env = {**os.environ, "BIPN_BIND": self.bind, "BIPN_RUN": str(self.run_dir)}
        haproxy = haproxy_exe() or "haproxy"
        check = subprocess.run([haproxy, "-c", "-q", "-f", str(cfg)], env=env, capture_output=True, text=True)
        if check.returncode != 0:
            self.stop()
            raise RuntimeError(f"haproxy rejects the configuration:\n{check.stdout}{check.stderr}")
        out = self._out("haproxy")
        self.haproxy = subprocess.Popen(
            [haproxy, "-db", "-f", str(cfg)], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def wait_ready(self, timeout_s: float = 90.0) -> float:
        """Wait until every replica and the proxy answer /_stcore/health; seconds waited."""
        t0 = time.perf_counter()
        pending = list(self.members)
        while pending or not healthy(self.url):
            pending = [r for r in pending if not healthy(r.url, 1.0)]
            for proc, name in [(r.proc, r.name) for r in self.members] + [(self.haproxy, "haproxy")]:
                if proc is None or proc.poll() is not None:
                    raise RuntimeError(f"{name} exited before the cluster was ready\n{self.log_tail(name)}")
            if time.perf_counter() - t0 > timeout_s:
                raise RuntimeError(f"not ready after {timeout_s:.0f} s: {[r.name for r in pending] or 'haproxy'}")
            time.sleep(0.1)
        # haproxy's own checks must have seen the replicas up (rise 2 at 1 s intervals).
        while self.servers_up() < len(self.members):
            if time.perf_counter() - t0 > timeout_s:
                raise RuntimeError("haproxy never marked every replica up")
            time.sleep(0.2)
        return time.perf_counter() - t0

    def admin(self, command: str) -> str:
        """Send one command to haproxy's admin socket and return its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.run_dir / "admin.sock"))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_states(self) -> dict[str, str]:
        """Each replica's state as haproxy's health checks see it (UP, DOWN, ...)."""
        states = {}
        for line in self.admin("show stat").splitlines():
            cols = line.split(",")
            if len(cols) > 17 and cols[0] == "replicas" and cols[1] not in ("BACKEND", "FRONTEND"):
                states[cols[1]] = cols[17]
        return states

    def servers_up(self) -> int:
        """How many replicas haproxy's health checks see up."""
        return sum(1 for state in self.server_states().values() if state.startswith("UP"))

    def drain(self, name: str) -> None:
        """Send no new sessions to replica `name`; its open sessions carry on."""
        self.admin(f"set server replicas/{name} state drain")

    def kill(self, name: str) -> None:
        """Kill replica `name` at once (SIGKILL), as a crash would."""
        replica = next(r for r in self.members if r.name == name)
        assert replica.proc is not None
        replica.proc.kill()
        replica.proc.wait(timeout=10)

    def log_tail(self, name: str, lines: int = 40) -> str:
        """The last lines of process `name`'s log (empty when it writes to a shared output)."""
        path = self.run_dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Drain: haproxy stops listening and lets open sessions finish (soft stop), the
        replicas then stop cleanly (SIGTERM); anything left after 15 s is killed."""
        if self.haproxy is not None and self.haproxy.poll() is None:
            self.haproxy.send_signal(signal.SIGUSR1)
        procs = [r.proc for r in self.members if r.proc is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*procs, self.haproxy]:
            if proc is None:
                continue
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        for f in self._files:
            f.close()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _interrupt(*_: object) -> None:
    """SIGTERM handler: stop the way Ctrl-C does."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Serve until Ctrl-C (or SIGTERM), then stop everything."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=int(os.environ.get("BIPN_REPLICAS", os.cpu_count() or 2)))
    ap.add_argument("--bind", default=os.environ.get("BIPN_BIND", "127.0.0.1:8080"))
    ap.add_argument("--base-port", type=int, default=8510, help="replicas listen on base+1 .. base+N")
    args = ap.parse_args(argv)
    if haproxy_exe() is None:
        print("haproxy is missing: apt-get install haproxy (Debian's package)", file=sys.stderr)
        return 1
    cluster = Cluster(replicas=args.replicas, bind=args.bind, base_port=args.base_port, output=sys.stdout)
    signal.signal(signal.SIGTERM, _interrupt)  # `docker stop`, Kubernetes: drain as for Ctrl-C
    try:
        cluster.start()
        cluster.wait_ready()
        print(f"\nbipn-bedside: {args.replicas} replicas behind {cluster.url}  (Ctrl-C stops)"
              f"\nhaproxy admin socket: {cluster.run_dir / 'admin.sock'}\n", flush=True)  # fmt: skip
        while all(r.alive() for r in cluster.members) and cluster.haproxy and cluster.haproxy.poll() is None:
            time.sleep(1)
        print("a process exited: stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping: draining haproxy, then the replicas", flush=True)
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
