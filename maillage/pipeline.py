"""``maillage build``: a folder of documents in, graph.json (and optionally the map and report) out.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Le CCRE et NALAS ont signé un accord de partenariat.", encoding="utf-8")
>>> res = build(d, d / "out", ner=False)
>>> res.documents, res.relations_by_type.get("partner_of")
(1, 1)
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import LoaderError, MaillageError
from .graph.build import assemble
from .graph.store import write_graph
from .loaders import list_files, load_document
from .loaders.extract import EXTRACTOR_VERSION, Extractor
from .model import Extraction

#: progress(done, total, label) is called after each document
Progress = Callable[[int, int, str], None]


@dataclass
class BuildResult:
    """What a build read, skipped, found and wrote."""

    graph: nx.MultiDiGraph
    documents: int
    skipped: list[dict[str, str]]
    outputs: dict[str, str] = field(default_factory=dict)
    actors_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``maillage build --json`` prints)."""
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "actors": self.graph.number_of_nodes(),
            "actors_by_type": self.actors_by_type,
            "relations": sum(v for k, v in self.relations_by_type.items() if k != "co_mentioned"),
            "relations_by_type": self.relations_by_type,
            "outputs": self.outputs,
            "seconds": round(self.seconds, 3),
        }


def extract_documents(paths: list[Path], root: Path, extractor: Extractor,
                      progress: Progress | None = None) -> tuple[list[Extraction], list[dict[str, str]]]:
    """Load and extract each file; unreadable files are reported, not fatal."""
    extractions: list[Extraction] = []
    skipped: list[dict[str, str]] = []
    for i, p in enumerate(paths, 1):
        try:
            doc = load_document(p, root)
            extractions.append(extractor.extract(doc))
        except LoaderError as exc:
            skipped.append({"path": _rel(p, root), "reason": exc.reason})
        if progress:
            progress(i, len(paths), _rel(p, root))
    return extractions, skipped


def _rel(p: Path, root: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


def build(inputs: str | Path, out_dir: str | Path, *, ner: bool | str = "auto", map: bool = False,
          report: bool = False, progress: Progress | None = None) -> BuildResult:
    """Read every document under ``inputs``, extract actors and relations, write ``out_dir/graph.json``.

    Parameters
    ----------
    inputs
        A folder (walked recursively, in sorted order) or one file.
    out_dir
        Where graph.json (and map.html, report.html) are written, atomically.
    ner
        Use spaCy's French NER where rules leave names unexplained (``"auto"``: when installed).
    map, report
        Also write the influence map (``map.html``) and the analyst report (``report.html``).
    progress
        Called as ``progress(done, total, path)`` after each document.

    Raises
    ------
    MaillageError
        When ``inputs`` does not exist, or no document at all could be read.
    """
    t0 = time.perf_counter()
    inputs = Path(inputs)
    out = Path(out_dir)
    files, walk_errors = list_files(inputs)
    root = inputs.parent if inputs.is_file() else inputs
    extractor = Extractor(ner=ner)
    extractions, skipped = extract_documents(files, root, extractor, progress)
    skipped = [{"path": e.path, "reason": e.reason} for e in walk_errors] + skipped
    if not extractions:
        what = f"{len(skipped)} file(s) skipped" if skipped else "no document found"
        raise MaillageError(f"{inputs}: nothing to build ({what})")
    G = assemble(extractions, meta={"extractor": EXTRACTOR_VERSION, "skipped": skipped})
    outputs = {"graph": str(write_graph(G, out / "graph.json"))}
    if map:
        from .exports.html import write_map
        outputs["map"] = str(write_map(G, out / "map.html"))
    if report:
        from .exports.report import write_report
        outputs["report"] = str(write_report(G, out / "report.html"))
    actors = Counter(d["type"] for _, d in G.nodes(data=True))
    rels = Counter(d["type"] for _, _, d in G.edges(data=True))
    return BuildResult(graph=G, documents=len(extractions), skipped=skipped, outputs=outputs,
                       actors_by_type=dict(sorted(actors.items())), relations_by_type=dict(sorted(rels.items())),
                       seconds=time.perf_counter() - t0)
