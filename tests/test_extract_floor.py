"""benchmarks/extract_floor.py: the classes of a native profile, and what it measures.

No timing is asserted: only that the figures are those of the documents read and that each
sample is counted once, in the class its innermost frames give.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import extract_floor  # noqa: E402
import gen_corpus  # noqa: E402

PY = "Extractor.extract_many (maillage/loaders/extract.py:640)"


def test_classify_puts_each_sample_in_the_class_of_its_innermost_frames(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join([
        f"process 1;main (x.py:1);{PY};title_spans (maillage/loaders/extract_mentions.py:590) 6",
        f"process 1;main (x.py:1);{PY};match (re/__init__.py:166);pattern_match;sre_ucs1_match 3",
        f"process 1;main (x.py:1);{PY};fold (maillage/text.py:120);unicode_split 2",
        f"process 1;main (x.py:1);{PY};_trigger_hits (maillage/loaders/extract_relations.py:1);"
        "automaton_search_iter_next 1",
        # a C function that calls back into Python: the innermost Python frame decides
        f"process 1;main (x.py:1);{PY};sre_ucs1_match;_fold_match (maillage/text.py:77) 4",
        f"process 1;main (x.py:1);{PY};some_c_function 2",
        "process 1;main (x.py:1);write_graph (maillage/graph/store.py:1);pattern_match 50",  # not extraction
    ]) + "\n", encoding="utf-8")
    shares = extract_floor.classify(raw)
    assert shares == pytest.approx({
        extract_floor.BYTECODE: 10 / 18, "re engine (_sre)": 3 / 18, "str methods": 2 / 18,
        "pyahocorasick": 1 / 18, extract_floor.OTHER: 2 / 18})
    assert list(shares)[0] == extract_floor.BYTECODE  # largest first


def test_measure_reads_every_document_of_the_corpus(tmp_path: Path) -> None:
    paths = gen_corpus.generate(20, tmp_path / "docs", seed=3)
    (tmp_path / "docs" / ".complete").write_text("", encoding="utf-8")  # not a document: not read
    m = extract_floor.measure(tmp_path / "docs", repeat=1)
    assert m["documents"] == 20
    assert m["bytes"] == sum(p.stat().st_size for p in paths)
    assert set(m["cpu_ms_per_document"]) == {"load", "extract", "serialise"}
    assert m["cpu_ms_per_document"]["extract"] > 0
