"""Word documents: paragraphs and tables in order, headings, bad files."""
from __future__ import annotations

import zipfile

import pytest
from loader_helpers import make_docx

from maillage.errors import LoaderError
from maillage.loaders import load_document


def test_paragraphs_and_tables_in_order(tmp_path):
    p = make_docx(tmp_path / "rencontre.docx", heading="Rencontre France-Balkans-Europe",
                  paragraphs=["Dijon, le 29 novembre 2022",
                              "L'AFCCRE organise une rencontre avec les associations des Balkans occidentaux."],
                  table=[["Nom", "Rôle"], ["Sladana ZIVKOVIC", "Adjointe au Maire de Dijon"]],
                  after_table=["Contact : Pauline MAY, chargée de mission auprès de la DAECT."])
    doc = load_document(p)
    assert doc.text == ("Rencontre France-Balkans-Europe\n\nDijon, le 29 novembre 2022\n\n"
                        "L'AFCCRE organise une rencontre avec les associations des Balkans occidentaux.\n\n"
                        "Nom | Rôle\nSladana ZIVKOVIC | Adjointe au Maire de Dijon\n\n"
                        "Contact : Pauline MAY, chargée de mission auprès de la DAECT.")
    assert doc.title == "Rencontre France-Balkans-Europe"
    assert doc.date == "2022-11-29"
    assert doc.lang == "fr"
    assert doc.format == "docx"


def test_core_title_wins_and_template_date_is_ignored(tmp_path):
    p = make_docx(tmp_path / "t.docx", title="Note sur la coopération décentralisée",
                  heading="Introduction", paragraphs=["Les collectivités de la région et les villes."])
    doc = load_document(p)
    assert doc.title == "Note sur la coopération décentralisée"
    assert doc.date is None  # python-docx's template creation date is not the document's


def test_merged_cells_are_not_repeated(tmp_path):
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "Membres du réseau NALAS"
    for i, name in enumerate(["SKGO", "ZELS", "AKM"]):
        t.cell(1, i).text = name
    p = tmp_path / "m.docx"
    d.save(str(p))
    assert load_document(p).text == "Membres du réseau NALAS\nSKGO | ZELS | AKM"


def test_language_from_core_properties_for_short_documents(tmp_path):
    p = make_docx(tmp_path / "s.docx", paragraphs=["CEMR – NALAS"], language="en-GB")
    assert load_document(p).lang == "en"


@pytest.fixture
def docx_bytes(tmp_path) -> bytes:
    return make_docx(tmp_path / "ok.docx", paragraphs=["Le CCRE et NALAS se rencontrent."]).read_bytes()


def test_truncated_docx(tmp_path, docx_bytes):
    p = tmp_path / "cut.docx"
    p.write_bytes(docx_bytes[: len(docx_bytes) // 2])
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == "not a Word document (corrupt zip)"


def test_text_file_named_docx(tmp_path):
    p = tmp_path / "fake.docx"
    p.write_text("Je ne suis pas un document Word.", encoding="utf-8")
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == "not a Word document (corrupt zip)"


def test_zip_that_is_not_a_word_document(tmp_path):
    p = tmp_path / "zip.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "bonjour")
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason.startswith("not a Word document (no ")


def test_old_or_encrypted_word_file(tmp_path):
    p = tmp_path / "old.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(LoaderError, match="encrypted or old-format Word document"):
        load_document(p)


def test_docx_without_text(tmp_path):
    p = make_docx(tmp_path / "vide.docx", paragraphs=["", "   "])
    with pytest.raises(LoaderError, match="no text"):
        load_document(p)


def test_damaged_xml_inside_a_valid_zip(tmp_path, docx_bytes):
    src = tmp_path / "ok.docx"
    p = tmp_path / "badxml.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert "Word document" in info.value.reason
