"""Chart builders, checked on the specs they produce (data, encodings, sizes, colours), and the
images and tables made from them."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest

import bipn
from bipn.outputs import charts
from tests.unit.test_education import readability  # noqa: F401 - fixture (offline syllable counts)

PROJECTOR_WIDTH = 1460  # the main column of a 1920 x 1080 screen in Streamlit's wide layout
PHONE_WIDTH = 340
CLINICIAN = ("reversibility", "time_to_improvement", "incidence")


def rows_of(spec: dict) -> list[dict]:
    """The chart's rows (every layer carries the same rows inline)."""
    return spec["layer"][0]["data"]["values"]


def layer(spec: dict, name: str) -> dict:
    return next(item for item in spec["layer"] if item.get("name") == name)


def evaluate(value, width: float) -> float:
    """A size from a spec: a number, or a Vega expression of `width` (clamp, pow, * and /)."""
    if not isinstance(value, dict):
        return value
    expr = value["expr"].replace("pow(", "_pow(")
    return eval(expr, {"__builtins__": {}}, {"width": width, "clamp": lambda v, lo, hi: min(max(v, lo), hi), "_pow": pow})


def text_sizes(spec: dict) -> dict[str, object]:
    """Every text size in a spec: title, subtitle, axis labels and titles, text marks."""
    sizes = {"title": spec["title"]["fontSize"], "subtitle": spec["title"]["subtitleFontSize"]}
    for item in spec["layer"]:
        mark = item["mark"]
        if mark["type"] == "text":
            sizes[item["name"]] = mark["fontSize"]
        for channel in ("x", "y"):
            axis = item.get("encoding", {}).get(channel, {}).get("axis")
            if axis:
                sizes[f"{channel} axis labels"] = axis["labelFontSize"]
                sizes[f"{channel} axis title"] = axis["titleFontSize"]
    return sizes


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    return {chart_id: bipn.chart_spec(chart_id) for chart_id in bipn.chart_names()}


# --- Data ---------------------------------------------------------------------------------------


def test_chart_names_are_every_chart_the_page_shows():
    assert bipn.chart_names() == ("reversibility", "time_to_improvement", "incidence", "patient_icon_array")


def test_reversibility_rows_carry_counts_and_wilson_intervals(specs):
    rows = {r["label"]: r for r in rows_of(specs["reversibility"])}
    apex = rows["All with grade 2 or worse (APEX)"]
    assert (apex["numerator"], apex["denominator"], apex["percent"]) == (58, 91, 64)
    low, high = bipn.wilson_interval(58, 91)
    assert apex["ci_low"] == pytest.approx(100 * low) and apex["ci_high"] == pytest.approx(100 * high)
    assert apex["value_text"] == "64% (58/91)"
    assert rows["With dose modification (APEX)"]["percent"] == 68
    assert rows["Without dose modification (APEX)"]["percent"] == 47
    article = rows["Grade 3-4 or stopped for neuropathy (source article)"]
    assert article["provenance"] == "source_article" and "not confirmed" in article["row_text"]
    assert "ci_low" not in article, "no interval without counts"


def test_route_figures_get_wilson_intervals_from_percent_and_n(specs):
    rows = {(r["comparison"], r["label"], r["arm"]): r for r in rows_of(specs["incidence"])}
    for (label, arm, pct, n) in [("Any grade", "Subcutaneous", 38, 148), ("Any grade", "Intravenous", 53, 74), ("Grade 3 or worse", "Subcutaneous", 6, 148), ("Grade 3 or worse", "Intravenous", 16, 74)]:
        row = rows[("Route (Moreau 2011)", label, arm)]
        assert row["percent"] == pct and row["denominator"] == n
        low, high = bipn.core.stats.wilson_interval_from_proportion(pct / 100, n)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((100 * low, 100 * high))
        assert row["ci_low"] < pct < row["ci_high"]
    assert rows[("Schedule (source article)", "Grade 3-4", "Twice weekly")]["percent"] == 18
    assert "ci_low" not in rows[("Schedule (source article)", "Grade 3-4", "Twice weekly")]


