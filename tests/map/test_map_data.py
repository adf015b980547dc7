"""The influence map without a browser: its data, its HTML and where it writes."""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.errors import ExportError
from maillage.exports.html import (COMMUNITY_PALETTE, RELATION_COLORS, TYPE_COLORS, build_map_data,
                                   escape_script_json, render_map, write_map)
from maillage.graph.store import graph_from_data, graph_to_data

from map_helpers import HOSTILE, hostile_graph_data, synthetic_graph


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self._buf = []

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


# ---------------------------------------------------------------- the data


def test_data_has_every_actor_and_relation(fixture_graph, fixture_graph_data):
    data = build_map_data(fixture_graph)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(n["id"] for n in fixture_graph_data["nodes"])
    assert len(data["edges"]) == len(fixture_graph_data["edges"])
    cemr = next(n for n in data["nodes"] if n["id"] == "k-cemr")
    assert cemr["name"] == "Council of European Municipalities and Regions"
    assert cemr["label"] == "Council of European\nMunicipalities and Regions"  # wrapped on the canvas
    assert "CCRE" in cemr["aliases"] and cemr["color"] == TYPE_COLORS["association"]
    member = next(e for e in data["edges"] if e["type"] == "member_of")
    assert (member["from"], member["to"], member["arrows"]) == ("k-afccre", "k-cemr", "to")
    assert member["evidence"][0]["sentence"] == "L'AFCCRE est la section française du CCRE."
    partner = next(e for e in data["edges"] if e["type"] == "partner_of")
    assert partner["arrows"] == ""  # symmetric
    co = [e for e in data["edges"] if e["type"] == "co_mentioned"]
    assert len(co) == 1 and co[0]["dashes"] is True and co[0]["stated"] is False
    assert co[0]["color"]["color"] == RELATION_COLORS["co_mentioned"]
    assert data["meta"]["documents"]["d2022"]["title"] == "Rencontre France-Balkans-Europe"
    assert data["meta"]["truncated"] is False and data["meta"]["layout"] == "physics"


def test_parallel_relations_are_fanned_out(fixture_graph):
    data = build_map_data(fixture_graph)
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {"k-cemr", "k-nalas"}]
    assert len(pair) == 2
    assert {e["smooth"]["type"] for e in pair} == {"curvedCW", "curvedCCW"}


def test_years_come_from_evidence_or_document_dates(fixture_graph):
    data = build_map_data(fixture_graph)
    by_type = {(e["from"], e["type"]): e for e in data["edges"]}
    assert by_type[("k-meae", "participates_in")]["years"] in ([2016], [2022])
    assert by_type[("k-cemr", "meets")]["years"] == []  # English doc without a date
    assert data["meta"]["years"] == [2016, 2022]
    # a relation whose evidence has no date takes the year of its document
    G = copy.deepcopy(fixture_graph)
    for ev in G.edges["k-cuf", "k-platforma", "partner_of"]["evidence"]:
        ev["date"] = None
    assert next(e for e in build_map_data(G)["edges"]
                if e["from"] == "k-cuf" and e["to"] == "k-platforma")["years"] == [2017]


def test_build_map_data_does_not_mutate_the_graph(fixture_graph):
    G = synthetic_graph(40)
    for graph in (fixture_graph, G):
        before = copy.deepcopy(graph_to_data(graph))
        before_graph_attrs = copy.deepcopy(dict(graph.graph))
        build_map_data(graph, color_by="community" if graph is G else "type", max_nodes=20,
                       layout_threshold=5)
        assert graph_to_data(graph) == before
        assert dict(graph.graph) == before_graph_attrs


