"""Scale: per-document cache (incremental rebuilds, resume after a kill), process pool, Dask.

Every test compares graph.json bytes against a clean build of the same documents.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from maillage.cache import ExtractionCache, extraction_from_data, extraction_to_data, extraction_to_json
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
    # a torn entry (power cut) is detected and the document extracted again
    victim = _entries(out / ".cache")[0]
    victim.write_text('{"format": 1, "docu', encoding="utf-8")
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
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
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
