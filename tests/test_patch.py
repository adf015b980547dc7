"""Incremental rebuilds that patch graph.json (maillage.graph.patch) instead of assembling it again.

Every patched build is compared byte for byte with a clean build (no cache) of the same documents,
and each test checks which way the build went (``BuildResult.patched``): a patch that silently
fell back to the full assembly would pass the byte comparison and test nothing.
"""
from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from maillage.graph import patch as gpatch
from maillage.graph.store import read_graph, write_graph
from maillage.pipeline import CACHE_DIRNAME, build
from maillage.schema import more_specific

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_corpus  # noqa: E402

#: a network known under a French and an English name, and a document that gives both the same
#: acronym: once it is added, the two nodes of the earlier documents are one (its id changes)
MERGE_DOCS = {
    "a_fr.txt": "Le Réseau Alpin des Collectivités Solidaires a signé un accord de partenariat avec NALAS à Skopje.\n"
                "Le Réseau Alpin des Collectivités Solidaires est membre du CCRE.\n",
    "b_en.txt": "The Alpine Network of Solidarity Authorities organised a seminar in Grenoble with Cités Unies France.\n"
                "The European Commission funds the Alpine Network of Solidarity Authorities.\n",
    "c_both.txt": "Le Réseau Alpin des Collectivités Solidaires (RACS) coopère avec l'AFCCRE.\n"
                  "The Alpine Network of Solidarity Authorities (RACS) is a member of CEMR.\n",
    "0_first.txt": "The Council of European Municipalities and Regions signed a partnership agreement with the "
                   "Réseau Alpin des Collectivités Solidaires.\n",
}


def _write(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def _clean(docs: Path, out: Path) -> bytes:
    build(docs, out, ner=False, jobs=1, cache=False)
    return (out / "graph.json").read_bytes()


def _copy(files: list[Path], src: Path, dst: Path) -> None:
    for p in files:
        t = dst / p.relative_to(src)
        t.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, t)


