"""Assessment: grade the neuropathy, get the bortezomib dose action and the work-up."""

from datetime import date

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
c = bipn.ctcae()

st.header("Assessment and bortezomib dose")
if ctx.audience == "patient":
    st.info("This page is written for clinicians. The **Patient education** page has the same advice in plain words.")


def grade_box(label: str, term, key: str, where=st) -> int | None:
    return where.selectbox(label, range(5), index=None, format_func=lambda g: f"{g} — {term.grades[g]}", key=key, placeholder="Choose a grade")


def guided(nerve: bipn.Nerve, first_question: str) -> int | None:
    st.markdown(f"**{c.term(nerve).name}**")
    n = nerve.value
    answers = {
        "present": st.checkbox(first_question, key=f"q_{n}_present"),
        "limits_instrumental_adl": st.checkbox("Limits instrumental activities (meals, shopping, phone, money)", key=f"q_{n}_iadl"),
        "limits_self_care_adl": st.checkbox("Limits self-care (bathing, dressing, eating, toilet, medicines) or bedridden", key=f"q_{n}_sadl"),
        "life_threatening": st.checkbox("Life-threatening; urgent intervention needed", key=f"q_{n}_life"),
    }
    try:
        result = bipn.guided_grade(nerve, **answers)
    except bipn.InputError as exc:
        st.error(f"{exc}. Tick the first question, or untick the others.")
        return None
    st.success(f"Grade {result.grade}")
    st.caption(result.steps[0])
    return result.grade


@st.fragment
def assessment(ctx: context.Context) -> None:
    """Grading and everything that follows from it. A fragment: changing a grade reruns only
    this part, not the router and its patient sidebar, so the dose action answers faster."""
    mode = st.radio("How do you want to grade?", ("Grade directly", "Guided questions"), horizontal=True, key="grade_mode")
    left, right = st.columns(2)
    if mode == "Grade directly":
        sensory = grade_box("Sensory neuropathy grade (CTCAE v5.0)", c.sensory, "g_sensory", left)
        motor = grade_box("Motor neuropathy grade (CTCAE v5.0)", c.motor, "g_motor", right)
    else:
        st.caption(f"Instrumental ADL: {c.instrumental_adl} Self-care ADL: {c.self_care_adl}")
        with left:
            sensory = guided(bipn.Nerve.SENSORY, "Numbness, tingling, burning or loss of feeling, or signs such as lost ankle reflexes")
        with right:
            motor = guided(bipn.Nerve.MOTOR, "Weakness, or signs of motor nerve damage on examination")
        if st.checkbox("Override the guided grade", key="g_override"):
            sensory = grade_box("Sensory grade to use", c.sensory, "g_sensory_override", left)
            motor = grade_box("Motor grade to use", c.motor, "g_motor_override", right)

    pain = st.checkbox("Neuropathic pain", key="g_pain", help="Burning, shooting or electric pain from the neuropathy.")
    autonomic = st.checkbox(
        "Severe autonomic neuropathy", key="g_autonomic", help="For example fainting on standing, severe constipation or urinary retention."
    )

    plan = None
    if sensory is None or motor is None:
        st.info("Choose the sensory and the motor grade (Grade 0 if there is none) to get the dose action.")
    else:
        try:
            findings = bipn.Findings(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, severe_autonomic=autonomic)
            plan = bipn.bedside_plan(ctx.patient, findings)
        except bipn.InputError as exc:
            st.error(str(exc))

    if plan is not None:
        dose = plan.dose
        with st.container(key="dose-action", border=True):
            st.subheader("Dose action")
            st.markdown(f"### {dose.headline}")
            render.card(dose.card)
            if dose.action in (bipn.Action.CONTINUE, bipn.Action.REDUCE) and dose.next_dose_mg_m2 is not None:
                a, b, m = st.columns(3)
                a.metric("Next dose", f"{bipn.format_dose(dose.next_dose_mg_m2)} mg/m²")
                if plan.amount:
                    b.metric("Next dose for this patient", plan.amount.dose_mg_text)
                    m.metric("Injection volume", plan.amount.volume_ml_text)
            if plan.amount:
                render.working(plan.amount.cards, "How the dose and volume were worked out")
            for pending in plan.pending:
                if pending is not plan.pain.pending:  # shown on the pain page
                    (st.error if pending.problem else st.info)(pending.message)
            if dose.restart_needs_confirmation:
                with st.form("restart"):
                    st.markdown("**Restart after a withhold**: only when you judge the toxicity has resolved.")
                    who = st.text_input("Confirmed by (clinician)")
                    what = st.text_input("What 'resolved' meant (e.g. back to baseline, Grade 1 or better)")
                    confirmed = st.checkbox("I confirm the toxicity has resolved")
                    submitted = st.form_submit_button("Record resolution")
                if submitted and not confirmed:
                    st.error("Tick 'I confirm the toxicity has resolved' to record a restart.")
                elif submitted:
                    try:
                        restart = bipn.restart_plan(plan, confirmed_by=who, resolution=what)
                    except bipn.InputError as exc:
                        st.error(str(exc))
                    else:
                        render.card(restart.card)
                        if restart.amount:
                            render.working(restart.amount.cards, "Restart dose and volume")
                        if restart.pending:
                            (st.error if restart.pending.problem else st.info)(restart.pending.message)

        st.subheader("Route, schedule, kidneys and liver")
        render.cards(plan.advice)
        if plan.pain.medication_alerts:
            st.subheader("Medicines this patient takes")
            render.cards(plan.pain.medication_alerts)
        render.working([plan.grading], f"Grades recorded: {plan.grading.summary}")

        with st.expander("Work-up: other causes to check"):
            render.checklist(plan.workup)
        with st.expander("Monitoring plan"):
            render.checklist(plan.monitoring)

        st.subheader("Note for the record")
        # Drawn on request: a long code block on every grade change slows the dose action down.
        if st.toggle("Show the note for the record", key="show_note"):
            st.caption("Copy this into the medical record (copy button at the top right of the box).")
            st.code(plan.as_note(date.today()), language=None, wrap_lines=True)


assessment(ctx)