def test_same_graph_gives_same_bytes(tmp_path, fixture_graph_data):
    a = write_map(graph_from_data(copy.deepcopy(fixture_graph_data)), tmp_path / "a.html")
    # the same graph read from data listed in another order
    shuffled = copy.deepcopy(fixture_graph_data)
    shuffled["nodes"].reverse()
    shuffled["edges"].reverse()
    b = write_map(graph_from_data(shuffled), tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()
    # and the precomputed layout is seeded
    c = write_map(synthetic_graph(60), tmp_path / "c.html", layout_threshold=10)
    d = write_map(synthetic_graph(60), tmp_path / "d.html", layout_threshold=10)
    assert c.read_bytes() == d.read_bytes()
    e = write_map(synthetic_graph(60), tmp_path / "e.html", layout_threshold=10, seed=7)
    assert e.read_bytes() != c.read_bytes()


def test_top_n_keeps_the_most_central_and_says_so():
    G = synthetic_graph(120)
    data = build_map_data(G, size_by="pagerank", max_nodes=25)
    pr = {n: G.nodes[n]["scores"]["pagerank"] for n in G}
    expected = sorted(G.nodes, key=lambda n: (-pr[n], n))[:25]
    assert sorted(n["id"] for n in data["nodes"]) == sorted(expected)
    kept = set(expected)
    assert data["edges"], "the most central actors are connected"
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert len(data["edges"]) == sum(1 for s, t in G.edges() if s in kept and t in kept)
    meta = data["meta"]
    assert (meta["truncated"], meta["shown_nodes"], meta["total_nodes"]) == (True, 25, 120)
    assert "Showing the 25 most central actors (by pagerank) of 120" in meta["notices"][0]
    # by another measure, another cut
    by_b = build_map_data(G, size_by="betweenness", max_nodes=25)
    assert {n["id"] for n in by_b["nodes"]} != kept


def test_layout_positions_above_threshold_and_physics_below():
    G = synthetic_graph(50)
    small = build_map_data(G, layout_threshold=50)
    assert small["options"]["physics"]["enabled"] is True
    assert all("x" not in n for n in small["nodes"])
    big = build_map_data(G, layout_threshold=49)
    assert big["options"]["physics"]["enabled"] is False and big["meta"]["layout"] == "python"
    xy = [(n["x"], n["y"]) for n in big["nodes"]]
    assert all(isinstance(x, float) and isinstance(y, float) for x, y in xy)
    assert len(set(xy)) == len(xy), "every actor has its own position"


def test_sizes_use_scores_when_present_else_degree(fixture_graph):
    data = build_map_data(fixture_graph, size_by="pagerank")
    assert data["meta"]["size_by"] == "degree" and data["meta"]["size_fallback"] is True
    assert any("No actor has a pagerank score" in s for s in data["meta"]["notices"])
    meae = next(n for n in data["nodes"] if n["id"] == "k-meae")
    assert meae["value"] == fixture_graph.degree("k-meae")
    G = synthetic_graph(30)
    scored = build_map_data(G, size_by="pagerank")
    assert scored["meta"]["size_by"] == "pagerank" and not scored["meta"]["size_fallback"]
    assert scored["meta"]["measures"] == ["betweenness", "degree", "pagerank"]
    a0 = next(n for n in scored["nodes"] if n["id"] == "a0000")
    assert a0["value"] == pytest.approx(G.nodes["a0000"]["scores"]["pagerank"])


def test_colour_by_community(fixture_graph):
    G = synthetic_graph(30)
    data = build_map_data(G, color_by="community")
    comms = data["meta"]["communities"]
    assert [c["color"] for c in comms] == [COMMUNITY_PALETTE[c["id"] % len(COMMUNITY_PALETTE)] for c in comms]
    assert len({c["color"] for c in comms}) == len(comms)
    colour_of = {c["id"]: c["color"] for c in comms}
    assert all(n["color"] == colour_of[n["community"]] for n in data["nodes"])
    assert {c["label"] for c in comms} == {"group 0", "group 1", "group 2"}
    # without communities: by type, and the page says why
    fallback = build_map_data(fixture_graph, color_by="community")
    assert fallback["meta"]["color_by"] == "type"
    assert any("no communities" in s for s in fallback["meta"]["notices"])


@pytest.mark.parametrize("kwargs", [{"color_by": "rainbow"}, {"max_nodes": 0}, {"max_nodes": True},
                                    {"layout_threshold": -1}, {"size_by": ""}])
def test_bad_options_raise_export_error(fixture_graph, kwargs):
    with pytest.raises(ExportError):
        build_map_data(fixture_graph, **kwargs)


def test_empty_graph(tmp_path):
    G = graph_from_data({"documents": [], "nodes": [], "edges": []})
    data = build_map_data(G)
    assert data["nodes"] == [] and data["edges"] == [] and data["meta"]["years"] is None
    assert write_map(G, tmp_path / "empty.html").stat().st_size > 0


# ---------------------------------------------------------------- the HTML


def test_html_is_self_contained_with_a_strict_csp(fixture_graph):
    html = render_map(build_map_data(fixture_graph))
    tags = _parse(html)
    metas = [a for t, a in tags.tags if t == "meta" and (a.get("http-equiv") or "").lower()
             == "content-security-policy"]
    assert len(metas) == 1
    csp = metas[0]["content"] or ""
    directives = {d.split()[0]: d.split()[1:] for d in (x.strip() for x in csp.split(";")) if d}
    assert directives["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["img-src"] == ["data:"]
    # the CSP comes before any script
    assert html.index("Content-Security-Policy") < html.index("<script")
    # nothing is loaded from anywhere: no src/href attributes, no <link>, no @import/url(http)
    for tag, attrs in tags.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "base"), tag
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", html)
    assert "@import" not in html
    # every executable script is allowed by its hash, and only those
    executable = [body for attrs, body in tags.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2  # vis-network and the map
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'"
              for b in executable}
    assert set(directives["script-src"]) == hashes
    assert "window.maillageMap" in executable[1] and "vis-network" in executable[0][:300]


def test_data_blocks_parse_back(fixture_graph):
    data = build_map_data(fixture_graph)
    tags = _parse(render_map(data))
    blocks = {attrs["id"]: json.loads(body) for attrs, body in tags.scripts
              if attrs.get("type") == "application/json"}
    assert blocks["map-nodes"] == data["nodes"]
    assert blocks["map-edges"] == data["edges"]
    assert blocks["map-meta"] == data["meta"]
    assert blocks["map-options"] == data["options"]


def test_hostile_text_never_reaches_the_html_as_markup(fixture_graph_data):
    G = graph_from_data(hostile_graph_data(fixture_graph_data))
    html = render_map(build_map_data(G, title="<script>alert('title')</script> map"))
    for payload in HOSTILE:
        assert payload not in html
    assert "<script>alert(" not in html
    assert "<img" not in html and "<svg" not in html and "<iframe" not in html
    assert "\u2028" not in html and "\u2029" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; map" in html  # the title, escaped
    tags = _parse(html)
    # exactly our tags: nothing injected became an element
    assert sum(1 for t, _ in tags.tags if t == "script") == 6
    assert [t for t, _ in tags.tags if t in ("img", "svg", "iframe", "a")] == []
    assert sum(1 for t, _ in tags.tags if t == "style") == 2
    # and the data still says exactly what the documents said
    nodes = next(json.loads(b) for a, b in tags.scripts if a.get("id") == "map-nodes")
    assert {n["name"].rsplit(" #", 1)[0] for n in nodes} == set(HOSTILE)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_escape_script_json_is_safe_and_round_trips(value):
    text = escape_script_json(value)
    for ch in "<>&\u2028\u2029":
        assert ch not in text
    assert json.loads(text) == value


# ---------------------------------------------------------------- writing


def test_write_map_writes_one_file_and_nothing_in_the_current_directory(tmp_path, monkeypatch, fixture_graph):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    out = write_map(fixture_graph, tmp_path / "out" / "map.html")
    assert out == tmp_path / "out" / "map.html"
    assert os.listdir(cwd) == []
    assert os.listdir(tmp_path / "out") == ["map.html"]  # no lib/, no temporary file left
    text = out.read_bytes().decode("utf-8")
    assert "Cités Unies France" in text  # UTF-8, not \u escapes


def test_write_map_failure_is_an_export_error(tmp_path, fixture_graph):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_map(fixture_graph, blocker / "map.html")


def test_generation_stays_linear_in_calls(monkeypatch):
    """pyvis's add_node/add_edge (quadratic) are never called: the data goes in bulk."""
    from pyvis.network import Network

    def boom(*_a: Any, **_k: Any) -> None:
        raise AssertionError("pyvis add_node/add_edge must not be used")

    monkeypatch.setattr(Network, "add_node", boom)
    monkeypatch.setattr(Network, "add_edge", boom)
    monkeypatch.setattr(Network, "write_html", boom)
    html = render_map(build_map_data(synthetic_graph(30)))
    assert html.count('"label": "Actor ') == 30


def test_rendered_through_pyvis_with_our_template(monkeypatch, fixture_graph):
    from pyvis.network import Network

    calls: list[str] = []
    original = Network.generate_html

    def spy(self: Network, *a: Any, **k: Any) -> str:
        calls.append(self.path)
        return original(self, *a, **k)

    monkeypatch.setattr(Network, "generate_html", spy)
    html = render_map(build_map_data(fixture_graph))
    assert calls == ["map.html"]
    assert 'id="map-panel"' in html
