"""Issue 19, item 4: every message that quotes what the user typed is plain text.

Each number field of the patient form gets Markdown, HTML and maths payloads; every error
shown must quote the payload as typed, with every character that Markdown, HTML, Streamlit's
colour/icon syntax or KaTeX would read escaped (ui.render.plain: the one path for them).
"""

import re

import pytest

from tests.app.apphelpers import PAGES, unescape

# At most 20 characters, so that the number parser quotes them back (longer text gets a
# message that does not quote it, checked too).
PAYLOADS = [
    "[OK](http://e.vil)",
    "http://e.vil",
    "www.e.vil",
    "me@e.vil",
    "![x](http://e.vil/)",
    "<img src=x>",
    "<b>bold</b>",
    "<script>x</script>",
    "$x^2$",
    "$$\\frac{1}{2}$$",
    "\\(x\\)",
    "**b** _i_ ~~s~~",
    ":red[x] :smile:",
    "`code`",
    "# heading",
    "> quote",
    "1. item",
    "| a | b |",
    "&lt;b&gt;",
    "[x]: http://e.vil",
    "[OK](http://e.vil)" + "x" * 20,  # too long to quote
]

TEXT_FIELDS = ["pt_age", "pt_height", "pt_weight", "pt_days", "pt_scr", "pt_dose_other", "pt_cg_weight", "pt_conc"]
MARKUP = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:&=^]")


def assert_plain(body: str) -> None:
    """Every markup character in ``body`` is escaped (a backslash before it)."""
    bare = re.sub(r"\\.", "", body, flags=re.S)
    assert not MARKUP.search(bare), f"unescaped markup in {body!r}: {MARKUP.findall(bare)}"


def every_field_shown(app):
    """Open the conditional fields too: another dose, another product, another weight."""
    app.radio(key="pt_dose").set_value("Other")
    app.radio(key="pt_route").set_value("sc")
    app.radio(key="pt_product").set_value("other")
    app.selectbox(key="pt_cg_basis").set_value("ideal")
    app.run()
    assert not app.exception, app.exception
    keys = {t.key for t in app.text_input}
    assert set(TEXT_FIELDS) <= keys, set(TEXT_FIELDS) - keys
    return app


def type_everywhere(app, text: str):
    for key in TEXT_FIELDS:
        app.text_input(key=key).set_value(text)
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_every_number_field_quotes_markup_as_plain_text(app, payload):
    type_everywhere(every_field_shown(app), payload)
    errors = [e.value for e in app.error]
    assert len(errors) >= len(TEXT_FIELDS), errors  # one message per field at least
    for body in errors:
        assert_plain(body)
    quoted = [body for body in errors if repr(payload) in unescape(body)]
    if len(payload) <= 20:
        assert len(quoted) >= len(TEXT_FIELDS), f"not every field quotes {payload!r} as typed: {errors}"
    for el in (*app.markdown, *app.caption, *app.warning, *app.info, *app.success):
        assert "e.vil" not in el.value or "\\" in el.value, f"the payload reached a Markdown element raw: {el.value!r}"


def test_creatinine_in_umol_per_litre_too(app):
    app.radio(key="pt_scr_unit").set_value("µmol/L").run()
    app.text_input(key="pt_scr").set_value("[OK](http://e.vil)").run()
    (body,) = [e.value for e in app.error]
    assert_plain(body)
    assert "'[OK](http://e.vil)'" in unescape(body)


@pytest.mark.parametrize("page", PAGES)
def test_messages_are_plain_on_every_page(app, page):
    app.switch_page(page).run()
    assert not app.exception, app.exception
    if "pt_age" not in {t.key for t in app.text_input}:
        pytest.skip(f"{page} draws no patient form")
    app.text_input(key="pt_age").set_value("![x](http://e.vil/)").run()
    errors = [e.value for e in app.error]
    assert any("'![x](http://e.vil/)'" in unescape(b) for b in errors), errors
    for body in errors:
        assert_plain(body)


def test_the_one_path_escapes_and_knows_its_kinds():
    from ui import render

    assert render.plain("[OK](http://e.vil) <b>x</b> $y$") == "\\[OK\\]\\(http\u2060\\://e\\.vil\\) \\<b\\>x\\</b\\> \\$y\\$"
    # GFM links bare addresses whatever their escapes: an invisible word joiner breaks each.
    for address in ("http://e.vil", "HTTPS://e.vil", "www.e.vil", "me@e.vil"):
        assert unescape(render.plain(address)) == address
        assert not re.search(r"(?i)https?://|www\.|@[-\w]", render.plain(address).replace("\\", ""))
    with pytest.raises(ValueError):
        render.message("markdown", "x")
