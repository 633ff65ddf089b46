"""haproxy behind or with TLS: the replica cookie is Secure, HTTPS carries HSTS. haproxy alone
in front of a stub replica on loopback (no Streamlit needed: it is haproxy's behaviour)."""

from __future__ import annotations

import http.client
import os
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy.cluster import Cluster, Replica, free_port, haproxy_exe

pytestmark = pytest.mark.deploy


class Stub(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stub() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def haproxy(tmp_path: Path, stub: int, **env: str) -> tuple[subprocess.Popen, Cluster]:
    c = Cluster(replicas=0, bind=f"127.0.0.1:{free_port()}", run_dir=tmp_path, tls_cert=env.pop("cert", None))
    c.members.append(Replica("r1", stub))
    (tmp_path / "haproxy.cfg").write_text(c.config_text())
    proc = subprocess.Popen([haproxy_exe() or "haproxy", "-db", "-f", str(tmp_path / "haproxy.cfg")], env={**c.env(), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 10
    while c.servers_up() < 1:
        assert proc.poll() is None and time.monotonic() < deadline, "haproxy did not come up"
        time.sleep(0.1)
    return proc, c


def get(c: Cluster, path: str = "/") -> http.client.HTTPResponse:
    host, port = c.url.split("://")[1].rsplit(":", 1)
    if c.tls_cert:
        conn = http.client.HTTPSConnection(host, int(port), timeout=5, context=ssl._create_unverified_context())  # noqa: S323 - self-signed, loopback
    else:
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp


def test_cookie_is_secure_behind_a_tls_proxy(tmp_path: Path, stub: int) -> None:
    proc, c = haproxy(tmp_path, stub, BIPN_BEHIND_TLS="1")
    try:
        cookie = get(c).getheader("Set-Cookie") or ""
        assert cookie.startswith("BIPN_SRV=r1") and "Secure" in cookie and "HttpOnly" in cookie, cookie
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_https_with_a_certificate_secure_cookie_and_hsts(tmp_path: Path, stub: int) -> None:
    pem = tmp_path / "site.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)  # fmt: skip
    pem.write_bytes((tmp_path / "cert.pem").read_bytes() + (tmp_path / "key.pem").read_bytes())
    os.chmod(pem, 0o600)
    proc, c = haproxy(tmp_path, stub, cert=str(pem))
    try:
        assert c.url.startswith("https://")
        resp = get(c)
        assert resp.status == 200
        assert "Secure" in (resp.getheader("Set-Cookie") or "")
        assert "max-age=" in (resp.getheader("Strict-Transport-Security") or "")
        assert get(c, "/_stcore/metrics").getheader("Strict-Transport-Security"), "haproxy's own answers too"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
