"""``maillage evaluate``: precision, recall and F1 of a graph against gold annotations.

The gold format is the one of ``shared/corpus/seeds.gold.yaml``: a mapping from file name to
``{date, entities: [{name, type, aliases}], relations: [{source, type, target, evidence}]}``.

Matching rule (the gold file's own): an entity is found when a predicted node resolves to it
through any alias (case, accents and punctuation folded); a relation is found when its two
ends resolve and the type matches (``partner_of`` and ``meets`` are symmetric). Only the
predicted nodes that a document mentions and the relations with evidence in that document are
scored against that document's annotations; co-mentions are never counted as relations.

Examples
--------
>>> prf(3, 4, 6)
{'precision': 0.75, 'recall': 0.5, 'f1': 0.6, 'tp': 3, 'predicted': 4, 'gold': 6}
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

import networkx as nx
import yaml

from .errors import EvaluationError
from .schema import CO_MENTION, RELATION_TYPES
from .text import fold


def prf(tp: int, predicted: int, gold: int, *, tp_gold: int | None = None) -> dict[str, Any]:
    """Precision, recall, F1 (rounded to 4 places) from counts.

    ``tp`` counts correct predictions; ``tp_gold`` (default ``tp``) counts found gold items.
    """
    tg = tp if tp_gold is None else tp_gold
    p = tp / predicted if predicted else (1.0 if not gold else 0.0)
    r = tg / gold if gold else (1.0 if not predicted else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp,
            "predicted": predicted, "gold": gold}


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read and check a gold annotation file."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"{p}: no such gold file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvaluationError(f"{p}: cannot read gold annotations ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise EvaluationError(f"{p}: expected a mapping of file names to annotations")
    for name, doc in data.items():
        if not isinstance(doc, dict):
            raise EvaluationError(f"{p}: entry {name!r} is not a mapping")
        for e in doc.get("entities") or []:
            if not isinstance(e, dict) or "name" not in e:
                raise EvaluationError(f"{p}: {name}: an entity has no name")
        for r in doc.get("relations") or []:
            if not isinstance(r, dict) or not {"source", "type", "target"} <= set(r):
                raise EvaluationError(f"{p}: {name}: a relation lacks source, type or target")
            if r["type"] not in RELATION_TYPES:
                raise EvaluationError(f"{p}: {name}: unknown relation type {r['type']!r}")
    return data


def _forms(names: list[str]) -> set[str]:
    return {f for f in (fold(n) for n in names if n) if f}


def evaluate(gold: dict[str, dict[str, Any]], G: nx.MultiDiGraph) -> dict[str, Any]:
    """Score ``G`` against ``gold`` (see module docstring for the matching rule).

    Returns
    -------
    dict
        ``{"overall": {"actors": prf, "relations": prf}, "documents": {file: {...}}}``;
        each document also lists the gold items ``missed`` and the predictions ``spurious``.
    """
    docs_by_name: dict[str, list[str]] = defaultdict(list)
    for d in G.graph.get("documents", []):
        path = PurePosixPath(d.get("path") or "")
        docs_by_name[path.name].append(d["id"])
        docs_by_name[str(path)].append(d["id"])
    nodes_by_doc: dict[str, list[str]] = defaultdict(list)
    for n, data in G.nodes(data=True):
        for doc in data.get("documents", []):
            nodes_by_doc[doc].append(n)
    edges_by_doc: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for s, t, k, data in G.edges(keys=True, data=True):
        if data.get("type", k) == CO_MENTION:
            continue
        for ev in data.get("evidence", []):
            edges_by_doc[ev.get("doc")].add((s, t, data.get("type", k)))
    totals = defaultdict(int)
    per_doc: dict[str, Any] = {}
    for fname in sorted(gold):
        g = gold[fname] or {}
        doc_ids = docs_by_name.get(fname) or docs_by_name.get(PurePosixPath(fname).name) or []
        entities = g.get("entities") or []
        ent_forms = {e["name"]: _forms([e["name"], *(e.get("aliases") or [])]) for e in entities}
        pred_nodes = sorted({n for d in doc_ids for n in nodes_by_doc.get(d, [])})
        node_to_ents: dict[str, set[str]] = {}
        for n in pred_nodes:
            data = G.nodes[n]
            forms = _forms([data.get("name", ""), *data.get("aliases", [])])
            node_to_ents[n] = {name for name, ef in ent_forms.items() if forms & ef}
        found_ents = set().union(*node_to_ents.values()) if node_to_ents else set()
        tp_nodes = sum(1 for n in pred_nodes if node_to_ents[n])
        actors = prf(tp_nodes, len(pred_nodes), len(ent_forms), tp_gold=len(found_ents))
        gold_rels = set()
        for r in g.get("relations") or []:
            s, typ, t = r["source"], r["type"], r["target"]
            if RELATION_TYPES[typ].symmetric and t < s:
                s, t = t, s
            gold_rels.add((s, typ, t))
        pred_edges = sorted({e for d in doc_ids for e in edges_by_doc.get(d, set())})
        matched_gold: set[tuple[str, str, str]] = set()
        spurious = []
        tp_edges = 0
        for s, t, typ in pred_edges:
            hits = set()
            for es in node_to_ents.get(s, ()):
                for et in node_to_ents.get(t, ()):
                    a, b = es, et
                    if RELATION_TYPES[typ].symmetric and b < a:
                        a, b = b, a
                    if (a, typ, b) in gold_rels:
                        hits.add((a, typ, b))
            if hits:
                tp_edges += 1
                matched_gold |= hits
            else:
                spurious.append({"source": G.nodes[s].get("name", s), "type": typ,
                                 "target": G.nodes[t].get("name", t)})
        relations = prf(tp_edges, len(pred_edges), len(gold_rels), tp_gold=len(matched_gold))
        per_doc[fname] = {
            "found": bool(doc_ids),
            "actors": actors,
            "relations": relations,
            "missed_actors": sorted(set(ent_forms) - found_ents),
            "spurious_actors": sorted(G.nodes[n].get("name", n) for n in pred_nodes if not node_to_ents[n]),
            "missed_relations": [{"source": s, "type": t, "target": o} for s, t, o in sorted(gold_rels - matched_gold)],
            "spurious_relations": spurious,
        }
        for kind, score in (("actors", actors), ("relations", relations)):
            totals[f"{kind}_tp"] += score["tp"]
            totals[f"{kind}_pred"] += score["predicted"]
            totals[f"{kind}_gold"] += score["gold"]
        totals["actors_found"] += len(found_ents)
        totals["relations_found"] += len(matched_gold)
    overall = {
        kind: prf(totals[f"{kind}_tp"], totals[f"{kind}_pred"], totals[f"{kind}_gold"],
                  tp_gold=totals[f"{kind}_found"])
        for kind in ("actors", "relations")
    }
    return {"overall": overall, "documents": per_doc}
