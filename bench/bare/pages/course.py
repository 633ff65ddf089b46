"""Bare page: one widget and the same charts as ours (bench/bare/charts.py)."""

from charts import page

page("course")
