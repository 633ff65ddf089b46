"""Chart builders: pure functions from the figures table to Vega-Lite specs (no rendering).

Teaching-grade by construction:

- Type and marks scale with the chart's width (``SCALE_EXPR``: 0.8x on a phone, up to 1.9x
  on a projector), so a chart reads from the back of a room and on a phone.
- Point and interval: a dot at the value on a thin stem from zero, a 95% Wilson interval
  with end caps where counts are known, and the value printed at the value.
- Figures from the source article only are drawn secondary: hollow grey diamonds, dashed,
  smaller, no interval, "(not confirmed)" in the row label. Colour never carries meaning alone.
- One palette per theme (Streamlit light and dark); every text colour has at least 4.5:1
  contrast against its theme's background (tests check it from the spec).
- Title, provenance key and sources are inside the chart, so a saved image keeps them.

``chart_image`` renders a chart to PNG or SVG on the server with vl-convert (no browser).
"""

from __future__ import annotations

import json
import math
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VL_VERSION = "6.4"  # vl-convert's bundled Vega-Lite that matches Altair 6

PROVENANCE_DOMAIN = ["Confirmed in a primary source", "Source article only (not confirmed)"]

# Streamlit's own backgrounds: light #ffffff, dark #0e1117.
THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#ffffff",
        "text": "#111111",
        "muted": "#4d4d4d",
        "confirmed": "#0067a5",  # Okabe-Ito blue, darkened: 6.0:1 on white
        "unconfirmed": "#6e6e6e",  # grey: 5.1:1 on white
        "grid": "#d9d9d9",
        "patient": "#a33b00",  # this patient's day: dark orange, 6.6:1 on white
    },
    "dark": {
        "background": "#0e1117",
        "text": "#fafafa",
        "muted": "#c9c9c9",
        "confirmed": "#6cc0f0",  # Okabe-Ito sky blue: 9.4:1 on #0e1117
        "unconfirmed": "#a3a3a3",  # grey: 7.5:1 on #0e1117
        "grid": "#3a3f4a",
        "patient": "#f0a860",
    },
}

# Sizes in px at scale 1 (a chart about 900 px wide); all multiplied by the scale.
BASE = {"label": 15, "value": 16, "title": 21, "subtitle": 14, "axis_title": 15, "stroke": 2.5, "cap": 14, "point": 12, "stem": 1.5}
SCALE_MIN, SCALE_MAX, SCALE_AT = 0.8, 1.9, 900
SCALE_EXPR = f"clamp(width / {SCALE_AT}, {SCALE_MIN}, {SCALE_MAX})"
PRESENTATION_BOOST = 1.2  # presentation mode: larger type again, for one chart at full width
UNCONFIRMED_SIZE = 0.75  # unconfirmed points are drawn smaller than confirmed ones
LABEL_LINE_CHARS = 24  # row labels wrap at about this width, so a phone keeps room for the marks
SUBTITLE_LINE_CHARS = 52
DEFAULT_IMAGE_WIDTH = 1200

CHARTS = ("reversibility", "time_to_improvement", "incidence", "patient_icon_array")
"""Every chart the prognosis page can show (``chart_names()``)."""

TITLES = {
    "reversibility": "Neuropathy improved or resolved",
    "time_to_improvement": "Time to improvement",
    "incidence": "Neuropathy by route and schedule",
    "patient_icon_array": "How many people got better in one large study",
}


def scale_for(width: float) -> float:
    """The size multiplier at a chart width in px (the Python twin of ``SCALE_EXPR``)."""
    return min(max(width / SCALE_AT, SCALE_MIN), SCALE_MAX)


def _size(key: str, width: float | None, boost: float = 1.0, factor: float = 1.0) -> float | dict:
    """A size for ``key``: a number at a fixed width, or an expression of the live width."""
    base = BASE[key] * boost * factor
    if width is not None:
        return round(base * scale_for(width), 2)
    return {"expr": f"{base:g} * {SCALE_EXPR}"}


def _area(width: float | None, boost: float, factor: float = 1.0) -> float | dict:
    """Point mark size (an area in px²) whose diameter scales like the type."""
    d = BASE["point"] * boost * factor
    if width is not None:
        return round((d * scale_for(width)) ** 2, 1)
    return {"expr": f"pow({d:g} * {SCALE_EXPR}, 2)"}


def _wrap(text: str, width: int = LABEL_LINE_CHARS) -> list[str]:
    """Lines of at most ``width`` characters, broken between words only (a longer word keeps a line to itself)."""
    return textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False)


