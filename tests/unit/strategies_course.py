"""Hypothesis strategies for any valid course (shared by the course tests)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, timedelta

from hypothesis import assume
from hypothesis import strategies as st

import bipn
from bipn.course import Course, PreDoseCheck, Visit, contraindications, vitals

# Any text a keyboard or a paste gives: every character but control ones, white space of every kind.
text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r\x0b\x0c\x1c\x85"),
    min_size=1, max_size=200,
).filter(lambda s: s.strip())
confirmations = st.builds(
    bipn.Confirmation, by=text, what=text,
    at=st.none() | st.datetimes(datetime(2000, 1, 1), datetime(2090, 1, 1)).map(lambda d: d.replace(microsecond=0)),
)


@st.composite
def findings(draw) -> bipn.Findings:
    """Any valid Findings, built over dataclasses.fields so new fields are covered too."""
    values = {}
    for f in fields(bipn.Findings):
        t = str(f.type)
        if t == "int":
            values[f.name] = draw(st.integers(0, 4))
        elif t == "bool":
            values[f.name] = draw(st.booleans())
        elif "Confirmation" in t:
            values[f.name] = draw(st.none() | confirmations)
        elif f.name == "ctcae_version":  # every grade carries its CTCAE version (issue 22)
            values[f.name] = draw(st.sampled_from(bipn.clinical.grading.versions()))
        else:  # a new kind of field: the strategy (and the FHIR mapping) must learn it
            raise AssertionError(f"unknown Findings field type {t}")
    try:
        return bipn.Findings(**values)
    except bipn.InputError:
        assume(False)


@st.composite
def checks(draw) -> PreDoseCheck:
    values = {}
    for item in vitals():
        values[item["field"]] = draw(st.floats(item["low"], item["high"], allow_nan=False))
    for item in contraindications():
        values[item["field"]] = draw(st.booleans())
    values["checked_by"] = draw(st.none() | text)
    values["team_decision"] = draw(st.sampled_from([None, "give", "do_not_give"]))
    values["readings_rechecked"] = draw(st.booleans())
    assume(values["diastolic_mm_hg"] < values["systolic_mm_hg"])
    return PreDoseCheck(**values)


doses = st.none() | st.sampled_from(list(bipn.dose_levels())) | st.floats(0.01, 1.3, allow_nan=False)


@st.composite
def courses(draw, max_visits: int = 6) -> Course:
    # Within the window a course import accepts (bipn/data/course.toml: first_plausible_date).
    start = draw(st.dates(date(2003, 5, 13), date(2090, 1, 1)))
    gaps = draw(st.lists(st.integers(0, 60), max_size=max_visits))
    visits = []
    on = start
    for gap in gaps:
        on = on + timedelta(days=gap)
        dose = draw(doses)
        visits.append(
            Visit(
                on=on,
                findings=draw(findings()),
                dose_given_mg_m2=dose,
                schedule=draw(st.none() | st.sampled_from(list(bipn.Schedule))) if dose is not None else None,
                action=draw(st.none() | st.sampled_from(list(bipn.Action))),
                resolution=draw(st.none() | confirmations),
                pre_dose=draw(st.none() | checks()),
                product=draw(st.none() | st.sampled_from(sorted(bipn.products()))) if dose is not None else None,
            )
        )
    return Course(baseline=draw(st.none() | findings()), visits=tuple(visits))
