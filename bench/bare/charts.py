"""One bare page: a widget, a line of text, and as many small Altair charts as the page of
bipn-bedside it stands for draws (bench/run.py counts both apps' charts and says if they differ),
so "page ready" (every chart drawn) compares like with like."""

import os

import altair as alt
import pandas as pd
import streamlit as st

# Charts drawn by our pages with the bench's inputs (an empty course has no chart).
CHARTS = {"assessment": 0, "pain": 0, "education": 0, "prognosis": 3, "evidence": 0, "course": 0}
# bench/floor.py only: this many extra elements on the page, redrawn with every change of the
# radio, as cards of four (a coloured box, an expander, a Markdown block and a page link, the
# elements our answer is made of). 0 (the bare app of bench/run.py) unless set.
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
    data = pd.DataFrame({"x": list("ABCDE"), "y": [3, 1, 4, 1, 5]})
    for _ in range(CHARTS[name]):
        st.altair_chart(alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q"))
