"""Text helpers shared by extraction, resolution and evaluation.

>>> fold("Conseil des Communes et Régions d’Europe")
'conseil des communes et regions d europe'
>>> fold("Dijon-Métropole") == fold("Dijon Métropole")
True
>>> slug("Cités Unies France")
'cites-unies-france'
"""
from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "«": '"', "»": '"',
                       "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ", "–": "-", "—": "-"})
_APOS_PAIRS = tuple((chr(k), v) for k, v in _APOS.items())
_NONWORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_punct(text: str) -> str:
    """Typographic apostrophes, quotes, dashes and non-breaking spaces to plain ASCII ones.

    Keeps the length of the text (one character for one), so offsets stay valid.
    """
    # the same as text.translate(_APOS) (no replacement is itself replaced), many times faster
    for old, new in _APOS_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


_FOLD_CACHE: dict[str, str] = {}


def fold_char(c: str) -> str:
    """One character folded to one character: lower-case, unaccented letter or digit, else a space."""
    f = _FOLD_CACHE.get(c)
    if f is None:
        base = [x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)]
        f = base[0].lower() if len(base) == 1 else c.lower()
        if len(f) != 1 or not f.isalnum():
            f = " "
        _FOLD_CACHE[c] = f
    return f


class _FoldTable(dict):
    """``str.translate`` table of :func:`fold_char`, filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        f = self[code] = fold_char(chr(code))
        return f


_FOLD_TABLE = _FoldTable()
#: :func:`fold_char` of the ASCII characters: ``str.translate`` takes CPython's fast path with it
_ASCII_FOLD = {i: fold_char(chr(i)) for i in range(128)}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match[str]) -> str:
    return _FOLD_TABLE[ord(m.group())]


def fold_chars(text: str) -> str:
    """``text.translate(_FOLD_TABLE)``: every character folded by :func:`fold_char`, one for one.

    Mostly-ASCII text is translated on CPython's fast path once its few other characters are
    folded (a folded ASCII character folds to itself; others are left as they are).
    """
    if text.isascii():
        return text.translate(_ASCII_FOLD)
    if (len(text.encode("utf-8", "surrogatepass")) - len(text)) * 8 > len(text):
        return text.translate(_FOLD_TABLE)  # mostly other scripts: one pass
    return _NON_ASCII.sub(_fold_match, text).translate(_ASCII_FOLD)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text with runs of spaces collapsed, and for each folded character its offset in ``text``."""
    return collapse_folded(fold_chars(text))  # one character for one: offsets are kept


def collapse_folded(folded: str) -> tuple[str, list[int]]:
    """:func:`fold_with_map` of a text whose :func:`fold_chars` is ``folded``."""
    # fold_char gives a letter, a digit or a space, so split() only splits on the spaces
    out = " ".join(folded.split())
    # every letter and digit, and the first space after each run of them (it stands for the whole run),
    # selected without a Python loop: byte i of ``keep`` is 1 when character i or i - 1 is not a space
    mask = int.from_bytes(folded.translate(_NOT_SPACE).encode("latin-1"), "little")
    keep = (mask | mask << 8).to_bytes(len(folded) + 1, "little")
    idx = list(itertools.compress(range(len(folded)), keep))
    del idx[len(out):]  # the space after the last run
    return out, idx


class _NotSpaceTable(dict):
    """``str.translate`` table of a folded text to bytes: a space to 0, anything else to 1."""

    def __missing__(self, code: int) -> str:
        f = self[code] = "\x00" if code == 32 else "\x01"
        return f


_NOT_SPACE = _NotSpaceTable()


@lru_cache(maxsize=1 << 15)
def fold(text: str) -> str:
    """Case, accents and punctuation folded: the key for comparing names."""
    # fold_char gives a letter, a digit or a space, so split() only splits on the spaces
    return " ".join(fold_chars(text).split())


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` when each of them can only begin at one of ``starts``.

    The pattern is tried at those positions only, in order, skipping the ones inside the previous
    match as :meth:`re.Pattern.finditer` does: the same matches, without scanning the whole text.
    """
    end = 0
    match = pattern.match
    for p in sorted(starts):
        if p < end:
            continue  # inside the previous match: finditer does not look there
        m = match(text, p)
        if m is not None:
            yield m
            end = m.end() if m.end() > p else p + 1


def find_all(hay: str, needle: str) -> list[int]:
    """Starts of the non-overlapping occurrences of ``needle`` in ``hay``, left to right.

    The same as ``[m.start() for m in re.finditer(re.escape(needle), hay)]`` for a non-empty
    needle, without compiling a pattern for each needle.

    >>> find_all(" a b a b a ", " a ")
    [0, 4, 8]
    """
    out = []
    i = hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + len(needle))
    return out


def slug(text: str, max_len: int = 40) -> str:
    return fold(text).replace(" ", "-")[:max_len].strip("-") or "x"


def short_hash(*parts: str, length: int = 10) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def collapse_ws(text: str) -> str:
    """Runs of white space to one space, none at the ends (``str.split`` splits where ``\\s+`` matches)."""
    return " ".join(text.split())