@pytest.mark.parametrize("chart_id", ["reversibility", "incidence"])
def test_interval_marks_are_drawn_where_counts_are_known(specs, chart_id):
    spec = specs[chart_id]
    interval = layer(spec, "interval")
    assert interval["mark"]["type"] == "rule"
    assert interval["encoding"]["x"]["field"] == "ci_low" and interval["encoding"]["x2"]["field"] == "ci_high"
    assert {"interval-cap-low", "interval-cap-high"} <= {item["name"] for item in spec["layer"]}, "whiskers have end caps"
    with_counts = [r for r in rows_of(spec) if r.get("denominator") is not None]
    assert with_counts and all("ci_low" in r for r in with_counts)
    # Clearly drawn: in the text colour (not faint grey), as thick as the stems are thin.
    assert interval["mark"]["color"] == charts.THEMES["light"]["text"]
    assert evaluate(interval["mark"]["strokeWidth"], PROJECTOR_WIDTH) >= 4


def test_apex_point_carries_no_range_from_the_source_article(specs):
    rows = {r["label"]: r for r in rows_of(specs["time_to_improvement"])}
    apex = rows["APEX: median time to improvement or resolution"]
    assert apex["median_days"] == 110 and apex["provenance"] == "confirmed"
    assert "range_low_days" not in apex and "627" not in json.dumps(apex)
    article = rows["Source article: range of time to improvement"]
    assert (article["range_low_days"], article["range_high_days"]) == (4, 627) and article["provenance"] == "source_article"
    assert rows["Source article: median time to improvement"]["median_days"] == 47


def test_45_percent_within_three_cycles_is_not_in_charts_or_clinician_cards(specs):
    assert "45%" not in json.dumps(specs) and "three cycles" not in json.dumps(specs)
    for rule in bipn.rules().values():
        assert "45%" not in rule.summary + rule.statement, rule.id
    assert "45%" not in bipn.handout("clinician")
    for chart_id in bipn.chart_names():
        assert "45%" not in bipn.chart_alt_text(chart_id.replace("patient_icon_array", "reversibility"))


# --- Unconfirmed figures are secondary -------------------------------------------------------------


@pytest.mark.parametrize("chart_id", CLINICIAN)
def test_unconfirmed_figures_are_drawn_secondary(specs, chart_id):
    spec = specs[chart_id]
    confirmed, unconfirmed = layer(spec, "point-confirmed"), layer(spec, "point-unconfirmed")
    assert "provenance == 'confirmed'" in json.dumps(confirmed["transform"])
    assert "provenance != 'confirmed'" in json.dumps(unconfirmed["transform"])
    c, u = confirmed["mark"], unconfirmed["mark"]
    assert c["filled"] is True and u["filled"] is False, "unconfirmed points are hollow"
    assert evaluate(u["size"], PROJECTOR_WIDTH) < evaluate(c["size"], PROJECTOR_WIDTH), "and smaller"
    assert u["stroke"] == charts.THEMES["light"]["unconfirmed"] != c["fill"], "and grey, not the confirmed colour"
    assert u["shape"] != c["shape"] and "strokeDash" in u, "told by shape and dash too, never colour alone"
    labels_c, labels_u = layer(spec, "value-label-confirmed")["mark"], layer(spec, "value-label-unconfirmed")["mark"]
    assert labels_c["fontWeight"] == "bold" and labels_u.get("fontStyle") == "italic"
    assert evaluate(labels_u["fontSize"], PROJECTOR_WIDTH) < evaluate(labels_c["fontSize"], PROJECTOR_WIDTH)
    assert all(("not confirmed" in r["row_text"]) == (r["provenance"] != "confirmed") for r in rows_of(spec))


