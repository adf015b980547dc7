"""Extraction: from a :class:`~maillage.model.Document` to actors and typed relations with evidence.

The fast path runs on every sentence: known actors (Aho-Corasick gazetteer), acronym
definitions, names by rules (head nouns, quoted names, persons with roles and e-mails),
anaphora ("la Plateforme", "cette initiative"), then relation triggers. spaCy's French NER
(:mod:`maillage.loaders.extract_ner`) adds persons and organisations only in sentences with
capitalised words the fast path did not explain.

Examples
--------
>>> from maillage.model import Document
>>> doc = Document(id="d1", path="x.txt", title="", lang="fr", date=None, format="txt",
...     text="Le CCRE et NALAS ont signé un accord de partenariat.")
>>> ex = Extractor(ner=False).extract(doc)
>>> sorted((r.type, r.source, r.target) for r in ex.relations if r.type != "co_mentioned")
[('partner_of', 'k:cemr', 'k:nalas')]
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..knowledge import stoplist
from ..model import Actor, Document, Evidence, Extraction, Relation
from ..schema import ORGANISATION_TYPES, PLACE_TYPES, RELATION_TYPES
from ..text import collapse_ws, find_all, fold, fold_with_map
from . import extract_lexicon as lex
from .extract_mentions import (
    _PERSON,
    _QUOTE,
    Candidate,
    Gazetteer,
    default_gazetteer,
    find_definitions,
    find_emails,
    head_type,
    blank_non_prose,
    prepare,
    role_at,
    role_before_name,
    strip_article,
    split_sentences,
    title_spans,
    _ROLE_ALT,
    _ROLE_START,
)
from . import extract_ner as ner_stage  # (through the module: its settings can be changed at run time)
from .extract_relations import M, StartScan, folded_chars, regex_factors, regex_starts, sentence_relations

_LEADING_ARTICLE = re.compile(r"(?:[LlDd]'|(?:[Ll]es?|[Ll]a|[Tt]he|[Dd]u|[Dd]es)\s+)")

#: the European Union itself: its institutions are not drawn as "part of" it
_UNION_KEY = "european-union"

#: bump when extraction output changes: caches keyed by it are invalidated
EXTRACTOR_VERSION = "9"

_ORG = frozenset(ORGANISATION_TYPES)
#: between a person and their organisation: "of", "from the", ", de l'"
_FROM_ORG = re.compile(r"[ \t]*,?[ \t]*(?:of|from|de|du|des|d['’]|de la|de l['’])[ \t]*(?:the[ \t]+)?", re.I)
#: between an organisation and the person it names: a role only ("'s Secretary General", "Executive Director")
_ROLE_ONLY = re.compile(rf"\s*(?:s\s+)?(?:{_ROLE_ALT})\s*")
_PLACES = frozenset(PLACE_TYPES)
_PRIORITY = {"known": 5, "definition": 5, "posted": 5, "acronym": 4, "local": 4, "event_of": 4, "subbody": 4,
             "quote": 3, "convened": 3, "np": 2, "event": 2, "person": 2, "ner": 1}
#: "The General Assembly of NALAS", "le Congrès annuel de l'AFCCRE": an event named after its organiser
_EVENT_OF_BEFORE = re.compile(
    r"(?P<ev>(?:[A-ZÀ-Ý][\w'-]*\s+){0,4}?[A-ZÀ-Ý][\w'-]*(?:\s+(?:annuel|annuelle|mondial|mondiale|européen|"
    r"européenne|général|générale|generale|statutaire|plénière|pleniere))?)\s+(?:of the|of|de la|de l'|du|des|de)\s*$")
#: how a window that ``_EVENT_OF_BEFORE`` matches ends (white space stripped)
_EVENT_OF_PREPS = ("of the", "of", "de la", "de l'", "du", "des", "de")
#: "NALAS General Assembly", "CEMR Annual Conference"
_EVENT_OF_AFTER = re.compile(r"[ \t]+(?P<ev>[A-ZÀ-Ý][\w'-]*(?:[ \t]+[A-ZÀ-Ý][\w'-]*){0,3})(?![\w'-])")
#: adjectives before an event head ("a joint conference", "une grande conférence")
_EVENT_ADJ = frozenset("joint annual international european regional national high level first second third "
                       "new special informal grande premiere deuxieme nouvelle nouveau petit petite vaste "
                       "conjoint conjointe annuel annuelle plenary pleniere statutory statutaire ordinary "
                       "ordinaire extraordinary extraordinaire general generale".split())
#: a capitalised place after a verb of location or "the city of": a city the gazetteer may not know
#: verbs followed by "à"/"in" and a place: "se tiendra à Lyon", "was held in Riga", "based in Brussels"
_PLACE_VERBS = (r"se tiendra|se tiendront|se tient|aura lieu|a eu lieu|s'est tenue?|s’est tenue?|se réunira|se réuniront|"
                r"se réunit|s'est réunie?|s’est réunie?|se déroulera|s'est déroulée?|s’est déroulée?|took place|takes place|"
                r"will take place|will be held|was held|were held|is held|are held|met|will meet|meets|gathered|convened|"
                r"based|headquartered|situé|située|basé|basée|installé|installée")
#: phrases followed by a place, in any case: "la ville de Lyon", "Mayor of Tirana"
_PLACE_PHRASES = ("la ville de", "la commune de", "the city of", "the town of", "the municipality of", "maire de",
                  "mayor of")
_PLACE_AFTER = re.compile(
    rf"(?:(?:{_PLACE_VERBS})\s+(?:à|in)|\b(?i:{'|'.join(_PLACE_PHRASES)}))"
    r"\s+(?P<place>[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[- ][A-ZÀ-Ý][a-zà-ÿ'’]+)?)(?![\w'’-])")


def _place_after_starts() -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The strings one of which begins every match of ``_PLACE_AFTER``: its verbs (with their case)
    and its phrases (any case); ``(None, None)`` if the verbs cannot be read (a plain scan)."""
    cased = regex_starts(re.compile(_PLACE_VERBS))
    if cased is None:
        return None, None
    return cased, frozenset(p.lower() for p in _PLACE_PHRASES)


#: capitalised words after "in" that are not places (folded)
_NOT_PLACE_WORDS = frozenset(
    "january february march april may june july august september october november december janvier fevrier "
    "mars avril mai juin juillet aout septembre octobre novembre decembre monday tuesday wednesday thursday "
    "friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche the le la les parliament "
    "presence hybrid online ligne".split())
#: known families of posts abroad (folded first word of the canonical name)
_POST_FAMILIES = frozenset({"delegations", "embassies", "representations", "consulates"})
#: "au Bénin", "to Serbia", "in Serbia": where a post is
_POSTED_AT = re.compile(r"[ \t]+(?:au|aux|à|en|in|to|for|at)[ \t]+(?:(?:la|le|les|the)[ \t]+|l['’])?")
#: what ends a name inside a capitalised span: a date ("les 16"), or a place after "à / in / at"
_NAME_TAIL = re.compile(r"\s+(?:(?P<date>(?:les?|on|the)\s+\d)|(?:à|in|at)\s+(?=[A-ZÀ-Ý]))")
#: heads of the governing bodies and commissions of an organisation (capitalised)
_SUB_HEADS = (r"(?:Comité|Bureau|Commission|Board|Committee|Presidium|Groupe de travail|Working Group|Task Force|"
              r"Taskforce|Conseil d'administration|Conseil d’administration|Conseil exécutif|Conseil politique|"
              r"Executive Council|Governing Council|Policy Council|Steering Group|Comité directeur)")
