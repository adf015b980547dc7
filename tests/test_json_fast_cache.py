"""Cache entries written by orjson decode to what the json module's entries decoded to; the
faster extraction_from_data builds the same extractions and shares the same strings."""
from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.cache import extraction_from_data, extraction_from_json, extraction_to_data, extraction_to_json
from maillage.model import Actor, Document, Evidence, Extraction, Relation

from test_json_fast import DATA, HOSTILE, LEAVES, same_types

WORDS = st.sampled_from(["CCRE", "NALAS", "fr", "en", "k:cemr", "city", "é\u2028", "d1", "2024-01-01"]) | HOSTILE
OPT_WORDS = st.none() | WORDS


@st.composite
def extractions(draw: Any) -> Extraction:
    doc = Document(id=draw(WORDS), path=draw(WORDS), title=draw(WORDS), lang=draw(WORDS), date=draw(OPT_WORDS),
                   text="", format=draw(WORDS), records=None,
                   meta=draw(st.dictionaries(WORDS, LEAVES, max_size=3) | st.dictionaries(WORDS, DATA, max_size=2)))
    actors = {}
    for _ in range(draw(st.integers(0, 4))):
        key = draw(WORDS)
        actors[key] = Actor(key=key, name=draw(WORDS), type=draw(WORDS), aliases=set(draw(st.lists(WORDS, max_size=3))),
                            known=draw(OPT_WORDS), attrs=draw(st.dictionaries(WORDS, LEAVES, max_size=3)),
                            mentions=[tuple(m) for m in draw(st.lists(st.lists(st.integers(-5, 2**70), min_size=2,
                                                                                max_size=2), max_size=3))])
    evidence = [Evidence(draw(st.sampled_from([doc.id, "other"])), draw(HOSTILE), draw(st.integers(0, 99)),
                         draw(st.integers(0, 99)), draw(OPT_WORDS), draw(WORDS), draw(WORDS))
                for _ in range(draw(st.integers(0, 3)))]
    relations = [Relation(draw(WORDS), draw(WORDS), draw(WORDS), draw(st.sampled_from(evidence)))
                 for _ in range(draw(st.integers(0, 4)) if evidence else 0)]
    return Extraction(document=doc, actors=actors, relations=relations)


def stdlib_entry(ex: Extraction) -> str:
    return json.dumps(extraction_to_data(ex), ensure_ascii=False, sort_keys=True, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(extractions())
def test_entries_decode_as_the_json_module_entries_did(ex):
    try:
        expected = stdlib_entry(ex)
        expected.encode("utf-8")
    except (ValueError, TypeError) as exc:  # NaN in meta, a lone surrogate
        if isinstance(exc, UnicodeEncodeError):
            assert extraction_to_json(ex).encode("utf-8", "surrogatepass")  # the same str as before, then put() fails
            return
        with pytest.raises(type(exc)):
            extraction_to_json(ex)
        return
    text = extraction_to_json(ex)
    assert same_types(json.loads(text), json.loads(expected))
    # orjson's entry reads back as the json module's did, sharing the same strings
    strings_new: dict[str, str] = {"fr": "fr"}
    strings_old: dict[str, str] = {"fr": "fr"}
    new = extraction_from_data(json.loads(text), strings_new)
    old = extraction_from_data(json.loads(expected), strings_old)  # the entry the json module wrote
    assert new == old
    assert strings_new == strings_old and all(type(k) is str for k in strings_new)
    for a in new.actors.values():
        assert a.name is strings_new[a.name] and all(x is strings_new[x] for x in a.aliases if type(x) is str)
    for r in new.relations:
        assert r.type is strings_new[r.type] and r.evidence.lang is strings_new[r.evidence.lang]
    assert extraction_from_json(text) == extraction_from_json(expected.encode("utf-8")) == old


def test_floats_and_big_ints_in_entries():
    ex = Extraction(Document("d", "a.txt", "T", "fr", None, "", "txt", meta={"ratio": 1e-05, "big": 2**70}),
                    {"k": Actor("k", "K", "city", {"K"}, None, {"score": 0.1}, [(1, 2)])}, [])
    text = extraction_to_json(ex)
    assert same_types(json.loads(text), json.loads(stdlib_entry(ex)))
    ex.document.meta["bad"] = float("nan")
    with pytest.raises(ValueError):
        extraction_to_json(ex)
