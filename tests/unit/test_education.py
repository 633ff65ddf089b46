"""Patient and clinician handouts (policy.md "Patient education", "Figures and prognosis";
facts.md §9, §14).

Readability uses textstat. textstat looks syllables up in NLTK's cmudict and tries to
download it when missing; tests never touch the network, so when cmudict is not installed
locally the syllables are counted with pyphen (textstat's own fallback for unknown words).
"""

from __future__ import annotations

import re

import pytest

import bipn
from bipn import InputError

GRADE_LIMIT = 8.0  # policy.md: aim at 6th grade, 8th at most


@pytest.fixture(scope="module")
def readability():
    import textstat
    import textstat.backend.counts._count_syllables as count_mod

    try:
        import nltk

        nltk.data.find("corpora/cmudict")
        method = "cmudict"
        patch = None
    except LookupError:
        method = "pyphen (cmudict not installed)"
        patch = pytest.MonkeyPatch()
        patch.setattr(count_mod, "get_cmudict", lambda lang: None)
    try:
        yield textstat, method
    finally:
        if patch is not None:
            patch.undo()


def strip_markdown(md: str) -> str:
    """Plain prose for the readability formulas: no headings marks, bullets, emphasis, tables, links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)  # links -> their text
    text = re.sub(r"^\s*\|?\s*:?-{3,}.*$", "", text, flags=re.M)  # table rules
    text = re.sub(r"^#{1,6}\s*(.*)$", r"\1.", text, flags=re.M)  # a heading is its own sentence
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)  # bullets
    text = text.replace("|", " ")
    text = re.sub(r"[*_`>#]", "", text)
    text = re.sub(r"\.\.+", ".", text)
    return re.sub(r"[ \t]+", " ", text).strip()


@pytest.fixture(scope="module")
def patient_md():
    return bipn.handout("patient")


@pytest.fixture(scope="module")
def clinician_md():
    return bipn.handout("clinician")


@pytest.fixture(scope="module")
def patient_text(patient_md):
    return strip_markdown(patient_md)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


# --------------------------------------------------------------------------------------
# Readability (two formulas)
# --------------------------------------------------------------------------------------

def test_strip_markdown_removes_syntax():
    md = "# Title\n\n- **bold** item\n| a | b |\n|---|---|\n[link](http://x)"
    out = strip_markdown(md)
    for ch in "#*|[]()":
        assert ch not in out
    assert "bold item" in out and "link" in out and "http" not in out


def test_patient_handout_flesch_kincaid_grade(readability, patient_text):
    textstat, method = readability
    fk = textstat.flesch_kincaid_grade(patient_text)
    print(f"\npatient handout Flesch-Kincaid grade = {fk:.2f} (syllables: {method})")
    assert 0 < fk <= GRADE_LIMIT


def test_patient_handout_smog(readability, patient_text):
    textstat, method = readability
    assert textstat.sentence_count(patient_text) >= 30, "SMOG needs 30 sentences to be meaningful"
    smog = textstat.smog_index(patient_text)
    print(f"\npatient handout SMOG grade = {smog:.2f} (syllables: {method})")
    assert 0 < smog <= GRADE_LIMIT


def test_readability_check_can_fail(readability):
    """The same measure flags clinician-style prose, so the patient checks are not vacuous."""
    textstat, _ = readability
    text = strip_markdown(bipn.handout("clinician"))
    fk = textstat.flesch_kincaid_grade(text)
    smog = textstat.smog_index(text)
    print(f"\nclinician handout FK = {fk:.2f}, SMOG = {smog:.2f}")
    assert fk > GRADE_LIMIT or smog > GRADE_LIMIT


# --------------------------------------------------------------------------------------
# Patient content rules
# --------------------------------------------------------------------------------------

COLD_WATER = re.compile(r"\b(ic(e|y)|cold)\b[^.]*\b(water|soak|bath)|\b(soak|bath)\w*\b[^.]*\b(ic(e|y)|cold)\b", re.I)
NEGATION = re.compile(r"\b(do not|don't|never|avoid|stay away|not)\b", re.I)


def test_patient_never_advises_icy_water(patient_text):
    """facts.md §9 / policy.md: icy-water soaks are never presented as advice to patients."""
    hits = [s for s in sentences(patient_text) if COLD_WATER.search(s)]
    for s in hits:
        assert NEGATION.search(s), f"icy/cold water mentioned without a 'do not': {s!r}"


def test_patient_icy_water_checker_catches_advice():
    bad = "Soak your feet in icy water for ten minutes."
    good = "Do not soak your hands or feet in ice water."
    assert COLD_WATER.search(bad) and not NEGATION.search(bad)
    assert COLD_WATER.search(good) and NEGATION.search(good)


def test_patient_gives_sourced_foot_safety_advice(patient_text):
    low = patient_text.lower()
    assert "barefoot" in low
    assert "shoes" in low
    assert "elbow" in low or "thermometer" in low, "test bath water temperature"


def test_patient_resolved_only_with_improved_or(patient_md):
    """'Improved or resolved' is never shortened to 'resolved'."""
    for m in re.finditer(r"\bresolved\b", patient_md, re.I):
        before = patient_md[max(0, m.start() - 40): m.start()].lower()
        assert "improved or" in before or "improvement or" in before, patient_md[max(0, m.start() - 60): m.end() + 20]


PROMISES = [
    r"\d+(\.\d+)?\s*%",
    r"\bper ?cent\b",
    r"\b\d+\s+(out of|in)\s+\d+\b",
    r"\bwill (get better|recover|go away|heal|disappear)\b",
    r"\bguarantee",
    r"\balways (gets|get) better\b",
]


@pytest.mark.parametrize("pattern", PROMISES)
def test_patient_no_percentage_or_recovery_promise(patient_md, pattern):
    m = re.search(pattern, patient_md, re.I)
    assert m is None, f"patient text has {m.group(0)!r}"


def test_patient_says_no_one_can_promise(patient_md):
    assert re.search(r"(no one|nobody) can promise|not (get better )?for everyone", patient_md, re.I)


def test_patient_supplement_cautions(patient_md):
    low = patient_md.lower()
    assert "vitamin c" in low and "green tea" in low and "b6" in low


def test_patient_names_sources_in_plain_words(patient_md):
    assert "Where this comes from" in patient_md
    assert "APEX" in patient_md or "Moreau" in patient_md


# --------------------------------------------------------------------------------------
# Clinician content
# --------------------------------------------------------------------------------------

def _section_with(md: str, needle: str) -> str:
    for block in re.split(r"^## ", md, flags=re.M):
        if needle.lower() in block.lower():
            return block
    raise AssertionError(f"no section mentions {needle!r}")


def test_clinician_icy_water_only_with_caution(clinician_md):
    block = _section_with(clinician_md, "icy water")
    low = block.lower()
    assert "caution" in low
    assert "do not give this as advice" in low or "not as advice" in low
    assert "cold injury" in low


def test_clinician_pain_source_article_position(clinician_md):
    block = _section_with(clinician_md, "pregabalin first line")
    assert re.search(r"source article\W+pregabalin first line", block, re.I)
    assert "Source article" in block  # cited with its provenance
    assert "source article only (not confirmed)" in block


def test_clinician_pain_guideline_position(clinician_md):
    block = _section_with(clinician_md, "pregabalin first line")
    assert re.search(r"ASCO 2020\W+duloxetine is the only agent", block)
    assert "ESMO 2020" in block and "[I, B]" in block and "[II, C]" in block
    assert "ASCO 2020 CIPN guideline [confirmed in the primary source]" in block


def test_clinician_autonomic_discontinue_row(clinician_md):
    rows = [line for line in clinician_md.splitlines() if line.startswith("|") and "autonomic" in line.lower()]
    assert rows, "no table row for severe autonomic neuropathy"
    assert any("severe autonomic" in r.lower() and "grade 4" in r.lower() and "discontinue" in r.lower() for r in rows)


@pytest.mark.parametrize(
    "finding, action",
    [
        ("Grade 0, or Grade 1 without pain", "No change"),
        ("Grade 1 with pain, or Grade 2", "Reduce"),
        ("Grade 2 with pain, or Grade 3", "Withhold"),
        ("Grade 4, or severe autonomic neuropathy", "Discontinue"),
    ],
)
def test_clinician_dose_table_rows(clinician_md, finding, action):
    rows = [line for line in clinician_md.splitlines() if line.startswith("|") and finding.lower() in line.lower()]
    assert rows and action.lower() in rows[0].lower()


def test_clinician_withhold_row_restart_once_weekly(clinician_md):
    row = next(line for line in clinician_md.splitlines() if line.startswith("|") and "Grade 3" in line)
    assert "0.7" in row and "once weekly" in row.lower()


def test_clinician_figures_say_improved_or_resolved(clinician_md):
    assert "58/91" in clinician_md and "improved or resolved" in clinician_md
    for m in re.finditer(r"\bresolved\b", clinician_md):
        before = clinician_md[max(0, m.start() - 40): m.start()].lower()
        assert "improved or" in before or "improvement or" in before, clinician_md[max(0, m.start() - 60): m.end() + 20]


def test_clinician_unconfirmed_numbers_marked(clinician_md):
    block = _section_with(clinician_md, "18% to 9%")
    assert "not confirmed" in block and "Bringhen" in block


# --------------------------------------------------------------------------------------
# Audiences and the PDF
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["nurse", "", "patients", None, 1, True])
def test_unknown_audience_is_refused(bad):
    with pytest.raises(InputError) as info:
        bipn.handout(bad)
    assert "audience" in str(info.value)


@pytest.mark.parametrize("alias", ["Patient", " patient ", "caregiver", bipn.Audience.PATIENT])
def test_patient_aliases(alias, patient_md):
    assert bipn.handout(alias) == patient_md


def test_audiences_differ(patient_md, clinician_md):
    assert patient_md != clinician_md
    assert "mg/m²" not in patient_md, "no dosing tables for patients"


@pytest.mark.parametrize("who", ["patient", "clinician"])
def test_handout_pdf_is_pdf(who):
    data = bipn.handout_pdf(who)
    assert isinstance(data, bytes)
    assert data.startswith(b"%PDF")
    assert len(data) > 1000
    assert data.rstrip().endswith(b"%%EOF")


def test_handout_pdf_unknown_audience():
    with pytest.raises(InputError):
        bipn.handout_pdf("nurse")
