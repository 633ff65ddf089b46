"""The printed handout, tested on the PDF itself (text, font sizes and positions via pdfplumber)."""

from __future__ import annotations

import importlib
import io
import re
from collections import Counter

import pytest

import bipn
from tests.unit.test_education import readability, strip_markdown  # noqa: F401 - fixture

# Through the package: the module bipn.outputs.handout_pdf has the function of the same name the function.
handout_pdf = bipn.handout_pdf

pdfplumber = pytest.importorskip("pdfplumber")

FOOTER_MM = 15
PT_PER_MM = 72 / 25.4
GRADE_BAR = 8.0  # policy.md: 8th grade at most
GRADE_GOAL = 6.0


def _lines(page) -> list[dict]:
    """Text lines of a page (top to bottom), each with its text, size and whether it is bold."""
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["top"]), []).append(ch)
    out = []
    for top in sorted(rows):
        chars = sorted(rows[top], key=lambda c: c["x0"])
        text = "".join(c["text"] for c in chars).strip()
        if not text:
            continue
        sizes = Counter(round(c["size"], 1) for c in chars if c["text"].strip())
        out.append(
            {
                "top": top,
                "text": text,
                "size": sizes.most_common(1)[0][0],
                "bold": all("Bold" in c["fontname"] for c in chars if c["text"].strip()),
                "footer": top > page.height - FOOTER_MM * PT_PER_MM,
            }
        )
    return out


def _open(data: bytes):
    return pdfplumber.open(io.BytesIO(data))


SHEETS = {
    "patient": lambda: handout_pdf("patient"),
    "patient_large": lambda: handout_pdf("patient", large_print=True),
    "clinician": lambda: handout_pdf("clinician"),
    "clinician_large": lambda: handout_pdf("clinician", large_print=True),
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: make() for name, make in SHEETS.items()}


@pytest.fixture(scope="module")
def pages(pdfs) -> dict[str, list[list[dict]]]:
    out = {}
    for name, data in pdfs.items():
        with _open(data) as doc:
            out[name] = [_lines(p) for p in doc.pages]
    return out


def test_signature_kept_and_default_is_the_patient_sheet_at_14_pt(pdfs):
    assert bipn.handout_pdf("patient") == pdfs["patient"]


@pytest.mark.parametrize("sheet", ["patient", "patient_large"])
def test_page_one_opens_with_get_help_right_away_and_the_blanks(pages, sheet):
    first = [line["text"] for line in pages[sheet][0]]
    text = "\n".join(first)
    assert "Get help right away" in text
    for label in ("Name:", "Date:", "Ward phone number:", "Ward hours:", "Outside these hours, call:"):
        assert label in text, label
    urgent = first.index("Get help right away")
    others = [t for t in first if t in {"What is happening", "Tell your team early", "Keep your feet and hands safe"}]
    assert all(first.index(t) > urgent for t in others), "Get help right away comes before the other sections"


@pytest.mark.parametrize("sheet", ["patient", "patient_large"])
def test_page_one_holds_every_red_flag(pages, sheet):
    text = " ".join(line["text"] for line in pages[sheet][0])
    for flag in ("weakness in your legs", "Back pain", "groin or buttocks", "bladder or bowel control"):
        assert flag in text, flag


@pytest.mark.parametrize(("sheet", "minimum"), [("patient", 14.0), ("patient_large", 18.0), ("clinician", 10.0), ("clinician_large", 13.0)])
def test_body_font_size(pages, sheet, minimum):
    sizes = Counter()
    for page in pages[sheet]:
        for line in page:
            if not line["bold"] and not line["footer"]:
                sizes[line["size"]] += 1
    body = sizes.most_common(1)[0][0]
    print(f"\n{sheet}: body text {body} pt; sizes {dict(sizes)}")
    assert body >= minimum
    if not sheet.startswith("clinician"):
        assert min(sizes) >= minimum, f"some non-heading text is below {minimum} pt: {dict(sizes)}"


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_no_heading_is_the_last_line_of_a_page(pages, sheet):
    for number, page in enumerate(pages[sheet], start=1):
        body = [line for line in page if not line["footer"]]
        body_size = Counter(line["size"] for line in body if not line["bold"]).most_common(1)[0][0]
        last = body[-1]
        assert not (last["bold"] and last["size"] > body_size), f"{sheet} page {number} ends on heading {last['text']!r}"