def _clean(value: Any) -> Any:  # noqa: ANN401 - any JSON-like value, cleaned in kind
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _fmt_pct(value: float) -> str:
    return f"{value:.0f}%"


def _theme(theme: str) -> dict[str, str]:
    if theme not in THEMES:
        from bipn.core.errors import InputError

        raise InputError("theme", f"theme must be one of {', '.join(THEMES)} (got {theme!r})")
    return THEMES[theme]


def _not_confirmed(label: str) -> str:
    """A row label that says 'not confirmed' once, whatever the data label already says."""
    if label.endswith("(source article)"):
        return label[: -len(")")] + ", not confirmed)"
    return label + " (not confirmed)"


def _unconfirmed(row: dict) -> bool:
    return row["provenance"] != "confirmed"


# --- Shared layers ---------------------------------------------------------------------------


def _axes(pal: dict, width: float | None, boost: float) -> dict:
    return {
        "labelFontSize": _size("label", width, boost),
        "titleFontSize": _size("axis_title", width, boost),
        "labelColor": pal["text"],
        "titleColor": pal["text"],
        "gridColor": pal["grid"],
        "domainColor": pal["muted"],
        "tickColor": pal["muted"],
    }


def _title(chart_id: str, pal: dict, width: float | None, boost: float, subtitle: list[str]) -> dict:
    return {
        "text": TITLES[chart_id],
        "subtitle": subtitle,
        "anchor": "start",
        "fontSize": _size("title", width, boost),
        "subtitleFontSize": _size("subtitle", width, boost),
        "color": pal["text"],
        "subtitleColor": pal["muted"],
        "subtitlePadding": 6,
        "offset": 12,
    }


def _source_lines(chart_id: str, chars: int) -> list[str]:
    from bipn.clinical.prognosis import chart_caption

    return _wrap(chart_caption(chart_id), chars)


def _subtitle_chars(width: float | None, boost: float) -> int:
    if width is None:
        return SUBTITLE_LINE_CHARS
    px = BASE["subtitle"] * boost * scale_for(width)
    return max(SUBTITLE_LINE_CHARS, int(width / (px * 0.55)))


# Live subtitles: (plot width below which, characters a line) - a line of subtitle text at
# the scaled size holds about width / (0.55 x font px) characters; above ~700 px the type
# grows with the width, so the count stays near 110.
SUBTITLE_BREAKS = ((330, 40), (480, 60), (700, 85))
SUBTITLE_WIDE_CHARS = 105


def _live_subtitle(text_parts: list[str]) -> dict:
    """A subtitle that re-wraps with the chart's live width (a Vega expression)."""

    def lines(chars: int) -> str:
        wrapped = [line for part in text_parts for line in _wrap(part, chars)]
        return "[" + ", ".join(json.dumps(line) for line in wrapped) + "]"

    expr = lines(SUBTITLE_WIDE_CHARS)
    for below, chars in reversed(SUBTITLE_BREAKS):
        expr = f"width < {below} ? {lines(chars)} : ({expr})"
    return {"expr": expr}


def _subtitle(text_parts: list[str], width: float | None, boost: float) -> list[str] | dict:
    if width is None:
        return _live_subtitle(text_parts)
    chars = _subtitle_chars(width, boost)
    return [line for part in text_parts for line in _wrap(part, chars)]


def _config(pal: dict) -> dict:
    return {
        "background": pal["background"],
        "view": {"stroke": None},
        "font": "Helvetica, Arial, sans-serif",
        "legend": {"disable": True},
    }


# Confirmed figures are drawn solid, unconfirmed ones hollow: the two filters every chart uses.
_CONFIRMED_FILTER = {"filter": "datum.provenance == 'confirmed'"}
_UNCONFIRMED_FILTER = {"filter": "datum.provenance != 'confirmed'"}


def _tooltip(*values: tuple[str, str]) -> list[dict]:
    """A figure's tooltip: its row, the given (field, title) values, provenance and source."""
    fields = [("row_text", "Figure"), *values, ("provenance_label", "Provenance"), ("source", "Source")]
    return [{"field": f, "type": "nominal", "title": t} for f, t in fields]


