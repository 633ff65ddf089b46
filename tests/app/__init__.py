"""AppTest runs of every page."""
