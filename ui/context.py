"""The patient context: entered once in the sidebar, kept in this browser session only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import bipn

from ui import nav, render, state
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


def _number(label: str, key: str, errors: dict[str, str], field: str, *, placeholder: str = "Not entered", ui: object = st) -> float | None:
    """A number typed as text, read by bipn.parse_number: a decimal comma is read as a decimal,
    anything it cannot read without guessing gets a message here, and the value used is shown
    when it is written differently from what was typed."""
    # No st.number_input: it silently clamps, truncates decimals and reads "1,4" as 14.
    text = ui.text_input(label, key=key, placeholder=placeholder)
    try:
        value = bipn.parse_number(field, text)
    except bipn.InputError as exc:
        errors[field] = str(exc)
        return None
    if value is not None and text.strip() != f"{value:g}":
        ui.caption(f"Using {value:g}")
    return value


class Kept:
    """Stands in for ``st`` in ``patient_form`` on a page that shows the patient as a summary:
    a widget call draws nothing and returns the value this tab keeps for its key (ui/state.py
    gives every kept value back to ``st.session_state`` at the start of a run), or the widget's
    own default; the keys in ``drawn`` are drawn as usual. Text elements draw nothing."""

    def __init__(self, drawn: Iterable[str] = ()) -> None:
        self.drawn = frozenset(drawn)
        self.drawn_fields: set[str] = set()  # the patient fields drawn, whose errors show beside them

    def text_input(self, label: str, *, key: str, **kw: Any) -> str:  # noqa: ANN401 - st.text_input's own options
        return st.text_input(label, key=key, **kw) if key in self.drawn else str(st.session_state.get(key) or "")

    def radio(self, label: str, options: Sequence[Any], index: int | None = 0, *, key: str, **kw: Any) -> Any:  # noqa: ANN401 - a chosen option
        return self._choice(st.radio, label, options, index, key, kw)

    def selectbox(self, label: str, options: Sequence[Any], index: int | None = 0, *, key: str, **kw: Any) -> Any:  # noqa: ANN401 - a chosen option
        return self._choice(st.selectbox, label, options, index, key, kw)

    def _choice(self, widget: Any, label: str, options: Sequence[Any], index: int | None, key: str, kw: dict[str, Any]) -> Any:  # noqa: ANN401 - a chosen option
        """The widget drawn (a drawn key), else the kept option, else the widget's default."""
        if key in self.drawn:
            return widget(label, options, index=index, key=key, **kw)
        options = list(options)
        value = st.session_state.get(key)
        if value in options:
            return value
        return options[index] if index is not None and options else None

    def checkbox(self, label: str, *, key: str, **kw: Any) -> bool:  # noqa: ANN401 - st.checkbox's own options
        return st.checkbox(label, key=key, **kw) if key in self.drawn else bool(st.session_state.get(key))

    def multiselect(self, label: str, options: Sequence[str], *, key: str, **kw: Any) -> list[str]:  # noqa: ANN401 - st.multiselect's own options
        return st.multiselect(label, options, key=key, **kw) if key in self.drawn else list(st.session_state.get(key) or [])

    def expander(self, *args: Any, **kw: Any) -> nullcontext:  # noqa: ANN401 - st.expander's own options
        return nullcontext()

    def markdown(self, *args: Any, **kw: Any) -> None:  # noqa: ANN401 - text elements draw nothing
        return None

    caption = warning = markdown


