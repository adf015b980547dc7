"""How far the fast path (rules without NER) is from a throughput goal, and what a compiler could win.

``build_bench.py`` times whole builds. This script answers the question behind its missed goal
(the fast path above 5 MB/s of text): how much CPU one document costs in the extraction
stage alone, what CPU budget a document has at the goal, and how much of the extraction is
spent in C already (the ``re`` engine, ``str`` methods, pyahocorasick), which no compilation of
the Python rules can remove.

It measures, in this process, on synthetic documents from :mod:`gen_corpus` (or ``--corpus``):

- ``load``: reading and decoding the files (:func:`maillage.loaders.load_document`);
- ``extract``: :meth:`Extractor.extract_many` without NER, in chunks of 16 as the pool workers
  run it;
- ``serialise``: :func:`maillage.cache.extraction_to_json` (what a worker sends back);
- ``main process``: the CPU of the main process alone of a whole fast build (``--jobs`` the
  cores, cache on): walking and hashing the files, caching and decoding the workers' results,
  assembling the graph, writing graph.json;

as CPU seconds per document (the smallest of ``--repeat`` runs), and compares them with the
budget: at G MB/s on C cores, a document of B bytes may cost ``C * B / G`` CPU seconds in all
(loading, extraction, caching, assembly and writing graph.json included).

With ``--py-spy PATH`` (py-spy is not a dependency: ``pip install py-spy`` in a scratch venv)
the extraction is also sampled with native frames and each sample is put in one class by its
innermost frames: Python bytecode (the interpreter runs maillage's or the standard library's
code), the ``re`` engine, ``str`` methods, pyahocorasick, the garbage collector, other C.
Everything but the bytecode would be left by a compilation of the rules that still called the
same regular expressions and string methods (Cython, mypyc): its cost per document is the
*C floor*.

Run::

    .venv/bin/python benchmarks/extract_floor.py
    .venv/bin/python benchmarks/extract_floor.py --docs 2000 --py-spy /tmp/tools/bin/py-spy

Writes benchmarks/results/extract_floor.json.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
RESULTS = ROOT / "benchmarks" / "results" / "extract_floor.json"
CHUNK = 16  # documents per task, as the pool sends them at 10k documents and more

# classes of a native sample, by a pattern over its frames below the innermost Python one
CLASSES = [
    ("re engine (_sre)", re.compile(r"sre|SRE")),
    ("pyahocorasick", re.compile(r"automaton|trienode|ahocorasick")),
    ("cyclic garbage collector", re.compile(r"gc_collect|collect_main|deduce_unreachable")),
    ("str methods", re.compile(r"unicode|_PyUnicode|bytes|utf8", re.I)),
    ("objects (dict, list, allocation)", re.compile(r"dict|list|tuple|malloc|free|alloc|dealloc|hash", re.I)),
]
BYTECODE = "Python bytecode"
OTHER = "other C"


def _paths(corpus: Path) -> list[str]:
    """The documents a build of ``corpus`` reads, in its order."""
    from maillage.loaders import walk_files

    return [f.path for f in walk_files(corpus)[0]]


def measure(corpus: Path, repeat: int) -> dict[str, Any]:
    """CPU seconds per document of loading, extracting and serialising ``corpus``, in this process."""
    from maillage.cache import extraction_to_json
    from maillage.loaders import load_document
    from maillage.loaders.extract import Extractor

    paths = _paths(corpus)
    size = sum(os.path.getsize(p) for p in paths)
    ex = Extractor(ner=False)
    list(ex.extract_many([load_document(paths[0], corpus)]))  # lexicons and patterns built once
    best: dict[str, float] = {}
    for _ in range(repeat):
        spent = dict.fromkeys(("load", "extract", "serialise"), 0.0)
        for i in range(0, len(paths), CHUNK):  # a chunk at a time, nothing kept: as a pool worker runs
            t0 = time.process_time()
            docs = [load_document(p, corpus) for p in paths[i:i + CHUNK]]
            t1 = time.process_time()
            extractions = list(ex.extract_many(docs))
            t2 = time.process_time()
            for e in extractions:
                extraction_to_json(e)
            t3 = time.process_time()
            spent["load"] += t1 - t0
            spent["extract"] += t2 - t1
            spent["serialise"] += t3 - t2
        for k, v in spent.items():
            best[k] = min(best.get(k, v), v)
    n = len(paths)
    return {"documents": n, "bytes": size, "bytes_per_document": size / n,
            "cpu_ms_per_document": {k: 1000 * v / n for k, v in best.items()},
            "extract_mb_per_cpu_second": size / 1e6 / best["extract"]}


_MAIN_CPU = """
import json, resource, sys
from maillage import pipeline
pipeline.build(sys.argv[1], sys.argv[2], ner=False, jobs=int(sys.argv[3]), progress=None)
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"user": r.ru_utime, "system": r.ru_stime}))
"""


def main_process_cpu(corpus: Path, out: Path, jobs: int) -> dict[str, float]:
    """CPU seconds of the main process alone of a fast build (``--no-ner --jobs J``, cache on).

    The pool workers are not its children (they fork from the fork server), so this is what the
    build does besides extracting: walking and hashing the files, caching and decoding the
    workers' results, assembling the graph and writing graph.json.
    """
    done = subprocess.run([sys.executable, "-c", _MAIN_CPU, str(corpus), str(out), str(jobs)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def classify(raw: Path) -> dict[str, float]:
    """Share of the extraction's samples in each class (py-spy ``--format raw`` output)."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        frames = stack.split(";")
        if not any("extract_many" in f for f in frames):
            continue
        py = [i for i, f in enumerate(frames) if ".py:" in f or "(<string>" in f]
        native = " ".join(frames[max(py) + 1:]) if py else ""
        cls = BYTECODE if not native else next((c for c, pat in CLASSES if pat.search(native)), OTHER)
        counts[cls] += int(n)
    total = sum(counts.values()) or 1
    return {c: counts[c] / total for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])}


