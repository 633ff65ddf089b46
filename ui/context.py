"""The patient context: entered once in the sidebar, kept in this browser session only."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

import bipn

from ui.legacy import leave_legacy_pages_mode

OTHER_DOSE = "Other"
ROUTES = {"sc": "Subcutaneous (SC)", "iv": "Intravenous (IV)"}
SCHEDULES = {"twice_weekly": "Twice weekly", "weekly": "Once weekly"}
AUDIENCES = {"clinician": "Clinician", "patient": "Patient or caregiver"}
UNITS = ("mg/dL", "µmol/L")
WEIGHT_BASES = {"actual": "Actual body weight", "ideal": "Ideal body weight", "adjusted": "Adjusted body weight"}
LIVER = {"none": "No liver impairment", "mild": "Mild", "moderate": "Moderate", "severe": "Severe"}


@dataclass(frozen=True)
class Context:
    """The validated patient (invalid fields left empty), the per-field messages and audience."""

    patient: bipn.Patient
    errors: dict[str, str] = field(default_factory=dict)
    audience: str = "clinician"


def _number(label: str, key: str, *, step: float | int, fmt: str = "%g", help: str | None = None) -> float | int | None:
    # No min/max: Streamlit would silently clamp; bipn validates and we show why instead.
    return st.number_input(label, value=None, step=step, format=fmt, key=key, help=help, placeholder="Not entered")


def _show_error(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            message = errors[name]
            if message.startswith(name):  # say it with the field's on-screen name
                label = bipn.field_label(name)
                message = label[:1].upper() + label[1:] + message[len(name):]
            st.error(message)


def sidebar() -> Context:
    """Draw the patient form in the sidebar and return the context it describes."""
    with st.sidebar:
        audience = st.radio(
            "Which best describes you?",
            list(AUDIENCES),
            format_func=AUDIENCES.get,
            key="audience",
            horizontal=True,
            help="Changes the language of the education and prognosis pages.",
        )
        st.subheader("Patient")
        st.caption("Kept only in this browser tab; nothing is saved.")
        raw: dict[str, object] = {}
        errors: dict[str, str] = {}

        def check(*names: str) -> None:
            found = bipn.field_errors({n: raw[n] for n in names})
            errors.update(found)
            _show_error(found, *names)

        raw["age_years"] = _number("Age (years)", "pt_age", step=1.0)
        check("age_years")
        raw["sex"] = st.selectbox("Sex", ("female", "male"), index=None, key="pt_sex", placeholder="Choose")
        raw["height_cm"] = _number("Height (cm)", "pt_height", step=1.0)
        check("height_cm")
        raw["weight_kg"] = _number("Weight (kg)", "pt_weight", step=0.5)
        check("weight_kg")

        with st.expander("Bortezomib", expanded=True):
            levels = [bipn.format_dose(level) for level in bipn.dose_levels()]
            choice = st.selectbox("Current bortezomib dose (mg/m²)", [*levels, OTHER_DOSE], index=None, key="pt_dose", placeholder="Choose")
            if choice == OTHER_DOSE:
                raw["dose_mg_m2"] = _number("Other current dose (mg/m²)", "pt_dose_other", step=0.05, fmt="%.2f")
            else:
                raw["dose_mg_m2"] = float(choice) if choice else None
            check("dose_mg_m2")
            raw["route"] = st.radio("Route", list(ROUTES), format_func=ROUTES.get, index=None, key="pt_route", horizontal=True)
            raw["schedule"] = st.radio("Schedule", list(SCHEDULES), format_func=SCHEDULES.get, index=None, key="pt_schedule", horizontal=True)
            products = bipn.products()
            raw["product"] = st.selectbox(
                "Product", list(products), format_func=lambda p: products[p].display, index=None, key="pt_product", placeholder="Choose"
            )
            raw["concentration_mg_ml"] = None
            if raw["product"] == "other":
                raw["concentration_mg_ml"] = _number("Concentration on its label (mg/mL)", "pt_conc", step=0.1)
                check("concentration_mg_ml")
            raw["days_since_dose_change"] = _number("Days since the last dose change", "pt_days", step=1, fmt="%d")
            check("days_since_dose_change")

        with st.expander("Kidneys and liver", expanded=True):
            scr = _number("Serum creatinine", "pt_scr", step=0.1, fmt="%.2f")
            unit = st.radio("Creatinine unit", UNITS, key="pt_scr_unit", horizontal=True)
            raw["scr_mg_dl"], raw["scr_umol_l"] = (scr, None) if unit == UNITS[0] else (None, scr)
            check("scr_mg_dl", "scr_umol_l")
            basis = st.selectbox(
                "Weight for Cockcroft-Gault",
                list(WEIGHT_BASES),
                format_func=WEIGHT_BASES.get,
                key="pt_cg_basis",
                help="Drug labels do not say which weight to use; the one chosen is shown with the result.",
            )
            raw["crcl_weight_basis"] = basis
            raw["crcl_weight_kg"] = None
            if basis != "actual":
                raw["crcl_weight_kg"] = _number(f"{WEIGHT_BASES[basis]} (kg)", "pt_cg_weight", step=0.5)
                check("crcl_weight_kg")
            raw["on_hemodialysis"] = st.checkbox("On haemodialysis", key="pt_hd")
            liver = st.selectbox(
                "Liver impairment", list(LIVER), format_func=LIVER.get, index=None, key="pt_liver", placeholder="Not recorded"
            )
            raw["hepatic"] = liver or "not_recorded"
            raw["substantial_alcohol_use"] = st.checkbox("Substantial alcohol use", key="pt_alcohol")

        with st.expander("Other medicines and supplements"):
            raw["current_medications"] = tuple(
                st.multiselect(
                    "Current medicines and supplements",
                    bipn.known_medications(),
                    format_func=bipn.medication_name,
                    key="pt_meds",
                    placeholder="Search by name",
                )
            )

    # Invalid fields stay empty (their message is beside them); the rest keeps working.
    patient = bipn.Patient(**{name: value for name, value in raw.items() if name not in errors})
    return Context(patient=patient, errors=errors, audience=audience)


CONTEXT_KEY = "_context"


def publish(ctx: Context) -> None:
    """app.py hands this run's context to the page it is about to run."""
    st.session_state[CONTEXT_KEY] = ctx


def current() -> Context:
    """The context app.py drew in this run; every page starts here.

    The context is taken (not just read), so a page run that did not go through app.py
    finds none and restarts through it (see ui/legacy.py).
    """
    ctx = st.session_state.pop(CONTEXT_KEY, None)
    if ctx is None:
        leave_legacy_pages_mode(restart=True)
    return ctx


def disclaimer(ctx: Context | None = None) -> None:
    """The disclaimer and content version, drawn above every page (before it can stop).

    Patients and carers get a notice written for them instead of the clinician disclaimer.
    """
    if ctx is not None and ctx.audience == "patient":
        st.info(bipn.PATIENT_NOTICE)
        st.caption(f"Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}.")
        return
    st.caption(f"{bipn.DISCLAIMER} Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}.")
