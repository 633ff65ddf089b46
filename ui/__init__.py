"""Streamlit helpers shared by the pages: the patient context and how results are drawn.

Only presentation lives here; every clinical value comes from `bipn`.
"""
