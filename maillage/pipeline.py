"""``maillage build``: a folder of documents in, graph.json (and optionally the map and report) out.

The per-document stage (load + extract) is cached (:mod:`maillage.cache`), so a rebuild
only extracts new or changed documents and an interrupted build resumes where it stopped.
It runs in this process, on a pool of worker processes (``jobs``; each worker builds its
extractor once), or on an existing Dask cluster (``scheduler="tcp://host:port"``; the
workers must see the same files under the same paths). The graph is then assembled from
the per-document results, sorted by path: the same documents give the same graph.json,
byte for byte, whatever the job count, the scheduler or the cache. When a rebuild only adds
documents to those of the previous build, graph.json is patched instead
(:mod:`maillage.graph.patch`): the same bytes, without reading the previous documents' results.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Le CCRE et NALAS ont signé un accord de partenariat.", encoding="utf-8")
>>> res = build(d, d / "out", ner=False)
>>> res.documents, res.relations_by_type.get("partner_of")
(1, 1)
>>> again = build(d, d / "out", ner=False)
>>> again.extracted, again.cached
(0, 1)
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ._io import dumps_json, gc_paused, loads_json
from .cache import CACHE_FORMAT, ExtractionCache, cache_salt, entry_key, extraction_from_data, extraction_to_json
from .errors import LoaderError, MaillageError
from .graph.build import assemble
from .graph import patch as patch_module
from .graph.patch import STATE_NAME, load_state, patch_graph, remove_documents, remove_state, save_state
from .graph.store import write_graph
from .loaders import FoundFile, load_document, walk_files
from .loaders.base import content_id
from .model import Extraction

#: progress(done, total, label) is called after each document
Progress = Callable[[int, int, str], None]

#: folder of the cache inside the output folder, unless ``cache_dir`` is given
CACHE_DIRNAME = ".cache"

#: below this many documents to extract, a build runs in this process, not on a pool: each pool
#: worker builds its gazetteer and loads the NER model (seconds of CPU, even forked from the fork
#: server), more than extracting a few documents costs (an incremental rebuild after adding a few
#: documents). Measured on generated documents (2 KB) before the rule and NER speed-ups: 6 ms a
#: document without NER, 9 ms with it; two workers only won back their start-up (about 1 s of wall
#: time) beyond some 200 documents, and always cost more CPU
POOL_MIN_DOCUMENTS = 250

#: a file whose mtime is less than this before the build (ns) is hashed again by the next build: it
#: could have changed again within the same timestamp tick (2 s on FAT) and kept its mtime
RACY_NS = 3_000_000_000

#: seconds to wait for a Dask scheduler
DASK_CONNECT_TIMEOUT = 20

# one task result: (index, key or None, "ok" + JSON entry | "error" + reason)
_Result = tuple[int, "str | None", str, str]


@dataclass
class BuildResult:
    """What a build read, skipped, found and wrote.

    ``extracted`` documents were read and extracted by this run, ``cached`` ones came from
    the cache of a previous run. ``patched``: graph.json was the previous one with the new
    documents added (:mod:`maillage.graph.patch`), not assembled again; :attr:`graph` is then
    read from it when first asked for. ``assembly`` says in a sentence which way it went and why.
    """

    documents: int
    skipped: list[dict[str, str]]
    outputs: dict[str, str] = field(default_factory=dict)
    actors_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    extracted: int = 0
    cached: int = 0
    jobs: int = 1
    pruned: int = 0
    actors: int = 0
    patched: bool = False
    assembly: str = ""
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph built (read from graph.json when the build patched it)."""
        if self._graph is None:
            from .graph.store import read_graph

            self._graph = read_graph(self.outputs["graph"])
        return self._graph

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``maillage build --json`` prints)."""
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "actors": self.actors,
            "actors_by_type": self.actors_by_type,
            "relations": sum(v for k, v in self.relations_by_type.items() if k != "co_mentioned"),
            "relations_by_type": self.relations_by_type,
            "outputs": self.outputs,
            "seconds": round(self.seconds, 3),
            "extracted": self.extracted,
            "cached": self.cached,
            "jobs": self.jobs,
            "patched": self.patched,
            "assembly": self.assembly,
        }


# --- the per-document stage (runs in this process, a pool worker or a Dask worker) -----------

_EXTRACTORS: dict[bool, Any] = {}


def _extractor(ner: bool) -> Any:
    """The extractor of this process (built once: the gazetteer; spaCy loads on first need)."""
    ex = _EXTRACTORS.get(ner)
    if ex is None:
        from .loaders.extract import Extractor

        ex = _EXTRACTORS[ner] = Extractor(ner=ner)
    return ex


def _pool_context(ner: bool) -> Any:
    """How pool workers start: forked from a fresh server process that has imported maillage
    (and spaCy's French language, when NER is on: seconds of CPU) once for all of them.

    The server starts from scratch, not from this process (a fork of a process with threads
    is unsafe: the progress bar); ``spawn`` where there is no fork server (Windows).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # a no-op once the server runs: it is shared by all the pools of this process
    ctx.set_forkserver_preload(["maillage.loaders.extract"] + (["maillage.loaders.ner_preload"] if ner else []))
    return ctx


def _start_fork_server(ner: bool) -> None:
    """Start the fork server of :func:`_pool_context` now, in the background: it imports maillage
    and spaCy (seconds) while this process goes on."""
    ctx = _pool_context(ner)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _worker_init(ner: bool) -> None:
    # Ctrl-C is handled by the parent, which cancels the pool; workers just build their extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _extractor(ner)


def extract_file(path: str | Path, root: str | Path, ner: bool, salt: str) -> tuple[str | None, str, str]:
    """Load and extract one file: ``(cache key, "ok", entry JSON)`` or ``(None, "error", reason)``
    (:func:`extract_chunk` of that file alone)."""
    return extract_chunk([(0, str(path))], str(root), ner, salt)[0][1:]


def extract_chunk(items: list[tuple[int, str]], root: str, ner: bool, salt: str) -> list[_Result]:
    """Load and extract ``(index, path)`` pairs (one task of a pool or a Dask cluster): for each,
    ``(index, cache key, "ok", entry JSON)`` or ``(index, None, "error", reason)``.

    The key is computed from the document as loaded (content hash and relative path), so a
    file changed during the build is cached under its new content.

    The documents are extracted together (:meth:`~maillage.loaders.extract.Extractor.extract_many`):
    spaCy reads the sentences the rules leave unexplained in all of them in one batch.
    """
    out: dict[int, _Result] = {}
    loaded = []
    for i, p in items:
        try:
            loaded.append((i, load_document(p, root)))
        except LoaderError as exc:
            out[i] = (i, None, "error", exc.reason)
    extractions = _extractor(ner).extract_many(doc for _, doc in loaded)
    for (i, doc), ex in zip(loaded, extractions, strict=True):
        out[i] = (i, entry_key(doc.id, doc.path, salt), "ok", extraction_to_json(ex))
    return [out[i] for i, _ in items]


# --- orchestration --------------------------------------------------------------------------

class _CollectorPause:
    """Python's cyclic garbage collector paused for the blocks of one build that make many lasting objects.

    A build makes millions of small objects that live on (the extractions read from the cache,
    then the graph); each automatic collection walks all those alive, which took more than half
    of the time of reading 10,000 cache entries and a quarter of assembling them. The objects
    made in these blocks hold no reference cycles to collect. At the end of a block they are
    frozen (:func:`gc.freeze`: moved out of the collector's generations, in constant time), so
    later collections do not walk them either; :meth:`release` (at the end of the build, even a
    failed one) gives them back to the collector. Nothing is paused when the collector is off or
    the caller has frozen objects of its own.
    """

    def __init__(self) -> None:
        self.usable = gc.isenabled() and gc.get_freeze_count() == 0
        self.froze = False

    @contextmanager
    def paused(self, pause: bool = True) -> Iterator[None]:
        """The collector off for the block (when ``pause``); what the block made is frozen at its end."""
        if not (pause and self.usable and gc.isenabled()):
            yield
            return
        with gc_paused():
            try:
                yield
            finally:
                gc.freeze()
                self.froze = True

    def release(self) -> None:
        """Give the objects frozen by :meth:`paused` back to the collector."""
        if self.froze:
            gc.unfreeze()
            self.froze = False


def _file_key(p: str, path: str, rel: str, salt: str, index: dict[str, list[Any]], new_index: dict[str, list[Any]],
              settled_before: int) -> str | None:
    """The cache key of file ``p`` (None when it cannot be read: the loader will say why); ``path`` is
    its absolute path, ``rel`` its path relative to the build folder (that of
    :func:`maillage.loaders.base.relative_path`).

    Its content hash comes from the stat ``index`` when its size, mtime, ctime and inode are
    those recorded, else from reading it; ``new_index`` gets its entry unless its mtime is not
    older than ``settled_before`` (a file changed again within one timestamp tick keeps its mtime).
    """
    try:
        st = os.stat(path)
        sig = ExtractionCache.file_signature(st)
        known = index.get(path)
        if known is not None and known[:4] == sig:
            cid = known[4]
        else:
            with open(p, "rb") as fh:
                cid = content_id(fh.read())
    except OSError:
        return None
    if sig[1] < settled_before:
        new_index[path] = [*sig, cid]
    return entry_key(cid, rel, salt)


def _outside(files: list[FoundFile], top: Path, out: Path) -> list[FoundFile]:
    """The ``files`` (found by walking the folder ``top``) that do not resolve inside ``out``.

    The walk does not enter symbolic links to folders, so when ``out`` is neither ``top``, nor
    inside it, nor around it, only a file that is itself a symbolic link can resolve inside
    ``out``: the other files are not resolved (a system call per folder of their path).
    """
    out_abs, top_abs = out.resolve(), top.resolve()
    if out_abs == top_abs or top_abs in out_abs.parents or out_abs in top_abs.parents:
        return [f for f in files if out_abs not in Path(f.path).resolve().parents]
    return [f for f in files if not (f.link and out_abs in Path(f.path).resolve().parents)]


def _chunks(items: list[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    for k in range(0, len(items), size):
        yield items[k:k + size]


def _uses_pool(jobs: int, documents: int, chunk_size: int) -> bool:
    """Whether :func:`_run_local` extracts on a pool of worker processes (else in this process)."""
    return jobs > 1 and documents > chunk_size


def _run_local(todo: list[tuple[int, str]], root: str, ner: bool, salt: str, jobs: int,
               chunk_size: int) -> Iterator[_Result]:
    if not _uses_pool(jobs, len(todo), chunk_size):
        for chunk in _chunks(todo, chunk_size):  # by chunks: spaCy reads a chunk's sentences at once
            yield from extract_chunk(chunk, root, ner, salt)
        return
    ctx = _pool_context(ner)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(ner,))
    window = jobs * 3  # chunks in flight: bounded memory whatever the corpus size
    pending: set[Future] = set()
    chunks = _chunks(todo, chunk_size)
    try:
        for chunk in chunks:
            pending.add(pool.submit(extract_chunk, chunk, root, ner, salt))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield from f.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield from f.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _run_dask(todo: list[tuple[int, str]], root: str, ner: bool, salt: str, scheduler: str,
              chunk_size: int) -> Iterator[_Result]:
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - dask is a dependency
        raise MaillageError("--scheduler needs dask[distributed]: pip install 'dask[distributed]'") from None
    try:
        client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise MaillageError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        batches = list(_chunks(todo, chunk_size))
        futures = client.map(extract_chunk, batches, root=root, ner=ner, salt=salt, pure=False)
        for fut in as_completed(futures, loop=client.loop):
            yield from fut.result()
            fut.release()
    finally:
        client.close()


def build(inputs: str | Path, out_dir: str | Path, *, ner: bool | str = "auto", map: bool = False,
          report: bool = False, progress: Progress | None = None, jobs: int | None = None,
          cache: bool = True, cache_dir: str | Path | None = None, scheduler: str | None = None,
          chunk_size: int | None = None, prune_cache: bool = False,
          analyse: bool | None = None) -> BuildResult:
    """Read every document under ``inputs``, extract actors and relations, write ``out_dir/graph.json``.

    Parameters
    ----------
    inputs
        A folder (walked recursively, in sorted order) or one file.
    out_dir
        Where graph.json (and map.html, report.html) are written, atomically.
    ner
        Use spaCy's French NER where rules leave names unexplained (``"auto"``: when installed).
    map, report
        Also write the influence map (``map.html``) and the analyst report (``report.html``).
    progress
        Called as ``progress(done, total, path)`` after each document.
    jobs
        Worker processes for extraction (default: the number of CPUs; 1: in this process). Fewer
        than :data:`POOL_MIN_DOCUMENTS` documents to extract are extracted in this process unless
        ``chunk_size`` is given.
    cache
        Reuse and store per-document results (``False``: extract everything, write no cache).
    cache_dir
        Where the cache lives (default: ``out_dir/.cache``).
    scheduler
        Address of a Dask distributed scheduler (``tcp://host:port``) to run extraction on.
    chunk_size
        Documents per task sent to a worker (default: chosen from the corpus size).
    prune_cache
        Remove cache entries this build did not use (files gone, other settings).
    analyse
        Run the influence analysis (:func:`maillage.graph.analysis.analyse`) and write its
        scores and communities into graph.json, as ``maillage analyse`` does (default: when
        ``map`` or ``report`` is asked, so the map is sized and coloured by them).

    Raises
    ------
    MaillageError
        When ``inputs`` does not exist, or no document at all could be read.
    """
    t0 = time.perf_counter()
    collector = _CollectorPause()
    try:
        inputs = Path(inputs)
        out = Path(out_dir)
        found, walk_errors = walk_files(inputs)
        root = inputs.parent if inputs.is_file() else inputs
        if inputs.is_dir():  # an output folder inside the input folder is not read back as documents
            found = _outside(found, inputs, out)
        files = [f.path for f in found]
        # each file's path relative to the build folder (as relative_path gives it, without a system
        # call) and absolute path (as os.path.abspath gives it: the walk's names hold no "." or "..")
        rels = [f.rel for f in found]
        abs_root = os.path.abspath(inputs)
        abs_paths = [abs_root] if inputs.is_file() else [os.path.join(abs_root, r.replace("/", os.sep)) for r in rels]
        del found
        from .loaders.extract_ner import wanted as ner_wanted  # (spaCy itself loads only when needed)

        use_ner = ner_wanted(ner)
        salt = cache_salt(_extractor_version(), use_ner)
        store = ExtractionCache(cache_dir if cache_dir is not None else out / CACHE_DIRNAME) if cache else None
        if store is not None:
            store.clean_temporary()
        jobs = max(1, int(jobs if jobs is not None else (os.cpu_count() or 1)))
        total = len(files)
        done = 0
        results: dict[int, Extraction] = {}
        errors: dict[int, str] = {}
        used: set[str] = set()
        key_of: dict[int, str] = {}  # cache key of each result
        if analyse is None:
            analyse = map or report
        # the previous build's assembly state: when this build has all its documents unchanged,
        # graph.json is patched with the new ones (their entries are not even read)
        graph_path = out / "graph.json"
        state_path = store.folder / STATE_NAME if store is not None else None
        state = load_state(state_path, graph_path, salt) if state_path is not None and not analyse else None
        # (a reason is given when a previous build left a state: a patch was possible)
        if state_path is None or not state_path.exists():
            assembly = "assembled"
        elif analyse:
            assembly = "assembled in full: the analysis writes its scores into graph.json"
        elif state is None:
            assembly = "assembled in full: the assembly state is for another graph.json, code or setting"
        state_keys = state.keys if state is not None else frozenset()
        in_state: dict[int, str] = {}
        strings: dict[str, str] = {}  # recurring strings shared by all extractions (memory)
        # 1. what the cache already holds: the key of a file the stat index knows unchanged is found
        #    without reading it, the others are read and hashed (cheap next to extracting them)
        todo: list[tuple[int, str]] = []
        todo_keys: dict[int, str] = {}
        new_index: dict[str, list[Any]] = {}
        settled_before = time.time_ns() - RACY_NS  # files changed since then may change again unseen
        with collector.paused():
            index: dict[str, list[Any]] = store.load_index() if store is not None else {}
            if not scheduler and jobs > 1 and sum(a not in index for a in abs_paths) >= POOL_MIN_DOCUMENTS:
                _start_fork_server(use_ner)  # (likely needed: it loads spaCy while the files are scanned)
            for i, p in enumerate(files):
                entry = None
                key: str | None = None
                if store is not None:
                    key = _file_key(p, abs_paths[i], rels[i], salt, index, new_index, settled_before)
                    if key in state_keys:
                        in_state[i] = key  # type: ignore[assignment]
                        used.add(key)  # type: ignore[arg-type]
                        done += 1
                        if progress:
                            progress(done, total, rels[i])
                        continue
                    entry = store.get(key) if key else None
                    if entry is not None:
                        used.add(key)  # type: ignore[arg-type]
                if entry is None:
                    todo.append((i, p))
                    if key:
                        todo_keys[i] = key
                    continue
                if "error" in entry:
                    errors[i] = entry["error"]
                else:
                    results[i] = extraction_from_data(entry, strings)
                    key_of[i] = key  # type: ignore[assignment]
                done += 1
                if progress:
                    progress(done, total, rels[i])
        if store is not None and new_index != index:
            store.save_index(new_index)
        del index, new_index
        # documents of the previous build changed or gone: taken out of graph.json before the new ones go in
        removed_keys = set(state.keys - set(in_state.values())) if state is not None else set()
        cached = done
        # 2. extract the rest; each result is cached as soon as it arrives (an interrupted build resumes)
        local_jobs = jobs
        if chunk_size is None:
            chunk_size = max(1, min(16, math.ceil(len(todo) / (jobs * 4)))) if todo else 1
            if len(todo) < POOL_MIN_DOCUMENTS:
                local_jobs = 1  # a few new documents: cheaper here than in workers that each load the models
        if scheduler:
            stream = _run_dask(todo, str(root), use_ner, salt, scheduler, chunk_size)
        else:
            stream = _run_local(todo, str(root), use_ner, salt, local_jobs, chunk_size)

        def take(i: int, key: str | None, kind: str, payload: str) -> None:
            """One document's result, cached as soon as it arrives."""
            if kind == "ok":
                if store is not None and key:
                    store.put(key, payload)
                    used.add(key)
                results[i] = extraction_from_data(loads_json(payload), strings)
                if key:
                    key_of[i] = key
            else:
                errors[i] = payload
                if store is not None and i in todo_keys:
                    # a file that cannot be read is not retried until it changes
                    store.put(todo_keys[i], dumps_json({"format": CACHE_FORMAT, "error": payload}, indent=None))
                    used.add(todo_keys[i])

        def skipped_files() -> list[dict[str, str]]:
            return ([{"path": e.path, "reason": e.reason} for e in walk_errors]
                    + [{"path": rels[i], "reason": errors[i]} for i in sorted(errors)])

        # the collector stays on while documents are extracted in this process (as _run_local decides),
        # and beside the threads of a Dask client
        with collector.paused(not scheduler and _uses_pool(local_jobs, len(todo), chunk_size)):
            for i, key, kind, payload in stream:
                take(i, key, kind, payload)
                done += 1
                if progress:
                    progress(done, total, rels[i])
        skipped = skipped_files()
        meta = {"extractor": _extractor_version(), "skipped": skipped}
        if state is not None and not results and not in_state:
            state = None  # every document gone: nothing to build (below), the previous graph.json is kept
        if state is not None:
            counts = None
            old_paths = {p for p, _ in state.header["docs"]}
            with collector.paused():
                if removed_keys:
                    def load(key: str, relations: bool) -> Extraction | None:
                        return _cached_extraction(store, key, strings, relations)

                    removal = remove_documents(state, removed_keys, load, graph_path, state_path, meta, salt,
                                               then_add=bool(results))
                    state, counts = removal if removal is not None else (None, None)
                if state is not None and (results or not removed_keys):
                    removal_stats = dict(patch_module.LAST) if removed_keys else {}
                    counts = patch_graph(state, [results[i] for i in sorted(results)],
                                         [key_of[i] for i in sorted(results)], graph_path, state_path, meta,
                                         salt)  # type: ignore[arg-type]
                    if counts is not None:  # what both steps did (for tests and benchmarks)
                        for k, v in removal_stats.items():
                            patch_module.LAST[k] = patch_module.LAST.get(k, 0) + v
            if counts is not None:
                changed = _changes(len(results), len(removed_keys),
                                   sum(results[i].document.path in old_paths for i in results))
                outputs = {"graph": str(graph_path)}
                pruned = store.prune(used) if (store is not None and prune_cache) else 0
                return BuildResult(documents=counts["documents"], skipped=skipped, outputs=outputs,
                                   actors_by_type=counts["actors_by_type"],
                                   relations_by_type=counts["relations_by_type"], seconds=time.perf_counter() - t0,
                                   extracted=total - cached, cached=cached, jobs=1 if scheduler else jobs,
                                   pruned=pruned, actors=counts["nodes"], patched=True,
                                   assembly=f"patched: the previous graph.json with {changed}")
            # the patch could not prove its result: the previous documents are read and all assembled
            assembly = f"assembled in full: a patch could not be proved exact: {patch_module.LAST.get('cannot')}"
            with collector.paused():
                missing = _read_entries(store, in_state, files, results, errors, key_of, strings)  # type: ignore[arg-type]
            todo_keys.update((i, in_state[i]) for i, _ in missing)
            for result in _run_local(missing, str(root), use_ner, salt, 1, chunk_size):  # (entries gone meanwhile)
                take(*result)
            skipped = skipped_files()
            meta = {"extractor": _extractor_version(), "skipped": skipped}
        if not results:
            what = f"{len(skipped)} file(s) skipped" if skipped else "no document found"
            raise MaillageError(f"{inputs}: nothing to build ({what})")
        # handed over one by one: assemble holds the only reference to each extraction and frees it
        # once its relations are in the graph (the evidence is never held twice)
        record: dict[str, Any] | None = {} if state_path is not None and not analyse else None
        state_keys_now = [key_of[i] for i in sorted(results) if i in key_of]
        doc_keys = {(results[i].document.path, results[i].document.id): key_of[i] for i in results if i in key_of}
        with collector.paused():
            G = assemble((results.pop(i) for i in sorted(results)), meta=meta, record=record)
        analysis: dict[str, Any] | None = None
        if analyse:  # scores in graph.json, so the map sizes actors by PageRank and colours communities
            from .graph.analysis import analyse as run_analysis, annotate

            analysis = run_analysis(G, top=10)  # top: the report's length; scores do not depend on it
            G = annotate(G, analysis)
        layout: dict[str, Any] | None = {} if record is not None else None
        with collector.paused():
            outputs = {"graph": str(write_graph(G, graph_path, layout))}
            if state_path is not None:
                if record is not None and layout is not None:
                    save_state(state_path, graph_path, salt, state_keys_now, record, layout, doc_keys)
                else:  # (a state is only kept for the graph.json of a plain build)
                    remove_state(state_path)
            del record, layout
        if map:
            from .exports.html import write_map
            outputs["map"] = str(write_map(G, out / "map.html"))
        if report:
            from .exports.report import write_report
            # the analysis just run, not a second one (same seed, same graph: the same figures)
            outputs["report"] = str(write_report(G, out / "report.html", analysis=analysis))
        pruned = store.prune(used) if (store is not None and prune_cache) else 0
        actors = Counter(d["type"] for _, d in G.nodes(data=True))
        rels = Counter(d["type"] for _, _, d in G.edges(data=True))
        return BuildResult(_graph=G, actors=G.number_of_nodes(), documents=len(G.graph["documents"]), skipped=skipped, outputs=outputs,
                           actors_by_type=dict(sorted(actors.items())), relations_by_type=dict(sorted(rels.items())),
                           seconds=time.perf_counter() - t0, extracted=total - cached, cached=cached,
                           jobs=1 if scheduler else jobs, pruned=pruned, assembly=assembly)
    finally:
        collector.release()


def _changes(added: int, removed: int, changed: int) -> str:
    """"3 new document(s)", or "1 new, 2 changed and 1 removed document(s)" (a changed file is one
    document removed and one added)."""
    if not removed:
        return f"{added} new document(s)"
    parts = [f"{n} {what}" for n, what in ((added - changed, "new"), (changed, "changed"), (removed - changed, "removed"))
             if n]
    return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + " document(s)"


def _cached_extraction(store: ExtractionCache | None, key: str, strings: dict[str, str],
                       relations: bool = True) -> Extraction | None:
    """The extraction cached under ``key``, or None (gone, torn, or a file that could not be read)."""
    entry = store.get(key) if store is not None else None
    if entry is None or "error" in entry:
        return None
    return extraction_from_data(entry, strings, relations=relations)


def _read_entries(store: ExtractionCache, in_state: dict[int, str], files: list[str],
                  results: dict[int, Extraction], errors: dict[int, str], key_of: dict[int, str],
                  strings: dict[str, str]) -> list[tuple[int, str]]:
    """Read the cache entries of the documents the assembly state holds (``in_state``: index -> key)
    into ``results``/``errors`` (the caller pauses the collector: see :class:`_CollectorPause`); the
    ``(index, path)`` of those whose entry is gone or torn."""
    missing = []
    for i, key in sorted(in_state.items()):
        entry = store.get(key)
        if entry is None:
            missing.append((i, files[i]))
        elif "error" in entry:
            errors[i] = entry["error"]
        else:
            results[i] = extraction_from_data(entry, strings)
            key_of[i] = key
    return missing


def _extractor_version() -> str:
    from .loaders.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION
