"""bench/capacity.py's protocol client still drives the app through the proxy (no timing asserted)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bench.capacity import SCENARIOS, StSession, measure
from deploy.cluster import Cluster

pytestmark = pytest.mark.deploy


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run in a thread of its own (Playwright's sync API keeps a loop in this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_bedside_scenario_runs_through_the_proxy(cluster: Cluster) -> None:
    point = run(measure(cluster.url, SCENARIOS["ours"], sessions=2, seconds=1.0, think_s=0.0))
    assert point["error_count"] == 0, point["errors"]
    assert point["runs"] >= 2


def test_client_sees_the_dose_action_it_asked_for(cluster: Cluster) -> None:
    """The scenario's inputs really reach the app: grade 3 gives 'Withhold'."""

    async def scenario() -> list[str]:
        s = await StSession.open(cluster.url)
        texts: list[str] = []
        learn = s._learn

        def spy(fwd) -> None:
            el = fwd.delta.new_element
            if el.WhichOneof("type") == "markdown":
                texts.append(el.markdown.body)
            learn(fwd)

        s._learn = spy  # type: ignore[method-assign]
        await s.rerun()
        await s.rerun(SCENARIOS["ours"]["setup"])
        texts.clear()
        await s.rerun([("Sensory neuropathy grade (CTCAE v5.0)", "3")])
        await s.close()
        return texts

    assert any("Withhold" in t for t in run(scenario()))