def _split_and_compare(src: Path, tmp: Path, seed: int) -> dict:
    """Build a random part of ``src``, add the rest, rebuild: the patched graph.json and summary must be
    those of a clean build; what the patch did is returned."""
    files = sorted(p for p in src.rglob("*") if p.is_file())
    rnd = random.Random(seed)
    new = set(rnd.sample(files, rnd.randint(1, max(1, len(files) // 3))))
    docs = tmp / "docs"
    _copy([p for p in files if p not in new], src, docs)
    build(docs, tmp / "out", ner=False, jobs=1)
    _copy(sorted(new), src, docs)
    res = build(docs, tmp / "out", ner=False, jobs=1)
    assert res.patched, gpatch.LAST
    assert res.extracted == len(new)
    did = dict(gpatch.LAST)
    assert (tmp / "out" / "graph.json").read_bytes() == _clean(docs, tmp / "clean")
    clean = build(docs, tmp / "clean2", ner=False, jobs=1, cache=False)
    same = {"seconds": 0, "outputs": {}, "patched": False, "cached": 0, "extracted": 0, "assembly": ""}
    assert res.summary() | same == clean.summary() | same
    return did


@pytest.mark.parametrize("seed", range(4))
def test_adding_documents_patches_graph_json_to_the_bytes_of_a_full_build(tmp_path: Path, seed: int):
    src = tmp_path / "src"
    gen_corpus.generate(80, src, seed=seed)
    did = _split_and_compare(src, tmp_path / "w", seed)
    assert did["documents_added"] >= 1 and did["nodes_rebuilt"] >= 1


@pytest.mark.parametrize("corpus", ["examples", "seeds"])
def test_patch_on_the_written_corpora(tmp_path: Path, corpus: str):
    src = ROOT / "examples" / "docs" if corpus == "examples" else SEEDS
    if not src.is_dir():
        pytest.skip(f"{src} not here")
    for seed in range(3):
        _split_and_compare(src, tmp_path / str(seed), seed)


@pytest.mark.parametrize("added", [["c_both.txt"], ["0_first.txt"], ["c_both.txt", "0_first.txt"]])
def test_a_new_document_that_joins_two_nodes_moves_their_edges(tmp_path: Path, added: list[str]):
    src = tmp_path / "src"
    _write(src, MERGE_DOCS)
    did = _split_and_compare_fixed(src, tmp_path / "w", added)
    G = read_graph(tmp_path / "w" / "out")

    def having(part: str) -> list[str]:
        return [n for n, d in G.nodes(data=True) if any(part in a for a in d["aliases"])]

    if "c_both.txt" in added:
        # the French and English nodes become one: one of them changes id, its edges follow
        assert did["nodes_moved"] == 1 and did["edges_removed"] >= 4
    assert len(having("RACS")) == 1
    assert having("RACS") == having("Solidarity Authorities") == having("Collectivités Solidaires")


def _split_and_compare_fixed(src: Path, tmp: Path, added: list[str]) -> dict:
    docs = tmp / "docs"
    _copy([p for p in sorted(src.iterdir()) if p.name not in added], src, docs)
    build(docs, tmp / "out", ner=False, jobs=1)
    _copy([src / n for n in added], src, docs)
    res = build(docs, tmp / "out", ner=False, jobs=1)
    assert res.patched, gpatch.LAST
    assert (tmp / "out" / "graph.json").read_bytes() == _clean(docs, tmp / "clean")
    return dict(gpatch.LAST)


def test_patching_again_and_again_stays_equal_to_a_full_build(tmp_path: Path):
    docs = tmp_path / "docs"
    gen_corpus.generate(30, docs, seed=5)
    build(docs, tmp_path / "out", ner=False, jobs=1)
    for step in range(3):
        gen_corpus.generate(7, docs, seed=5, start=30 + 7 * step)
        res = build(docs, tmp_path / "out", ner=False, jobs=1)
        assert res.patched and res.extracted == 7
        assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / f"clean{step}")


def test_nothing_new_rewrites_the_same_bytes(tmp_path: Path):
    docs = tmp_path / "docs"
    gen_corpus.generate(12, docs, seed=2)
    build(docs, tmp_path / "out", ner=False, jobs=1)
    before = (tmp_path / "out" / "graph.json").read_bytes()
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and res.extracted == 0 and res.cached == 12
    assert (tmp_path / "out" / "graph.json").read_bytes() == before


# --- when the patch is not used: the full assembly, still the same bytes ----------------------------

def _base(tmp_path: Path, n: int = 20) -> Path:
    docs = tmp_path / "docs"
    gen_corpus.generate(n, docs, seed=3)
    build(docs, tmp_path / "out", ner=False, jobs=1)
    assert (tmp_path / "out" / CACHE_DIRNAME / gpatch.STATE_NAME).is_file()
    return docs


def _rebuilt_in_full(tmp_path: Path, docs: Path) -> None:
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")
    # and the state saved by that full build serves the next rebuild
    gen_corpus.generate(2, docs, seed=3, start=500)
    again = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert again.patched, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean2")


def _removal_limit(reason: str) -> bool:
    """The removals the patch leaves to the full assembly: a node that splits."""
    return "it splits" in reason


def _patched_again(tmp_path: Path, docs: Path) -> dict:
    """Rebuild after documents were removed or changed: patched, and the bytes of a clean build;
    the state it saves serves the next rebuild. What the patch did is returned."""
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched, gpatch.LAST
    did = dict(gpatch.LAST)
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")
    clean = build(docs, tmp_path / "clean_summary", ner=False, jobs=1, cache=False)
    same = {"seconds": 0, "outputs": {}, "patched": False, "cached": 0, "extracted": 0, "assembly": ""}
    assert res.summary() | same == clean.summary() | same
    gen_corpus.generate(2, docs, seed=3, start=500)
    again = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert again.patched, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean2")
    return did


def test_a_removed_document_is_patched_out(tmp_path: Path):
    docs = _base(tmp_path)
    sorted(docs.rglob("*.txt"))[3].unlink()
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and res.assembly.endswith("with 1 removed document(s)"), gpatch.LAST
    assert gpatch.LAST["documents_removed"] == 1 and gpatch.LAST["edges_removed"] + gpatch.LAST["edges_rebuilt"] >= 1
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


def test_a_changed_document_is_patched(tmp_path: Path):
    docs = _base(tmp_path)
    p = sorted(docs.rglob("*.txt"))[5]
    p.write_text(p.read_text(encoding="utf-8") + "\nLe CCRE et NALAS ont signé un accord de partenariat.\n",
                 encoding="utf-8")
    _patched_again(tmp_path, docs)


def test_removing_the_first_document_of_actors_rebuilds_them_from_their_other_documents(tmp_path: Path):
    # the first document (in path order) is where many nodes took their type, first name or attributes
    docs = _base(tmp_path)
    sorted(docs.rglob("*.txt"))[0].unlink()
    did = _patched_again(tmp_path, docs)
    assert did["nodes_rebuilt_from_documents"] >= 1


def test_removing_every_document_of_an_actor_removes_it_and_its_edges(tmp_path: Path):
    src = tmp_path / "src"
    _write(src, MERGE_DOCS | {"z_only.txt": "La Ligue Bretonne des Communes Rurales est membre de l'AFCCRE.\n"})
    build(src, tmp_path / "out", ner=False, jobs=1)
    assert any("Ligue Bretonne" in d["name"] for _, d in read_graph(tmp_path / "out").nodes(data=True))
    (src / "z_only.txt").unlink()
    res = build(src, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and gpatch.LAST["nodes_removed"] >= 1, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(src, tmp_path / "clean")
    assert not any("Ligue Bretonne" in d["name"] for _, d in read_graph(tmp_path / "out").nodes(data=True))


def test_every_document_removed_is_nothing_to_build_and_keeps_the_previous_graph(tmp_path: Path):
    from maillage.errors import MaillageError

    docs = _base(tmp_path, n=4)
    before = (tmp_path / "out" / "graph.json").read_bytes()
    for p in sorted(p for p in docs.rglob("*") if p.is_file()):
        p.unlink()
    with pytest.raises(MaillageError, match="nothing to build"):
        build(docs, tmp_path / "out", ner=False, jobs=1)
    assert (tmp_path / "out" / "graph.json").read_bytes() == before


def test_removing_the_document_that_joined_two_names_is_assembled_in_full(tmp_path: Path):
    # j.txt alone says that the French and the English names (each in a document of its own) are
    # one network: without it the node splits in two, which the patch leaves to the full assembly
    src = tmp_path / "src"
    _write(src, {
        "x1.txt": "Le Réseau Alpin des Collectivités Solidaires a signé un accord de partenariat avec NALAS à Skopje.\n",
        "x2.txt": "The European Commission funds the Network of Solidarity Authorities.\n",
        "j.txt": "Le Réseau Alpin des Collectivités Solidaires (RACS) coopère avec l'AFCCRE.\n"
                 "The Network of Solidarity Authorities (RACS) is a member of CEMR.\n"})
    build(src, tmp_path / "out", ner=False, jobs=1)
    (src / "j.txt").unlink()
    res = build(src, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched and "it splits" in gpatch.LAST["cannot"], gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(src, tmp_path / "clean")


def test_removing_the_only_document_of_a_node_s_smallest_name_moves_the_node_and_its_edges(tmp_path: Path):
    # in MERGE_DOCS, c_both.txt is the only document with the English name the node's id comes
    # from: without it the node lives on under its French name, with another id, and its edges follow
    src = tmp_path / "src"
    _write(src, MERGE_DOCS)
    build(src, tmp_path / "out", ner=False, jobs=1)
    before = {n for n, d in read_graph(tmp_path / "out").nodes(data=True) if "RACS" in d["aliases"]}
    (src / "c_both.txt").unlink()
    res = build(src, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and gpatch.LAST["nodes_moved"] == 1 and gpatch.LAST["edges_rebuilt"] >= 1, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(src, tmp_path / "clean")
    after = {n for n, d in read_graph(tmp_path / "out").nodes(data=True) if "Collectivités Solidaires" in d["name"]}
    assert len(after) == 1 and not after & before


def test_removing_one_of_two_documents_that_join_names_keeps_the_node_and_is_patched(tmp_path: Path):
    # two documents give the French and English names the same acronym: without one, the other
    # still joins them (the name "RACS" changes owner), so the node stays whole
    src = tmp_path / "src"
    _write(src, MERGE_DOCS | {"d_again.txt": "The Alpine Network of Solidarity Authorities (RACS) met AIMF.\n"
                                             "Le Réseau Alpin des Collectivités Solidaires (RACS) est partenaire de "
                                             "NALAS.\n"})
    build(src, tmp_path / "out", ner=False, jobs=1)
    (src / "c_both.txt").unlink()
    res = build(src, tmp_path / "out", ner=False, jobs=1)
    assert res.patched, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(src, tmp_path / "clean")
    G = read_graph(tmp_path / "out")
    assert len([n for n, d in G.nodes(data=True) if "RACS" in d["aliases"]]) == 1


def test_a_renamed_file_is_patched(tmp_path: Path):
    docs = _base(tmp_path)
    p = sorted(docs.rglob("*.txt"))[4]
    p.rename(p.with_name("zz_" + p.name))
    assert _patched_again(tmp_path, docs)["documents_removed"] == 1


def test_a_removed_document_whose_cache_entry_is_gone_is_assembled_in_full(tmp_path: Path):
    docs = _base(tmp_path)
    victim = sorted(docs.rglob("*.txt"))[2]
    victim.unlink()
    cache = tmp_path / "out" / CACHE_DIRNAME
    entries = [p for p in cache.rglob("*") if p.is_file() and p.name != gpatch.STATE_NAME and p.suffix != ".bin"]
    for p in entries:  # (as after a --prune-cache elsewhere, or a cache folder cleaned by hand)
        if p.parent != cache:
            p.unlink()
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched and "cache" in gpatch.LAST["cannot"], gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


@pytest.mark.parametrize("seed", range(6))
def test_random_removals_changes_and_additions_equal_a_full_build(tmp_path: Path, seed: int):
    rnd = random.Random(seed)
    docs = tmp_path / "docs"
    gen_corpus.generate(60, docs, seed=seed)
    build(docs, tmp_path / "out", ner=False, jobs=1)
    patched = 0
    for step in range(3):
        files = sorted(docs.rglob("*.txt"))
        for p in rnd.sample(files, rnd.randint(1, 4)):
            p.unlink()
        for p in rnd.sample(sorted(docs.rglob("*.txt")), rnd.randint(0, 3)):
            lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
            del lines[rnd.randrange(len(lines))]
            p.write_text("".join(lines) + "Cités Unies France est partenaire de PLATFORMA.\n", encoding="utf-8")
        gen_corpus.generate(rnd.randint(0, 3), docs, seed=seed, start=1000 + 10 * step)
        res = build(docs, tmp_path / "out", ner=False, jobs=1)
        assert res.patched or _removal_limit(gpatch.LAST["cannot"]), gpatch.LAST
        patched += res.patched
        assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / f"clean{step}")
    assert patched >= 1


def test_a_new_file_with_the_content_of_another_is_assembled_in_full_when_it_sorts_first(tmp_path: Path):
    docs = _base(tmp_path)
    p = sorted(docs.rglob("*.txt"))[0]
    shutil.copy(p, p.parent / ("0000_copy" + p.suffix))  # sorts first: the copy is kept, not the original
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched and "content" in gpatch.LAST["cannot"]
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


def test_copies_of_documents_are_left_out_and_patching_goes_on(tmp_path: Path):
    # a corpus holding the same file twice: the later copy is left out by a full build, by a patch
    # too, and the state is kept so that the next rebuilds are still patched
    docs = _base(tmp_path)
    files = sorted(docs.rglob("*.txt"))
    shutil.copy(files[0], files[0].parent / ("zzzz_copy" + files[0].suffix))
    gen_corpus.generate(1, docs, seed=3, start=700)
    shutil.copy(files[1], files[1].parent / ("zzzz_copy2" + files[1].suffix))
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and gpatch.LAST["documents_added"] == 1 and res.extracted == 3
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")
    gen_corpus.generate(1, docs, seed=3, start=701)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean2")
    # a full build of a corpus with copies also keeps its state
    build(docs, tmp_path / "out3", ner=False, jobs=1)
    gen_corpus.generate(1, docs, seed=3, start=702)
    assert build(docs, tmp_path / "out3", ner=False, jobs=1).patched


def test_removals_in_a_corpus_with_copies(tmp_path: Path):
    # archives hold the same file twice: removing other documents, or a copy, is patched; removing
    # a document whose copy stays makes the copy the one kept (its path): the full assembly
    docs = _base(tmp_path)
    files = sorted(docs.rglob("*.txt"))
    shutil.copy(files[0], files[0].parent / ("zzzz_copy" + files[0].suffix))
    shutil.copy(files[1], files[1].parent / ("zzzz_copy2" + files[1].suffix))
    build(docs, tmp_path / "out", ner=False, jobs=1)  # (patched: two copies, left out)
    files[5].unlink()
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and gpatch.LAST["documents_removed"] == 1, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")
    (files[1].parent / ("zzzz_copy2" + files[1].suffix)).unlink()  # a copy: nothing changes but the keys
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and gpatch.LAST["documents_removed"] == 0, gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean2")
    files[0].unlink()  # its copy stays, and takes its place
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched and "copy" in gpatch.LAST["cannot"], gpatch.LAST
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean3")
    gen_corpus.generate(1, docs, seed=3, start=900)
    assert build(docs, tmp_path / "out", ner=False, jobs=1).patched


def test_a_graph_json_rewritten_since_is_not_patched(tmp_path: Path):
    docs = _base(tmp_path)
    G = read_graph(tmp_path / "out")
    G.graph["meta"]["note"] = "edited"
    write_graph(G, tmp_path / "out" / "graph.json")
    gen_corpus.generate(2, docs, seed=3, start=300)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "other-code"])
def test_a_damaged_state_is_not_used(tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch):
    docs = _base(tmp_path)
    state = tmp_path / "out" / CACHE_DIRNAME / gpatch.STATE_NAME
    raw = state.read_bytes()
    if damage == "truncate":
        state.write_bytes(raw[: len(raw) - 7])
    elif damage == "garbage":
        state.write_bytes(raw[:40] + b"\xff" * 50 + raw[90:])
    elif damage == "empty":
        state.write_bytes(b"")
    else:
        monkeypatch.setattr(gpatch, "code_fingerprint", lambda: "another version")
    gen_corpus.generate(2, docs, seed=3, start=300)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


def test_no_state_without_the_cache_or_with_the_analysis(tmp_path: Path):
    docs = tmp_path / "docs"
    gen_corpus.generate(8, docs, seed=4)
    build(docs, tmp_path / "nocache", ner=False, jobs=1, cache=False)
    assert not (tmp_path / "nocache" / CACHE_DIRNAME).exists()
    build(docs, tmp_path / "out", ner=False, jobs=1)
    state = tmp_path / "out" / CACHE_DIRNAME / gpatch.STATE_NAME
    assert state.is_file()
    res = build(docs, tmp_path / "out", ner=False, jobs=1, analyse=True)  # scores in graph.json: not a patch
    assert not res.patched and not state.exists()
    assert any("scores" in d for _, d in read_graph(tmp_path / "out").nodes(data=True))


def test_a_patch_killed_while_writing_leaves_the_previous_graph_and_a_usable_state(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    docs = _base(tmp_path)
    before = (tmp_path / "out" / "graph.json").read_bytes()
    gen_corpus.generate(3, docs, seed=3, start=400)
    real = gpatch.write_spliced

    def dies_halfway(path, src_fd, src, pieces, info=None):
        def some():
            for k, c in enumerate(pieces):
                if k == 5:
                    raise KeyboardInterrupt
                yield c
        return real(path, src_fd, src, some(), info)

    monkeypatch.setattr(gpatch, "write_spliced", dies_halfway)
    with pytest.raises(KeyboardInterrupt):
        build(docs, tmp_path / "out", ner=False, jobs=1)
    assert (tmp_path / "out" / "graph.json").read_bytes() == before
    assert not [p for p in os.listdir(tmp_path / "out") if p.endswith(".tmp")]
    monkeypatch.setattr(gpatch, "write_spliced", real)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched and res.extracted == 0  # the new documents were cached before the stop
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


def test_killed_between_graph_json_and_its_state_the_next_build_assembles_in_full(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    docs = _base(tmp_path)
    gen_corpus.generate(3, docs, seed=3, start=400)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(gpatch, "save_state", killed)
    with pytest.raises(KeyboardInterrupt):
        build(docs, tmp_path / "out", ner=False, jobs=1)
    monkeypatch.undo()
    gen_corpus.generate(1, docs, seed=3, start=450)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert not res.patched  # the state describes the graph.json before the killed run
    assert (tmp_path / "out" / "graph.json").read_bytes() == _clean(docs, tmp_path / "clean")


def test_patched_result_reads_its_graph_when_asked(tmp_path: Path):
    docs = _base(tmp_path, 10)
    gen_corpus.generate(2, docs, seed=3, start=600)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched
    G = res.graph
    assert G.number_of_nodes() == res.summary()["actors"]
    assert len(G.graph["documents"]) == res.documents == 12


# --- the rules the patch re-applies ----------------------------------------------------------------

TYPES = ["organisation", "association", "local_government", "ngo", "city"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TYPES), st.integers(0, 5)), min_size=1, max_size=8), st.booleans(),
       st.randoms(use_true_random=False))
def test_node_type_is_that_of_folding_more_specific_in_document_order(occ, known, rnd):
    occ = [(t, (f"{w:02d}", "d", str(i))) for i, (t, w) in enumerate(occ)]
    in_order = sorted(occ, key=lambda x: x[1])
    expected = in_order[0][0]
    if not known:
        for t, _ in in_order[1:]:
            expected = more_specific(expected, t)
    node = gpatch._Node()
    node.known = "k" if known else None
    shuffled = list(occ)
    rnd.shuffle(shuffled)
    for t, where in shuffled:
        node.take_type(t, where)
    assert node.type == expected


def test_the_state_is_saved_atomically_beside_the_cache_entries(tmp_path: Path):
    docs = _base(tmp_path, 6)
    cache = tmp_path / "out" / CACHE_DIRNAME
    assert not [p for p in os.listdir(cache) if p.endswith(".tmp")]
    res = build(docs, tmp_path / "out", ner=False, jobs=1, prune_cache=True)
    assert res.pruned == 0 and (cache / gpatch.STATE_NAME).is_file()


def test_the_cli_says_when_it_patched(tmp_path: Path):
    import json

    from click.testing import CliRunner

    from maillage.cli import main

    docs = tmp_path / "docs"
    gen_corpus.generate(6, docs, seed=8)
    out = str(tmp_path / "out")
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(docs), "-o", out, "--no-ner", "--jobs", "1", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["patched"] is False
    gen_corpus.generate(1, docs, seed=8, start=6)
    second = runner.invoke(main, ["build", str(docs), "-o", out, "--no-ner", "--jobs", "1", "--json"])
    summary = json.loads(second.output)
    assert summary["patched"] is True and summary["extracted"] == 1 and summary["documents"] == 7
    gen_corpus.generate(1, docs, seed=8, start=7)
    third = runner.invoke(main, ["build", str(docs), "-o", out, "--no-ner", "--jobs", "1"])
    assert third.exit_code == 0 and "graph.json (patched: the previous graph.json with 1 new document(s))" in third.output
    victim = sorted(docs.rglob("*.txt"))[0]
    victim.unlink()
    fourth = runner.invoke(main, ["build", str(docs), "-o", out, "--no-ner", "--jobs", "1", "--json"])
    summary = json.loads(fourth.output)
    assert summary["patched"] and summary["documents"] == 7
    assert summary["assembly"] == "patched: the previous graph.json with 1 removed document(s)"
    p = sorted(docs.rglob("*.txt"))[2]
    p.write_text(p.read_text(encoding="utf-8") + "\nNALAS est membre du CCRE.\n", encoding="utf-8")
    gen_corpus.generate(1, docs, seed=8, start=8)
    fifth = runner.invoke(main, ["build", str(docs), "-o", out, "--no-ner", "--jobs", "1", "--json"])
    assert json.loads(fifth.output)["assembly"] == "patched: the previous graph.json with 1 new and 1 changed document(s)"


@pytest.mark.parametrize("which", ["full", "patch"])
def test_no_state_is_saved_for_a_graph_json_another_build_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   which: str):
    from maillage import pipeline

    docs = tmp_path / "docs"
    gen_corpus.generate(10, docs, seed=9)
    if which == "patch":
        build(docs, tmp_path / "out", ner=False, jobs=1)
        gen_corpus.generate(2, docs, seed=9, start=10)
    real = gpatch.save_state

    def raced(state_path, graph_path, *args):
        # another build renames its own graph.json into place between our write and our state
        other = graph_path.with_name("other.json")
        other.write_bytes(graph_path.read_bytes())
        os.replace(other, graph_path)
        return real(state_path, graph_path, *args)

    monkeypatch.setattr(pipeline, "save_state", raced)
    monkeypatch.setattr(gpatch, "save_state", raced)
    res = build(docs, tmp_path / "out", ner=False, jobs=1)
    assert res.patched == (which == "patch")
    assert not (tmp_path / "out" / CACHE_DIRNAME / gpatch.STATE_NAME).exists()


@pytest.mark.parametrize("patching", [False, True])
def test_an_output_that_cannot_be_written_is_one_line_of_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               patching: bool):
    from click.testing import CliRunner

    from maillage import _io
    from maillage.cli import main

    docs = tmp_path / "docs"
    gen_corpus.generate(4, docs, seed=10)
    out = tmp_path / "out"
    if patching:
        build(docs, out, ner=False, jobs=1)
        gen_corpus.generate(1, docs, seed=10, start=4)
    before = (out / "graph.json").read_bytes() if patching else None

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", str(out / ".graph.json.x.tmp"))

    monkeypatch.setattr(_io.tempfile, "mkstemp", full_disk)
    res = CliRunner().invoke(main, ["build", str(docs), "-o", str(out), "--no-ner", "--jobs", "1"])
    assert res.exit_code == 1
    assert res.output.strip().splitlines()[-1] == f"maillage: error: No space left on device: {out / '.graph.json.x.tmp'}"
    assert "Traceback" not in res.output
    if patching:
        assert (out / "graph.json").read_bytes() == before  # the previous graph is still whole


