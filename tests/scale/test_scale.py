"""Scale: per-document cache (incremental rebuilds, resume after a kill), process pool, Dask.

Every test compares graph.json bytes against a clean build of the same documents.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from maillage.cache import extraction_from_data, extraction_to_data, extraction_to_json
from maillage.loaders import list_files, load_document
from maillage.loaders.extract import Extractor
from maillage.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_corpus  # noqa: E402

MAILLAGE = [str(Path(sys.executable).parent / "maillage")]


def _corpus(folder: Path, n: int, start: int = 0) -> Path:
    gen_corpus.generate(n, folder, seed=11, start=start)
    return folder


def _bytes(out: Path) -> bytes:
    return (out / "graph.json").read_bytes()


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.json"))


@pytest.fixture(scope="module")
def corpus40(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("c40") / "docs", 40)


@pytest.fixture(scope="module")
def clean40(corpus40: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("clean40")
    build(corpus40, out, ner=False, jobs=1, cache=False)
    assert not (out / ".cache").exists()
    return _bytes(out)


# --- serialisation ------------------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/corpus/seeds, the user's sample documents beside the project")
def test_cache_entry_round_trips_every_seed_extraction():
    ex = Extractor(ner=False)
    files, _ = list_files(SEEDS)
    assert files
    for f in files:
        doc = load_document(f, SEEDS)
        got = ex.extract(doc)
        back = extraction_from_data(json.loads(extraction_to_json(got)))
        assert back.actors == got.actors
        assert back.relations == got.relations
        assert back.document.info() == doc.info()
        assert back.document.text == ""  # the text is not kept
        # the evidence shared by the co-mentions of one sentence is stored once
        data = extraction_to_data(got)
        assert len(data["evidence"]) == len({r.evidence for r in got.relations})


# --- incremental rebuilds -------------------------------------------------------------------------

def test_rebuild_uses_the_cache_and_gives_the_same_bytes(corpus40: Path, clean40: bytes, tmp_path: Path):
    first = build(corpus40, tmp_path, ner=False, jobs=1)
    assert (first.extracted, first.cached) == (40, 0)
    assert len(_entries(tmp_path / ".cache")) == 40
    assert _bytes(tmp_path) == clean40
    again = build(corpus40, tmp_path, ner=False, jobs=1)
    assert (again.extracted, again.cached) == (0, 40)
    assert _bytes(tmp_path) == clean40


def test_adding_two_documents_extracts_only_them_and_equals_a_full_build(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 30)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    _corpus(docs, 2, start=30)
    inc = build(docs, out, ner=False, jobs=1)
    assert (inc.extracted, inc.cached) == (2, 30)
    full = tmp_path / "full"
    build(docs, full, ner=False, jobs=1, cache=False)
    assert _bytes(out) == _bytes(full)
    assert len(json.loads(_bytes(out))["documents"]) == 32


def test_changed_and_removed_documents(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 12)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    files, _ = list_files(docs)
    files[0].write_text("Le CCRE et NALAS ont signé un accord de partenariat.\n", encoding="utf-8")
    files[1].unlink()
    res = build(docs, out, ner=False, jobs=1, prune_cache=True)
    assert (res.extracted, res.cached) == (1, 10)
    assert res.pruned == 2  # the old version of files[0] and the removed files[1]
    assert len(_entries(out / ".cache")) == 11
    full = tmp_path / "full"
    build(docs, full, ner=False, jobs=1, cache=False)
    assert _bytes(out) == _bytes(full)


def test_cache_key_depends_on_the_ner_setting_and_path(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 3)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    # a renamed file keeps its content hash but not its path (titles and dates may come from the name)
    f = list_files(docs)[0][0]
    f.rename(f.with_name("renamed-" + f.name))
    res = build(docs, out, ner=False, jobs=1)
    assert (res.extracted, res.cached) == (1, 2)
    assert any(d["path"].endswith("/renamed-" + f.name) for d in json.loads(_bytes(out))["documents"])


def test_unreadable_files_are_cached_as_skipped_and_torn_entries_rebuilt(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 3)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    out = tmp_path / "out"
    first = build(docs, out, ner=False, jobs=1)
    assert [s["path"] for s in first.skipped] == ["broken.pdf"]
    again = build(docs, out, ner=False, jobs=1)
    assert again.skipped == first.skipped
    assert (again.extracted, again.cached) == (0, 4)
    # a torn entry (power cut) is detected when it is read, and the document extracted again; a
    # rebuild that patches graph.json does not read the entries of the documents it already holds,
    # a full assembly (here: no assembly state) does
    victim = _entries(out / ".cache")[0]
    victim.write_text('{"format": 1, "docu', encoding="utf-8")
    (out / ".cache" / "assembly-state.bin").unlink()
    third = build(docs, out, ner=False, jobs=1)
    assert (third.extracted, third.cached) == (1, 3)
    assert json.loads(victim.read_text(encoding="utf-8"))["format"] == 1


def test_output_folder_inside_the_input_folder_is_not_read_back(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 3)
    build(docs, docs / "out", ner=False, jobs=1)
    res = build(docs, docs / "out", ner=False, jobs=1)
    assert res.documents == 3 and res.skipped == []
    assert (res.extracted, res.cached) == (0, 3)


# --- both cores ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_process_pool_gives_the_same_bytes_as_one_process(corpus40: Path, clean40: bytes, tmp_path: Path):
    res = build(corpus40, tmp_path, ner=False, jobs=2, chunk_size=3, cache=False)
    assert res.jobs == 2 and res.extracted == 40
    assert _bytes(tmp_path) == clean40


@pytest.mark.slow
def test_process_pool_with_ner_matches_one_process(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 8)
    build(docs, tmp_path / "one", ner="auto", jobs=1, cache=False)
    build(docs, tmp_path / "two", ner="auto", jobs=2, chunk_size=2, cache=False)
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")


# --- killed, then resumed --------------------------------------------------------------------------

def _cli_build(docs: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*MAILLAGE, "build", str(docs), "-o", str(out), "--no-ner", "--no-progress", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_a_build_killed_halfway_resumes_to_the_same_graph(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 120)
    out = tmp_path / "out"
    proc = _cli_build(docs, out, "--jobs", "1")
    deadline = time.monotonic() + 120
    while len(_entries(out / ".cache")) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert not (out / "graph.json").exists()
    done = _entries(out / ".cache")
    assert 10 <= len(done) < 120
    for e in done:  # whole entries only
        assert json.loads(e.read_text(encoding="utf-8"))["format"] == 1
    resumed = build(docs, out, ner=False, jobs=2)
    assert resumed.cached >= len(done) and resumed.extracted == 120 - resumed.cached
    assert not list((out / ".cache").glob("*/.*.tmp"))  # leftovers of the kill are cleaned
    clean = tmp_path / "clean"
    build(docs, clean, ner=False, jobs=1, cache=False)
    assert _bytes(out) == _bytes(clean)


@pytest.mark.slow
def test_ctrl_c_stops_the_build_and_keeps_the_work_done(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 120)
    out = tmp_path / "out"
    proc = _cli_build(docs, out, "--jobs", "2")
    deadline = time.monotonic() + 120
    while len(_entries(out / ".cache")) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    kept = len(_entries(out / ".cache"))
    resumed = build(docs, out, ner=False, jobs=1)
    assert resumed.cached == kept and resumed.extracted == 120 - kept


# --- the CLI ---------------------------------------------------------------------------------------

def test_cli_json_reports_extracted_and_cached(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 4)
    out = tmp_path / "out"
    cache = tmp_path / "elsewhere"
    for expected in ((4, 0), (0, 4)):
        r = subprocess.run([*MAILLAGE, "build", str(docs), "-o", str(out), "--no-ner", "--json", "--jobs", "1",
                            "--cache-dir", str(cache)], capture_output=True, check=True)
        s = json.loads(r.stdout)
        assert (s["extracted"], s["cached"]) == expected
    assert len(_entries(cache)) == 4 and not (out / ".cache").exists()


# --- Dask --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_dask_cluster_of_worker_processes_gives_the_same_graph(corpus40: Path, clean40: bytes, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    # dashboard on a free port: None means the configured :8787, which another process may hold
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  scheduler_port=0) as cluster:
        with distributed.Client(cluster) as client:
            pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids  # really separate worker processes
        res = build(corpus40, tmp_path, ner=False, scheduler=cluster.scheduler_address, chunk_size=4)
    assert res.extracted == 40
    assert _bytes(tmp_path) == clean40
    # the Dask run filled the cache like a local one
    again = build(corpus40, tmp_path, ner=False, jobs=1)
    assert (again.extracted, again.cached) == (0, 40)
    assert _bytes(tmp_path) == clean40


def test_unreachable_scheduler_is_a_clean_error(corpus40: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from maillage import pipeline
    from maillage.errors import MaillageError

    monkeypatch.setattr(pipeline, "DASK_CONNECT_TIMEOUT", 2)

    with pytest.raises(MaillageError, match="Dask scheduler"):
        build(corpus40, tmp_path, ner=False, scheduler="tcp://127.0.0.1:9", cache=False)


# --- assembly and writing at scale: same output, linear time, evidence held once -------------------

def _extractions(folder: Path) -> list:
    ex = Extractor(ner=False)
    files, _ = list_files(folder)
    # through the cache format, as the pipeline does
    return [extraction_from_data(json.loads(extraction_to_json(ex.extract(load_document(f, folder)))))
            for f in files]


def test_grouped_add_edges_gives_the_graph_of_successive_add_edge(corpus40: Path):
    from maillage.graph.store import add_edge, add_edges

    id_of, group_of = _ids(corpus40)
    items = []  # (source, target, type, evidence) of every relation, in document order
    for ex in _extractions(corpus40):
        for r in ex.relations:
            s, t = (id_of[group_of[f"{ex.document.id}\x1f{k}"]] for k in (r.source, r.target))
            if s != t:
                items.append((s, t, r.type, r.evidence.to_dict()))
    assert len(items) > len({(s, t, typ) for s, t, typ, _ in items})  # some edges have several sentences
    one, grouped = nx.MultiDiGraph(), nx.MultiDiGraph()
    for s, t, typ, ev in items:
        add_edge(one, s, t, typ, [ev])
    add_edges(grouped, items)
    assert list(grouped.edges(keys=True)) == list(one.edges(keys=True))  # same creation order
    for e in one.edges(keys=True):
        assert grouped.edges[e] == one.edges[e]


def _ids(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """id_of and group_of of assemble, read back from its graph: every local actor -> its node."""
    from maillage.graph.build import assemble

    exs = _extractions(folder)
    G = assemble(exs)
    by_doc_name: dict[tuple[str, str], str] = {}
    for n, d in G.nodes(data=True):
        for doc in d["documents"]:
            for al in d["aliases"]:
                by_doc_name[(doc, al)] = n
    id_of, group_of = {}, {}
    for ex in exs:
        for key, a in ex.actors.items():
            node = by_doc_name[(ex.document.id, a.name)]
            id_of[node] = node
            group_of[f"{ex.document.id}\x1f{key}"] = node
    return id_of, group_of


def test_assemble_frees_each_extraction_once_its_relations_are_read(corpus40: Path, monkeypatch: pytest.MonkeyPatch):
    import gc
    import weakref

    from maillage.graph import build as gbuild

    exs = _extractions(corpus40)
    refs = [weakref.ref(ex) for ex in exs]
    seen: dict[str, int] = {}
    real = gbuild._add_edges

    def add_edges(G, groups):  # every relation read: all evidence is now in `groups`
        gc.collect()
        seen["alive"] = sum(r() is not None for r in refs)
        seen["items"] = sum(map(len, groups.values()))
        real(G, groups)

    monkeypatch.setattr(gbuild, "_add_edges", add_edges)
    G = gbuild.assemble(iter([exs.pop() for _ in range(len(exs))]))  # the caller keeps no reference
    assert seen["items"] > 0 and G.number_of_edges() > 0
    assert seen["alive"] == 0  # no extraction is held beside the evidence


def test_streamed_graph_json_is_byte_for_byte_the_json_of_graph_to_data(corpus40: Path, tmp_path: Path):
    from maillage._io import dumps_json
    from maillage.graph.store import graph_json_byte_chunks, graph_to_data, read_graph, write_graph

    res = build(corpus40, tmp_path / "out", ner=False, jobs=1, cache=False)
    G = res.graph
    assert (tmp_path / "out" / "graph.json").read_text(encoding="utf-8") == dumps_json(graph_to_data(G))
    # nested, empty, non-ASCII and escaped values; keys json turns into strings
    G.graph["meta"]["extra"] = {"a": [], "b": {}, "c": [1, [2.5, {"x": None}], {"y": [True, "é\n\"\u2028\\"]}],
                                "d": {"e": {"f": []}}, "n": -3}
    G.nodes[sorted(G.nodes)[0]]["scores"] = {"pagerank": 0.125, "ranks": [1, 2], "by": {"z": 1, "a": {}}}
    write_graph(G, tmp_path / "g.json")
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    assert text == dumps_json(graph_to_data(G)) == b"".join(graph_json_byte_chunks(G)).decode("utf-8")
    assert json.loads(text)["meta"]["extra"]["c"][2]["y"][1] == "é\n\"\u2028\\"
    assert dumps_json(graph_to_data(read_graph(tmp_path / "g.json"))) == text


def test_streamed_write_is_atomic_and_gets_the_usual_file_mode(tmp_path: Path):
    from maillage._io import atomic_write_byte_chunks

    dest = tmp_path / "graph.json"
    atomic_write_byte_chunks(dest, iter([b"{", b'"a": 1', b"}\n"]))
    assert dest.read_text(encoding="utf-8") == '{"a": 1}\n'
    mask = os.umask(0o022)
    os.umask(mask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~mask

    def failing():
        yield b"{\n"
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        atomic_write_byte_chunks(dest, failing())
    assert dest.read_text(encoding="utf-8") == '{"a": 1}\n'  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]  # no temporary file left


def _fold_reference(text: str) -> tuple[str, list[int]]:
    """fold_with_map as first written: one character at a time."""
    from maillage.text import fold_char

    out: list[str] = []
    idx: list[int] = []
    prev_space = True
    for i, c in enumerate(text):
        f = fold_char(c)
        if f == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        out.append(f)
        idx.append(i)
    if out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def test_fast_fold_equals_the_character_by_character_reference():
    import random

    from maillage.text import fold, fold_with_map

    rng = random.Random(5)
    alphabet = ([chr(i) for i in range(0x250)] + [chr(i) for i in range(0x2000, 0x2070)]
                + list("ßﬁİⅣΩ\u3000Ａ\u0301\u1e9e\u00a0\u202f’«»"))
    texts = ["", " ", "  a  ", "\u0301a", "a\u0301", "Conseil des Communes et Régions d’Europe", "Dijon-Métropole",
             "\x1c\x1d\x1e\x1f", "ǅ ǈ ǋ", "Ⅻ ½ ² ①"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(3000)]
    for f in sorted(SEEDS.glob("*.txt")):
        texts.append(f.read_text(encoding="utf-8"))
    for t in texts:
        ref = _fold_reference(t)
        assert fold_with_map(t) == ref, repr(t)
        assert fold(t) == ref[0], repr(t)


def test_a_few_new_documents_are_extracted_without_starting_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from maillage import pipeline

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", no_pool)
    docs = _corpus(tmp_path / "docs", 6)
    res = build(docs, tmp_path / "out", ner=False, jobs=2)
    assert res.extracted == 6
    monkeypatch.setattr(pipeline, "POOL_MIN_DOCUMENTS", 0)  # then the same build uses the pool
    with pytest.raises(AssertionError, match="pool was started"):
        build(docs, tmp_path / "again", ner=False, jobs=2)


def test_extractions_read_with_shared_strings_are_equal_and_share_them(corpus40: Path):
    ex = Extractor(ner=False)
    files, _ = list_files(corpus40)
    strings: dict[str, str] = {}
    read = []
    for f in files:
        got = ex.extract(load_document(f, corpus40))
        back = extraction_from_data(json.loads(extraction_to_json(got)), strings)
        assert back.actors == got.actors and back.relations == got.relations
        assert back.document.info() == got.document.info()
        read.append(back)
    # a string recurring across documents (an actor key, a name, a type) is one object
    ids: dict[str, set[int]] = {}
    for back in read:
        for k, a in back.actors.items():
            for value in (k, a.name, a.type):
                ids.setdefault(value, set()).add(id(value))
    recurring = [v for v, n in Counter(v for back in read for a in back.actors.values() for v in (a.key, a.name)).items()
                 if n > 2]
    assert recurring
    assert all(len(ids[v]) == 1 for v in recurring)
