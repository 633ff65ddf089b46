"""Issue 18, item 7: the source check of 2026-12-03 (shared/clinical/sources-2026-12-03.md,
Part 1) applied to the content.

The rows below are that file's SECONDARY ONLY verdicts, written out (row number, content file,
citation path, reference, provenance the check saw) so the test does not read the shared
folder: each is now recorded as "secondary source only" (provenance ``partial``, whose words
are those of policy.md, "Words the record can carry") and its note names what was found.
"""

import pytest

import bipn
from bipn.content.cards import rules
from bipn.content.loader import load
from bipn.content.evidence import Provenance
from tests.unit.content_citations import citations, counts, walk

SECONDARY_ONLY = [
    (0, "analgesics", "pregabalin.band_citations[0]", "pregabalin_label", "unverified"),
    (1, "analgesics", "pregabalin.band_citations[1]", "pregabalin_nz_sheet", "partial"),
    (2, "analgesics", "pregabalin.cautions[1]", "pregabalin_label", "partial"),
    (3, "analgesics", "pregabalin.start.citations[0]", "pregabalin_label", "unverified"),
    (5, "analgesics", "pregabalin.dialysis.citations[1]", "pregabalin_nz_sheet", "partial"),
    (6, "analgesics", "gabapentin.citations[2]", "esmo_2020", "partial"),
    (8, "analgesics", "gabapentin.start.citations[0]", "gabapentin_label", "unverified"),
    (9, "analgesics", "duloxetine.start.citations[0]", "esmo_2020", "partial"),
    (10, "analgesics", "duloxetine.band_citations[0]", "duloxetine_label", "partial"),
    (11, "analgesics", "tramadol.citations[1]", "esmo_2020", "partial"),
    (12, "analgesics", "tramadol.start.citations[0]", "tramadol_label", "unverified"),
    (13, "analgesics", "nortriptyline.citations[1]", "esmo_2020", "partial"),
    (14, "analgesics", "strong_opioids.citations[1]", "esmo_2020", "partial"),
    (20, "course", "rules.course.grade_worse.citations[0]", "esmo_2020", "partial"),
    (21, "course", "rules.course.no_baseline.citations[0]", "velcade_uspi", "partial"),
    (23, "course", "rules.course.resolved_met.citations[0]", "velcade_uspi", "partial"),
    (24, "course", "rules.course.resolved_not_met.citations[0]", "velcade_uspi", "partial"),
    (25, "course", "rules.course.resolution_contradicts.citations[0]", "velcade_uspi", "partial"),
    (26, "course", "rules.course.dose_while_withheld.citations[0]", "velcade_uspi", "partial"),
    (27, "course", "rules.course.retreat_above_label.citations[0]", "velcade_uspi", "partial"),
    (31, "course", "rules.predose.give.citations[1]", "velcade_uspi", "partial"),
    (33, "course", "rules.predose.dose_rule.citations[0]", "velcade_uspi", "partial"),
    (34, "course", "rules.predose.withhold_in_effect.citations[1]", "velcade_uspi", "partial"),
    (35, "course", "rules.predose.above_allowed.citations[1]", "velcade_uspi", "partial"),
    (38, "education", "section[1].citations[0]", "velcade_uspi", "partial"),
    (39, "education", "section[2].citations[0]", "foot_safety_lifespan", "partial"),
    (40, "education", "section[2].citations[1]", "foot_safety_cmeded", "partial"),
    (41, "education", "section[2].citations[2]", "foot_safety_premier", "partial"),
    (42, "education", "section[2].citations[3]", "foot_safety_bowel", "partial"),
    (43, "education", "section[2].citations[4]", "foot_safety_uofm", "partial"),
    (45, "education", "section[7].citations[0]", "velcade_uspi", "partial"),
    (47, "education", "section[9].citations[2]", "esmo_2020", "partial"),
    (48, "education", "section[9].citations[3]", "pregabalin_label", "unverified"),
    (49, "education", "section[10].citations[1]", "foot_safety_cmeded", "partial"),
    (50, "education", "section[10].citations[2]", "foot_safety_uofm", "partial"),
    (53, "measures", "measure.menthol.citations[0]", "esmo_2020", "partial"),
    (55, "measures", "measure.exercise.citations[0]", "asco_2020", "partial"),
    (56, "measures", "measure.acupuncture.citations[0]", "asco_2020", "partial"),
    (58, "measures", "measure.cryotherapy.citations[2]", "foot_safety_cmeded", "partial"),
    (60, "measures", "workup.lookalikes.citations[0]", "esmo_2020", "partial"),
    (64, "medications", "classes.tca.citations[0]", "fda_serotonin_2011", "partial"),
    (66, "medications", "classes.maoi.citations[1]", "duloxetine_label", "partial"),
    (68, "medications", "classes.maoi_like.citations[1]", "duloxetine_label", "partial"),
    (74, "medications", "classes.serotonergic_opioid.citations[1]", "clinical_review_2026", "partial"),
    (76, "medications", "classes.other_serotonergic.citations[1]", "tramadol_label", "unverified"),
    (77, "medications", "classes.cyp3a4_strong_inhibitor.citations[0]", "fda_ddi_table", "unverified"),
    (78, "medications", "classes.cyp3a4_strong_inhibitor.citations[1]", "clinical_review_2026", "partial"),
    (93, "plausibility", "citations[0]", "clinical_review_2026", "partial"),
    (95, "rules", "dose.continue.citations[0]", "velcade_uspi", "partial"),
    (96, "rules", "dose.continue.citations[1]", "velcade_table_secondary", "partial"),
    (97, "rules", "dose.reduce.citations[0]", "velcade_uspi", "partial"),
    (98, "rules", "dose.withhold.citations[0]", "velcade_uspi", "partial"),
    (99, "rules", "dose.withhold.citations[1]", "velcade_table_secondary", "partial"),
    (100, "rules", "dose.withhold.below_restart.citations[0]", "velcade_uspi", "partial"),
    (101, "rules", "dose.restart_below_label.citations[0]", "velcade_uspi", "partial"),
    (104, "rules", "dose.discontinue.citations[1]", "velcade_table_secondary", "partial"),
    (105, "rules", "dose.restart_confirmed.citations[0]", "velcade_uspi", "partial"),
    (107, "rules", "dose.renal.citations[1]", "velcade_table_secondary", "partial"),
    (111, "rules", "pain.positions.citations[2]", "esmo_2020", "partial"),
    (114, "rules", "interact.maoi.citations[1]", "duloxetine_label", "partial"),
    (131, "rules", "renal.very_low.citations[1]", "pregabalin_label", "unverified"),
    (141, "rules", "renal.obesity.citations[0]", "devine_1974", "unverified"),
]