def test_the_unconfirmed_71_percent_is_not_the_most_salient_mark(specs):
    spec = specs["reversibility"]
    rows = rows_of(spec)
    top = max(rows, key=lambda r: r["percent"])
    assert top["percent"] == 71 and top["provenance"] == "source_article"
    # It is the largest value, so it must be the quietest mark: hollow, grey, dashed, smaller.
    assert layer(spec, "point-unconfirmed")["mark"]["fillOpacity"] == 0
    assert "stem-unconfirmed" in {item["name"] for item in spec["layer"]}
    assert layer(spec, "stem-unconfirmed")["mark"]["strokeDash"]


# --- Readable at projector and phone widths --------------------------------------------------------


@pytest.mark.parametrize("chart_id", bipn.chart_names())
def test_type_and_marks_are_large_at_projector_width(chart_id):
    spec = bipn.chart_spec(chart_id, width=PROJECTOR_WIDTH)
    sizes = text_sizes(spec)
    print(f"\n{chart_id} at {PROJECTOR_WIDTH} px: " + ", ".join(f"{k} {v:g}" for k, v in sizes.items()))
    assert min(sizes.values()) >= 20, sizes
    assert sizes["title"] >= 32
    if chart_id in CLINICIAN:
        point = layer(spec, "point-confirmed")["mark"]
        assert point["size"] ** 0.5 >= 18, "confirmed dots at least 18 px across"


@pytest.mark.parametrize("chart_id", CLINICIAN)
def test_type_scales_with_the_live_width(specs, chart_id):
    """On screen the spec fills its container; its sizes are expressions of the width that
    give the same numbers as a spec built at that width."""
    live = text_sizes(specs[chart_id])
    for width in (PHONE_WIDTH, 900, PROJECTOR_WIDTH, 1900):
        fixed = text_sizes(bipn.chart_spec(chart_id, width=width))
        for key, value in live.items():
            assert evaluate(value, width) == pytest.approx(fixed[key], abs=0.01), (key, width)
    assert min(evaluate(v, PHONE_WIDTH) for v in live.values()) >= 11, "legible on a phone"
    assert evaluate(live["x axis labels"], PROJECTOR_WIDTH) > 1.9 * evaluate(live["x axis labels"], PHONE_WIDTH)


@pytest.mark.parametrize("chart_id", CLINICIAN)
def test_presentation_mode_has_larger_type(chart_id):
    normal = text_sizes(bipn.chart_spec(chart_id, width=PROJECTOR_WIDTH))
    big = text_sizes(bipn.chart_spec(chart_id, width=PROJECTOR_WIDTH, presentation=True))
    assert all(big[k] > normal[k] for k in normal)
    assert big["x axis labels"] >= 28


# --- Light and dark themes ------------------------------------------------------------------------


def text_colours(spec: dict) -> dict[str, str]:
    out = {"title": spec["title"]["color"], "subtitle": spec["title"]["subtitleColor"]}
    for item in spec["layer"]:
        if item["mark"]["type"] == "text":
            out[item["name"]] = item["mark"]["color"]
        for channel in ("x", "y"):
            axis = item.get("encoding", {}).get(channel, {}).get("axis")
            if axis:
                out[f"{channel} axis labels"] = axis["labelColor"]
                out[f"{channel} axis title"] = axis["titleColor"]
    return out


STREAMLIT_BACKGROUNDS = {"light": "#ffffff", "dark": "#0e1117"}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("chart_id", bipn.chart_names())
def test_every_text_has_at_least_4_5_to_1_contrast_in_both_themes(chart_id, theme):
    spec = bipn.chart_spec(chart_id, theme=theme)
    background = spec["config"]["background"]
    assert background == STREAMLIT_BACKGROUNDS[theme], "the chart paints Streamlit's own background"
    colours = text_colours(spec)
    assert any(k.startswith("value-label") for k in colours) or chart_id == "patient_icon_array"
    for name, colour in colours.items():
        ratio = charts.contrast_ratio(colour, background)
        assert ratio >= 4.5, f"{chart_id} {theme}: {name} {colour} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_marks_have_at_least_3_to_1_contrast(theme):
    pal = charts.THEMES[theme]
    for key in ("confirmed", "unconfirmed", "text", "patient"):
        assert charts.contrast_ratio(pal[key], pal["background"]) >= 3, key