def test_stranded_heading_check_can_fail():
    page = [
        {"text": "Some text", "size": 14.0, "bold": False, "footer": False},
        {"text": "A heading", "size": 18.0, "bold": True, "footer": False},
    ]
    last = page[-1]
    assert last["bold"] and last["size"] > 14.0


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_title_and_language_are_set(pdfs, sheet):
    with _open(pdfs[sheet]) as doc:
        assert doc.metadata.get("Title", "").startswith(("Nerve side effects", "Bortezomib-induced"))
        lang = doc.doc.catalog.get("Lang")
        lang = lang.decode() if isinstance(lang, bytes) else str(lang)
        assert "en" in lang


def test_bullets_are_drawn_not_hyphens(pdfs, pages):
    text = "\n".join(line["text"] for page in pages["patient"] for line in page)
    assert not re.search(r"^\s*-\s", text, re.M), "hyphen bullets"
    with _open(pdfs["patient"]) as doc:
        assert sum(len(p.curves) for p in doc.pages) >= 15, "bullets are drawn as filled dots"


def test_patient_sources_are_a_short_patient_relevant_list(pages):
    text = "\n".join(line["text"] for page in pages["patient"] for line in page)
    tail = text.split("Where this comes from", 1)[1]
    assert "Bowel Cancer" not in text
    assert "Macmillan" in tail and "spinal cord compression" in tail
    assert len(bipn.clinical.education.patient_sources()) <= 8


def test_every_patient_source_is_cited_by_the_patient_text():
    cited = {c.ref for s in bipn.sections(bipn.Audience.PATIENT) for c in s.citations}
    assert {ref.id for _, ref in bipn.clinical.education.patient_sources()} <= cited


@pytest.mark.parametrize("sheet", ["patient", "patient_large"])
def test_pdf_text_readability_fk_and_smog(readability, pages, sheet):  # noqa: F811 - the pytest fixture imported above
    textstat, method = readability
    lines = [line["text"] for page in pages[sheet] for line in page if not line["footer"]]
    text = " ".join(lines)
    text = re.sub(r"_+", " ", text)
    fk = textstat.flesch_kincaid_grade(text)
    smog = textstat.smog_index(text)
    goal = "meets" if max(fk, smog) <= GRADE_GOAL else "misses"
    print(f"\n{sheet} PDF text: FK {fk:.2f}, SMOG {smog:.2f} ({goal} the grade-6 goal; syllables: {method})")
    assert 0 < fk <= GRADE_BAR and 0 < smog <= GRADE_BAR


def test_clinician_sheet_keeps_its_disclaimer(pages):
    text = " ".join(line["text"] for page in pages["clinician"] for line in page)
    assert "Decision support only" in text


TOP_MM, BOTTOM_MM = 16, 20  # the sheet's top margin and the bottom edge of its text area


def _sections(pages_of_sheet: list[list[dict]]) -> list[list[tuple[int, dict]]]:
    """The sheet cut at its headings (bold lines larger than the body text): each section is
    its (page number, line) pairs, the heading first, footers left out."""
    body = [(n, line) for n, page in enumerate(pages_of_sheet, start=1) for line in page if not line["footer"]]
    body_size = Counter(line["size"] for _, line in body if not line["bold"]).most_common(1)[0][0]
    out: list[list[tuple[int, dict]]] = []
    for n, line in body:
        if line["bold"] and line["size"] > body_size:
            if out and out[-1][-1][1]["size"] > body_size:  # a heading of two lines
                out[-1].append((n, line))
                continue
            out.append([])
        if out:
            out[-1].append((n, line))
    return out


