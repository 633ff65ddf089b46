"""The printable handout: the education Markdown laid out as an A4 PDF (made on the server)."""

from __future__ import annotations

from bipn.education import Audience, audience, handout

# fpdf2's built-in fonts are Latin-1; these characters are swapped for look-alikes.
_LATIN1_SWAPS = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "≥": ">=", "≤": "<=", "→": "->"})


def _latin1(text: str) -> str:
    return text.translate(_LATIN1_SWAPS).encode("latin-1", "replace").decode("latin-1")


def handout_pdf(audience_name: str | Audience) -> bytes:
    """The handout for 'patient' or 'clinician' as PDF bytes (A4, large print for patients)."""
    from fpdf import FPDF

    who = audience(audience_name)
    body_size = 13 if who is Audience.PATIENT else 10
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(handout(who).splitlines()[0].lstrip("# ")))
    pdf.set_author("bipn-bedside")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    for line in handout(who).splitlines():
        text = _latin1(line.strip())
        if text.startswith("# "):
            pdf.set_font("Helvetica", "B", body_size + 7)
            pdf.multi_cell(0, body_size * 0.6, text[2:], align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif text.startswith("## "):
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", body_size + 3)
            pdf.multi_cell(0, body_size * 0.55, text[3:], new_x="LMARGIN", new_y="NEXT")
        elif text.startswith("|---") or not text:
            pdf.ln(1)
        else:
            if text.startswith("|"):
                text = "  -  ".join(cell.strip() for cell in text.strip("|").split("|"))
            pdf.set_font("Helvetica", "", body_size)
            pdf.multi_cell(0, body_size * 0.5, text, markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
