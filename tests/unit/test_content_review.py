"""Every content item carries sources and review metadata; confirmed figures cite a primary source."""

from datetime import date

import pytest

import bipn
from bipn.content.loader import load
from bipn.content.evidence import citations_from
from bipn.content.schema import KINDS, REVIEW_STATUSES, Provenance

PRIMARY_KINDS = {"label", "guideline", "trial", "formula"}


def content_items():
    """(id, citations, status, reviewed) for every reviewed item in bipn/data."""
    for name in ("rules", "measures"):
        for rule_id, raw in load(name).items():
            yield f"rule {rule_id}", raw["citations"], raw["status"], raw["reviewed"]
    for agent_id, raw in load("analgesics").items():
        yield f"analgesic {agent_id}", raw["citations"], raw["status"], raw["reviewed"]
    for fig_id, raw in load("figures").items():
        yield f"figure {fig_id}", raw["citations"], raw["status"], raw["reviewed"]
    for i, raw in enumerate(load("education")["section"]):
        yield f"education {raw['audience']} {i}: {raw['title']}", raw["citations"], raw["status"], raw["reviewed"]
    grading = load("grading")
    yield "grading", grading["citations"], grading["status"], grading["reviewed"]
    for number, raw in grading.get("versions", {}).items():
        yield f"grading CTCAE v{number}", raw["citations"], raw["status"], raw["reviewed"]
    prods = load("products")
    for pid, raw in prods.items():
        if isinstance(raw, dict):
            preps = [c for preps in raw.get("routes", {}).values() for prep in preps for c in prep["citations"]]
            yield f"product {pid}", raw["citations"] + preps, prods["status"], prods["reviewed"]
    table = load("bortezomib")
    yield "bortezomib dose table", [{"ref": "velcade_uspi", "provenance": "partial"}], table["status"], table["reviewed"]


ITEMS = list(content_items())


@pytest.mark.parametrize(("item", "citations", "status", "reviewed"), ITEMS, ids=[i[0] for i in ITEMS])
def test_item_has_sources_and_review_metadata(item, citations, status, reviewed):
    assert citations, f"{item} has no sources"
    for c in citations_from(citations):
        assert bipn.reference(c.ref), f"{item} cites unknown reference {c.ref}"
    assert status in REVIEW_STATUSES, f"{item} has review status {status!r}"
    # Content added after the second review (2026-12-01) or the third (2026-12-03) is dated
    # that day and "submitted" until a clinician signs it off.
    assert date.fromisoformat(reviewed) <= date(2026, 11, 27) or reviewed == bipn.REVIEW_DATE or (
        reviewed in ("2026-12-01", "2026-12-03") and status == "submitted"
    )


def test_review_checks_would_catch_a_missing_source():
    """The check above is not vacuous: an item without sources or status fails it."""
    with pytest.raises(AssertionError):
        test_item_has_sources_and_review_metadata("probe", [], "under_review", "2026-11-27")
    with pytest.raises(AssertionError):
        test_item_has_sources_and_review_metadata("probe", [{"ref": "apex_2009", "provenance": "confirmed"}], "", "2026-11-27")


@pytest.mark.parametrize("figure", bipn.figures(), ids=[f.id for f in bipn.figures()])
def test_a_figure_marked_confirmed_cites_a_primary_source_read_for_it(figure):
    if figure.provenance is Provenance.CONFIRMED:
        primary = [c for c in figure.citations if c.provenance is Provenance.CONFIRMED and c.reference.kind in PRIMARY_KINDS]
        assert primary, f"{figure.id} is marked confirmed without a confirmed primary source"
    else:
        assert figure.provenance is Provenance.SOURCE_ARTICLE
        assert any(c.ref == "source_article" for c in figure.citations)


def test_the_unsupported_numbers_are_never_marked_confirmed():
    """facts.md: '18% to 9%', '45% within three cycles', 47 days and the ranges are unconfirmed."""
    by_id = {f.id: f for f in bipn.figures()}
    for fid in ("article_weekly_g34", "article_twice_weekly_g34", "article_early_discontinuation", "article_median_time", "article_grade34_improved", "article_range_time"):
        assert by_id[fid].provenance is Provenance.SOURCE_ARTICLE
    # policy.md (2026-12): the APEX point carries no range that only the source article gives.
    apex = by_id["apex_median_time"]
    assert apex.range_low_days is None and apex.range_high_days is None and apex.range_provenance is None
    assert (by_id["article_range_time"].range_low_days, by_id["article_range_time"].range_high_days) == (4, 627)


def test_no_item_quotes_the_unconfirmed_b12_figure():
    texts = [r.statement + r.summary for r in bipn.rules().values()]
    texts += [s.body for a in bipn.Audience for s in bipn.sections(a)]
    assert not [t for t in texts if "13.6" in t]


def test_every_reference_has_a_kind_link_and_citation():
    for ref in bipn.references():
        assert ref.kind in KINDS and len(ref.citation) > 20, ref.id
        assert ref.link.startswith("http") or (ref.kind == "internal" and not ref.link), ref.id


def test_medicine_classes_cite_their_sources_and_every_drug_class_exists():
    raw = load("medications")
    assert raw["status"] in REVIEW_STATUSES and raw["reviewed"]
    for cid, cls in raw["classes"].items():
        assert cls["citations"], f"class {cid} has no sources"
        for c in citations_from(cls["citations"]):
            assert bipn.reference(c.ref)
    for mid, drug in raw["drugs"].items():
        assert set(drug["classes"]) <= set(raw["classes"]), mid
        assert drug.get("rule") is None or drug["rule"] in bipn.rules(), mid


def test_interactions_point_at_rules_agents_and_classes_that_exist():
    classes = set(load("medications")["classes"])
    groups = {g for cls in load("medications")["classes"].values() for g in cls.get("groups", ())}
    for entry in load("interactions")["interaction"]:
        assert entry["rule"] in bipn.rules()
        assert set(entry["agents"]) <= set(bipn.agents())
        assert set(entry.get("classes", ())) | set(entry.get("except_classes", ())) <= classes | groups
        assert entry.get("classes") or entry.get("flags") or entry.get("always")


def test_plausibility_and_products_carry_review_metadata():
    for name in ("plausibility", "products"):
        raw = load(name)
        assert raw["status"] in REVIEW_STATUSES and raw["reviewed"]
    assert citations_from(load("plausibility")["citations"])