def _point_interval_layers(y: dict, x_title: str, pal: dict, width: float | None, boost: float, y_offset: dict | None = None) -> list[dict]:
    """Stem from zero, interval with caps, confirmed dot, unconfirmed hollow diamond, value label."""
    enc_y = {"y": y, **({"yOffset": y_offset} if y_offset else {})}
    axis = {**_axes(pal, width, boost), "tickCount": 5, "labelFlush": True, "labelExpr": "datum.value + '%'"}
    x = {"field": "percent", "type": "quantitative", "title": x_title, "scale": {"domain": [0, 100]}, "axis": axis}
    confirmed, unconfirmed = _CONFIRMED_FILTER, _UNCONFIRMED_FILTER
    tooltip = _tooltip(("value_text", "Value"), ("interval_text", "95% Wilson interval"))
    return [
        {
            "name": "stem-confirmed",
            "transform": [confirmed],
            "mark": {"type": "rule", "color": pal["confirmed"], "strokeWidth": _size("stem", width, boost), "opacity": 0.6},
            "encoding": {**enc_y, "x": {"field": "percent", "type": "quantitative"}, "x2": {"datum": 0}},
        },
        {
            "name": "stem-unconfirmed",
            "transform": [unconfirmed],
            "mark": {"type": "rule", "color": pal["unconfirmed"], "strokeWidth": _size("stem", width, boost), "strokeDash": [4, 4], "opacity": 0.6},
            "encoding": {**enc_y, "x": {"field": "percent", "type": "quantitative"}, "x2": {"datum": 0}},
        },
        {
            "name": "interval",
            "transform": [{"filter": "isValid(datum.ci_low)"}],
            "mark": {"type": "rule", "color": pal["text"], "strokeWidth": _size("stroke", width, boost)},
            "encoding": {**enc_y, "x": {"field": "ci_low", "type": "quantitative"}, "x2": {"field": "ci_high"}},
        },
        *(
            {
                "name": f"interval-cap-{end}",
                "transform": [{"filter": "isValid(datum.ci_low)"}],
                # A vertical stroke as a point shape: unlike a tick, its size may follow the live width.
                "mark": {"type": "point", "shape": "M0,-1L0,1", "filled": False, "opacity": 1, "stroke": pal["text"], "strokeWidth": _size("stroke", width, boost), "size": _cap_area(width, boost)},
                "encoding": {**enc_y, "x": {"field": f"ci_{end}", "type": "quantitative"}},
            }
            for end in ("low", "high")
        ),
        {
            "name": "point-confirmed",
            "transform": [confirmed],
            "mark": {"type": "point", "shape": "circle", "filled": True, "fill": pal["confirmed"], "stroke": pal["background"], "strokeWidth": 1.5, "opacity": 1, "size": _area(width, boost)},
            "encoding": {**enc_y, "x": x, "tooltip": tooltip},
        },
        {
            "name": "point-unconfirmed",
            "transform": [unconfirmed],
            "mark": {
                "type": "point", "shape": "diamond", "filled": False, "fill": None, "fillOpacity": 0, "stroke": pal["unconfirmed"],
                "strokeDash": [3, 2], "strokeWidth": _size("stem", width, boost), "opacity": 0.9, "size": _area(width, boost, UNCONFIRMED_SIZE),
            },
            "encoding": {**enc_y, "x": {"field": "percent", "type": "quantitative"}, "tooltip": tooltip},
        },
        {
            "name": "value-label-confirmed",
            "transform": [confirmed],
            "mark": {"type": "text", "baseline": "bottom", "dy": _neg(_size("cap", width, boost, 0.6)), "fontWeight": "bold", "color": pal["text"], "fontSize": _size("value", width, boost)},
            "encoding": {**enc_y, "x": {"field": "percent", "type": "quantitative"}, "text": {"field": "value_text", "type": "nominal"}},
        },
        {
            "name": "value-label-unconfirmed",
            "transform": [unconfirmed],
            "mark": {"type": "text", "baseline": "bottom", "dy": _neg(_size("cap", width, boost, 0.6)), "fontStyle": "italic", "color": pal["muted"], "fontSize": _size("value", width, boost, 0.9)},
            "encoding": {**enc_y, "x": {"field": "percent", "type": "quantitative"}, "text": {"field": "value_text", "type": "nominal"}},
        },
    ]


def _cap_area(width: float | None, boost: float) -> float | dict:
    """Point size (px²) that draws the interval's end caps BASE['cap'] px tall at scale 1."""
    cap = BASE["cap"] * boost
    if width is not None:
        return round((cap * scale_for(width)) ** 2, 1)
    return {"expr": f"pow({cap:g} * {SCALE_EXPR}, 2)"}


def _neg(size: float | dict) -> float | dict:
    if isinstance(size, dict):
        return {"expr": f"-({size['expr']})"}
    return -size


def _row_y(pal: dict, width: float | None, boost: float, rows: list[dict]) -> dict:
    """Rows in data order, each label split into lines at '|'."""
    return {
        "field": "row",
        "type": "nominal",
        "title": None,
        "sort": [r["row"] for r in rows],
        "axis": {**_axes(pal, width, boost), "labelLimit": 600, "labelPadding": 10, "ticks": False, "domain": False, "labelExpr": "split(datum.value, '|')"},
    }


