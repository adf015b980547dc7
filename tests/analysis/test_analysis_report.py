"""The analyst report (maillage.exports.report): content, escaping, offline-ness, determinism, edge cases."""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from maillage.exports.report import CSS, report_data, write_report
from maillage.graph.analysis import analyse
from maillage.graph.store import add_edge

HOSTILE = '<script>alert("x")</script> & </textarea><img src=x onerror=alert(1)> $\\frac{a}{b}$ {{x}}'
SECTIONS = ["Key figures", "Most central actors", "Communities", "Brokers", "Timeline", "How this was computed"]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def test_report_of_the_fixture_graph(tmp_path, fixture_graph):
    path = write_report(fixture_graph, tmp_path / "report.html")
    html = path.read_text(encoding="utf-8")
    doc = parse(html)
    headings = [t for t in doc.text if t.strip()]
    for s in SECTIONS:
        assert s in headings, s
    text = " ".join(doc.text)
    # key figures, the actors a person expects on top, and why they rank (their relations, with the sentence)
    assert "4" in text and "documents" in text
    assert "French Ministry for Europe and Foreign Affairs" in text
    assert "L'AFCCRE est la section française du CCRE." in text
    assert "présenter aux collectivités les recommandations du MAEDI" in text
    assert "2016" in text and "2022" in text  # the timeline
    assert "What changed between 2016 and 2022" in text
    # plots are embedded PNGs, nothing else is loaded
    imgs = [a for t, a in doc.tags if t == "img"]
    assert len(imgs) >= 4 and all(a["src"].startswith("data:image/png;base64,") for a in imgs)
    for a in imgs:
        assert base64.b64decode(a["src"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    for t, a in doc.tags:
        for k in ("src", "href"):
            if a.get(k):
                assert a[k].startswith(("data:", "#")), (t, a)
    assert not any(t in ("script", "link", "iframe", "object") for t, _ in doc.tags)


def test_csp_forbids_everything_but_the_one_style_and_data_images(tmp_path, fixture_graph):
    html = write_report(fixture_graph, tmp_path / "r.html", plots=False).read_text(encoding="utf-8")
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert m
    csp = m.group(1)
    assert "default-src 'none'" in csp and "img-src data:" in csp and "unsafe" not in csp
    digest = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    assert html.count("<style>") == 1 and f"<style>{CSS}</style>" in html
    assert " style=" not in html  # inline style attributes would be blocked by the CSP


def test_document_text_is_escaped(tmp_path):
    G = nx.MultiDiGraph()
    G.graph["documents"] = [{"id": "d", "path": HOSTILE, "title": HOSTILE, "date": "2020-02-02"}]
    for v, lv in [("a", "local"), ("b", "national"), ("c", "european")]:
        G.add_node(v, name=f"{HOSTILE} {v}", type="association", level=lv, aliases=[HOSTILE], documents=["d"])
    add_edge(G, "a", "b", "member_of", [{"doc": "d", "sentence": HOSTILE, "start": 0}])
    add_edge(G, "b", "c", "member_of", [{"doc": "d", "sentence": HOSTILE + " 2", "start": 9}])
    html = write_report(G, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=x" not in html and "</textarea>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    doc = parse(html)
    assert HOSTILE + " a" in "".join(doc.text)  # shown to the reader as text, intact


@pytest.mark.parametrize("case", ["no-edges", "no-nodes", "one-edge", "unicode"])
def test_tiny_and_empty_graphs(tmp_path, case):
    G = nx.MultiDiGraph()
    G.graph["documents"] = []
    if case != "no-nodes":
        G.add_node("a", name="Alpha", type="city", aliases=[], documents=[])
        G.add_node("b", name="Beta 北京 🚀", type="association", aliases=[], documents=[])
    if case in ("one-edge", "unicode"):
        add_edge(G, "a", "b", "member_of", [{"doc": "d", "sentence": "Alpha is a member of Beta.", "start": 0}])
    if case == "unicode":
        G.add_node("c", name="Ωmega $x^2$ ∑", type="association", level="global", aliases=[], documents=[])
        add_edge(G, "b", "c", "partner_of", [{"doc": "d", "sentence": "Beta and Ωmega.", "start": 5}])
    html = write_report(G, tmp_path / "r.html").read_text(encoding="utf-8")
    text = " ".join(parse(html).text)
    for s in SECTIONS:
        assert s in text
    if case in ("no-edges", "no-nodes"):
        assert "No actor scores above zero." in text or case == "no-nodes"
        assert "<img" not in html


def test_report_reuses_an_analysis_and_ranks_by_each_measure(fixture_graph):
    res = analyse(fixture_graph, seed=1)
    data = report_data(fixture_graph, analysis=res, top=3)
    assert data["analysis"] is res
    for measure, rows in data["top"].items():
        vals = [r["score"] for r in rows]
        assert vals == sorted(vals, reverse=True) and len(rows) <= 3
        assert all(res["scores"][r["id"]][measure] == r["score"] for r in rows)
    top = data["top"]["pagerank"][0]
    assert top["why"] and all(w["evidence"]["sentence"] for w in top["why"] if w["evidence"])


def test_report_of_a_synthetic_graph_is_deterministic(tmp_path, synth_small):
    a = write_report(synth_small, tmp_path / "a.html", seed=5).read_bytes()
    b = write_report(synth_small, tmp_path / "b.html", seed=5).read_bytes()
    assert a == b
    assert b"smaller communities not listed" in a or b"Communities by size" in a


def test_build_report_flag_writes_the_report(tmp_path):
    from click.testing import CliRunner

    from maillage.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("L'AFCCRE est membre du CCRE. Cités Unies France travaille en partenariat avec "
                                "PLATFORMA.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(docs), "-o", str(tmp_path / "out"), "--report", "--no-ner",
                                    "--no-cache", "--json", "-j", "1"])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Most central actors" in html


@pytest.mark.parametrize("module", ["maillage.exports.report", "maillage.graph.analysis.core",
                                    "maillage.graph.analysis.centrality", "maillage.graph.analysis.communities",
                                    "maillage.graph.analysis.brokerage", "maillage.graph.analysis.paths",
                                    "maillage.graph.analysis.ego", "maillage.graph.analysis.timeline",
                                    "maillage.graph.analysis.projection"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    mod = importlib.import_module(module)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
