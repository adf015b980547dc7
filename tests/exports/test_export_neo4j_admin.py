"""neo4j-admin import files: headers, labels and types from the schema, arrays, the command.

Importing them into a real Neo4j (same counts as a push) is tested with the Neo4j set-up,
in tests/neo4j/.
"""
from __future__ import annotations

import csv
import io
import shlex
from pathlib import Path

import networkx as nx
import pytest
from export_helpers import NASTY_NAMES

from maillage.errors import ExportError, SchemaError
from maillage.exports.neo4j_admin import neo4j_admin_files, write_neo4j_admin
from maillage.exports.sanitize import clean_text
from maillage.schema import NODE_LABELS, RELATION_TYPES


def _table(folder: Path, base: str) -> list[dict[str, str]]:
    header = next(csv.reader(io.StringIO((folder / f"{base}.header.csv").read_text(encoding="utf-8"))))
    with (folder / f"{base}.csv").open(encoding="utf-8", newline="") as fh:
        return [dict(zip(header, row, strict=True)) for row in csv.reader(fh)]


def _actor_rows(folder: Path) -> list[dict[str, str]]:
    """Rows of every actor file (not the Document and Dataset node files)."""
    return [r for f in sorted(folder.glob("nodes-*.header.csv"))
            if f.name not in ("nodes-Document.header.csv", "nodes-Dataset.header.csv")
            for r in _table(folder, f.name[:-len(".header.csv")])]


def test_one_header_and_data_file_per_label_and_type(scored_graph, tmp_path: Path) -> None:
    paths = write_neo4j_admin(scored_graph, tmp_path / "import")
    names = {p.name for p in paths}
    labels = {NODE_LABELS[d["type"]] for _n, d in scored_graph.nodes(data=True)}
    types = {RELATION_TYPES[k].cypher for _s, _t, k in scored_graph.edges(keys=True)}
    expected = {f"nodes-{x}{s}" for x in labels | {"Document", "Dataset"} for s in (".header.csv", ".csv")}
    expected |= {f"rels-{x}{s}" for x in types | {"MENTIONS"} for s in (".header.csv", ".csv")}
    assert names == expected | {"import.sh", "README.txt"}


