"""Web pages: main text only."""
from __future__ import annotations

import pytest

from maillage.errors import LoaderError
from maillage.loaders import load_document
from maillage.loaders.html import html_to_text

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Actualités | Site du CCRE</title>
  <meta property="article:published_time" content="2023-06-04T09:30:00+02:00">
  <style>body { color: red } .SECRET-STYLE {}</style>
  <script>var tracking = "SECRET-SCRIPT";</script>
</head>
<body class="page has-sidebar">
  <div id="cookie-consent">SECRET-COOKIE Nous utilisons des cookies.</div>
  <header class="site-header"><a href="/">SECRET-LOGO</a>
    <nav><ul><li><a href="/a">SECRET-MENU Accueil</a></li><li><a href="/b">Réseaux</a></li></ul></nav>
  </header>
  <div class="breadcrumb">SECRET-BREADCRUMB Accueil &gt; Actualités</div>
  <div class="container">
    <main>
      <article>
        <header><h1>Le CCRE et NALAS renforcent leur coopération</h1></header>
        <p>Le Secr&eacute;taire g&eacute;n&eacute;ral du <strong>Conseil des Communes et R&eacute;gions
        d&#8217;Europe</strong> (CCRE) a rencontr&eacute;<br>le Pr&eacute;sident du r&eacute;seau NALAS.</p>
        <p>Les deux organisations ont &eacute;chang&eacute; sur l&rsquo;&eacute;largissement.</p>
        <ul><li>premier point</li><li>second point</li></ul>
        <div class="share-buttons">SECRET-SHARE Partager</div>
        <noscript>SECRET-NOSCRIPT</noscript>
        <svg><text>SECRET-SVG</text></svg>
        <form><input name="q"><label>SECRET-FORM</label></form>
      </article>
    </main>
    <aside class="sidebar">SECRET-ASIDE Articles liés</aside>
  </div>
  <footer>SECRET-FOOTER Mentions légales</footer>
  <iframe src="x">SECRET-IFRAME</iframe>
  <template>SECRET-TEMPLATE</template>
</body>
</html>
"""


def test_only_the_main_text_is_kept(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    doc = load_document(p)
    assert "SECRET" not in doc.text
    assert doc.text == (
        "Le CCRE et NALAS renforcent leur coopération\n\n"
        "Le Secrétaire général du Conseil des Communes et Régions d’Europe (CCRE) a rencontré\n"
        "le Président du réseau NALAS.\n\n"
        "Les deux organisations ont échangé sur l’élargissement.\n\n"
        "premier point\n\nsecond point"
    )
    assert doc.title == "Le CCRE et NALAS renforcent leur coopération"
    assert doc.date == "2023-06-04"
    assert doc.meta["date_source"] == "metadata"
    assert doc.lang == "fr"
    assert doc.format == "html"


def test_page_without_main_uses_the_body_without_boilerplate():
    html = ("<html><body><div role='navigation'>SECRET-NAV</div><div class='main-menu'>SECRET-MENU</div>"
            "<div id='content'><h2>Agenda</h2><p>Dijon, le 29 novembre 2022</p><p>L'AFCCRE organise une "
            "rencontre.</p><table><tr><td>Lieu</td><td>Dijon</td></tr></table></div>"
            "<div class='footer-links'>SECRET-FOOTER</div><p hidden>SECRET-HIDDEN</p>"
            "<p style='display: none'>SECRET-NONE</p></body></html>")
    assert html_to_text(html) == ("Agenda\n\nDijon, le 29 novembre 2022\n\nL'AFCCRE organise une rencontre."
                                  "\n\nLieu | Dijon")


def test_dateline_in_the_text_wins_over_metadata(tmp_path):
    p = tmp_path / "c.htm"
    p.write_text("<html><head><meta name='date' content='2020-01-01'><title>Communiqué</title></head><body>"
                 "<p>Paris, le 8 septembre 2017</p><p>Le ministère de l'Europe et des Affaires étrangères "
                 "organise les rencontres avec les collectivités.</p></body></html>", encoding="utf-8")
    doc = load_document(p)
    assert (doc.date, doc.title, doc.format) == ("2017-09-08", "Communiqué", "html")


def test_declared_legacy_charset(tmp_path):
    p = tmp_path / "latin.html"
    html = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
            "</head><body><p>Délégation pour l’action extérieure des collectivités territoriales</p></body></html>")
    p.write_bytes(html.encode("cp1252"))
    doc = load_document(p)
    assert doc.text == "Délégation pour l’action extérieure des collectivités territoriales"
    assert doc.meta["encoding"] == "cp1252"


def test_xhtml_with_xml_declaration_and_time_element(tmp_path):
    p = tmp_path / "x.xhtml"
    p.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en">'
                 "<body><article><h1>CEMR meets NALAS</h1><time datetime='2024-02-13'>13 Feb</time>"
                 "<p>The leaders of the two networks met in Brussels.</p></article></body></html>",
                 encoding="utf-8")
    doc = load_document(p)
    assert doc.title == "CEMR meets NALAS"
    assert doc.date == "2024-02-13"
    assert doc.lang == "en"


def test_language_attribute_is_used_for_short_pages(tmp_path):
    p = tmp_path / "s.html"
    p.write_text("<html lang='en-GB'><body><p>CEMR – NALAS</p></body></html>", encoding="utf-8")
    assert load_document(p).lang == "en"


def test_pre_keeps_its_lines():
    assert html_to_text("<body><pre>ligne 1\n  ligne 2</pre></body>") == "ligne 1\n  ligne 2"


@pytest.mark.parametrize("html, reason", [
    ("<html><head><script>x()</script></head><body><nav>menu</nav></body></html>", "no text in the page"),
    ("", "empty file"),
])
def test_pages_without_text(tmp_path, html, reason):
    p = tmp_path / "vide.html"
    p.write_text(html, encoding="utf-8")
    with pytest.raises(LoaderError, match=reason):
        load_document(p)
