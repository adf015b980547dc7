"""PDF: text layer, metadata, encrypted, truncated, corrupt and scanned files."""
from __future__ import annotations

import pytest
from loader_helpers import encrypt_pdf, matplotlib_pdf, minimal_pdf

from maillage.errors import LoaderError
from maillage.loaders import load_document

PAGE1 = ["Rencontre France-Balkans-Europe", "Dijon, le 29 novembre 2022",
         "L'AFCCRE organise une rencontre avec les associations des Balkans occidentaux."]
PAGE2 = ["Des représentants du ministère de l'Europe et des Affaires étrangères (MAEDI) présenteront",
         "les outils du Centre de crise et de soutien."]


@pytest.fixture
def pdf_bytes() -> bytes:
    return minimal_pdf([PAGE1, PAGE2], creation="D:20221001120000+01'00'")


def test_text_of_every_page(tmp_path, pdf_bytes):
    p = tmp_path / "rencontre.pdf"
    p.write_bytes(pdf_bytes)
    doc = load_document(p)
    assert doc.text == "\n".join(PAGE1) + "\n\n" + "\n".join(PAGE2)
    assert doc.meta["pages"] == 2
    assert doc.title == "Rencontre France-Balkans-Europe"
    assert doc.date == "2022-11-29"  # the dateline, not the creation date
    assert doc.lang == "fr"
    assert doc.format == "pdf"


def test_metadata_title_and_creation_date(tmp_path):
    p = tmp_path / "meta.pdf"
    p.write_bytes(minimal_pdf([["Les collectivités de la région et le réseau des villes se sont réunis."]],
                              title="Rapport annuel de Cités Unies France", creation="D:20190315090000Z"))
    doc = load_document(p)
    assert doc.title == "Rapport annuel de Cités Unies France"
    assert doc.date == "2019-03-15"
    assert doc.meta["date_source"] == "file metadata"


def test_producer_file_name_is_not_a_title(tmp_path):
    p = tmp_path / "w.pdf"
    p.write_bytes(minimal_pdf([["Le vrai titre", "et le texte du document pour les collectivités."]],
                              title="Microsoft Word - note_2019_v3.docx"))
    assert load_document(p).title == "Le vrai titre"


def test_matplotlib_pdf(tmp_path):
    p = matplotlib_pdf(tmp_path / "mpl.pdf", ["Brussels, 4 June 2023", "CEMR and NALAS leaders meet",
                                              "The Secretary General of CEMR met the President of NALAS."])
    doc = load_document(p)
    assert "The Secretary General of CEMR met the President of NALAS." in doc.text
    assert doc.date == "2023-06-04"
    assert doc.lang == "en"
    assert doc.title == "CEMR and NALAS leaders meet"


def test_encrypted_pdf_is_refused(tmp_path, pdf_bytes):
    p = tmp_path / "secret.pdf"
    p.write_bytes(encrypt_pdf(pdf_bytes, user_password="secret"))
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == "encrypted PDF"


@pytest.mark.parametrize("algorithm", ["AES-128", "RC4-128"])
def test_pdf_protected_only_by_an_owner_password_is_read(tmp_path, pdf_bytes, algorithm):
    p = tmp_path / "owner.pdf"
    p.write_bytes(encrypt_pdf(pdf_bytes, user_password="", algorithm=algorithm))
    doc = load_document(p)
    assert "L'AFCCRE organise une rencontre" in doc.text
    assert doc.meta["encrypted"] is True


def test_truncated_pdf(tmp_path, pdf_bytes):
    p = tmp_path / "truncated.pdf"
    p.write_bytes(pdf_bytes[: int(len(pdf_bytes) * 0.6)])
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason.startswith("truncated or corrupt PDF: ")


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\nthis is not a pdf body\n%%EOF\n",
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
])
def test_corrupt_pdf(tmp_path, data):
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(data)
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert "corrupt" in info.value.reason or "no pages" in info.value.reason


def test_scanned_pdf_without_text(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(minimal_pdf([[], []], draw_only=True))
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == "no text layer (scanned PDF?)"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"Hello, I am a text file named .pdf", "not a PDF (no %PDF header)"),
])
def test_not_pdfs(tmp_path, data, reason):
    p = tmp_path / "x.pdf"
    p.write_bytes(data)
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == reason
