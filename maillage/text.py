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
import re
import unicodedata

_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "«": '"', "»": '"',
                       "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ", "–": "-", "—": "-"})
_NONWORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_punct(text: str) -> str:
    """Typographic apostrophes, quotes, dashes and non-breaking spaces to plain ASCII ones.

    Keeps the length of the text (one character for one), so offsets stay valid.
    """
    return text.translate(_APOS)


def fold(text: str) -> str:
    """Case, accents and punctuation folded: the key for comparing names."""
    t = strip_accents(normalise_punct(text)).lower()
    return _NONWORD.sub(" ", t).strip()


def slug(text: str, max_len: int = 40) -> str:
    return fold(text).replace(" ", "-")[:max_len].strip("-") or "x"


def short_hash(*parts: str, length: int = 10) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def collapse_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
