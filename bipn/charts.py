"""Altair chart builders: pure functions from the figures table to a chart (no rendering)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

PROVENANCE_DOMAIN = ["Confirmed in a primary source", "Source article only (not confirmed)"]
# Colour-blind-safe pair (Okabe-Ito); provenance is also told by dash and by the row label.
PROVENANCE_COLOURS = ["#0072B2", "#D55E00"]
PROVENANCE_DASH = [[1, 0], [4, 3]]
LABEL_LINE_CHARS = 22  # row labels wrap at about this width, so a phone screen keeps room for the bars


def _wrap(text: str, width: int = LABEL_LINE_CHARS) -> str:
    """Break a row label into lines ('|' separated; the axis splits on it)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "|".join(lines)


def _row_axis(alt_mod):
    """The y axis of row labels, each split into lines at '|'."""
    return alt_mod.Y("row:N", title=None, sort=None, axis=alt_mod.Axis(labelExpr="split(datum.value, '|')", labelLimit=200))


def _provenance_encodings(alt_mod):
    scale = alt_mod.Scale(domain=PROVENANCE_DOMAIN, range=PROVENANCE_COLOURS)
    legend = alt_mod.Legend(title="Provenance", orient="bottom", direction="vertical", labelLimit=400)
    return {
        "color": alt_mod.Color("provenance_label:N", scale=scale, legend=legend),
        "strokeDash": alt_mod.StrokeDash(
            "provenance_label:N", scale=alt_mod.Scale(domain=PROVENANCE_DOMAIN, range=PROVENANCE_DASH), legend=None
        ),
    }


