"""The influence map in a real browser: Debian's chromium, headless, driven by Playwright.

Every test opens a map written by :func:`maillage.exports.html.write_map` from ``file://`` and
checks what a person sees and can do, and that the page stays offline and quiet.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from map_helpers import HOSTILE, hostile_graph_data, node_dom_point, open_map, synthetic_graph, visible_counts

from maillage.exports.html import write_map
from maillage.graph.store import graph_from_data

pytestmark = pytest.mark.browser


@pytest.fixture
def fixture_map(tmp_path: Path, fixture_graph: Any) -> Path:
    return write_map(fixture_graph, tmp_path / "map.html")


def _panel(page: Any) -> str:
    return page.inner_text("#map-panel")


def test_renders_every_actor_and_relation(page, fixture_map, fixture_graph_data):
    log = open_map(page, fixture_map)
    n_nodes = len(fixture_graph_data["nodes"])
    n_edges = len(fixture_graph_data["edges"])
    n_co = sum(1 for e in fixture_graph_data["edges"] if e["type"] == "co_mentioned")
    assert n_co >= 1
    assert page.evaluate("[maillageMap.nodes.length, maillageMap.edges.length]") == [n_nodes, n_edges]
    # co-mentions are hidden by default; everything else is drawn
    assert visible_counts(page) == (n_nodes, n_edges - n_co)
    drawn = page.evaluate("Object.values(maillageMap.network.body.nodes).filter(n => n.options.hidden !== true"
                          " && !n.isCluster).length")
    assert drawn == n_nodes
    # the co-mention toggle shows them, dashed
    page.check("#filter-comentions")
    assert visible_counts(page) == (n_nodes, n_edges)
    assert page.evaluate("maillageMap.edges.get({filter: e => e.type === 'co_mentioned'})"
                         ".every(e => e.dashes === true && !e.hidden)")
    assert "15 of 15 actors" in page.inner_text("#map-stats")
    log.assert_clean()


def test_search_finds_an_actor_by_an_acronym_in_the_other_language(page, fixture_map):
    log = open_map(page, fixture_map)
    page.fill("#map-search", "CCRE")  # French acronym of CEMR
    first = page.locator("#map-search-results li").first
    assert first.inner_text().startswith("Council of European Municipalities and Regions")
    assert "CCRE" in first.inner_text()
    page.press("#map-search", "Enter")
    assert page.evaluate("maillageMap.network.getSelectedNodes()") == ["k-cemr"]
    panel = _panel(page)
    assert "Council of European Municipalities and Regions" in panel
    assert "Conseil des Communes et Régions d'Europe" in panel
    # accents and case do not matter; clicking a result works too
    page.fill("#map-search", "cites unies")
    page.locator("#map-search-results li").first.click()
    assert page.evaluate("maillageMap.network.getSelectedNodes()") == ["k-cuf"]
    log.assert_clean()


def test_type_filter_hides_what_it_should(page, fixture_map, fixture_graph_data):
    log = open_map(page, fixture_map)
    events = {n["id"] for n in fixture_graph_data["nodes"] if n["type"] == "event"}
    assert events
    touching = sum(1 for e in fixture_graph_data["edges"]
                   if e["type"] != "co_mentioned" and (e["source"] in events or e["target"] in events))
    n0, e0 = visible_counts(page)
    page.locator("#filter-types label", has_text="event").locator("input").uncheck()
    assert visible_counts(page) == (n0 - len(events), e0 - touching)
    hidden = set(page.evaluate("maillageMap.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == events
    # relation type filter and min evidence
    page.locator("#filter-types label", has_text="event").locator("input").check()
    page.locator("#filter-relations label", has_text="is a partner of").locator("input").uncheck()
    partners = sum(1 for e in fixture_graph_data["edges"] if e["type"] == "partner_of")
    assert visible_counts(page) == (n0, e0 - partners)
    page.click("#map-reset")
    assert visible_counts(page) == (n0, e0)
    page.fill("#filter-min-evidence", "2")
    assert visible_counts(page)[1] == sum(1 for e in fixture_graph_data["edges"]
                                          if e["type"] != "co_mentioned" and len(e["evidence"]) >= 2)
    # with no relation left, every actor is isolated
    page.check("#filter-isolated")
    assert visible_counts(page) == (0, 0)
    log.assert_clean()


def test_level_and_year_filters(page, fixture_map, fixture_graph_data):
    log = open_map(page, fixture_map)
    n0, _ = visible_counts(page)
    local = sum(1 for n in fixture_graph_data["nodes"] if n.get("level") == "local")
    page.locator("#filter-levels label", has_text="local").locator("input").uncheck()
    assert visible_counts(page)[0] == n0 - local
    page.click("#map-reset")
    page.uncheck("#filter-undated")
    page.fill("#filter-year-min", "2022")
    page.fill("#filter-year-max", "2022")
    shown = page.evaluate("maillageMap.edges.get({filter: e => !e.hidden})")
    assert shown and all(2022 in e["years"] for e in shown)
    assert page.evaluate("maillageMap.edges.get({filter: e => e.hidden && e.years.includes(2017)}).length") > 0
    log.assert_clean()


def test_clicking_an_actor_shows_its_evidence(page, fixture_map):
    log = open_map(page, fixture_map)
    x, y = node_dom_point(page, "k-afccre")
    page.mouse.click(x, y)
    panel = _panel(page)
    assert panel.splitlines()[0] == "AFCCRE"
    assert "L'AFCCRE est la section française du CCRE." in panel  # member_of CEMR
    assert "l'AFCCRE propose une rencontre France-Balkans qui aura lieu à Dijon" in panel
    assert "Rencontre France-Balkans-Europe · 2022-11-29 · afccre_2022.txt" in panel  # the document
    assert "Co-mentions (1)" in panel
    # the related actor is a link to its own panel
    page.locator("#map-panel button.actor", has_text="Council of European Municipalities").first.click()
    assert _panel(page).splitlines()[0] == "Council of European Municipalities and Regions"
    log.assert_clean()


def test_clicking_a_relation_shows_all_its_evidence(page, fixture_map):
    log = open_map(page, fixture_map)
    eid = page.evaluate("maillageMap.edges.get({filter: e => e.type === 'supports'})[0].id")
    x, y = page.evaluate(
        "(id) => { const n = maillageMap.network; const e = n.body.edges[id];"
        " const p = n.canvasToDOM(e.edgeType.getPoint(0.5));"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }", eid)
    page.mouse.click(x, y)
    assert page.evaluate("maillageMap.network.getSelectedEdges()") == [eid]
    panel = _panel(page)
    assert "supports" in panel and "Evidence (1)" in panel
    assert "le réseau Platforma soutenu par la Commission européenne" in panel
    assert "Rencontres de l'internationalisation" in panel
    log.assert_clean()


def test_colour_by_community_with_one_click(page, tmp_path):
    G = synthetic_graph(30)
    out = write_map(G, tmp_path / "c.html")
    log = open_map(page, out)
    before = page.evaluate("maillageMap.nodes.get().map(n => n.color)")
    page.check("#color-by-community")
    after = page.evaluate("maillageMap.nodes.get().map(n => [n.community, n.color])")
    assert after != before
    colours: dict[int, set[str]] = {}
    for comm, colour in after:
        colours.setdefault(comm, set()).add(colour)
    assert all(len(c) == 1 for c in colours.values()) and len(colours) == 3
    assert page.is_visible("#legend-communities") and "group 0" in page.inner_text("#legend-communities")
    # size by another measure
    page.select_option("#map-size-by", "betweenness")
    values = page.evaluate("maillageMap.nodes.get().map(n => [n.id, n.value])")
    assert all(v == float(int(i[1:]) % 7) for i, v in values)
    log.assert_clean()


def test_large_map_uses_precomputed_positions_and_says_when_cut(page, tmp_path):
    G = synthetic_graph(400)
    out = write_map(G, tmp_path / "big.html", max_nodes=350, layout_threshold=300)
    log = open_map(page, out)
    assert page.evaluate("maillageMap.network.physics.physicsEnabled") is False
    moved = page.evaluate(
        "(() => { const pos = maillageMap.network.getPositions();"
        " return maillageMap.nodes.get().filter(n => Math.abs(pos[n.id].x - n.x) > 1"
        " || Math.abs(pos[n.id].y - n.y) > 1).length; })()")
    assert moved == 0
    assert visible_counts(page)[0] == 350
    assert "Showing the 350 most central actors (by pagerank) of 400" in page.inner_text("#map-notices")
    log.assert_clean()


def test_hostile_graph_executes_nothing_and_shows_the_text(page, tmp_path, fixture_graph_data):
    data = hostile_graph_data(fixture_graph_data)
    G = graph_from_data(data)
    out = write_map(G, tmp_path / "hostile.html", title="<script>window.__pwned='title'</script>",
                    color_by="community")
    log = open_map(page, out)
    page.check("#filter-comentions")
    # search by a hostile alias, open the panel of every actor and every relation
    page.fill("#map-search", "HOSTILE3")
    page.press("#map-search", "Enter")
    assert "HOSTILE3" in _panel(page)
    found = page.evaluate("maillageMap.network.getSelectedNodes()")
    assert len(found) == 1
    ids = page.evaluate("maillageMap.nodes.getIds()")
    texts = []
    for nid in ids:
        page.evaluate("(id) => maillageMap.showNode(id)", nid)
        texts.append(_panel(page))
    for eid in page.evaluate("maillageMap.edges.getIds()"):
        page.evaluate("(id) => maillageMap.showEdge(id)", eid)
        texts.append(_panel(page))
    # hover a node: the tooltip is text too
    x, y = node_dom_point(page, found[0])  # centred by the search
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tooltip = page.inner_text("div.vis-tooltip")
    page.fill("#map-search", "script")
    texts.append(page.inner_text("#map-search-results"))
    texts.append(page.inner_text("#map-controls"))
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('#map-panel img, #map-panel script, #map-panel iframe,"
                         " #map-panel svg, #map-panel a, #map-controls img, #map-controls a').length") == 0
    seen = "\n".join(texts)
    for payload in HOSTILE:
        if "\u2028" in payload:
            payload = payload.split("\u2028")[0]
        assert payload in seen, payload
    assert "<" in tooltip and "#" in tooltip
    assert page.title() == "<script>window.__pwned='title'</script>"
    assert page.inner_text("#map-title") == "<script>window.__pwned='title'</script>"
    log.assert_clean()


def test_hostile_text_in_a_copy_of_the_fixture_does_not_change_the_counts(page, tmp_path, fixture_graph_data):
    # hostile text is data: the map of the hostile graph has the same shape as the clean one
    data = hostile_graph_data(copy.deepcopy(fixture_graph_data))
    out = write_map(graph_from_data(data), tmp_path / "h.html")
    log = open_map(page, out)
    assert page.evaluate("[maillageMap.nodes.length, maillageMap.edges.length]") == [
        len(fixture_graph_data["nodes"]), len(fixture_graph_data["edges"])]
    log.assert_clean()


def test_hostile_documents_through_build_and_map(page, tmp_path):
    """Hostile documents go through `build … --map`: nothing runs, the text shows as text."""
    from maillage.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    sentence = ("Le CCRE (CEMR) est partenaire de NALAS <img src=x onerror=\"window.__pwned='img'\"> "
                "</script><script>window.__pwned='close';alert(1)</script> depuis 2010.")
    (docs / "<img src=x onerror=alert(2)>.txt").write_text(
        sentence + "\n\nL'AFCCRE est membre du CCRE <a href=\"javascript:window.__pwned='a'\">ici</a>\u2028.\n",
        encoding="utf-8")
    res = build(docs, tmp_path / "out", ner=False, map=True, jobs=1, cache=False)
    out = Path(res.summary()["outputs"]["map"])
    log = open_map(page, out)
    page.check("#filter-comentions")
    texts = []
    for eid in page.evaluate("maillageMap.edges.getIds()"):
        page.evaluate("(id) => maillageMap.showEdge(id)", eid)
        texts.append(_panel(page))
    for nid in page.evaluate("maillageMap.nodes.getIds()"):
        page.evaluate("(id) => maillageMap.showNode(id)", nid)
        texts.append(_panel(page))
    seen = "\n".join(texts)
    assert "<img src=x onerror=\"window.__pwned='img'\">" in seen  # the sentence, as text
    assert "<img src=x onerror=alert(2)>.txt" in seen  # the file name, as text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('#map-panel img, #map-panel script, #map-panel a').length") == 0
    log.assert_clean()
