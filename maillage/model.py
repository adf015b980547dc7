"""Plain data that flows from loaders to the graph: documents, actors, relations, evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    """One input file, read and decoded.

    ``id`` is a content hash (stable across renames); ``path`` is relative to the folder
    given to ``build`` (POSIX separators). ``records`` is set for CSV/JSON relation tables.
    """

    id: str
    path: str
    title: str
    lang: str
    date: str | None
    text: str
    format: str
    records: list[dict[str, Any]] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def info(self) -> dict[str, Any]:
        """The entry of this document in graph.json ``documents``."""
        return {"id": self.id, "path": self.path, "title": self.title, "lang": self.lang,
                "date": self.date, "format": self.format}


@dataclass(frozen=True)
class Evidence:
    """Where a relation is stated: the sentence and its character offsets in the document text."""

    doc: str
    sentence: str
    start: int
    end: int
    date: str | None
    lang: str
    method: str

    def to_dict(self) -> dict[str, Any]:
        # the fields one by one: asdict() deep-copies through each of them (5x slower on a hot path)
        return {"doc": self.doc, "sentence": self.sentence, "start": self.start, "end": self.end,
                "date": self.date, "lang": self.lang, "method": self.method}


@dataclass
class Actor:
    """An actor as found in one document, before cross-document resolution.

    ``key`` identifies it inside its document's extraction; ``known`` is the key of the
    packaged known actor it resolves to, if any.
    """

    key: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    known: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    type: str
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    actors: dict[str, Actor] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
