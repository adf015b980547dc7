"""Fixtures of the analysis tests: synthetic graphs of realistic shape, and headless chromium for the report."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_synth import synthetic_graph  # noqa: E402

CHROMIUM = Path(os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def synth_small() -> Any:
    """~1,500 edges: small enough for exact networkx references, large enough to mean something."""
    return synthetic_graph(1_500, seed=7, mean_community=60)


@pytest.fixture(scope="session")
def synth_igraph() -> Any:
    """Above IGRAPH_MIN_EDGES links, so ``backend="auto"`` picks igraph."""
    return synthetic_graph(4_000, seed=11, mean_community=120)


@pytest.fixture(scope="module")
def report_browser() -> Iterator[Any]:
    """Headless Debian chromium (never downloaded), for one test module.

    Module-scoped on purpose: Playwright's sync API allows one running instance per thread, and
    tests/map keeps its own for the whole session; this one is closed before tests/map starts.
    """
    if not CHROMIUM.exists():
        if os.environ.get("MAILLAGE_SKIP_BROWSER") == "1":
            pytest.skip(f"{CHROMIUM} missing and MAILLAGE_SKIP_BROWSER=1")
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium) or set MAILLAGE_SKIP_BROWSER=1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