def _step(width: float | None, boost: float, per_line: float, lines: int) -> float:
    """Row height: enough for the wrapped label at the largest type this spec can reach."""
    scale = scale_for(width) if width is not None else SCALE_MAX * 0.8
    return round(max(per_line * lines * scale * boost, 40), 1)


# --- The charts ------------------------------------------------------------------------------


def _rows_with_labels(df: pd.DataFrame) -> list[dict]:
    rows = _records(df)
    for r in rows:
        label = _not_confirmed(r["label"]) if _unconfirmed(r) else r["label"]
        r["row_text"] = label
        r["row"] = "|".join(_wrap(label))
        r["interval_text"] = f"{r['ci_low']:.0f}% to {r['ci_high']:.0f}%" if r.get("ci_low") is not None else "not computed (no counts)"
    return rows


def _spec(chart_id: str, rows: list[dict], layers: list[dict], pal: dict, width: float | None, boost: float, height: dict | float, key: str | list[str]) -> dict:
    """``key``: the marks' key, one line of text or several (each starts a line)."""
    from bipn.clinical.prognosis import chart_caption

    subtitle = _subtitle([*([key] if isinstance(key, str) else key), chart_caption(chart_id)], width, boost)
    rows = [{k: v for k, v in r.items() if k in ROW_FIELDS and v is not None} for r in rows]
    return {
        "$schema": SCHEMA,
        "title": _title(chart_id, pal, width, boost, subtitle),
        "width": width if width is not None else "container",
        "height": height,
        # Axis labels and titles count inside the width, so nothing is cut at the left edge.
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": {"left": 16, "right": 8, "top": 6, "bottom": 6},  # an object: Streamlit adds to it
        # Data inside each layer: Streamlit sends it as part of the spec's JSON, which costs
        # far less than the Arrow table it makes of top-level data, for these few rows.
        "layer": [{**layer, "data": {"values": rows}} for layer in layers],
        "config": _config(pal),
        "usermeta": {"chart": chart_id},
    }


def reversibility_spec(df: pd.DataFrame, *, theme: str = "light", width: float | None = None, presentation: bool = False) -> dict:
    """Share improved or resolved: dot, 95% Wilson interval where counts exist, value at the dot."""
    pal = _theme(theme)
    boost = PRESENTATION_BOOST if presentation else 1.0
    rows = _rows_with_labels(df)
    for r in rows:
        counts = f" ({int(r['numerator'])}/{int(r['denominator'])})" if r.get("numerator") is not None else ""
        r["value_text"] = _fmt_pct(r["percent"]) + counts
    lines = max(r["row"].count("|") + 1 for r in rows)
    layers = _point_interval_layers(_row_y(pal, width, boost, rows), "Improved or resolved (%)", pal, width, boost)
    key = "Dot: improved or resolved. Line with end caps: 95% Wilson interval. Hollow grey diamond: source article only (not confirmed)."
    return _spec("reversibility", rows, layers, pal, width, boost, {"step": _step(width, boost, 22, lines)}, key)


def incidence_spec(df: pd.DataFrame, *, theme: str = "light", width: float | None = None, presentation: bool = False) -> dict:
    """Neuropathy by route (Moreau 2011, with 95% Wilson intervals from the % and n) and schedule."""
    from bipn.core.stats import wilson_interval_from_proportion

    pal = _theme(theme)
    boost = PRESENTATION_BOOST if presentation else 1.0
    rows = _records(df)
    for r in rows:
        marker = " (not confirmed)" if _unconfirmed(r) else ""
        label = f"{r['arm']}, {r['label'].lower()}{marker}"
        r["row_text"] = f"{r['comparison']}: {label}"
        r["row"] = "|".join(_wrap(label))
        if r.get("denominator") is not None and r.get("ci_low") is None:
            low, high = wilson_interval_from_proportion(r["percent"] / 100, int(r["denominator"]))
            r["ci_low"], r["ci_high"] = 100 * low, 100 * high
        n = f" (n={int(r['denominator'])})" if r.get("denominator") is not None else ""
        r["value_text"] = _fmt_pct(r["percent"]) + n
        r["interval_text"] = f"{r['ci_low']:.0f}% to {r['ci_high']:.0f}% (from the % and n)" if r.get("ci_low") is not None else "not computed (no counts)"
    lines = max(r["row"].count("|") + 1 for r in rows)
    y = _row_y(pal, width, boost, rows)
    layers = _point_interval_layers(y, "Patients with peripheral neuropathy (%)", pal, width, boost)
    key = "Dot: share with neuropathy. Line with end caps: 95% Wilson interval from the reported % and n. Hollow grey diamond: source article only (not confirmed)."
    spec = _spec("incidence", rows, layers, pal, width, boost, {"step": _step(width, boost, 22, lines)}, key)
    return spec