# --- merges and first-wins, stressed: invented networks named in French, in English and by acronym -------

_NETWORKS = [
    ("Réseau Alpin des Collectivités Solidaires", "Alpine Network of Solidarity Authorities", "RACS"),
    ("Alliance Danubienne des Villes Jumelles", "Danube Alliance of Twin Cities", "ADVJ"),
    ("Conférence Baltique des Élus Locaux", "Baltic Conference of Local Councillors", "CBEL"),
    ("Forum Méditerranéen des Régions Côtières", "Mediterranean Forum of Coastal Regions", "FMRC"),
]
_OTHERS = ["NALAS", "le CCRE", "PLATFORMA", "Cités Unies France", "l'AFCCRE", "la Commission européenne", "l'AIMF"]
_CITIES = ["Lyon", "Skopje", "Tirana", "Grenoble", "Sarajevo"]


def _sentence(rnd: random.Random) -> str:
    fr, en, acr = rnd.choice(_NETWORKS)
    other, city = rnd.choice(_OTHERS), rnd.choice(_CITIES)
    return rnd.choice([
        f"Le {fr} ({acr}) a signé un accord de partenariat avec {other}.",
        f"The {en} ({acr}) is a member of CEMR.",
        f"L'association {fr} organise un séminaire à {city} avec {other}.",
        f"Le {fr} est membre de {other}.",
        f"The {en} organised a workshop in {city} with {other}.",
        f"The European Commission funds the {en}.",
        f"The {en} signed a partnership agreement with NALAS in {city}.",
        f"Le {acr} et {other} coopèrent à {city}.",
    ])