def _height_pt(section: list[tuple[int, dict]]) -> float:
    """The height the section's lines take, added up over the pages it is on."""
    total = 0.0
    for page in sorted({n for n, _ in section}):
        lines = [line for n, line in section if n == page]
        total += lines[-1]["top"] + lines[-1]["size"] * 1.45 - lines[0]["top"]
    return total


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_a_section_that_fits_a_page_is_on_one_page(pages, sheet):
    """The ward walk: page 2 ended on the hopeful half of "Will it get better?" and "it does
    not get better for everyone" was on page 3. A section that fits on a page is never split;
    a longer one breaks between paragraphs or bullets with at least two lines on each side."""
    usable = (297 - TOP_MM - BOTTOM_MM) * PT_PER_MM
    sections = _sections(pages[sheet])
    assert len(sections) >= 6
    for section in sections:
        title = section[0][1]["text"]
        on = [n for n, _ in section]
        if _height_pt(section) <= usable:
            assert on[0] == on[-1], f"{sheet}: {title!r} starts on page {on[0]} and ends on page {on[-1]}"
        else:
            for page in set(on):
                assert on.count(page) >= 2 + (page == on[0]), f"{sheet}: {title!r} leaves fewer than two lines on page {page}"


def test_the_split_section_check_can_fail():
    line = {"size": 14.0, "bold": False, "footer": False}
    sheet = [
        [{**line, "top": 700, "text": "Will it get better?", "size": 18.0, "bold": True}, {**line, "top": 720, "text": "For many people"}],
        [{**line, "top": 40, "text": "But it does not get better for everyone"}],
    ]
    (section,) = _sections(sheet)
    assert [n for n, _ in section] == [1, 1, 2]
    assert _height_pt(section) < (297 - TOP_MM - BOTTOM_MM) * PT_PER_MM


def test_will_it_get_better_is_read_whole(pages):
    for sheet in ("patient", "patient_large"):
        text = [(n, line["text"]) for n, page in enumerate(pages[sheet], start=1) for line in page]
        start = next(n for n, t in text if t == "Will it get better?")
        end = next(n for n, t in text if "not get better for everyone" in t)
        assert start == end, sheet


def _fonts(data: bytes) -> dict[str, bool]:
    """Every font the PDF's pages use, and whether its program is embedded in the file."""
    from pdfminer.pdftypes import resolve1

    out = {}
    with _open(data) as doc:
        for page in doc.pages:
            fonts = resolve1(resolve1(page.page_obj.resources).get("Font", {}))
            for ref in fonts.values():
                font = resolve1(ref)
                descriptor = font.get("FontDescriptor")
                if descriptor is None and "DescendantFonts" in font:
                    descriptor = resolve1(resolve1(font["DescendantFonts"])[0]).get("FontDescriptor")
                descriptor = resolve1(descriptor) or {}
                out[resolve1(font["BaseFont"]).name] = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
    return out


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_every_font_is_embedded(pdfs, sheet):
    """A printer or a reader without Helvetica substitutes another font, with other widths:
    the sheet is printed as it was laid out only if its fonts travel with it."""
    fonts = _fonts(pdfs[sheet])
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVuSans" in name for name in fonts), fonts


def test_the_embedded_font_check_can_fail():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 10, "core font")
    assert _fonts(bytes(pdf.output())) == {"Helvetica": False}


def test_text_is_printed_as_written(pages):
    """No Latin-1 look-alikes any more: the units and signs are the content's own."""
    text = " ".join(line["text"] for page in pages["clinician"] for line in page)
    assert "1.3 to 1.0 mg/m²" in text and "mg/m2" not in text


def test_the_font_folder_can_be_moved_and_a_missing_font_is_named(tmp_path, monkeypatch):
    module = importlib.import_module("bipn.outputs.handout_pdf")

    monkeypatch.setenv(module.FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match="fonts-dejavu-core"):
        handout_pdf("patient")
    for name in module.FONT_FILES.values():
        (tmp_path / name).symlink_to(module.Path(module.FONT_DIR) / name)
    assert handout_pdf("patient").startswith(b"%PDF")


def test_the_image_and_the_test_setup_install_the_font():
    """The PDFs need DejaVu Sans at FONT_DIR: the production image installs Debian's
    fonts-dejavu-core, and scripts/test.sh installs it where it is missing."""
    from pathlib import Path

    module = importlib.import_module("bipn.outputs.handout_pdf")
    root = Path(__file__).resolve().parents[2]
    containerfile = (root / "deploy" / "Containerfile").read_text()
    assert re.search(r"apt-get install[^\n]*(\\\n[^\n]*)*fonts-dejavu-core", containerfile), "the image installs fonts-dejavu-core"
    setup = (root / "scripts" / "test.sh").read_text()
    assert f"{module.FONT_DIR}/{module.FONT_FILES['']}" in setup and "missing+=(fonts-dejavu-core)" in setup