def time_to_improvement_spec(df: pd.DataFrame, *, theme: str = "light", width: float | None = None, presentation: bool = False) -> dict:
    """Median days (dot) and reported ranges (line); the source article's rows drawn secondary.

    A primary-source point (APEX) carries no range the source article alone gives.
    """
    from bipn.clinical.prognosis import disagreement_text, range_disagreements

    pal = _theme(theme)
    boost = PRESENTATION_BOOST if presentation else 1.0
    rows = _rows_with_labels(df)
    # A source that gives two ranges for one thing: each line says it is one of them.
    disagreeing = {f.id: (i, len(fs)) for fs in range_disagreements("time_to_improvement").values() for i, f in enumerate(fs)}
    for r in rows:
        parts = []
        if r.get("median_days") is not None:
            parts.append(f"median {r['median_days']:g} days")
        if r.get("range_low_days") is not None:
            parts.append(f"range {r['range_low_days']:g}-{r['range_high_days']:g}" + ("" if parts else " days"))
        elif not _unconfirmed(r):
            parts.append("no range in the primary source")
        r["value_text"] = ", ".join(parts)
        if r["id"] in disagreeing:  # said in the row label, which wraps, not in the value, which a phone cuts
            i, n = disagreeing[r["id"]]
            which = "one" if i == 0 else ("the other" if n == 2 else "another")
            r["row_text"] = f"{r['label']} (not confirmed; {which} of its {'two' if n == 2 else n} ranges)"
            r["row"] = "|".join(_wrap(r["row_text"]))
        r["label_x"] = r["median_days"] if r.get("median_days") is not None else r.get("range_low_days")
    lines = max(r["row"].count("|") + 1 for r in rows)
    y = _row_y(pal, width, boost, rows)
    x_axis = {**_axes(pal, width, boost), "tickCount": 6, "labelFlush": True}
    confirmed, unconfirmed = _CONFIRMED_FILTER, _UNCONFIRMED_FILTER
    tooltip = _tooltip(("value_text", "Days"))
    layers = [
        {
            "name": "range-unconfirmed",
            "transform": [{"filter": "isValid(datum.range_low_days)"}, unconfirmed],
            "mark": {"type": "rule", "color": pal["unconfirmed"], "strokeDash": [6, 4], "strokeWidth": _size("stroke", width, boost)},
            "encoding": {
                "y": y,
                "x": {"field": "range_low_days", "type": "quantitative", "title": "Days to improvement, as reported", "axis": x_axis,
                      "scale": {"domain": [0, _nice_max(rows)]}},
                "x2": {"field": "range_high_days"},
            },
        },
        {
            "name": "point-confirmed",
            "transform": [{"filter": "isValid(datum.median_days)"}, confirmed],
            "mark": {"type": "point", "shape": "circle", "filled": True, "fill": pal["confirmed"], "stroke": pal["background"], "strokeWidth": 1.5, "opacity": 1, "size": _area(width, boost)},
            "encoding": {"y": y, "x": {"field": "median_days", "type": "quantitative"}, "tooltip": tooltip},
        },
        {
            "name": "point-unconfirmed",
            "transform": [{"filter": "isValid(datum.median_days)"}, unconfirmed],
            "mark": {
                "type": "point", "shape": "diamond", "filled": False, "fill": None, "fillOpacity": 0, "stroke": pal["unconfirmed"],
                "strokeDash": [3, 2], "strokeWidth": _size("stem", width, boost), "opacity": 0.9, "size": _area(width, boost, UNCONFIRMED_SIZE),
            },
            "encoding": {"y": y, "x": {"field": "median_days", "type": "quantitative"}, "tooltip": tooltip},
        },
        {
            "name": "value-label-confirmed",
            "transform": [confirmed],
            "mark": {"type": "text", "align": "left", "baseline": "bottom", "dy": _neg(_size("cap", width, boost, 0.6)), "fontWeight": "bold",
                     "color": pal["text"], "fontSize": _size("value", width, boost)},
            "encoding": {"y": y, "x": {"field": "label_x", "type": "quantitative"}, "text": {"field": "value_text", "type": "nominal"}},
        },
        {
            "name": "value-label-unconfirmed",
            "transform": [unconfirmed],
            "mark": {"type": "text", "align": "left", "baseline": "bottom", "dy": _neg(_size("cap", width, boost, 0.6)), "fontStyle": "italic",
                     "color": pal["muted"], "fontSize": _size("value", width, boost, 0.9)},
            "encoding": {"y": y, "x": {"field": "label_x", "type": "quantitative"}, "text": {"field": "value_text", "type": "nominal"}},
        },
    ]
    key = "Dot: median (confirmed). Hollow grey diamond and dashed line: source article only (not confirmed)."
    keys = [key, *([disagreement] if (disagreement := disagreement_text("time_to_improvement")) else [])]
    return _spec("time_to_improvement", rows, layers, pal, width, boost, {"step": _step(width, boost, 22, lines + 1)}, keys)


