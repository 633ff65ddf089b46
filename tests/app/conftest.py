"""AppTest fixture: the app run once from app.py with nothing entered."""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, app_test

from tests.app.apphelpers import APP


class _RouterPagesManager(PagesManager):
    """AppTest forgets before every run that st.navigation has switched off Streamlit's
    legacy pages/ mode, so each run would start as a fresh server's first run does (which
    ui/legacy.py answers with a rerun that also drops button clicks). A running server
    remembers; this makes AppTest remember too. The fresh-server case has a browser test."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setattr(app_test, "PagesManager", _RouterPagesManager)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at
