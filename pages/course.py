"""Course: a cycle-by-cycle record, the nurse's pre-dose check, and the FHIR record to take along."""

from datetime import date
from functools import partial

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import bipn
import bipn.course as course_api
from bipn.course.chart import baseline_words, course_alt_text, course_panels
from bipn.clinical.findings import RED_FLAG_QUESTIONS
from ui import context, course_state, grades, render, state as kept

ctx = context.current()
LEVELS = [bipn.format_dose(level) for level in bipn.dose_levels()]

st.header("Course across cycles")
st.caption(
    "Kept only in this browser tab; nothing is saved on the server. Download the course as a FHIR file "
    "to keep it, and import the same file to continue at the next cycle."
)
if ctx.audience == "patient":
    st.info("This page is written for clinicians and nurses.")

notice = course_state.take_notice()
if notice:
    render.message(*notice)


def number_text(label: str, key: str, where: DeltaGenerator) -> str:
    # Typed as text and read by bipn.parse_number when the form is sent: st.number_input would
    # read "37,2" as 372 (policy: a decimal comma is read as a decimal or refused, never as more).
    return where.text_input(label, key=key, placeholder="Not entered", max_chars=20)


# ---- continue a course -------------------------------------------------------------------------

# Open on an empty course, and while a file is in the uploader: an import does not fold away
# the box that says what it took.
with st.expander("Continue a course: import its FHIR file", expanded=not course_state.get().course.visits or st.session_state.get("course_upload") is not None):
    uploaded = st.file_uploader(
        "Course file (FHIR JSON, exported from this page)", type=["json"], key="course_upload", max_upload_size=10,
    )
    st.caption("Read in this tab only, never stored. A file that is not this app's course is refused, and the course on screen is kept.")
    if uploaded is not None:
        course_state.import_file(uploaded.file_id, uploaded.getvalue())
        notice = course_state.take_notice()
        if notice:
            render.message(*notice)

state = course_state.get()
course = state.course

# ---- baseline ----------------------------------------------------------------------------------

st.subheader("Baseline (before treatment)")
if course.baseline is not None:
    b = course.baseline
    st.text(f"Recorded: sensory Grade {b.sensory_grade}, motor Grade {b.motor_grade}" + (", neuropathic pain" if b.neuropathic_pain else "") + f" (CTCAE v{b.ctcae_version})")
with st.expander("Record the baseline" if course.baseline is None else "Change the baseline", expanded=course.baseline is None and not course.visits):
    b_version = grades.version_choice("bl_ctcae")
    bc = bipn.ctcae(b_version)
    with st.form("baseline"):
        left, right = st.columns(2)
        b_sensory = grades.grade_choice(f"Sensory grade before treatment ({bc.version})", bc.sensory, "bl_sensory", left, in_form=True)
        b_motor = grades.grade_choice(f"Motor grade before treatment ({bc.version})", bc.motor, "bl_motor", right, in_form=True)
        b_pain = st.checkbox("Neuropathic pain before treatment", key="bl_pain")
        if st.form_submit_button("Record baseline"):
            if b_sensory is None or b_motor is None:
                st.error("Choose the sensory and the motor grade (Grade 0 if there is none).")
            else:
                try:
                    course_state.set_baseline(bipn.Findings(sensory_grade=b_sensory, motor_grade=b_motor, neuropathic_pain=b_pain, ctcae_version=b_version))
                    st.rerun()
                except bipn.InputError as exc:
                    render.message("error", str(exc))

# ---- record a visit ----------------------------------------------------------------------------

st.subheader("Record a visit")
with_check = st.toggle("Nurse pre-dose check before an injection (HL7 Belgium BortezomibV1)", value=True, key="cv_with_check")
# The visit form's own keys start "cv_v_": emptied after each recorded visit, so a new visit
# never carries the last one's vital signs, nurse or dose.
kept.apply_reset({"cv_v_date": date.today(), "cv_v_team": "not called", "cv_v_dose_given": "none"})
# The dose state's dose is marked "proposed" among the choices, never chosen for the nurse.
dose_state = course_api.dose_state(course, ctx.patient.schedule)
proposed = dose_state.proposed_dose(ctx.patient.dose_mg_m2)
proposed = bipn.format_dose(proposed) if proposed is not None else None
v_version = grades.version_choice("cv_ctcae")  # outside the form: its wording changes the grade controls
vc = bipn.ctcae(v_version)
with st.form("visit"):
    on = st.date_input("Visit date", value=date.today(), key="cv_v_date", format="YYYY-MM-DD")
    left, right = st.columns(2)
    sensory = grades.grade_choice(f"Sensory neuropathy grade ({vc.version})", vc.sensory, "cv_v_sensory", left, in_form=True)
    motor = grades.grade_choice(f"Motor neuropathy grade ({vc.version})", vc.motor, "cv_v_motor", right, in_form=True)
    pain = left.checkbox("Neuropathic pain", key="cv_v_pain")
    autonomic = right.checkbox("Severe autonomic neuropathy", key="cv_v_autonomic")
    with st.expander("Severe autonomic neuropathy: the clinician's confirmation"):
        st.caption("Only with 'Severe autonomic neuropathy' ticked: who confirms it is severe and that other causes were considered.")
        auto_by = st.text_input("Confirmed by (clinician)", key="cv_v_auto_by", max_chars=200)
        auto_what = st.text_input("What was confirmed", key="cv_v_auto_what", max_chars=200)
    # As on Assessment: the box's title names the flags; any one ticked opens it on the next run.
    flagged = any(st.session_state.get(f"cv_v_flag_{name}") for name in RED_FLAG_QUESTIONS)
    with st.expander("Red flags (any one: same-day medical assessment): weakness, back pain, bladder or bowel, atypical pattern", expanded=flagged):
        flags = {name: st.checkbox(text, key=f"cv_v_flag_{name}") for name, text in RED_FLAG_QUESTIONS.items()}

    check_values: dict[str, object] = {}
    if with_check:
        st.markdown("**Pre-dose check** (HL7 Belgium BortezomibV1)")
        # One row that wraps on a phone (one element, not a grid of columns).
        row = st.container(horizontal=True, key="vitals", gap="small")
        for item in course_api.vitals():
            check_values[item["field"]] = number_text(item["text"], f"cv_v_{item['field']}", row)
        # Right after the readings: Tab goes from the last reading to the nurse's name.
        nurse = st.text_input("Checked by (nurse)", key="cv_v_nurse", max_chars=200)
        st.caption("Contraindications to giving it today: tick each that applies.")
        for item in course_api.contraindications():
            # The item's number in the label, not in a (?) icon: a tap on an icon inside a label ticks the box.
            check_values[item["field"]] = st.checkbox(f"{item['text']} ({item['link_id'].split('_')[0]})", key=f"cv_v_item_{item['field']}")
        team = st.radio(
            "Decision after calling the hospital (only if you called)", ["not called", "give", "do_not_give"], horizontal=True, key="cv_v_team",
            format_func={"not called": "No call", "give": "Give", "do_not_give": "Do not give"}.get,
        )
        rechecked = st.checkbox(
            "I answered the items again against today's readings (after a prompt to re-check)", key="cv_v_rechecked",
        )
        # A row of choices, one tap each (a select opened only on its arrow, review defect 22).
        planned = st.radio(
            "Dose to be given (mg/m²)", LEVELS, index=None, key="cv_v_planned", horizontal=True,
            format_func=lambda level: f"{level} (proposed)" if level == proposed else level,
        )
        if proposed in LEVELS:
            st.caption(f"Proposed: {proposed} mg/m², from the dose state above (before the first dose, the patient's current dose). Tap it, or another if today's plan differs.")
        dose_given = None
    else:
        planned = None
        nurse, team, rechecked = "", "not called", False
        dose_given = st.selectbox("Dose given at this visit (mg/m²)", ["none", *LEVELS], key="cv_v_dose_given")

    res_by = res_what = ""
    if dose_state.kind is course_api.Kind.ON_HOLD:  # a resolution ends a hold and nothing else (bipn.rules.dose_state)
        st.markdown("**Restart after the withhold** (only when you judge the toxicity has resolved)")
        res_by = st.text_input("Resolution confirmed by (clinician)", key="cv_v_res_by", max_chars=200)
        res_what = st.text_input("What 'resolved' meant (back to baseline, or Grade 1 or better)", key="cv_v_res_what", max_chars=200)
    submitted = st.form_submit_button("Check this visit")

