"""Assessment: grade the neuropathy, see red flags, get the bortezomib dose action and the work-up."""

from datetime import date, datetime

import streamlit as st

import bipn
import bipn.course as course_api
from ui import context, course_state, grades, nav, render, state

ctx = context.current()
c = bipn.ctcae()

RED_FLAGS = bipn.clinical.findings.RED_FLAG_QUESTIONS
NEXT_STEPS = (("Pain management", "pain"), ("Patient education", "education"), ("Evidence", "evidence"))
AUTONOMIC_CAUSES = "dehydration, antihypertensives, opioids, hypercalcaemia, AL amyloidosis, diabetes"


def guided(nerve: bipn.Nerve, first_question: str, version: str = "5.0") -> int | None:
    st.markdown(f"**{c.term(nerve).name}**")
    n = nerve.value
    answers = {
        "present": st.checkbox(first_question, key=f"q_{n}_present"),
        "limits_instrumental_adl": st.checkbox("Limits instrumental activities (meals, shopping, phone, money)", key=f"q_{n}_iadl"),
        "limits_self_care_adl": st.checkbox("Limits self-care (bathing, dressing, eating, toilet, medicines) or bedridden", key=f"q_{n}_sadl"),
        "life_threatening": st.checkbox("Life-threatening; urgent intervention needed", key=f"q_{n}_life"),
    }
    try:
        result = bipn.guided_grade(nerve, **answers, version=version)
    except bipn.InputError as exc:
        render.error(f"{exc}. Tick the first question, or untick the others.")
        return None
    st.success(f"Grade {result.grade}")
    st.caption(result.steps[0])
    return result.grade


def confirmation_form(key: str, intro: str, what_label: str, tick: str, button: str) -> bipn.Confirmation | None:
    """A named clinician records what they confirmed; the value is kept until cleared."""
    with st.form(key):
        st.markdown(intro)
        who = st.text_input("Confirmed by (clinician)", key=f"{key}_who")
        what = st.text_input(what_label, key=f"{key}_what")
        ticked = st.checkbox(tick, key=f"{key}_tick")
        submitted = st.form_submit_button(button)
    if not submitted:
        return None
    if not ticked:
        st.error(f"Tick '{tick}' to record it.")
        return None
    try:
        return bipn.Confirmation(by=who, what=what)
    except bipn.InputError as exc:
        render.error(str(exc).replace("confirmed_by", "Confirmed by").replace("what ", f"{what_label} ", 1))
        return None


def recorded(name: str, label: str) -> bipn.Confirmation | None:
    """Show a kept record as plain text with a button to clear it."""
    rec = state.record(name)
    if rec is None:
        return None
    st.success(f"**{label}** (kept until you clear it)")
    st.text(f"Confirmed by: {rec.confirmation.by}\nOn: {rec.at:%Y-%m-%d %H:%M}\nWhat was confirmed: {rec.confirmation.what}")
    if st.button(f"Clear: {label.lower()}", key=f"clear_{name}"):
        state.clear_record(name)
        st.rerun()
    return rec.confirmation


def pain_summary(plan: bipn.BedsidePlan) -> None:
    """The first analgesic for this patient in each position, with its start and its dose."""
    if plan.analgesics is None:
        (st.error if plan.pain.pending.problem else st.info)(render.plain(plan.pain.pending.message_for(ctx.errors)))
        return
    render.cards(plan.pain.answer_alerts)
    lines = []
    for position, o in plan.pain.first_in_position:
        start = f" Titration: {o.start}" if o.start else ""
        lines.append(f"- **{position}: {o.display}**, {render.plain(o.dose_text)}.{render.plain(start)}")
    st.markdown("**Pain, first agent for this patient (the sources disagree; both shown):**\n" + "\n".join(lines))


