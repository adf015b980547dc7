"""Fixtures of the analysis tests: synthetic graphs of realistic shape, and headless chromium for the report."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_synth import synthetic_graph  # noqa: E402

@pytest.fixture(scope="session")
def synth_small() -> Any:
    """~1,500 edges: small enough for exact networkx references, large enough to mean something."""
    return synthetic_graph(1_500, seed=7, mean_community=60)


@pytest.fixture(scope="session")
def synth_igraph() -> Any:
    """Above IGRAPH_MIN_EDGES links, so ``backend="auto"`` picks igraph."""
    return synthetic_graph(4_000, seed=11, mean_community=120)


@pytest.fixture
def report_browser(browser: Any) -> Any:
    """The session's headless chromium (tests/conftest.py)."""
    return browser
