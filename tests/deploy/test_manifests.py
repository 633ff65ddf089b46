"""The container build file and the Kubernetes manifests: valid, and consistent with each other."""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
CONTAINERFILE = (ROOT / "deploy" / "Containerfile").read_text()
KUBERNETES_VERSION = "1.37.0"


def load() -> dict[str, dict]:
    """Every manifest under deploy/k8s/, by kind."""
    docs = [d for f in sorted(K8S.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
    return {d["kind"]: d for d in docs}


@pytest.mark.parametrize("path", sorted(K8S.glob("*.yaml")), ids=lambda p: p.name)
def test_manifest_is_valid_kubernetes(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)  # raises on error


def test_every_kind_the_cluster_needs_is_there() -> None:
    assert set(load()) >= {
        "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceAccount",
    }  # fmt: skip


def test_probes_and_ports_match_the_image() -> None:
    m = load()
    pod = m["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    port = container["ports"][0]["containerPort"]
    assert f"EXPOSE {port}" in CONTAINERFILE and f"0.0.0.0:{port}" in CONTAINERFILE
    haproxy_cfg = (ROOT / "deploy" / "haproxy.cfg").read_text()
    paths = {probe: container[probe]["httpGet"]["path"] for probe in ("startupProbe", "readinessProbe", "livenessProbe")}
    assert paths["readinessProbe"] != paths["livenessProbe"], "a slow or restarting replica must not restart the pod"
    for probe, path in paths.items():
        assert f"{{ path {path} }}" in haproxy_cfg, f"{probe}: haproxy does not answer {path}"
        assert container[probe]["httpGet"]["port"] == "http", probe
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    labels = m["Deployment"]["spec"]["template"]["metadata"]["labels"]
    for kind in ("Service",):
        assert m[kind]["spec"]["selector"].items() <= labels.items()
    assert m["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert m["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"] == m["Deployment"]["metadata"]["name"]


def test_ingress_has_cookie_affinity_and_websocket_timeouts() -> None:
    notes = load()["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert int(notes["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 3600
    assert not any("snippet" in k for k in notes), "snippet annotations are off on most ingress-nginx installs"


def test_containerfile_is_non_root_pinned_and_checked() -> None:
    user = re.findall(r"^USER (\S+)", CONTAINERFILE, re.M)
    assert user and not user[-1].startswith(("root", "0")), user
    assert "HEALTHCHECK" in CONTAINERFILE and "/_bipn/ready" in CONTAINERFILE
    assert "supervisor==" in (ROOT / "requirements.txt").read_text(), "the image runs supervisord (deploy/cluster.py)"
    assert "pip install -r requirements.txt" in CONTAINERFILE
    reqs = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert all("==" in r for r in reqs if r), "every runtime package pinned"
    for line in re.findall(r"^COPY (.+) \S+$", CONTAINERFILE, re.M):
        for src in line.split():
            assert (ROOT / src).exists(), f"Containerfile copies a missing {src}"


def test_network_policy_denies_all_but_the_ingress_controller() -> None:
    m = load()
    policy = m["NetworkPolicy"]["spec"]
    pod = m["Deployment"]["spec"]["template"]
    assert policy["podSelector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert sorted(policy["policyTypes"]) == ["Egress", "Ingress"]
    assert policy["egress"] == [], "no outside calls: no egress rule at all"
    (rule,) = policy["ingress"]
    (peer,) = rule["from"]
    assert set(peer) == {"namespaceSelector", "podSelector"}, "the ingress controller's pods, in its namespace only"
    assert "ingress-nginx" in str(peer["namespaceSelector"]) and "ingress-nginx" in str(peer["podSelector"])
    port_names = {p["name"] for p in pod["spec"]["containers"][0]["ports"]}
    assert [p["port"] for p in rule["ports"]] == ["http"] and "http" in port_names
    assert m["Ingress"]["spec"]["ingressClassName"] == "nginx"


def test_pod_limits_spread_identity_and_image() -> None:
    m = load()
    pod = m["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    for kind in ("requests", "limits"):
        assert {"cpu", "memory", "ephemeral-storage"} <= set(container["resources"][kind]), kind
    keys = {c["topologyKey"] for c in pod["topologySpreadConstraints"]}
    assert "kubernetes.io/hostname" in keys
    labels = m["Deployment"]["spec"]["template"]["metadata"]["labels"]
    for c in pod["topologySpreadConstraints"]:
        assert c["labelSelector"]["matchLabels"].items() <= labels.items()
    assert pod["serviceAccountName"] == m["ServiceAccount"]["metadata"]["name"] != "default"
    assert m["ServiceAccount"]["automountServiceAccountToken"] is False and pod["automountServiceAccountToken"] is False
    assert re.fullmatch(r"[^:@\s]+(:[\w.-]+)?@sha256:[0-9a-f]{64}", container["image"]), "image pinned by digest"


def test_one_upload_limit_everywhere() -> None:
    """The app's 1 MB (which it explains in the uploader) is the limit the user meets: the
    proxies let that through with its multipart envelope, and no more."""
    import tomllib

    app_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert app_mb == 1
    haproxy = int(re.search(r"content-length\) gt (\d+)", (ROOT / "deploy" / "haproxy.cfg").read_text()).group(1))
    nginx = load()["Ingress"]["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert nginx.endswith("k") and int(nginx[:-1]) * 1024 == haproxy
    assert app_mb * 1024 * 1024 < haproxy <= app_mb * 1024 * 1024 + 128 * 1024
    fhir = tomllib.loads((ROOT / "bipn" / "data" / "course.toml").read_text())["fhir"]["max_import_bytes"]
    assert fhir == app_mb * 1024 * 1024, "the course import's own limit is the same 1 MB"
