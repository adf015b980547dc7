"""Per-document extraction cache: one small JSON file per document, so rebuilds are incremental.

An entry is keyed by everything the extraction of one file depends on: the document's
content hash, its path relative to the build folder (the title and date may come from the
file name), :data:`~maillage.loaders.extract.EXTRACTOR_VERSION`, a fingerprint of the packaged
knowledge and of the extraction code (:func:`code_fingerprint`), and whether spaCy's NER
ran. Any change to one of these gives another key, so a stale entry is never used.

Entries live under ``<cache>/<2 hex>/<key>.json`` and are written atomically
(:mod:`maillage._io`): an interrupted build leaves whole entries or none. Entries of files no
longer present (or of another extractor or NER setting) are kept, never read; ``maillage
build --prune-cache`` removes those not used by the current build.

Beside them, ``<cache>/stat-index.json`` records the content hash of each file of the last
build with its size, mtime, ctime and inode (:meth:`ExtractionCache.load_index`), as git's
index does: a rebuild does not read again the files whose stat has not changed to find their
keys. Files changed shortly before a build, and entries not older than the index file, are
hashed again (a file rewritten within one timestamp tick keeps its mtime).

The entry holds the :class:`~maillage.model.Extraction` without the document's text: the
document info, the actors (aliases as sorted lists, mentions) and the relations, whose
evidence (shared by the co-mentions of one sentence) is stored once and referenced by index.

Examples
--------
>>> from maillage.model import Actor, Document, Evidence, Extraction, Relation
>>> d = Document(id="d1", path="a.txt", title="A", lang="fr", date=None, text="CCRE et NALAS.", format="txt")
>>> ev = Evidence("d1", "CCRE et NALAS.", 0, 14, None, "fr", "co-mention")
>>> ex = Extraction(d, {"k:cemr": Actor("k:cemr", "CEMR", "association", {"CCRE"}, known="cemr")},
...                 [Relation("k:cemr", "k:nalas", "co_mentioned", ev)])
>>> back = extraction_from_data(extraction_to_data(ex))
>>> back.actors == ex.actors, back.relations == ex.relations, back.document.text
(True, True, '')
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from ._io import atomic_file, dumps_compact_json, dumps_json, loads_json
from .model import Actor, Document, Evidence, Extraction, Relation

#: bump when the layout of a cache entry changes
CACHE_FORMAT = 1

_EV_FIELDS = ("doc", "sentence", "start", "end", "date", "lang", "method")


# --- serialisation --------------------------------------------------------------------------

def extraction_to_data(ex: Extraction) -> dict[str, Any]:
    """A JSON-ready dict of an extraction, without the document text (see :func:`extraction_from_data`)."""
    d = ex.document
    evidence: list[list[Any]] = []
    ev_index: dict[Evidence, int] = {}
    relations = []
    for r in ex.relations:
        i = ev_index.get(r.evidence)
        if i is None:
            i = ev_index[r.evidence] = len(evidence)
            evidence.append([getattr(r.evidence, f) for f in _EV_FIELDS])
        relations.append([r.source, r.target, r.type, i])
    actors = [{"key": a.key, "name": a.name, "type": a.type, "aliases": sorted(a.aliases), "known": a.known,
               "attrs": a.attrs, "mentions": [list(m) for m in a.mentions]}
              for a in ex.actors.values()]
    return {
        "format": CACHE_FORMAT,
        "document": {"id": d.id, "path": d.path, "title": d.title, "lang": d.lang, "date": d.date,
                     "format": d.format, "meta": d.meta},
        "actors": actors,
        "evidence": evidence,
        "relations": relations,
    }


def extraction_from_data(data: dict[str, Any], strings: dict[str, str] | None = None, *,
                         relations: bool = True) -> Extraction:
    """The :class:`~maillage.model.Extraction` of :func:`extraction_to_data` (document text empty).

    ``strings``, a dict kept from one call to the next, makes the strings that recur across
    documents (actor keys, names, aliases, types, attributes, document ids, languages, dates)
    one object each: a build holding the extractions of 100,000 documents needs 40 % less memory.
    Evidence sentences and titles are not shared. ``relations=False`` leaves the relations out
    (the actors of a document, for less than half the work).
    """
    if strings is None:
        strings = {}
    m = strings.setdefault

    def s(x: Any) -> Any:
        return m(x, x) if type(x) is str else x

    d = data["document"]
    doc = Document(id=d["id"], path=d["path"], title=d["title"], lang=s(d["lang"]), date=s(d["date"]), text="",
                   format=s(d["format"]), records=None, meta=d.get("meta") or {})
    actors = {}
    for a in data["actors"]:
        key = s(a["key"])
        actors[key] = Actor(key=key, name=s(a["name"]), type=s(a["type"]), aliases={s(x) for x in a["aliases"]},
                            known=s(a["known"]), attrs={s(k): s(v) for k, v in a["attrs"].items()},
                            mentions=[tuple(x) for x in a["mentions"]])
    if not relations:
        return Extraction(document=doc, actors=actors, relations=[])
    doc_id = s(doc.id)
    evidence = [Evidence(doc_id if e[0] == doc_id else s(e[0]), e[1], e[2], e[3], s(e[4]), s(e[5]), s(e[6]))
                for e in data["evidence"]]
    relations = [Relation(s(src), s(tgt), s(typ), evidence[i]) for src, tgt, typ, i in data["relations"]]
    return Extraction(document=doc, actors=actors, relations=relations)


def extraction_to_json(ex: Extraction) -> str:
    """Compact, deterministic JSON of :func:`extraction_to_data` (sorted keys, no spaces).

    :func:`json.loads` of it gives what it gave of the json module's text (the entries of earlier
    versions, with spaces after ``,`` and ``:``, are read the same).
    """
    return dumps_compact_json(extraction_to_data(ex))


def extraction_from_json(text: str | bytes) -> Extraction:
    return extraction_from_data(loads_json(text))


def strip_text(ex: Extraction) -> Extraction:
    """The same extraction with the document text and records dropped (what the graph needs)."""
    return Extraction(document=replace(ex.document, text="", records=None), actors=ex.actors,
                      relations=ex.relations)


# --- keys -----------------------------------------------------------------------------------

def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.as_posix()):
        h.update(p.name.encode("utf-8") + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def knowledge_fingerprint() -> str:
    """Hash of the packaged knowledge files (YAML and its loader)."""
    here = Path(__file__).parent / "knowledge"
    return _hash_files([p for p in here.iterdir() if p.suffix in (".yaml", ".yml", ".py")])


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the code an extraction depends on (loaders, extraction, model, text helpers).

    A safety net beside ``EXTRACTOR_VERSION``: editing the extraction code without bumping
    the version still invalidates the cache.
    """
    here = Path(__file__).parent
    files = sorted((here / "loaders").glob("*.py")) + [here / n for n in ("model.py", "text.py", "schema.py")]
    return _hash_files([p for p in files if p.is_file()])


