"""Nested unknown paths are sent one level up; Streamlit's own paths and pages are left alone."""

import pytest

from deploy.paths import one_level_up


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/pain/extra", "/pain-extra"),
        ("/pain/extra/", "/pain-extra"),
        ("/a/b/c", "/a-b-c"),
        ("//evil.example/x", None),  # left to Streamlit, which refuses it (400)
        ("/", None),
        ("/pain", None),
        ("/pain/", None),
        ("/no-such-page", None),
        ("/pain/_stcore/health", None),
        ("/_stcore/stream", None),
        ("/static/js/index.js", None),
        ("/app/static/logo.png", None),
        ("/media/abc.pdf", None),
        ("/component/x/index.html", None),
    ],
)
def test_one_level_up(path: str, target: str | None) -> None:
    assert one_level_up(path) == target