def test_counts_and_ids_match_the_graph(scored_graph, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    write_neo4j_admin(scored_graph, folder)
    actors = _actor_rows(folder)
    assert sorted(r["id:ID(Actor)"] for r in actors) == sorted(scored_graph.nodes)
    for r in actors:
        node = scored_graph.nodes[r["id:ID(Actor)"]]
        assert r[":LABEL"] == f"Actor;{NODE_LABELS[node['type']]}"
        assert r["name"] == node["name"]
        assert r["aliases:string[]"].split(";") == sorted(node["aliases"])
        if "scores" in node:
            assert float(r["score_pagerank:double"]) == node["scores"]["pagerank"]
        assert int(r["community:long"]) == node["community"]
        assert r["datasets:string[]"] == "maillage"  # the push's default dataset
    rels = [r for f in folder.glob("rels-*.header.csv") if "MENTIONS" not in f.name
            for r in _table(folder, f.name[:-len(".header.csv")])]
    assert sorted((r[":START_ID(Actor)"], r[":END_ID(Actor)"], r[":TYPE"]) for r in rels) == \
        sorted((s, t, RELATION_TYPES[k].cypher) for s, t, k in scored_graph.edges(keys=True))
    for r in rels:
        key = r[":TYPE"].lower()
        d = scored_graph.edges[r[":START_ID(Actor)"], r[":END_ID(Actor)"], key]
        assert int(r["weight:long"]) == d["weight"]
        assert r["sentences:string[]"] == ";".join(e["sentence"] for e in d["evidence"])
        assert r["docs:string[]"] == ";".join(e["doc"] for e in d["evidence"])
        assert r["symmetric:boolean"] == ("true" if RELATION_TYPES[key].symmetric else "false")
        assert r["dataset"] == "maillage" and int(r["evidence_count:long"]) == len(d["evidence"])
    docs = _table(folder, "nodes-Document")
    assert sorted(r["id:ID(Document)"] for r in docs) == \
        sorted(d["id"] for d in scored_graph.graph["documents"])
    mentions = _table(folder, "rels-MENTIONS")
    assert len(mentions) == sum(len(d["documents"]) for _n, d in scored_graph.nodes(data=True))
    assert all(r[":TYPE"] == "MENTIONS" and r["dataset"] == "maillage" for r in mentions)
    assert sorted((r[":START_ID(Document)"], r[":END_ID(Actor)"]) for r in mentions) == \
        sorted((doc, n) for n, d in scored_graph.nodes(data=True) for doc in d["documents"])
    # one Dataset node, as the push writes it: its name and the ids of its documents
    (dataset,) = _table(folder, "nodes-Dataset")
    assert dataset["name:ID(Dataset)"] == "maillage" and dataset[":LABEL"] == "Dataset"
    assert dataset["documents:string[]"].split(";") == sorted(d["id"] for d in scored_graph.graph["documents"])


def test_headers_declare_types_and_id_spaces(scored_graph) -> None:
    files = neo4j_admin_files(scored_graph)
    header = files["nodes-Association"].header.decode("utf-8").strip().split(",")
    assert header[:2] == ["id:ID(Actor)", ":LABEL"]
    assert "aliases:string[]" in header and "documents:string[]" in header
    assert "score_pagerank:double" in header and "community:long" in header
    rel = files["rels-MEMBER_OF"].header.decode("utf-8").strip().split(",")
    assert rel[:3] == [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"]
    assert "weight:long" in rel and "symmetric:boolean" in rel and "starts:long[]" in rel
    assert "dataset" in rel and "evidence_json" in rel and "sentences:string[]" in rel
    assert files["rels-MENTIONS"].header.decode("utf-8").strip() == \
        ":START_ID(Document),:END_ID(Actor),:TYPE,dataset"
    assert files["nodes-Dataset"].header.decode("utf-8").strip() == "name:ID(Dataset),:LABEL,documents:string[],meta"
    assert files["nodes-Document"].header.decode("utf-8").strip().split(",")[:2] == ["id:ID(Document)", ":LABEL"]
    assert list(files)[:1] == ["nodes-Association"] and list(files)[-1].startswith("rels-")


def test_import_script_and_readme_name_every_file(scored_graph, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    paths = write_neo4j_admin(scored_graph, folder, database="neo4j")
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert script.startswith("#!/bin/sh")
    assert (folder / "import.sh").stat().st_mode & 0o100
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if line.strip().startswith("neo4j-admin"))
    args = shlex.split(command)
    assert args[:4] == ["neo4j-admin", "database", "import", "full"]
    assert "--array-delimiter=;" in args and "--multiline-fields=true" in args
    assert args[4] == "neo4j"  # the database before the options (--relationships takes many values)
    assert 'database import full "$DATABASE"' in script
    listed = {a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships="))}
    data_files = {p.name for p in paths if p.name.endswith(".csv") and not p.name.endswith(".header.csv")}
    assert {x.split(",")[1] for x in listed} == data_files
    for a in listed:
        assert a.split(",")[0] in script and a.split(",")[1] in script
    nodes_first = [a for a in args if a.startswith("--")]
    assert max(i for i, a in enumerate(nodes_first) if a.startswith("--nodes=")) < \
        min(i for i, a in enumerate(nodes_first) if a.startswith("--relationships="))


def test_nasty_graph_exports_inert_and_complete(nasty_graph, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    write_neo4j_admin(nasty_graph, folder)
    rows = _actor_rows(folder)
    names = {r["name"] for r in rows}
    for name in NASTY_NAMES.values():
        assert clean_text(name)[0] in names
    assert len(rows) == nasty_graph.number_of_nodes()
    # ';' inside array items cannot be escaped for neo4j-admin: replaced, counted
    partner = _table(folder, "rels-PARTNER_OF")
    assert partner[0]["sentences:string[]"] == "A, B, C"
    pageranks = {r.get("score_pagerank:double") for r in rows}
    assert pageranks <= {"", "0.5", None}


def test_delimiter_replacements_are_counted(nasty_graph) -> None:
    from maillage.exports.sanitize import SanitizeReport
    report = SanitizeReport()
    neo4j_admin_files(nasty_graph, report=report)
    assert report.replaced_delimiters >= 3  # "A; B; C" and the sentence with ';'


def test_labels_only_from_the_schema(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", name="A", type="Actor`) DETACH DELETE n //")
    with pytest.raises(SchemaError):
        write_neo4j_admin(G, tmp_path / "x")
    G = nx.MultiDiGraph()
    G.add_node("a", name="A", type="city")
    G.add_edge("a", "a", key="HACKS", type="HACKS", evidence=[])
    with pytest.raises(SchemaError):
        write_neo4j_admin(G, tmp_path / "y")


def test_options(scored_graph, tmp_path: Path) -> None:
    folder = tmp_path / "nodocs"
    paths = write_neo4j_admin(scored_graph, folder, documents=False, dataset="seeds")
    assert not any("Document" in p.name or "MENTIONS" in p.name for p in paths)
    assert {r["datasets:string[]"] for r in _actor_rows(folder)} == {"seeds"}
    assert _table(folder, "rels-MEMBER_OF")[0]["dataset"] == "seeds"
    assert _table(folder, "nodes-Dataset")[0]["name:ID(Dataset)"] == "seeds"
    with pytest.raises(ExportError, match="dataset"):
        write_neo4j_admin(scored_graph, tmp_path / "w", dataset=" ")
    with pytest.raises(ExportError, match="delimiter"):
        write_neo4j_admin(scored_graph, tmp_path / "z", array_delimiter=",")
    f = tmp_path / "afile"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="folder"):
        write_neo4j_admin(scored_graph, f)