def cache_salt(extractor_version: str, ner: bool) -> str:
    """The part of every key that does not depend on the document."""
    return f"{CACHE_FORMAT}|{extractor_version}|{knowledge_fingerprint()}|{code_fingerprint()}|ner={int(ner)}"


def entry_key(content_id: str, rel_path: str, salt: str) -> str:
    """Cache key of one document: content hash, relative path and :func:`cache_salt`."""
    return hashlib.sha256(f"{content_id}\0{rel_path}\0{salt}".encode("utf-8")).hexdigest()[:32]


# --- the store ------------------------------------------------------------------------------

class ExtractionCache:
    """A folder of cache entries.

    Parameters
    ----------
    folder
        The cache folder (created on first write).
    """

    #: the stat index (:meth:`load_index`), beside the entries' sub-folders
    INDEX_NAME = "stat-index.json"
    INDEX_FORMAT = 1

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    # --- the stat index: the content hash of files already read, by their stat -------------------
    #
    # Like git's index: a file whose size, mtime, ctime and inode are those recorded when it was
    # last hashed has the content hash recorded then, and is not read again to find its cache key.
    # An entry is only recorded for a file whose mtime was older than the build that read it by
    # more than ``racy_ns`` (a file changed again within the same timestamp tick keeps its mtime),
    # and an entry whose mtime is not older than the index file itself is not trusted (racy git).

    def load_index(self) -> dict[str, list[Any]]:
        """The stat index: ``{absolute path: [size, mtime_ns, ctime_ns, inode, content id]}``.

        Empty when absent or unreadable; entries not older than the index file are left out.
        """
        path = self.folder / self.INDEX_NAME
        try:
            written = os.stat(path).st_mtime_ns
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            return {}
        try:
            # orjson directly: the index is this module's own file, its integers (ns, inodes) within
            # 64 bits (mtimes in ns have 19 digits: loads_json would hand every index to the json module)
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:  # (file names that are not UTF-8, escaped as lone surrogates)
            try:
                data = loads_json(raw)
            except ValueError:
                return {}
        if not isinstance(data, dict) or data.get("format") != self.INDEX_FORMAT:
            return {}
        entries = data.get("files")
        if not isinstance(entries, dict):
            return {}
        return {p: e for p, e in entries.items()
                if type(e) is list and len(e) == 5 and type(e[1]) is int and type(e[4]) is str and e[1] < written}

    def save_index(self, entries: dict[str, list[Any]]) -> Path:
        """Write the stat index (see :meth:`load_index`) atomically."""
        path = self.folder / self.INDEX_NAME
        with atomic_file(path, "wb", fsync=False) as fh:
            index = {"format": self.INDEX_FORMAT, "files": entries}
            try:
                fh.write(orjson.dumps(index, option=orjson.OPT_SORT_KEYS))
            except TypeError:  # orjson refuses lone surrogates (file names that are not UTF-8)
                fh.write(dumps_json(index, indent=None).encode("utf-8", "surrogatepass"))
        return path

    @staticmethod
    def file_signature(st: os.stat_result) -> list[int]:
        """What the stat index compares: size, mtime and ctime (ns), inode."""
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry's data, or None when absent or unreadable (then it is rebuilt)."""
        try:
            with open(self.path(key), "rb") as fh:
                data = loads_json(fh.read())
        except (OSError, ValueError):  # ValueError: invalid JSON or UTF-8 (a torn entry)
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return None
        return data

    def put(self, key: str, data_json: str) -> Path:
        """Write an entry (JSON text) atomically: through a temporary file renamed into place.

        Unlike :func:`maillage._io.atomic_write_bytes` there is no fsync (it costs ~10 ms per
        file here, more than extracting a document): a killed build leaves whole entries or
        none; after a power cut an entry may be empty or torn, which :meth:`get` detects
        (invalid JSON) and the document is simply extracted again.
        """
        path = self.path(key)
        with atomic_file(path, "wb", fsync=False) as fh:
            fh.write(data_json.encode("utf-8"))
        return path

    def clean_temporary(self) -> int:
        """Remove temporary files a killed build left behind; how many were removed."""
        n = 0
        if not self.folder.is_dir():
            return 0
        folders = [str(self.folder)]
        with os.scandir(self.folder) as it:
            folders += [e.path for e in it if e.is_dir()]
        for folder in folders:
            with os.scandir(folder) as it:
                leftovers = [e.path for e in it if e.name.startswith(".") and e.name.endswith(".tmp")]
            for path in leftovers:
                try:
                    os.unlink(path)
                    n += 1
                except OSError:
                    pass
        return n

    def keys(self) -> set[str]:
        """Keys of all entries present."""
        if not self.folder.is_dir():
            return set()
        return {p.stem for sub in self.folder.iterdir() if sub.is_dir() for p in sub.glob("*.json")}

    def prune(self, keep: set[str]) -> int:
        """Remove entries whose key is not in ``keep``; how many were removed."""
        n = 0
        for k in sorted(self.keys() - keep):
            try:
                os.unlink(self.path(k))
                n += 1
            except OSError:
                pass
        return n
