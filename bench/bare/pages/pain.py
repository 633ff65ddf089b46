"""Bare page: one widget, one small Altair chart."""

import altair as alt
import pandas as pd
import streamlit as st

st.header("Pain")
value = st.selectbox("Value", ["0", "1", "2", "3", "4"], key="value")
st.write(f"Selected: {value}")
data = pd.DataFrame({"x": list("ABCDE"), "y": [3, 1, 4, 1, 5]})
st.altair_chart(alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q"))
