"""bench/static.py, the static floor of the benchmark: the documents it serves and the change
page it builds (the measurement itself runs in bench/run.py, never in the suite)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from bench import static

PAGE = '<!doctype html><html><head></head><body><div data-testid="stMain"><p>Continue</p></div></body></html>'


def test_served_from_memory_and_nothing_else() -> None:
    server = static.StaticServer().start()
    try:
        url = server.put("/course", PAGE)
        with urllib.request.urlopen(url, timeout=5) as resp:
            assert resp.read().decode() == PAGE
            assert resp.headers["Content-Type"].startswith("text/html")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(server.url + "/pain", timeout=5)
        assert err.value.code == 404
    finally:
        server.stop()


def test_change_page_swaps_in_the_second_answer_for_that_radio_group_only() -> None:
    second = "<p>Reduce</p><script>x</script>"
    html = static.change_page(PAGE, second, "Sensory neuropathy grade (CTCAE v5.0)")
    script = html[html.index("<script>") : html.rindex("</body>")]
    assert '"Sensory neuropathy grade (CTCAE v5.0)"' in script
    assert "<p>Reduce<\\/p><script>x<\\/script>" in script  # a "</script>" in the answer cannot end the swap script
    assert html.startswith(PAGE.split("</body>")[0]) and html.endswith("</body></html>")
