"""Helpers of the influence-map tests: page logs, graph builders, hostile strings."""
from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from maillage.graph.store import add_edge

CHROMIUM = Path(os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass
class PageLog:
    """What a page did beyond rendering itself."""

    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def extra_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]

    def assert_clean(self) -> None:
        assert self.extra_requests == [], f"network requests: {self.extra_requests}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"


def open_map(page: Any, path: Path, *, timeout_ms: int = 60_000) -> PageLog:
    """Open a map file, wait until it is drawn, return the log of what it did."""
    url = path.resolve().as_uri()
    log = PageLog(url=url)

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    # a selector, not wait_for_function: the page's CSP forbids eval, which that would use
    try:
        page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=timeout_ms)
    except Exception as exc:  # playwright's TimeoutError: say what the page did instead
        raise AssertionError(f"the map never became ready ({exc.__class__.__name__}); page errors: "
                             f"{log.page_errors}; console errors: {log.console_errors}; "
                             f"requests: {log.extra_requests}") from None
    return log


def visible_counts(page: Any) -> tuple[int, int]:
    """Actors and relations not hidden in the vis DataSets of the page."""
    return tuple(page.evaluate(
        "[maillageMap.nodes.get({filter: n => !n.hidden}).length,"
        " maillageMap.edges.get({filter: e => !e.hidden}).length]"))


def node_dom_point(page: Any, node_id: str) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    x, y = page.evaluate(
        "(id) => { const m = maillageMap; const p = m.network.canvasToDOM(m.network.getPosition(id));"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }", node_id)
    return x, y


def synthetic_graph(n: int, *, seed: int = 3, with_scores: bool = True) -> nx.MultiDiGraph:
    """A small scale-free maillage graph of ``n`` actors (ids a0000…), with scores and communities."""
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    G = nx.MultiDiGraph()
    G.graph["documents"] = [{"id": "d0", "path": "d0.txt", "title": "Doc 0", "lang": "fr",
                             "date": "2020-01-01", "format": "txt"}]
    G.graph["meta"] = {}
    types = ["association", "local_authority", "city", "event"]
    for i in range(n):
        G.add_node(f"a{i:04d}", name=f"Actor {i}", type=types[i % len(types)], aliases=[f"A{i}"],
                   documents=["d0"])
    for j, (u, v) in enumerate(sorted(skeleton.edges())):
        add_edge(G, f"a{u:04d}", f"a{v:04d}", "partner_of" if j % 2 else "member_of",
                 [{"doc": "d0", "sentence": f"s{j}", "start": j, "end": j + 2, "date": None,
                   "lang": "fr", "method": "pattern"}])
    if with_scores:
        pr = nx.pagerank(nx.Graph(skeleton))
        for i in range(n):
            G.nodes[f"a{i:04d}"]["scores"] = {"pagerank": pr[i], "betweenness": float(i % 7)}
            G.nodes[f"a{i:04d}"]["community"] = i % 3
            G.nodes[f"a{i:04d}"]["community_label"] = f"group {i % 3}"
    return G


#: Hostile strings: each sets a flag or opens a dialog if it is ever executed.
HOSTILE = [
    "<script>window.__pwned='script';alert(1)</script>",
    "<img src=x onerror=\"window.__pwned='img';alert(2)\">",
    "<a href=\"javascript:window.__pwned='href'\">click me</a>",
    "</script><script>window.__pwned='close';alert(3)</script>",
    "line\u2028separator\u2029para \" ' ` ${window.__pwned='tpl'} {{ 7*7 }} {% raw %}",
    "<svg onload=\"window.__pwned='svg'\"></svg><!-- <script>",
    "<style>body{display:none}</style><iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
]


def hostile_graph_data(base: dict[str, Any]) -> dict[str, Any]:
    """The fixture graph with hostile text in names, aliases, sentences, titles, paths and attributes."""
    data = copy.deepcopy(base)
    h = HOSTILE
    for i, node in enumerate(data["nodes"]):
        node["name"] = h[i % len(h)] + f" #{i}"
        node["aliases"] = sorted(set(node["aliases"] + [h[(i + 1) % len(h)], f"HOSTILE{i}"]))
        node["country"] = h[(i + 2) % len(h)]
        node["website"] = "javascript:window.__pwned='website'"
        node["community"] = i % 2
        node["community_label"] = h[(i + 3) % len(h)]
        node["scores"] = {"pagerank": 1.0 / (i + 1)}
    for j, edge in enumerate(data["edges"]):
        for ev in edge["evidence"]:
            ev["sentence"] = h[j % len(h)] + " evidence " + str(j)
            ev["method"] = h[(j + 4) % len(h)]
    for k, doc in enumerate(data["documents"]):
        doc["title"] = h[k % len(h)]
        doc["path"] = h[(k + 1) % len(h)] + ".txt"
    return data
