"""One patient record on every page (safety rule 8): education, prognosis and evidence read
the patient from the tab's kept values without drawing the form (ui.context.Kept). For any
entries, valid or not, the patient and the fields in error that such a page uses are exactly
those the full form on Assessment and Course reads, so no page can show a dose state or name
a product or route that the record entered on Assessment rules out."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s
from streamlit.testing.v1 import AppTest, app_test

import bipn
from tests.app.apphelpers import APP, SUMMARY_PAGES, fill
from tests.app.conftest import _RouterPagesManager
from ui import context

FIELDS = {
    "age": s.sampled_from(["", "70", "-5", "seventy", "45,5"]),
    "sex": s.sampled_from([None, "female", "male"]),
    "height": s.sampled_from(["", "165", "9999"]),
    "weight": s.sampled_from(["", "60", "176", "0"]),
    "scr_unit": s.sampled_from(["mg/dL", "µmol/L"]),
    "scr": s.sampled_from(["", "1.0", "0", "124", "1,400"]),
    "dose": s.sampled_from([None, "1.3", "1.0", "0.7"]),
    "product": s.sampled_from([None, *bipn.products()]),
    "route": s.sampled_from([None, "sc", "iv"]),
    "schedule": s.sampled_from([None, "twice_weekly", "weekly"]),
    "days": s.sampled_from(["", "12", "-3"]),
    "hd": s.booleans(),
    "pd": s.booleans(),
    "liver": s.sampled_from([None, "none", "mild", "moderate", "severe"]),
    "alcohol": s.booleans(),
    "meds": s.lists(s.sampled_from(["sertraline", "Tramacet", "Unknownium"]), unique=True, max_size=2),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=s.fixed_dictionaries(FIELDS))
def test_a_summary_page_reads_the_same_patient_as_the_form(entries):
    seen: list[context.Context] = []
    publish = context.publish
    saved = app_test.PagesManager
    try:
        context.publish = lambda ctx: (seen.append(ctx), publish(ctx))[1]
        app_test.PagesManager = _RouterPagesManager
        at = AppTest.from_file(APP, default_timeout=30)
        at.run()
        # In the order a clinician enters them: the unit before the creatinine, the product
        # before the route it allows (a route it does not allow is cleared, as on screen).
        for name in FIELDS:
            value = entries[name]
            if value is not None and not (name in ("route",) and entries["product"] and value not in [r.value for r in bipn.products()[entries["product"]].routes]):
                fill(at, **{name: value})
        assert not at.exception
        form = seen[-1]
        for page in SUMMARY_PAGES:
            at.switch_page(page).run()
            assert not at.exception, page
            shown = seen[-1]
            assert shown.patient == form.patient, (page, entries)
            assert set(shown.errors) == set(form.errors), (page, entries)
    finally:
        context.publish = publish
        app_test.PagesManager = saved
