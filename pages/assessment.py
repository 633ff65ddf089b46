"""Assessment: grade the neuropathy, get the bortezomib dose action and the work-up."""

from datetime import date

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
patient = ctx.patient
c = bipn.ctcae()

st.header("Assessment and bortezomib dose")
if ctx.audience == "patient":
    st.info("This page is written for clinicians. The **Patient education** page has the same advice in plain words.")


def grade_label(term):
    return lambda g: f"{g} — {term.grades[g]}"


mode = st.radio("How do you want to grade?", ("Grade directly", "Guided questions"), horizontal=True, key="grade_mode")
left, right = st.columns(2)
if mode == "Grade directly":
    with left:
        sensory = st.selectbox("Sensory neuropathy grade (CTCAE v5.0)", range(5), format_func=grade_label(c.sensory), key="g_sensory")
    with right:
        motor = st.selectbox("Motor neuropathy grade (CTCAE v5.0)", range(5), format_func=grade_label(c.motor), key="g_motor")
else:
    st.caption(f"Instrumental ADL: {c.instrumental_adl} Self-care ADL: {c.self_care_adl}")
    guided = {}
    for col, nerve, what in ((left, bipn.Nerve.SENSORY, "Numbness, tingling, burning or loss of feeling, or signs such as lost ankle reflexes"),
                             (right, bipn.Nerve.MOTOR, "Weakness, or signs of motor nerve damage on examination")):
        with col:
            st.markdown(f"**{c.term(nerve).name}**")
            answers = {
                "present": st.checkbox(what, key=f"q_{nerve.value}_present"),
                "limits_instrumental_adl": st.checkbox("Limits instrumental activities (meals, shopping, phone, money)", key=f"q_{nerve.value}_iadl"),
                "limits_self_care_adl": st.checkbox("Limits self-care (bathing, dressing, eating, toilet, medicines) or bedridden", key=f"q_{nerve.value}_sadl"),
                "life_threatening": st.checkbox("Life-threatening; urgent intervention needed", key=f"q_{nerve.value}_life"),
            }
            try:
                result = bipn.guided_grade(nerve, **answers)
            except bipn.InputError as exc:
                st.error(f"{exc} Tick the first question, or untick the others.")
                result = None
            if result:
                st.success(f"Grade {result.grade}")
                st.caption(result.steps[0])
            guided[nerve] = result
    override = st.checkbox("Override the guided grade", key="g_override")
    if override:
        sensory = left.selectbox("Sensory grade to use", range(5), format_func=grade_label(c.sensory), key="g_sensory_override")
        motor = right.selectbox("Motor grade to use", range(5), format_func=grade_label(c.motor), key="g_motor_override")
    else:
        sensory = guided[bipn.Nerve.SENSORY].grade if guided[bipn.Nerve.SENSORY] else None
        motor = guided[bipn.Nerve.MOTOR].grade if guided[bipn.Nerve.MOTOR] else None

pain = st.checkbox("Neuropathic pain", key="g_pain", help="Burning, shooting or electric pain from the neuropathy.")
autonomic = st.checkbox(
    "Severe autonomic neuropathy", key="g_autonomic", help="For example fainting on standing, severe constipation or urinary retention."
)

plan = None
if sensory is None or motor is None:
    st.warning("Answer the guided questions consistently to get a grade.")
else:
    try:
        findings = bipn.Findings(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, severe_autonomic=autonomic)
        plan = bipn.bedside_plan(patient, findings)
    except bipn.InputError as exc:
        st.error(str(exc))

if plan is not None:
    with st.container(key="dose-action", border=True):
        st.subheader("Dose action")
        if plan.dose is None:
            st.info("Choose the **current bortezomib dose** in the sidebar to get the dose action.")
        else:
            action = plan.dose.action.value.capitalize()
            st.markdown(f"### {action}")
            render.card(plan.dose.card)
            if plan.dose.next_dose_mg_m2 is not None and plan.dose.action in (bipn.Action.CONTINUE, bipn.Action.REDUCE):
                st.metric("Next dose", f"{plan.dose.next_dose_mg_m2:.1f} mg/m²")
            if plan.amount:
                a, b = st.columns(2)
                a.metric("Next dose for this patient", f"{plan.amount.dose_mg:.2f} mg")
                b.metric("Injection volume", f"{plan.amount.volume_ml:.2f} mL")
                render.cards(plan.amount.cards)
            for need_what, fields in plan.waiting_for.items():
                if need_what == "dose in mg and volume":
                    st.info(f"For the {need_what}, enter in the sidebar: {', '.join(f.replace('_', ' ') for f in fields)}.")
            if plan.dose.restart_needs_confirmation:
                with st.form("restart"):
                    st.markdown("**Restart after a withhold** — only when you judge the toxicity has resolved.")
                    who = st.text_input("Confirmed by (clinician)")
                    what = st.text_input("What 'resolved' meant (e.g. back to baseline, Grade 1 or better)")
                    confirmed = st.checkbox("I confirm the toxicity has resolved")
                    submitted = st.form_submit_button("Record resolution")
                if submitted:
                    if not confirmed:
                        st.error("Tick 'I confirm the toxicity has resolved' to record a restart.")
                    else:
                        try:
                            render.card(bipn.restart_after_withhold(confirmed_by=who, resolution=what))
                        except bipn.InputError as exc:
                            st.error(str(exc))
                        else:
                            if plan.patient.bsa_m2 and plan.patient.route and plan.patient.product:
                                restart = bipn.dose_amount(
                                    dose_mg_m2=plan.dose.next_dose_mg_m2,
                                    bsa_m2=plan.patient.bsa_m2,
                                    product=plan.patient.product,
                                    route=plan.patient.route,
                                    concentration_mg_ml=plan.patient.concentration_mg_ml,
                                )
                                render.cards(restart.cards)

    st.subheader("Route, schedule, kidneys and liver")
    render.cards(plan.advice)
    if plan.medication_alerts:
        st.subheader("Medicines this patient takes")
        render.cards(plan.medication_alerts)
    render.card(plan.grading)

    with st.expander("Work-up: other causes to check"):
        render.cards(plan.workup)
    with st.expander("Monitoring plan"):
        render.cards(plan.monitoring)

    st.subheader("Note for the record")
    st.caption("Copy this into the medical record (copy button at the top right of the box).")
    st.code(plan.as_note(date.today()), language=None, wrap_lines=True)