def profile(corpus: Path, py_spy: str, work: Path) -> dict[str, Any]:
    """Sample one extraction run (a child process of this script) with py-spy's native frames."""
    raw = work / "native.txt"
    child = [sys.executable, __file__, "--corpus", str(corpus), "--repeat", "1", "--child"]
    subprocess.run([py_spy, "record", "--native", "--rate", "250", "--format", "raw", "--output", str(raw),
                    "--", *child], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"py_spy": py_spy, "shares": classify(raw)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="Documents to generate (without --corpus).")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", default=None, help="A folder of documents instead of generated ones.")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--goal", type=float, default=5.0, help="Throughput goal, MB/s of text.")
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--py-spy", default=None, help="py-spy executable: also split the extraction by class.")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="maillage-floor-") as tmp:
        work = Path(tmp)
        corpus = Path(a.corpus) if a.corpus else work / "docs"
        if not a.corpus:
            from gen_corpus import generate

            generate(a.docs, corpus, seed=a.seed)
        m = measure(corpus, a.repeat)
        if a.child:
            return
        budget = 1000 * a.cores * m["bytes_per_document"] / (a.goal * 1e6)
        cpu = m["cpu_ms_per_document"]
        res: dict[str, Any] = {
            "machine": {"python": platform.python_version(), "cores": os.cpu_count(),
                        "load_average": os.getloadavg()[0]},
            "corpus": a.corpus or f"gen_corpus seed {a.seed}", **m,
            "goal_mb_per_s": a.goal, "cores": a.cores, "budget_cpu_ms_per_document": budget,
            "extract_over_budget": cpu["extract"] / budget,
            "load_extract_serialise_over_budget": sum(cpu.values()) / budget,
        }
        if a.py_spy:
            prof = profile(corpus, a.py_spy, work)
            floor = cpu["extract"] * (1 - prof["shares"].get(BYTECODE, 0.0))
            res["native_profile"] = prof
            res["c_floor_cpu_ms_per_document"] = floor
            res["c_floor_over_budget"] = floor / budget
        main_cpu = main_process_cpu(corpus, work / "out", a.cores)
        res["main_process_cpu_ms_per_document"] = 1000 * (main_cpu["user"] + main_cpu["system"]) / m["documents"]
        res["main_process_over_budget"] = res["main_process_cpu_ms_per_document"] / budget
    print(f"{m['documents']} documents, {m['bytes_per_document']:.0f} bytes each; CPU per document: "
          + ", ".join(f"{k} {v:.2f} ms" for k, v in cpu.items()))
    print(f"budget at {a.goal:g} MB/s on {a.cores} cores: {budget:.2f} ms per document, all included; "
          f"extraction alone is {res['extract_over_budget']:.1f}x it")
    if a.py_spy:
        for cls, share in res["native_profile"]["shares"].items():
            print(f"  {100 * share:5.1f} %  {cls}")
        print(f"C floor of the extraction (all but the bytecode): {res['c_floor_cpu_ms_per_document']:.2f} ms "
              f"per document, {res['c_floor_over_budget']:.1f}x the budget")
    print(f"main process of a fast build (--jobs {a.cores}, cache on), besides the workers: "
          f"{res['main_process_cpu_ms_per_document']:.2f} ms per document, "
          f"{res['main_process_over_budget']:.1f}x the budget")
    from maillage._io import atomic_write_json

    print(f"wrote {atomic_write_json(a.out, res)}")


if __name__ == "__main__":
    main()
