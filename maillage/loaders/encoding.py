"""Bytes to text: encoding detection, binary detection, newline normalisation.

French administrations still produce a lot of cp1252/Latin-1 files, Windows tools write
UTF-16 with a byte-order mark, and everything else is UTF-8 (with or without BOM). The
order tried is: BOM, strict UTF-8, BOM-less UTF-16 (NUL pattern), cp1252 when the text
looks Western-European, and only then charset-normalizer.

Examples
--------
>>> decode_bytes("Société".encode("cp1252"), "x.txt")
('Société', 'cp1252')
>>> decode_bytes(b"\\xef\\xbb\\xbfa\\r\\nb", "x.txt")
('a\\nb', 'utf-8-sig')
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from ..errors import LoaderError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_CONTROL_TABLE = bytes.maketrans(b"", b"")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")

TRIED = "tried utf-8, utf-16, cp1252"


def normalise_newlines(text: str) -> str:
    r"""``\r\n``, ``\r`` and Unicode line separators to ``\n``.

    >>> normalise_newlines("a\r\nb\rc")
    'a\nb\nc'
    """
    return _NEWLINES.sub("\n", text)


def finish_text(text: str) -> str:
    """Common clean-up of decoded text: newlines, NFC composition, stray BOMs.

    The text is otherwise kept as it is (markdown, spacing, typos).
    """
    text = normalise_newlines(text).replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: not a text file (checked on the first 64 KiB)."""
    head = data[:65536]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(_CONTROL_TABLE, _CONTROL_BYTES))
    return controls / len(head) > 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    """Name of the UTF-16 variant if the NUL bytes follow the UTF-16 pattern of mostly-Latin text."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    nul_even = even.count(0) / len(even)
    nul_odd = odd.count(0) / len(odd)
    if nul_odd > 0.6 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.6 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def _has_bad_controls(text: str) -> bool:
    if not text:
        return False
    sample = text[:65536]
    bad = len(_BAD_CONTROL.findall(sample))
    return bad / len(sample) > 0.02


#: control characters other than \t \n \x0b \x0c \r \x1b (ESC), and the replacement character
_BAD_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")


def _western_enough(text: str) -> bool:
    """Whether cp1252-decoded text looks like Western-European text rather than mis-decoded bytes.

    French or English text has a few accented letters inside mostly-ASCII words; text in
    another single-byte code page (Cyrillic cp1251, Greek, …) read as cp1252 is mostly
    non-ASCII letters.
    """
    letters = [c for c in text[:65536] if c.isalpha()]
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    if non_ascii < 20:  # too little to tell: cp1252, the common case
        return True
    return non_ascii / len(letters) < 0.3


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode the raw bytes of a text file.

    Parameters
    ----------
    data
        The file's bytes.
    path
        Used in error messages only.

    Returns
    -------
    (text, encoding)
        Text with newlines normalised to ``\\n`` and NFC-composed, and the name of the
        encoding used.

    Raises
    ------
    LoaderError
        ``"empty file"``, ``"binary file (not text)"`` or
        ``"cannot decode text (tried utf-8, utf-16, cp1252)"``.
    """
    if not data.strip():
        raise LoaderError(path, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise LoaderError(path, f"cannot decode text (invalid {enc.upper()} after its byte-order mark)")
            return _checked(text, enc, path)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, path)
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise LoaderError(path, "binary file (not text)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; Latin-1 maps them (to C1 controls) instead of failing.
    try:
        text, enc = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, enc = data.decode("latin-1"), "latin-1"
    if _western_enough(text):
        return _checked(text, enc, path)
    return _checked(*_fallback(data, path), path)


def _fallback(data: bytes, path: str | Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoaderError(path, f"cannot decode text ({TRIED})")
    return str(best), best.encoding


def _checked(text: str, enc: str, path: str | Path) -> tuple[str, str]:
    if _has_bad_controls(text):
        raise LoaderError(path, "binary file (not text)")
    text = finish_text(text)
    if not text.strip():
        raise LoaderError(path, "empty file")
    return text, enc
