"""The course as a one-page printable summary (issue 22): baseline, the visits with grades
and their CTCAE version, dose, product, action and who, the dose state and the decision."""

from __future__ import annotations

import io
import sys
from datetime import date, timedelta

import pytest

import bipn
from bipn.course import Course, PreDoseCheck, Visit, course_pdf

pdfplumber = pytest.importorskip("pdfplumber")
F = bipn.Findings


def sample() -> Course:
    return (
        Course(baseline=F(0))
        .add(Visit(date(2026, 1, 5), F(1), 1.3, bipn.Action.CONTINUE, schedule="twice_weekly", product="velcade",
                   pre_dose=PreDoseCheck(36.8, 72, 125, 78, checked_by="Nurse Peeters")))
        .add(Visit(date(2026, 1, 26), F(2, ctcae_version="6.0"), 1.0, bipn.Action.REDUCE, schedule="twice_weekly", product="fosun_2_5mg_ml"))
        .add(Visit(date(2026, 2, 16), F(3, 1, neuropathic_pain=True, ctcae_version="6.0"), None, bipn.Action.WITHHOLD))
        .add(Visit(date(2026, 3, 9), F(1, ctcae_version="6.0"), 0.7, schedule="weekly", product="fosun_2_5mg_ml",
                   resolution=bipn.Confirmation("Dr Janssens", "Grade 1 or better, no pain")))
    )


def _text(pdf: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages), "\n".join(p.extract_text() for p in doc.pages)


def test_one_page_with_everything_the_next_clinic_needs():
    pdf = course_pdf(sample(), date(2026, 3, 9), decision="Restart at 0.7 mg/m² once weekly", product="fosun_2_5mg_ml")
    assert pdf.startswith(b"%PDF")
    pages, text = _text(pdf)
    assert pages == 1
    text = " ".join(text.split())  # a long line may wrap
    assert "BIPN course summary 2026-03-09" in text
    assert "Decision today: Restart at 0.7 mg/m" in text
    assert "Dose state: " + bipn.course.review(sample(), date(2026, 3, 9)).state.text.split(":")[0] in text
    assert "Baseline (before treatment): sensory Grade 0, motor Grade 0" in text
    assert "NCI CTCAE v5.0 and v6.0" in text
    for row in ("2026-01-05 1 0 v5.0 no 1.3 mg/m² 2x/wk VELCADE 3.5 mg continue checked: Nurse Peeters",
                "2026-01-26 2 0 v6.0 no 1.0 mg/m² 2x/wk Fosun 2.5 mg/mL (IV only) reduce",
                "2026-02-16 3 1 v6.0 yes none withhold",
                "2026-03-09 1 0 v6.0 no 0.7 mg/m² 1x/wk Fosun 2.5 mg/mL (IV only) resolution: Dr Janssens"):
        assert row in text, row
    assert "intravenous use only" in text, "the product now, with its routes"
    assert bipn.DISCLAIMER in text.replace("\n", " ")


def test_a_long_course_stays_on_one_page_and_says_what_is_left_off():
    course = Course(baseline=F(0))
    for i in range(40):
        course = course.add(Visit(date(2026, 1, 5) + timedelta(days=7 * i), F(i % 2), 1.3, schedule="weekly", product="boruzu",
                                  pre_dose=PreDoseCheck(36.8, 72, 125, 78, checked_by="N" * 200)))
    pages, text = _text(course_pdf(course, date(2026, 12, 1)))
    assert pages == 1
    assert "Visits (40): the latest 22; 18 earlier in the FHIR file" in text


def test_an_empty_course_prints_and_typed_text_is_printed_as_typed():
    course = Course().add(Visit(date(2026, 1, 5), F(0), 1.3, pre_dose=PreDoseCheck(36.8, 72, 125, 78, checked_by="**Nurse** <b>x</b>")))
    assert _text(course_pdf(Course(), date(2026, 1, 1)))[0] == 1
    assert "checked: **Nurse** <b>x</b>" in _text(course_pdf(course, date(2026, 1, 5)))[1]


def test_fpdf_is_imported_only_for_the_pdf():
    import subprocess

    code = "import bipn, bipn.course, sys; assert 'fpdf' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_its_font_is_embedded_and_a_typed_name_prints_as_typed():
    """The summary shares the handout's font: embedded, and Unicode, so 'Łucja Müller' is not
    printed as '?ucja Müller' (the Latin-1 core font's replacement)."""
    from tests.unit.test_handout_pdf import _fonts

    name = "Nurse Łucja Müller"
    course = Course().add(Visit(date(2026, 1, 5), F(0), 1.3, pre_dose=PreDoseCheck(36.8, 72, 125, 78, checked_by=name)))
    pdf = course_pdf(course, date(2026, 1, 5))
    fonts = _fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert f"checked: {name}" in _text(pdf)[1]
