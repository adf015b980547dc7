"""The analyst report in a real browser: Debian's chromium, headless, driven by Playwright.

The page must open from file:// with no network request (data: images are not requests), no
console error (a CSP violation would be one), and show the sections a person reads.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maillage.exports.report import write_report

pytestmark = pytest.mark.browser


def _open(browser: Any, path: Path) -> tuple[Any, Any, dict[str, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    log: dict[str, list[str]] = {"requests": [], "console": [], "errors": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("console", lambda m: log["console"].append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    url = path.resolve().as_uri()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)
    log["requests"] = [u for u in log["requests"] if u != url and not u.startswith("data:")]
    return context, page, log


def test_report_opens_offline_and_quiet_and_shows_its_sections(report_browser, tmp_path, fixture_graph):
    path = write_report(fixture_graph, tmp_path / "report.html")
    context, page, log = _open(report_browser, path)
    try:
        assert log["requests"] == []
        assert log["console"] == [] and log["errors"] == []
        for h in ["Key figures", "Most central actors", "Communities", "Brokers", "Timeline", "How this was computed"]:
            assert page.get_by_role("heading", name=h, exact=True).is_visible(), h
        # every plot decoded and drawn (a broken data: URI or a CSP block leaves naturalWidth at 0)
        sizes = page.eval_on_selector_all("img.plot", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
        assert len(sizes) >= 4 and all(ok and w > 100 for ok, w in sizes)
        # the stylesheet applied (allowed by its hash): the header is dark
        bg = page.eval_on_selector("header", "e => getComputedStyle(e).backgroundColor")
        assert bg == "rgb(23, 50, 79)"
        # why an actor ranks: unfolding a line shows the sentence that proves the relation
        first = page.locator("#central details").first
        assert not first.locator("blockquote").first.is_visible()
        first.locator("summary").click()
        assert first.locator("blockquote").first.is_visible()
        assert "Council of European Municipalities and Regions" in page.inner_text("#central")
        page.click("nav a[href='#timeline']")
        assert "2022" in page.inner_text("#timeline")
    finally:
        context.close()


def test_report_of_an_empty_edge_graph_opens_clean(report_browser, tmp_path):
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("a", name="<b>Alone</b>", type="city", aliases=[], documents=[])
    path = write_report(G, tmp_path / "empty.html")
    context, page, log = _open(report_browser, path)
    try:
        assert log["requests"] == [] and log["console"] == [] and log["errors"] == []
        assert page.get_by_role("heading", name="Key figures").is_visible()
        assert "<b>Alone</b>" in page.inner_text("body")
    finally:
        context.close()