def record_part(plan: bipn.BedsidePlan, findings: bipn.Findings, today: date) -> None:
    """What the clinician records in this tab's course from here: the withhold or
    discontinuation today's grades call for, and, while on hold, the resolution."""
    state_now = plan.state
    notice = course_state.take_notice()
    if notice:
        render.message(*notice)
    if state_now.kind is course_api.Kind.ON_HOLD:
        new = confirmation_form(
            "restart",
            "**Restart after the withhold**: only when you judge the toxicity has resolved "
            "(back to the patient's baseline, or Grade 1 or better, and no neuropathic pain). "
            "Today's grades above are checked against it.",
            "What 'resolved' meant (e.g. back to baseline, Grade 1 or better)",
            "I confirm the toxicity has resolved",
            "Record resolution",
        )
        if new is not None:
            resolution = bipn.Confirmation(new.by, new.what, datetime.now().replace(second=0, microsecond=0))
            check = bipn.bedside_plan(plan.patient, findings, course_state.get().course, today, resolution)
            if check.gate is not None:
                render.error(check.gate.summary)
            else:
                course_state.add_visit(course_api.Visit(on=today, findings=findings, resolution=resolution),
                                       f"Resolution recorded for {today.isoformat()}: the restart is in the course.")
                st.rerun()
    elif state_now.kind is course_api.Kind.RESTART_RECORDED:
        c = state_now.confirmation
        st.text(f"Resolution recorded {c.when}: {c.what}")
    elif plan.dose.action in (bipn.Action.WITHHOLD, bipn.Action.DISCONTINUE) and state_now.kind is not course_api.Kind.DISCONTINUED:
        verb = plan.dose.action.value
        st.caption(f"Recording the {verb} puts the course on {'hold' if verb == 'withhold' else 'stop'}: every page, the note and the nurse's check then follow it.")
        if st.button(f"Record the {verb} in the course ({today.isoformat()})", key="assessment_stop_record", type="primary"):
            course_state.add_visit(course_api.Visit(on=today, findings=findings, action=plan.dose.action),
                                   f"{verb.capitalize()} recorded for {today.isoformat()}.")
            st.rerun()


@st.fragment
def assessment(ctx: context.Context) -> None:
    """Grading and everything that follows from it. A fragment: changing a grade reruns only
    this part, not the router and its patient form, so the dose action answers faster. A
    fragment run does not pass through app.py, so it keeps its own entries."""
    with state.kept_run():
        grade_and_answer(ctx)


