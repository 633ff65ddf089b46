"""The printable handout as an A4 PDF, made on the server.

The patient sheet follows patient information sheets such as eviQ's: "Get help right away"
first on page 1, with blanks for the ward's phone number and hours and lines for the name and
date; real (drawn) bullets; a heading always travels with the text under it; 14 pt body text,
or 18 pt in large print; a short list of sources a patient can read. Title and language are
set in the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from bipn.education import (
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
from bipn.dosing import Route
from bipn.evidence import CONTENT_VERSION, REVIEW_DATE

BODY_PT = {"patient": 14.0, "patient_large": 18.0, "clinician": 10.5}
"""Body text size in points, by sheet."""

URGENT_RGB = (160, 20, 20)  # dark red: 7.9:1 on white, readable in greyscale print too
INK_RGB = (17, 17, 17)
LANGUAGE = "en-GB"
FONT = "Helvetica"
MM_PER_PT = 25.4 / 72

# fpdf2's built-in fonts are Latin-1; these characters are swapped for look-alikes.
_LATIN1_SWAPS = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "≥": ">=", "≤": "<=", "→": "->"})


def _latin1(text: str) -> str:
    return text.translate(_LATIN1_SWAPS).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class _Block:
    kind: str  # heading | para | bullet | blank | rule
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


def handout_pdf(audience_name: str | Audience, *, large_print: bool = False, product: str | None = None, route: Route | None = None) -> bytes:
    """The handout for 'patient' or 'clinician' as PDF bytes (A4); ``product`` (an id of
    ``bipn.products()``) and ``route`` add a line naming it and how it is given.

    The patient sheet has a 14 pt body, or 18 pt with ``large_print=True``; the clinician
    summary is 10.5 pt (``large_print`` gives it 14 pt).
    """
    from fpdf import FPDF

    who = audience(audience_name)
    patient = who is Audience.PATIENT
    if patient:
        body_pt = BODY_PT["patient_large"] if large_print else BODY_PT["patient"]
    else:
        body_pt = BODY_PT["patient"] if large_print else BODY_PT["clinician"]
    line_h = body_pt * MM_PER_PT * 1.45  # 1.45 line spacing: easier for tired or older eyes
    title, intro = handout_heading(who)
    footer_text = _latin1(f"Content version {CONTENT_VERSION}, reviewed {REVIEW_DATE}.")

    class Sheet(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, "", 10)
            self.set_text_color(*INK_RGB)
            self.cell(0, 5, _latin1(f"Page {self.page_no()} of {{nb}}. ") + footer_text, align="L")

    pdf = Sheet(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_lang(LANGUAGE)
    pdf.set_author("bipn-bedside")
    pdf.set_subject(_latin1(intro))
    pdf.set_creator("bipn-bedside handout_pdf")
    pdf.set_display_mode("fullwidth")
    # Dated by the content, not the clock: the same content gives the same bytes.
    pdf.set_creation_date(datetime.fromisoformat(REVIEW_DATE).replace(tzinfo=timezone.utc))
    margin = 18
    pdf.set_margins(margin, 16, margin)
    bottom = 20
    pdf.set_auto_page_break(True, margin=bottom)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_text_color(*INK_RGB)
    width = pdf.w - 2 * margin
    bullet_indent = body_pt * MM_PER_PT * 1.6

    def lines_of(text: str, size: float, style: str = "", w: float = width) -> int:
        pdf.set_font(FONT, style, size)
        return len(pdf.multi_cell(w, line_h, _latin1(text), dry_run=True, output="LINES", markdown=True))

    def room() -> float:
        return pdf.h - bottom - pdf.get_y()

    def heading(text: str, *, colour: tuple[int, int, int] = INK_RGB, next_block: _Block | None = None) -> None:
        size = body_pt + 4
        h = lines_of(text, size, "B") * line_h * 1.05 + 2
        if next_block is not None:  # keep the heading with at least two lines of what follows
            w = width - bullet_indent if next_block.kind == "bullet" else width
            h += min(2, lines_of(next_block.text, body_pt, w=w)) * line_h
        if h > room():
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, line_h * 1.05, _latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK_RGB)
        pdf.ln(1)

    def para(text: str, style: str = "") -> None:
        pdf.set_font(FONT, style, body_pt)
        pdf.multi_cell(width, line_h, _latin1(text), markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line_h * 0.25)

    def bullet(text: str) -> None:
        w = width - bullet_indent
        if lines_of(text, body_pt, w=w) * line_h > room():
            pdf.add_page()
        pdf.set_font(FONT, "", body_pt)
        y = pdf.get_y()
        r = body_pt * MM_PER_PT * 0.16
        pdf.set_fill_color(*INK_RGB)
        pdf.ellipse(margin + bullet_indent * 0.35 - r, y + line_h / 2 - r, 2 * r, 2 * r, style="F")
        pdf.set_x(margin + bullet_indent)
        pdf.multi_cell(w, line_h, _latin1(text), markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line_h * 0.15)

    def blank_line(label: str, w: float | None = None, *, new_line: bool = True) -> None:
        """A label and a ruled line to write on."""
        pdf.set_font(FONT, "B", body_pt)
        text = _latin1(label + ":")
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

    def blocks(items: list[_Block]) -> None:
        for b in items:
            if b.kind == "bullet":
                bullet(b.text)
            else:
                para(b.text)

    # Title, then the name and date lines.
    pdf.set_font(FONT, "B", body_pt + 8)
    pdf.multi_cell(width, (body_pt + 8) * MM_PER_PT * 1.25, _latin1(title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if patient:
        blank_line("Name", width * 0.62, new_line=False)
        blank_line("Date", width * 0.38)
    para(intro)
    if medicine_line(product, route):
        para(medicine_line(product, route), "B")

    for section in reading_order(who):
        items = _blocks(section.body)
        if section.urgent:
            top = pdf.get_y()
            heading(section.title, colour=URGENT_RGB)
            for label in ward_blanks():
                pdf.set_x(margin)
                blank_line(label)
            blocks(items)
            pdf.set_draw_color(*URGENT_RGB)
            pdf.set_line_width(1.2)
            pdf.line(margin - 4, top + 2, margin - 4, pdf.get_y())  # a red bar beside the box
            pdf.ln(line_h * 0.5)
            continue
        heading(section.title, next_block=items[0] if items else None)
        blocks(items)
        if not patient:
            pdf.set_font(FONT, "I", body_pt - 1)
            pdf.multi_cell(width, line_h * 0.9, _latin1("Sources: " + "; ".join(str(c) for c in section.citations)), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

    if patient:
        sources = patient_sources()
        heading("Where this comes from", next_block=_Block("bullet", sources[0][0]))
        for words, _ in sources:
            bullet(words)
        para("Ask your care team about anything on this sheet.")
    else:
        para(DISCLAIMER, "I")
    return bytes(pdf.output())


__all__ = ["BLANK", "BODY_PT", "handout_pdf"]
