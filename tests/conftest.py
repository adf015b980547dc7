"""Shared fixtures: a small named graph that every test module can use.

``fixture_graph_data`` is a graph.json mapping built by hand (not by extraction), so tests of
analysis, map, exports and Neo4j do not depend on extraction quality.
"""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from maillage.graph.store import graph_from_data

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "corpus" / "seeds.gold.yaml"
EXAMPLES = ROOT / "examples" / "docs"
#: Debian's chromium, driven by Playwright (never a downloaded browser)
CHROMIUM = Path(os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the whole session (Playwright's sync API allows one per thread).

    If chromium is missing the browser tests FAIL (so CI cannot go green without them), unless
    ``MAILLAGE_SKIP_BROWSER=1`` asks to skip them explicitly.
    """
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


def _ev(doc: str, sentence: str, date: str | None, lang: str = "fr", method: str = "pattern",
        start: int = 0) -> dict[str, Any]:
    return {"doc": doc, "sentence": sentence, "start": start, "end": start + len(sentence),
            "date": date, "lang": lang, "method": method}


def _node(id_: str, name: str, type_: str, aliases: list[str], docs: list[str], **attrs: Any) -> dict[str, Any]:
    return {"id": id_, "name": name, "type": type_, "aliases": sorted(set(aliases + [name])),
            "documents": docs, **attrs}


FIXTURE_DATA: dict[str, Any] = {
    "format": "maillage-graph",
    "version": 1,
    "documents": [
        {"id": "d2016", "path": "cuf_2016.txt", "title": "Atelier zones à risques", "lang": "fr",
         "date": "2016-05-19", "format": "txt"},
        {"id": "d2017", "path": "meae_2017.txt", "title": "Rencontres de l'internationalisation",
         "lang": "fr", "date": "2017-09-08", "format": "txt"},
        {"id": "d2022", "path": "afccre_2022.txt", "title": "Rencontre France-Balkans-Europe",
         "lang": "fr", "date": "2022-11-29", "format": "txt"},
        {"id": "den", "path": "cemr_nalas_en.md", "title": "CEMR and NALAS meet", "lang": "en",
         "date": None, "format": "md"},
    ],
    "nodes": [
        _node("k-cemr", "Council of European Municipalities and Regions", "association",
              ["CEMR", "CCRE", "Conseil des Communes et Régions d'Europe"], ["den"],
              known="cemr", level="european", country=None, website="cemr.eu"),
        _node("k-nalas", "NALAS", "association",
              ["Network of Associations of Local Authorities of South-East Europe"], ["den"],
              known="nalas", level="european"),
        _node("k-dg-near", "DG NEAR", "eu_body", ["Directorate-General for Neighbourhood and Enlargement Negotiations"],
              ["den"], known="dg-near", level="european"),
        _node("k-european-commission", "European Commission", "eu_body", ["Commission européenne", "EC"],
              ["den", "d2017"], known="european-commission", level="european"),
        _node("k-afccre", "AFCCRE", "association", ["Association Française du Conseil des Communes et Régions d'Europe"],
              ["d2022"], known="afccre", level="national", country="FR"),
        _node("k-cuf", "Cités Unies France", "association", ["CUF"], ["d2016", "d2017"], known="cuf",
              level="national", country="FR"),
        _node("k-meae", "French Ministry for Europe and Foreign Affairs", "ministry",
              ["MEAE", "MAEDI", "ministère de l'Europe et des Affaires étrangères"], ["d2016", "d2017", "d2022"],
              known="meae", level="national", country="FR"),
        _node("k-platforma", "PLATFORMA", "association", ["Platforma"], ["d2017"], known="platforma",
              level="european"),
        _node("k-dijon", "Dijon", "city", ["Dijon"], ["d2022"], known="dijon", level="local", country="FR"),
        _node("event-rencontre-france-balkans-0a1b2c", "Rencontre France-Balkans-Europe", "event",
              ["rencontre France-Balkans"], ["d2022"], date="2022-11-29"),
        _node("event-rencontres-internationalisation-1b2c3d", "Rencontres de l'internationalisation des collectivités territoriales",
              "event", [], ["d2017"], date="2017-10-09"),
        _node("person-pauline-may-2c3d4e", "Pauline May", "person", ["Pauline MAY"], ["d2017"],
              role="chargée de mission"),
        _node("k-albania", "Albania", "country", ["Albanie"], ["d2022"], known="albania", level="national"),
        _node("k-western-balkans", "Western Balkans", "region", ["Balkans occidentaux"], ["d2022", "den"],
              known="western-balkans"),
        _node("k-daect", "DAECT", "government_body",
              ["Délégation pour l'action extérieure des collectivités territoriales"], ["d2017"], known="daect",
              level="national", country="FR"),
    ],
    "edges": [
        {"source": "k-cemr", "target": "k-nalas", "type": "meets",
         "evidence": [_ev("den", "The Secretary General of CEMR met the President of NALAS.", None, "en")]},
        {"source": "k-cemr", "target": "k-nalas", "type": "partner_of",
         "evidence": [_ev("den", "CEMR stressed its long-standing partnership with NALAS.", None, "en", start=60)]},
        {"source": "k-cemr", "target": "k-dg-near", "type": "meets",
         "evidence": [_ev("den", "The meeting was followed by a discussion with DG NEAR.", None, "en", start=120)]},
        {"source": "k-dg-near", "target": "k-european-commission", "type": "part_of",
         "evidence": [_ev("den", "DG NEAR of the European Commission.", None, "en", start=120, method="knowledge")]},
        {"source": "k-afccre", "target": "event-rencontre-france-balkans-0a1b2c", "type": "organises",
         "evidence": [_ev("d2022", "l'AFCCRE propose une rencontre France-Balkans qui aura lieu à Dijon", "2022-11-29")]},
        {"source": "event-rencontre-france-balkans-0a1b2c", "target": "k-dijon", "type": "located_in",
         "evidence": [_ev("d2022", "l'AFCCRE propose une rencontre France-Balkans qui aura lieu à Dijon", "2022-11-29")]},
        {"source": "k-meae", "target": "event-rencontre-france-balkans-0a1b2c", "type": "participates_in",
         "evidence": [_ev("d2022", "des représentants du Ministère de l'Europe et des Affaires étrangères présenteront",
                          "2022-11-29", start=300)]},
        {"source": "k-cuf", "target": "event-rencontres-internationalisation-1b2c3d", "type": "organises",
         "evidence": [_ev("d2017", "Cités Unies France (CUF) organise les Rencontres", "2017-09-08")]},
        {"source": "k-cuf", "target": "k-meae", "type": "partner_of",
         "evidence": [_ev("d2017", "Cités Unies France (CUF), en partenariat avec le ministère", "2017-09-08")]},
        {"source": "k-cuf", "target": "k-platforma", "type": "partner_of",
         "evidence": [_ev("d2017", "en partenariat avec le réseau Platforma", "2017-09-08", start=50)]},
        {"source": "k-european-commission", "target": "k-platforma", "type": "supports",
         "evidence": [_ev("d2017", "le réseau Platforma soutenu par la Commission européenne", "2017-09-08", start=80)]},
        {"source": "person-pauline-may-2c3d4e", "target": "k-daect", "type": "works_for",
         "evidence": [_ev("d2017", "Pauline MAY, chargée de mission auprès de la DAECT", "2017-09-08", start=900)]},
        {"source": "k-daect", "target": "k-meae", "type": "part_of",
         "evidence": [_ev("d2017", "Délégation pour l'action extérieure des collectivités territoriales", "2017-09-08",
                          method="knowledge")]},
        {"source": "k-meae", "target": "k-cuf", "type": "participates_in",
         "evidence": [_ev("d2016", "présenter aux collectivités les recommandations du MAEDI", "2016-05-19")]},
        {"source": "k-albania", "target": "k-western-balkans", "type": "part_of",
         "evidence": [_ev("d2022", "Albanie, Bosnie-Herzégovine, Kosovo", "2022-11-29", method="knowledge", start=2000)]},
        {"source": "k-afccre", "target": "k-cemr", "type": "member_of",
         "evidence": [_ev("d2022", "L'AFCCRE est la section française du CCRE.", "2022-11-29", start=1500)]},
        {"source": "k-afccre", "target": "k-meae", "type": "co_mentioned",
         "evidence": [_ev("d2022", "l'AFCCRE et le Ministère de l'Europe et des Affaires étrangères", "2022-11-29",
                          method="co-mention", start=1700)]},
    ],
    "meta": {},
}


@pytest.fixture
def fixture_graph_data() -> dict[str, Any]:
    """A fresh deep copy of the hand-made graph.json mapping."""
    return copy.deepcopy(FIXTURE_DATA)


@pytest.fixture
def fixture_graph(fixture_graph_data: dict[str, Any]):
    """The hand-made graph as the networkx model."""
    return graph_from_data(fixture_graph_data)


@pytest.fixture
def fixture_graph_path(tmp_path: Path, fixture_graph_data: dict[str, Any]) -> Path:
    """The hand-made graph written as graph.json in a temporary folder."""
    p = tmp_path / "graph.json"
    p.write_text(json.dumps(fixture_graph_data, ensure_ascii=False), encoding="utf-8")
    return p
