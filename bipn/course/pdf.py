"""The course as a printable one-page A4 summary for the next clinic, made on the server.

Same approach as the patient handout (``bipn.outputs.handout_pdf``): fpdf2, imported only here, the
handout's embedded DejaVu Sans (so typed names print as typed), title and language set in
the document. The page holds, from the same
course every other page reads: the baseline, the dose state and the current decision, the
table of visits (grades with their CTCAE version, dose, product, action and who recorded
what) and the current flags. A long course keeps its latest visits on the page and says how
many earlier ones are in the FHIR file.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bipn.course.flags import review
from bipn.course.note import ctcae_versions_used
from bipn.record.visits import Course, Visit, check_date
from bipn.clinical.dosing import format_dose, products
from bipn.clinical.education import DISCLAIMER
from bipn.content.evidence import CONTENT_VERSION, REVIEW_DATE
from bipn.outputs.handout_pdf import FONT, INK_RGB, LANGUAGE, URGENT_RGB, add_fonts

if TYPE_CHECKING:
    from fpdf import FPDF

MAX_ROWS = 22  # what one A4 page holds below the header, in rows of 5.2 mm
TABLE_PT = 7.5  # DejaVu Sans is wider than Helvetica; at 7.5 pt it is as tall as Helvetica at 8
COLUMNS = (  # (heading, width in mm); 190 mm between the margins. The longest product name fits.
    ("Date", 18),
    ("Sensory", 13.5),
    ("Motor", 10.5),
    ("CTCAE", 11),
    ("Pain", 8.5),
    ("Dose given", 24.5),
    ("Product", 43),
    ("Action", 17),
    ("Who", 44),
)


def _who(v: Visit) -> str:
    parts = []
    if v.pre_dose is not None and v.pre_dose.checked_by:
        parts.append(f"checked: {v.pre_dose.checked_by}")
    if v.resolution is not None:
        parts.append(f"resolution: {v.resolution.by}")
    if v.findings.autonomic_confirmation is not None:
        parts.append(f"autonomic: {v.findings.autonomic_confirmation.by}")
    return "; ".join(parts)


def _row(v: Visit) -> tuple[str, ...]:
    f = v.findings
    dose = f"{format_dose(v.dose_given_mg_m2)} mg/m²" if v.dose_given_mg_m2 is not None else "none"
    if v.dose_given_mg_m2 is not None and v.schedule is not None:
        dose += " " + ("2x/wk" if v.schedule.value == "twice_weekly" else "1x/wk")
    product = products()[v.product].short if v.product else ""
    return (
        v.on.isoformat(),
        str(f.sensory_grade),
        str(f.motor_grade),
        f"v{f.ctcae_version}",
        "yes" if f.neuropathic_pain else "no",
        dose,
        product,
        v.action.value if v.action else "",
        _who(v),
    )


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with '…' to fit ``width`` mm in the current font (a cell never wraps)."""
    if pdf.get_string_width(text) <= width - 1.5:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1.5:
        text = text[:-1]
    return text + "…"


def course_pdf(course: Course, on: date, *, decision: str | None = None, product: str | None = None) -> bytes:
    """The course as one A4 page (PDF bytes). ``on`` is the date printed (passed in, never
    'now'); ``decision`` is today's dose headline when there is one; ``product`` the id of the
    product the patient is on now (named in the header)."""
    from fpdf import FPDF

    check_date("on", on)
    r = review(course, on)
    versions = ctcae_versions_used(course)
    title = f"BIPN course summary {on.isoformat()}"

    pdf = FPDF(format="A4")
    add_fonts(pdf)
    pdf.set_title(title)
    pdf.set_lang(LANGUAGE)
    pdf.set_author("bipn-bedside")
    pdf.set_subject("Bortezomib-induced peripheral neuropathy: the course for the next clinic")
    pdf.set_creator("bipn-bedside course_pdf")
    pdf.set_auto_page_break(False)
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_text_color(*INK_RGB)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, style: str = "", color: tuple[int, int, int] = INK_RGB, h: float = 5.2) -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, h, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK_RGB)

    line(title, 16, "B", h=8)
    line(f"Grades: NCI {versions}. Patient: ____________________   Date of birth: ____________   (the file names no patient)", 9)
    if product is not None:
        p = products()[product]
        line(f"Product now: {p.display} ({p.routes_text}, its label)", 9)
    pdf.ln(1.5)
    if decision:
        line(f"Decision today: {decision}", 12, "B", URGENT_RGB, h=6)
    line(f"Dose state: {r.state.text}", 11, "B", h=6)
    b = course.baseline
    baseline = (
        f"sensory Grade {b.sensory_grade}, motor Grade {b.motor_grade}, neuropathic pain {'yes' if b.neuropathic_pain else 'no'} (CTCAE v{b.ctcae_version})"
        if b is not None else "not recorded"
    )
    line(f"Baseline (before treatment): {baseline}", 10)
    facts = []
    if r.days_since_change is not None:
        facts.append(f"{r.days_since_change} days since the last dose change ({r.last_change.on.isoformat()})")
    if r.tolerated is not None:
        facts.append(f"last tolerated dose {format_dose(r.tolerated[0])} mg/m² (given {r.tolerated[1].isoformat()})")
    if facts:
        line("; ".join(facts).capitalize() + ".", 10)
    pdf.ln(2)

    visits = course.visits[-MAX_ROWS:]
    earlier = len(course.visits) - len(visits)
    line(f"Visits ({len(course.visits)})" + (f": the latest {len(visits)}; {earlier} earlier in the FHIR file" if earlier else ""), 11, "B", h=6)
    pdf.set_font(FONT, "B", TABLE_PT)
    pdf.set_fill_color(230, 230, 230)
    for heading, w in COLUMNS:
        pdf.cell(w, 5.5, heading, border=1, fill=True)
    pdf.ln()
    pdf.set_font(FONT, "", TABLE_PT)
    for v in visits:
        for (_, w), text in zip(COLUMNS, _row(v), strict=True):
            pdf.cell(w, 5.2, _fit(pdf, text, w), border=1)
        pdf.ln()
    if not visits:
        pdf.cell(width, 5.2, "No visit recorded yet.", border=1)
        pdf.ln()
    pdf.ln(2)

    line("Flags now", 11, "B", h=6)
    flags = [c.summary for c in r.current] or ["none"]
    pdf.set_font(FONT, "", 9)
    room = pdf.h - 26 - pdf.get_y()
    shown = []
    for text in flags:
        if room < 10:
            break
        shown.append(text)
        room -= 4.6 * (1 + pdf.get_string_width(text) // (width - 5))
    for text in shown:
        line(f"- {text}", 9, h=4.6)
    if len(shown) < len(flags):
        line(f"({len(flags) - len(shown)} more flags in the course note)", 9, h=4.6)

    pdf.set_y(pdf.h - 22)
    line(DISCLAIMER, 7.5, h=3.6)
    line(f"bipn-bedside content {CONTENT_VERSION}, reviewed {REVIEW_DATE}. Made from this tab's course; the FHIR file holds every detail.", 7.5, h=3.6)
    return bytes(pdf.output())


__all__ = ["MAX_ROWS", "course_pdf"]