ICON_COLUMNS = 10
ICON_SCREEN_WIDTH = 900
ICON_CHAR_EM, ICON_BOLD_CHAR_EM = 0.55, 0.62  # a character of this text in DejaVu Sans (a wide fallback) is 0.50 and 0.59 em: 10% spare
ROW_FIELDS = frozenset(
    "id label arm comparison row row_text percent numerator denominator ci_low ci_high median_days range_low_days "
    "range_high_days provenance provenance_label source value_text interval_text label_x".split()
)


def _nice_max(rows: list[dict]) -> float:
    """An axis end a little past the longest range or median (display only)."""
    top = max(max(r.get("range_high_days") or 0, r.get("median_days") or 0) for r in rows)
    return math.ceil(top * 1.05 / 50) * 50


PATIENT_FIGURES = ("apex_improved_overall", "moreau_sc_any", "moreau_iv_any")
"""The confirmed figures patients see, in frequency words."""


def patient_frequency(figure_id: str = "apex_improved_overall") -> dict:
    """A confirmed figure in frequency words for patients: 'about 64 in 100 people'.

    Returns {'count', 'of', 'text', 'rest_text', 'figure'}; only figures confirmed in a primary
    source with a percentage are offered (InputError otherwise).
    """
    from bipn.core.errors import InputError
    from bipn.clinical.prognosis import figures

    by_id = {f.id: f for f in figures()}
    f = by_id.get(figure_id)
    if f is None or f.percent is None or not f.provenance.is_primary or not f.patient_words:
        raise InputError("figure_id", f"figure_id must be a confirmed figure with patient wording (got {figure_id!r})")
    count = round(f.percent)
    return {
        "count": count,
        "of": 100,
        "text": f"About {count} in 100 people {f.patient_words}",
        "rest_text": f"The other {100 - count} in 100 did not get better during the study." if f.chart == "reversibility" else "",
        "figure": f,
    }


def icon_array_spec(
    *, theme: str = "light", width: float | None = None, presentation: bool = False, figure_id: str = "apex_improved_overall", sentence: bool = True
) -> dict:
    """100 people as 10 x 10 dots, ``count`` filled: the patient's view of a confirmed figure.

    ``sentence=False`` leaves the frequency sentence out of the subtitle, for a page that
    prints it beside the chart.
    """
    pal = _theme(theme)
    boost = PRESENTATION_BOOST if presentation else 1.0
    freq = patient_frequency(figure_id)
    width = width or ICON_SCREEN_WIDTH  # a fixed size: 100 people need square cells, not a stretched row
    values = [
        {"col": i % ICON_COLUMNS, "line": i // ICON_COLUMNS, "better": i < freq["count"], "kind": "got better or went away" if i < freq["count"] else "did not, in the study"}
        for i in range(100)
    ]
    side = max(18, min(60, width / 16))
    f = freq["figure"]
    parts = [
        *([f"{freq['text']} {freq['rest_text']}"] if sentence else []),
        "Each dot is one person. Filled: got better or the problem went away. Open: did not, during the study. This is about a group of people. It is not a promise for you.",
        f"Source: {f.citations[0].reference.short}, {f.numerator} of {f.denominator} people ({f.citations[0].provenance.label}).",
    ]
    title = _title("patient_icon_array", pal, width, boost, [])
    # The type is sized for ``width`` but the chart is only as wide as its dots: wrap the
    # title and subtitle to the dots, counting a character as wide as in a broad fallback
    # font (the page sizes the chart to its content and would cut a longer line off).
    room = side * ICON_COLUMNS + 24
    title["subtitle"] = [line for part in parts for line in _wrap(part, int(room / (title["subtitleFontSize"] * ICON_CHAR_EM)))]
    title["text"] = _wrap(TITLES["patient_icon_array"], int(room / (title["fontSize"] * ICON_BOLD_CHAR_EM)))
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": side * ICON_COLUMNS,
        "height": side * 10,
        "padding": {"left": 16, "right": 8, "top": 6, "bottom": 6},
        "layer": [
            {
                "name": "people",
                "data": {"values": values},
                "mark": {"type": "point", "shape": "circle", "strokeWidth": 2, "opacity": 1, "size": round((side * 0.5) ** 2, 1)},
                "encoding": {
                    "x": {"field": "col", "type": "ordinal", "axis": None},
                    "y": {"field": "line", "type": "ordinal", "axis": None},
                    "fill": {"condition": {"test": "datum.better", "value": pal["confirmed"]}, "value": pal["background"]},
                    "stroke": {"condition": {"test": "datum.better", "value": pal["confirmed"]}, "value": pal["muted"]},
                    "tooltip": [{"field": "kind", "type": "nominal", "title": "This person"}],
                },
            }
        ],
        "config": _config(pal),
        "usermeta": {"chart": "patient_icon_array"},
    }


