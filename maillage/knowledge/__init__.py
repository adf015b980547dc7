"""Packaged knowledge of the field: known actors, with their names and acronyms, and stop lists.

The data lives beside this module as YAML (``actors.yaml``, ``stoplist.yaml``), is read with
:mod:`importlib.resources` (so it works from a wheel or a zip), validated once and cached.

``actors.yaml`` holds one mapping per actor with exactly the keys of :class:`KnownActor`.
How extraction is meant to use the fields:

* ``acronyms`` (plus the acronym-shaped ``former_names``, see :attr:`KnownActor.match_acronyms`)
  are matched case-sensitively as whole words;
* ``names`` (plus the other ``former_names``, see :attr:`KnownActor.match_names`) are matched
  case-, accent- and punctuation-insensitively, i.e. on :func:`maillage.text.fold`;
* ``domains`` identify an actor from an e-mail or web address (:func:`actor_for_domain`);
* ``part_of`` / ``member_of`` / ``located_in`` are stable facts between known actors. They are
  knowledge, not statements of a document: a graph built from documents may use them as
  ``method="knowledge"`` evidence, never as ``pattern`` evidence.

Validation (raising :class:`~maillage.errors.SchemaError` naming the offending key): exact key
set, types and levels from :mod:`maillage.schema`, unique keys, unique acronyms, unique folded
names across actors, unique domains, references that resolve, no ``part_of`` cycle.

Examples
--------
>>> actors = known_actors()
>>> actors["cemr"].name
'Council of European Municipalities and Regions'
>>> "CCRE" in actors["cemr"].acronyms
True
>>> known_id("cemr")
'k-cemr'
>>> actor_for_domain("jane.doe@ec.europa.eu")
'european-commission'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import SchemaError
from ..schema import LEVELS, NODE_TYPES
from ..text import fold

__all__ = [
    "KnownActor",
    "known_actors",
    "stoplist",
    "known_id",
    "actor_for_domain",
    "is_acronym_shaped",
    "ancestors",
]

#: The keys of one actor mapping in actors.yaml, in file order.
FIELDS: tuple[str, ...] = (
    "key", "name", "type", "level", "country", "website", "domains", "acronyms", "names",
    "former_names", "part_of", "member_of", "located_in",
)
_LIST_FIELDS = ("domains", "acronyms", "names", "former_names", "part_of", "member_of")
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
_ACRONYM_WORD = re.compile(r"^[A-Z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜČŠŽ][A-Za-z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜČŠŽ+&-]*$")


@dataclass(frozen=True)
class KnownActor:
    """One known actor of the field, as packaged in ``actors.yaml``.

    ``names`` always starts with the canonical ``name``.
    """

    key: str
    name: str
    type: str
    level: str | None
    country: str | None
    website: str | None
    domains: tuple[str, ...]
    acronyms: tuple[str, ...]
    names: tuple[str, ...]
    former_names: tuple[str, ...]
    part_of: tuple[str, ...]
    member_of: tuple[str, ...]
    located_in: str | None

    @property
    def id(self) -> str:
        """Node id of this actor in graph.json (``"k-" + key``)."""
        return known_id(self.key)

    @property
    def match_acronyms(self) -> tuple[str, ...]:
        """Surface forms to match case-sensitively: acronyms, then acronym-shaped former names."""
        return self.acronyms + tuple(n for n in self.former_names if is_acronym_shaped(n))

    @property
    def match_names(self) -> tuple[str, ...]:
        """Surface forms to match on folded text: names, then the other former names."""
        return self.names + tuple(n for n in self.former_names if not is_acronym_shaped(n))

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping (lists, not tuples), e.g. for JSON."""
        return {f: (list(v) if isinstance(v := getattr(self, f), tuple) else v) for f in FIELDS}


def is_acronym_shaped(text: str) -> bool:
    """Whether ``text`` looks like an acronym (to be matched case-sensitively).

    Every word must start with a capital or digit, hold at least two capitals or digits and no
    run of two lower-case letters.

    Examples
    --------
    >>> [is_acronym_shaped(s) for s in ("MAEDI", "DG DEVCO", "AdCF", "EuropeAid", "Open Days")]
    [True, True, True, False, False]
    """
    words = text.split()
    if not words:
        return False
    for w in words:
        if not _ACRONYM_WORD.match(w):
            return False
        if sum(1 for c in w if c.isupper() or c.isdigit()) < 2:
            return False
        if re.search(r"[a-zà-ÿ]{2,}", w):
            return False
    return True