if submitted:
    problems = []
    if sensory is None or motor is None:
        problems.append("Choose the sensory and the motor grade (Grade 0 if there is none).")
    if with_check:
        for item in course_api.vitals():
            try:
                check_values[item["field"]] = bipn.parse_number(item["field"], check_values[item["field"]])
            except bipn.InputError as exc:
                check_values[item["field"]] = None
                problems.append(f"{item['text']}: {exc}")
                continue
            if check_values[item["field"]] is None:
                problems.append(f"Enter {item['text'][0].lower()}{item['text'][1:]}: BortezomibV1 asks for it.")
        if planned is None:
            problems.append("Choose the dose to be given.")
        if kept.record_lost():
            problems.append(
                "No pre-dose answer from a partial record: this tab's course was lost with a server. "
                "Import the course's FHIR file first (or start the record anew at the top of the page)."
            )
    for p in problems:
        render.message("error", p)
    if problems:
        course_state.set_pending(None)  # never leave an earlier check on screen to be recorded by mistake
    else:
        try:
            extra = dict(flags)
            if auto_by.strip() or auto_what.strip():
                extra["autonomic_confirmation"] = bipn.Confirmation(auto_by, auto_what)
            findings = bipn.Findings(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, severe_autonomic=autonomic, ctcae_version=v_version, **extra)
            resolution = bipn.Confirmation(res_by, res_what) if (res_by.strip() or res_what.strip()) else None
            answer = None
            if with_check:
                check = course_api.PreDoseCheck(
                    **check_values, checked_by=nurse if nurse.strip() else None, team_decision=None if team == "not called" else team,
                    readings_rechecked=rechecked,
                )
                answer = course_api.pre_dose_answer(
                    check, findings, planned_dose_mg_m2=float(planned), course=course, on=on, patient=ctx.patient, resolution=resolution,
                )
                given = answer.recorded_dose_mg_m2(check.team_decision)
                action = answer.dose.action if answer.dose else None
                headline = answer.headline
            else:
                check = None
                plan = bipn.bedside_plan(ctx.patient, findings, course, on, resolution)
                action, headline = plan.dose.action, plan.headline
                given = None if dose_given == "none" else float(dose_given)
                schedule = plan.record.schedule
            if with_check:
                schedule = answer.schedule
            visit = course_api.Visit(
                on=on, findings=findings, dose_given_mg_m2=given, action=action, resolution=resolution, pre_dose=check,
                schedule=(schedule or ctx.patient.schedule) if given is not None else None,
                product=ctx.patient.product if given is not None else None,
            )
            if course.visits and on < course.visits[-1].on:
                raise bipn.InputError("on", f"The visit date {on.isoformat()} is before the last recorded visit ({course.visits[-1].on.isoformat()}).")
            course_state.set_pending(course_state.Pending(visit=visit, answer=answer, headline=headline))
        except bipn.InputError as exc:
            course_state.set_pending(None)
            render.message("error", str(exc))

pending = course_state.get().pending
if pending is not None:
    with st.container(key="predose-answer", border=True):
        if pending.answer is not None:
            a = pending.answer
            (st.success if a.give else st.error)(f"**{a.headline}**")
            render.cards(a.reasons)
            render.cards(a.prompts)
            decision = pending.visit.pre_dose.team_decision if pending.visit.pre_dose else None
            if decision == "give" and not a.give:
                st.warning("Recorded as given after the call to the hospital team (their decision).")
            elif decision == "do_not_give" and a.give:
                st.warning("Recorded as not given after the call to the hospital team (their decision).")
        else:
            st.info(f"Dose rules for this visit: **{pending.headline}**")
        v = pending.visit
        st.text(
            f"To record: {v.on.isoformat()}, sensory Grade {v.findings.sensory_grade}, motor Grade {v.findings.motor_grade} (CTCAE v{v.findings.ctcae_version}), "
            + (f"{bipn.format_dose(v.dose_given_mg_m2)} mg/m² given" if v.dose_given_mg_m2 is not None
               else "no dose given (held by the pre-dose check)" if pending.answer is not None and not pending.answer.give else "no dose given")
            + (f", action: {v.action.value}" if v.action else "")
        )
        if st.button("Record this visit in the course", key="cv_record", type="primary"):
            course_state.record_pending()
            kept.reset_next_run("cv_v_")
            st.rerun()