# --- Public builders --------------------------------------------------------------------------

_BUILDERS = {
    "reversibility": reversibility_spec,
    "time_to_improvement": time_to_improvement_spec,
    "incidence": incidence_spec,
}


def chart_names() -> tuple[str, ...]:
    """Every chart the prognosis page shows, by the name ``chart_spec``/``chart_image`` take."""
    return CHARTS


def _check_name(chart_id: str) -> None:
    if chart_id not in CHARTS:
        from bipn.core.errors import InputError

        raise InputError("chart_id", f"chart_id must be one of {', '.join(CHARTS)} (got {chart_id!r})")


def chart_spec(chart_id: str, *, theme: str = "light", width: float | None = None, presentation: bool = False, sentence: bool = True) -> dict:
    """The chart ``chart_id`` as a Vega-Lite spec with inline data, for a theme ('light' or
    'dark'); ``width`` in px fixes the size (else it fills its container and type scales live).
    ``sentence=False``: the icon array leaves out the frequency sentence its page prints."""
    from bipn.clinical.prognosis import figures_frame

    _check_name(chart_id)
    if width is not None and not (200 <= width <= 4000):
        from bipn.core.errors import InputError

        raise InputError("width", f"width must be from 200 to 4000 px (got {width!r})")
    if chart_id == "patient_icon_array":
        return icon_array_spec(theme=theme, width=width, presentation=presentation, sentence=sentence)
    return _BUILDERS[chart_id](figures_frame(chart_id), theme=theme, width=width, presentation=presentation)


SLIDE_RATIO = (16, 9)
SLIDE_MARGIN = 0.04  # background on every side, as a share of the slide's width: nothing touches an edge
SLIDE_MIN_PX = 1920  # a PNG at least as wide as a 1080p projector


def _as_slide(svg: str, background: str) -> str:
    """The chart's SVG centred on a 16:9 slide of its background colour, with a margin on
    every side, drawn at least ``SLIDE_MIN_PX`` wide (its viewBox scales the chart up)."""
    import re

    head = re.match(r'<svg ([^>]*?)width="([\d.]+)" height="([\d.]+)" viewBox="0 0 [\d.]+ [\d.]+">', svg)
    if head is None:
        raise ValueError("vl-convert's SVG has no width, height and viewBox on its root")
    w, h = float(head[2]), float(head[3])
    across, down = SLIDE_RATIO
    margin = SLIDE_MARGIN * max(w, h * across / down)
    k = math.ceil(max((w + 2 * margin) / across, (h + 2 * margin) / down))
    sw, sh = across * k, down * k
    dx, dy = round((sw - w) / 2, 1), round((sh - h) / 2, 1)
    out = max(k, math.ceil(SLIDE_MIN_PX / across))  # whole px in both directions
    frame = (
        f'<svg {head[1]}width="{across * out}" height="{down * out}" viewBox="{-dx:g} {-dy:g} {sw} {sh}">'
        f'<rect x="{-dx:g}" y="{-dy:g}" width="{sw}" height="{sh}" fill="{background}"/>'
    )
    return frame + svg[head.end():]


