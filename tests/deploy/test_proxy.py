"""What the proxy adds, over plain HTTP: headers, refused paths and upgrades, limits."""

from __future__ import annotations

import http.client
import socket
import time

import pytest

from deploy import server_url
from deploy.cluster import Cluster
from ui.style import view_js_sha256

pytestmark = pytest.mark.deploy

WS_HEADERS = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def request(url: str, path: str, *, method: str = "GET", headers: dict[str, str] | None = None, source: str = "127.0.0.1") -> http.client.HTTPResponse:
    """One request on a fresh connection from `source` (another loopback address is another client)."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    conn.request(method, path, headers=headers or {})
    resp = conn.getresponse()
    resp.read() if resp.status != 101 else None
    conn.close()
    return resp


def test_security_headers_on_every_response(cluster: Cluster) -> None:
    for path in ("/", "/_stcore/health", "/_stcore/host-config", "/no-such-file.js"):
        resp = request(cluster.url, path)
        csp = resp.getheader("Content-Security-Policy") or ""
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, (path, csp)
        scripts = csp.split("script-src")[1].split(";")[0]
        assert "'unsafe-inline'" not in scripts, "inline scripts must stay blocked"
        assert view_js_sha256() in scripts.split(), f"{path}: the app's view script (ui/style.py) is not allowed by its hash"
        assert server_url.sha256() in scripts.split(), f"{path}: the server's address (deploy/server_url.py) is not allowed by its hash"
        assert resp.getheader("X-Frame-Options") == "DENY", path
        assert resp.getheader("X-Content-Type-Options") == "nosniff", path
        assert resp.getheader("Referrer-Policy") == "no-referrer", path
        assert resp.getheader("Server") is None, f"{path} names its server software"


SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")


@pytest.mark.parametrize(
    ("path", "method", "headers", "status"),
    [
        ("/_stcore/metrics", "GET", {}, 403),
        ("/", "POST", {"Content-Length": "2000000"}, 413),
        ("/pain/extra", "GET", {}, 302),
        ("/_stcore/stream", "GET", {**WS_HEADERS, "Origin": "http://evil.example"}, 403),
        ("/_bipn/live", "GET", {}, 200),
        ("/_bipn/ready", "GET", {}, 200),
    ],
    ids=["403", "413", "302", "403-origin", "live", "ready"],
)
def test_haproxys_own_answers_carry_the_security_headers(cluster: Cluster, path: str, method: str, headers: dict, status: int) -> None:
    resp = request(cluster.url, path, method=method, headers=headers)
    assert resp.status == status
    missing = [h for h in SECURITY_HEADERS if not resp.getheader(h)]
    assert not missing and resp.getheader("Server") is None, (status, missing)


def test_sticky_cookie_is_set_and_honoured(cluster: Cluster) -> None:
    first = request(cluster.url, "/")
    cookie = first.getheader("Set-Cookie") or ""
    assert cookie.startswith("BIPN_SRV=r") and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
    assert "Secure" not in cookie, "plain HTTP on loopback: a Secure cookie would never come back"
    pinned = cookie.split(";")[0]
    for _ in range(4):  # with the cookie, haproxy sets no new one: the client stays put
        again = request(cluster.url, "/", headers={"Cookie": pinned})
        assert again.status == 200 and again.getheader("Set-Cookie") is None


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/%6Detrics", "//_stcore/METRICS", "/_stcore/metrics/"])
def test_metrics_not_exposed(cluster: Cluster, path: str) -> None:
    assert request(cluster.url, path).status == 403
    # ...while the replica itself serves them on loopback: it is the proxy that refuses.
    assert request(cluster.members[0].url, "/_stcore/metrics").status == 200


@pytest.mark.parametrize(
    ("origin", "status"),
    [("http://evil.example", 403), (None, 403), ("http://{host}.evil.example", 403), ("http://{host}", 101)],
)
def test_cross_origin_websocket_refused(cluster: Cluster, origin: str | None, status: int) -> None:
    host = cluster.url.removeprefix("http://")
    headers = dict(WS_HEADERS)
    if origin is not None:
        headers["Origin"] = origin.format(host=host)
    assert request(cluster.url, "/_stcore/stream", headers=headers).status == status


def test_large_request_body_refused(cluster: Cluster) -> None:
    resp = request(cluster.url, "/", method="POST", headers={"Content-Length": "2000000"})
    assert resp.status == 413
    # A 1 MB course file with its multipart envelope passes the proxy (the app's own limit,
    # with its plain message, is the one the user meets); a little more does not. The proxy
    # decides on the header alone, so the header is all that is sent: the replica answers
    # (here: 403 from its XSRF check) before any body, and a body would race its closing socket.
    passed = request(cluster.url, "/_stcore/upload_file/none/none", method="PUT", headers={"Content-Length": str(1024 * 1024 + 4096), "Content-Type": "multipart/form-data; boundary=b"})
    assert passed.status != 413 and passed.getheader("Content-Security-Policy"), passed.status
    assert request(cluster.url, "/", method="POST", headers={"Content-Length": str(1024 * 1024 + 128 * 1024)}).status == 413


def test_request_rate_limited_per_client(cluster: Cluster) -> None:
    """A client (here 127.0.0.9) past 600 requests in 10 s gets 429; others are served."""
    host, port = cluster.url.removeprefix("http://").rsplit(":", 1)
    statuses = []
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=("127.0.0.9", 0))
    for _ in range(640):
        try:
            conn.request("GET", "/_stcore/health")
            resp = conn.getresponse()
            resp.read()
            statuses.append(resp.status)
        except (http.client.HTTPException, ConnectionError, socket.timeout):
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=("127.0.0.9", 0))
    conn.close()
    assert statuses.count(200) <= 601 and 429 in statuses, {s: statuses.count(s) for s in set(statuses)}
    limited = request(cluster.url, "/_stcore/health", source="127.0.0.9")
    assert limited.status == 429 and all(limited.getheader(h) for h in SECURITY_HEADERS), "429 has the headers too"
    assert request(cluster.url, "/_stcore/health").status == 200


def test_drained_replica_keeps_its_sessions_and_takes_no_new_ones(cluster: Cluster) -> None:
    """What a rolling restart does first: `set server replicas/r1 state drain`."""
    pinned = request(cluster.url, "/", headers={"Cookie": "BIPN_SRV=r1"})
    assert pinned.status == 200 and pinned.getheader("Set-Cookie") is None
    cluster.drain("r1")
    try:
        assert cluster.server_states()["r1"] == "DRAIN"
        new = [request(cluster.url, "/").getheader("Set-Cookie", "").split(";")[0] for _ in range(6)]
        assert set(new) == {"BIPN_SRV=r2"}, new
        kept = request(cluster.url, "/", headers={"Cookie": "BIPN_SRV=r1"})
        assert kept.status == 200 and kept.getheader("Set-Cookie") is None, "r1's own users stay on r1"
    finally:
        cluster.admin("set server replicas/r1 state ready")
    assert cluster.server_states()["r1"].startswith("UP")


def test_access_log_has_paths_but_no_query_strings(cluster: Cluster) -> None:
    request(cluster.url, "/_stcore/health?note=creatinine-2.4-do-not-log")
    deadline = time.monotonic() + 5
    while "/_stcore/health" not in cluster.log_tail("haproxy", 400) and time.monotonic() < deadline:
        time.sleep(0.1)
    log = cluster.log_tail("haproxy", 400)
    assert "GET /_stcore/health" in log
    assert "creatinine" not in log and "note=" not in log


@pytest.mark.parametrize(("path", "location"), [("/pain/extra", "/pain-extra"), ("/a/b/c/", "/a-b-c")])
def test_nested_unknown_path_goes_to_page_not_found(cluster: Cluster, path: str, location: str) -> None:
    """A nested path would load a blank page: it is sent one level up, where Streamlit says
    "Page not found"; Streamlit's own nested paths pass untouched."""
    resp = request(cluster.url, path)
    assert resp.status == 302 and resp.getheader("Location") == location
    assert request(cluster.url, "/_stcore/health").status == 200
    assert request(cluster.url, "/static/no-such-asset.js").status != 302
    assert request(cluster.url, "/pain/_stcore/health").status != 302, "the page probes its base path this way"
