"""One bare page: a widget, a line of text, and as many small Altair charts as the page of
bipn-bedside it stands for draws (bench/run.py counts both apps' charts and says if they differ),
so "page ready" (every chart drawn) compares like with like."""

import altair as alt
import pandas as pd
import streamlit as st

# Charts drawn by our pages with the bench's inputs (an empty course has no chart).
CHARTS = {"assessment": 0, "pain": 0, "education": 0, "prognosis": 3, "evidence": 0, "course": 0}


def page(name: str) -> None:
    st.header(name.capitalize())
    value = st.radio("Value", ["0", "1", "2", "3", "4"], index=None, key="value", horizontal=True)
    st.write(f"Selected: {value}")
    data = pd.DataFrame({"x": list("ABCDE"), "y": [3, 1, 4, 1, 5]})
    for _ in range(CHARTS[name]):
        st.altair_chart(alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q"))
