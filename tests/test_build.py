"""build: documents in, graph.json out; resolution across documents; evaluate; the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from maillage.cli import main
from maillage.evaluate import evaluate, load_gold, prf
from maillage.errors import EvaluationError, MaillageError
from maillage.graph.build import assemble
from maillage.graph.store import read_graph
from maillage.loaders.extract import Extractor
from maillage.model import Document
from maillage.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
GOLD = ROOT.parent / "shared" / "corpus" / "seeds.gold.yaml"

FR = ("Paris, le 3 février 2021\n\nLe CCRE et NALAS ont signé un accord de partenariat. "
      "Cités Unies France est membre de CGLU.")
EN = ("Brussels, 4 June 2023\n\nCEMR met the Association of Albanian Municipalities. "
      "United Cities and Local Governments (UCLG) welcomed the agreement.")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "fr.txt").write_text(FR, encoding="utf-8")
    (d / "sub" / "en.md").write_text(EN, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02garbage")
    return d


def test_build_writes_graph_json_contract(corpus: Path, tmp_path: Path):
    res = build(corpus, tmp_path / "out", ner=False)
    data = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    assert data["format"] == "maillage-graph" and data["version"] == 1
    assert {d["path"] for d in data["documents"]} == {"fr.txt", "sub/en.md"}
    for d in data["documents"]:
        assert set(d) >= {"id", "path", "title", "lang", "date"}
    assert {d["lang"] for d in data["documents"]} == {"fr", "en"}
    for n in data["nodes"]:
        assert set(n) >= {"id", "name", "type", "aliases", "documents"}
    for e in data["edges"]:
        assert set(e) >= {"source", "target", "type", "evidence", "weight"}
        for ev in e["evidence"]:
            assert set(ev) >= {"doc", "sentence", "start", "end", "method"}
    skipped = {s["path"]: s["reason"] for s in res.skipped}
    assert set(skipped) == {"empty.txt", "binary.pdf"}
    assert res.documents == 2


def test_one_node_per_actor_across_documents_and_languages(corpus: Path, tmp_path: Path):
    build(corpus, tmp_path / "out", ner=False)
    G = read_graph(tmp_path / "out" / "graph.json")
    cemr = G.nodes["k-cemr"]
    assert {"CCRE", "CEMR"} <= set(cemr["aliases"])
    assert len(cemr["documents"]) == 2
    uclg = G.nodes["k-uclg"]
    assert {"CGLU", "UCLG"} <= set(uclg["aliases"])


def test_same_input_same_bytes(corpus: Path, tmp_path: Path):
    build(corpus, tmp_path / "a", ner=False)
    build(corpus, tmp_path / "b", ner=False)
    assert (tmp_path / "a" / "graph.json").read_bytes() == (tmp_path / "b" / "graph.json").read_bytes()


def test_assemble_is_independent_of_document_order():
    ex = Extractor(ner=False)
    docs = [Document(id=f"d{i}", path=f"{i}.txt", title="", lang="fr", date=None, text=t, format="txt")
            for i, t in enumerate([FR, EN, "L'Observatoire des Jumelages (ODJ) publie. L'ODJ rencontre le CCRE."])]
    a = assemble([ex.extract(d) for d in docs])
    b = assemble([ex.extract(d) for d in reversed(docs)])
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_unknown_actor_defined_in_two_documents_is_one_node():
    ex = Extractor(ner=False)
    d1 = Document(id="a", path="a.txt", title="", lang="fr", date=None, format="txt",
                  text="L'Observatoire des Jumelages (ODJ) publie un guide.")
    d2 = Document(id="b", path="b.txt", title="", lang="fr", date=None, format="txt",
                  text="Le guide de l'Observatoire des Jumelages est en ligne.")
    G = assemble([ex.extract(d1), ex.extract(d2)])
    [node] = [n for n, d in G.nodes(data=True) if "ODJ" in d["aliases"]]
    assert G.nodes[node]["documents"] == ["a", "b"]


def test_nothing_readable_is_an_error(tmp_path: Path):
    (tmp_path / "e.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(MaillageError, match="nothing to build"):
        build(tmp_path, tmp_path / "out", ner=False)
    assert not (tmp_path / "out" / "graph.json").exists()


# --- evaluate ---------------------------------------------------------------------------

def test_prf():
    assert prf(0, 0, 0)["f1"] == 1.0
    assert prf(1, 2, 4) == {"precision": 0.5, "recall": 0.25, "f1": 0.3333, "tp": 1, "predicted": 2, "gold": 4}


def test_evaluate_matching_rule(fixture_graph, tmp_path: Path):
    gold = {
        "cemr_nalas_en.md": {
            "entities": [
                {"name": "CEMR", "type": "association", "aliases": ["CCRE"]},
                {"name": "NALAS", "type": "association", "aliases": []},
                {"name": "Somebody Missing", "type": "person", "aliases": []},
            ],
            "relations": [
                {"source": "NALAS", "type": "meets", "target": "CEMR"},  # symmetric, reversed
                {"source": "CEMR", "type": "funds", "target": "NALAS"},  # not predicted
            ],
        }
    }
    res = evaluate(gold, fixture_graph)["documents"]["cemr_nalas_en.md"]
    assert res["actors"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert "Somebody Missing" in res["missed_actors"]
    rel = res["relations"]
    assert rel["gold"] == 2 and rel["recall"] == 0.5
    # predicted in that document: meets, partner_of, meets(DG NEAR), part_of -> one is right
    assert rel["tp"] == 1 and rel["predicted"] == 4


def test_load_gold_rejects_bad_files(tmp_path: Path):
    p = tmp_path / "g.yaml"
    p.write_text("a.txt:\n  relations:\n    - {source: A, type: likes, target: B}\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="unknown relation type 'likes'"):
        load_gold(p)
    with pytest.raises(EvaluationError, match="no such gold file"):
        load_gold(tmp_path / "missing.yaml")


@pytest.mark.skipif(not SEEDS.exists(), reason="needs ../shared/corpus")
def test_seed_quality_floor(tmp_path: Path):
    """The figures the issue asks for, on the development set (actor F1 >= 0.90, relation F1 >= 0.70)."""
    build(SEEDS, tmp_path / "out")
    res = evaluate(load_gold(GOLD), read_graph(tmp_path / "out" / "graph.json"))["overall"]
    assert res["actors"]["f1"] >= 0.90, res
    assert res["relations"]["f1"] >= 0.70, res


# --- CLI --------------------------------------------------------------------------------

def test_cli_build_and_evaluate(corpus: Path, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "out"
    r = runner.invoke(main, ["build", str(corpus), "-o", str(out), "--no-ner", "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["documents"] == 2 and len(summary["skipped"]) == 2
    assert "skipped empty.txt: empty file" in r.stderr
    gold = tmp_path / "gold.yaml"
    gold.write_text("fr.txt:\n  entities:\n    - {name: CEMR, type: association, aliases: [CCRE]}\n"
                    "  relations:\n    - {source: CEMR, type: partner_of, target: NALAS}\n", encoding="utf-8")
    r = runner.invoke(main, ["evaluate", str(gold), str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["documents"]["fr.txt"]["actors"]["recall"] == 1.0


def test_cli_errors_are_one_line(tmp_path: Path):
    runner = CliRunner()
    (tmp_path / "bad.txt").write_bytes(b"")
    r = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1].startswith("maillage: error:")
    (tmp_path / "g.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "gold.yaml").write_text("{}", encoding="utf-8")
    r = runner.invoke(main, ["evaluate", str(tmp_path / "gold.yaml"), str(tmp_path / "g.json")])
    assert r.exit_code == 1 and "invalid JSON" in r.stderr


def test_map_and_report_come_with_analysis_scores_in_graph_json(corpus: Path, tmp_path: Path):
    plain = build(corpus, tmp_path / "plain", ner=False, cache=False)
    assert not any("scores" in d for _, d in plain.graph.nodes(data=True))
    res = build(corpus, tmp_path / "full", ner=False, cache=False, map=True, report=True)
    assert set(res.outputs) == {"graph", "map", "report"}
    G = read_graph(res.outputs["graph"])
    scored = [d for _, d in G.nodes(data=True) if "scores" in d]
    assert scored and all("pagerank" in d["scores"] and "community" in d for d in scored)
    # the report reuses the build's analysis: the same page as `maillage report` on graph.json
    from maillage.exports.report import write_report

    again = write_report(G, tmp_path / "again.html")
    assert again.read_bytes() == (tmp_path / "full" / "report.html").read_bytes()
    # the same analysis as `maillage analyse` would write, and none when asked not to
    none = build(corpus, tmp_path / "none", ner=False, cache=False, map=True, analyse=False)
    assert not any("scores" in d for _, d in read_graph(none.outputs["graph"]).nodes(data=True))
