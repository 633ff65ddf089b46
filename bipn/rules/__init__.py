"""The bedside rules over the whole record: red flags, work-up, the dose state, the next dose, the bedside plan and the nurse's pre-dose check."""
