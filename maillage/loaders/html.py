"""HTML loader: the main text of a saved web page, without scripts, styles or navigation.

Boilerplate elements (script, style, nav, header, footer, aside, form, …) and elements whose
class, id or role says navigation, menu, cookie banner, breadcrumb, footer or sidebar are
dropped; ``<main>`` (or the ``<article>`` elements) is preferred when present; block
elements become paragraph breaks and ``<br>`` a line break.

Examples
--------
>>> html_to_text(b"<html><body><nav>Menu</nav><main><h1>Titre</h1><p>Le CCRE&nbsp;et NALAS.</p></main></body></html>")
'Titre\\n\\nLe CCRE\\xa0et NALAS.'
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import LoaderError
from ..model import Document
from .base import make_document, read_bytes
from .encoding import decode_bytes, finish_text
from .meta import clean_title, parse_date

#: Elements dropped with their content.
DROP_TAGS = frozenset(
    "script style noscript nav header footer aside form svg iframe template button select "
    "textarea object embed canvas dialog menu".split()
)
#: class/id/role words that mark boilerplate.
_BOILER = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menubar|cookies?|cookie-?banner|consent|breadcrumbs?"
    r"|footer|sidebar|side-bar|skip-?link|share|sharing|social)(?:$|[-_\s])",
    re.IGNORECASE,
)
_BOILER_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu", "menubar",
                           "search", "dialog", "alertdialog"})
#: Elements never dropped for their class (a class on <body> must not empty the page).
_KEEP = frozenset({"html", "body", "main", "article"})
BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr "
    "blockquote pre address figure figcaption hr fieldset details summary caption center".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created", "pubdate",
    "publish-date", "publication_date", "sailthru.date",
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """HTML bytes to text: byte-order mark, then the declared charset, then detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace").lower()
            if enc in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
                enc = "cp1252"  # what browsers do
            try:
                text = data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if "\x00" not in text[:65536]:
                    return finish_text(text), enc
    return decode_bytes(data, path)


def _is_boilerplate(el: Any) -> bool:
    if el.tag in _KEEP:
        return False
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if (el.get("role") or "").strip().lower() in _BOILER_ROLES:
        return True
    for attr in ("class", "id"):
        value = el.get(attr)
        if value and any(_BOILER.search(tok) for tok in value.split()):
            return True
    return False


def _parse(text: str) -> Any:
    import lxml.html
    from lxml import etree

    text = _XML_DECL.sub("", text.lstrip("\ufeff"))
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _texts_of(el: Any) -> str:
    """Text of an element: block elements separated by blank lines, <br> as newline."""
    from lxml import etree

    parts: list[str] = []
    pre_depth = 0

    def add(s: str | None) -> None:
        if not s:
            return
        if pre_depth:  # spaces and newlines of <pre> are hidden from the clean-up below
            parts.append(s.replace(" ", "\U000F0020").replace("\n", "\U000F000A"))
        else:
            parts.append(re.sub(r"[ \t\n\r\f\v]+", " ", s))

    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            elif tag in _CELL_TAGS:
                parts.append(" | ")
            if tag == "pre":
                pre_depth += 1
            if tag:
                add(node.text)
        else:
            if tag == "pre":
                pre_depth -= 1
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            if node is not el:
                add(node.tail)
    text = "".join(parts)
    text = text.replace("\xad", "")
    text = re.sub(r"\n *\| *", "\n", text)  # row-leading cell separators
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.replace("\U000F0020", " ").replace("\U000F000A", "\n")
    return text.strip()


def _meta_content(doc: Any, names: tuple[str, ...]) -> list[str]:
    found: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key in names and key not in found and (m.get("content") or "").strip():
            found[key] = m.get("content").strip()
    return [found[n] for n in names if n in found]


def extract_html(data: bytes, path: Path) -> tuple[str, dict[str, Any]]:
    """Main text of an HTML page and what its markup says (title, date, lang)."""
    text, enc = _decode(data, path)
    doc = _parse(text)
    if doc is None:
        raise LoaderError(path, "not an HTML document (cannot parse)")
    info: dict[str, Any] = {"encoding": enc}
    title_el = doc.find(".//title")
    page_title = clean_title(title_el.text_content()) if title_el is not None else ""
    og = _meta_content(doc, ("og:title",))
    date = None
    for value in _meta_content(doc, _DATE_META):
        date = parse_date(value)
        if date:
            break
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang")
    body = doc.find("body")
    if body is None:
        body = doc
    mains = _mains(body)
    articles = _articles(body)
    h1 = None
    for scope in (mains + articles + [body]):
        el = scope.find(".//h1")
        if el is not None and el.text_content().strip():
            h1 = clean_title(el.text_content())
            break
    if date is None:
        for scope in (mains + articles + [body]):
            for t in scope.iter("time"):
                date = parse_date(t.get("datetime") or "") or parse_date(t.text_content())
                if date:
                    break
            if date:
                break
    _drop_boilerplate(body)
    mains, articles = _mains(body), _articles(body)
    chosen = "\n\n".join(_texts_of(m) for m in (mains or articles))
    main_text = chosen if len(chosen.strip()) >= 40 else _texts_of(body)
    info["title"] = h1 or (clean_title(og[0]) if og else "") or page_title
    info["date"] = date
    info["lang"] = lang
    return main_text, info


def _mains(body: Any) -> list[Any]:
    found = [e for e in body.iter() if isinstance(e.tag, str)
             and (e.tag == "main" or (e.get("role") or "").strip().lower() == "main")]
    return [e for e in found if not any(a in found for a in e.iterancestors())]


def _articles(body: Any) -> list[Any]:
    return [a for a in body.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]


def _inside_content(el: Any) -> bool:
    return any(a.tag in ("main", "article") or (a.get("role") or "").strip().lower() == "main"
               for a in el.iterancestors())


def _contains_content(el: Any) -> bool:
    return any(isinstance(d.tag, str) and (d.tag in ("main", "article") or (d.get("role") or "").strip().lower() == "main")
               for d in el.iterdescendants())


def _drop_boilerplate(body: Any) -> None:
    """Remove scripts, styles, navigation and other boilerplate from ``body`` in place."""
    doomed = []
    for el in body.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "header" and _inside_content(el):
            continue  # an article's own header holds its title and date
        if el.tag in DROP_TAGS or _is_boilerplate(el):
            if el.tag in DROP_TAGS and el.tag not in ("header", "footer", "aside", "nav", "form") \
                    or not _contains_content(el):
                doomed.append(el)
    ids = {id(el) for el in doomed}
    for el in doomed:
        if not any(id(a) in ids for a in el.iterancestors()):
            el.drop_tree()


def html_to_text(data: bytes | str) -> str:
    """Main text of an HTML page given as bytes or str."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return extract_html(raw, Path("<html>"))[0]


def load_html(path: Path, root: Path) -> Document:
    """Load a saved web page: main text, title (h1, og:title or <title>), date from the
    dateline or ``article:published_time``-like metadata, language."""
    data = read_bytes(path)
    text, info = extract_html(data, path)
    if not text.strip():
        raise LoaderError(path, "no text in the page (only navigation or scripts?)")
    return make_document(path, root, data, text, "html", title=info["title"] or None,
                         date_strong=info["date"], lang_hint=info["lang"],
                         meta={"encoding": info["encoding"]})
