"""CSV tables: read back with the csv module, BOM for Excel, formulas made inert, golden files."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from export_helpers import NASTY_NAMES

from maillage.errors import ExportError
from maillage.exports.csv import csv_bytes, csv_tables, write_csv
from maillage.exports.sanitize import CSV_FORMULA_CHARS, clean_text, sanitize_graph

GOLDEN = Path(__file__).parent / "golden" / "csv"


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _inert(text: str) -> str:
    return "'" + text if text.startswith(CSV_FORMULA_CHARS) else text


def test_writes_four_tables_that_read_back(scored_graph, tmp_path: Path) -> None:
    paths = write_csv(scored_graph, tmp_path / "tables")
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv", "evidence.csv", "documents.csv"]
    nodes = {r["id"]: r for r in _rows(paths[0])}
    assert set(nodes) == set(scored_graph.nodes)
    for n, d in scored_graph.nodes(data=True):
        assert nodes[n]["name"] == d["name"]
        assert nodes[n]["type"] == d["type"]
        assert nodes[n]["aliases"].split("|") == sorted(d["aliases"])
        assert nodes[n]["community"] == str(d["community"])
        pagerank = (d.get("scores") or {}).get("pagerank")
        assert nodes[n]["score_pagerank"] == ("" if pagerank is None else repr(pagerank))
        assert nodes[n]["country"] == (d.get("country") or "")
    edges = _rows(paths[1])
    assert sorted((r["source"], r["target"], r["type"]) for r in edges) == \
        sorted((s, t, k) for s, t, k in scored_graph.edges(keys=True))
    for r in edges:
        d = scored_graph.edges[r["source"], r["target"], r["type"]]
        assert int(r["weight"]) == d["weight"]
        assert r["sentence"] == d["evidence"][0]["sentence"]
        assert r["source_name"] == scored_graph.nodes[r["source"]]["name"]
        assert r["symmetric"] in ("true", "false")
    evidence = _rows(paths[2])
    assert len(evidence) == sum(len(d["evidence"]) for _s, _t, d in scored_graph.edges(data=True))
    titles = {d["id"]: d["title"] for d in scored_graph.graph["documents"]}
    for r in evidence:
        assert r["doc_title"] == titles[r["doc"]]
    docs = _rows(paths[3])
    assert {r["id"] for r in docs} == set(titles)


def test_columns_lead_with_ids_and_names(scored_graph) -> None:
    tables = csv_tables(scored_graph)
    assert tables["nodes.csv"][0][:3] == ["id", "name", "type"]
    assert tables["edges.csv"][0][:5] == ["source", "target", "source_name", "target_name", "type"]


def test_bom_by_default_and_plain_utf8_on_request(scored_graph, tmp_path: Path) -> None:
    with_bom = write_csv(scored_graph, tmp_path / "a")[0].read_bytes()
    without = write_csv(scored_graph, tmp_path / "b", bom=False)[0].read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbfid,name,type")
    assert without.startswith(b"id,name,type")
    assert with_bom[3:] == without
    assert "Cités Unies France" in without.decode("utf-8")
    assert b"\r\n" in without  # RFC 4180 line ends


def test_semicolon_delimiter_for_french_excel(scored_graph, tmp_path: Path) -> None:
    nodes = _rows(write_csv(scored_graph, tmp_path / "fr", delimiter=";")[0], delimiter=";")
    assert {r["id"] for r in nodes} == set(scored_graph.nodes)
    with pytest.raises(ExportError, match="delimiter"):
        write_csv(scored_graph, tmp_path / "bad", delimiter="|")
    with pytest.raises(ExportError, match="delimiter"):
        write_csv(scored_graph, tmp_path / "bad", delimiter=",,")


def test_destination_must_be_a_folder(scored_graph, tmp_path: Path) -> None:
    f = tmp_path / "file.csv"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="folder"):
        write_csv(scored_graph, f)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "=HYPERLINK(\"http://e\")"])
def test_injection_cells_are_inert(text: str) -> None:
    data = csv_bytes(["name"], [{"name": text}], bom=False).decode("utf-8")
    [row] = list(csv.DictReader(data.splitlines(keepends=True)))
    assert row["name"] == "'" + text
    assert not row["name"].startswith(CSV_FORMULA_CHARS)


def test_nasty_graph_reads_back_with_every_cell_inert(nasty_graph, tmp_path: Path) -> None:
    paths = write_csv(nasty_graph, tmp_path / "nasty")
    nodes = {r["name"]: r for r in _rows(paths[0])}
    for name in NASTY_NAMES.values():
        assert _inert(clean_text(name)[0]) in nodes
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in nodes
    assert "line one\nline two\r\nline three" in nodes  # newlines survive quoting
    clean = sanitize_graph(nasty_graph)
    assert {r["id"] for r in _rows(paths[0])} == {_inert(n) for n in clean.nodes}
    for path in paths:
        for row in _rows(path):
            for cell in row.values():
                assert not (cell or "").startswith(CSV_FORMULA_CHARS), (path.name, cell)
                assert clean_text(cell or "")[1] == 0
    # NaN and infinities: empty cells, never "nan"/"inf"
    scores = [r["score_pagerank"] for r in _rows(paths[0]) if r["id"].startswith("n-")]
    assert set(scores) == {"", "0.5"}
    edges = _rows(paths[1])
    assert ("idwithcontrols", "'=cmd|' /C calc'!A0") in {(r["source"], r["target"]) for r in edges}
    assert len(_rows(paths[2])) == 4


def test_golden_files(scored_graph, tmp_path: Path) -> None:
    """Catches unintended format changes; regenerate with MAILLAGE_UPDATE_GOLDEN=1."""
    paths = write_csv(scored_graph, tmp_path / "tables")
    if os.environ.get("MAILLAGE_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for p in paths:
            (GOLDEN / p.name).write_bytes(p.read_bytes())
    for p in paths:
        golden = GOLDEN / p.name
        if not golden.exists():
            pytest.fail(f"{golden} is missing: run with MAILLAGE_UPDATE_GOLDEN=1 once and review it")
        assert p.read_bytes() == golden.read_bytes(), p.name
