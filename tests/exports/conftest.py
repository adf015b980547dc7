"""Fixtures of the export tests (helpers and data in export_helpers.py)."""
from __future__ import annotations

from typing import Any

import pytest
from export_helpers import nasty_data, scored_data

from maillage.graph.store import graph_from_data


@pytest.fixture
def scored_graph(fixture_graph_data: dict[str, Any]):
    """The shared fixture graph plus analysis scores and communities."""
    return graph_from_data(scored_data(fixture_graph_data))


@pytest.fixture
def nasty_graph():
    """The hostile graph as the networkx model (NaN and infinities included)."""
    return graph_from_data(nasty_data())