def _show_error(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            message = errors[name]
            if message.startswith(name):  # say it with the field's on-screen name
                label = bipn.field_label(name)
                message = label[:1].upper() + label[1:] + message[len(name):]
            render.error(message)  # it quotes what was typed: plain text, never Markdown


def patient_form(where: DeltaGenerator | None = None, ui: object = st) -> Context:
    """Draw the patient form (in the sidebar, or in ``where``) and return the context it
    describes; each error is shown beside its field. With ``ui`` a ``Kept``, the form is read
    from the values kept for this tab and not drawn (but for the keys ``ui`` draws)."""
    raw: dict[str, object] = {}
    errors: dict[str, str] = {}
    parse_errors: dict[str, str] = {}

    def number(label: str, key: str, field: str, **kw: str) -> float | None:
        if isinstance(ui, Kept) and key in ui.drawn:
            ui.drawn_fields.add(field)
        return _number(label, key, parse_errors, field, ui=ui, **kw)

    def check(*names: str) -> None:
        found = {n: parse_errors[n] for n in names if n in parse_errors}
        found.update(bipn.field_errors({n: raw[n] for n in names if n not in found}))
        errors.update(found)
        if ui is st or (isinstance(ui, Kept) and ui.drawn_fields.issuperset(names)):
            _show_error(found, *names)

    where = where if where is not None else st.sidebar
    with where:
        ui.markdown("**Patient**")
        ui.caption(state.RELOAD_NOTE)

        raw["age_years"] = number("Age (years)", "pt_age", "age_years")
        check("age_years")
        raw["sex"] = ui.radio("Sex", ("female", "male"), index=None, key="pt_sex", horizontal=True)
        raw["height_cm"] = number("Height (cm)", "pt_height", "height_cm")
        check("height_cm")
        raw["weight_kg"] = number("Weight (kg)", "pt_weight", "weight_kg")
        check("weight_kg")
        raw["body_size_confirmed"] = False
        slip = bipn.body_slip(raw["height_cm"], raw["weight_kg"]) if not {"height_cm", "weight_kg"} & errors.keys() else None
        if slip is not None:  # like creatinine: the likely slip named beside the field, no mg dose until settled
            ui.warning(slip[1], icon=None)
            raw["body_size_confirmed"] = ui.checkbox(
                f"I confirm {raw['height_cm']:g} cm and {raw['weight_kg']:g} kg are right", key="pt_body_confirmed"
            )

        # The fields the answers need come first: the creatinine (the analgesic doses) beside
        # height and weight, before the dose, route and product; the rest of the kidneys and
        # liver below.
        unit = ui.radio("Creatinine unit", UNITS, key="pt_scr_unit", horizontal=True)
        field = "scr_mg_dl" if unit == UNITS[0] else "scr_umol_l"
        scr = number(f"Serum creatinine ({unit})", "pt_scr", field, placeholder="e.g. 1.4" if unit == UNITS[0] else "e.g. 124")
        raw["scr_mg_dl"], raw["scr_umol_l"] = (scr, None) if unit == UNITS[0] else (None, scr)
        check("scr_mg_dl", "scr_umol_l")

        with ui.expander("Bortezomib", expanded=True):
            levels = [bipn.format_dose(level) for level in bipn.dose_levels()]
            choice = ui.radio("Current bortezomib dose (mg/m²)", [*levels, OTHER_DOSE], index=None, key="pt_dose", horizontal=True)
            if choice == OTHER_DOSE:
                raw["dose_mg_m2"] = number("Other current dose (mg/m²)", "pt_dose_other", "dose_mg_m2")
            else:
                raw["dose_mg_m2"] = float(choice) if choice else None
            check("dose_mg_m2")
            # The product first: its label decides the routes (some are IV only) and the concentrations.
            products = bipn.products()
            raw["product"] = ui.radio("Product", list(products), format_func=lambda p: products[p].display, index=None, key="pt_product")
            chosen = products.get(raw["product"]) if raw["product"] else None
            routes = [r.value for r in chosen.routes] if chosen is not None else list(ROUTES)
            if st.session_state.get("pt_route") not in (None, *routes):  # chosen before a product that does not allow it
                st.session_state["pt_route"] = None
                ui.warning(render.plain(f"Route cleared: {chosen.display} is for {chosen.routes_text} (its label). Choose the route again."))
            raw["route"] = ui.radio("Route", routes, format_func=ROUTES.get, index=None, key="pt_route", horizontal=True)
            if chosen is not None and chosen.preparations:
                ui.caption(render.plain(f"{chosen.display}: {chosen.routes_text} (its label)."))
            check("route")
            raw["schedule"] = ui.radio("Schedule", list(SCHEDULES), format_func=SCHEDULES.get, index=None, key="pt_schedule", horizontal=True)
            raw["concentration_mg_ml"] = None
            raw["concentration_confirmed"] = False
            route = bipn.Route(raw["route"]) if raw["route"] else None
            preps = chosen.preparations.get(route, ()) if chosen is not None and route is not None else ()
            if preps and not preps[0].entered and len(preps) > 1:
                conc = ui.radio(
                    "Made up at",
                    [p.concentration_mg_ml for p in preps],
                    format_func=lambda c: next(f"{c:g} mg/mL" + (f" (for {p.when})" if p.when else " (usual)") for p in preps if p.concentration_mg_ml == c),
                    key="pt_conc_choice",
                )
                raw["concentration_mg_ml"] = conc
            elif chosen is not None and (not chosen.preparations or (preps and preps[0].entered)):
                raw["concentration_mg_ml"] = number("Concentration on its label (mg/mL)", "pt_conc", "concentration_mg_ml")
                raw["concentration_confirmed"] = ui.checkbox("I confirm this unusual concentration is on the label", key="pt_conc_confirmed")
            check("concentration_mg_ml")
            raw["days_since_dose_change"] = number("Days since the last dose change", "pt_days", "days_since_dose_change")
            check("days_since_dose_change")

        with ui.expander("Kidneys and liver", expanded=True):
            basis = ui.selectbox("Weight for Cockcroft-Gault", list(WEIGHT_BASES), format_func=WEIGHT_BASES.get, key="pt_cg_basis")
            ui.caption("Drug labels do not say which weight to use; the one chosen is shown with the result.")
            raw["crcl_weight_basis"] = basis
            raw["crcl_weight_kg"] = None
            if basis != "actual":
                raw["crcl_weight_kg"] = number(f"{WEIGHT_BASES[basis]} (kg)", "pt_cg_weight", "crcl_weight_kg")
                check("crcl_weight_kg")
            raw["on_hemodialysis"] = ui.checkbox("On haemodialysis", key="pt_hd")
            raw["on_peritoneal_dialysis"] = ui.checkbox("On peritoneal dialysis", key="pt_pd")
            check("on_hemodialysis", "on_peritoneal_dialysis")
            liver = ui.selectbox(
                "Liver impairment", list(LIVER), format_func=LIVER.get, index=None, key="pt_liver", placeholder="Not recorded"
            )
            raw["hepatic"] = liver or "not_recorded"
            raw["substantial_alcohol_use"] = ui.checkbox("Substantial alcohol use", key="pt_alcohol")

        # Keyed, its open state is the user's: removing a medicine no longer closes it (an
        # unkeyed expander was drawn anew, closed, by the rerun a removal makes).
        meds_box = ui.expander("Other medicines and supplements", expanded=bool(st.session_state.get("pt_meds")), key="pt_meds_open", on_change="rerun")
        # Drawn only while open (as a card's basis): closed, the values kept for this tab are
        # read and nothing is drawn (its multiselect was the form's slowest element to draw).
        inner = ui if ui is not st or getattr(meds_box, "open", True) else Kept()
        with meds_box:
            raw["current_medications"] = tuple(
                inner.multiselect(
                    "Current medicines and supplements",
                    bipn.medication_suggestions(),
                    key="pt_meds",
                    placeholder="Type a generic or brand name",
                    accept_new_options=True,
                )
            )
            check("current_medications")
            inner.caption("A name the app does not know is kept and listed as not checked for interactions.")
            raw["maoi_within_14_days"] = inner.checkbox("An MAOI was stopped in the last 14 days", key="pt_maoi_recent")
            raw["seizure_history"] = inner.checkbox("Epilepsy or a history of seizures", key="pt_seizures")
            raw["uncontrolled_epilepsy"] = inner.checkbox("Epilepsy not controlled by treatment", key="pt_epilepsy_uncontrolled")

        audience = _audience_radio()
        st.caption("Changes the language of the education and prognosis pages.")

    # Invalid fields stay empty (their message is beside them); the rest keeps working.
    values = {name: value for name, value in raw.items() if name not in errors}
    try:
        patient = bipn.Patient(**values)
    except bipn.InputError as exc:  # a combination of valid fields (shown beside the last)
        errors[exc.field] = str(exc)
        patient = bipn.Patient(**{n: v for n, v in values.items() if n not in (exc.field, "concentration_mg_ml", "scr_mg_dl", "scr_umol_l")})
        if ui is st:
            with where:
                _show_error(errors, exc.field)
    return Context(patient=patient, errors=errors, audience=audience)


def _audience_radio() -> str:
    return st.radio("Which best describes you?", list(AUDIENCES), format_func=AUDIENCES.get, key="audience", horizontal=True)


def patient_reader_form(where: DeltaGenerator | None = None) -> Context:
    """The sidebar of a page read by a patient or carer: only the audience choice. The
    clinician's fields are not drawn (ui/state.py keeps their values for when the clinician
    view comes back); the product and route already chosen still name the medicine on the
    handout."""
    where = where if where is not None else st.sidebar
    with where:
        audience = _audience_radio()
        st.caption("This view is for a patient or carer. Choose Clinician to see the clinician's form again.")
    try:
        patient = bipn.Patient(product=st.session_state.get("pt_product"), route=st.session_state.get("pt_route"))
    except bipn.InputError:  # a product and route the clinician form would refuse: name none
        patient = bipn.Patient()
    return Context(patient=patient, audience=audience)


def _summary(p: bipn.Patient, errors: dict[str, str]) -> str:
    """The patient as entered, one Markdown list (typed names as plain text), and the fields
    that need correcting; every number as it was read (``:g``, never rounded)."""
    lines = []
    body = [f"{p.age_years:g} years" if p.age_years is not None else None, p.sex.value if p.sex else None,
            f"{p.height_cm:g} cm" if p.height_cm is not None else None, f"{p.weight_kg:g} kg" if p.weight_kg is not None else None]
    lines.append(", ".join(b for b in body if b))
    if p.scr_mg_dl is not None or p.scr_umol_l is not None:
        lines.append(f"Serum creatinine {p.scr_mg_dl:g} mg/dL" if p.scr_mg_dl is not None else f"Serum creatinine {p.scr_umol_l:g} µmol/L")
    dose = [f"{bipn.format_dose(p.dose_mg_m2)} mg/m²" if p.dose_mg_m2 is not None else None,
            bipn.products()[p.product].display if p.product else None, ROUTES.get(p.route.value) if p.route else None,
            SCHEDULES.get(p.schedule.value) if p.schedule else None,
            f"{p.days_since_dose_change} days since the last dose change" if p.days_since_dose_change is not None else None]
    if any(dose):
        lines.append("Bortezomib: " + ", ".join(d for d in dose if d))
    flags = [("On haemodialysis", p.on_hemodialysis), ("On peritoneal dialysis", p.on_peritoneal_dialysis),
             (f"Liver impairment: {LIVER.get(p.hepatic.value, '').lower()}", p.hepatic.value in LIVER),
             ("Substantial alcohol use", p.substantial_alcohol_use), ("An MAOI stopped in the last 14 days", p.maoi_within_14_days),
             ("Epilepsy or a history of seizures", p.seizure_history), ("Epilepsy not controlled by treatment", p.uncontrolled_epilepsy)]
    lines += [text for text, on in flags if on]
    if p.current_medications:
        lines.append("Medicines: " + ", ".join(p.current_medications))
    lines = [render.plain(line) for line in lines if line]
    if errors:
        lines.append("**To correct on the Assessment page:** " + render.plain(", ".join(sorted({bipn.field_label(n) for n in errors}))))
    return "\n".join(f"- {line}" for line in lines) if lines else "Nothing entered yet."


# Pages that do not ask for the patient: the sidebar shows the patient as entered (all of it:
# the course's pre-dose answer uses the whole record), a link to change it on Assessment, and
# only the fields the page itself asks for. Drawing the whole form cost these pages about 200
# ms of every load (prognosis) and 55 ms on course (bench/run.py).
SUMMARY_PAGES: dict[str, tuple[str, ...]] = {"education": (), "prognosis": ("pt_days",), "evidence": (), "course": ()}


def patient_summary_form(drawn: Iterable[str] = ()) -> Context:
    """The sidebar of a page that shows the patient as a summary: what was entered (read from
    this tab's kept values, exactly as the full form reads them), a link to the form, the
    fields in ``drawn`` (widget keys) to change here, and the audience choice."""
    with st.sidebar:
        box = st.container()
    kept = Kept(drawn)
    ctx = patient_form(st.sidebar, ui=kept)
    elsewhere = {name: message for name, message in ctx.errors.items() if name not in kept.drawn_fields}
    with box:
        st.markdown("**Patient**, as entered (kept only while this tab stays open):\n\n" + _summary(ctx.patient, elsewhere))
        st.page_link(nav.link("assessment"), label="Change the patient on Assessment")
    return ctx


CONTEXT_KEY = "_context"
# Pages whose answer depends on the patient: the form sits beside the answer in the main area
# (on a phone, above it), where its errors are seen; elsewhere it waits in the sidebar.
BEDSIDE_PAGES = ("", "pain")  # "" is the default page (assessment)
# Pages whose language the audience changes: read by a patient or carer, they show no clinician form.
PATIENT_PAGES = ("education", "prognosis")


def draw(url_path: str) -> tuple[Context, DeltaGenerator]:
    """app.py draws the patient form for the page it is about to run (always from app.py, so
    each field keeps one identity, and its value, on every page); returns the context and
    the container the page is drawn in."""
    if url_path in PATIENT_PAGES and st.session_state.get("audience") == "patient":
        return patient_reader_form(), st.container()
    if url_path in SUMMARY_PAGES:
        return patient_summary_form(SUMMARY_PAGES[url_path]), st.container()
    if url_path not in BEDSIDE_PAGES:
        return patient_form(), st.container()
    # Keyed for the style sheet: on a phone the pain page shows its doses above the form.
    form, answer = st.container(key=f"bedside-{url_path or 'assessment'}").columns([1, 2], gap="medium")
    return patient_form(form.container(border=True, key="patient-form")), answer


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


def disclaimer(ctx: Context | None = None, extra: str = "") -> None:
    """The disclaimer and content version, drawn above every page (before it can stop);
    ``extra`` (plain text) follows on the same line.

    Patients and carers get a notice written for them instead of the clinician disclaimer.
    """
    if ctx is not None and ctx.audience == "patient":
        st.info(bipn.PATIENT_NOTICE)
        st.caption(f"Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}.")
        return
    st.caption(f"{bipn.DISCLAIMER} Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}." + (f" {render.plain(extra)}" if extra else ""))
