"""The networkx model: building it from extractions, resolving actors, storing it, analysing it."""
from .store import add_edge, graph_from_data, graph_to_data, read_graph, write_graph

__all__ = ["add_edge", "graph_from_data", "graph_to_data", "read_graph", "write_graph"]