def _with_display_labels(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    out = df.copy()
    marker = out["provenance"].map({"confirmed": "", "source_article": " *"})
    out["row"] = [_wrap(label + m) for label, m in zip(out["label"], marker, strict=True)]
    counts = [
        f" ({int(k)}/{int(n)})" if pd.notna(k) and pd.notna(n) else ""
        for k, n in zip(out["numerator"], out["denominator"], strict=True)
    ]
    percents = [f"{p:g}%" if pd.notna(p) else "" for p in out["percent"]]
    out["value_text"] = [p + c for p, c in zip(percents, counts, strict=True)]
    # Value labels sit just past the bar or its interval, whichever reaches further.
    out["label_x"] = [max(v for v in (p, hi) if pd.notna(v)) if pd.notna(p) else None for p, hi in zip(out["percent"], out["ci_high"], strict=True)]
    return out


def reversibility_chart(df: pd.DataFrame) -> alt.Chart:
    """Share improved or resolved, with Wilson 95% intervals where counts exist.

    ``df`` is ``figures_frame('reversibility')``. Rows marked * are source article only.
    """
    import altair as alt

    data = _with_display_labels(df)
    enc = _provenance_encodings(alt)
    y = _row_axis(alt)
    base = alt.Chart(data)
    bars = base.mark_bar(strokeWidth=2, fillOpacity=0.8).encode(
        y=y,
        x=alt.X("percent:Q", title="Improved or resolved (%)", scale=alt.Scale(domain=[0, 100])),
        color=enc["color"],
        stroke=alt.Color("provenance_label:N", scale=alt.Scale(domain=PROVENANCE_DOMAIN, range=PROVENANCE_COLOURS), legend=None),
        strokeDash=enc["strokeDash"],
        tooltip=["label", "percent", "numerator", "denominator", "ci_low", "ci_high", "provenance_label", "source"],
    )
    whiskers = base.transform_filter("isValid(datum.ci_low)").mark_rule(color="#888", strokeWidth=1.5).encode(
        y=y, x="ci_low:Q", x2="ci_high:Q"
    )
    labels = base.mark_text(align="left", dx=4).encode(y=y, x="label_x:Q", text="value_text:N")
    return (bars + whiskers + labels).properties(
        title=alt.Title("Neuropathy improved or resolved", subtitle="Lines: 95% Wilson interval. * source article only, not confirmed."),
        width="container",
        height=alt.Step(36),
    )


def time_to_improvement_chart(df: pd.DataFrame) -> alt.Chart:
    """Median (point) and range (line) of days to improvement.

    ``df`` is ``figures_frame('time_to_improvement')``; ranges from the source article only
    are dashed. Mark a patient's day on the built spec with ``with_patient_day``.
    """
    import altair as alt

    data = _with_display_labels(df)
    data["range_label"] = data["range_provenance"].map(
        {"confirmed": PROVENANCE_DOMAIN[0], "source_article": PROVENANCE_DOMAIN[1]}
    )
    data["median_text"] = data["median_days"].map(lambda d: f"median {d:g} days")
    y = _row_axis(alt)
    base = alt.Chart(data)
    ranges = base.mark_rule(strokeWidth=3).encode(
        y=y,
        x=alt.X("range_low_days:Q", title="Days to improvement, as reported"),
        x2="range_high_days:Q",
        color=alt.Color("range_label:N", scale=alt.Scale(domain=PROVENANCE_DOMAIN, range=PROVENANCE_COLOURS), legend=None),
        strokeDash=alt.StrokeDash("range_label:N", scale=alt.Scale(domain=PROVENANCE_DOMAIN, range=PROVENANCE_DASH), legend=None),
        tooltip=["label", "median_days", "range_low_days", "range_high_days", "source"],
    )
    enc = _provenance_encodings(alt)
    medians = base.mark_point(size=160, filled=True).encode(
        y=y,
        x="median_days:Q",
        color=enc["color"],
        shape=alt.Shape("provenance_label:N", scale=alt.Scale(domain=PROVENANCE_DOMAIN, range=["circle", "diamond"]), legend=None),
    )
    text = base.mark_text(dy=-14).encode(y=y, x="median_days:Q", text="median_text:N")
    layers = [ranges, medians, text]
    return alt.layer(*layers).properties(
        title=alt.Title("Time to improvement", subtitle="Point: median. Line: range; dashed = source article only."),
        width="container",
        height=alt.Step(60),
    )


def incidence_chart(df: pd.DataFrame) -> alt.Chart:
    """Neuropathy rates by route (SC vs IV) and schedule (weekly vs twice weekly).

    ``df`` is ``figures_frame('incidence')``; rows marked * are source article only.
    """
    import altair as alt

    data = _with_display_labels(df)
    marker = data["provenance"].map({"confirmed": "", "source_article": " *"})
    data["row"] = [_wrap(f"{c}: {label}{m}") for c, label, m in zip(data["comparison"], data["label"], marker, strict=True)]
    data["value_text"] = data["arm"] + " " + data["percent"].map(lambda p: f"{p:g}%")
    enc = _provenance_encodings(alt)
    y = _row_axis(alt)
    base = alt.Chart(data)
    bars = base.mark_bar(strokeWidth=2, fillOpacity=0.8).encode(
        y=y,
        yOffset=alt.YOffset("arm:N"),
        x=alt.X("percent:Q", title="Patients with peripheral neuropathy (%)", scale=alt.Scale(domain=[0, 100])),
        color=enc["color"],
        stroke=alt.Color("provenance_label:N", scale=alt.Scale(domain=PROVENANCE_DOMAIN, range=PROVENANCE_COLOURS), legend=None),
        strokeDash=enc["strokeDash"],
        tooltip=["comparison", "label", "arm", "percent", "denominator", "provenance_label", "source"],
    )
    labels = base.mark_text(align="left", dx=4).encode(
        y=y, yOffset=alt.YOffset("arm:N"), x="percent:Q", text="value_text:N"
    )
    return (bars + labels).properties(
        title=alt.Title("Neuropathy by route and schedule", subtitle="* source article only, not confirmed."),
        width="container",
        height=alt.Step(22),
    )


def with_patient_day(spec: dict, days_since_change: float) -> dict:
    """A copy of a time-to-improvement Vega-Lite spec with the patient's day marked.

    ``spec`` is ``time_to_improvement_chart(df).to_dict()``; marking the built spec lets the
    reference chart be built once and shared, while the patient's day stays in their session.
    """
    values = [{"days": days_since_change, "text": f"This patient: {days_since_change:g} days since the last dose change"}]
    rule = {
        "data": {"values": values},
        "mark": {"type": "rule", "color": "#888", "strokeDash": [2, 2], "strokeWidth": 2},
        "encoding": {"x": {"field": "days", "type": "quantitative"}},
    }
    note = {
        "data": {"values": values},
        "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "baseline": "bottom"},
        "encoding": {"x": {"field": "days", "type": "quantitative"}, "y": {"value": 0}, "text": {"field": "text", "type": "nominal"}},
    }
    return {**spec, "layer": [*spec["layer"], rule, note]}


def inline_datasets(spec: dict) -> dict:
    """A copy of ``spec`` with its data written as inline values into each layer.

    Streamlit converts named datasets and top-level data to Arrow tables on every run;
    values inside the layers travel as part of the spec's JSON, which costs far less for the
    few rows these charts hold.
    """
    datasets = spec.get("datasets", {})

    def inline(node: object) -> object:
        if isinstance(node, dict):
            data = node.get("data")
            out = {k: inline(v) for k, v in node.items() if k != "datasets"}
            if isinstance(data, dict) and data.get("name") in datasets:
                out["data"] = {"values": datasets[data["name"]]}
            return out
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    out = inline(spec)
    if "layer" in out and "data" in out:
        shared = out.pop("data")
        out["layer"] = [layer if "data" in layer else {**layer, "data": shared} for layer in out["layer"]]
    return out


CHARTS = ("reversibility", "time_to_improvement", "incidence")


def chart_spec(chart_id: str) -> dict:
    """The chart ``chart_id`` (one of CHARTS) as a Vega-Lite spec with inline data."""
    from bipn.prognosis import figures_frame

    builders = {"reversibility": reversibility_chart, "time_to_improvement": time_to_improvement_chart, "incidence": incidence_chart}
    if chart_id not in builders:
        from bipn.errors import InputError

        raise InputError("chart_id", f"chart_id must be one of {', '.join(CHARTS)} (got {chart_id!r})")
    return inline_datasets(builders[chart_id](figures_frame(chart_id)).to_dict())
