"""The Streamlit settings every profile (local, replicas, container) relies on."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())


def test_telemetry_off() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_no_full_garbage_collection_after_every_run() -> None:
    # On by default; it took about 40 ms a run and stalled every other session (deploy/README.md).
    assert CONFIG["runner"]["postScriptGC"] is False


def test_no_file_watching_or_rerun_on_save() -> None:
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["runOnSave"] is False
