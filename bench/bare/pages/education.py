"""Bare page: one widget and as many small Altair charts as ours (bench/bare/charts.py)."""

from charts import page

page("education")
