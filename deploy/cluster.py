"""Start N Streamlit replicas on loopback ports behind Debian's haproxy (deploy/haproxy.cfg),
all of them supervised by supervisord.

    bash scripts/serve.sh [--replicas N] [--bind 127.0.0.1:8080]   (Ctrl-C drains, then stops)

supervisord (PyPI `supervisor`, pinned in requirements.txt) starts the replicas and haproxy,
restarts whichever of them dies while the others keep serving, and on SIGTERM stops them in
order: haproxy first with a soft stop (no new connections; open sessions get BIPN_DRAIN_S,
15 s), the replicas only once haproxy has exited. This module only writes its configuration,
starts it and waits; it supervises nothing itself (deploy/README.md says why supervisord).

Also used by the deployment tests (tests/deploy/), the capacity benchmark (bench/capacity.py)
and the container image, so all of them start the same thing the same way. The replicas run
the repository's app with its .streamlit/config.toml; only haproxy is reachable from outside
loopback, and only if --bind says so.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
# How long open sessions may go on after SIGTERM before haproxy closes them (its
# hard-stop-after); the replicas stop only after that. deploy/k8s/deployment.yaml's grace
# period allows for it.
DRAIN_S = 15
REPLICA_STOP_S = 10  # a replica's own clean stop (SIGTERM) before supervisord kills it

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
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout_s) as resp:  # noqa: S310 - our own http(s) URL
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
    """One `streamlit run` process on 127.0.0.1:port (the supervisord program replicas:name)."""

    name: str
    port: int

    @property
    def url(self) -> str:
        """Where this replica answers, directly (loopback only)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def program(self) -> str:
        """Its name in supervisord."""
        return f"replicas:{self.name}"


def _conf(value: object) -> str:
    """A value for supervisord's configuration file, which expands %(...)s."""
    return str(value).replace("%", "%%")


@dataclass
class Cluster:
    """haproxy on `bind` in front of `replicas` Streamlit processes running `script`, all
    under one supervisord."""

    replicas: int = 2
    bind: str = "127.0.0.1:8080"
    base_port: int | None = None  # replica ports base+1..base+N; None: free ports
    script: str = "serve.py"  # app.py, with the style sheet in the page (deploy/page_style.py)
    app_dir: Path = ROOT
    output: IO | None = None  # where processes write; None: a log file each in the run dir
    drain_s: int = DRAIN_S
    tls_cert: str | None = None  # a PEM file (certificate and key): haproxy serves HTTPS
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bipn-serve-")))
    members: list[Replica] = field(default_factory=list)
    supervisor: subprocess.Popen | None = None
    _files: list[IO] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Where the proxy answers (a wildcard bind is reached on 127.0.0.1)."""
        host, port = self.bind.rsplit(":", 1)
        scheme = "https" if self.tls_cert else "http"
        return f"{scheme}://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"  # noqa: S104 - reads a bind, binds nothing

    def _out(self, name: str) -> IO:
        """Where process `name` writes: the shared output, or its own log in the run dir."""
        if self.output is not None:
            return self.output
        f = open(self.run_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
        self._files.append(f)
        return f

    def env(self) -> dict[str, str]:
        """The environment of supervisord and so of everything it starts."""
        env = {**os.environ, **NO_EGRESS_ENV, "PYTHONUNBUFFERED": "1"}
        env.update(BIPN_BIND=self.bind, BIPN_RUN=str(self.run_dir), BIPN_DRAIN_S=str(self.drain_s))
        if self.tls_cert:
            env["BIPN_TLS_CERT"] = self.tls_cert
        return env

    def config_text(self) -> str:
        """deploy/haproxy.cfg with one server line per replica appended to its backend."""
        lines = [f"    server {r.name} 127.0.0.1:{r.port} cookie {r.name}" for r in self.members]
        return HAPROXY_CFG.read_text() + "\n".join(lines) + "\n"

    def _log_lines(self, name: str) -> str:
        if self.output is not None:  # supervisord copies it to its own stdout, unbuffered
            return "stdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\n"
        return f"stdout_logfile={_conf(self.run_dir / (name + '.log'))}\nstdout_logfile_maxbytes=0\n"

    def supervisor_text(self) -> str:
        """supervisord.conf: haproxy and the replicas, restarted when they die; stopped
        haproxy first (soft stop, drain_s), the replicas after it has exited."""
        run = self.run_dir
        haproxy = haproxy_exe() or "haproxy"
        text = f"""\
[supervisord]
nodaemon=true
logfile={_conf(run / 'supervisord.log')}
logfile_maxbytes=0
pidfile={_conf(run / 'supervisord.pid')}
childlogdir={_conf(run)}
directory={_conf(run)}

[unix_http_server]
file={_conf(run / 'supervisor.sock')}
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{_conf(run / 'supervisor.sock')}