def test_contrast_ratio_matches_wcag_examples():
    assert charts.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert charts.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert charts.contrast_ratio("#111111", "#0e1117") < 1.2, "black on black is caught"


# --- Images and tables for slides -----------------------------------------------------------------


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join(" ".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


@pytest.fixture(scope="module")
def svgs() -> dict[str, bytes]:
    return {name: bipn.chart_image(name, fmt="svg") for name in bipn.chart_names()}


@pytest.mark.parametrize("name", bipn.chart_names())
def test_svg_is_valid_and_holds_title_source_and_provenance(svgs, name):
    data = svgs[name]
    assert data.lstrip().startswith(b"<svg")
    text = re.sub(r"\s+", " ", svg_text(data))
    assert charts.TITLES[name] in text
    assert "Source" in text and "confirmed" in text
    if name != "patient_icon_array":
        caption = bipn.chart_caption(name)
        assert " ".join(charts._wrap(caption, 10_000)) in text or all(line in text for line in charts._wrap(caption, charts._subtitle_chars(charts.DEFAULT_IMAGE_WIDTH, 1.0)))


@pytest.mark.parametrize("name", ["reversibility", "patient_icon_array"])
def test_png_is_valid_and_as_wide_as_asked(name):
    data = bipn.chart_image(name, fmt="png", width=800)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert height > 200
    assert width >= (800 if name != "patient_icon_array" else 500), "the icon array keeps square cells"


def test_image_arguments_are_checked():
    with pytest.raises(bipn.InputError):
        bipn.chart_image("survival")
    with pytest.raises(bipn.InputError):
        bipn.chart_image("reversibility", fmt="jpeg")
    with pytest.raises(bipn.InputError):
        bipn.chart_spec("reversibility", width=50)
    with pytest.raises(bipn.InputError):
        bipn.chart_spec("reversibility", theme="sepia")


@pytest.mark.parametrize("name", bipn.chart_names())
def test_csv_has_readable_headers_and_numbers_as_shown(name):
    text = bipn.chart_table(name).to_csv(index=False)
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    body = list(reader)
    assert body
    for column in header:
        assert "_" not in column and (column[:1].isupper() or column[:1].isdigit()), column
    assert "Provenance" in header and "Source" in header
    assert not re.search(r"\d\.\d{2,}", text), "no raw floats such as 58.0000"
    if name == "reversibility":
        assert body[0][:4] == ["All with grade 2 or worse (APEX)", "64%", "58/91", "53% to 73%"]


# --- Patients -----------------------------------------------------------------------------------------


def test_patient_frequency_words_come_from_the_confirmed_figure():
    freq = bipn.patient_frequency("apex_improved_overall")
    assert freq["text"].startswith("About 64 in 100 people") and "got better, or the problem went away" in freq["text"]
    assert freq["rest_text"] == "The other 36 in 100 did not get better during the study."
    assert bipn.patient_frequency("moreau_sc_any")["text"].startswith("About 38 in 100 people")
    with pytest.raises(bipn.InputError):
        bipn.patient_frequency("article_grade34_improved")  # source article only: never shown to patients


def test_icon_array_has_100_people_and_the_count_filled(specs):
    spec = specs["patient_icon_array"]
    values = spec["layer"][0]["data"]["values"]
    assert len(values) == 100 and sum(v["better"] for v in values) == 64
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "not a promise" in subtitle and "58 of 91" in subtitle


def test_patient_words_make_no_promise_and_read_easily(readability):  # noqa: F811 - the pytest fixture imported above
    textstat, _ = readability
    texts = [bipn.patient_frequency(f)["text"] for f in charts.PATIENT_FIGURES]
    texts += [" ".join(bipn.chart_spec("patient_icon_array")["title"]["subtitle"][:-1])]
    joined = " ".join(texts)
    for pattern in (r"\bwill (get better|recover)", r"guarantee", r"\bresolved\b", r"\bcured?\b"):
        assert not re.search(pattern, joined, re.I), pattern
    grade = textstat.flesch_kincaid_grade(joined)
    print(f"\npatient figure text: FK grade {grade:.1f}")
    assert grade <= 8


# --- Patient day, inline data, wording ---------------------------------------------------------------


def test_patient_day_is_added_without_touching_the_shared_spec(specs):
    base = specs["time_to_improvement"]
    before = copy.deepcopy(base)
    marked = bipn.with_patient_day(base, 40)
    assert base == before
    assert len(marked["layer"]) == len(base["layer"]) + 2
    assert {"days": 40, "text": "This patient: 40 days since the last dose change"} in layer(marked, "patient-day")["data"]["values"]


def test_specs_carry_their_data_inline(specs):
    for chart_id, spec in specs.items():
        assert "datasets" not in spec and "data" not in spec, chart_id
        assert all("values" in item["data"] for item in spec["layer"]), chart_id


def test_alt_text_and_caption_come_from_the_figures():
    text = bipn.chart_alt_text("reversibility")
    for part in ("64% (58/91)", "68% (49/72)", "47% (9/19)"):
        assert part in text
    assert text.index("Source article only") < text.index("71%")
    assert "range 4-627 days" in bipn.chart_alt_text("time_to_improvement").split("Source article only")[1]
    assert "Moreau 2011" in bipn.chart_caption("incidence")


def test_charts_never_say_resolved_without_improved(specs):
    text = json.dumps(specs).lower()
    assert "resolved" not in text.replace("improved or resolved", "").replace("improvement or resolution", "")


def test_altair_builders_still_return_charts():
    frame = bipn.figures_frame("reversibility")
    assert bipn.reversibility_chart(frame).to_dict()["layer"]


def test_no_single_text_colour_reaches_4_5_to_1_on_both_streamlit_backgrounds():
    """Why the charts carry one palette per theme (and paint that theme's background): the
    best any colour manages against both #ffffff and #0e1117 is about 4.3:1 (contrast depends
    only on luminance, so greys cover every colour)."""
    best = max(
        min(charts.contrast_ratio(f"#{v:02x}{v:02x}{v:02x}", "#ffffff"), charts.contrast_ratio(f"#{v:02x}{v:02x}{v:02x}", "#0e1117"))
        for v in range(256)
    )
    assert 4.0 < best < 4.5


# --- Slides: 16:9, nothing at or over an edge (ward walk defect 17) ---------------------------------


@pytest.fixture(scope="module")
def slide_pngs() -> dict[str, bytes]:
    return {name: bipn.chart_image(name, fmt="png") for name in bipn.chart_names()}


def _ink_box(png: bytes) -> tuple[tuple[int, int], tuple[int, int, int, int] | None]:
    """The image's size and the box around everything not of its corner's (background) colour."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((0, 0)))
    return image.size, ImageChops.difference(image, background).getbbox()


@pytest.mark.parametrize("name", bipn.chart_names())
def test_a_slide_png_is_16_by_9_and_projector_wide(slide_pngs, name):
    """The walk measured 1200 x 563: a 16:9 slide showed it letterboxed or stretched."""
    width, height = struct.unpack(">II", slide_pngs[name][16:24])
    assert width * 9 == height * 16, (width, height)
    assert width >= 1920


@pytest.mark.parametrize("name", bipn.chart_names())
def test_nothing_on_a_slide_touches_its_edge(slide_pngs, name):
    """The walk found the '100%' tick inked to column 1191 of 1200: every label, title and mark
    keeps a background margin of at least 3% of the slide on every side."""
    (width, height), (left, top, right, bottom) = _ink_box(slide_pngs[name])
    assert left >= 0.03 * width and right <= 0.97 * width, (left, right, width)
    assert top >= 0.03 * height and bottom <= 0.97 * height, (top, bottom, height)


@pytest.mark.parametrize("name", bipn.chart_names())
def test_no_label_is_cut_by_the_chart_canvas(name):
    """What the slide frames is whole: in the chart as Vega draws it (1200 px, before framing),
    no ink reaches the canvas edge, where a cut-off tick label or title would end."""
    import vl_convert

    png = vl_convert.vegalite_to_png(bipn.chart_spec(name, width=charts.DEFAULT_IMAGE_WIDTH), vl_version=charts.VL_VERSION)
    (width, height), (left, top, right, bottom) = _ink_box(png)
    assert left >= 2 and top >= 2 and right <= width - 2 and bottom <= height - 2, ((left, top, right, bottom), (width, height))


def test_the_edge_checks_can_fail():
    """A spec whose title is wider than its canvas is caught."""
    import vl_convert

    spec = {"$schema": charts.SCHEMA, "width": 200, "height": 50, "autosize": {"type": "none"}, "padding": 0,
            "title": {"text": "A title far too wide for a chart two hundred pixels wide", "fontSize": 30, "anchor": "start"},
            "mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    (width, _), (_, _, right, _) = _ink_box(vl_convert.vegalite_to_png(spec, vl_version=charts.VL_VERSION))
    assert right > width - 2


# --- The icon array's subtitle fits its chart (ward walk defect 16: "Open: did not, durin") ----------

WIDE_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # wider than Helvetica or Arial: a browser's fallback


@pytest.mark.parametrize(("width", "sentence"), [(None, False), (None, True), (charts.DEFAULT_IMAGE_WIDTH, True), (700, True)])
def test_the_icon_array_subtitle_fits_the_chart_width(width, sentence):
    """Every subtitle line, measured in a wide sans-serif at the size the spec asks for, fits
    the width the chart is drawn at (its dots), so a page that sizes the chart to its content
    does not cut the line off at the right."""
    from PIL import ImageFont

    spec = bipn.chart_spec("patient_icon_array", width=width, sentence=sentence)
    title = spec["title"]
    font = ImageFont.truetype(WIDE_FONT, round(title["subtitleFontSize"]))
    room = spec["width"] + spec["padding"]["left"] + spec["padding"]["right"]
    for line in title["subtitle"]:
        assert font.getlength(line) <= room, (line, font.getlength(line), room)
    bold = ImageFont.truetype(WIDE_FONT.replace(".ttf", "-Bold.ttf"), round(title["fontSize"]))
    for line in [title["text"]] if isinstance(title["text"], str) else title["text"]:
        assert bold.getlength(line) <= room, (line, bold.getlength(line), room)


# --- Two ranges from one source that disagree (ward walk defect 19) ------------------------------------


def test_the_source_articles_two_ranges_are_shown_as_what_it_says_not_as_one_figure(specs):
    """The source article gives 4-627 days and, with its 47-day median, 1-529 days. Both are
    drawn (policy: where sources disagree, show both with their sources; never pick one), each
    labelled with its source and provenance, and the chart says that they disagree and that
    neither is confirmed, so the two lines do not read as one contradictory figure."""
    spec = specs["time_to_improvement"]
    rows = {r["id"]: r for r in rows_of(spec)}
    article = [rows["article_range_time"], rows["article_median_time"]]
    for r in article:
        assert r["source"] == "Source article (2025)" and r["provenance_label"] == "Source article only (not confirmed)"
    assert article[0]["row_text"] == "Source article: range of time to improvement (not confirmed; one of its two ranges)"
    assert article[1]["row_text"] == "Source article: median time to improvement (not confirmed; the other of its two ranges)"
    assert (article[0]["value_text"], article[1]["value_text"]) == ("range 4-627 days", "median 47 days, range 1-529")
    said = "The source article gives two ranges that disagree (4-627 and 1-529 days): both are shown as it states them, and neither is confirmed in a primary source."
    assert said in " ".join(bipn.chart_spec("time_to_improvement", width=charts.DEFAULT_IMAGE_WIDTH)["title"]["subtitle"])
    assert said in bipn.chart_alt_text("time_to_improvement")
    assert "disagree" not in " ".join(map(str, bipn.chart_spec("reversibility", width=1200)["title"]["subtitle"])), "only where a source disagrees with itself"
