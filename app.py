"""bipn-bedside: the router."""

import streamlit as st

st.set_page_config(page_title="BIPN bedside", layout="wide")
st.title("BIPN bedside")
