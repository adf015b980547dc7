"""maillage: turn a pile of documents about organisations into an evidence-backed influence map.

The public API is re-exported here; see the README for the flow and graph.json.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import MaillageError  # noqa: E402
from .graph.store import read_graph, write_graph  # noqa: E402

__all__ = ["__version__", "MaillageError", "read_graph", "write_graph"]
