"""What every loader shares: the loader registry, reading bytes, building a Document.

A loader is a function ``load(path: Path, root: Path) -> Document`` that raises
:class:`~maillage.errors.LoaderError` with a short human reason when the file cannot be
read. Loaders are registered by format name with :func:`register`; a new format is one
module that calls it (see :mod:`maillage.loaders.formats`).
"""
from __future__ import annotations

import hashlib
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from ..errors import LoaderError
from ..model import Document
from . import meta as _meta

LoadFunction = Callable[[Path, Path], Document]


@dataclass(frozen=True)
class Loader:
    """A registered format: its name (``Document.format``), file extensions and load function."""

    name: str
    extensions: tuple[str, ...]
    load: LoadFunction
    description: str = ""


#: Format name -> loader.
LOADERS: dict[str, Loader] = {}
#: Lower-case extension (with the dot) -> format name.
EXTENSIONS: dict[str, str] = {}


def register(name: str, extensions: tuple[str, ...] | list[str], load: LoadFunction,
             description: str = "") -> Loader:
    """Register (or replace) the loader of a format.

    Parameters
    ----------
    name
        Format name, stored in ``Document.format``.
    extensions
        File extensions with their dot (``".md"``), matched case-insensitively.
    load
        ``load(path, root) -> Document``.

    Examples
    --------
    >>> from maillage.loaders.base import register, LOADERS
    >>> from maillage.loaders.textfiles import load_txt
    >>> register("text", (".text",), load_txt).extensions
    ('.text',)
    >>> _ = LOADERS.pop("text"), EXTENSIONS.pop(".text")
    """
    exts = tuple(e.lower() if e.startswith(".") else "." + e.lower() for e in extensions)
    loader = Loader(name, exts, load, description)
    LOADERS[name] = loader
    for ext in exts:
        EXTENSIONS[ext] = name
    return loader


def extension(path: str | PurePath) -> str:
    """The lower-case extension of a path, with its dot (``""`` when none)."""
    return PurePath(path).suffix.lower()


def loader_for(path: str | PurePath) -> Loader | None:
    """The loader registered for the extension of ``path``, if any."""
    name = EXTENSIONS.get(extension(path))
    return LOADERS.get(name) if name else None


# --------------------------------------------------------------------------- building documents

def read_bytes(path: Path) -> bytes:
    """The bytes of a file; unreadable or empty files raise :class:`LoaderError`."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise LoaderError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise LoaderError(path, "no such file") from None
    except PermissionError:
        raise LoaderError(path, "cannot read file (permission denied)") from None
    except OSError as exc:
        raise LoaderError(path, f"cannot read file ({exc.strerror or exc})") from None
    if not data.strip():
        raise LoaderError(path, "empty file")
    return data


def content_id(data: bytes) -> str:
    """Document id: the first 16 hex digits of the SHA-256 of the raw bytes.

    >>> content_id(b"abc")
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(data).hexdigest()[:16]


def relative_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` with POSIX separators (the file name when outside it)."""
    if root is None:
        return path.name
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return path.name
    return rel.as_posix() if str(rel) != "." else path.name


def _lang_from_hint(hint: str | None) -> str | None:
    if not hint:
        return None
    primary = hint.strip().lower().replace("_", "-").split("-")[0]
    return primary if len(primary) == 2 and primary.isalpha() else None


def make_document(path: Path, root: Path | None, data: bytes, text: str, fmt: str, *,
                  title: str | None = None, date_strong: str | None = None,
                  date_weak: str | None = None, lang_hint: str | None = None,
                  meta: dict[str, Any] | None = None,
                  records: list[dict[str, Any]] | None = None, dated: bool = True) -> Document:
    """Build the :class:`~maillage.model.Document` of a loaded file.

    The id is the content hash of ``data``; the title defaults to the first line of
    ``text``; the language comes from the text (``lang_hint``, e.g. ``<html lang>``, is
    used only when the text is too short to tell); the date prefers a dateline in the
    text, then ``date_strong`` metadata, then the first full date in the text, then
    ``date_weak`` metadata (see :func:`maillage.loaders.meta.find_date`); ``dated=False``
    gives no date (relation tables, whose rows carry their own dates).
    """
    info: dict[str, Any] = {"bytes": len(data)}
    info.update(meta or {})
    clean = _meta.clean_title(title) if title else ""
    if not clean:
        clean = _meta.title_from_text(text) or path.stem
    lang = _meta.detect_lang(text)
    if lang == "und":
        hinted = _lang_from_hint(lang_hint)
        if hinted:
            lang = hinted
            info["lang_source"] = "metadata"
    date, source = (_meta.find_date_with_source(text, strong=date_strong, weak=date_weak)
                    if dated else (None, None))
    if source:
        info["date_source"] = source
    return Document(id=content_id(data), path=relative_path(path, root), title=clean, lang=lang,
                    date=date, text=text, format=fmt, records=records, meta=info)


@contextmanager
def quiet(*loggers: str) -> Iterator[None]:
    """Silence library warnings (``warnings`` and the named loggers) while parsing bad files."""
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in loggers]
    for lg, _ in saved:
        lg.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in saved:
            lg.setLevel(level)
