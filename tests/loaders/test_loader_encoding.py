"""Text decoding: UTF-8 (BOM or not), UTF-16, cp1252, binary and empty files."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maillage.errors import LoaderError
from maillage.loaders import load_document
from maillage.loaders.encoding import decode_bytes, normalise_newlines

FR = "Le Conseil des Communes et Régions d’Europe (CCRE) a rencontré à Bruxelles la délégation de l’AFCCRE – œuvre commune, 5 €."


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),          # with BOM, native order
    ("utf-16-le-bom", "utf-16"),
    ("utf-16-be-bom", "utf-16"),
    ("cp1252", "cp1252"),
])
def test_french_text_in_each_encoding(tmp_path, encoding, expected):
    if encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + FR.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + FR.encode("utf-16-be")
    else:
        data = FR.encode(encoding)
    p = tmp_path / "note.txt"
    p.write_bytes(data)
    doc = load_document(p)
    assert doc.text == FR
    assert doc.meta["encoding"] == expected
    assert doc.lang == "fr"


def test_latin1_without_cp1252_specials(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Délégation pour l'action extérieure des collectivités territoriales".encode("latin-1"))
    assert load_document(p).text.startswith("Délégation pour l'action extérieure")


def test_utf16_without_bom_is_recognised():
    text, enc = decode_bytes("Cités Unies France et la DAECT".encode("utf-16-le"), "x.txt")
    assert text == "Cités Unies France et la DAECT"
    assert enc == "utf-16-le"


def test_cyrillic_single_byte_text_is_not_read_as_cp1252():
    t = "Стална конференција градова и општина потписала је споразум о сарадњи са градом Београдом."
    text, enc = decode_bytes(t.encode("cp1251"), "x.txt")
    assert text == t
    assert enc != "cp1252"


def test_newlines_are_normalised_and_nothing_else_changes(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("**Titre**\r\n\r\nLigne une\rLigne deux\r\n".encode("utf-8"))
    assert load_document(p).text == "**Titre**\n\nLigne une\nLigne deux\n"


def test_decomposed_accents_are_composed(tmp_path):
    p = tmp_path / "nfd.txt"
    p.write_text("Re\u0301gions d'Europe et communes de France", encoding="utf-8")
    assert "Régions" in load_document(p).text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\t\r\n  ", "empty file"),
    (codecs.BOM_UTF8 + b"  \n", "empty file"),
    (b"\x00\x01\x02\x03binary\x00\xff\xfe\x00" * 50, "binary file (not text)"),
    (bytes(range(1, 9)) * 40 + b"some text", "binary file (not text)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file (not text)"),
])
def test_bad_text_files(tmp_path, data, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == reason
    assert info.value.path == str(p)
    assert str(p) in str(info.value)


def test_invalid_utf16_after_bom(tmp_path):
    p = tmp_path / "odd.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    with pytest.raises(LoaderError, match="cannot decode text"):
        load_document(p)


def test_normalise_newlines():
    assert normalise_newlines("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                                       blacklist_characters="\ufeff\x85"), min_size=1, max_size=200)


@settings(max_examples=150, deadline=None)
@given(_TEXT.filter(lambda t: t.strip()), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_round_trip(text, encoding):
    import unicodedata

    decoded, _ = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded == unicodedata.normalize("NFC", text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.'’éèàçêôûœ€–ÉÀ\n", min_size=1, max_size=200)
       .filter(lambda t: t.strip()))
def test_cp1252_round_trip(text):
    data = text.encode("cp1252")
    try:  # a few accented letters in a row can happen to be valid UTF-8 ("çœœ"): ambiguous
        data.decode("utf-8")
        assume(data.isascii())
    except UnicodeDecodeError:
        pass
    decoded, _ = decode_bytes(data, "x.txt")
    assert decoded == text
