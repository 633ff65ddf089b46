"""Patient education: what to tell the patient, by audience, with a printable handout."""

from functools import partial

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
who = bipn.Audience(ctx.audience)
title, intro = bipn.handout_heading(who)
# The product and route from the patient record, when chosen: the handout names them.
medicine = {"product": ctx.patient.product, "route": ctx.patient.route}

st.header("Patient education")
if who is bipn.Audience.CLINICIAN:
    st.caption("Audience: clinician (change it under 'Which best describes you?' in the sidebar).")
else:
    st.caption("Audience: patient or caregiver (change it under 'Which best describes you?' in the sidebar).")

pdf_col, large_col, md_col = st.columns(3)
with pdf_col:
    st.download_button(
        "Download printable handout (PDF)",
        data=partial(bipn.handout_pdf, bipn.Audience.PATIENT, **medicine),
        file_name="bortezomib-nerve-side-effects.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="dl_handout",
    )
    st.caption("Patient sheet, 14 pt text. Write the ward's phone number and hours on it before you hand it over.")
with large_col:
    st.download_button(
        "Download large-print handout (PDF)",
        data=partial(bipn.handout_pdf, bipn.Audience.PATIENT, large_print=True, **medicine),
        file_name="bortezomib-nerve-side-effects-large-print.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="dl_handout_large",
    )
    st.caption("The same sheet in large print, 18 pt text.")
with md_col:
    st.download_button(
        f"Download this {who.value} text (Markdown)",
        data=partial(bipn.handout, who, **medicine),
        file_name=f"bipn-{who.value}.md",
        mime="text/markdown",
        on_click="ignore",
    )

st.subheader(title)
st.markdown(intro)
if line := bipn.medicine_line(**medicine):
    st.markdown(f"**{line}**")
for section in bipn.reading_order(who):
    st.markdown(f"#### {section.title}")
    if section.urgent:
        st.error(section.body)
    else:
        st.markdown(section.body)
    if who is bipn.Audience.CLINICIAN and (box := render.opened("Sources", f"sources-{section.title}")) is not None:
        with box:
            render.sources(section.citations)
# Patients and carers get one short list in plain words, as on the printed sheet, without the
# record's provenance words.
if who is bipn.Audience.PATIENT and (box := render.opened("Where this comes from", "patient-sources")) is not None:
    box.markdown("\n".join(f"- [{words}]({ref.link})" if ref.link else f"- {words}" for words, ref in bipn.patient_sources()))
