"""Pain management: doses for this patient first, then both positions with their sources."""

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
plan = bipn.pain_plan(ctx.patient)


def option_markdown(o: bipn.AnalgesicOption) -> str:
    """One agent's basis as a single block: band, alerts, reasons to avoid, cautions, steps, sources."""
    parts = [f"**Label band:** {render.plain(o.band)}"] if o.band else []
    if o.start:
        parts.append(f"**Start and titration:** {render.plain(o.start)}")
    parts.append(f"**Guidelines (ASCO 2020, ESMO 2020):** {render.plain(o.guideline_line)}")
    parts.append(f"**Source article (not confirmed by a guideline):** {render.plain(o.article_line)}")
    parts += [f"**{a.severity.word}:** {render.plain(a.summary)}" for a in o.alerts]
    shown = {f"{a.severity.word}: {a.summary}" for a in o.alerts}
    parts += [f"**{render.plain(reason)}**" for reason in o.avoid_reasons if reason not in shown]
    parts += [f"Caution: {render.plain(c)}" for c in o.cautions if c not in shown and c not in o.avoid_reasons]
    if o.audit:
        parts.append("**How this was reached**\n\n" + "\n".join(f"1. {render.plain(step)}" for step in o.audit))
    parts.append("**Sources**\n\n" + render.sources_markdown(o.sources))
    return "\n\n".join(parts)


ROW_PX, HEADER_PX = 90, 36
# Column widths (px) and what a line of a cell holds at the table's font (about 6.5 px a
# character, 18.5 px a line): a row is as tall as its longest dose or start text needs, so
# the post-haemodialysis supplement at the end of a dose line is never cut off.
WIDTHS = {"Agent": 110, "Daily dose for this patient": 215, "Start and titration": 355, "Level": 80}  # agent and dose fit a phone
CHAR_PX, LINE_PX, PAD_PX = 6.5, 18.5, 18


def row_px(plan: bipn.PainPlan) -> int:
    def lines(text: str, column: str) -> int:
        return -(-len(text) * 11 // (10 * int(WIDTHS[column] / CHAR_PX)))  # a tenth more for the word breaks

    need = max(max(lines(o.dose_text, "Daily dose for this patient"), lines(o.start, "Start and titration")) for o in plan.options)
    return max(ROW_PX, round(need * LINE_PX + PAD_PX))


def show_doses(plan: bipn.PainPlan) -> None:
    render.cards(plan.top_alerts)  # with them, the medicines not checked for interactions
    st.dataframe(
        [
            {
                "Agent": o.display,
                "Daily dose for this patient": o.dose_text,
                "Start and titration": o.start or "—",
                "Level": o.level.word if o.level else "",
            }
            for o in plan.options
        ],
        hide_index=True,
        width="stretch",
        # Rows as tall as the longest text needs (row_px), every row shown: the cells wrap their
        # text instead of cutting it off (each agent's full text is also in its expander below).
        # Only what is acted on, so it fits a ward PC's width with no sideways scrolling; what
        # the guidelines and the source article say is in each agent's box and side by side below.
        row_height=(row := row_px(plan)),
        height=HEADER_PX + row * len(plan.options) + 3,
        column_config={name: st.column_config.TextColumn(width=px) for name, px in WIDTHS.items()},
    )
    st.caption("Each agent's box below gives its basis, what the guidelines and the source article say, and the sources.")
    for o in plan.options:
        if (box := render.opened(f"{o.display}: {o.dose_text}", f"agent-{o.agent}")) is not None:
            box.markdown(option_markdown(o))
    if plan.on_hemodialysis:
        st.caption(f"For reference only, not used for doses on haemodialysis: {render.plain(plan.kidney.card.summary)}")
    else:
        render.card(plan.kidney.card)
    render.cards(plan.warnings)


st.subheader("Pain management")
if ctx.audience == "patient":
    st.info("This page is written for clinicians. Do not start or stop any medicine without your care team.")

st.subheader("Doses for this patient")
if plan.options is None:
    (st.error if plan.pending.problem else st.info)(render.plain(plan.pending.message_for(ctx.errors)))
    st.caption("The patient form is beside this page on a wide screen, and at its end on a phone.")
else:
    show_doses(plan)

st.subheader("Which agent first: the sources disagree")
render.card(plan.positions)
article, guidelines = st.columns(2)
agents = bipn.agents().values()
# Each position as one block (its heading, its list, and for the article its status): fewer
# elements to draw, the same reading order.
guidelines.markdown("#### Guidelines (ASCO 2020, ESMO 2020)\n\n" + "\n".join(f"- **{a.display}**: {a.guideline_line}" for a in agents))
article.markdown(
    "#### Source article\n\n" + "\n".join(f"- **{a.display}**: {a.article_line}" for a in agents if a.article_line != "Not named")
    + "\n\n:gray[Not confirmed by any guideline.]"
)

st.subheader("Supplements and interactions with bortezomib")
render.cards(c for c in plan.medication_alerts if c is not plan.unchecked_card)
render.grouped(plan.cautions, "basis-supplements")  # the same for everyone: one box, one basis

NON_DRUG = ("measure.menthol", "measure.capsaicin", "measure.exercise", "measure.acupuncture", "measure.cryotherapy", "measure.compression")
if (box := render.opened("Non-drug and topical measures: what the evidence says", "non-drug")) is not None:
    with box:
        render.checklist(bipn.rule_card(rule_id) for rule_id in NON_DRUG)
        st.caption("Each measure with its evidence level is in Evidence and questions (search, or the rules list).")