def _stress_corpus(rnd: random.Random, n: int, folder: Path, names: set[str]) -> list[Path]:
    paths = []
    for _ in range(n):
        name = f"{rnd.randrange(10**6):06d}.txt"
        while name in names:
            name = f"{rnd.randrange(10**6):06d}.txt"
        names.add(name)
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n".join(_sentence(rnd) for _ in range(rnd.randint(1, 3))) + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def test_patches_with_merges_and_changing_first_choices_equal_full_builds(tmp_path: Path):
    moved = 0
    for seed in range(6):
        rnd = random.Random(seed)
        docs = tmp_path / f"s{seed}" / "docs"
        names: set[str] = set()
        _stress_corpus(rnd, rnd.randint(3, 8), docs, names)
        build(docs, tmp_path / f"s{seed}" / "out", ner=False, jobs=1)
        for step in range(3):
            _stress_corpus(rnd, rnd.randint(1, 4), docs, names)
            res = build(docs, tmp_path / f"s{seed}" / "out", ner=False, jobs=1)
            if not res.patched:  # (allowed only for the reasons the patch gives: a copy that sorts first, ties)
                assert "sorts before" in gpatch.LAST["cannot"] or "ties" in gpatch.LAST["cannot"], gpatch.LAST
            moved += gpatch.LAST.get("nodes_moved", 0)
            assert (tmp_path / f"s{seed}" / "out" / "graph.json").read_bytes() == _clean(
                docs, tmp_path / f"s{seed}" / f"clean{step}"), (seed, step, gpatch.LAST)
    assert moved >= 3  # the corpora did make new documents join nodes built before
