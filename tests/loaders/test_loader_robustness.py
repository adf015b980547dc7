"""Any bytes under any supported name: a Document or a LoaderError, never anything else."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import make_docx, minimal_pdf

from maillage.errors import LoaderError
from maillage.loaders import SUPPORTED_EXTENSIONS, load_document
from maillage.model import Document

_counter = itertools.count()


def _load(tmp_path, data: bytes, ext: str):
    p = tmp_path / f"f{next(_counter)}{ext}"
    p.write_bytes(data)
    try:
        doc = load_document(p)
    except LoaderError as exc:
        assert exc.reason and "\n" not in exc.reason
        return exc
    assert isinstance(doc, Document)
    assert doc.text.strip() or doc.records
    assert len(doc.id) == 16
    assert doc.lang and (doc.date is None or len(doc.date) == 10)
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.sampled_from(SUPPORTED_EXTENSIONS))
def test_random_bytes(tmp_path, data, ext):
    _load(tmp_path, data, ext)


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("valid")
    pdf = minimal_pdf([["Paris, le 8 septembre 2017", "Le ministère organise les rencontres."]] * 2)
    docx = make_docx(d / "v.docx", heading="Titre", paragraphs=["Le CCRE et NALAS se rencontrent."],
                     table=[["a", "b"]]).read_bytes()
    html = "<html><body><main><p>Le CCRE et NALAS se rencontrent à Bruxelles.</p></main></body></html>".encode()
    return {".pdf": pdf, ".docx": docx, ".html": html}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([".pdf", ".docx", ".html"]), st.data())
def test_damaged_files(tmp_path, valid_files, ext, data):
    raw = bytearray(valid_files[ext])
    n = data.draw(st.integers(1, 20))
    for _ in range(n):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    _load(tmp_path, bytes(raw[:cut]), ext)
