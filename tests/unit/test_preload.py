"""deploy/preload.py: the element code each page's first run needs, listed in the page.

The browser half (every element chunk a page loads was preloaded) is tests/e2e/test_preload.py.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from deploy import preload
from deploy.page_style import PageStyle
from tests.bundle import LAZY
from ui.nav import PAGES



@pytest.mark.parametrize("kind", sorted({*preload.EVERY_PAGE, *(k for kinds in preload.PAGE_KINDS.values() for k in kinds)}))
def test_every_kind_named_is_a_lazy_chunk_of_the_installed_streamlit(kind):
    """A Streamlit upgrade that renames a chunk would silently drop its preload."""
    chunk = preload._chunk(kind)
    assert chunk is not None and chunk in LAZY, (kind, chunk)


def test_the_pages_named_are_the_apps_pages():
    assert set(preload.PAGE_KINDS) == {"" if name == "assessment" else spec.url_path for name, spec in PAGES.items()}


@pytest.mark.parametrize(("path", "page"), [("/", ""), ("/home", ""), ("/assessment", ""), ("/pain", "pain"), ("/course", "course"), ("/course/", "course"), ("/nowhere", "")])
def test_a_request_path_names_its_page(path, page):
    assert preload.page_of(path) == page


def test_each_page_preloads_its_own_chunks_and_their_imports_never_the_entry_script():
    form = set(preload.chunks(""))
    prognosis = set(preload.chunks("prognosis"))
    assert set(preload.chunks("evidence")) < prognosis  # the chart page adds the chart code to a summary page's
    assert preload._chunk("ArrowVegaLiteChart") in prognosis and preload._chunk("ArrowVegaLiteChart") not in form
    assert {preload._chunk(k) for k in preload.EVERY_PAGE + preload.FORM} <= form
    assert not [n for n in prognosis if n.startswith("index.")]
    assert all((preload.STATIC_JS / n).is_file() for n in prognosis)


def test_the_page_gets_the_links_in_its_head_and_the_style_sheet_in_its_body():
    html = b"<html><head><title>t</title></head><body><div id=root></div></body></html>"

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html"), (b"content-length", str(len(html)).encode())]})
        await send({"type": "http.response.body", "body": html})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    middleware = PageStyle(app, html="<style>x</style>", head=preload.links)
    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    runner = threading.Thread(target=asyncio.run, args=(middleware({"type": "http", "method": "GET", "path": "/prognosis", "headers": []}, receive, send),))
    runner.start()
    runner.join(10)
    body = sent[-1]["body"].decode()
    head, rest = body.split("</head>", 1)
    assert head.count('rel="modulepreload"') == len(preload.chunks("prognosis")) > 0
    assert "<style>x</style></body>" in rest
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(sent[-1]["body"])).encode()
