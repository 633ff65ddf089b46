"""Two clinicians at once: one session must never show the other's patient."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .ui import (
    DEFAULT_PAGE,
    MOTOR,
    SENSORY,
    PatientInput,
    choose,
    dose_action,
    expected_patient,
    fill_patient,
    navigate,
    open_page,
    read_patient,
    runs,
    wait_rerun,
)

pytestmark = pytest.mark.e2e

A = PatientInput(age=44, sex="female", height_cm=158, weight_kg=52.5, creatinine=0.8, unit="mg/dL", dose="1.3")
B = PatientInput(age=88, sex="male", height_cm=181, weight_kg=93.5, creatinine=168, unit="µmol/L", dose="1.0")


def _assert_own(page: Page, mine: PatientInput, other: PatientInput, when: str) -> None:
    seen = read_patient(page)
    assert seen["age"] != float(other.age), f"{when}: session of the {mine.age}-year-old shows age {other.age}"
    assert seen["weight_kg"] != float(other.weight_kg), f"{when}: shows the other patient's weight"
    assert seen == expected_patient(mine), f"{when}: expected {expected_patient(mine)}, saw {seen}"


def test_two_sessions_never_share_a_patient(new_context, base_url: str) -> None:
    page_a = new_context().new_page()
    page_b = new_context().new_page()

    open_page(page_a, base_url, DEFAULT_PAGE)
    fill_patient(page_a, A)
    _assert_own(page_a, A, B, "A after entering A")

    # B opens after A has a patient: a new session must start empty, not with A's values.
    open_page(page_b, base_url, DEFAULT_PAGE)
    fresh = read_patient(page_b)
    leaked = {k: v for k, v in fresh.items() if k in ("age", "height_cm", "weight_kg", "creatinine") and v == expected_patient(A)[k]}
    assert not leaked, f"a new session starts with the other session's values: {leaked}"
    fill_patient(page_b, B)
    _assert_own(page_b, B, A, "B after entering B")

    # Both sessions rerun at the same time (actions sent before either rerun is waited for).
    choose(page_a, MOTOR, "0")
    choose(page_b, MOTOR, "0")
    before_a, before_b = runs(page_a), runs(page_b)
    choose(page_a, SENSORY, "2", wait=False)
    choose(page_b, SENSORY, "3", wait=False)
    wait_rerun(page_a, before_a)
    wait_rerun(page_b, before_b)
    expect(dose_action(page_a)).to_contain_text("Reduce")
    expect(dose_action(page_b)).to_contain_text("Withhold")
    _assert_own(page_a, A, B, "A after both reran")
    _assert_own(page_b, B, A, "B after both reran")

    # Another page reads the patient context again: still each session's own.
    navigate(page_a, "pain")
    navigate(page_b, "pain")
    _assert_own(page_a, A, B, "A on the pain page")
    _assert_own(page_b, B, A, "B on the pain page")
