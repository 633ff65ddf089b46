"""The printable handout as an A4 PDF, made on the server.

The patient sheet follows patient information sheets such as eviQ's: "Get help right away"
first on page 1, with blanks for the ward's phone number and hours and lines for the name and
date; real (drawn) bullets; a section that fits on a page is kept on one page, and a longer
one breaks only between paragraphs or bullets with at least two lines on each side; 14 pt
body text, or 18 pt in large print; a short list of sources a patient can read. Title and
language are set in the document, and its font (DejaVu Sans, Debian's fonts-dejavu-core) is
embedded, so the sheet prints as it was laid out on any printer or reader.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from bipn.clinical.education import (
    BLANK,
    DISCLAIMER,
    Audience,
    audience,
    handout_heading,
    medicine_line,
    patient_sources,
    reading_order,
    ward_blanks,
)
from bipn.clinical.dosing import Route
from bipn.content.evidence import CONTENT_VERSION, REVIEW_DATE

if TYPE_CHECKING:
    from fpdf import FPDF

BODY_PT = {"patient": 14.0, "patient_large": 18.0, "clinician": 10.5}
"""Body text size in points, by sheet."""

URGENT_RGB = (160, 20, 20)  # dark red: 7.9:1 on white, readable in greyscale print too
INK_RGB = (17, 17, 17)
LANGUAGE = "en-GB"
MM_PER_PT = 25.4 / 72

FONT = "DejaVuSans"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
"""Where Debian's fonts-dejavu-core puts DejaVu Sans; the BIPN_FONT_DIR environment
variable (FONT_DIR_ENV) names another folder holding the same files."""
FONT_DIR_ENV = "BIPN_FONT_DIR"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
"""The font file of each style (fpdf2's "" and "B"). fonts-dejavu-core has no oblique, so the
sheets use no italics; an italic asked for by markdown prints upright."""


def font_dir() -> Path:
    return Path(os.environ.get(FONT_DIR_ENV) or FONT_DIR)


def add_fonts(pdf: FPDF) -> None:
    """Registers DejaVu Sans in its four styles as ``FONT``; fpdf2 embeds the glyphs used
    (a subset), so every character of the content prints as written."""
    folder = font_dir()
    for style, name in FONT_FILES.items():
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(
                f"the PDF font {path} is missing: install Debian's fonts-dejavu-core, or set {FONT_DIR_ENV} to a folder holding {', '.join(FONT_FILES.values())}"
            )
        pdf.add_font(FONT, style, str(path))
        pdf.add_font(FONT, style + "I", str(path))


@dataclass(frozen=True)
class _Block:
    kind: str  # para | bullet
    text: str = ""


def _blocks(body: str) -> list[_Block]:
    out: list[_Block] = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("|---"):
            continue
        if line.startswith("- "):
            out.append(_Block("bullet", line[2:]))
        elif line.startswith("|"):
            out.append(_Block("para", " - ".join(cell.strip() for cell in line.strip("|").split("|"))))
        else:
            out.append(_Block("para", line))
    return out


@dataclass(frozen=True)
class _Piece:
    """One unbreakable part of a section: a heading, a paragraph, a bullet, a line to write on."""

    ink: float  # mm from its top to its last line's bottom
    gap: float  # mm of space after it
    lines: int  # lines of body text in it (a heading's own lines do not count)
    draw: Callable[[], None]


EPS = 0.01  # mm: rounding slack when comparing heights


def _height(pieces: list[_Piece]) -> float:
    return sum(p.ink + p.gap for p in pieces) - pieces[-1].gap


def _split(pieces: list[_Piece], room: float) -> int:
    """How many pieces to put before a page break: as many as fit in ``room`` mm, leaving at
    least two lines of body text on each side; 0 when no such break exists."""
    for k in range(len(pieces) - 1, 0, -1):
        head, rest = pieces[:k], pieces[k:]
        if _height(head) <= room + EPS and sum(p.lines for p in head) >= 2 and sum(p.lines for p in rest) >= 2:
            return k
    return 0


def handout_pdf(audience_name: str | Audience, *, large_print: bool = False, product: str | None = None, route: Route | None = None) -> bytes:
    """The handout for 'patient' or 'clinician' as PDF bytes (A4); ``product`` (an id of
    ``bipn.products()``) and ``route`` add a line naming it and how it is given.

    The patient sheet has a 14 pt body, or 18 pt with ``large_print=True``; the clinician
    summary is 10.5 pt (``large_print`` gives it 14 pt). Raises FileNotFoundError, naming the
    package, when the font files are missing (``FONT_DIR``).
    """
    from fpdf import FPDF

    who = audience(audience_name)
    patient = who is Audience.PATIENT
    if patient:
        body_pt = BODY_PT["patient_large"] if large_print else BODY_PT["patient"]
    else:
        body_pt = BODY_PT["patient"] if large_print else BODY_PT["clinician"]
    footer_pt = 12 if large_print else 10
    line_h = body_pt * MM_PER_PT * 1.45  # 1.45 line spacing: easier for tired or older eyes
    title, intro = handout_heading(who)
    footer_text = f"Content version {CONTENT_VERSION}, reviewed {REVIEW_DATE}."

    class Sheet(FPDF):
        def footer(self) -> None:
            self.set_y(-13)
            self.set_font(FONT, "", footer_pt)
            self.set_text_color(*INK_RGB)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}. " + footer_text, align="L")

    pdf = Sheet(format="A4")
    add_fonts(pdf)
    pdf.set_title(title)
    pdf.set_lang(LANGUAGE)
    pdf.set_author("bipn-bedside")
    pdf.set_subject(intro)
    pdf.set_creator("bipn-bedside handout_pdf")
    pdf.set_display_mode("fullwidth")
    # Dated by the content, not the clock: the same content gives the same bytes.
    pdf.set_creation_date(datetime.fromisoformat(REVIEW_DATE).replace(tzinfo=timezone.utc))
    margin, top = 18, 16
    pdf.set_margins(margin, top, margin)
    pdf.set_auto_page_break(True, margin=20)  # only a piece taller than a page relies on it
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_text_color(*INK_RGB)
    width = pdf.w - 2 * margin
    bullet_indent = body_pt * MM_PER_PT * 1.6

    def lines_of(text: str, size: float, style: str = "", w: float = width, h: float = line_h) -> int:
        pdf.set_font(FONT, style, size)
        return len(pdf.multi_cell(w, h, text, dry_run=True, output="LINES", markdown=True))

    def room() -> float:
        return pdf.page_break_trigger - pdf.get_y()

    def heading(text: str, colour: tuple[int, int, int] = INK_RGB) -> _Piece:
        size, h = body_pt + 4, line_h * 1.05

        def draw() -> None:
            pdf.ln(2)
            pdf.set_font(FONT, "B", size)
            pdf.set_text_color(*colour)
            pdf.multi_cell(width, h, text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*INK_RGB)
            pdf.ln(1)

        return _Piece(2 + lines_of(text, size, "B", h=h) * h, 1, 0, draw)

    def para(text: str, style: str = "") -> _Piece:
        def draw() -> None:
            pdf.set_font(FONT, style, body_pt)
            pdf.multi_cell(width, line_h, text, markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(line_h * 0.25)

        n = lines_of(text, body_pt, style)
        return _Piece(n * line_h, line_h * 0.25, n, draw)

    def bullet(text: str) -> _Piece:
        w = width - bullet_indent

        def draw() -> None:
            pdf.set_font(FONT, "", body_pt)
            y = pdf.get_y()
            r = body_pt * MM_PER_PT * 0.16
            pdf.set_fill_color(*INK_RGB)
            pdf.ellipse(margin + bullet_indent * 0.35 - r, y + line_h / 2 - r, 2 * r, 2 * r, style="F")
            pdf.set_x(margin + bullet_indent)
            pdf.multi_cell(w, line_h, text, markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(line_h * 0.15)

        n = lines_of(text, body_pt, w=w)
        return _Piece(n * line_h, line_h * 0.15, n, draw)

    def sources(text: str) -> _Piece:
        size, h = body_pt - 1, line_h * 0.9

        def draw() -> None:
            pdf.set_font(FONT, "", size)
            pdf.multi_cell(width, h, text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

        n = lines_of(text, size, h=h)
        return _Piece(n * h, 1, n, draw)

    def blank_line(label: str, w: float | None = None, *, new_line: bool = True) -> None:
        """A label and a ruled line to write on."""
        pdf.set_font(FONT, "B", body_pt)
        text = label + ":"
        x0 = pdf.get_x()
        tw = pdf.get_string_width(text) + 2
        pdf.cell(tw, line_h * 1.3, text)
        end = x0 + (w if w is not None else width)
        y = pdf.get_y() + line_h * 1.1
        pdf.set_draw_color(*INK_RGB)
        pdf.set_line_width(0.3)
        pdf.line(x0 + tw, y, end - 3, y)
        if new_line:
            pdf.set_xy(margin, pdf.get_y() + line_h * 1.4)
        else:
            pdf.set_x(end)

    def blank(label: str) -> _Piece:
        def draw() -> None:
            pdf.set_x(margin)
            blank_line(label)

        return _Piece(line_h * 1.3, line_h * 0.1, 1, draw)

    def body(items: list[_Block]) -> list[_Piece]:
        return [bullet(b.text) if b.kind == "bullet" else para(b.text) for b in items]

    def place(pieces: list[_Piece]) -> None:
        """Draws a section: on this page if it fits, else whole on the next page if it fits a
        page, else broken between pieces with two lines or more on each side of the break."""
        page_room = pdf.page_break_trigger - top
        while pieces:
            if _height(pieces) <= room() + EPS:
                for p in pieces:
                    p.draw()
                return
            at_top = pdf.get_y() <= top + EPS
            if not at_top and _height(pieces) <= page_room + EPS:
                pdf.add_page()
                continue
            k = _split(pieces, room())
            if k == 0 and not at_top:
                pdf.add_page()
                continue
            if k == 0:  # one piece taller than a page: fpdf2 breaks inside it
                pieces[0].draw()
                pieces = pieces[1:]
                continue
            for p in pieces[:k]:
                p.draw()
            pdf.add_page()
            pieces = pieces[k:]

    # Title, then the name and date lines.
    pdf.set_font(FONT, "B", body_pt + 8)
    pdf.multi_cell(width, (body_pt + 8) * MM_PER_PT * 1.25, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if patient:
        blank_line("Name", width * 0.62, new_line=False)
        blank_line("Date", width * 0.38)
    place([para(intro)])
    if medicine_line(product, route):
        place([para(medicine_line(product, route), "B")])

    for section in reading_order(who):
        items = _blocks(section.body)
        if section.urgent:
            start = (pdf.page, pdf.get_y())
            place([heading(section.title, URGENT_RGB), *(blank(label) for label in ward_blanks()), *body(items)])
            if pdf.page == start[0]:
                pdf.set_draw_color(*URGENT_RGB)
                pdf.set_line_width(1.2)
                pdf.line(margin - 4, start[1] + 2, margin - 4, pdf.get_y())  # a red bar beside the box
            pdf.ln(line_h * 0.5)
            continue
        pieces = [heading(section.title), *body(items)]
        if not patient:
            pieces.append(sources("Sources: " + "; ".join(str(c) for c in section.citations)))
        place(pieces)

    if patient:
        listed = patient_sources()
        place([heading("Where this comes from"), *(bullet(words) for words, _ in listed), para("Ask your care team about anything on this sheet.")])
    else:
        place([para(DISCLAIMER)])
    return bytes(pdf.output())


__all__ = ["BLANK", "BODY_PT", "FONT", "FONT_DIR", "FONT_DIR_ENV", "FONT_FILES", "add_fonts", "font_dir", "handout_pdf"]
