"""spaCy NER in batches: across documents, lazily loaded, only the components it needs.

The build extracts a chunk of documents together (rules first, then one spaCy pipe over the
sentences the rules leave unexplained in all of them); these tests check that this gives what
extracting each document alone gives, and that the trimmed pipeline finds the same entities as
the full one.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from maillage.cache import entry_key, extraction_to_json
from maillage.errors import ExtractionError
from maillage.loaders import extract_ner, list_files, load_document
from maillage.loaders.extract import Extractor, _Prepared
from maillage.model import Document
from maillage.pipeline import extract_chunk, extract_file

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "tests" / "heldout" / "docs", ROOT / "examples" / "docs"]

pytestmark = pytest.mark.skipif(not extract_ner.installed(), reason=f"spaCy model {extract_ner.MODEL} not installed")


def _doc(text: str) -> Document:
    return Document(id="x", path="x.txt", title="", lang="fr", date=None, text=text, format="txt")


def _documents() -> list[Document]:
    docs = []
    for folder in DOCS:
        files, _ = list_files(folder)
        docs += [load_document(p, folder) for p in files]
    return docs


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return _documents()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ner=True)


def _sentences(ex: Extractor, docs: list[Document]) -> list[list[str]]:
    """The sentences the rules leave unexplained in each document (what spaCy reads)."""
    out = []
    for doc in docs:
        state = ex._prepare(doc)
        out.append([state.mtext[s:e] for s, e in state.todo] if isinstance(state, _Prepared) else [])
    return out


def test_entities_do_not_depend_on_the_batch(extractor: Extractor, documents: list[Document]) -> None:
    per_doc = _sentences(extractor, documents)
    flat = [s for sents in per_doc for s in sents]
    assert len(flat) > 20  # the corpora leave sentences to spaCy
    nlp = extractor._spacy()
    together = extract_ner.ner_entities(nlp, flat)
    alone = [extract_ner.ner_entities(nlp, [s])[0] for s in flat]
    by_document = [e for sents in per_doc for e in extract_ner.ner_entities(nlp, sents)]
    assert together == alone == by_document
    assert any(together)  # and spaCy found entities in them


def test_trimmed_pipeline_finds_the_entities_of_the_full_one(extractor: Extractor,
                                                             documents: list[Document]) -> None:
    import spacy

    # the pipeline maillage used before: every component loaded, those but tok2vec and ner disabled
    full = spacy.load(extract_ner.MODEL, disable=["parser", "lemmatizer", "attribute_ruler", "morphologizer"])
    assert "tok2vec" in full.pipe_names and "ner" in full.pipe_names
    trimmed = extractor._spacy()
    assert trimmed.pipe_names == ["ner"]
    flat = [s for sents in _sentences(extractor, documents) for s in sents]
    assert extract_ner.ner_entities(trimmed, flat) == extract_ner.ner_entities(full, flat)


def test_extract_many_is_extract_of_each(extractor: Extractor, documents: list[Document]) -> None:
    one_by_one = [extraction_to_json(extractor.extract(d)) for d in documents]
    together = [extraction_to_json(x) for x in extractor.extract_many(documents)]
    assert together == one_by_one
    rules_only = [extraction_to_json(x) for x in Extractor(ner=False).extract_many(documents)]
    assert together != rules_only  # spaCy's candidates are in there


def test_extract_many_flushes_in_batches(monkeypatch: pytest.MonkeyPatch, extractor: Extractor,
                                         documents: list[Document]) -> None:
    whole = [extraction_to_json(x) for x in extractor.extract_many(documents)]
    monkeypatch.setattr(extract_ner, "BATCH_SIZE", 2)  # a flush every few documents
    calls = []
    real = extract_ner.ner_entities
    monkeypatch.setattr(extract_ner, "ner_entities", lambda nlp, texts: calls.append(len(texts)) or real(nlp, texts))
    assert [extraction_to_json(x) for x in extractor.extract_many(documents)] == whole
    assert len(calls) > 3 and all(n >= 2 for n in calls[:-1])


def test_extract_chunk_keeps_order_and_errors(tmp_path: Path) -> None:
    src = DOCS[0]
    names = sorted(p.name for p in src.glob("*.txt"))[:3]
    for n in names:
        (tmp_path / n).write_bytes((src / n).read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    paths = [tmp_path / names[0], tmp_path / "broken.pdf", tmp_path / names[1], tmp_path / names[2]]
    items = [(10 + k, str(p)) for k, p in enumerate(paths)]
    got = extract_chunk(items, str(tmp_path), True, "salt")
    assert [r[0] for r in got] == [10, 11, 12, 13]
    assert got[1][1] is None and got[1][2] == "error"
    assert [r[1:] for r in got] == [extract_file(p, tmp_path, True, "salt") for p in paths]
    doc = load_document(paths[0], tmp_path)
    assert got[0][1] == entry_key(doc.id, doc.path, "salt")


def test_spacy_loads_only_when_a_sentence_needs_it() -> None:
    ex = Extractor(ner="auto")
    assert ex._ner is None
    plain = _doc("Le CCRE et NALAS ont signé un accord de partenariat.")
    ex.extract(plain)  # every capitalised word is known: nothing for spaCy
    assert ex._ner is None
    odd = _doc("Le CCRE a reçu Ingrid Vasquez-Moreau, présidente de Lorvania Solidaire, à Bruxelles.")
    ex.extract(odd)
    assert ex._ner is not None


def test_model_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_ner, "installed", lambda: False)
    with pytest.raises(ExtractionError, match="not installed"):
        Extractor(ner=True)
    docs = _documents()[:4]
    auto = [extraction_to_json(x) for x in Extractor(ner="auto").extract_many(docs)]
    assert auto == [extraction_to_json(x) for x in Extractor(ner=False).extract_many(docs)]
