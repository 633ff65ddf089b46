"""The patient record: the patient as entered with its plausibility checks, and the course's visits (the model every course module imports)."""
