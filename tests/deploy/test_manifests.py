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
    assert set(load()) >= {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget"}


def test_probes_and_ports_match_the_image() -> None:
    m = load()
    pod = m["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    port = container["ports"][0]["containerPort"]
    assert f"EXPOSE {port}" in CONTAINERFILE and f"0.0.0.0:{port}" in CONTAINERFILE
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health", probe
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
    assert "HEALTHCHECK" in CONTAINERFILE and "/_stcore/health" in CONTAINERFILE
    assert "pip install -r requirements.txt" in CONTAINERFILE
    reqs = [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    assert all("==" in r for r in reqs if r), "every runtime package pinned"
    for line in re.findall(r"^COPY (.+) \S+$", CONTAINERFILE, re.M):
        for src in line.split():
            assert (ROOT / src).exists(), f"Containerfile copies a missing {src}"
