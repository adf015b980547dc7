"""The built-in formats. A new format is one module with a ``load(path, root)`` function
and one :func:`~maillage.loaders.base.register` line here.

Heavy libraries (pypdf, python-docx, lxml) are imported only when a file of that format
is loaded.
"""
from __future__ import annotations

from .base import EXTENSIONS, LOADERS, register
from .docx import load_docx
from .html import load_html
from .pdf import load_pdf
from .tables import load_csv, load_json
from .textfiles import load_md, load_txt

register("txt", (".txt",), load_txt, "plain text, encoding detected, kept as is")
register("md", (".md", ".markdown"), load_md, "Markdown, converted to plain text")
register("html", (".html", ".htm", ".xhtml"), load_html, "web page, main text only")
register("pdf", (".pdf",), load_pdf, "PDF text layer (pypdf)")
register("docx", (".docx",), load_docx, "Word document (python-docx)")
register("csv", (".csv",), load_csv, "table of relations: source, type, target, …")
register("json", (".json",), load_json, "list of relations: source, type, target, …")

__all__ = ["LOADERS", "EXTENSIONS", "register"]
