"""The sourced figures on incidence and recovery, as records and as a tidy table."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from bipn.content.loader import load
from bipn.content.evidence import Citation, Provenance, citations_from
from bipn.core.stats import wilson_interval

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Figure:
    """One published number with its source. Percentages are 0-100; days are days."""

    id: str
    chart: str
    label: str
    statement: str
    provenance: Provenance
    citations: tuple[Citation, ...]
    status: str
    reviewed: str
    percent: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    median_days: float | None = None
    range_low_days: float | None = None
    range_high_days: float | None = None
    range_provenance: Provenance | None = None
    arm: str | None = None
    comparison: str | None = None
    patient_words: str | None = None
    """How the figure reads for patients after 'About N in 100 people' (confirmed figures only)."""

    @property
    def ci95_percent(self) -> tuple[float, float] | None:
        """Wilson 95% interval in percent, only when the source gives both counts."""
        if self.numerator is None or self.denominator is None:
            return None
        low, high = wilson_interval(self.numerator, self.denominator)
        return 100 * low, 100 * high


@cache
def figures() -> tuple[Figure, ...]:
    """Every figure, in data-file order."""
    out = []
    for fid, raw in load("figures").items():
        raw = dict(raw)
        range_prov = raw.pop("range_provenance", None)
        out.append(
            Figure(
                id=fid,
                provenance=Provenance(raw.pop("provenance")),
                citations=citations_from(raw.pop("citations")),
                range_provenance=Provenance(range_prov) if range_prov else None,
                **raw,
            )
        )
    return tuple(out)


def figures_frame(chart: str | None = None) -> pd.DataFrame:
    """The figures as a tidy DataFrame (one row per figure), optionally for one chart.

    Columns include percent, ci_low/ci_high (percent, NaN without counts), provenance
    ('confirmed' or 'source_article'), provenance_label and source (short citation).
    """
    import pandas as pd

    rows = []
    for f in figures():
        if chart is not None and f.chart != chart:
            continue
        ci = f.ci95_percent
        rows.append(
            {
                "id": f.id,
                "chart": f.chart,
                "label": f.label,
                "arm": f.arm,
                "comparison": f.comparison,
                "percent": f.percent,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "ci_low": ci[0] if ci else None,
                "ci_high": ci[1] if ci else None,
                "median_days": f.median_days,
                "range_low_days": f.range_low_days,
                "range_high_days": f.range_high_days,
                "provenance": f.provenance.value,
                "provenance_label": "Confirmed in a primary source" if f.provenance.is_primary else "Source article only (not confirmed)",
                "range_provenance": f.range_provenance.value if f.range_provenance else None,
                "source": "; ".join(c.reference.short for c in f.citations),
                "statement": f.statement,
            }
        )
    return pd.DataFrame(rows)


def _figure_text(f: Figure) -> str:
    if f.percent is None:
        parts = []
        if f.median_days is not None:
            parts.append(f"median {f.median_days:g} days")
        if f.range_low_days is not None:
            unconfirmed = f.provenance.is_primary and f.range_provenance is not Provenance.CONFIRMED
            parts.append(f"range {f.range_low_days:g}-{f.range_high_days:g} days{', source article only' if unconfirmed else ''}")
        return f"{f.label}: " + ", ".join(parts)
    counts = f" ({f.numerator}/{f.denominator})" if f.numerator is not None else ""
    arm = f"{f.comparison}, {f.arm}, {f.label}" if f.arm else f.label
    return f"{arm}: {f.percent:g}%{counts}"


_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}


def range_disagreements(chart_id: str) -> dict[str, tuple[Figure, ...]]:
    """The figures of a chart whose source, not a primary one, gives two or more different
    ranges, by that source's short name (the time to improvement: the source article's
    4-627 days and 1-529 days). Both are shown as the source states them (policy: never
    silently pick one)."""
    by_source: dict[str, list[Figure]] = {}
    for f in figures():
        if f.chart == chart_id and not f.provenance.is_primary and f.range_low_days is not None:
            by_source.setdefault(f.citations[0].reference.short, []).append(f)
    return {
        source: tuple(fs)
        for source, fs in by_source.items()
        if len({(f.range_low_days, f.range_high_days) for f in fs}) > 1
    }


def disagreement_text(chart_id: str) -> str:
    """One sentence per source that disagrees with itself on a range ('' when none does)."""
    out = []
    for source, fs in range_disagreements(chart_id).items():
        who = "The source article" if fs[0].provenance is Provenance.SOURCE_ARTICLE else source
        ranges = " and ".join(f"{f.range_low_days:g}-{f.range_high_days:g}" for f in fs)
        shown = "both are shown as it states them, and neither is" if len(fs) == 2 else "all are shown as it states them, and none is"
        out.append(f"{who} gives {_COUNT_WORDS.get(len(fs), str(len(fs)))} ranges that disagree ({ranges} days): {shown} confirmed in a primary source.")
    return " ".join(out)


def chart_alt_text(chart_id: str) -> str:
    """What a chart shows, in words, from the same figures it draws (for screen readers)."""
    chart_figures = [f for f in figures() if f.chart == chart_id]
    confirmed = [_figure_text(f) for f in chart_figures if f.provenance.is_primary]
    article = [_figure_text(f) for f in chart_figures if not f.provenance.is_primary]
    text = "Confirmed: " + "; ".join(confirmed) + "."
    if article:
        text += " Source article only, not confirmed: " + "; ".join(article) + "."
    if disagreement := disagreement_text(chart_id):
        text += " " + disagreement
    return text


def chart_caption(chart_id: str) -> str:
    """The sources of a chart's figures, each with its provenance."""
    seen: dict[str, str] = {}
    for f in figures():
        if f.chart == chart_id:
            for c in f.citations:
                seen.setdefault(c.reference.short, c.provenance.label)
    return "Sources: " + "; ".join(f"{short} ({label})" for short, label in seen.items()) + "."