def grade_and_answer(ctx: context.Context) -> None:
    # One row: how to grade, and with which CTCAE version (each option names its version), so
    # the answer stays above a ward PC's fold; a row that wraps, not two columns (fewer elements).
    how = which = st.container(horizontal=True, key="grade-how", gap="large", vertical_alignment="top")
    mode = how.radio("How do you want to grade?", ("Grade directly", "Guided questions"), horizontal=True, key="grade_mode", label_visibility="collapsed")
    version = grades.version_choice("g_ctcae", which, show_label=False)
    cv = bipn.ctcae(version)
    left, right = st.columns(2)
    if mode == "Grade directly":
        sensory = grades.grade_choice(f"Sensory neuropathy grade ({cv.version})", cv.sensory, "g_sensory", left)
        motor = grades.grade_choice(f"Motor neuropathy grade ({cv.version})", cv.motor, "g_motor", right)
    else:
        st.caption(f"Instrumental ADL: {cv.instrumental_adl} Self-care ADL: {cv.self_care_adl}")
        with left:
            sensory = guided(bipn.Nerve.SENSORY, "Numbness, tingling, burning or loss of feeling, or signs such as lost ankle reflexes", version)
        with right:
            motor = guided(bipn.Nerve.MOTOR, "Weakness, or signs of motor nerve damage on examination", version)
        if st.checkbox("Override the guided grade", key="g_override"):
            sensory = grades.grade_choice("Sensory grade to use", cv.sensory, "g_sensory_override", left)
            motor = grades.grade_choice("Motor grade to use", cv.motor, "g_motor_override", right)

    # Explanations sit below their control, never inside its label: a tap on a help icon
    # must not tick a box that changes the decision.
    left, right = st.columns(2)
    with left:
        pain = st.checkbox("Neuropathic pain", key="g_pain")
        st.caption("Burning, shooting or electric pain from the neuropathy.")
    with right:
        autonomic = st.checkbox("Severe autonomic neuropathy", key="g_autonomic")
        st.caption("For example fainting on standing, severe constipation or urinary retention.")
    with st.expander("Red flags: weakness, back pain, bladder or bowel, atypical pattern", expanded=any(st.session_state.get(f"rf_{k}") for k in RED_FLAGS)):
        flags = {name: st.checkbox(text, key=f"rf_{name}") for name, text in RED_FLAGS.items()}

    autonomic_record = None
    if autonomic:
        autonomic_record = recorded("autonomic_record", "Severe autonomic neuropathy confirmed")
        if autonomic_record is None:
            new = confirmation_form(
                "autonomic",
                f"**Discontinue only once confirmed.** Before stopping bortezomib, confirm the autonomic neuropathy is severe "
                f"and consider other causes: {AUTONOMIC_CAUSES}.",
                "Severity and other causes considered",
                "I confirm it is severe and the other causes were considered",
                "Record confirmation",
            )
            if new is not None:
                state.set_record("autonomic_record", new)
                st.rerun()

    plan = None
    course = course_state.get().course
    today = date.today()
    if sensory is None or motor is None:
        st.info("Choose the sensory and the motor grade (Grade 0 if there is none) to get the dose action.")
    else:
        try:
            findings = bipn.Findings(
                sensory_grade=sensory,
                motor_grade=motor,
                neuropathic_pain=pain,
                severe_autonomic=autonomic,
                autonomic_confirmation=autonomic_record if autonomic else None,
                **flags,
                ctcae_version=version,
            )
            plan = bipn.bedside_plan(ctx.patient, findings, course, today)
        except bipn.InputError as exc:
            render.error(str(exc))
    if plan is None:
        return

    render.cards(plan.red_flags)
    dose = plan.dose
    with st.container(key="dose-action", border=True):
        st.markdown(f"### {render.plain(plan.headline)}")
        st.caption(render.plain(f"Why: {plan.why} (VELCADE label table, {cv.version})"))
        if plan.dose_note:
            st.caption(plan.dose_note)
        # Why there is no mg dose (a body size to confirm, a liver dose to choose) stands with
        # the answer, above the mg/m², so it is in view with it, not at the end of the box.
        held = [p for p in plan.pending if p.problem and p.part == "dose in mg and injection volume"]
        for pending in held:
            st.warning(render.plain(pending.message_for(ctx.errors)))
        if plan.gate is None and plan.next_dose_mg_m2 is not None:
            a, b, m = st.columns(3)
            a.metric(f"Next dose{plan.schedule_text and f' ({plan.schedule_text.strip()})'}", f"{bipn.format_dose(plan.next_dose_mg_m2)} mg/m²")
            if plan.amount:
                b.metric("Next dose for this patient", plan.amount.dose_mg_text)
                if plan.amount.volume_ml is not None:
                    m.metric("Injection volume", plan.amount.volume_ml_text)
        if pain or plan.pain.top_alerts:
            pain_summary(plan)
        # Page links, not Markdown links: a Markdown link loads the page anew, a new session
        # that has forgotten the patient and the grades.
        with st.container(horizontal=True, key="next-steps", gap="small", vertical_alignment="center"):
            st.markdown("**Next:**", width="content")
            for label, path in NEXT_STEPS:
                st.page_link(nav.link(path), label=label, width="content")
        record_part(plan, findings, today)
        if plan.hepatic:
            render.card(plan.hepatic)
        render.cards(c for c in (plan.gate, plan.restart) if c is not None)
        render.cards(plan.record.cards if plan.record else ())
        render.card(dose.card)
        if plan.amount:
            render.working(plan.amount.cards, "How the dose and volume were worked out", "working-dose")
        render.cards(plan.checks)
        for pending in plan.pending:
            if pending is not plan.pain.pending and pending not in held:  # shown with the pain summary, or above
                (st.error if pending.problem else st.info)(render.plain(pending.message_for(ctx.errors)))

    st.subheader("Route, schedule, kidneys and liver")
    render.cards(plan.advice)
    # The alerts already shown with the answer (pain_summary) are not repeated here.
    shown_above = plan.pain.answer_alerts if (plan.findings.neuropathic_pain or plan.pain.top_alerts) else ()
    below = [c for c in plan.pain.medication_alerts if c not in shown_above]
    if below:
        st.subheader("Medicines this patient takes")
        render.cards(below)
    render.working([plan.grading], f"Grades recorded: {plan.grading.summary}", "working-grades")

    for title, key, items in (("Work-up: other causes to check", "workup", plan.workup), ("Monitoring plan", "monitoring", plan.monitoring)):
        if (box := render.opened(title, key)) is not None:
            with box:
                render.checklist(items)

    st.subheader("Note for the record")
    # Drawn on request: a long code block on every grade change slows the dose action down.
    if st.toggle("Show the note for the record", key="show_note"):
        st.caption("Copy this into the medical record (copy button at the top right of the box).")
        note = plan.as_note(today)
        rec = state.record("autonomic_record")
        if rec is not None and autonomic:
            note += f"\nSevere autonomic neuropathy {rec.text}."
        st.code(note, language=None, wrap_lines=True)


if ctx.audience == "patient":
    st.info("This page is written for clinicians. The **Patient education** page has the same advice in plain words.")
assessment(ctx)
