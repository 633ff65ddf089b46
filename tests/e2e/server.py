"""Start a Streamlit app in a subprocess and wait until it is healthy.

Shared by the browser tests (tests/e2e/conftest.py) and the benchmark (bench/run.py), so both
start the app exactly the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Playwright's own browser download does not work on the ward build machines: always Debian's
# chromium. --no-sandbox because the suite runs as root in a container.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def python_for(root: Path) -> str:
    venv_python = root / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


class StreamlitServer:
    """One `streamlit run` process on a free local port, its output in a temp file."""

    def __init__(self, root: Path, script: str = "app.py", name: str = "app") -> None:
        self.root = Path(root)
        self.script = script
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(prefix=f"streamlit-{name}-", suffix=".log", delete=False)  # noqa: SIM115 - open for the server's life
        self.log_path = Path(self._log.name)
        self.started_at = 0.0

    def start(self) -> StreamlitServer:
        cmd = [
            python_for(self.root), "-m", "streamlit", "run", self.script,
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=self.root, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        return self

    def wait_healthy(self, timeout_s: float = 60.0) -> float:
        """Poll /_stcore/health until it answers ok; return seconds since start().

        Raises RuntimeError (with the server log) if the process exits or the timeout passes.
        """
        assert self.proc is not None, "start() first"
        deadline = self.started_at + timeout_s
        health = f"{self.url}/_stcore/health"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit ({self.name}) exited with code {self.proc.returncode} before it was healthy.\n"
                    f"--- server log {self.log_path} ---\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as resp:
                    if resp.status == 200 and resp.read().strip() == b"ok":
                        return time.perf_counter() - self.started_at
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError(
                    f"streamlit ({self.name}) not healthy at {health} after {timeout_s:.0f} s.\n"
                    f"--- server log {self.log_path} ---\n{self.log_tail()}"
                )
            time.sleep(0.05)

    def log_tail(self, lines: int = 120) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    def rss_kib(self) -> int:
        """Resident memory of the server process in KiB, from /proc/<pid>/status."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("VmRSS not found")

    def terminate(self) -> None:
        """Ask the server to stop without waiting (stop() waits)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
        if self.proc is not None:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    def remove_log(self) -> None:
        try:
            self.log_path.unlink()
        except OSError:
            pass
