"""Plain text and Markdown files."""
from __future__ import annotations

import pytest

from maillage.errors import LoaderError
from maillage.loaders import load_document
from maillage.loaders.base import content_id
from maillage.loaders.textfiles import markdown_to_text

TXT = ("**Direction générale de la mondialisation**\n*Délégation pour l'action extérieure*\n\n"
       "Paris, le 8 septembre 2017\n\nCités Unies France (CUF), en partenariat avec le ministère, "
       "organise les « **Rencontres** » les **9 et 10 octobre 2017**.\n")


def test_txt_keeps_the_raw_text_and_fills_every_field(tmp_path):
    sub = tmp_path / "communiqués"
    sub.mkdir()
    p = sub / "meae.txt"
    p.write_text(TXT, encoding="utf-8")
    doc = load_document(p, tmp_path)
    assert doc.text == TXT  # markdown emphasis is kept in .txt: the extractor works on raw text
    assert doc.path == "communiqués/meae.txt"
    assert doc.id == content_id(p.read_bytes())
    assert len(doc.id) == 16 and int(doc.id, 16) >= 0
    assert doc.title == "Direction générale de la mondialisation"
    assert doc.lang == "fr"
    assert doc.date == "2017-09-08"
    assert doc.format == "txt"
    assert doc.records is None
    assert doc.meta["encoding"] == "utf-8"
    assert doc.meta["date_source"] == "dateline"


def test_id_is_the_content_hash_not_the_name(tmp_path):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text("Le CCRE et NALAS se rencontrent.", encoding="utf-8")
    b.write_text("Le CCRE et NALAS se rencontrent.", encoding="utf-8")
    c.write_text("Le CCRE et NALAS se sont rencontrés.", encoding="utf-8")
    ids = [load_document(p).id for p in (a, b, c)]
    assert ids[0] == ids[1] != ids[2]


def test_english_text(tmp_path):
    p = tmp_path / "cemr.txt"
    p.write_text("CEMR and NALAS leaders meet\n\nBrussels, 4 June 2023\n\nThe Secretary General of the "
                 "Council of European Municipalities and Regions met the President of NALAS.", encoding="utf-8")
    doc = load_document(p)
    assert (doc.title, doc.lang, doc.date) == ("CEMR and NALAS leaders meet", "en", "2023-06-04")


def test_short_text_has_undetermined_language(tmp_path):
    p = tmp_path / "short.txt"
    p.write_text("CEMR – NALAS", encoding="utf-8")
    assert load_document(p).lang == "und"


MD = """---
title: "Les Rencontres de l'AICT"
date: 2017-10-09
---
# Un titre **différent**

Cités Unies France *organise* les __Rencontres__ avec [PLATFORMA](https://platforma-dev.eu "site").
![logo du réseau](logo.png)

Ligne une  
ligne deux

- le CCRE ;
* l'AFD ;

> Citation du ministère

```
code **gardé** tel quel
```

| Acteur | Rôle |
|--------|------|
| DAECT  | délégation |

Voir [le site][1] &amp; <span>les actes</span>.

[1]: https://cites-unies-france.org
"""


def test_markdown_becomes_plain_text(tmp_path):
    p = tmp_path / "rencontres.md"
    p.write_text(MD, encoding="utf-8")
    doc = load_document(p)
    assert doc.format == "md"
    assert doc.title == "Les Rencontres de l'AICT"  # the front matter wins over the first heading
    assert doc.date == "2017-10-09"
    assert doc.lang == "fr"
    text = doc.text
    assert "**" not in text.replace("code **gardé** tel quel", "")
    for gone in ("__", "](", "https://", "logo", "#", "```", "[1]", "<span>", "&amp;", "|---", "---\n"):
        assert gone not in text, gone
    assert text.startswith("Un titre différent\n\nCités Unies France organise les Rencontres avec PLATFORMA.")
    assert "Ligne une\nligne deux" in text
    assert "- le CCRE ;\n- l'AFD ;" in text
    assert "Citation du ministère" in text
    assert "code **gardé** tel quel" in text
    assert "DAECT | délégation" in text
    assert "Voir le site & les actes." in text


def test_markdown_title_is_the_first_heading_without_front_matter(tmp_path):
    p = tmp_path / "n.markdown"
    p.write_text("Intro sans titre\n\nLe **CCRE**\n=======\n\nTexte du réseau.", encoding="utf-8")
    doc = load_document(p)
    assert doc.title == "Le CCRE"
    assert doc.format == "md"


@pytest.mark.parametrize("md, text", [
    ("snake_case_name et 2 * 3 * 4", "snake_case_name et 2 * 3 * 4"),
    ("\\*pas d'emphase\\*", "*pas d'emphase*"),
    ("***très fort***", "très fort"),
    ("**gras sur\ndeux lignes**", "gras sur\ndeux lignes"),
    ("~~barré~~ <https://x.org>", "barré https://x.org"),
    ("`code` et ``double``", "code et double"),
])
def test_markdown_inline(md, text):
    assert markdown_to_text(md) == text


def test_markdown_with_only_markup_is_empty(tmp_path):
    p = tmp_path / "vide.md"
    p.write_text("![image](a.png)\n\n---\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="empty file"):
        load_document(p)
