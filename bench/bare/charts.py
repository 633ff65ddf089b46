"""One bare page: a widget, a line of text, and the same charts as the page of bipn-bedside it
stands for draws with the bench's inputs (the issue's "a bare Streamlit page drawing the same
charts"): the prognosis page's three Vega-Lite specs, made by bipn as our page makes them, light
theme. bench/run.py counts both apps' charts and says if they differ, so "page ready" (every
chart drawn) compares like with like: whatever our page costs beyond this is our own content.
"""

import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for bipn

import bipn

# The charts our pages draw with the bench's inputs (an empty course has no chart).
CHARTS = {"assessment": (), "pain": (), "education": (), "prognosis": ("reversibility", "time_to_improvement", "incidence"), "evidence": (), "course": ()}
# bench/floor.py and run.py's element-matched page only: this many extra elements on the page,
# redrawn with every change of the radio, as cards of four (a coloured box, an expander, a
# Markdown block and a page link, the elements our answer is made of) and the rest as Markdown
# lines. 0 (the bare app of bench/run.py) unless set.
EXTRA = int(os.environ.get("BARE_EXTRA_ELEMENTS", "0"))


def page(name: str) -> None:
    st.header(name.capitalize())
    value = st.radio("Value", ["0", "1", "2", "3", "4"], index=None, key="value", horizontal=True)
    st.write(f"Selected: {value}")
    for i in range(EXTRA // 4):
        st.info(f"**Card {i}:** advice for value {value}, a line of about the length of one of ours")
        with st.expander("Basis and sources"):
            st.markdown(f"- a source {i} with [a link](https://example.org) and *its provenance*\n- another line for {value}")
            st.page_link(f"pages/{name}.py", label=f"Open rule {i}")
    for i in range(EXTRA % 4):
        st.markdown(f"A further line {i} for value {value}")
    for chart_id in CHARTS[name]:
        st.vega_lite_chart(spec=bipn.chart_spec(chart_id, theme="light", sentence=False), width="stretch", theme=None)
