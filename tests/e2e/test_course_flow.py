"""The course in a real browser: record three cycles with the nurse's check, download the FHIR
file, reload (a new session), import it and see the same course; nothing of the course on
disk, in the server log, the browser's storage or the URL."""

from __future__ import annotations

import json
import os
from datetime import date
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

import bipn
import bipn.course as course_api

from .ui import CHARTS, EXCEPTION, axe_source, choose, format_violations, number_input, open_page, run_axe, runs, wait_ready, wait_rerun

pytestmark = pytest.mark.e2e

SENSORY = "Sensory neuropathy grade (CTCAE v5.0)"
MOTOR = "Motor neuropathy grade (CTCAE v5.0)"
PLANNED = "Dose to be given (mg/m²)"
ANSWER = ".st-key-predose-answer"
COURSE_VIEW = ".st-key-course-view"
VITALS = {"Body temperature (°C)": "36.7", "Heart rate (beats/min)": "74", "Systolic blood pressure (mmHg)": "124", "Diastolic blood pressure (mmHg)": "76"}
CYCLES = [("2026-01-05", "0", "Give 1.3 mg/m²"), ("2026-01-26", "1", "Give 1.3 mg/m²"), ("2026-02-16", "2", "Do not give: hold and call the team")]


def form_value(field: Locator, value: str) -> None:
    """Type into a field inside a form without Enter (Enter would submit the form)."""
    field.fill(value)
    field.press("Tab")


def check_cycle(page: Page, on: str, sensory: str, nurse: str = "Nurse B", vitals: dict[str, str] = VITALS, planned: str = "1.3") -> str:
    """Fill in one visit with the nurse's check and press 'Check this visit': the answer's text."""
    # A date field of segments (year, month, day): type the digits from the first segment.
    segments = page.get_by_label("Visit date", exact=True).get_by_role("spinbutton")
    segments.first.click()
    page.keyboard.type(on.replace("-", ""))
    expect(segments.nth(2)).to_have_text(on[-2:])
    choose(page, SENSORY, sensory, wait=False)
    choose(page, MOTOR, "0", wait=False)
    for label, value in vitals.items():
        form_value(number_input(page, label), value)
    form_value(page.get_by_label("Checked by (nurse)", exact=True), nurse)
    choose(page, PLANNED, planned, wait=False)
    before = runs(page)
    page.get_by_role("button", name="Check this visit").click()
    wait_rerun(page, before)
    expect(page.locator(ANSWER)).to_contain_text(f"To record: {on}")
    return page.locator(ANSWER).inner_text()


def record_visit(page: Page) -> None:
    before = runs(page)
    page.get_by_role("button", name="Record this visit in the course").click()
    wait_rerun(page, before)
    expect(page.get_by_text("recorded (", exact=False).first).to_be_visible()


def record_cycle(page: Page, on: str, sensory: str, expected: str, nurse: str = "Nurse B") -> None:
    check_cycle(page, on, sensory, nurse)
    expect(page.locator(ANSWER)).to_contain_text(expected)
    record_visit(page)


def record_three_cycles(page: Page, base_url: str, nurse: str = "Nurse B") -> None:
    open_page(page, base_url, "course")
    for on, sensory, expected in CYCLES:
        record_cycle(page, on, sensory, expected, nurse)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(page.locator(COURSE_VIEW).locator(CHARTS)).to_have_count(2)  # grade, dose
    expect(page.locator(COURSE_VIEW)).to_contain_text("Sensory neuropathy worse than at the last assessment")


def download(page: Page) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the course (FHIR R4 JSON)").click()
    return Path(info.value.path()).read_bytes()


