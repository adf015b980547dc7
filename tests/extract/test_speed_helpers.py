"""The speed helpers of extraction give exactly what the plain code they replace gives.

The heads of trigger patterns (:func:`~maillage.loaders.extract_relations._trigger_heads`) are
read from their parsed form; tests/test_fastpath_equivalence.py checks that trying triggers only
at those heads finds every match of every trigger.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from maillage.loaders.extract_mentions import split_sentences
from maillage.loaders.extract_relations import _trigger_heads
from maillage.text import _APOS, _FOLD_TABLE, find_all, fold_with_map, normalise_punct

ROOT = Path(__file__).resolve().parents[2]

# look-alikes of trigger words: inside a longer word, after a digit, at the start and end, accents
_TRICKY = [
    "", " ", "a", "à Lyon", "Le CCRE a organisé la conférence à Malaga.", "co-financé par l'UE",
    "cofinancé par la Commission", "financially supported by NALAS", "2024a organisé", "la organise",
    "Membre fondateur de PLATFORMA", "The network is a member of UCLG.", "the European section of UCLG",
    "AFCCRE est la section française du CCRE", "en partenariat avec Cités Unies France",
    "hosted by the City of Tirana", "base a Bruxelles", "Secrétariat assuré par le CCRE",
    "  «A» — l’Assemblée\u00a0générale  ", "Ünited Çities ß ﬁ ① Ⅻ",
]


def _texts() -> list[str]:
    texts = list(_TRICKY)
    for folder in ("examples/docs", "tests/heldout/docs"):
        for path in sorted((ROOT / folder).rglob("*.txt")) + sorted((ROOT / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            texts.extend(text[s:e] for s, e in split_sentences(text))
            texts.extend(text.split("\n"))
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_trigger_heads_of_simple_patterns() -> None:
    # the word ends where the pattern ends: whole words only
    heads = _trigger_heads(re.compile(r"(?<![a-z0-9])(?:(?:co ?)?financ(?:e|ee)|a organise)(?![a-z0-9])"))
    assert heads == ((), frozenset({"a", "co", "cofinance", "cofinancee", "finance", "financee"}))
    # the pattern goes on with a class: beginnings of words ("financees" may match "finance")
    starts, words = _trigger_heads(re.compile(r"(?<![a-z0-9])(?:(?:co ?)?financ(?:e|ee)[a-z]*\s+par)"))
    assert set(starts) == {"cofinance", "cofinancee", "finance", "financee"} and words == {"co"}
    # no boundary before the match, or a class at its start: any word may start it
    assert _trigger_heads(re.compile(r"(?:financ)")) is None
    assert _trigger_heads(re.compile(r"(?<![a-z0-9])(?:[a-z]+ section)")) is None
    assert _trigger_heads(re.compile(r"(?<![a-z0-9])(?:\s*membre)")) is None


def _fold_with_map_plain(text: str) -> tuple[str, list[int]]:
    folded = text.translate(_FOLD_TABLE)
    runs: list[str] = []
    idx: list[int] = []
    end = 0
    for m in re.finditer(r"[^ ]+", folded):
        s, e = m.span()
        if runs:
            idx.append(end)
        runs.append(m.group())
        idx.extend(range(s, e))
        end = e
    return " ".join(runs), idx


def test_fold_with_map_and_normalise_punct_as_plain_code(texts: list[str]) -> None:
    for text in texts:
        assert fold_with_map(text) == _fold_with_map_plain(text), text
        assert normalise_punct(text) == text.translate(_APOS), text


@pytest.mark.parametrize("hay,needle", [(" a b a b a ", " a "), ("aaaa", "aa"), ("x", " x "), (" ab ab ", " ab ")])
def test_find_all_as_finditer(hay: str, needle: str) -> None:
    assert find_all(hay, needle) == [m.start() for m in re.finditer(re.escape(needle), hay)]
