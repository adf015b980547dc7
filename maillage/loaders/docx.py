"""Word (.docx) loader (python-docx): paragraphs and table cells in document order.

Paragraphs are separated by blank lines; a table row becomes one line with its cells
separated by `` | ``. The title is the core-properties title, else the first heading
(styles Title / Heading n / Titre n), else the first paragraph.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import LoaderError
from ..model import Document
from .base import make_document, quiet, read_bytes
from .encoding import finish_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(r"^(?:title|titre|heading|titre\s*\d|überschrift|kop)\b", re.IGNORECASE)
#: The core properties python-docx's own template carries (not a real creation date).
_TEMPLATE_CREATED = "2013-12-23"


def _open(path: Path, data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_OLE_MAGIC):
        raise LoaderError(path, "encrypted or old-format Word document (not .docx)")
    if not data.startswith(b"PK"):
        raise LoaderError(path, "not a Word document (corrupt zip)")
    try:
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoaderError(path, "not a Word document (corrupt zip)") from None
    except KeyError as exc:
        m = re.search(r"named '([^']+)'", str(exc))
        part = m.group(1) if m else "word/document.xml"
        raise LoaderError(path, f"not a Word document (no {part})") from None
    except PackageNotFoundError:
        raise LoaderError(path, "not a Word document (corrupt zip)") from None
    except ValueError as exc:
        raise LoaderError(path, f"not a Word document ({str(exc)[:120]})") from None
    except Exception as exc:  # damaged XML inside a valid zip, and so on
        raise LoaderError(path, f"corrupt Word document: {type(exc).__name__}: {str(exc)[:120]}") from None


def _cell_text(cell: Any) -> str:
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    for table in cell.tables:
        parts.extend(_table_lines(table))
    return " ".join(parts)


def _table_lines(table: Any) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell repeats across the columns it spans
                continue
            last = cell._tc
            t = _cell_text(cell)
            if t:
                cells.append(t)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def _blocks(document: Any) -> tuple[list[str], list[str]]:
    """Paragraph and table texts in order, and the headings."""
    from docx.table import Table

    blocks: list[str] = []
    headings: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lines = _table_lines(item)
            if lines:
                blocks.append("\n".join(lines))
            continue
        text = item.text.strip()
        if not text:
            continue
        blocks.append(text)
        try:
            style = item.style.name if item.style is not None else ""
        except Exception:
            style = ""
        if style and _HEADING_STYLE.match(style):
            headings.append(text)
    return blocks, headings


def load_docx(path: Path, root: Path) -> Document:
    """Load a Word document's text; title, language and (weak) date from its core properties."""
    data = read_bytes(path)
    with quiet():
        document = _open(path, data)
        try:
            blocks, headings = _blocks(document)
        except Exception as exc:
            raise LoaderError(path, f"corrupt Word document: {type(exc).__name__}: {str(exc)[:120]}") from None
        try:
            props = document.core_properties
            title, language, created = props.title or "", props.language or "", props.created
        except Exception:
            title, language, created = "", "", None
    text = finish_text("\n\n".join(blocks))
    if not text.strip():
        raise LoaderError(path, "no text in the document")
    weak = created.date().isoformat() if created is not None else None
    if weak == _TEMPLATE_CREATED:
        weak = None
    return make_document(path, root, data, text, "docx", title=title.strip() or (headings[0] if headings else None),
                         date_weak=weak, lang_hint=language or None,
                         meta={"paragraphs": len(blocks)})