def known_id(key: str) -> str:
    """Node id of a known actor.

    Examples
    --------
    >>> known_id("meae")
    'k-meae'
    """
    return "k-" + key


def _read_yaml(name: str) -> Any:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise SchemaError(f"knowledge/{name}: invalid YAML: {exc}") from exc


def _str_or_none(key: str, field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SchemaError(f"known actor {key!r}: {field} must be a non-empty string or null, got {value!r}")
    return value


def _str_tuple(key: str, field: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SchemaError(f"known actor {key!r}: {field} must be a list of non-empty strings, got {value!r}")
    if len(set(value)) != len(value):
        raise SchemaError(f"known actor {key!r}: {field} has duplicates")
    return tuple(value)


def _parse_actor(raw: Any, index: int) -> KnownActor:
    if not isinstance(raw, dict):
        raise SchemaError(f"knowledge/actors.yaml: entry {index} is not a mapping")
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise SchemaError(f"knowledge/actors.yaml: entry {index}: key {key!r} is not a lowercase slug")
    missing = [f for f in FIELDS if f not in raw and f != "level"]
    extra = sorted(set(raw) - set(FIELDS))
    if missing or extra:
        raise SchemaError(f"known actor {key!r}: missing keys {missing}, unknown keys {extra}")
    name = _str_or_none(key, "name", raw["name"])
    if name is None:
        raise SchemaError(f"known actor {key!r}: name is required")
    type_ = raw["type"]
    if type_ not in NODE_TYPES:
        raise SchemaError(f"known actor {key!r}: unknown type {type_!r}")
    level = raw.get("level")
    if type_ == "person":
        if level is not None and level not in LEVELS:
            raise SchemaError(f"known actor {key!r}: unknown level {level!r}")
    elif level not in LEVELS:
        raise SchemaError(f"known actor {key!r}: level {level!r} is not one of {', '.join(LEVELS)}")
    country = _str_or_none(key, "country", raw["country"])
    if country is not None and not _COUNTRY_RE.match(country):
        raise SchemaError(f"known actor {key!r}: country {country!r} is not an ISO 3166-1 alpha-2 code")
    website = _str_or_none(key, "website", raw["website"])
    lists = {f: _str_tuple(key, f, raw[f]) for f in _LIST_FIELDS}
    for d in ((website,) if website else ()) + lists["domains"]:
        if not _DOMAIN_RE.match(d):
            raise SchemaError(f"known actor {key!r}: {d!r} is not a lowercase domain name")
    names = lists["names"]
    if name not in names:
        names = (name,) + names
    for n in names + lists["former_names"]:
        if not fold(n):
            raise SchemaError(f"known actor {key!r}: name {n!r} folds to nothing")
    located_in = _str_or_none(key, "located_in", raw["located_in"])
    return KnownActor(
        key=key, name=name, type=type_, level=level, country=country, website=website,
        domains=lists["domains"], acronyms=lists["acronyms"], names=names,
        former_names=lists["former_names"], part_of=lists["part_of"], member_of=lists["member_of"],
        located_in=located_in,
    )


def _validate(actors: dict[str, KnownActor]) -> None:
    acronym_owner: dict[str, str] = {}
    name_owner: dict[str, str] = {}
    domain_owner: dict[str, str] = {}
    for a in actors.values():
        for ac in a.match_acronyms:
            other = acronym_owner.setdefault(ac, a.key)
            if other != a.key:
                raise SchemaError(f"known actor {a.key!r}: acronym {ac!r} is already used by {other!r}")
        for n in a.match_names:
            other = name_owner.setdefault(fold(n), a.key)
            if other != a.key:
                raise SchemaError(f"known actor {a.key!r}: name {n!r} is already used by {other!r}")
        for d in a.domains:
            other = domain_owner.setdefault(d, a.key)
            if other != a.key:
                raise SchemaError(f"known actor {a.key!r}: domain {d!r} is already used by {other!r}")
        for field in ("part_of", "member_of"):
            for ref in getattr(a, field):
                if ref not in actors:
                    raise SchemaError(f"known actor {a.key!r}: {field} refers to unknown key {ref!r}")
                if ref == a.key:
                    raise SchemaError(f"known actor {a.key!r}: {field} refers to itself")
        if a.located_in is not None and a.located_in not in actors:
            raise SchemaError(f"known actor {a.key!r}: located_in refers to unknown key {a.located_in!r}")
    # no part_of cycle (iterative depth-first search with colours)
    state: dict[str, int] = {}
    for start in actors:
        if state.get(start):
            continue
        stack = [(start, iter(actors[start].part_of))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                raise SchemaError(f"known actor {nxt!r}: part_of cycle through {node!r}")
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(actors[nxt].part_of)))


@lru_cache(maxsize=1)
def known_actors() -> dict[str, KnownActor]:
    """All known actors, by key, in file order (loaded, validated and cached on first call).

    Raises
    ------
    SchemaError
        If the packaged data breaks a rule; the message names the offending key.
    """
    data = _read_yaml("actors.yaml")
    if not isinstance(data, list):
        raise SchemaError("knowledge/actors.yaml: expected a list of actors")
    actors: dict[str, KnownActor] = {}
    for i, raw in enumerate(data):
        a = _parse_actor(raw, i)
        if a.key in actors:
            raise SchemaError(f"known actor {a.key!r}: duplicate key")
        actors[a.key] = a
    _validate(actors)
    return actors


@lru_cache(maxsize=1)
def stoplist() -> dict[str, Any]:
    """The stop lists: ``generic_terms`` (never actors by themselves) and ``role_words`` ({fr, en}).

    Examples
    --------
    >>> "GLR" in stoplist()["generic_terms"]
    True
    >>> "chargée de mission" in stoplist()["role_words"]["fr"]
    True
    """
    data = _read_yaml("stoplist.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("generic_terms"), list) \
            or not isinstance(data.get("role_words"), dict):
        raise SchemaError("knowledge/stoplist.yaml: expected generic_terms (list) and role_words (mapping)")
    for lang, words in data["role_words"].items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise SchemaError(f"knowledge/stoplist.yaml: role_words.{lang} must be a list of strings")
    if not all(isinstance(w, str) for w in data["generic_terms"]):
        raise SchemaError("knowledge/stoplist.yaml: generic_terms must be a list of strings")
    return data


@lru_cache(maxsize=1)
def _domain_index() -> dict[str, str]:
    return {d: a.key for a in known_actors().values() for d in a.domains}


def actor_for_domain(address: str) -> str | None:
    """Key of the known actor an e-mail address, URL or host name belongs to, if any.

    The longest listed domain that is a suffix of the host wins (``x@ec.europa.eu`` is the
    European Commission, ``x@europa.eu`` the European Union; ``www.afccre.org`` is AFCCRE).

    Examples
    --------
    >>> actor_for_domain("c.koukoui@cites-unies-france.org")
    'cuf'
    >>> actor_for_domain("https://www.diplomatie.gouv.fr/fr/")
    'meae'
    >>> actor_for_domain("someone@example.org") is None
    True
    """
    host = address.strip().lower()
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host)
    host = re.split(r"[/:?#\s]", host, maxsplit=1)[0].strip(".")
    index = _domain_index()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        key = index.get(".".join(parts[i:]))
        if key is not None:
            return key
    return None


def ancestors(key: str, field: str = "part_of") -> list[str]:
    """Keys reached from ``key`` by following ``field`` (part_of or member_of) transitively, sorted.

    Examples
    --------
    >>> ancestors("daect")
    ['dgm', 'french-government', 'meae']
    """
    actors = known_actors()
    if key not in actors:
        raise SchemaError(f"unknown known-actor key {key!r}")
    if field not in ("part_of", "member_of"):
        raise SchemaError(f"ancestors: field must be part_of or member_of, not {field!r}")
    seen: set[str] = set()
    todo = list(getattr(actors[key], field))
    while todo:
        k = todo.pop()
        if k not in seen:
            seen.add(k)
            todo.extend(getattr(actors[k], field))
    return sorted(seen)