def test_record_export_reload_import_same_course(page: Page, base_url: str) -> None:
    record_three_cycles(page, base_url)
    page.wait_for_function("() => document.querySelector(\"[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg\")")
    blocking = [v for v in run_axe(page, axe_source()) if v["impact"] in ("critical", "serious")]
    assert not blocking, "the course page with a course on it:\n" + format_violations(blocking)
    exported = download(page)
    course = course_api.from_json(exported)
    assert [v.on.isoformat() for v in course.visits] == [on for on, _, _ in CYCLES]
    assert [v.dose_given_mg_m2 for v in course.visits] == [1.3, 1.3, None]
    assert json.loads(exported)["resourceType"] == "Bundle"

    page.reload()
    wait_ready(page)
    expect(page.get_by_text("No visit recorded yet.")).to_be_visible()  # a reload is a new session

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "bipn-course.fhir.json", "mimeType": "application/json", "buffer": exported}]
    )
    expect(page.get_by_text("Course imported: 3 visits.")).to_be_visible()
    wait_ready(page)
    expect(page.locator(COURSE_VIEW).locator(CHARTS)).to_have_count(2)  # grade, dose
    expect(page.locator(COURSE_VIEW)).to_contain_text("Sensory neuropathy worse than at the last assessment")
    assert course_api.from_json(download(page)) == course, "the imported course is the exported one"
    # The box that says what was imported stays open on the next run (it folded away).
    before = runs(page)
    page.get_by_role("switch", name="Show the course note").locator("xpath=ancestor::label[1]").click()
    wait_rerun(page, before)
    expect(page.locator("[data-testid='stFileUploaderDropzone']")).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_a_refused_import_keeps_the_course(page: Page, base_url: str) -> None:
    open_page(page, base_url, "course")
    record_cycle(page, "2026-01-05", "1", "Give 1.3 mg/m²")
    page.get_by_text("Continue a course: import its FHIR file").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "patient.json", "mimeType": "application/json", "buffer": b'{"resourceType": "Patient"}'}]
    )
    expect(page.get_by_text("Import refused", exact=False)).to_contain_text("not a Bundle")
    expect(page.locator(COURSE_VIEW)).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)


# ---- privacy -----------------------------------------------------------------------------------

MARKER = "Zyxqv Nurse 4711"
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__"}


def _recent_files(roots: list[Path], since: float):
    for root in roots:
        if not root.exists():
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            for name in files:
                path = Path(folder) / name
                try:
                    st = path.stat()
                except OSError:
                    continue
                if st.st_mtime >= since and st.st_size < 50_000_000:
                    yield path


def test_nothing_of_the_course_on_disk_in_logs_storage_or_url(new_context, base_url: str, app_server, pytestconfig) -> None:
    started = time.time() - 1
    page = new_context().new_page()
    open_page(page, base_url, "course")
    record_cycle(page, "2026-01-05", "1", "Give 1.3 mg/m²", nurse=MARKER)
    before = runs(page)
    page.get_by_role("switch", name="Show the course note").locator("xpath=ancestor::label[1]").click()
    wait_rerun(page, before)
    expect(page.get_by_text(MARKER).first).to_be_visible()  # it is on screen, as typed

    # An imported file is read in memory too.
    imported = course_api.Course().add(course_api.Visit(date(2026, 4, 1), bipn.Findings(1), 1.0, resolution=bipn.Confirmation(MARKER, "grade 1")))
    page.get_by_text("Continue a course: import its FHIR file").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "c.json", "mimeType": "application/json", "buffer": course_api.to_json(imported).encode()}]
    )
    expect(page.get_by_text("Course imported: 1 visit.")).to_be_visible()
    wait_ready(page)

    assert MARKER.split()[0] not in page.url and "?" not in page.url, page.url
    storage = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert MARKER not in storage, "the course is not kept in the browser's storage"
    assert MARKER not in app_server.log_tail(100_000), "the course is not in the server log"

    roots = [pytestconfig.rootpath, Path(tempfile.gettempdir()), Path.home() / ".streamlit"]
    with tempfile.NamedTemporaryFile(suffix=".probe") as probe:  # the scan is not vacuous: it finds a planted copy
        probe.write(MARKER.encode())
        probe.flush()
        assert Path(probe.name) in set(_recent_files(roots, started))
    leaked = []
    for path in _recent_files(roots, started):
        if path == app_server.log_path:
            continue
        try:
            if MARKER.encode() in path.read_bytes():
                leaked.append(str(path))
        except OSError:
            continue
    assert not leaked, f"the course was written to disk: {leaked}"
