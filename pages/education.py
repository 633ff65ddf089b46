"""Patient education: what to tell the patient, by audience, with a printable handout."""

from functools import partial

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
who = bipn.Audience(ctx.audience)
title, intro = bipn.handout_heading(who)

st.header("Patient education")
st.caption("Audience: " + ("clinician" if who is bipn.Audience.CLINICIAN else "patient or caregiver") + " (change it at the top of the sidebar).")

pdf_col, md_col = st.columns(2)
with pdf_col:
    st.download_button(
        "Download printable handout (PDF)",
        data=partial(bipn.handout_pdf, bipn.Audience.PATIENT),
        file_name="bortezomib-nerve-side-effects.pdf",
        mime="application/pdf",
        on_click="ignore",
        help="The patient handout in large print, made on this server. Print it for the patient.",
    )
with md_col:
    st.download_button(
        f"Download this {who.value} text (Markdown)",
        data=partial(bipn.handout, who),
        file_name=f"bipn-{who.value}.md",
        mime="text/markdown",
        on_click="ignore",
    )

st.subheader(title)
st.markdown(intro)
for section in bipn.sections(who):
    st.markdown(f"#### {section.title}")
    st.markdown(section.body)
    with st.expander("Sources" if who is bipn.Audience.CLINICIAN else "Where this comes from"):
        render.sources(section.citations)