def chart_image(name: str, fmt: str = "png", width: int | None = None) -> bytes:
    """The chart ``name`` as PNG or SVG bytes for a slide, made on the server (vl-convert, no
    browser).

    Light theme on white: the chart drawn ``width`` px wide (default 1200), with title,
    provenance key and source line inside it, centred on a 16:9 slide with a margin on every
    side. The PNG is at least 1920 px wide (1920 x 1080 for every chart today).
    """
    _check_name(name)
    if fmt not in ("png", "svg"):
        from bipn.core.errors import InputError

        raise InputError("fmt", f"fmt must be 'png' or 'svg' (got {fmt!r})")
    import vl_convert as vlc

    spec = chart_spec(name, theme="light", width=width or DEFAULT_IMAGE_WIDTH)
    slide = _as_slide(vlc.vegalite_to_svg(spec, vl_version=VL_VERSION), THEMES["light"]["background"])
    if fmt == "svg":
        return slide.encode("utf-8")
    return vlc.svg_to_png(slide, scale=1)


def chart_table(name: str) -> pd.DataFrame:
    """The numbers behind a chart with readable column names, rounded as the chart shows them."""
    import pandas as pd

    _check_name(name)
    if name == "patient_icon_array":
        freq = patient_frequency()
        f = freq["figure"]
        return pd.DataFrame([{
            "What it shows": freq["text"], "People (of 100)": freq["count"], "Counts in the study": f"{f.numerator} of {f.denominator}",
            "Source": "APEX (Br J Haematol 2009)", "Provenance": "Confirmed in a primary source",
        }])
    rows = chart_spec(name, width=DEFAULT_IMAGE_WIDTH)["layer"][0]["data"]["values"]
    out = []
    for r in rows:
        item = {"Figure": r["row_text"]}
        if r.get("percent") is not None:
            item["Percent"] = _fmt_pct(r["percent"])
        if r.get("numerator") is not None:
            item["Patients (n/N)"] = f"{int(r['numerator'])}/{int(r['denominator'])}"
        elif r.get("denominator") is not None:
            item["Patients in the arm (N)"] = str(int(r["denominator"]))
        if "interval_text" in r and name != "time_to_improvement":
            item["95% Wilson interval"] = r["interval_text"]
        if name == "time_to_improvement":
            item["Median (days)"] = f"{r['median_days']:g}" if r.get("median_days") is not None else "not given"
            item["Range (days)"] = f"{r['range_low_days']:g}-{r['range_high_days']:g}" if r.get("range_low_days") is not None else "none confirmed"
        item["Provenance"] = r["provenance_label"]
        item["Source"] = r["source"]
        out.append(item)
    return pd.DataFrame(out).fillna("")


# Altair objects for callers who compose charts (the page uses the specs directly).


def reversibility_chart(df: pd.DataFrame, theme: str = "light") -> alt.LayerChart:
    """The reversibility chart as an Altair chart (see ``reversibility_spec``)."""
    import altair as alt

    return alt.LayerChart.from_dict(reversibility_spec(df, theme=theme, width=DEFAULT_IMAGE_WIDTH))


def time_to_improvement_chart(df: pd.DataFrame, theme: str = "light") -> alt.LayerChart:
    """The time-to-improvement chart as an Altair chart (see ``time_to_improvement_spec``)."""
    import altair as alt

    return alt.LayerChart.from_dict(time_to_improvement_spec(df, theme=theme, width=DEFAULT_IMAGE_WIDTH))


def incidence_chart(df: pd.DataFrame, theme: str = "light") -> alt.LayerChart:
    """The incidence chart as an Altair chart (see ``incidence_spec``)."""
    import altair as alt

    return alt.LayerChart.from_dict(incidence_spec(df, theme=theme, width=DEFAULT_IMAGE_WIDTH))


def with_patient_day(spec: dict, days_since_change: float, theme: str = "light") -> dict:
    """A copy of a time-to-improvement spec with the patient's day marked.

    Marking the built spec lets the reference chart be built once and shared, while the
    patient's day stays in their session.
    """
    pal = _theme(theme)
    values = [{"days": days_since_change, "text": f"This patient: {days_since_change:g} days since the last dose change"}]
    size = spec["layer"][-1]["mark"].get("fontSize", 15)
    rule = {
        "name": "patient-day",
        "data": {"values": values},
        "mark": {"type": "rule", "color": pal["patient"], "strokeDash": [2, 2], "strokeWidth": 2.5},
        "encoding": {"x": {"field": "days", "type": "quantitative"}},
    }
    note = {
        "name": "patient-day-label",
        "data": {"values": values},
        "mark": {"type": "text", "align": "left", "dx": 6, "dy": 4, "baseline": "top", "color": pal["patient"], "fontWeight": "bold", "fontSize": size},
        "encoding": {"x": {"field": "days", "type": "quantitative"}, "y": {"value": 0}, "text": {"field": "text", "type": "nominal"}},
    }
    return {**spec, "layer": [*spec["layer"], rule, note]}


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""

    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