#: "Comité politique du CCRE", "the Islands Commission of the CPMR", "Bureau exécutif de l'AIMF"
_SUB_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<sub>(?:(?:[A-ZÀ-Ý][\w'’-]*|and|&)[ \t]+){0,4}?" + _SUB_HEADS
    + r"(?:[ \t]+(?:«[^»\n]{1,60}»|(?!(?:et|and|ou|or)[ \t])[a-zà-ÿ][a-zà-ÿ-]*|[A-ZÀ-Ý][\w'’-]*)){0,4}?)"
    r"[ \t]+(?:du|de la|de l'|de l’|des|d'|d’|of the|of)[ \t]*$")
#: how a window that ``_SUB_BEFORE`` matches ends (white space stripped), and the words it contains
_SUB_PREPS = ("du", "de la", "de l'", "de l’", "des", "d'", "d’", "of the", "of")
_SUB_HEAD_WORDS = tuple(sorted(regex_factors(_SUB_BEFORE) or ("",)))
#: "the LGA's European and International Board"
_SUB_AFTER = re.compile(r"['’]s[ \t]+(?P<sub>(?:(?:[A-ZÀ-Ý][\w'’-]*|and|&)[ \t]+){0,5}?(?:Board|Committee|Commission|Council|"
                        r"Working Group|Task Force|Bureau|Presidium|Steering Group))(?![\w-])")
_CALL = re.compile(r"((?:appel|appels) (?:à|a) (?:projets|propositions|candidatures)|calls? for "
                   r"(?:proposals|projects|applications))(.*)$", re.IGNORECASE | re.DOTALL)
_WEEKDAY = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday)")
_EVENT_OBJECT = re.compile(
    r"\b(?:organis\w*|organiz\w*|propos\w*|accueill\w*|host\w*|tiendr\w*|tenu|tient|tiennent|lanc\w*|launch\w*|held|hold\w*|"
    r"convene\w*|prepar\w*)\s+"
    # "à Bruxelles, le 11 mars," / "in Nantes on 21 November" before the object
    r"(?:(?:à|a|en|in|at)\s+[A-ZÀ-Ý][\w-]+\s*,?\s*)?"
    r"(?:(?:le|les|on)\s+(?:" + _WEEKDAY + r"\s+)?\d{1,2}(?:er)?(?:\s+(?:et|and|au|to|-)\s+\d{1,2})?\s+\w+(?:\s+\d{4})?"
    r"(?:\s+(?:apres-midi|après-midi|matin|soir))?\s*,?\s*)?"
    r"(?:(?:à|a|en|in|at)\s+[A-ZÀ-Ý][\w-]+\s*,?\s*)?"
    r"(?:un|une|le|la|les|l'|a|an|the|its|son|sa|ses)\s+(?P<name>(?P<head>[\w-]+)(?:\s+[\w'-]+){0,6})",
    re.IGNORECASE)
_EVENT_STOP = re.compile(
    r"\s+(?:qui|que|qu'|dont|which|that|who|à|a|au|aux|in|at|on|le|la|les|the|pour|for|avec|with|afin|dans|"
    r"consacr\w*|dédi\w*|dedi\w*|devoted|dedicated|intitul\w*|entitled|titled|autour|around|about|sur|"
    r"destin\w*|intended|aimed|ouvert\w*|open|réservé\w*|reserved|"
    r"during|lors|sur|en|entre|between|from|to|ce|cet|cette|this|sera|will|est|is|a|ont|have|"
    r"has|\d)\b.*$", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"\b(?:(?P<det>[Cc]ette|[Cc]et|[Cc]es|[Cc]e|[Tt]hese|[Tt]his|[Ll]es|[Ll]a|[Ll]e|[Tt]he|[Aa]u|[Dd]u)\s+|(?P<det2>[Ll])')"
    r"(?P<head>[A-Za-zÀ-ÿ]+)(?:\s+(?P<adj>majeure?s?|nouvelle?s?|new|major|important\w*|ambitieu\w*|européenne?s?))?\b")
_EN_HEAD = {"platform": "plateforme", "network": "reseau", "association": "association",
            "commission": "commission", "committee": "comite", "council": "conseil", "agency": "agence",
            "programme": "programme", "program": "programme", "project": "projet", "initiative": "initiative",
            "conference": "conference", "meeting": "rencontre", "workshop": "atelier", "forum": "forum",
            "plan": "plan", "event": "evenement"}
_PROGRAMME_ANAPHOR = {"projet", "initiative", "programme", "plan", "project", "program", "dispositif"}
_EVENT_ANAPHOR = {"rencontre", "atelier", "conference", "evenement", "event", "meeting", "workshop",
                  "seminaire", "seminar", "forum", "sommet", "summit", "reunion", "colloque", "journee",
                  "journees", "rencontres", "congres", "congress", "assemblee", "assembly", "webinaire",
                  "webinar", "symposium"}
#: "le réseau", "the coalition" (lower case): the network the document is about
_ORG_ANAPHOR = {"reseau", "network", "coalition", "federation", "alliance", "association", "organisation",
                "organization"}
#: capitalised bare heads ("la Plateforme") that refer to the first actor named with them
_NAMED_HEADS = frozenset({"plateforme", "reseau", "association", "commission", "comite", "conseil", "agence",
                          "federation", "alliance", "union", "programme", "initiative"})
#: the heads :meth:`Extractor._anaphora` resolves (the others are skipped as soon as they are read)
_ANAPHOR_HEADS = _NAMED_HEADS | _EVENT_ANAPHOR | _ORG_ANAPHOR | _PROGRAMME_ANAPHOR


@functools.lru_cache(maxsize=1)
def _anaphor_head_automaton() -> Any:
    """Aho-Corasick automaton of the folded heads of the anaphors :meth:`Extractor._anaphora` resolves
    (before ``_EN_HEAD``; the value is the length): a sentence without one has none of them."""
    import ahocorasick

    a = ahocorasick.Automaton()
    for w in sorted(_ANAPHOR_HEADS | {en for en, fr in _EN_HEAD.items() if fr in _ANAPHOR_HEADS}):
        a.add_word(w, len(w))
    a.make_automaton()
    return a


@dataclass
class _Mention:
    start: int
    end: int
    key: str
    type: str
    surface: str
    anaphoric: bool = False


@dataclass
class _Prepared:
    """A document once the rules have run (:meth:`Extractor._prepare`), waiting for spaCy's
    entities of its sentences ``todo`` (those the rules leave unexplained)."""

    doc: Document
    text: str
    mtext: str
    folded: Any
    sents: list[tuple[int, int]]
    cands: list[Candidate]
    def_parents: list[tuple[Candidate, str]]
    todo: list[tuple[int, int]]


#: a lower-case head right after a capitalised name: "the Resilient Cities programme"
_PROGRAMME_AFTER = re.compile(r"[ \u00a0](programme|program|initiative|project|facility)(?![\w'’-])")
#: a lower-case head right before it, after an article or a preposition: "le programme Villes résilientes"
_PROGRAMME_BEFORE = re.compile(r"(?:^|[\s'’])(?:le|du|au|ce|un|the|a|of|for|l)[ \u00a0]+"
                               r"(programme|program|projet|project|initiative|dispositif)[ \u00a0]+$", re.I)


class Extractor:
    """Extracts actors and relations from documents.

    Parameters
    ----------
    gazetteer
        Known actors to match; the packaged knowledge by default.
    ner
        Use spaCy's French NER on sentences the rules leave unexplained: ``True``,
        ``False``, or ``"auto"`` (use it when the model is installed).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, ner: bool | str = "auto") -> None:
        self.gaz = gazetteer or default_gazetteer()
        self.known = self.gaz.actors
        stop = stoplist()
        self.generic = {fold(w) for w in stop.get("generic_terms", [])}
        self._names_inside_cache: dict[str, list[Candidate]] = {}  # (see _names_inside)
        # spaCy is loaded the first time a sentence needs it (seconds of CPU a process may not need)
        self._ner: Any = None
        self._ner_mode: bool | str = ner if ner_stage.wanted(ner) else False

    # --- candidates -------------------------------------------------------------------
    def _definitions(self, text: str) -> tuple[list[Candidate], list[tuple[Candidate, str]]]:
        """Candidates from acronym definitions, and (child, parent known key) pairs they state."""
        cands: list[Candidate] = []
        parents: list[tuple[Candidate, str]] = []
        for d in find_definitions(text):
            long, acr = d.long(text), d.acr(text)
            ls, le = d.long_start, d.long_end
            parent: str | None = None
            # "Direction générale … de la Commission européenne (DG NEAR)": split off the parent
            inner = self.gaz.find(long)
            art0 = _LEADING_ARTICLE.match(long.strip())
            whole = self.gaz.name_map.get(fold(long.strip()[art0.end() if art0 else 0:]))
            for c in sorted(inner, key=lambda c: -c.start):
                if whole:
                    break  # "Association française du Conseil des Communes …": a known name, not a unit
                if c.end >= len(long.rstrip()) - 1 and c.start > 0 and c.type in _ORG:
                    before = fold(long[:c.start])
                    m = re.search(r"\s(?:de la|du|de l|des|de|of the|of)$", " " + before)
                    if m and len(before.split()) >= 3:
                        parent = c.known
                        le = ls + len(long[:c.start].rstrip())
                        le = ls + len(re.sub(r"\s+(?:de la|du|de l'|des|de|of the|of)\s*$", "", text[ls:le],
                                             flags=re.I).rstrip())
                    break
            art = _LEADING_ARTICLE.match(text[ls:le])
            if art:
                ls += art.end()
            long = text[ls:le]
            key = self.gaz.acronym_map.get(acr) or self.gaz.name_map.get(fold(long))
            if fold(acr) in self.generic or fold(long) in self.generic:
                continue
            if key:
                a = self.known[key]
                c = Candidate(ls, le, long, a.type, known=key, source="definition", aliases={long, acr})
            else:
                t, where = head_type(long)
                if t is None or t == "event" and not any(w[:1].isupper() for w in long.split()[1:]):
                    if t is None:
                        continue
                if t == "event":
                    t = "organisation"
                c = Candidate(ls, le, long, t, name=collapse_ws(long), source="definition", aliases={long, acr})
                c.attrs["acronym"] = acr
            cands.append(c)
            cands.append(Candidate(d.acr_start, d.acr_end, acr, c.type, known=c.known, name=c.name,
                                   source="definition", aliases={acr}))
            if parent and parent != key:
                parents.append((c, parent))
        return cands, parents

    def _named_programme(self, text: str, s: int, e: int) -> Candidate | None:
        """A programme named by capitalised words with a lower-case head beside them: "the Resilient
        Cities programme", "le programme Villes résilientes"; its name is the capitalised words.

        Not when those words are an actor already ("the European Union programme" is the EU's
        programme, not one named so), one word that is not an acronym, or a place.
        """
        after = _PROGRAMME_AFTER.match(text, e)
        before = None if after else _PROGRAMME_BEFORE.search(text, max(0, s - 24), s)
        if after is None and before is None:
            return None
        name = collapse_ws(text[s:e]).strip(" ,;:.")
        words = name.split()
        if not words or (len(words) == 1 and not words[0].isupper()) or fold(name) in self.generic:
            return None
        if any(c.start == 0 and c.end == len(name) for c in self.gaz.find(name)):
            return None  # a known actor's name (or a known place) with a head after it: its programme
        start, end = (s, after.end(1)) if after else (before.start(1), e)
        return Candidate(start, end, text[start:end], "programme", name=name, source="np")

    def _rule_candidates(self, text: str, known: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        # quoted names: « Rencontres de l'internationalisation … », Commission « Europe et Voisinage »
        for m in _QUOTE.finditer(text):
            inner = m.group(1).strip()
            s, e = m.start(1), m.start(1) + len(m.group(1).rstrip())
            t, where = head_type(inner)
            before = fold(text[max(0, m.start() - 60):m.start()]).split()
            outer_t = None
            if before:
                for n in (1, 2, 3):
                    if len(before) >= n:
                        h = " ".join(before[-n:])
                        if h in lex.UNIT_HEADS and text[max(0, m.start() - 40):m.start()].rstrip().split()[-1][:1].isupper():
                            outer_t = "organisation"
                            hs = text.rfind(text[max(0, m.start() - 40):m.start()].rstrip().split()[-1], 0, m.start())
                            out.append(Candidate(hs, m.end(), text[hs:m.end()], "organisation",
                                                 name=collapse_ws(text[hs:m.start()] + " " + inner), source="quote"))
                            break
                        if h in lex.PROGRAMME_HEADS or h in ("programme thematique", "programme europeen"):
                            outer_t = "programme"
                            break
                if outer_t is None:
                    for w in before[-4:]:
                        if w in lex.PROGRAMME_HEADS:
                            outer_t = "programme"
            if outer_t == "organisation":
                continue
            typ = outer_t or t
            if typ is None or len(inner.split()) < 2:
                continue
            if inner[-1] in ",.;!?" or len(inner.split()) > 12:
                continue  # a quoted sentence ("Our colleagues have shown that …,") is speech, not a name
            if typ == "event" and where != "start":
                continue
            out.append(Candidate(s, e, text[s:e], typ, name=collapse_ws(inner), source="quote"))
        # capitalised names with a head noun: "Rencontre France-Balkans-Europe", "Ambassades de France"
        for s, e in title_spans(text):
            span = text[s:e]
            rm = _ROLE_START.match(fold(span))
            if rm:
                continue
            words = span.split()
            while words and fold(words[0]) in lex.FUNCTION_WORDS:
                s = text.index(words[1], s + len(words[0])) if len(words) > 1 else e
                words = words[1:]
            while e > s and text[e - 1] in ".,;:":
                e -= 1  # the full stop after a name is not part of it
            # "à Nantes les Journées de …": a word, an article, then the name
            art = re.match(r"\S+\s+(?:les|la|le|the|l')\s*(?=[A-ZÀ-Ý])", text[s:e])
            if art:
                s += art.end()
                words = text[s:e].split()
            if len(words) < 2:
                continue
            span = text[s:e]
            t, where = head_type(span)
            if t is None:
                named = self._named_programme(text, s, e)
                if named is not None:
                    out.append(named)
                continue
            cut = _NAME_TAIL.search(span)
            if cut and (cut.group("date") or (t != "event" and where == "start")):
                # "Comité politique à Malaga", "Bureau les 16 juin": a place or a date after the name
                e = s + cut.start()
                span = text[s:e]
                words = span.split()
                if len(words) < 2:
                    continue
            if where == "start" and len(fold(span).split()) < 2:
                continue
            # a name must say more than its head: "La Plateforme" is an anaphor, not a name
            rest = fold(span).split()[1:] if where == "start" else fold(span).split()[:-1]
            if not [w for w in rest if w not in lex.FUNCTION_WORDS]:
                continue
            if fold(span) in self.generic:
                continue
            out.append(Candidate(s, e, span, t, name=collapse_ws(span), source="np"))
        # events named by what is organised: "a organisé le 19 mai 2016 un atelier transversal et multi-pays"
        for m in _EVENT_OBJECT_SCAN.finditer(text):
            head = fold(m.group("head"))
            words2 = fold(m.group("name")).split()[:3]
            # "un séminaire", "une assemblée générale", "a joint conference", "une grande conférence"
            if head not in lex.EVENT_HEADS and " ".join(words2[:2]) not in lex.EVENT_HEADS and not (
                    len(words2) > 1 and words2[1] in lex.EVENT_HEADS and words2[0] in _EVENT_ADJ) and not (
                    # "its annual plenary meeting", "son assemblée générale annuelle", "its 2024 Annual Forum"
                    len(words2) > 2 and (words2[2] in lex.EVENT_HEADS or " ".join(words2[1:3]) in lex.EVENT_HEADS)
                    and all(w in _EVENT_ADJ or re.fullmatch(r"\d+(?:e|eme|er|th|st|nd|rd)?", w)
                            for w in words2[:2 if words2[2] in lex.EVENT_HEADS else 1])
            ) and not _CALL.match(
                    m.group("name")):
                continue
            raw_name = re.split(r"[,;:.()\n]", m.group("name"))[0]
            # "a meeting of its Social Affairs Forum": the capitalised name is the event's name
            inner = re.match(r"[\w-]+\s+(?:of|de|du|des)\s+(?:(?:its|their|the|son|sa|ses|leur|la|le|l')\s*)?"
                             r"(?P<n>[A-ZÀ-Ý][\w'-]*(?:\s+(?:[A-ZÀ-Ý][\w'-]*|of|de|du|des|for|pour|on|sur))*)", raw_name)
            if inner and fold(inner.group("n")).split()[-1] in lex.EVENT_HEADS:
                nm = inner.group("n").rstrip()
                nm = re.sub(r"\s+(?:of|de|du|des|for|pour|on|sur)$", "", nm)
                s = m.start("name") + inner.start("n")
                out.append(Candidate(s, s + len(nm), nm, "event", name=collapse_ws(nm), source="event"))
                continue
            name = m.group("name")
            call = _CALL.match(name)
            typ = "event"
            if call:
                # "appel à projets annuel", "call for proposals": a programme, "à"/"for" inside its name
                name = call.group(1) + _EVENT_STOP.sub("", call.group(2))
                typ = "programme"
            else:
                name = _EVENT_STOP.sub("", name)
                # "la session de printemps du Comité politique du CCRE": the name stops before its owner
                owner = re.search(r"\s+(?:du|de la|des|of the|of)\s+[A-ZÀ-Ý]", name)
                if owner and len(name[:owner.start()].split()) >= 2:
                    name = name[:owner.start()]
            name = re.split(r"[,;:.()\n]", name)[0].strip()
            name = re.sub(r"(?:\s+(?:de|du|des|de la|of|the|of the|et|and))+$", "", name)
            s = m.start("name")
            e = s + len(name)
            # "sa 52e Assemblée générale": the edition number is not part of the event's name
            out.append(Candidate(s, e, name, typ, name=collapse_ws(re.sub(r"^\d+(?:e|ème|eme|er|th|st|nd|rd)\s+", "", name)),
                                 source="event"))
        # places named where something happens: "se réunira à Malaga", "took place in Zwolle", "la ville de Tours"
        for m in _PLACE_AFTER_SCAN.finditer(text):
            name = m.group("place")
            if fold(name) in _NOT_PLACE_WORDS or fold(name).split()[0] in _NOT_PLACE_WORDS:
                continue
            out.append(Candidate(m.start("place"), m.end("place"), name, "city", name=name, source="np"))
        out += self._coordinated_places(text, known)
        # "a réuni son Bureau", "convened its Executive Committee": a meeting of that body
        for m in (_CONVENES_BODY.finditer(text) if any(f in text for f in _CONVENES_BODY_WORDS) else ()):
            body = m.group("body")
            fr = not m.group("v").startswith(("conven", "will"))
            name = f"réunion du {body}" if fr else f"{body} meeting"
            out.append(Candidate(m.start("body"), m.end("body"), body, "event", name=name, source="convened",
                                 aliases={name}))
        # French event names capitalised on their first word only: "Forum de l'action internationale des
        # collectivités", up to a punctuation mark, a line end or a year
        for m in _FR_EVENT_NAME_SCAN.finditer(text):
            tail = fold(m.group("n")).split()[1:]
            if any(w in lex.CLAUSE_WORDS or w in ("a", "ont", "sera", "qui", "que") for w in tail):
                continue
            if not _FR_NAME_END.match(text, m.end("n")) and not re.search(r"[A-ZÀ-Ý]", m.group("n")[1:]) and len(
                    [w for w in tail if w not in lex.FUNCTION_WORDS]) < 2:
                continue  # ended by a verb, a name says more than "Forum de la semaine a réuni …"
            out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "event", name=collapse_ws(m.group("n")),
                                 source="np"))
        # persons: given name + surname, with a reason to believe it (known given name, civility, role)
        for m in _PERSON.finditer(text):
            if fold(m.group(1)) in lex.CIVILITIES:
                # "Mme Nathalie Koenders", "Ms Anna Lindqvist": the name is after the civility
                m = _PERSON.match(text, m.start(2))
                if m is None:
                    continue
            first, last = m.group(1), m.group(2)
            s, e = m.start(), m.end(2)
            if m.group(3) and m.group(3).isupper():
                e = m.end(3)
            ff, fl = fold(first), fold(last)
            if ff in lex.FUNCTION_WORDS or fl in lex.FUNCTION_WORDS or fl in lex.NAME_CONNECTORS:
                continue
            if any(fold(w) in lex.ORG_HEADS or fold(w) in lex.EVENT_HEADS or fold(w) in lex.TITLE_WORDS
                   for w in (first, last)):
                continue
            before = fold(text[max(0, s - 12):s]).split()
            after = fold(text[e:e + 80])
            reason = (ff in lex.GIVEN_NAMES or (before and before[-1] in lex.CIVILITIES)
                      or _ROLE_START.match(after) or role_before_name(text, s))
            if not reason:
                continue
            out.append(Candidate(s, e, text[s:e], "person", name=_person_name(text[s:e]), source="person"))
        # "a réuni son Comité politique": only when the text names no event nearby ("la session de printemps
        # du Comité politique" is that meeting)
        named = sorted(c.start for c in out if c.type == "event" and c.source != "convened")

        def near(x: int) -> bool:
            i = bisect.bisect_left(named, x - 400)
            return i < len(named) and named[i] <= x + 400
        return [c for c in out if c.source != "convened" or not near(c.start)]

    def _coordinated_places(self, text: str, known: list[Candidate]) -> list[Candidate]:
        """Cities the knowledge lacks, named in a list with a known city ("Utrecht, Groningen and Zwolle",
        "les villes de Besançon et de Tours") or qualified by a known country ("Fribourg-en-Brisgau
        (Allemagne)")."""
        out: list[Candidate] = []
        for c in known:
            if c.type == "city":
                pos = c.end
                while True:
                    m = _CITY_LIST_NEXT.match(text, pos)
                    if not m or not _city_word(text, m.start("x"), m.end("x")):
                        break
                    out.append(Candidate(m.start("x"), m.end("x"), m.group("x"), "city", name=m.group("x"),
                                         source="np"))
                    if m.group("sep").strip() not in (",", ""):
                        break  # "A et B": the list ends with its conjunction
                    pos = m.end("x")
            elif c.type == "country":
                m = _PLACE_BEFORE_COUNTRY.search(text, max(0, c.start - 60), c.start)
                if m and _city_word(text, m.start("x"), m.end("x")):
                    out.append(Candidate(m.start("x"), m.end("x"), m.group("x"), "city", name=m.group("x"),
                                         source="np"))
        return out

    def _events_of(self, text: str, known: list[Candidate]) -> list[Candidate]:
        """Events named after the organisation that holds them: the name, and the organiser in attrs."""
        out: list[Candidate] = []
        for c in known:
            if c.type not in _ORG or not c.known:
                continue
            org = self.known[c.known]
            short = org.acronyms[0] if org.acronyms else c.surface
            before = text[max(0, c.start - 80):c.start].rstrip()
            # (the window must end with "of", "de la", …: no scan of the others)
            m = _EVENT_OF_BEFORE.search(text, max(0, c.start - 80), c.start) if before.endswith(_EVENT_OF_PREPS) else None
            if m:
                ev = re.sub(r"^(?:The|Le|La|L')\s*", "", m.group("ev"))
                fw = fold(ev).split()
                if fw and (fw[-1] in lex.EVENT_HEADS or " ".join(fw[-2:]) in lex.EVENT_HEADS
                           or (len(fw) > 1 and fw[0] in lex.EVENT_HEADS)):
                    s = m.start("ev") + m.group("ev").index(ev)
                    out.append(Candidate(s, c.end, text[s:c.end], "event", name=f"{short} {ev}", source="event_of",
                                         aliases={text[s:c.end]}, attrs={"_organiser": c.known}))
                    continue
            m = _EVENT_OF_AFTER.match(text, c.end)
            if m and c.surface.isupper():
                words = m.group("ev").split()
                # the capitalised words up to the last event head: "General Assembly", not "General"
                cut = max((i + 1 for i in range(len(words)) if fold(words[i]) in lex.EVENT_HEADS
                           or fold(" ".join(words[max(0, i - 1):i + 1])) in lex.EVENT_HEADS), default=0)
                if cut:
                    ev = " ".join(words[:cut])
                    e = m.start("ev") + m.group("ev").index(words[cut - 1]) + len(words[cut - 1])
                    out.append(Candidate(c.start, e, text[c.start:e], "event", name=f"{short} {ev}",
                                         source="event_of", aliases={text[c.start:e]}, attrs={"_organiser": c.known}))
        return out

    def _posted_units(self, text: str, known: list[Candidate]) -> list[Candidate]:
        """"Délégation de l'Union européenne au Bénin", "the Embassy of France in Serbia": one post of a
        known family of posts (the delegations, the embassies) is an actor of its own, named with its place."""
        places = {c.start: c for c in known if c.type in _PLACES}
        out = []
        for c in known:
            k = self.known[c.known] if c.known else None
            words = fold(c.surface).split()
            if (k is not None and k.type not in _PLACES and fold(k.name).split()[0] in _POST_FAMILIES and words
                    and not words[0].endswith("s")):
                m = _POSTED_AT.match(text, c.end)
                p = places.get(m.end()) if m else None
                if p is not None:
                    full = collapse_ws(text[c.start:p.end])
                    out.append(Candidate(c.start, c.end, c.surface, k.type, name=full, source="posted",
                                         aliases={full}))
                    continue
            out.append(c)
        return out

    def _sub_bodies(self, text: str, known: list[Candidate]) -> list[Candidate]:
        """Governing bodies named after their organisation: "Comité politique du CCRE", "the Executive
        Committee of UCLG", "the LGA's European and International Board" (the parent in attrs)."""
        out: list[Candidate] = []
        for c in known:
            if c.type not in _ORG or not c.known:
                continue
            before = text[max(0, c.start - 90):c.start]
            # (the window must end with "du", "of the", … and name a body: no scan of the others)
            m = _SUB_BEFORE.search(text, max(0, c.start - 90), c.start) if (
                before.rstrip().endswith(_SUB_PREPS) and any(h in before for h in _SUB_HEAD_WORDS)) else None
            if m:
                sub = m.group("sub").rstrip()
                s = m.start("sub")
                art = re.match(r"(?:The|Le|La|Les)\s+|L['’]", sub)
                if art:
                    sub, s = sub[art.end():], s + art.end()
                if not re.search(_SUB_HEADS, sub):
                    continue
                out.append(Candidate(s, c.end, text[s:c.end], "organisation", name=collapse_ws(text[s:c.end]),
                                     source="subbody", aliases={sub}, attrs={"_parent": c.known}))
                continue
            m = _SUB_AFTER.match(text, c.end)
            if m:
                e = m.end()
                out.append(Candidate(c.start, e, text[c.start:e], "organisation", name=collapse_ws(text[c.start:e]),
                                     source="subbody", aliases={m.group("sub")}, attrs={"_parent": c.known}))
        return out

    def _local_matches(self, text: str, folded: tuple[str, list[int]], cands: list[Candidate]) -> list[Candidate]:
        """Other occurrences of the names and acronyms this document defined."""
        extra: list[Candidate] = []
        names: dict[str, Candidate] = {}
        acrs: dict[str, Candidate] = {}
        cities: dict[str, Candidate] = {}
        for c in cands:
            if c.source in ("definition", "quote", "np", "event", "convened") and c.known is None:
                f = fold(c.name or c.surface)
                if len(f.split()) >= 2:
                    names.setdefault(f, c)
                elif c.type == "city" and c.source == "np":
                    cities.setdefault(c.surface, c)  # "Tours": matched with its case, not "tours"
                acr = c.attrs.get("acronym")
                if acr:
                    acrs.setdefault(acr, c)
        ftext, fmap = folded
        hay = f" {ftext} "
        for f, c in names.items():
            for fs in find_all(hay, f" {f} "):
                s, e = fmap[fs], fmap[fs + len(f) - 1] + 1
                extra.append(Candidate(s, e, text[s:e], c.type, name=c.name, source="local"))
        for acr, c in acrs.items():
            for m in re.finditer(r"(?<![\w])" + re.escape(acr) + r"(?![\w])", text):
                extra.append(Candidate(m.start(), m.end(), acr, c.type, name=c.name, source="local"))
        for surface, c in cities.items():
            for m in re.finditer(r"(?<![\w'’-])" + re.escape(surface) + r"(?![\w'’-])", text):
                extra.append(Candidate(m.start(), m.end(), surface, c.type, name=c.name, source="local"))
        return extra

    @staticmethod
    def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
        # a rule-made name may not swallow a known organisation ("Vice-Présidente de Dijon Métropole"),
        # and stops where a known organisation begins ("Ambassades de France et du Ministère …")
        known_orgs = sorted((c for c in cands if c.known and c.type not in _PLACES), key=lambda c: c.start)
        ko_starts = [k.start for k in known_orgs]
        kept = []
        for c in cands:
            if c.known is None and c.source in ("np", "quote", "event", "convened", "person", "ner", "local"):
                inside = known_orgs[bisect.bisect_left(ko_starts, c.start):bisect.bisect_left(ko_starts, c.end)]
                if any(k.end <= c.end and (k.start, k.end) != (c.start, c.end) for k in inside):
                    continue
                cut = [k.start for k in inside if c.start < k.start < c.end < k.end]
                if cut:
                    head = c.surface[:min(cut) - c.start]
                    head = re.sub(r"(?:\s+(?:et|and|du|de|des|de la|la|le|les|of|the|l'|d'))+\s*$", "", head,
                                  flags=re.I).rstrip(" ,")
                    if len(head.split()) < 2:
                        continue
                    c = Candidate(c.start, c.start + len(head), head, c.type, name=collapse_ws(head),
                                  source=c.source, aliases=set(c.aliases), attrs=dict(c.attrs))
            kept.append(c)
        kept.sort(key=lambda c: (-(c.end - c.start), -_PRIORITY.get(c.source, 0), c.start))
        taken: list[Candidate] = []
        occ_starts: list[int] = []  # the taken spans, disjoint and sorted by start
        occ_ends: list[int] = []
        for c in kept:
            i = bisect.bisect_left(occ_starts, c.start)
            if _overlaps_taken(occ_starts, occ_ends, i, c.start, c.end):
                continue
            taken.append(c)
            occ_starts.insert(i, c.start)
            occ_ends.insert(i, c.end)
        taken.sort(key=lambda c: c.start)
        return taken

    # --- main -------------------------------------------------------------------------
    def extract(self, doc: Document) -> Extraction:
        """Actors and relations of one document."""
        return next(self.extract_many([doc]))

    def extract_many(self, docs: Iterable[Document]) -> Iterator[Extraction]:
        """Actors and relations of each of ``docs``, in order: what :meth:`extract` gives for each.

        The rules run on each document first; spaCy then reads the sentences they leave
        unexplained in batches that span documents (cheaper than a document at a time, and the
        same entities), and each document is finished with its entities.
        """
        pending: list[Extraction | _Prepared] = []
        sentences = chars = 0
        for doc in docs:
            state = self._prepare(doc)
            pending.append(state)
            if isinstance(state, _Prepared):
                sentences += len(state.todo)
                chars += len(state.text)
            if sentences >= ner_stage.BATCH_SIZE or chars >= ner_stage.PENDING_CHARS:
                yield from self._finish_all(pending)
                pending, sentences, chars = [], 0, 0
        yield from self._finish_all(pending)

    def _prepare(self, doc: Document) -> Extraction | _Prepared:
        """The rules' part of :meth:`extract`: the whole extraction of a table, else the state
        :meth:`_finish` completes once spaCy has read the sentences the rules leave unexplained."""
        if doc.records is not None:
            return self._extract_table(doc)
        text = prepare(doc.text)
        mtext = blank_non_prose(text)
        folded = fold_with_map(mtext)
        sents = split_sentences(text)
        known = self._posted_units(mtext, self.gaz.find(mtext, folded))
        defs, def_parents = self._definitions(mtext)
        rules = (self._rule_candidates(mtext, known) + self._events_of(mtext, known) + self._sub_bodies(mtext, known)
                 + _contact_persons(text))
        cands = known + defs + rules
        todo: list[tuple[int, int]] = []
        if self._ner_mode:
            todo = ner_stage.unexplained_sentences(mtext, sents, cands)
        return _Prepared(doc, text, mtext, folded, sents, cands, def_parents, todo)

    def _finish_all(self, states: list[Extraction | _Prepared]) -> Iterator[Extraction]:
        """:meth:`_finish` each state, spaCy reading all their unexplained sentences in one pipe."""
        entities: Iterator[Any] = iter(())
        texts = [st.mtext[s:e] for st in states if isinstance(st, _Prepared) for s, e in st.todo]
        if texts:
            nlp = self._spacy()
            if nlp is not None:
                entities = iter(ner_stage.ner_entities(nlp, texts))
        for st in states:
            if not isinstance(st, _Prepared):
                yield st
            elif self._ner is None:  # no model: no NER, as with ner=False
                yield self._finish(st, [])
            else:
                yield self._finish(st, [next(entities) for _ in st.todo])

    def _spacy(self) -> Any:
        """The spaCy pipeline, loaded on first use; None when NER is off or the model cannot load."""
        if self._ner is None and self._ner_mode:
            self._ner = ner_stage.load_ner(required=(self._ner_mode is True))
            if self._ner is None:
                self._ner_mode = False
        return self._ner

    def _finish(self, state: _Prepared, entities: list[Any]) -> Extraction:
        """The rest of :meth:`extract` once spaCy's ``entities`` of the sentences ``state.todo`` are known."""
        doc, text, mtext, folded, sents = state.doc, state.text, state.mtext, state.folded, state.sents
        cands, def_parents, todo = state.cands, state.def_parents, state.todo
        if todo and self._ner is not None:
            cands = cands + ner_stage.candidates_from_entities(mtext, todo, entities)
        first = self._resolve_overlaps(cands)
        chosen = self._resolve_overlaps(first + self._local_matches(mtext, folded, first))
        actors: dict[str, Actor] = {}
        mentions: list[_Mention] = []
        for c in chosen:
            key = self._actor_for(c, actors)
            mentions.append(_Mention(c.start, c.end, key, actors[key].type, c.surface))
        self._merge_events(actors, mentions)
        mentions += self._anaphora(text, sents, mentions, actors)
        mentions.sort(key=lambda m: (m.start, m.end))
        ex = Extraction(document=doc, actors=actors)
        self._relations(doc, text, sents, mentions, actors, def_parents, chosen, ex)
        self._contacts(doc, text, sents, mentions, actors, ex)
        self._knowledge_relations(doc, text, sents, mentions, actors, ex)
        self._co_mentions(doc, text, sents, mentions, ex)
        ex.relations = _dedupe(ex.relations)
        return ex

    def _actor_for(self, c: Candidate, actors: dict[str, Actor]) -> str:
        if c.known:
            key = f"k:{c.known}"
            a = actors.get(key)
            if a is None:
                k = self.known[c.known]
                a = actors[key] = Actor(key=key, name=k.name, type=k.type, known=c.known,
                                        attrs=_known_attrs(k))
        else:
            name = strip_article(c.name or collapse_ws(c.surface))
            key = f"{c.type}:{fold(name)}"
            a = actors.get(key)
            if a is None:
                a = actors[key] = Actor(key=key, name=name, type=c.type,
                                        attrs={k: v for k, v in c.attrs.items() if not k.startswith("_")})
        surface = collapse_ws(c.surface)
        if surface:
            a.aliases.add(surface)
        for al in c.aliases:
            if al.strip():
                a.aliases.add(collapse_ws(al))
        a.mentions.append((c.start, c.end))
        return key

    @staticmethod
    def _merge_events(actors: dict[str, Actor], mentions: list[_Mention]) -> None:
        """One event per document for "Rencontre France-Balkans-Europe" and "rencontre France-Balkans"."""
        events = sorted((a for a in actors.values() if a.type in ("event", "programme") and not a.known),
                        key=lambda a: (-len(fold(a.name)), a.key))
        remap: dict[str, str] = {}
        for i, small in enumerate(reversed(events)):
            fs = fold(small.name).split()
            for big in events:
                if big is small or big.key in remap or len(fold(big.name)) <= len(fold(small.name)):
                    continue
                fb = fold(big.name).split()
                if fs[0].rstrip("s") == fb[0].rstrip("s") and set(fs[1:]) <= set(fb[1:]) and len(fs) >= 2:
                    remap[small.key] = big.key
                    big.aliases |= small.aliases
                    big.mentions += small.mentions
                    break
        for k in remap:
            actors.pop(k, None)
        for m in mentions:
            if m.key in remap:
                m.key = remap[m.key]

    def _anaphora(self, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                  actors: dict[str, Actor]) -> list[_Mention]:
        """Mentions by a bare head noun or a demonstrative: "la Plateforme", "cette initiative".

        A capitalised bare head ("la Plateforme", "le Réseau") refers to the first actor of the
        document whose names contain it; "ce projet", "cette initiative" to a programme just
        named, else to the actor the document is most about; "cette rencontre" to the last event.
        """
        out: list[_Mention] = []
        spans = sorted((m.start, m.end) for m in mentions)
        span_starts = [a for a, _ in spans]
        max_end = list(itertools.accumulate((b for _, b in spans), max))  # furthest end up to each span

        def overlaps(s: int, e: int) -> bool:
            """Whether ``text[s:e]`` overlaps a mention."""
            i = bisect.bisect_left(span_starts, e)  # spans starting before the end
            return i > 0 and max_end[i - 1] > s
        pending: list[tuple[int, int, int, str, str, bool]] = []
        # where the heads this method resolves are in the folded text (one Aho-Corasick pass)
        heads = sorted((end - n + 1, end + 1) for end, n in _anaphor_head_automaton().iter(folded_chars(text)))
        head_starts = [h for h, _ in heads]
        for si, (ss, se) in enumerate(sents):
            i = bisect.bisect_left(head_starts, ss)
            while i < len(heads) and heads[i][0] < se and heads[i][1] > se:
                i += 1
            if i == len(heads) or heads[i][0] >= se:
                continue  # no such head in the sentence: no need to look for anaphors
            for m in _ANAPHOR.finditer(text, ss, se):
                head = fold(m.group("head"))
                head = _EN_HEAD.get(head, head)
                if head not in _ANAPHOR_HEADS:
                    continue  # neither pass below resolves it
                det = fold(m.group("det") or m.group("det2"))
                s, e = m.start(), m.end()
                if det in ("au", "du"):
                    s = m.start("head")  # "membre du réseau": the preposition belongs to the trigger
                if overlaps(s, e):
                    continue
                nxt = text[e:e + 2].strip()[:1]
                if nxt and nxt.isupper():
                    continue  # "la Plateforme Afrique…" is a name
                demonstrative = det in ("ce", "cet", "cette", "ces", "this", "these")
                pending.append((si, s, e, head, m.group(), demonstrative))  # surface keeps the article
        # first pass: named heads, resolved to the first actor introduced with that head
        first_seen: dict[str, int] = {}
        for m in mentions:
            first_seen.setdefault(m.key, m.start)
        for si, s, e, head, surface, demonstrative in pending:
            if demonstrative or not surface.split()[-1][:1].isupper() or head not in _NAMED_HEADS:
                continue
            cands = []
            for key, start in first_seen.items():
                if start >= s or actors[key].type in _PLACES:
                    continue
                names = {fold(actors[key].name)} | {fold(al) for al in actors[key].aliases}
                if any(head in n.split() or head[:6] in n for n in names):
                    cands.append((start, key))
            if cands:
                target = min(cands)[1]
                out.append(_Mention(s, e, target, actors[target].type, surface, anaphoric=True))
        # what the document is about: "le projet" may be a programme; "le réseau" is an organisation
        salience: dict[str, int] = defaultdict(int)
        for m in out:
            salience[m.key] += 100  # referred to by "la Plateforme": the document's topic
        for m in mentions:
            if m.type not in _PLACES and m.type != "person":
                salience[m.key] += 1
        topic = sorted(salience, key=lambda k: (-salience[k], first_seen.get(k, 0)))[0] if salience else None
        org_topic = _topic(text, sents, mentions, out)
        if org_topic is not None and actors[org_topic].type in _ORG:
            out += self._first_person(text, sents, overlaps, org_topic, first_seen[org_topic], actors)
        # second pass: demonstratives and "le projet"
        for si, s, e, head, surface, demonstrative in pending:
            ss = sents[si][0]
            definite = fold(surface).split()[0] in ("le", "la", "l", "the", "au", "du")
            if not ((head in _EVENT_ANAPHOR and (demonstrative or definite))
                    or (head in _ORG_ANAPHOR and definite) or (head in _PROGRAMME_ANAPHOR and (demonstrative or s == ss))):
                continue  # "la coopération", "les collectivités": not an anaphor this pass resolves
            before = [x for x in [*mentions, *out] if x.end <= s]
            before.sort(key=lambda x: x.start)
            target: str | None = None
            if head in _EVENT_ANAPHOR and (demonstrative or definite):
                # "cette rencontre", "the meeting", "au séminaire": the last event named
                target = next((x.key for x in reversed(before) if x.type == "event"), None)
                # "le Forum", "the summit": rather the last event whose name has that head noun
                target = next((x.key for x in reversed(before) if x.type == "event" and not x.anaphoric and any(
                    head in fold(n).split() for n in {actors[x.key].name} | actors[x.key].aliases)), target)
            elif head in _ORG_ANAPHOR and definite and not surface.split()[-1][:1].isupper() and not re.match(
                    r"\s+(?:de|des|du|d'|d’|of|for|pour|that|qui|which)\b", text[e:e + 8]):
                # ("l'association des maires de …" introduces another actor)
                # "le réseau", "the coalition": an organisation named with that head, else the topic
                cands = [x.key for x in before if not x.anaphoric and x.type in _ORG and any(
                    head in fold(n).split() for n in {actors[x.key].name} | actors[x.key].aliases)]
                target = cands[0] if cands else (org_topic if org_topic and first_seen.get(org_topic, s) < s
                                                 else None)
            elif head in _PROGRAMME_ANAPHOR and (demonstrative or s == ss):
                prev = [x for x in before if sents[max(0, si - 1)][0] <= x.start]
                target = next((x.key for x in reversed(prev) if x.type == "programme"), None)
                if target is None and demonstrative:
                    # "Ce projet": the last actor just named that is not a place or a person
                    target = next((x.key for x in reversed(prev) if x.type not in _PLACES and x.type != "person"
                                   and not x.anaphoric), None)
                if target is None and topic:
                    # "Le projet": what the document is about
                    target = topic if first_seen.get(topic, s) < s else None
            if target:
                out.append(_Mention(s, e, target, actors[target].type, surface, anaphoric=True))
        return out

    @staticmethod
    def _first_person(text: str, sents: list[tuple[int, int]], overlaps: Callable[[int, int], bool], org: str,
                      seen: int, actors: dict[str, Actor]) -> list[_Mention]:
        """"We", "our", "nous", "notre" in the voice of the organisation the document is about, once
        it is named: "The LGA … This year we partnered with SALAR" -> the LGA.

        Not inside quotation marks nor in a sentence that reports speech ("…, said the Mayor"): that
        "we" is a speaker's, whose organisation is not known.
        """
        if not _FIRST_PERSON_WORDS.search(text):
            return []
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        out: list[_Mention] = []
        for ss, se in sents:
            if se <= seen or _REPORTED_SPEECH.search(text, ss, se):
                continue
            for m in _FIRST_PERSON.finditer(text, max(ss, seen), se):
                s, e = m.start(), m.end()
                if any(a <= s < b for a, b in quoted) or overlaps(s, e):
                    continue  # a quotation, or inside a name ("Our Cities Network")
                out.append(_Mention(s, e, org, actors[org].type, m.group(), anaphoric=True))
        return out

    # --- relations --------------------------------------------------------------------
    def _evidence(self, doc: Document, text: str, span: tuple[int, int], method: str) -> Evidence:
        s, e = span
        return Evidence(doc=doc.id, sentence=_collapsed(text, s, e), start=s, end=e, date=doc.date,
                        lang=doc.lang, method=method)

    def _relations(self, doc: Document, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                   actors: dict[str, Actor], def_parents: list[tuple[Candidate, str]], chosen: list[Candidate],
                   ex: Extraction) -> None:
        events = [m for m in mentions if m.type == "event" and not m.anaphoric]
        doc_event = None
        if events:
            counts: dict[str, int] = defaultdict(int)
            for m in events:
                counts[m.key] += 1
            doc_event = max(counts, key=lambda k: (counts[k], -min(x.start for x in events if x.key == k)))
        last_meeting: list[str] = []
        topic = _topic(text, sents, [m for m in mentions if not m.anaphoric],
                       [m for m in mentions if m.anaphoric and m.type in _ORG])
        starts = [m.start for m in mentions]
        prev_group: list[str] = []
        for si, (ss, se) in enumerate(sents):
            ms = _within(mentions, starts, ss, se)
            sms = [M(m.start, m.end, m.key, m.type, m.anaphoric) for m in ms if not _dateline(doc.text, m)]
            group_span = _group_anaphor(text, ss, se, ms, prev_group)
            if group_span:
                sms.append(M(group_span[0], group_span[1], _GROUP, "association", True))
            found = sentence_relations(text, ss, se, sms, doc_event=doc_event, last_meeting=last_meeting, topic=topic)
            if group_span:
                # "All three associations are members of X": the relation holds for each of them
                found = [type(f)(a if f.source == _GROUP else f.source, b if f.target == _GROUP else f.target,
                                 f.type, f.method)
                         for f in found for a in (prev_group if f.source == _GROUP else [f.source])
                         for b in (prev_group if f.target == _GROUP else [f.target]) if a != b]
            prev_group = _coordinated(text, ms)
            for f in found:
                if not _types_ok(f.type, actors[f.source].type, actors[f.target].type):
                    continue
                ex.relations.append(Relation(f.source, f.target, f.type, self._evidence(doc, text, (ss, se), "pattern")))
                if f.type == "meets":
                    last_meeting = sorted({f.source, f.target})
            self._unit_relations(doc, text, (ss, se), ms, actors, ex)
            self._city_country(doc, text, (ss, se), ms, ex)
            self._role_relations(doc, text, (ss, se), ms, actors, ex, sents, mentions, si, starts)
        self._member_lists(doc, text, sents, mentions, actors, ex)
        if topic:
            self._possessive_member_lists(doc, text, sents, mentions, topic, ex)
        self._among_them(doc, text, sents, mentions, ex)
        self._implicit_secretariat(doc, text, sents, mentions, actors, ex)
        self._addresses(doc, text, sents, mentions, actors, ex)
        self._footnote_lists(doc, text, mentions, ex)
        self._nested_names(doc, text, sents, chosen, actors, ex)
        key_at = {m.start: m.key for m in mentions if not m.anaphoric}
        for c in chosen:
            parent = c.attrs.get("_parent")
            key = key_at.get(c.start) if parent else None
            if parent and key:
                # "Comité politique du CCRE": the committee is part of the CCRE
                self._ensure_known(parent, actors)
                ex.relations.append(Relation(key, f"k:{parent}", "part_of",
                                             self._evidence(doc, text, _sentence_of(sents, c.start), "pattern")))
        # "Direction générale … de la Commission européenne (DG NEAR)"
        for c, parent in def_parents:
            child = f"k:{c.known}" if c.known else f"{c.type}:{fold(c.name or c.surface)}"
            pkey = f"k:{parent}"
            if child in actors and pkey in actors:
                span = next(((s, e) for s, e in sents if s <= c.start < e), (c.start, c.end))
                ex.relations.append(Relation(child, pkey, "part_of", self._evidence(doc, text, span, "acronym")))

    def _city_country(self, doc: Document, text: str, span: tuple[int, int], ms: list[_Mention],
                      ex: Extraction) -> None:
        """"Tirana, Albania", "Fribourg-en-Brisgau (Allemagne)", "à Malaga, en Espagne": the city is in
        the country (not in a list of countries: "Lyon, France and Spain")."""
        for a, b, c in zip(ms, ms[1:], [*ms[2:], None]):
            if a.type != "city" or b.type != "country" or a.anaphoric or b.anaphoric:
                continue
            if not _CITY_COUNTRY_GAP.fullmatch(text[a.end:b.start]):
                continue
            if c is not None and c.type in _PLACES and re.fullmatch(r"\s*(?:,|et|and)\s*", text[b.end:c.start]):
                continue
            ex.relations.append(Relation(a.key, b.key, "located_in", self._evidence(doc, text, span, "pattern")))

    def _member_lists(self, doc: Document, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                      actors: dict[str, Actor], ex: Extraction) -> None:
        """"Les membres de la Plateforme sont :" followed by bullet items: each actor of the items is a member."""
        raw = doc.text
        for i, (ss, se) in enumerate(sents):
            if not text[ss:se].rstrip().endswith(":"):
                continue
            f = fold(text[ss:se])
            if not re.search(r"\b(?:membres|members|adherents|compose de|composed of|comprend|comprennent|"
                             r"include|includes|regroupe|reunit|rassemble|brings together)\b", f):
                continue
            heads = [m for m in mentions if ss <= m.start < se and m.type in _ORG]
            if not heads:
                continue
            target = heads[-1].key
            for js, je in sents[i + 1:]:
                line_start = raw.rfind("\n", 0, js) + 1
                if not re.match(r"\s*[•▪►■*\-–—]|\s*\d{1,2}[.)]\s", raw[line_start:js + 1]):
                    break
                for m in mentions:
                    if js <= m.start < je and not m.anaphoric and m.key != target and (
                            m.type in _ORG or m.type in ("city", "local_authority")):
                        ex.relations.append(Relation(m.key, target, "member_of",
                                                     self._evidence(doc, text, (js, je), "pattern")))

    def _nested_names(self, doc: Document, text: str, sents: list[tuple[int, int]], chosen: list[Candidate],
                      actors: dict[str, Actor], ex: Extraction) -> None:
        """What a name says about another actor it contains.

        "General Assembly of NALAS": NALAS organises the event; "Congrès des pouvoirs locaux … du
        Conseil de l'Europe": the Council of Europe is named too, and the Congress is part of it
        when the packaged knowledge says so.
        """
        for c in chosen:
            org = c.attrs.get("_organiser")
            if not org and (not c.known or c.source not in ("known", "definition") or len(c.surface.split()) < 3):
                continue
            span = _sentence_of(sents, c.start)
            if org:
                self._ensure_known(org, actors)
                key = f"event:{fold(strip_article(c.name or c.surface))}"
                if key in actors:
                    ex.relations.append(Relation(f"k:{org}", key, "organises", self._evidence(doc, text, span, "pattern")))
                continue
            if not c.known or c.source not in ("known", "definition"):
                continue
            outer = self.known[c.known]
            for inner in self._names_inside(c.surface):
                if inner.known == c.known or inner.end < len(c.surface.rstrip()) - 1 or inner.start == 0:
                    continue
                if inner.type not in _ORG or not re.search(r"(?:\b(?:de la|du|des|de|of the|of)|d'|de l')\s*$",
                                                            c.surface[:inner.start], re.I):
                    continue
                if outer.type == "event":
                    rel = "organises"
                elif inner.known in outer.part_of:
                    rel = "part_of"
                else:
                    continue
                self._ensure_known(inner.known, actors)
                src, tgt = (f"k:{inner.known}", f"k:{c.known}") if rel == "organises" else (f"k:{c.known}",
                                                                                         f"k:{inner.known}")
                ex.relations.append(Relation(src, tgt, rel, self._evidence(doc, text, span, "pattern")))

    def _names_inside(self, surface: str) -> list[Candidate]:
        """``self.gaz.find(surface)``, remembered across documents (known names recur; the list is only read)."""
        cache = self._names_inside_cache
        found = cache.get(surface)
        if found is None:
            if len(cache) >= 4096:
                cache.clear()
            found = cache[surface] = self.gaz.find(surface)
        return found

    def _footnote_lists(self, doc: Document, text: str, mentions: list[_Mention], ex: Extraction) -> None:
        """"les pays des Balkans occidentaux*" and a footnote line "*Albanie, Serbie": the places are part of the region."""
        raw = doc.text
        if len(raw) != len(text):
            return  # the markers are read on the raw text, at the same offsets
        marked = [m for m in mentions if m.type == "region" and not m.anaphoric
                  and len(re.match(r"\**", raw[m.end:m.end + 4]).group()) % 2 == 1]
        if len({m.key for m in marked}) != 1:
            return
        region = marked[0]
        starts = [m.start for m in mentions]  # mentions are sorted by start
        for lm in re.finditer(r"(?m)^[ \t]*\*+([^\n]+)$", raw):
            if lm.start() <= region.end:
                continue
            lo, hi = bisect.bisect_left(starts, lm.start(1)), bisect.bisect_left(starts, lm.end(1))
            items = [m for m in mentions[lo:hi] if m.end <= lm.end(1) and not m.anaphoric]
            if len(items) < 2 or any(m.type not in ("country", "region") for m in items):
                continue
            rest = text[lm.start(1):lm.end(1)]
            for m in sorted(items, key=lambda m: -m.start):
                rest = rest[:m.start - lm.start(1)] + rest[m.end - lm.start(1):]
            if re.sub(r"[\s,;*._]|\bet\b|\band\b", "", rest):
                continue  # not only a list of places
            for m in items:
                if m.key != region.key:
                    ex.relations.append(Relation(m.key, region.key, "part_of",
                                                 self._evidence(doc, text, (lm.start(), lm.end()), "pattern")))

    def _among_them(self, doc: Document, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                    ex: Extraction) -> None:
        """"Le CCRE fédère soixante associations nationales. Parmi elles figurent A, B et C.": A, B and C
        are members of the organisation that gathers them in the sentence before."""
        starts = [m.start for m in mentions]
        for i in range(1, len(sents)):
            ss, se = sents[i]
            fs = " ".join(folded_chars(text)[ss:se].split())  # fold(text[ss:se])
            if not _AMONG_THEM.match(fs):
                continue
            ps, pe = sents[i - 1]
            verb = _GATHERS_VERB.search(fold(text[ps:pe]))
            if not verb:
                continue
            prev = [m for m in _within(mentions, starts, ps, pe) if m.type in _ORG]
            owner = prev[0].key if prev else None
            if owner is None or len(fold(text[ps:prev[0].start]).split()) > 6:
                continue  # the subject opens the sentence: "Fondé en 1951, le CCRE fédère …"
            for m in _within(mentions, starts, ss, se):
                if m.key != owner and not m.anaphoric and (m.type in _ORG or m.type == "city"):
                    ex.relations.append(Relation(m.key, owner, "member_of", self._evidence(doc, text, (ss, se), "pattern")))

    def _possessive_member_lists(self, doc: Document, text: str, sents: list[tuple[int, int]],
                                 mentions: list[_Mention], topic: str, ex: Extraction) -> None:
        """"Its members include:" then items (lines ending with ";"): each organisation is a member of the topic."""
        from .extract_relations import _POSSESSIVE_MEMBERS
        for i, (ss, se) in enumerate(sents):
            if not text[ss:se].rstrip().endswith(":") or not _POSSESSIVE_MEMBERS.search(fold(text[ss:se]) + " :"):
                continue
            starts = [m.start for m in mentions]
            go_on = True
            for n, (js, je) in enumerate(sents[i + 1:]):
                line_start = doc.text.rfind("\n", 0, js) + 1
                bullet = bool(re.match(r"\s*[•▪►■*\-–—]|\s*\d{1,2}[.)]\s", doc.text[line_start:js + 1]))
                if n and not go_on and not bullet:
                    break
                for m in mentions[bisect.bisect_left(starts, js):bisect.bisect_left(starts, je)]:
                    if not m.anaphoric and m.key != topic and (m.type in _ORG or m.type == "city"):
                        ex.relations.append(Relation(m.key, topic, "member_of",
                                                     self._evidence(doc, text, (js, je), "pattern")))
                # "A;" then "B": the list goes on; a bulleted item is followed by the next bullet
                go_on = text[js:je].rstrip().endswith(";")
                if not go_on and not bullet:
                    break

    def _implicit_secretariat(self, doc: Document, text: str, sents: list[tuple[int, int]],
                              mentions: list[_Mention], actors: dict[str, Actor], ex: Extraction) -> None:
        """"Le secrétariat sera assuré par le CCRE": the secretariat of the organisation the document is about."""
        counts: dict[str, int] = defaultdict(int)
        for m in mentions:
            if m.type in _ORG:
                counts[m.key] += 1
        folded = folded_chars(text)
        for ss, se in sents:
            if folded.find("secretariat", ss, se) < 0:
                continue  # (the word, before folding the sentence and scanning it)
            fs = fold(text[ss:se])
            if not _SECRETARIAT_BY.search(fs):
                continue
            agents = [m for m in mentions if ss <= m.start < se and m.type in _ORG]
            if not agents:
                continue
            agent = agents[0].key
            topic = sorted((k for k in counts if k != agent), key=lambda k: (-counts[k], k))
            if topic and counts[topic[0]] >= 2:
                ex.relations.append(Relation(agent, topic[0], "secretariat_of",
                                             self._evidence(doc, text, (ss, se), "pattern")))

    def _addresses(self, doc: Document, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                   actors: dict[str, Actor], ex: Extraction) -> None:
        """A postal address under an organisation's name: the organisation is located in that city."""
        for pm in re.finditer(r"(?m)^[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+([A-ZÀ-Ý][\w'-]+(?:[ -][A-ZÀ-Ý][\w'-]+)?)", text):
            city = self.gaz.name_map.get(fold(pm.group(1)))
            if not city or self.known[city].type != "city":
                continue
            # the organisation named on one of the four lines above the postal line
            block_start = pm.start()
            for _ in range(4):
                block_start = text.rfind("\n", 0, max(0, block_start - 1)) + 1
                if block_start <= 0:
                    break
                line = text[block_start:text.find("\n", block_start)]
                if line.strip() and not re.search(r"\d", line):
                    break
            orgs = [m for m in mentions if block_start <= m.start < pm.start() and m.type in _ORG and not m.anaphoric]
            if not orgs:
                continue
            self._ensure_known(city, actors)
            span = (block_start, pm.end())
            ex.relations.append(Relation(orgs[-1].key, f"k:{city}", "located_in",
                                         self._evidence(doc, text, span, "pattern")))

    def _unit_relations(self, doc: Document, text: str, span: tuple[int, int], ms: list[_Mention],
                        actors: dict[str, Actor], ex: Extraction) -> None:
        """"sa Commission « Europe et Voisinage »" -> part of the organisation just named."""
        for i, m in enumerate(ms):
            if m.anaphoric or m.type not in _ORG:
                continue
            if actors[m.key].known:
                # "la Délégation … (DAECT) du ministère de …": a known unit named with its parent
                if m.type not in ("government_body", "eu_body", "organisation") or not (
                        fold(m.surface).split()[0] in lex.UNIT_HEADS or fold(actors[m.key].name).split()[0] in lex.UNIT_HEADS):
                    continue
                j = i + 1
                while j < len(ms) and ms[j].key == m.key and re.fullmatch(r"\s*\(?\s*", text[ms[j - 1].end:ms[j].start]):
                    j += 1
                if j < len(ms) and ms[j].type in ("ministry", "government_body", "eu_body", "international_org") and \
                        re.fullmatch(r"\s*\)?\s*(?:de la|du|de l'|de l’|des|of the)\s*", text[ms[j - 1].end:ms[j].start]):
                    ex.relations.append(Relation(m.key, ms[j].key, "part_of",
                                                 self._evidence(doc, text, span, "pattern")))
                continue
            head = fold(actors[m.key].name).split()[0]
            if head not in lex.UNIT_HEADS:
                continue
            before = fold(text[max(span[0], m.start - 12):m.start]).split()
            if before and before[-1] in ("sa", "son", "ses", "its", "their", "leur"):
                prev = [x for x in ms[:i] if x.type in _ORG and x.key != m.key]
                if prev:
                    ex.relations.append(Relation(m.key, prev[-1].key, "part_of",
                                                 self._evidence(doc, text, span, "pattern")))
            elif i + 1 < len(ms) and ms[i + 1].type in _ORG and re.fullmatch(
                    r"\s*(?:de la|du|de l|des|of the|of)\s*", fold(text[m.end:ms[i + 1].start]) + " "):
                ex.relations.append(Relation(m.key, ms[i + 1].key, "part_of",
                                             self._evidence(doc, text, span, "pattern")))

    def _role_relations(self, doc: Document, text: str, span: tuple[int, int], ms: list[_Mention],
                        actors: dict[str, Actor], ex: Extraction, sents: list[tuple[int, int]],
                        all_mentions: list[_Mention], idx: int, starts: list[int]) -> None:
        """Persons and the organisations they work for, from roles and "animée par".

        ``idx`` is the index of ``span`` in ``sents``; ``starts`` the starts of ``all_mentions``.
        """
        persons = [m for m in ms if m.type == "person"]
        prev_person: _Mention | None = None
        # contact blocks: a line with only a name, then the role line
        if not persons and idx > 0:
            ps, pe = sents[idx - 1]
            prevline = _within(all_mentions, starts, ps, pe)
            if len(prevline) == 1 and prevline[0].type == "person" and (pe - ps) - (
                    prevline[0].end - prevline[0].start) < 4:
                prev_person = prevline[0]
        orgish = _ORG | {"city", "country"}
        for i, m in enumerate(ms):
            if m.type == "person":
                # "Commission … animée par Sladana ZIVKOVIC"
                from .extract_lexicon import LED_BY
                if LED_BY.search(fold(text[max(span[0], m.start - 30):m.start]) + " "):
                    orgs = [x for x in ms[:i] if x.type in _ORG]
                    if orgs:
                        ex.relations.append(Relation(m.key, orgs[-1].key, "works_for",
                                                     self._evidence(doc, text, span, "pattern")))
                continue
            if m.type not in orgish or m.anaphoric:
                continue
            if not role_at(text[span[0]:m.start], m.start - span[0]):
                # a contact line "Maria Rossi, Senior Policy Adviser, ICLEI"
                bp = [p for p in persons if p.end <= m.start]
                title = re.fullmatch(r"[ \t]*,[ \t]*([^,;\n]{2,60}?)[ \t]*,[ \t]*", text[bp[-1].end:m.start]) if bp else None
                if title and m.type in _ORG and any(w in lex.TITLE_WORDS for w in fold(title.group(1)).split()):
                    ex.relations.append(Relation(bp[-1].key, m.key, "works_for",
                                                 self._evidence(doc, text, span, "pattern")))
                elif bp and m.type in _ORG and re.fullmatch(r"[ \t]*,[ \t]*", text[bp[-1].end:m.start]) and \
                        _ROLE_START.match(fold(text[m.end:m.end + 40])):
                    # "Carola Gunnarsson, CEMR Vice-President"
                    ex.relations.append(Relation(bp[-1].key, m.key, "works_for",
                                                 self._evidence(doc, text, span, "pattern")))
                elif m.type in _ORG and (p := self._person_after_role(text, m, persons)) is not None:
                    # "NALAS Executive Director Kelmend Zajazi", "CEMR's Secretary General Fabrizio Rossi"
                    ex.relations.append(Relation(p.key, m.key, "works_for",
                                                 self._evidence(doc, text, span, "pattern")))
                elif m.type in _ORG and bp and _FROM_ORG.fullmatch(text[bp[-1].end:m.start]):
                    # "Anna Lindqvist of SALAR", "Ms Anna Lindqvist from the Swedish Association …"
                    ex.relations.append(Relation(bp[-1].key, m.key, "works_for",
                                                 self._evidence(doc, text, span, "pattern")))
                continue
            before_persons = [p for p in persons if p.end <= m.start]
            person = before_persons[-1] if before_persons else prev_person
            if person is None:
                # "le maire de Dijon, François Rebsamen"
                after = [p for p in persons if p.start >= m.end and re.fullmatch(r"\s*,?\s*", text[m.end:p.start])]
                person = after[0] if after else None
            if person is not None:
                ex.relations.append(Relation(person.key, m.key, "works_for",
                                             self._evidence(doc, text, span, "pattern")))

    @staticmethod
    def _person_after_role(text: str, org: _Mention, persons: list[_Mention]) -> _Mention | None:
        """The person named right after the organisation ``org`` and a role: "NALAS Executive Director
        Kelmend Zajazi", "CEMR's Secretary General Fabrizio Rossi"."""
        after = [p for p in persons if p.start >= org.end]
        if not after or after[0].start - org.end > 60:
            return None
        between = text[org.end:after[0].start]
        if any(c in between for c in ",;:()\n"):
            return None
        return after[0] if _ROLE_ONLY.fullmatch(fold(between)) else None

    def _contacts(self, doc: Document, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                  actors: dict[str, Actor], ex: Extraction) -> None:
        """E-mail addresses: a person's address on an actor's domain says where they work."""
        emails = find_emails(text)  # list(_EMAIL.finditer(text))
        if not emails:
            return
        persons = {m.key: m for m in mentions if m.type == "person" and not m.anaphoric}
        employed = {r.source for r in ex.relations if r.type == "works_for"}
        by_email: dict[str, str] = {}
        domains: list[tuple[int, str | None]] = []
        for em in emails:
            local, domain = em.group(1), em.group(2)
            org = self.gaz.actor_for_domain(domain)
            domains.append((em.start(), org))
            lp = [p for p in re.split(r"[._-]+", fold(local).replace(" ", ".")) if p]
            for key, pm in persons.items():
                parts = fold(actors[key].name).split()
                if len(parts) < 2:
                    continue
                first, last = parts[0], "".join(parts[1:])
                if (lp == [first, last] or lp == [first[0], last] or "".join(lp) in (first + last, first[0] + last)
                        or (len(lp) >= 2 and lp[-1] == last and lp[0][:1] == first[:1])):
                    if org:
                        by_email[key] = org
        for key, org in sorted(by_email.items()):
            if key in employed:
                continue
            okey = f"k:{org}"
            self._ensure_known(org, actors)
            ex.relations.append(Relation(key, okey, "works_for",
                                         self._evidence(doc, text, _sentence_of(sents, persons[key].start), "contact")))
        # a contact list "A, B, C" followed by addresses of one domain: all work there
        orgs = {o for _, o in domains if o}
        if len(orgs) == 1:
            org = next(iter(orgs))
            first_email = min(s for s, _ in domains)
            for key, pm in persons.items():
                if key in employed or key in by_email:
                    continue
                if 0 <= first_email - pm.end <= 200 and "," in text[pm.end:first_email] + text[max(0, pm.start - 3):pm.start]:
                    self._ensure_known(org, actors)
                    ex.relations.append(Relation(key, f"k:{org}", "works_for",
                                                 self._evidence(doc, text, _sentence_of(sents, pm.start), "contact")))

    def _ensure_known(self, key: str, actors: dict[str, Actor]) -> None:
        k = f"k:{key}"
        if k not in actors:
            a = self.known[key]
            actors[k] = Actor(key=k, name=a.name, type=a.type, known=key, attrs=_known_attrs(a))

    def _knowledge_relations(self, doc: Document, text: str, sents: list[tuple[int, int]],
                             mentions: list[_Mention], actors: dict[str, Actor], ex: Extraction) -> None:
        """Structural facts of the packaged knowledge between actors the document names together.

        Only the direct parent (a DG of the Commission, a country of its region) and the seat of a
        local authority; memberships are never inferred.
        """
        first: dict[str, _Mention] = {}
        in_sents: dict[str, set[int]] = defaultdict(set)  # actor key -> indices of the sentences naming it
        sent_starts = [s for s, _ in sents]
        for m in mentions:
            if not m.anaphoric:
                first.setdefault(m.key, m)
                in_sents[m.key].add(bisect.bisect_right(sent_starts, m.start) - 1)
        present = {a.known: k for k, a in actors.items() if a.known and k in first}
        for kkey, akey in sorted(present.items()):
            k = self.known[kkey]
            # a region inside a larger region, an institution inside the Union: true, but noise on a map
            targets = [(p, "part_of") for p in k.part_of
                       if p != _UNION_KEY and not (k.type == "region" and self.known[p].type == "region")]
            if k.type == "local_authority" and k.located_in:
                targets.append((k.located_in, "located_in"))
            for parent, rel in targets:
                if parent in present:
                    cm = first[akey]
                    span = _sentence_of(sents, cm.start)
                    if k.type in _PLACES or rel == "located_in":
                        # geography the reader already knows is stated only when the text puts the two
                        # together: "Serbie … Balkans occidentaux" pages apart is not a statement
                        shared = sorted(in_sents[akey] & in_sents[present[parent]])
                        if not shared or shared[0] < 0:
                            continue
                        span = sents[shared[0]]
                    elif not any(abs(i - j) <= _KNOWLEDGE_WINDOW for i in in_sents[akey]
                                 for j in in_sents[present[parent]]):
                        # an organisation and its parent named far apart: the document does not state
                        # the link, the knowledge does (CEMR part of UCLG in a text about something else)
                        continue
                    ex.relations.append(Relation(akey, present[parent], rel, self._evidence(doc, text, span, "knowledge")))

    def _co_mentions(self, doc: Document, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
                     ex: Extraction) -> None:
        starts = [m.start for m in mentions]
        for ss, se in sents:
            keys = sorted({m.key for m in _within(mentions, starts, ss, se) if not m.anaphoric})
            if len(keys) < 2 or len(keys) > 15:
                continue
            ev = self._evidence(doc, text, (ss, se), "co-mention")
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    ex.relations.append(Relation(a, b, "co_mentioned", ev))

    def _extract_table(self, doc: Document) -> Extraction:
        """A CSV/JSON table of known relations: each row is a stated relation (method "table")."""
        ex = Extraction(document=doc)
        for i, row in enumerate(doc.records or []):
            keys = []
            for side in ("source", "target"):
                name = str(row.get(side) or "").strip()
                typ = row.get(f"{side}_type")
                c = self._lookup(name, typ)
                keys.append(self._actor_for(c, ex.actors))
            rel = str(row.get("type")).strip().lower()
            sentence = str(row.get("evidence") or f"{row.get('source')} {rel} {row.get('target')}")
            start = int(row.get("start") or 0)
            end = int(row.get("end") or start)
            ev = Evidence(doc=doc.id, sentence=collapse_ws(sentence), start=start, end=end,
                          date=str(row.get("date")) if row.get("date") else doc.date, lang=doc.lang, method="table")
            ex.relations.append(Relation(keys[0], keys[1], rel, ev))
        return ex

    def _lookup(self, name: str, typ: Any = None) -> Candidate:
        key = self.gaz.acronym_map.get(name) or self.gaz.name_map.get(fold(name))
        if key:
            return Candidate(0, 0, name, self.known[key].type, known=key, source="known")
        t = typ if typ else (head_type(name)[0] or "organisation")
        return Candidate(0, 0, name, t, name=name, source="table")


#: "le secrétariat est assuré par", "the secretariat is hosted by" (folded)
_SECRETARIAT_BY = re.compile(r"(?:^|\b)(?:le |the )?secretariat (?:est |sera |is |will be |has been )?(?:assure|tenu|"
                             r"heberge|provided|held|hosted|run|ensured|managed) (?:par|by)\b")
#: how many sentences apart an organisation and its known parent may be named for the link to count
_KNOWLEDGE_WINDOW = 3
#: "Parmi elles figurent …", "Among them are …": examples of the set the previous sentence named
_AMONG_THEM = re.compile(r"\s*(?:parmi (?:elles|eux|ceux ci|celles ci)|among them|these include|they include)\b")
#: a verb by which an organisation gathers its members (folded)
_GATHERS_VERB = re.compile(r"(?<![a-z])(?:federe|federent|regroupe|regroupent|rassemble|rassemblent|reunit|compte|"
                           r"brings together|bring together|gathers|represents|represente|unites|has \w+ members|"
                           r"compte \w+ membres)(?![a-z])")
_CONVENES_BODY = re.compile(
    r"\b(?P<v>(?:a|ont|avait|avaient)[ \t]+réuni|réunira|réuniront|convened|convenes|will convene)[ \t]+"
    r"(?:son|sa|its|their|leur)[ \t]+(?P<body>(?:(?:Executive|Policy|Steering|General|Political)[ \t]+)?(?:Bureau|Comité|Conseil|Board|Committee|Council|Presidium)"
    r"(?:[ \t]+(?:exécutif|directeur|politique|permanent|Executive|Policy|Steering|General))?)(?![\w'’-])")
_FR_OF = r"(?:de[ \t]+l['’]|de[ \t]+la[ \t]+|du[ \t]+|des[ \t]+|d['’])"
#: how a French event name ends when not by the verb of its clause: a punctuation mark, a year, the line's end
_FR_NAME_END_RX = r"[ \t]*(?:[.,;:!?)\n]|(?:19|20)\d\d\b|$)"
_FR_NAME_END = re.compile(_FR_NAME_END_RX, re.M)
_FR_EVENT_NAME = re.compile(
    r"(?<![\w'’-])(?P<n>(?:Forum|Rencontres?|Assises|Journées?|Sommet|Congrès|Colloque|Séminaire|Festival|Semaine|"
    r"Salon|Conférence|Université d['’]été)[ \t]+" + _FR_OF + r"[a-zà-ÿ][\w'’-]*(?:[ \t]+(?:" + _FR_OF
    + r"|et[ \t]+)?[a-zà-ÿ][\w'’-]*){0,4}?"
    # "… des finances locales de Skopje": the place that ends the name
    + r"(?:[ \t]+(?:de|d['’])[ \t]*[A-ZÀ-Ý][\w'’-]+)?)"
    # the end of the name: a punctuation mark, a year, the line's end, or the verb of its clause
    r"(?=" + _FR_NAME_END_RX + r"|[ \t]+(?:a|ont|avait|avaient|aura|auront|sera|seront|était|"
    r"est|sont|se|s['’]|réunit|réunira|réuniront|rassemble|rassemblera|accueille|accueillera)(?![\w'’-]))", re.M)
# the scans of the whole text by the rules, tried only where a match may begin (see StartScan)
_EVENT_OBJECT_SCAN = StartScan(_EVENT_OBJECT)
_PLACE_AFTER_SCAN = StartScan(_PLACE_AFTER, *_place_after_starts())
_FR_EVENT_NAME_SCAN = StartScan(_FR_EVENT_NAME)
#: first-person pronouns of an organisation's own voice (see Extractor._first_person)
_FIRST_PERSON = re.compile(r"(?<![\w'’-])(?:[Ww]e|[Uu]s|[Oo]ur|[Nn]ous|[Nn]otre|[Nn]os)(?![\w'’-])")
#: the pronouns that make a document one written in the first person ("us" alone does not)
_FIRST_PERSON_WORDS = re.compile(r"(?<![\w'’-])(?:[Ww]e|[Oo]ur|[Nn]ous|[Nn]otre|[Nn]os)(?![\w'’-])")
#: a quotation: « … », " … ", “ … ”
_QUOTED = re.compile(r"«[^»]{0,2000}»|\"[^\"\n]{0,2000}\"|“[^”]{0,2000}”")
#: a sentence that reports what someone said
_REPORTED_SPEECH = re.compile(r"(?<![\w'’-])(?:said|says|stated|declared|explained|added|noted|according to|"
                              r"a déclaré|déclare|a souligné|souligne|a expliqué|explique|a ajouté|ajoute|"
                              r"a indiqué|indique|selon)(?![\w'’-])")
#: one of these is in every match of ``_CONVENES_BODY``
_CONVENES_BODY_WORDS = tuple(sorted(regex_factors(_CONVENES_BODY) or ("",)))
_CITY_COUNTRY_GAP = re.compile(r"[ \t]*(?:\([ \t]*|,[ \t]*(?:(?:en|au|aux|in)[ \t]+)?(?:l['’][ \t]*)?)")
_PLACE_WORD = r"[A-ZÀ-Ý][\w'’]+(?:-(?:[a-zà-ÿ]{1,3}-)?[A-ZÀ-Ý][\w'’]+)*(?:[ \t]+(?:an der|am|im|upon|on|sur|en)[ \t]+[A-ZÀ-Ý][\w'’]+)?"
#: the next item of a list of cities: ", Zwolle", " et de Tours", " and Zwolle"
_CITY_LIST_NEXT = re.compile(r"(?P<sep>[ \t]*,[ \t]*(?:(?:et|and)[ \t]+)?|[ \t]+(?:et|and)[ \t]+)(?:(?:de|d')[ \t]*)?"
                             rf"(?P<x>{_PLACE_WORD})(?![\w'’-])")
#: "Fribourg-en-Brisgau (Allemagne)": a place, then its country in parentheses
_PLACE_BEFORE_COUNTRY = re.compile(rf"(?<![\w'’-])(?P<x>{_PLACE_WORD})[ \t]*\([ \t]*$")


def _city_word(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` can be an unknown city: not a common or function word, not the start of a
    longer capitalised name, not after another capitalised word."""
    words = fold(text[s:e]).split()
    if not words or any(w in lex.FUNCTION_WORDS or w in lex.ORG_HEADS or w in lex.EVENT_HEADS
                        or w in lex.TITLE_WORDS or w in lex.CIVILITIES or w in _NOT_PLACE_WORDS
                        or w in lex.GIVEN_NAMES for w in words[:1]):
        return False
    if re.match(r"[ \t]+[A-ZÀ-Ý]", text[e:e + 2]):
        return False  # "Paris, Anne Hidalgo": a longer name follows
    before = text[max(0, s - 30):s].rstrip(" \t,(")
    prev = before.split()[-1] if before.split() else ""
    back = fold(text[max(0, s - 40):s]).split()
    if back and back[-1] in ("de", "du", "des", "d", "of") and any(
            lex.ORG_HEADS.get(w, "local_authority") != "local_authority" for w in back[-4:-1]):
        # ("la région de Thessalie (Grèce)" names the place itself)
        return False  # "Conseil régional de Västerbotten (Suède)": the end of an organisation's name
    if prev[:1].isupper() and not re.search(r"[,;:.)]\s*$", text[max(0, s - 4):s]) and fold(prev) not in ("et", "and"):
        return False  # the tail of a longer name: "Association of Cities (Serbia)"
    return True
_GROUP = "__group__"
#: "All three associations", "Les deux réseaux", "Both organisations", "They": the actors just listed
_GROUP_ANAPHOR = re.compile(
    r"\s*(?:(?:[Tt]ogether|[Ee]nsemble|[Ii]n (?:\d{4}|addition)|[Ee]n \d{4}),?\s*)?(?:"
    r"(?:(?:[Aa]ll|[Bb]oth|[Tt]he|[Tt]hese|[Tt]hose|[Ll]es|[Cc]es|[Tt]ous|[Tt]outes)\s+(?:(?:the|les|ces|these)\s+)?)"
    r"(?:(?P<n>two|three|four|five|six|deux|trois|quatre|cinq|six|\d)\s+)?"
    r"(?:associations|networks|organisations|organizations|cities|municipalities|partners|réseaux|reseaux|villes|"
    r"communes|partenaires|regions|régions|institutions|federations|fédérations|bodies|structures|collectivités)"
    r"|(?:[Tt]hey|[Ii]ls|[Ee]lles)(?:\s+(?:both|all|deux|tous|toutes))?)(?![\w'])")
_NUMBERS = {"two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4, "quatre": 4, "five": 5, "cinq": 5, "six": 6}


def _coordinated(text: str, ms: list[_Mention]) -> list[str]:
    """The last list of two or more organisations or cities coordinated in a sentence ("A, B et C")."""
    best: list[str] = []
    run: list[str] = []
    prev: _Mention | None = None
    for m in ms:
        if m.anaphoric or (m.type not in _ORG and m.type not in ("city", "local_authority")):
            continue
        gap = fold(text[prev.end:m.start]) if prev is not None else ""
        if prev is not None and m.key == prev.key and len(gap) <= 3:
            prev = m
            continue  # "… (NALAS)": the acronym of the item just named
        if prev is not None and re.fullmatch(r"\s*(?:et|and|&|as well as|ainsi que)?(?:\s*\b(?:le|la|les|l|the|de|du|des|d)\b)*\s*",
                                             gap) and re.search(r"[,;&]|\b(?:et|and)\b|as well as|ainsi que",
                                                                text[prev.end:m.start] + " " + gap):
            run.append(m.key)
        else:
            run = [m.key]
        prev = m
        if len(set(run)) >= 2:
            best = list(dict.fromkeys(run))
    return best


def _group_anaphor(text: str, ss: int, se: int, ms: list[_Mention], group: list[str]) -> tuple[int, int] | None:
    """The span of a plural anaphor opening the sentence that stands for ``group``, if any."""
    if len(group) < 2:
        return None
    m = _GROUP_ANAPHOR.match(text, ss, min(se, ss + 80))
    if not m or any(x.start < m.end() and not x.anaphoric for x in ms):
        return None
    n = m.group("n")
    if n and _NUMBERS.get(n.lower(), int(n) if n.isdigit() else 0) != len(group):
        return None
    return m.start() + len(m.group()) - len(m.group().lstrip()), m.end()


def _topic(text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
           anaphors: list[_Mention] | None = None) -> str | None:
    """The organisation a document is about: referred to by "la Plateforme", subject of its sentences."""
    salience: dict[str, int] = defaultdict(int)
    first_seen: dict[str, int] = {}
    for m in anaphors or []:
        if m.type in _ORG:
            salience[m.key] += 100  # referred to by "la Plateforme": the document's topic
    starts = sorted(s for s, _ in sents)
    for m in mentions:
        if m.anaphoric or m.type not in _ORG:
            continue
        first_seen.setdefault(m.key, m.start)
        salience[m.key] += 1
        # a sentence that opens with it ("NALAS was founded …", "L'AFCCRE est membre …")
        i = bisect.bisect_right(starts, m.start) - 1
        ss = starts[i] if i >= 0 else 0
        lead = text[ss:m.start].lstrip()
        art = _LEADING_ARTICLE.match(lead)
        if not lead[art.end() if art else 0:].strip():
            salience[m.key] += 3
    if not salience:
        return None
    return sorted(salience, key=lambda k: (-salience[k], first_seen.get(k, 0)))[0]


def _known_attrs(k: Any) -> dict[str, Any]:
    attrs = {"level": k.level, "country": k.country, "website": k.website}
    return {a: v for a, v in attrs.items() if v}


#: "Name Surname – name.surname@domain", "Name Surname (e-mail: …)": a person on a contact line
_CONTACT_LINE = re.compile(
    r"(?P<name>[A-ZÀ-Ý][\w'’-]*\.?(?:[ \t]+[A-ZÀ-Ý][\w'’-]*){1,3})(?:[ \t]*(?:[–—:,|/<(-]|\n)[ \t]*|[ \t]+)"
    r"(?:(?:e-?mail|courriel|email)\s*:?\s*)?(?P<local>[\w.+-]{2,64})@[\w-]+(?:\.[\w-]+)+")


#: what follows the city of a dateline: an optional date, then a dash ("BRUXELLES, 4 mai 2024 – ")
_DATELINE_TAIL = re.compile(r"[ \t*_]*(?:\([^)\n]{1,30}\)[ \t]*)?(?:,[ \t]*)?(?:(?:le |on )?\d{1,2}(?:er|st|nd|rd|th)?[ \t]+"
                            r"[^\W\d_]+\.?|[^\W\d_]+\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?)?(?:,?[ \t]*\d{4})?[ \t*_]*[–—-][ \t]")


def _dateline(raw: str, m: _Mention) -> bool:
    """Whether ``m`` is the place of a dateline opening a line ("BRUSSELS, 4 May –"): where the
    text was written, not an actor of its sentence."""
    if m.type not in _PLACES or m.anaphoric or len(raw) < m.end:
        return False
    line_start = raw.rfind("\n", 0, m.start) + 1
    if raw[line_start:m.start].strip(" \t*_#>") or m.end - line_start > 60:
        return False
    return bool(_DATELINE_TAIL.match(raw, m.end, min(len(raw), m.end + 50)))


@functools.lru_cache(maxsize=64)
def _collapsed(text: str, s: int, e: int) -> str:
    """The evidence sentence ``text[s:e]`` with its white space collapsed (one sentence gives many relations)."""
    return collapse_ws(text[s:e])


def _contact_persons(text: str) -> list[Candidate]:
    """Persons named right before their e-mail address, when the address spells the name.

    "Tomasz Nowak – tomasz.nowak@city.pl", "Cllr Ann Berg (a.berg@lga.gov.uk)": the last two or
    three capitalised words that the local part spells are the person (a title before them is not).
    """
    out: list[Candidate] = []
    for m in _CONTACT_LINE.finditer(text):
        words = m.group("name").split()
        lp = [p for p in re.split(r"[._+-]+", fold(m.group("local")).replace(" ", ".")) if p]
        if len(lp) < 1:
            continue
        for n in (3, 2):
            if len(words) < n:
                continue
            parts = fold(" ".join(words[-n:])).split()
            if len(parts) != n or any(len(p) < 2 for p in parts):
                continue
            first, last = parts[0], "".join(parts[1:])
            if (lp == parts or lp in ([first, last], [first[0], last]) or "".join(lp) in (first + last, first[0] + last)
                    or (len(lp) >= 2 and lp[-1] == parts[-1] and lp[0][:1] == first[:1])):
                surface = " ".join(words[-n:])
                spans = [w.start() for w in re.finditer(r"\S+", m.group("name"))]
                s, e = m.start("name") + spans[-n], m.end("name")
                out.append(Candidate(s, e, text[s:e], "person", name=_person_name(surface), source="person"))
                break
    return out


def _person_name(surface: str) -> str:
    parts = collapse_ws(surface).split()
    return " ".join("-".join(x.capitalize() for x in p.split("-")) if p.isupper() else p for p in parts)


def _sentence_of(sents: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(sents, (offset, float("inf"))) - 1  # sentences are sorted and disjoint
    if i >= 0 and sents[i][0] <= offset < sents[i][1]:
        return sents[i]
    return (offset, offset)


def _overlaps_taken(starts: list[int], ends: list[int], i: int, s: int, e: int) -> bool:
    """Whether ``[s, e)`` overlaps one of the disjoint spans (sorted by start; ``i`` = bisect_left(starts, s))."""
    j = i - 1
    while j >= 0 and starts[j] == ends[j]:
        j -= 1  # empty spans overlap nothing
    if j >= 0 and ends[j] > s:
        return True
    j = i
    while j < len(starts) and starts[j] < e:
        if ends[j] > s:
            return True
        j += 1
    return False


def _within(mentions: list[_Mention], starts: list[int], ss: int, se: int) -> list[_Mention]:
    """The mentions inside ``[ss, se)``; ``mentions`` sorted by start, ``starts`` their starts."""
    return [m for m in mentions[bisect.bisect_left(starts, ss):bisect.bisect_left(starts, se)] if m.end <= se]


_SRC = {
    "member_of": _ORG | {"city", "country"},
    "works_for": frozenset({"person"}),
    "located_in": _ORG | {"event", "programme"},
    "hosts": _ORG | {"city"},
}
_TGT = {
    "member_of": _ORG,
    "works_for": _ORG | {"city"},
    "located_in": _PLACES,
    "hosts": frozenset({"event"}),
    "participates_in": frozenset({"event", "programme"}) | _ORG,
    "part_of": _ORG | _PLACES,
}


def _types_ok(rel: str, src: str, tgt: str) -> bool:
    if rel not in RELATION_TYPES:
        return False
    return src in _SRC.get(rel, frozenset(src and [src])) and tgt in _TGT.get(rel, frozenset(tgt and [tgt]))


def _dedupe(relations: list[Relation]) -> list[Relation]:
    seen = set()
    out = []
    for r in relations:
        a, b = r.source, r.target
        if RELATION_TYPES[r.type].symmetric and b < a:
            a, b = b, a
        k = (a, b, r.type, r.evidence.start)
        if k in seen or a == b:
            continue
        seen.add(k)
        out.append(Relation(a, b, r.type, r.evidence))
    out.sort(key=lambda r: (r.evidence.start, r.type, r.source, r.target))
    return out
