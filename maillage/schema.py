"""The one vocabulary of maillage: actor types, relation types, levels.

Everything that writes a type somewhere (graph.json, Cypher labels and relationship
types, GEXF colours, the map legend) takes it from here and validates it with
:func:`check_node_type` / :func:`check_relation_type`.

Examples
--------
>>> RELATION_TYPES["partner_of"].symmetric
True
>>> RELATION_TYPES["member_of"].cypher
'MEMBER_OF'
>>> more_specific("organisation", "association")
'association'
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import SchemaError

#: Actor (node) types, most specific first within each family.
NODE_TYPES: tuple[str, ...] = (
    "association",
    "local_authority",
    "ministry",
    "government_body",
    "eu_body",
    "international_org",
    "organisation",
    "country",
    "region",
    "city",
    "person",
    "event",
    "programme",
)

#: Node types that are organisations of some kind (used to fold persons, for brokers, …).
ORGANISATION_TYPES: frozenset[str] = frozenset(
    {"association", "local_authority", "ministry", "government_body", "eu_body",
     "international_org", "organisation"}
)
PLACE_TYPES: frozenset[str] = frozenset({"country", "region", "city"})

#: Generic types that a more specific one replaces when two nodes merge.
_GENERICITY = {"organisation": 1}

#: Node type -> Neo4j label (a fixed whitelist; labels are never built from text).
NODE_LABELS: dict[str, str] = {
    "association": "Association",
    "local_authority": "LocalAuthority",
    "ministry": "Ministry",
    "government_body": "GovernmentBody",
    "eu_body": "EUBody",
    "international_org": "InternationalOrg",
    "organisation": "Organisation",
    "country": "Country",
    "region": "Region",
    "city": "City",
    "person": "Person",
    "event": "Event",
    "programme": "Programme",
}

LEVELS: tuple[str, ...] = ("local", "regional", "national", "european", "global")


@dataclass(frozen=True)
class RelationType:
    """A typed relation: its name, whether it is symmetric, and how it reads."""

    name: str
    symmetric: bool
    label_en: str
    label_fr: str
    stated: bool = True

    @property
    def cypher(self) -> str:
        """Relationship type used in Neo4j (upper snake case)."""
        return self.name.upper()


_RELATIONS = [
    RelationType("member_of", False, "is a member of", "est membre de"),
    RelationType("partner_of", True, "is a partner of", "est partenaire de"),
    RelationType("organises", False, "organises", "organise"),
    RelationType("funds", False, "funds", "finance"),
    RelationType("supports", False, "supports", "soutient"),
    RelationType("secretariat_of", False, "is the secretariat of", "assure le secrétariat de"),
    RelationType("meets", True, "meets", "rencontre"),
    RelationType("works_for", False, "works for", "travaille pour"),
    RelationType("part_of", False, "is part of", "fait partie de"),
    RelationType("located_in", False, "is located in", "est situé à"),
    RelationType("participates_in", False, "participates in", "participe à"),
    RelationType("hosts", False, "hosts", "accueille"),
    RelationType("co_mentioned", True, "is mentioned with", "est cité avec", stated=False),
]
RELATION_TYPES: dict[str, RelationType] = {r.name: r for r in _RELATIONS}
STATED_RELATION_TYPES: tuple[str, ...] = tuple(r.name for r in _RELATIONS if r.stated)
CO_MENTION = "co_mentioned"

#: How an evidence was found.
METHODS: tuple[str, ...] = ("pattern", "acronym", "contact", "knowledge", "co-mention", "table", "inferred")


def check_node_type(value: str) -> str:
    """Return ``value`` if it is a known actor type, else raise :class:`SchemaError`."""
    if value not in NODE_TYPES:
        raise SchemaError(f"unknown actor type {value!r} (expected one of {', '.join(NODE_TYPES)})")
    return value


def check_relation_type(value: str) -> str:
    """Return ``value`` if it is a known relation type, else raise :class:`SchemaError`."""
    if value not in RELATION_TYPES:
        raise SchemaError(
            f"unknown relation type {value!r} (expected one of {', '.join(RELATION_TYPES)})"
        )
    return value


def is_symmetric(rel_type: str) -> bool:
    return RELATION_TYPES[check_relation_type(rel_type)].symmetric


def more_specific(a: str, b: str) -> str:
    """Of two actor types of the same actor, the one to keep when merging.

    A generic ``organisation`` gives way to any specific organisation type; otherwise
    the first one is kept (known-actor types are passed first by callers).
    """
    if _GENERICITY.get(a, 0) > _GENERICITY.get(b, 0):
        return b
    return a
