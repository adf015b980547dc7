"""Fixtures of the influence-map tests: a page of the session's headless chromium (tests/conftest.py).

Helpers (opening a map and logging what it does, graph builders, hostile strings) are in
map_helpers.py.
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


