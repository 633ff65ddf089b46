"""Chart builders, checked on the data and encodings they produce (not pixels)."""

import copy
import json

import pytest

import bipn


def layer_rows(spec: dict) -> list[dict]:
    return [row for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])]


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    return {chart_id: bipn.chart_spec(chart_id) for chart_id in ("reversibility", "time_to_improvement", "incidence")}


def test_reversibility_rows_carry_counts_and_wilson_intervals(specs):
    rows = {r["label"]: r for r in layer_rows(specs["reversibility"])}
    apex = rows["All with grade 2 or worse (APEX)"]
    assert (apex["numerator"], apex["denominator"], apex["percent"]) == (58, 91, 64)
    low, high = bipn.wilson_interval(58, 91)
    assert apex["ci_low"] == pytest.approx(100 * low) and apex["ci_high"] == pytest.approx(100 * high)
    assert rows["With dose modification (APEX)"]["percent"] == 68
    assert rows["Without dose modification (APEX)"]["percent"] == 47
    article = rows["Grade 3-4 or stopped for neuropathy (source article)"]
    assert article["provenance"] == "source_article" and article["row"].endswith("*")
    assert article["ci_low"] is None, "no interval without counts"


def test_provenance_is_never_told_by_colour_alone(specs):
    for chart_id in ("reversibility", "incidence"):
        encodings = [layer.get("encoding", {}) for layer in specs[chart_id]["layer"]]
        marks = [e for e in encodings if "color" in e]
        assert marks and all(e["strokeDash"]["field"] == "provenance_label" for e in marks), chart_id
        assert all(r["row"].endswith("*") == (r["provenance"] == "source_article") for r in layer_rows(specs[chart_id]))


def test_time_chart_dashes_the_unconfirmed_ranges(specs):
    rows = {r["label"]: r for r in layer_rows(specs["time_to_improvement"])}
    apex = rows["APEX: median time to improvement or resolution"]
    assert apex["median_days"] == 110 and apex["provenance"] == "confirmed"
    assert apex["range_label"] == "Source article only (not confirmed)", "4-627 days is from the source article"
    assert rows["Source article: median time to improvement"]["median_days"] == 47


def test_incidence_chart_holds_route_and_schedule_figures(specs):
    rows = {(r["comparison"], r["label"], r["arm"]): r["percent"] for r in layer_rows(specs["incidence"])}
    assert rows[("Route (Moreau 2011)", "Any grade", "Subcutaneous")] == 38
    assert rows[("Route (Moreau 2011)", "Any grade", "Intravenous")] == 53
    assert rows[("Route (Moreau 2011)", "Grade 3 or worse", "Subcutaneous")] == 6
    assert rows[("Route (Moreau 2011)", "Grade 3 or worse", "Intravenous")] == 16
    assert rows[("Schedule (source article)", "Grade 3-4", "Twice weekly")] == 18


def test_specs_carry_their_data_inline(specs):
    for chart_id, spec in specs.items():
        assert "datasets" not in spec and "data" not in spec, chart_id
        assert all("values" in layer["data"] for layer in spec["layer"]), chart_id


def test_patient_day_is_added_without_touching_the_shared_spec(specs):
    base = specs["time_to_improvement"]
    before = copy.deepcopy(base)
    marked = bipn.with_patient_day(base, 40)
    assert base == before
    assert len(marked["layer"]) == len(base["layer"]) + 2
    assert {"days": 40, "text": "This patient: 40 days since the last dose change"} in layer_rows(marked)


def test_alt_text_and_caption_come_from_the_figures():
    alt = bipn.chart_alt_text("reversibility")
    for text in ("64% (58/91)", "68% (49/72)", "47% (9/19)"):
        assert text in alt
    assert alt.index("Source article only") < alt.index("71%")
    assert "range 4-627, source article only" in bipn.chart_alt_text("time_to_improvement")
    assert "Moreau 2011" in bipn.chart_caption("incidence")


def test_unknown_chart_is_an_input_error():
    with pytest.raises(bipn.InputError):
        bipn.chart_spec("survival")


def test_charts_never_say_resolved_without_improved(specs):
    text = json.dumps(specs).lower()
    assert "resolved" not in text.replace("improved or resolved", "").replace("improvement or resolution", "")
