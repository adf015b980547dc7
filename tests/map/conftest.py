"""Fixtures of the influence-map tests: a headless Debian chromium driven by Playwright.

The browser is never downloaded: Playwright drives ``/usr/bin/chromium``. If it is missing the
browser tests FAIL (so CI cannot go green without them), unless ``MAILLAGE_SKIP_BROWSER=1``.
Helpers (opening a map and logging what it does, graph builders, hostile strings) are in
map_helpers.py.
"""
from __future__ import annotations

import os
from typing import Any, Iterator

import pytest
from map_helpers import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("MAILLAGE_SKIP_BROWSER") == "1":
            pytest.skip(f"{CHROMIUM} missing and MAILLAGE_SKIP_BROWSER=1")
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) "
                    "or set MAILLAGE_SKIP_BROWSER=1 to skip the browser tests explicitly")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


