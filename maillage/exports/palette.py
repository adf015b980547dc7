"""One colour palette for every view of the graph: the GEXF export, the map, the report.

Colours are keyed by the vocabulary of :mod:`maillage.schema`, so Gephi, the HTML map and
the report legend agree on what "blue" means. The colours are the influence map's (mostly
Tableau 10 tones); places get greys and olive, as context rather than actors.

Examples
--------
>>> type_color("association")
'#1f77b4'
>>> hex_to_rgb(type_color("association"))
(31, 119, 180)
>>> type_color("no-such-type") == DEFAULT_NODE_COLOR
True
"""
from __future__ import annotations

from ..schema import CO_MENTION, NODE_TYPES, RELATION_TYPES

#: Colour of a node whose type is unknown (should not happen: types are validated).
DEFAULT_NODE_COLOR = "#7f7f7f"

#: Actor type -> colour (``#rrggbb``). Every type of :data:`maillage.schema.NODE_TYPES`.
#: The same colours as the influence map (maillage/exports/html.py), so a map and its Gephi
#: export read alike.
NODE_TYPE_COLORS: dict[str, str] = {
    "association": "#1f77b4",
    "local_authority": "#2ca02c",
    "ministry": "#d62728",
    "government_body": "#ff7f0e",
    "eu_body": "#3949ab",
    "international_org": "#17becf",
    "organisation": "#8c564b",
    "country": "#7f7f7f",
    "region": "#a5a5a5",
    "city": "#bcbd22",
    "person": "#e377c2",
    "event": "#9467bd",
    "programme": "#4e9a06",
}

#: Colour of the weak co-mention edge (drawn light, dashed on the map).
CO_MENTION_EDGE_COLOR = "#b0b0b0"
#: Colour of a relation whose type is unknown.
STATED_EDGE_COLOR = "#555555"

#: Relation type -> colour (every type of :data:`maillage.schema.RELATION_TYPES`).
RELATION_COLORS: dict[str, str] = {
    "member_of": "#1f77b4",
    "partner_of": "#2ca02c",
    "organises": "#9467bd",
    "funds": "#d62728",
    "supports": "#ff7f0e",
    "secretariat_of": "#17becf",
    "meets": "#8c564b",
    "works_for": "#e377c2",
    "part_of": "#555555",
    "located_in": "#bcbd22",
    "participates_in": "#6a3d9a",
    "hosts": "#b15928",
    CO_MENTION: CO_MENTION_EDGE_COLOR,
}

#: A qualitative palette for communities (cycled when there are more communities).
COMMUNITY_COLORS: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
    "#1f78b4", "#33a02c", "#fb9a99", "#cab2d6",
)

if set(NODE_TYPE_COLORS) != set(NODE_TYPES) or set(RELATION_COLORS) != set(RELATION_TYPES):
    raise ImportError("maillage.exports.palette is out of step with maillage.schema")  # pragma: no cover


def type_color(node_type: str | None) -> str:
    """Colour (``#rrggbb``) of an actor type; :data:`DEFAULT_NODE_COLOR` when unknown.

    Examples
    --------
    >>> type_color("ministry")
    '#d62728'
    """
    return NODE_TYPE_COLORS.get(node_type or "", DEFAULT_NODE_COLOR)


def relation_color(rel_type: str | None) -> str:
    """Colour of a relation type (light grey for co-mentions).

    Examples
    --------
    >>> relation_color("co_mentioned")
    '#b0b0b0'
    """
    return RELATION_COLORS.get(rel_type or "", STATED_EDGE_COLOR)


def community_color(community: int) -> str:
    """Colour of a community number (the palette cycles).

    Examples
    --------
    >>> community_color(0) == community_color(len(COMMUNITY_COLORS))
    True
    """
    return COMMUNITY_COLORS[int(community) % len(COMMUNITY_COLORS)]


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` -> ``(r, g, b)`` integers in 0..255.

    Examples
    --------
    >>> hex_to_rgb("#ff7f0e")
    (255, 127, 14)
    """
    c = color.lstrip("#")
    if len(c) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