BY_PATH = {(f.file, f.path): f for f in citations()}


def test_the_table_is_the_source_checks():
    assert len(SECONDARY_ONLY) == 62, "the check's summary: 62 rows SECONDARY ONLY"
    assert sum(1 for *_, seen in SECONDARY_ONLY if seen == "unverified") == 9


@pytest.mark.parametrize(("row", "file", "path", "ref", "seen"), SECONDARY_ONLY, ids=[f"{r[0]}-{r[2]}" for r in SECONDARY_ONLY])
def test_a_secondary_only_finding_is_recorded_as_secondary_source_only(row, file, path, ref, seen):
    found = BY_PATH[(file, path)]
    assert found.ref == ref
    assert Provenance(found.provenance).label == "secondary source only", found
    assert "secondary source only (source check 2026-12-03): " in found.note.lower(), found.note


def test_every_citation_in_the_content_has_a_known_reference_and_provenance():
    every = citations()
    assert len(every) > 300
    for f in every:
        assert bipn.reference(f.ref), f
        assert f.provenance in {p.value for p in Provenance}, f
    assert set(counts(every)) <= {p.value for p in Provenance}


def test_the_walk_finds_nested_and_inline_citations():
    doc = {"a": {"citations": [{"ref": "x", "provenance": "partial", "note": "n"}]}, "b": [{"start": {"citations": [{"ref": "y", "provenance": "confirmed"}]}}]}
    assert [(f.path, f.ref) for f in walk("t", doc)] == [("a.citations[0]", "x"), ("b[0].start.citations[0]", "y")]


def test_the_corrected_last_tolerated_dose_rule_no_longer_cites_the_label():
    """Rows 28-29 (CORRECTED): the label's 'last tolerated dose' is retreatment after relapse
    (section 2.6), not the restart after a neuropathy withhold."""
    course = load("course")["rules"]
    rule = course["course.retreat_above_tolerated"]
    assert "velcade_uspi" not in {c["ref"] for c in rule["citations"]}
    assert "app's own rule" in rule["statement"] and "2.6" in rule["statement"]
    assert "later monographs" not in str(rule).lower()
    # Every other rule that says "never above the last tolerated dose" says it is the app's own.
    for rule_id, raw in course.items():
        if "never above the last tolerated dose" in raw["statement"]:
            assert "clinical_review_2026_12_03" in {c["ref"] for c in raw["citations"]}, rule_id
            assert "own rule" in raw["statement"] or "this product's decision" in raw["statement"], rule_id


def test_the_confirmed_gabapentin_table_no_longer_says_secondary_copies_only():
    note = BY_PATH[("analgesics", "gabapentin.band_citations[0]")].note

    assert BY_PATH[("analgesics", "gabapentin.band_citations[0]")].provenance == "confirmed"
    assert "read verbatim in the DailyMed SPL" in note


def test_a_caution_keeps_its_note_in_the_pain_plan():
    o = {o.agent: o for o in bipn.analgesic_plan(crcl_ml_min=80)}["pregabalin"]
    notes = [c.note for c in o.sources if c.ref == "pregabalin_label"]
    assert any("source check 2026-12-03" in n for n in notes), notes


def test_the_rules_still_load():
    assert rules()["predose.withhold_in_effect"].citations[0].ref == "clinical_review_2026_12_03"


def test_the_search_indexes_where_in_a_source_not_how_it_was_checked():
    c = bipn.Citation("pregabalin_nz_sheet", Provenance.PARTIAL, "Band edges; secondary source only (source check 2026-12-03): the NZ sheet")
    assert c.locator == "Band edges"
    assert bipn.Citation("x", Provenance.PARTIAL, "Secondary source only (source check 2026-12-03): a page").locator == ""
    assert bipn.search("Lyrica")[0].id == "analgesic.pregabalin"
