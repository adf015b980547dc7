"""Plain text (.txt) and Markdown (.md, .markdown) loaders.

A ``.txt`` file is kept as it is (markdown emphasis included: the extractor works on
raw text); only newlines are normalised. A Markdown file becomes plain text: emphasis
markers, link targets, heading hashes, images, code fences, HTML tags and YAML front
matter are removed, paragraphs and line breaks are kept.

Examples
--------
>>> markdown_to_text("# Titre\\n\\nLe **CCRE** et [NALAS](https://nalas.eu).\\n![logo](l.png)")
'Titre\\n\\nLe CCRE et NALAS.'
"""
from __future__ import annotations

import html as _html
import re
from pathlib import Path
from typing import Any

from ..errors import LoaderError
from ..model import Document
from .base import make_document, read_bytes
from .encoding import decode_bytes
from .meta import parse_date


def load_txt(path: Path, root: Path) -> Document:
    """Load a plain text file (encoding detected, text otherwise unchanged)."""
    data = read_bytes(path)
    text, enc = decode_bytes(data, path)
    return make_document(path, root, data, text, "txt", meta={"encoding": enc})


def load_md(path: Path, root: Path) -> Document:
    """Load a Markdown file as plain text; the title is the front-matter title or first heading."""
    data = read_bytes(path)
    raw, enc = decode_bytes(data, path)
    front, body = split_front_matter(raw)
    text, headings = _convert(body)
    title = str(front.get("title") or "") or (headings[0] if headings else None)
    fm_date = front.get("date")
    strong = parse_date(str(fm_date)) if fm_date else None
    if not text.strip():
        raise LoaderError(path, "empty file")
    meta: dict[str, Any] = {"encoding": enc}
    return make_document(path, root, data, text, "md", title=title, date_strong=strong,
                         lang_hint=str(front.get("lang") or front.get("language") or "") or None,
                         meta=meta)


# --------------------------------------------------------------------------- markdown to text

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---`` at the very top) as a dict, and the rest."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HR = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^(\s{0,3}>\s?)+")
_BULLET = re.compile(r"^(\s*)[*+-]\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]+|[^()]*\([^()]*\)[^()]*)(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^@>\s]+@[^@>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_TAG = re.compile(r"</?[A-Za-z][^>\n]{0,300}>|<!--.*?-->", re.DOTALL)
_STRONG = re.compile(r"(\*\*\*|\*\*|___|__)(?=\S)((?:(?!\n[ \t]*\n).)+?)(?<=\S)\1", re.DOTALL)
_EM_STAR = re.compile(r"\*(?=[^\s*])((?:(?!\n[ \t]*\n)[^*])+?)(?<=[^\s*])\*", re.DOTALL)
_EM_UNDER = re.compile(r"(?<![\w\\])_(?=[^\s_])((?:(?!\n[ \t]*\n)[^_])+?)(?<=[^\s_])_(?!\w)", re.DOTALL)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")

# Escaped markdown characters are hidden in the private-use area while markers are removed.
_PUA = 0xF0000


def _protect(m: re.Match[str]) -> str:
    return chr(_PUA + ord(m.group(1)))


def _restore(text: str) -> str:
    return re.sub(r"[\U000F0000-\U000F007F]", lambda m: chr(ord(m.group()) - _PUA), text)


def _inline(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(lambda m: m.group(2).strip(), line)
    line = _TAG.sub("", line)
    return line


def _convert(md: str) -> tuple[str, list[str]]:
    """Markdown to plain text; also returns the headings in order."""
    md = _ESCAPE.sub(_protect, md)
    out: list[str] = []
    headings: list[str] = []
    fence: str | None = None
    lines = md.split("\n")
    for i, line in enumerate(lines):
        fm = _FENCE.match(line)
        if fence is not None:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
                out.append("")
            else:
                out.append(re.sub(r"[*_~`]", lambda m: chr(_PUA + ord(m.group())), line))
            continue
        if fm:
            fence = fm.group(1)
            out.append("")
            continue
        if _LINK_DEF.match(line) or ("|" in line and _TABLE_SEP.match(line)):
            continue
        if _SETEXT.match(line) and out and out[-1].strip() and not _BULLET.match(lines[i - 1]):
            headings.append(out[-1].strip())  # the line above was a heading
            out.append("")
            continue
        if _HR.match(line):
            out.append("")
            continue
        am = _ATX.match(line)
        if am:
            text = _inline(am.group(2) or "")
            headings.append(text)
            out.append(text)
            continue
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1- ", line)
        if line.count("|") >= 2 and line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = " | ".join(c for c in cells if c)
        out.append(_inline(line).rstrip())
    text = "\n".join(out)
    for _ in range(2):  # nested emphasis: **bold _and italic_**
        text = _STRONG.sub(r"\2", text)
        text = _EM_STAR.sub(r"\1", text)
        text = _EM_UNDER.sub(r"\1", text)
        text = _STRIKE.sub(r"\1", text)
    text = _html.unescape(_restore(text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    headings = [_clean_heading(h) for h in headings]
    return text, [h for h in headings if h]


def _clean_heading(h: str) -> str:
    h = _STRONG.sub(r"\2", h)
    h = _EM_STAR.sub(r"\1", h)
    h = _EM_UNDER.sub(r"\1", h)
    return _html.unescape(_restore(h)).strip()


def markdown_to_text(md: str) -> str:
    """Plain text of a Markdown string (see the module docstring for what is removed)."""
    return _convert(split_front_matter(md)[1])[0]
