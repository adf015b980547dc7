"""walk_files: the files os.walk would give (the walk list_files was first written with), faster."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from maillage.errors import LoaderError
from maillage.loaders import _IGNORED_DIRS, is_ignored, list_files, walk_files


def _os_walk_reference(top: Path) -> tuple[list[tuple[str, Path]], int]:
    """list_files as first written: os.walk, hidden and litter left out, sorted by relative path."""
    errors: list[OSError] = []
    found = []
    for dirpath, dirnames, filenames in os.walk(top, onerror=errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in _IGNORED_DIRS]
        for name in filenames:
            if not is_ignored(name):
                full = Path(dirpath) / name
                found.append((full.relative_to(top).as_posix(), full))
    found.sort(key=lambda t: t[0])
    return found, len(errors)


def _tree(root: Path) -> Path:
    docs = root / "docs"
    for rel in ["a.txt", "b/c.md", "b/d/e.html", "b/d/.hidden.txt", ".git/x.txt", "__MACOSX/y.txt", "z/~$w.docx",
                "z/Thumbs.db", "z/ok.pdf", "é/ü ñ.txt", "n/10.txt", "n/9.txt"]:
        p = docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "far.txt").write_text("x", encoding="utf-8")
    (docs / "link-to-folder").symlink_to(root / "elsewhere", target_is_directory=True)
    (docs / "link-to-file.txt").symlink_to(docs / "a.txt")
    (docs / "broken-link.txt").symlink_to(root / "nowhere.txt")
    return docs


def test_walk_files_gives_the_files_of_os_walk_with_their_relative_paths_and_links(tmp_path: Path):
    docs = _tree(tmp_path)
    want, _ = _os_walk_reference(docs)
    got, errors = walk_files(docs)
    assert [(f.rel, f.path) for f in got] == [(r, str(p)) for r, p in want] and not errors
    assert [f.link for f in got] == [os.path.islink(f.path) for f in got]
    assert {f.rel for f in got if f.link} == {"link-to-file.txt", "broken-link.txt"}
    assert list_files(docs) == ([p for _, p in want], [])
    # the same from a relative path with a trailing separator
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        rel_got, _ = walk_files("docs/")
        assert [(f.rel, f.path) for f in rel_got] == [(r, str(p)) for r, p in _os_walk_reference(Path("docs/"))[0]]
    finally:
        os.chdir(cwd)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_that_cannot_be_listed_is_reported_and_the_walk_goes_on(tmp_path: Path):
    docs = _tree(tmp_path)
    (docs / "b" / "d").chmod(0)
    try:
        got, errors = walk_files(docs)
        want, n_errors = _os_walk_reference(docs)
    finally:
        (docs / "b" / "d").chmod(0o755)
    assert [(f.rel, f.path) for f in got] == [(r, str(p)) for r, p in want]
    assert len(errors) == n_errors == 1 and "cannot read folder" in errors[0].reason


def test_a_single_file_and_a_missing_path(tmp_path: Path):
    docs = _tree(tmp_path)
    got, _ = walk_files(docs / "b" / "c.md")
    assert [(f.rel, f.path, f.link) for f in got] == [("c.md", str(docs / "b" / "c.md"), False)]
    with pytest.raises(LoaderError, match="no such file"):
        walk_files(tmp_path / "missing")