; Started last, stopped first: SIGUSR1 is haproxy's soft stop (listener closed, open
; sessions go on until they end or hard-stop-after, BIPN_DRAIN_S, closes them).
[program:haproxy]
command={_conf(shlex.join([haproxy, '-db', '-f', str(run / 'haproxy.cfg')]))}
priority=900
autorestart=true
startsecs=1
startretries=10
stopsignal=USR1
stopwaitsecs={self.drain_s + 5}
redirect_stderr=true
{self._log_lines('haproxy')}"""
        for r in self.members:
            cmd = [python_exe(), "-m", "streamlit", "run", self.script, "--server.port", str(r.port), "--server.address", "127.0.0.1"]
            text += f"""
[program:{r.name}]
command={_conf(shlex.join(cmd))}
directory={_conf(self.app_dir)}
autorestart=true
startsecs=3
startretries=10
stopsignal=TERM
stopwaitsecs={REPLICA_STOP_S}
stopasgroup=true
killasgroup=true
redirect_stderr=true
{self._log_lines(r.name)}"""
        text += f"""
; One group, stopped all at once after haproxy (lower priority: started first, stopped last).
[group:replicas]
programs={','.join(r.name for r in self.members)}
priority=100
"""
        return text

    def start(self) -> Cluster:
        """Write the configurations and start supervisord; returns at once (see wait_ready)."""
        self.run_dir.chmod(0o700)
        for i in range(1, self.replicas + 1):
            port = self.base_port + i if self.base_port else free_port()
            self.members.append(Replica(f"r{i}", port))
        cfg = self.run_dir / "haproxy.cfg"
        cfg.write_text(self.config_text())
        haproxy = haproxy_exe() or "haproxy"
        check = subprocess.run([haproxy, "-c", "-q", "-f", str(cfg)], env=self.env(), capture_output=True, text=True)
        if check.returncode != 0:
            self.stop()
            raise RuntimeError(f"haproxy rejects the configuration:\n{check.stdout}{check.stderr}")
        conf = self.run_dir / "supervisord.conf"
        conf.write_text(self.supervisor_text())
        out = self._out("supervisord-stdout")
        self.supervisor = subprocess.Popen(
            [python_exe(), "-m", "supervisor.supervisord", "-n", "-c", str(conf)],
            cwd=self.run_dir, env=self.env(), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this process only: it asks for the drain
        )  # fmt: skip
        return self

    # --- what supervisord knows ------------------------------------------------------------

    def rpc(self) -> xmlrpc.client.ServerProxy:
        """supervisord's XML-RPC interface, on its private unix socket."""
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.run_dir / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def processes(self) -> dict[str, dict]:
        """Every supervised process by name (haproxy, r1, ...): statename, pid, ..."""
        return {p["name"]: p for p in self.rpc().supervisor.getAllProcessInfo()}

    def pid(self, name: str) -> int:
        """The process id of haproxy or replica `name` (0 while it is not running)."""
        return self.processes()[name]["pid"]

    def supervised(self) -> bool:
        """True while supervisord runs."""
        return self.supervisor is not None and self.supervisor.poll() is None

    def wait_ready(self, timeout_s: float = 90.0) -> float:
        """Wait until every replica and the proxy answer /_stcore/health and haproxy sees
        every replica up; seconds waited."""
        t0 = time.perf_counter()

        def waiting(what: str) -> None:
            if not self.supervised():
                raise RuntimeError(f"supervisord exited before the cluster was ready\n{self.log_tail('supervisord')}")
            if time.perf_counter() - t0 > timeout_s:
                raise RuntimeError(f"not ready after {timeout_s:.0f} s: {what}")
            time.sleep(0.1)

        while not (self.run_dir / "supervisor.sock").exists():
            waiting("supervisord's socket")
        pending = list(self.members)
        while pending or not healthy(self.url):
            pending = [r for r in pending if not healthy(r.url, 1.0)]
            for name, info in self._safe_processes().items():
                if info["statename"] == "FATAL":
                    raise RuntimeError(f"{name} cannot start\n{self.log_tail(name)}")
            waiting(str([r.name for r in pending] or "haproxy"))
        # haproxy's own checks must have seen the replicas up (rise 2 at 1 s intervals).
        while self.servers_up() < len(self.members):
            waiting("haproxy never marked every replica up")
        return time.perf_counter() - t0

    def _safe_processes(self) -> dict[str, dict]:
        try:
            return self.processes()
        except (OSError, xmlrpc.client.Fault):
            return {}

    # --- haproxy ---------------------------------------------------------------------------

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
        try:
            return sum(1 for state in self.server_states().values() if state.startswith("UP"))
        except OSError:  # haproxy (re)starting
            return 0

    def drain(self, name: str) -> None:
        """Send no new sessions to replica `name`; its open sessions carry on."""
        self.admin(f"set server replicas/{name} state drain")

    # --- faults ----------------------------------------------------------------------------

    def kill(self, name: str) -> int:
        """Kill replica (or haproxy) `name` at once (SIGKILL), as a crash would; its pid."""
        pid = self.pid(name)
        if not pid:
            raise RuntimeError(f"{name} is not running")
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # gone (or a zombie): its sockets are closed
            try:
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.01)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout_s: float = 90.0) -> float:
        """Wait until supervisord has restarted `name` (a new pid) and it serves again, for a
        replica: its health check answers and haproxy sees it up. Seconds waited."""
        t0 = time.perf_counter()
        replica = next((r for r in self.members if r.name == name), None)
        while True:
            info = self._safe_processes().get(name, {})
            back = info.get("statename") == "RUNNING" and info.get("pid") not in (0, old_pid)
            if back and replica is None:
                back = healthy(self.url)
            elif back:
                back = healthy(replica.url, 1.0) and self.server_states().get(name, "").startswith("UP")
            if back:
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > timeout_s or not self.supervised():
                raise RuntimeError(f"{name} not back after {timeout_s:.0f} s ({info.get('statename')})\n{self.log_tail(name)}")
            time.sleep(0.1)

    def log_tail(self, name: str, lines: int = 40) -> str:
        """The last lines of process `name`'s log (empty when it writes to a shared output)."""
        path = self.run_dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Drain, then stop: supervisord's SIGTERM stops haproxy softly (no new connections,
        open sessions go on for up to drain_s), then the replicas (SIGTERM, killed after
        10 s). An interrupt while waiting (a second Ctrl-C) kills everything at once."""
        pids = [p["pid"] for p in self._safe_processes().values() if p.get("pid")]
        try:
            if self.supervised():
                self.supervisor.terminate()
                self.supervisor.wait(timeout=self.drain_s + REPLICA_STOP_S + 15)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            for pid in [self.supervisor.pid if self.supervisor else 0, *pids]:
                try:
                    os.kill(pid, signal.SIGKILL) if pid else None
                except ProcessLookupError:
                    pass
            if self.supervisor is not None:
                self.supervisor.wait(timeout=5)
        finally:
            for f in self._files:
                f.close()
            shutil.rmtree(self.run_dir, ignore_errors=True)


def _interrupt(*_: object) -> None:
    """SIGTERM handler: stop the way Ctrl-C does."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Serve until Ctrl-C (or SIGTERM), then drain and stop everything."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=int(os.environ.get("BIPN_REPLICAS", os.cpu_count() or 2)))
    ap.add_argument("--bind", default=os.environ.get("BIPN_BIND", "127.0.0.1:8080"))
    ap.add_argument("--base-port", type=int, default=8510, help="replicas listen on base+1 .. base+N")
    ap.add_argument("--drain", type=int, default=int(os.environ.get("BIPN_DRAIN_S", DRAIN_S)),
                    help="seconds open sessions may go on after SIGTERM (default 15)")  # fmt: skip
    ap.add_argument("--tls-cert", default=os.environ.get("BIPN_TLS_CERT") or None,
                    help="PEM file with certificate and key: serve HTTPS (Secure cookie, HSTS)")  # fmt: skip
    args = ap.parse_args(argv)
    if haproxy_exe() is None:
        print("haproxy is missing: apt-get install haproxy (Debian's package)", file=sys.stderr)
        return 1
    cluster = Cluster(replicas=args.replicas, bind=args.bind, base_port=args.base_port, output=sys.stdout,
                      drain_s=args.drain, tls_cert=args.tls_cert)  # fmt: skip
    signal.signal(signal.SIGTERM, _interrupt)  # `docker stop`, Kubernetes: drain as for Ctrl-C
    try:
        cluster.start()
        cluster.wait_ready()
        print(f"\nbipn-bedside: {args.replicas} replicas behind {cluster.url}  (Ctrl-C drains and stops)"
              f"\nhaproxy admin socket: {cluster.run_dir / 'admin.sock'}"
              f"\nprocesses: {python_exe()} -m supervisor.supervisorctl -c {cluster.run_dir / 'supervisord.conf'} status\n",
              flush=True)  # fmt: skip
        # supervisord restarts whatever dies; give up only when no replica can run at all
        # (each FATAL after 10 failed starts): then the container runtime restarts the lot.
        while cluster.supervised():
            states = [p["statename"] for n, p in cluster._safe_processes().items() if n != "haproxy"]
            if states and all(s == "FATAL" for s in states):
                print("no replica can start (see the log above): stopping", file=sys.stderr)
                return 1
            time.sleep(1)
        print("supervisord exited: stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nstopping: haproxy takes no new sessions; open ones go on for up to {args.drain} s,"
              " then the replicas stop (Ctrl-C again: at once)", flush=True)  # fmt: skip
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
