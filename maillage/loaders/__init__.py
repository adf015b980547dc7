"""Loaders: files of many formats to :class:`~maillage.model.Document`.

Formats are registered by name (:data:`LOADERS`; see :mod:`maillage.loaders.formats`):
txt, md, html, pdf, docx and relation tables (csv, json). A file that cannot be read
gives a :class:`~maillage.errors.LoaderError` with a short reason, and a folder walk goes
on with the next file.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Paris, le 8 septembre 2017\\n\\nLe ministère soutient les collectivités de la région.", encoding="utf-8")
>>> _ = (d / "b.xyz").write_text("?", encoding="utf-8")
>>> [(x.path, x.lang, x.date) if not isinstance(x, LoaderError) else x.reason for x in iter_documents(d)]
[('a.txt', 'fr', '2017-09-08'), "unsupported format '.xyz'"]
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..errors import LoaderError
from ..model import Document
from . import formats as _formats  # noqa: F401  (registers the built-in formats)
from .base import EXTENSIONS, LOADERS, Loader, content_id, extension, loader_for, register
from .meta import DateMatch, detect_lang, find_date, find_dates, parse_date

__all__ = [
    "LOADERS", "SUPPORTED_EXTENSIONS", "Loader", "LoaderError", "content_id", "detect_lang",
    "find_date", "find_dates", "DateMatch", "parse_date", "is_ignored", "iter_documents",
    "list_files", "load_document", "loader_for", "register", "walk_files", "FoundFile",
]

#: Extensions (lower case, with the dot) that have a loader.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(EXTENSIONS))

#: File names that are never documents: OS and office litter.
_IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_IGNORED_SUFFIXES = (".tmp", ".bak", ".swp", ".swo", ".crdownload", ".part", ".lock")
_IGNORED_DIRS = frozenset({"__MACOSX", "__pycache__"})


def is_ignored(name: str) -> bool:
    """Whether a file name is hidden or litter (lock, backup, temporary, OS files).

    >>> [is_ignored(n) for n in (".DS_Store", "~$rapport.docx", "notes.txt~", "Thumbs.db", "a.pdf")]
    [True, True, True, True, False]
    """
    low = name.lower()
    return (name.startswith((".", "~$", "~", "#")) or name.endswith("~") or low in _IGNORED_NAMES
            or low.endswith(_IGNORED_SUFFIXES))


def load_document(path: str | Path, root: str | Path | None = None) -> Document:
    """Load one file.

    Parameters
    ----------
    path
        The file.
    root
        The folder ``Document.path`` is relative to (default: the file's folder).

    Returns
    -------
    Document

    Raises
    ------
    LoaderError
        When the format is unsupported or the file cannot be read; ``reason`` says why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cp.txt"
    >>> _ = p.write_bytes("Le 19 mai 2016, Cités Unies France a organisé un atelier.".encode("cp1252"))
    >>> doc = load_document(p)
    >>> doc.date, doc.lang, doc.meta["encoding"], doc.format
    ('2016-05-19', 'fr', 'cp1252', 'txt')
    """
    p = Path(path)
    r = Path(root) if root is not None else p.parent
    loader = loader_for(p)
    if loader is None:
        ext = extension(p)
        raise LoaderError(p, f"unsupported format '{ext}'" if ext else "unsupported format (no extension)")
    try:
        return loader.load(p, r)
    except LoaderError:
        raise
    except RecursionError:
        raise LoaderError(p, "document too deeply nested to read") from None
    except MemoryError:
        raise LoaderError(p, "document too large to read") from None
    except Exception as exc:  # a third-party parser failing on a damaged file
        raise LoaderError(p, f"could not read {loader.name} file ({type(exc).__name__}: {str(exc)[:120]})") from None


class FoundFile(NamedTuple):
    """A file found by :func:`walk_files`."""

    rel: str  #: its POSIX path relative to the folder walked (its name when a file was given)
    path: str  #: the folder walked joined with its relative path (``str(Path)`` of it)
    link: bool  #: whether it is a symbolic link


def list_files(folder_or_file: str | Path) -> tuple[list[Path], list[LoaderError]]:
    """The files a walk would read (hidden and litter files excluded, unsupported ones
    included), in sorted order of their POSIX path relative to the folder, and the
    sub-folders that could not be listed.

    Raises
    ------
    LoaderError
        When ``folder_or_file`` does not exist.
    """
    found, errors = walk_files(folder_or_file)
    return [Path(f.path) for f in found], errors


def walk_files(folder_or_file: str | Path) -> tuple[list[FoundFile], list[LoaderError]]:
    """:func:`list_files` with each file's relative path and whether it is a symbolic link.

    The walk is :func:`os.walk`'s (links to folders are not entered), on :func:`os.scandir`
    directly: what a folder entry is comes with the listing, not from a system call per file
    (a rebuild of 100,000 documents walks them all).
    """
    top = Path(folder_or_file)
    if top.is_file():
        return [FoundFile(top.name, str(top), top.is_symlink())], []
    if not top.is_dir():
        raise LoaderError(top, "no such file or folder")
    errors: list[LoaderError] = []
    found: list[tuple[str, str, bool]] = []
    stack = [(str(top), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            errors.append(LoaderError(exc.filename or top, f"cannot read folder ({exc.strerror or exc})"))
            continue
        for e in entries:
            name = e.name
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not (name.startswith(".") or name in _IGNORED_DIRS or _is_link(e)):
                    stack.append((e.path, prefix + name + "/"))
            elif not is_ignored(name):
                found.append((prefix + name, e.path, _is_link(e)))
    found.sort(key=lambda t: t[0])
    return [FoundFile(rel, p, link) for rel, p, link in found], errors


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:  # (as os.walk and os.path.islink take it)
        return False


def iter_documents(folder_or_file: str | Path) -> Iterator[Document | LoaderError]:
    """Load every document of a folder (recursively, sorted) or one file.

    Hidden files and folders and litter (``~$x.docx``, ``.DS_Store``, ``*.tmp`` …) are
    skipped silently; other files of an unsupported format give a LoaderError
    ``"unsupported format '.xyz'"``. Errors are yielded, not raised, so the caller can
    report them and go on.

    Yields
    ------
    Document or LoaderError
        In sorted order of the files' POSIX paths relative to the folder.

    Raises
    ------
    LoaderError
        Only when ``folder_or_file`` itself does not exist.
    """
    top = Path(folder_or_file)
    files, errors = list_files(top)
    root = top.parent if top.is_file() else top
    yield from errors
    for f in files:
        try:
            yield load_document(f, root)
        except LoaderError as exc:
            yield exc
