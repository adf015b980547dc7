"""Walking folders, the format registry, and the seed corpus."""
from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest
from loader_helpers import make_docx, minimal_pdf

import maillage.loaders as loaders
from maillage.errors import LoaderError
from maillage.loaders import (LOADERS, SUPPORTED_EXTENSIONS, iter_documents, list_files, load_document,
                              register)
from maillage.loaders.base import EXTENSIONS
from maillage.model import Document

try:  # the shared constant of tests/conftest.py ("conftest" may name another folder's conftest)
    from conftest import SEEDS
except ImportError:  # pragma: no cover
    SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

FR = "Le Conseil des Communes et Régions d'Europe et le réseau des associations se sont rencontrés à Paris."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "b" / "sous dossier").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / "__MACOSX").mkdir()
    (root / "z.txt").write_text(FR, encoding="utf-8")
    (root / "a" / "note.md").write_text("# Note\n\n" + FR, encoding="utf-8")
    (root / "a" / "page.HTML").write_text(f"<html><body><p>{FR}</p></body></html>", encoding="utf-8")
    (root / "b" / "rapport.pdf").write_bytes(minimal_pdf([[FR]]))
    make_docx(root / "b" / "sous dossier" / "compte-rendu.docx", paragraphs=[FR])
    (root / "b" / "relations.csv").write_text("source,type,target\nCEMR,meets,NALAS\n", encoding="utf-8")
    (root / "b" / "relations.json").write_text('[{"source":"CEMR","type":"meets","target":"NALAS"}]',
                                               encoding="utf-8")
    (root / "b" / "vide.txt").write_bytes(b"")
    (root / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "b" / "LISEZMOI").write_text(FR, encoding="utf-8")
    # hidden files and folders, office and editor litter: skipped silently
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / ".cache.txt").write_text(FR, encoding="utf-8")
    (root / ".git" / "HEAD.txt").write_text(FR, encoding="utf-8")
    (root / "__MACOSX" / "z.txt").write_text(FR, encoding="utf-8")
    (root / "a" / "~$note.docx").write_bytes(b"lock")
    (root / "a" / "note.md~").write_text(FR, encoding="utf-8")
    (root / "a" / "Thumbs.db").write_bytes(b"\x00")
    (root / "a" / "draft.tmp").write_text(FR, encoding="utf-8")
    return root


def test_walk_is_recursive_sorted_and_skips_hidden_and_litter(corpus):
    results = list(iter_documents(corpus))
    seen = [(r.path if isinstance(r, Document) else Path(r.path).relative_to(corpus).as_posix(),
             r.format if isinstance(r, Document) else r.reason) for r in results]
    assert seen == [
        ("a/note.md", "md"),
        ("a/page.HTML", "html"),
        ("b/LISEZMOI", "unsupported format (no extension)"),
        ("b/image.png", "unsupported format '.png'"),
        ("b/rapport.pdf", "pdf"),
        ("b/relations.csv", "csv"),
        ("b/relations.json", "json"),
        ("b/sous dossier/compte-rendu.docx", "docx"),
        ("b/vide.txt", "empty file"),
        ("z.txt", "txt"),
    ]
    docs = [r for r in results if isinstance(r, Document)]
    assert all(d.lang == "fr" for d in docs if d.format not in ("csv", "json"))


def test_walk_is_deterministic(corpus):
    def key(r):
        return (r.id, r.path, r.title, r.lang, r.date, r.text) if isinstance(r, Document) else (r.path, r.reason)

    assert [key(r) for r in iter_documents(corpus)] == [key(r) for r in iter_documents(corpus)]


def test_list_files_matches_the_walk(corpus):
    files, errors = list_files(corpus)
    assert errors == []
    assert [f.relative_to(corpus).as_posix() for f in files][:2] == ["a/note.md", "a/page.HTML"]
    assert len(files) == len(list(iter_documents(corpus)))


def test_single_file(corpus):
    (doc,) = list(iter_documents(corpus / "b" / "rapport.pdf"))
    assert isinstance(doc, Document)
    assert doc.path == "rapport.pdf"


def test_missing_folder_raises(tmp_path):
    with pytest.raises(LoaderError, match="no such file or folder"):
        list(iter_documents(tmp_path / "absent"))


def test_load_document_root_and_unsupported(corpus):
    doc = load_document(corpus / "b" / "sous dossier" / "compte-rendu.docx", root=corpus)
    assert doc.path == "b/sous dossier/compte-rendu.docx"
    with pytest.raises(LoaderError, match="unsupported format '.png'"):
        load_document(corpus / "b" / "image.png")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(FR, encoding="utf-8")
    p.chmod(0)
    try:
        with pytest.raises(LoaderError, match="permission denied"):
            load_document(p)
    finally:
        p.chmod(0o644)


def test_unexpected_library_errors_become_loader_errors(tmp_path):
    def explode(path, root):
        raise IndexError("list index out of range")

    register("boom", (".boom",), explode)
    try:
        p = tmp_path / "x.boom"
        p.write_text("x", encoding="utf-8")
        (err,) = list(iter_documents(p))
        assert isinstance(err, LoaderError)
        assert err.reason == "could not read boom file (IndexError: list index out of range)"
    finally:
        LOADERS.pop("boom")
        EXTENSIONS.pop(".boom")


def test_registry():
    assert set(LOADERS) == {"txt", "md", "html", "pdf", "docx", "csv", "json"}
    for ext in (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".csv", ".json"):
        assert ext in SUPPORTED_EXTENSIONS
    assert list(SUPPORTED_EXTENSIONS) == sorted(SUPPORTED_EXTENSIONS)
    for name, loader in LOADERS.items():
        assert loader.name == name
        assert all(EXTENSIONS[e] == name for e in loader.extensions)


@pytest.mark.parametrize("module", ["maillage.loaders", "maillage.loaders.meta", "maillage.loaders.encoding",
                                    "maillage.loaders.base", "maillage.loaders.textfiles",
                                    "maillage.loaders.html", "maillage.loaders.tables"])
def test_docstring_examples(module):
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --------------------------------------------------------------------------- the seed corpus

SEED_DATES = {
    "afccre_rencontre_france_balkans_2022.txt": "2022-11-29",
    "meae_rencontres_internationalisation_2017.txt": "2017-09-08",
    "cuf_atelier_zones_a_risques_2016.txt": "2016-05-19",
    "cemr_nalas_leaders_meeting.txt": None,
    "cemr_platform_launch_2008.txt": None,  # "Dimanche 16 novembre" has no year
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed corpus is not next to the project")
def test_seed_corpus():
    results = list(iter_documents(SEEDS))
    assert not [r for r in results if isinstance(r, LoaderError)]
    docs = {d.path: d for d in results}
    assert sorted(docs) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for path, doc in docs.items():
        assert doc.lang == "fr", path
        assert doc.text == (SEEDS / path).read_text(encoding="utf-8").replace("\r\n", "\n"), path
        assert doc.title and len(doc.title) <= 200
        if path in SEED_DATES:
            assert doc.date == SEED_DATES[path], path
    assert docs["afccre_rencontre_france_balkans_2022.txt"].title == "Rencontre France-Balkans-Europe"
    assert len({d.id for d in docs.values()}) == len(docs)


def test_public_api():
    for name in loaders.__all__:
        assert hasattr(loaders, name), name
