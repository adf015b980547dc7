"""PDF loader (pypdf): the text layer, page by page.

Pages are joined with blank lines. An encrypted PDF is read only when it opens with the
empty password (owner-password-only protection, common for administrative PDFs); a
truncated or corrupt file and a PDF without a text layer (a scan) raise
:class:`~maillage.errors.LoaderError`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import LoaderError
from ..model import Document
from .base import make_document, quiet, read_bytes
from .encoding import finish_text
from .meta import parse_date

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                            "\xad": None, "\x00": None})
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")
#: Producer-made titles that are not the document's title.
_JUNK_TITLE = re.compile(
    r"^(?:untitled|sans titre|document\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|odt|pdf|rtf|indd|pptx?))$",
    re.IGNORECASE,
)


def _corrupt(path: Path, exc: BaseException) -> LoaderError:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return LoaderError(path, f"truncated or corrupt PDF: {msg[:120]}")


def _open(path: Path, data: bytes) -> Any:
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (DependencyError, FileNotDecryptedError):
        raise LoaderError(path, "encrypted PDF") from None
    except PdfReadError as exc:
        raise _corrupt(path, exc) from None
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise _corrupt(path, exc) from None
    if reader.is_encrypted:
        try:
            ok = bool(reader.decrypt(""))
        except DependencyError:
            raise LoaderError(path, "encrypted PDF (the 'cryptography' package is needed)") from None
        except Exception:
            ok = False
        if not ok:
            raise LoaderError(path, "encrypted PDF")
    return reader


def _info(reader: Any) -> dict[str, str]:
    try:
        md = reader.metadata or {}
        return {k: str(v) for k, v in md.items() if isinstance(k, str) and v is not None}
    except Exception:
        return {}


def load_pdf(path: Path, root: Path) -> Document:
    """Load the text layer of a PDF; title from the metadata or the first line, date from the
    dateline, the text, or the creation date."""
    data = read_bytes(path)
    if b"%PDF-" not in data[:1024]:
        raise LoaderError(path, "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise LoaderError(path, "truncated or corrupt PDF: no end-of-file marker")
    with quiet("pypdf"):
        reader = _open(path, data)
        try:
            pages = list(reader.pages)
        except Exception as exc:
            raise _corrupt(path, exc) from None
        if not pages:
            raise LoaderError(path, "PDF has no pages")
        texts: list[str] = []
        failed = 0
        for page in pages:
            try:
                t = page.extract_text() or ""
            except Exception:
                failed += 1
                t = ""
            texts.append(_CONTROLS.sub(" ", t.translate(_LIGATURES)).strip())
        info = _info(reader)
    if failed == len(pages):
        raise LoaderError(path, "truncated or corrupt PDF: no page could be read")
    text = finish_text("\n\n".join(t for t in texts if t))
    if not text.strip():
        raise LoaderError(path, "no text layer (scanned PDF?)")
    title = info.get("/Title", "").strip()
    if _JUNK_TITLE.match(title):
        title = ""
    weak = parse_date(info.get("/CreationDate", "")) if info.get("/CreationDate") else None
    meta: dict[str, Any] = {"pages": len(pages), "encrypted": bool(reader.is_encrypted)}
    if failed:
        meta["unreadable_pages"] = failed
    return make_document(path, root, data, text, "pdf", title=title or None, date_weak=weak,
                         meta=meta)