# ---- the course --------------------------------------------------------------------------------

course = course_state.get().course
st.subheader("The course")
if not course.visits:
    st.info("No visit recorded yet.")
else:
    review = course_api.review(course, max(date.today(), course.visits[-1].on))
    with st.container(key="course-view"):
        grade_panel, dose_panel = course_panels(course, "dark" if st.context.theme.type == "dark" else "light")
        st.altair_chart(grade_panel, alt=course_alt_text(course), width="stretch")
        st.altair_chart(dose_panel, alt="The bortezomib dose given at each visit, as in the table below.", width="stretch")
        st.caption(
            "Grades: NCI CTCAE as recorded at each visit, each with its version (sensory: blue circles, solid line; motor: orange "
            f"squares, dashed). {baseline_words(course)}. Dose: as given at each visit; a cross marks a visit with no dose given. "
            "The same numbers are in the table below."
        )
        frame = course_api.course_frame(course)
        frame["flags"] = [" | ".join(card.summary for card in cards) for cards in review.per_visit]
        shown = frame.drop(columns=["dose_given_mg_m2"]).rename(columns={
            "visit": "Visit", "date": "Date", "sensory_grade": "Sensory grade", "motor_grade": "Motor grade", "ctcae_version": "CTCAE", "product": "Product",
            "neuropathic_pain": "Neuropathic pain", "dose_text": "Dose given", "action": "Action", "pre_dose_check": "Pre-dose check", "flags": "Flags",
        })
        st.dataframe(shown, hide_index=True, width="stretch")
        m1, m2 = st.columns(2)
        m1.metric("Visits", len(course.visits))
        if review.days_since_change is not None:
            m2.metric("Days since the last dose change", review.days_since_change)
        render.cards(review.current)

    st.subheader("Note for the record")
    if st.toggle("Show the course note", key="cv_show_note"):
        st.caption("Copy this into the medical record (copy button at the top right of the box).")
        decision = pending.headline if pending is not None else None
        st.code(course_api.course_note(course, max(date.today(), course.visits[-1].on), decision=decision), language=None, wrap_lines=True)

st.subheader("Take the course along")
if not (course.visits or course.baseline):
    st.caption("Once a baseline or a visit is recorded, the course downloads here as a FHIR file (to import at the next cycle) and as a one-page PDF summary.")
else:
    st.download_button(
        "Download the course (FHIR R4 JSON)", partial(course_api.to_json, course), file_name="bipn-course.fhir.json",
        mime="application/fhir+json", on_click="ignore", key="cv_download",
    )
    exported = course_api.export_questionnaire()
    st.caption(
        "A FHIR R4 Bundle: an Observation per grade (NCI Thesaurus codes, with its CTCAE version), a MedicationStatement "
        "per dose and dose change with its reason and product, a QuestionnaireResponse per pre-dose check. The patient is "
        "not named in it: the hospital system links it to its patient. "
        f"Pre-dose checks are exported against {exported['title']} ({exported['canonical']}, English linkIds). "
        "An import also reads responses built on " + " and ".join(a["title"] for n, a in course_api.accepted_questionnaires().items() if n != exported["name"])
        + ", and BortezomibV1 with Dutch linkIds."
    )
    st.download_button(
        "Download a one-page summary for the next clinic (PDF)",
        partial(course_api.course_pdf, course, max([date.today(), *(v.on for v in course.visits)]),
                decision=pending.headline if pending is not None else None, product=ctx.patient.product),
        file_name="bipn-course-summary.pdf", mime="application/pdf", on_click="ignore", key="cv_pdf",
    )
if (box := render.opened("Which BortezomibV1 items are asked, and which are left out", "bortezomibv1-items")) is not None:
    with box:
        st.markdown("**Asked:** " + "; ".join(f"{i['link_id']} ({i['text']})" for i in (*course_api.vitals(), *course_api.contraindications())) + ".")
        st.table([{"Items": ", ".join(i["link_ids"]), "What": i["text"], "Why left out": i["why"]} for i in course_api.left_out_items()], hide_index=True)
        render.sources(course_api.questionnaire_citations())
if course.visits or course.baseline:
    with st.expander("Start a new course"):
        st.caption("Clears this tab's course. Download it first if you need it.")
        if st.button("Clear the course", key="cv_clear"):
            course_state.clear()
            st.rerun()
