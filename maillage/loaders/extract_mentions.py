"""Finding actors in a document's text: known actors, acronym definitions, names by rules.

All offsets are character offsets in the document text. :func:`prepare` blanks markup
(markdown emphasis, bullets, link targets) with spaces of the same length, so offsets found
in the prepared text are offsets in the original text too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

import ahocorasick

from ..knowledge import KnownActor, known_actors, stoplist
from ..text import fold, fold_with_map, matches_at, normalise_punct
from . import extract_lexicon as lex

# --- text preparation ------------------------------------------------------------------

_MD_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_MARKUP = re.compile(r"[*#\[\]•▪►■|\\]|(?<!\w)_(?!\w)|(?<=\s)[-–](?=\s)|^\s*-(?=\s)", re.M)
_URL = re.compile(r"https?://\S+|www\.\S+")


_EMAIL_ANY = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+|@\w+")
#: what makes a line an address line (a street number and name, a postcode line, a phone or
#: e-mail label, CEDEX, an international phone number), one alternative each
_ADDRESS_ALTS = (
    r"\b\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|square|quai|chauss[ée]e|"
    r"all[ée]e|impasse|cours|street|st\.|road|rd\.|lane|way)\b",
    r"^\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÀ-Ý][^\n]*$",
    r"^\s*(?:t[ée]l|tel|phone|fax|t[ée]l[ée]phone|mobile|e-mail|email|courriel)\s*[.:]",
    r"\bCEDEX\b",
    r"\+\s?\d{2}\s?\(?\d\)?[\d\s]{6,}",
)
#: one of them somewhere in a line: ``_ADDRESS_LINE`` matches at a line start exactly when
#: ``_ADDRESS_ANY`` matches somewhere between it and the end of that line
_ADDRESS_ANY = re.compile("(?:" + "|".join(_ADDRESS_ALTS) + ")", re.M | re.I)
_ADDRESS_LINE = re.compile(r"^[^\n]*" + _ADDRESS_ANY.pattern + r"[^\n]*$", re.M | re.I)


def prepare(text: str) -> str:
    """Same-length copy of ``text`` with typographic punctuation normalised and markup blanked."""
    t = normalise_punct(text)
    t = _MD_LINK_TARGET.sub(lambda m: " " * len(m.group()), t)
    t = _URL.sub(lambda m: " " * len(m.group()), t)
    return _blank_markup(t)


#: the characters one of which every match of ``_MARKUP`` begins with, or ends with ("-" after a line
#: start and white space)
_MARKUP_CHAR = re.compile(r"[*#\[\]•▪►■|\\_\-–]")


def _blank_markup(text: str) -> str:
    """``_MARKUP.sub(blanks, text)``, ``_MARKUP`` tried only where a match may begin: at a markup
    character, and at the line starts in the white space before a "-"."""
    cands: set[int] = set()
    for m in _MARKUP_CHAR.finditer(text):
        c = m.start()
        cands.add(c)
        if text[c] == "-" and c and text[c - 1].isspace():  # "^\s*-": the line starts before it
            j = c
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if j == 0:
                cands.add(0)
            k = text.find("\n", j, c)
            while k >= 0:
                cands.add(k + 1)
                k = text.find("\n", k + 1, c)
    if not cands:
        return text
    parts: list[str] = []
    last = 0
    for m in matches_at(_MARKUP, text, cands):
        parts.append(text[last:m.start()])
        parts.append(" " * (m.end() - m.start()))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


def blank_non_prose(text: str) -> str:
    """Same-length copy of a prepared text with e-mail addresses, handles, postal addresses and
    phone lines blanked: the places and names they contain are not mentions of actors."""
    def handle(m: re.Match[str]) -> str:
        g = m.group()
        if g.startswith("@"):  # "@CNCD_fr": keep the name, drop the sign and the suffix
            name = re.sub(r"_[a-z]{2}$", "", g[1:])
            return " " + name + " " * (len(g) - 1 - len(name))
        return " " * len(g)
    t = _sub_at_runs(_EMAIL_ANY, handle, text)
    return _blank_address_lines(t)


# the same alternatives, each found its own fast way: from a digit (the "\b" written as a look-behind
# after it, so that the engine skips to the digits), at line starts, at "cedex", from a "+"
_ADDRESS_NUMBER = re.compile(r"\d(?<!\w\d)\d{0,3}" + _ADDRESS_ALTS[0][len(r"\b\d{1,4}"):], re.M | re.I)
_ADDRESS_LINE_START = re.compile("(?:" + _ADDRESS_ALTS[1] + "|" + _ADDRESS_ALTS[2] + ")", re.M | re.I)
_ADDRESS_CEDEX = re.compile(_ADDRESS_ALTS[3], re.M | re.I)
_ADDRESS_PHONE = re.compile(_ADDRESS_ALTS[4], re.M | re.I)


class _AddressFinder:
    """Where ``_ADDRESS_ANY`` matches next in a text: the first of where each of its alternatives does."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower() if "\u0130" not in text else None  # ("İ" changes the length)
        self.found: dict[int, int | None] = {}  # alternative -> where it matches next (from self.since[k])
        self.since: dict[int, int] = {}

    def _find(self, k: int, pos: int) -> int | None:
        text = self.text
        if k == 0:
            m = _ADDRESS_NUMBER.search(text, pos)
            return m.start() if m else None
        if k == 1:  # at a line start
            if pos == 0 or text[pos - 1] == "\n":
                p = pos
            else:
                p = text.find("\n", pos) + 1
                if p == 0:
                    return None
            while not _ADDRESS_LINE_START.match(text, p):
                p = text.find("\n", p) + 1
                if p == 0:
                    return None
            return p
        if k == 2:  # "cedex", in any case
            if self.low is None:
                m = _ADDRESS_CEDEX.search(text, pos)
                return m.start() if m else None
            q = self.low.find("cedex", pos)
            while q >= 0 and not _ADDRESS_CEDEX.match(text, q):
                q = self.low.find("cedex", q + 1)
            return q if q >= 0 else None
        m = _ADDRESS_PHONE.search(text, pos)
        return m.start() if m else None

    def next(self, pos: int) -> int | None:
        """The first offset at or after ``pos`` where ``_ADDRESS_ANY`` matches (None: none)."""
        best: int | None = None
        for k in range(4):
            q = self.found.get(k, -1)
            if k not in self.found or (q is not None and q < pos) or self.since[k] > pos:
                q = self.found[k] = self._find(k, pos)
                self.since[k] = pos
            if q is not None and (best is None or q < best):
                best = q
        return best


def _blank_address_lines(text: str) -> str:
    """``_ADDRESS_LINE.sub(blanks, text)``: one scan for ``_ADDRESS_ANY``, and ``_ADDRESS_LINE`` tried
    only at the start of the lines where it is found (its ``[^\\n]*`` makes it slow on long lines)."""
    parts: list[str] = []
    last = pos = 0
    find = _AddressFinder(text)
    while True:
        q = find.next(pos)
        if q is None:
            break
        p = text.rfind("\n", 0, q) + 1  # the start of the line where it is found (>= last)
        m = _ADDRESS_LINE.match(text, p)
        if m is None or p < last:  # never, by construction: go on as the scan would
            pos = q + 1
            continue
        parts.append(text[last:p])
        parts.append(" " * (m.end() - p))
        last = pos = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


#: the characters of an e-mail address or a handle: every match of ``_EMAIL_ANY`` is made of them
_ADDRESS_CHAR = re.compile(r"[\w.%+@-]")
_ADDRESS_RUN = re.compile(r"[\w.%+@-]*")


#: the characters of ``_EMAIL``'s matches
_EMAIL_RUN_CHAR = re.compile(r"[A-Za-z0-9._%+@-]")
_EMAIL_RUN = re.compile(r"[A-Za-z0-9._%+@-]*")


def _runs_around_at(text: str, char: re.Pattern[str], run: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the run of ``char`` characters around each "@" of ``text``, in order and
    disjoint (``run`` matches such a run forward from the "@")."""
    at = text.find("@")
    last = 0
    while at >= 0:
        s = at
        while s > last and char.match(text, s - 1):
            s -= 1
        e = run.match(text, at).end()  # type: ignore[union-attr]
        yield s, e
        last = e
        at = text.find("@", e)


def find_emails(text: str) -> list[re.Match[str]]:
    """``list(_EMAIL.finditer(text))``, scanning only the runs of address characters around each "@"
    (a match is made of them; the character after a run is kept in the scan for the final ``\\b``)."""
    out: list[re.Match[str]] = []
    for s, e in _runs_around_at(text, _EMAIL_RUN_CHAR, _EMAIL_RUN):
        out.extend(_EMAIL.finditer(text, s, min(len(text), e + 1)))
    return out


def _sub_at_runs(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
    """``pattern.sub(repl, text)`` for a pattern whose matches contain an "@" and only characters of
    ``_ADDRESS_CHAR`` (no look-around): the same replacements, made only in the runs of such
    characters around each "@" instead of a scan of the whole text."""
    if "@" not in text:
        return text
    parts: list[str] = []
    last = 0
    for s, e in _runs_around_at(text, _ADDRESS_CHAR, _ADDRESS_RUN):
        parts.append(text[last:s])
        parts.append(pattern.sub(repl, text[s:e]))
        last = e
    parts.append(text[last:])
    return "".join(parts)


# --- sentences ----------------------------------------------------------------------------

_ABBREV = re.compile(r"(?:\b(?:M|Mme|Mlle|Dr|Pr|St|Ste|etc|cf|p|n°|No|vol|art|env|Mr|Mrs|Ms|Prof|Inc|Ltd|al|[A-Z]))\.$")
_END_PUNCT = ".!?:;"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text`` (a prepared text).

    A line break ends a sentence unless the line does not end with punctuation and the next
    line goes on in lower case (documents often break lines, even with blank lines, inside
    sentences). Inside a line, ``. ! ?`` followed by a capital end a sentence.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip()
        if not stripped:
            continue
        ls = s + (len(line) - len(line.lstrip()))
        le = s + len(line.rstrip())
        lines.append((ls, le))
    blocks: list[list[int]] = []
    for ls, le in lines:
        if blocks:
            ps, pe = blocks[-1]
            prev = text[ps:pe].rstrip()
            first = text[ls]
            tail = prev.rsplit(None, 1)  # (the last word without splitting the whole block)
            last_word = tail[-1].lower() if tail else ""
            nl = text.rfind("\n", ps, pe)  # the block's last line starts after it
            wrapped = (pe - (nl + 1 if nl >= 0 else ps) >= 60 and first not in "-•*"
                       and text[pe:ls].count("\n") <= 2)
            joins = (prev and prev[-1] not in _END_PUNCT and (
                first.islower() or last_word in lex.NAME_CONNECTORS or last_word in lex.FUNCTION_WORDS
                or prev[-1] in ",-'" or wrapped))
            if joins and ls - pe < 400 and not text[ls:ls + 1].isdigit():
                blocks[-1][1] = le
                continue
        blocks.append([ls, le])
    spans: list[tuple[int, int]] = []
    for bs, be in blocks:
        start = bs
        for m in re.finditer(r"[.!?]+[\"')\]]*\s+(?=[\"(«A-ZÀ-Ý0-9])", text[bs:be]):
            cut = bs + m.start()
            if _ABBREV.search(text[max(bs, cut - 6):cut + 1]):
                continue
            end = bs + m.end()
            if text[start:end].strip():
                spans.append((start, end))
            start = end
        if text[start:be].strip():
            spans.append((start, be))
    out = []
    for s, e in spans:
        seg = text[s:e]
        s2 = s + (len(seg) - len(seg.lstrip()))
        e2 = s + len(seg.rstrip())
        if e2 > s2:
            out.append((s2, e2))
    return out


# --- mentions -----------------------------------------------------------------------------


@dataclass
class Candidate:
    start: int
    end: int
    surface: str
    type: str
    known: str | None = None
    name: str | None = None  # canonical name for a new actor
    source: str = "known"  # known | acronym | definition | np | quote | person | event | anaphora
    aliases: set[str] = field(default_factory=set)
    attrs: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


class Gazetteer:
    """Fast multi-pattern matching of known actors (Aho-Corasick).

    Names and former names match case- and accent-insensitively on word boundaries; acronyms
    match case-sensitively as whole words.
    """

    def __init__(self, actors: dict[str, KnownActor]) -> None:
        self.actors = actors
        self.names = ahocorasick.Automaton()
        self.acronyms = ahocorasick.Automaton()
        name_map: dict[str, str] = {}
        acr_map: dict[str, str] = {}
        generic = {fold(w) for w in stoplist().get("generic_terms", [])}
        for key in sorted(actors):
            a = actors[key]
            for n in (a.name, *a.names, *a.former_names):
                f = fold(n)
                if len(f) < 3 or f in generic:
                    continue
                # an all-caps short name is an acronym, matched with its case
                if n.isupper() and len(n) <= 6:
                    acr_map.setdefault(n, key)
                    continue
                name_map.setdefault(f, key)
            for acr in a.acronyms:
                acr_map.setdefault(normalise_punct(acr), key)
        for f, key in name_map.items():
            self.names.add_word(f" {f} ", (key, f))
        for acr, key in acr_map.items():
            self.acronyms.add_word(acr, (key, acr))
        self.names.make_automaton()
        self.acronyms.make_automaton()
        self.domains: dict[str, str] = {}
        for key in sorted(actors):
            for d in actors[key].domains:
                self.domains.setdefault(d.lower().lstrip("@."), key)
        self.acronym_map = acr_map
        self.name_map = name_map

    def find(self, text: str, folded: tuple[str, list[int]] | None = None) -> list[Candidate]:
        out: list[Candidate] = []
        ftext, fmap = folded or fold_with_map(text)
        hay = f" {ftext} "
        for end, (key, f) in self.names.iter(hay):
            # hay index `end` is the trailing space; folded start = end - len(f) - 1
            fs = end - len(f) - 1
            fe = fs + len(f)
            s, e = fmap[fs], fmap[fe - 1] + 1
            a = self.actors[key]
            out.append(Candidate(s, e, text[s:e], a.type, known=key))
        upper_lines: list[tuple[int, int]] | None = None  # computed on the first short acronym
        for end, (key, acr) in self.acronyms.iter(text):
            s, e = end - len(acr) + 1, end + 1
            if s > 0 and text[s - 1].isalnum():
                continue
            if e < len(text) and text[e].isalnum():
                continue
            if len(acr) <= 3 and upper_lines is None:
                upper_lines = _upper_lines(text)
            if len(acr) <= 3 and any(ls <= s < le for ls, le in upper_lines):  # type: ignore[union-attr]
                continue  # "ARE" in a line set in capitals is a word, not an acronym
            a = self.actors[key]
            out.append(Candidate(s, e, text[s:e], a.type, known=key, source="acronym"))
        return out

    def actor_for_domain(self, domain: str) -> str | None:
        d = domain.lower()
        while d:
            if d in self.domains:
                return self.domains[d]
            if "." not in d:
                return None
            d = d.split(".", 1)[1]
        return None


_ASCII_LOWER = b"abcdefghijklmnopqrstuvwxyz"


def _upper_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        b = line.encode("utf-8", "surrogatepass")  # (a-z are single bytes, never inside another character's bytes)
        if (len(b) - len(b.translate(None, _ASCII_LOWER))) * 5 >= len(line):
            # a fifth of the characters are a-z (letters, not capitals): not 80 % capitals
            pos += len(line) + 1
            continue
        letters = "".join(filter(str.isalpha, line))
        if len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > 0.8:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(known_actors())


# --- acronym definitions --------------------------------------------------------------

_ACR = r"[A-Z][A-Za-z0-9&\-]*[A-Z0-9](?:\s[A-Z]{2,})?"
_DEF_PAREN = re.compile(r"\(\s*(" + _ACR + r")\s*\)")
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*'?")


@dataclass
class Definition:
    long_start: int
    long_end: int
    acr_start: int
    acr_end: int

    def long(self, text: str) -> str:
        return text[self.long_start:self.long_end]

    def acr(self, text: str) -> str:
        return text[self.acr_start:self.acr_end]


def _initials_score(words: list[str], acr: str) -> int:
    """How many letters of ``acr`` the initials of ``words`` give, in order (Schwartz-Hearst-like)."""
    letters = [c.lower() for c in acr if c.isalpha()]
    i = 0
    for w in words:
        f = fold(w)
        for part in f.split():
            if i < len(letters) and part and part[0] == letters[i]:
                i += 1
    return i


def find_definitions(text: str) -> list[Definition]:
    """Acronym definitions ``Long Name (ACR)`` and ``ACR (Long Name)`` in ``text``."""
    defs: list[Definition] = []
    for m in _DEF_PAREN.finditer(text):
        acr = m.group(1)
        if len(acr.replace(" ", "")) < 2 or not sum(c.isupper() for c in acr) >= 2:
            continue
        # candidate long forms: the words before "(", back to a clause boundary, at most 16 words
        line_start = max(text.rfind(".\n", 0, m.start()), text.rfind(". ", 0, m.start()),
                         text.rfind(")", 0, m.start()) + 1,
                         text.rfind(";", 0, m.start()), text.rfind(":", 0, m.start()), 0)
        window = text[line_start:m.start()]
        toks = [(line_start + a, line_start + b, t) for a, b, t in _tokens(window) if t != ","]
        toks = toks[-16:]
        if not toks:
            continue
        # stop at a comma that stands between the long form and "(": commas inside names are rare
        best: tuple[int, int] | None = None
        best_key: tuple[bool, bool, int] = (False, False, -1)
        best_score = -1
        for i in range(len(toks) - 1, -1, -1):
            s, _, w = toks[i]
            between = text[s:m.start()]
            if "," in between and not re.search(r",\s*(de|de la|du|des|of)\b", between):
                break
            if re.search(r"\s(?:ou|or)\s", between):
                break  # "A ou l'association B (ACR)": the definition is B's
            if fold(w) in lex.CLAUSE_WORDS:
                break  # "The Forum is co-funded by the Swiss Agency … (SDC)": a verb ends the name
            fw = fold(w)
            if not w[:1].isupper() or fw in lex.FUNCTION_WORDS:
                continue
            words = [t[2] for t in toks[i:]]
            score = _initials_score(words, acr)
            head = fold(words[0]).split()[0] if words else ""
            is_head = head in lex.ORG_HEADS or head in lex.EVENT_HEADS
            # prefer full initials; else the farthest organisation head noun
            key = (score >= len([c for c in acr if c.isalpha()]), is_head, score)
            if best is None or key > best_key:
                best, best_key, best_score = (s, toks[-1][1]), key, score
        if best is None:
            continue
        s, e = best
        long = text[s:e].strip()
        nletters = len([c for c in acr if c.isalpha()])
        head = fold(long).split()[0] if long else ""
        if best_score < max(2, nletters // 2) and head not in lex.ORG_HEADS and head not in lex.EVENT_HEADS:
            continue
        art = _ARTICLE.match(text[s:e])
        if art:
            s += art.end()
        defs.append(Definition(s, e, m.start(1), m.end(1)))
    return defs


# --- names by rules -------------------------------------------------------------------

_CAP = r"[A-ZÀ-ÖØ-Ý]"
_LOW = r"[a-zß-öø-ÿ]"
_NAME_WORD = rf"{_CAP}(?:{_LOW}+|[A-ZÀ-ÖØ-Ý]+)(?:-{_CAP}(?:{_LOW}+|[A-ZÀ-ÖØ-Ý]+))*"
# (the look-behind "not after a word, @ or .", written after the first capital: the pattern then
# begins with a class, and the regex engine skips to the capitals instead of trying every offset)
_PERSON = re.compile(
    rf"({_CAP}(?<![\w@.][\s\S]){_LOW}+(?:-{_CAP}{_LOW}+)?)[ \t]+((?:{_CAP}{_LOW}+|{_CAP}{{2,}})(?:-(?:{_CAP}{_LOW}+|{_CAP}{{2,}}))?)"
    rf"(?:[ \t]+({_CAP}{{2,}}|{_CAP}{_LOW}+(?=\s*,)))?(?![\w@])"
)
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")
_QUOTE = re.compile(r'"\s*([^"\n]{3,120}?)\s*"')


@lru_cache(maxsize=1 << 14)
def adjective_like(word: str) -> bool:
    """Whether ``word`` ends like an adjective ("européen", "régionale", "Swedish"); remembered (words recur)."""
    f = fold(word)
    return bool(_ADJECTIVE_END.search(f))


_ADJECTIVE_END = re.compile(r"(al|aux|ale|ales|ique|iques|ien|ienne|iens|iennes|een|eenne|eens|eennes|"
                            r"ais|aise|aises|ain|aine|ains|aines|eux|euse|ental|entaux|entale|an|ean|ese|ish)$")


_ARTICLE = re.compile(r"^(?:(?:[LlDd]'|(?:[Ll]es?|[Ll]a|[Tt]he|[Dd]u|[Dd]es|[Dd]e)\s+))")


def strip_article(name: str) -> str:
    """ "L'Union européenne" -> "Union européenne"; "the European Commission" -> "European Commission"."""
    return _ARTICLE.sub("", name.strip(), count=1)


_TITLE_TOKEN = re.compile(r"[^\s,;:()\"!?]+|[,]")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """The tokens of ``text`` as ``(start, end, token)``: runs of characters other than white space
    and ``,;:()"!?``, and commas; "l'Observatoire" is the token "Observatoire" (:func:`_token_at`)."""
    out = []
    tok = _token_at(text, 0)
    while tok is not None:
        out.append(tok)
        tok = _token_at(text, tok[1])
    return out


def _ends_sentence(token: str) -> bool:
    """Whether a token ends a sentence: "October.", "Ukraine!", not "St." nor "U.S."."""
    return token[-1:] in ".!?" and len(token) > 1 and not _ABBREV.search(token)


#: where a token whose first character may be a capital begins (a capital is none of these
#: characters; the look-behind after the first character lets the engine skip to the candidates)
_CAP_TOKEN_START = re.compile(r"[^\s,;:()\"!?a-z0-9à-ÿ](?<![^\s,;:()\"!?][\s\S])")
#: "l'", "d'" starting a token (lower case: "L'" is found above; the look-behind written last, as above)
_ELIDED_LOWER = re.compile(r"[ld]'(?<![^\s,;:()\"!?][ld]')")


def _token_at(text: str, pos: int) -> tuple[int, int, str] | None:
    """The first token starting at or after ``pos``, as ``(start, end, text)``: a run of characters other
    than white space and ``,;:()"!?``, or a comma; "l'Observatoire" is the token "Observatoire"."""
    m = _TITLE_TOKEN.search(text, pos)
    if m is None:
        return None
    s, e = m.span()
    t = m.group()
    if len(t) > 2 and t[0] in "ldLD" and t[1] == "'" and t[2].isupper():
        return s + 2, e, t[2:]  # "l'Observatoire" -> "Observatoire"
    return s, e, t


def title_spans(text: str) -> Iterable[tuple[int, int]]:
    """Runs of capitalised words (with connectors between them) on one line.

    The tokens are read from each capitalised token found by ``_CAP_TOKEN_START`` and
    ``_ELIDED_LOWER`` on, not all tokenised first (the same runs as walking every token).
    """
    starts = sorted([m.start() for m in _CAP_TOKEN_START.finditer(text)]
                    + [m.start() for m in _ELIDED_LOWER.finditer(text)])
    done = 0  # the end of the last run: the tokens before it are taken
    for c in starts:
        if c < done:
            continue
        first = _token_at(text, c)
        if first is None or first[0] < done or not first[2][:1].isupper():
            continue
        last_cap = prev = first
        cur = _token_at(text, first[1])
        while cur is not None:
            tk = cur[2]
            gap = text[prev[1]:cur[0]]
            if "\n" in gap or "(" in gap or ")" in gap or '"' in gap:
                break
            if _ends_sentence(prev[2]) and tk[:1].isupper():
                break  # "… in October. The Forum …": a name does not cross a sentence end
            nxt = _token_at(text, cur[1])
            if fold(tk) in ("et", "and") and nxt is not None and fold(nxt[2]) in (
                    "du", "de", "des", "la", "le", "les", "l", "the", "d"):
                break
            if tk[:1].isupper():
                last_cap = cur
            elif fold(tk) in lex.NAME_CONNECTORS or tk.lower().rstrip("'") in ("d", "l"):
                pass
            elif tk == "," and nxt is not None and nxt[2][:1].isupper() and prev is last_cap:
                pass
            elif adjective_like(tk) and prev is last_cap:
                last_cap = cur
            else:
                break
            prev, cur = cur, nxt
        yield first[0], last_cap[1]
        done = last_cap[1]


def plausible_name(words: list[str]) -> bool:
    """Whether the words of a name candidate can make a name: after the first word, only capitalised
    words, connectors and adjectives ("Comité européen des régions"); no number ("Bureau les 16"),
    no verb nor common noun ("Alliance coordinates", "A delegation of twelve council leaders")."""
    for prev, w in zip(words, words[1:]):
        if w[:1].isupper():
            continue
        f = fold(w)
        if w[:1].isdigit() or f in lex.CLAUSE_WORDS:
            return False
        if f in lex.NAME_CONNECTORS or adjective_like(w) or fold(prev) in lex.NAME_CONNECTORS:
            continue  # "Fédération espagnole des municipalités et provinces"
        return False
    return True


@lru_cache(maxsize=1 << 14)
def head_type(name: str, lang: str = "fr") -> tuple[str | None, str]:
    """The actor type a name's head noun gives, and where the head is ('start'/'end'/''); remembered."""
    words = fold(strip_article(name)).split()
    while words and words[0] in lex.FUNCTION_WORDS:
        words = words[1:]
    if not words:
        return None, ""
    for n in (3, 2, 1):
        h = " ".join(words[:n])
        if h in lex.EVENT_HEADS:
            return "event", "start"
        if h in lex.ORG_HEADS:
            return lex.ORG_HEADS[h], "start"
    if (len(words) >= 4 and adjective_like(words[0]) and words[1] in lex.ORG_HEADS
            and words[1] not in lex.EVENT_HEADS and lex.ORG_HEADS[words[1]] != "programme"
            and words[2] in ("of", "for", "de", "des", "du", "pour")):
        return lex.ORG_HEADS[words[1]], "start"  # "European Alliance of Cities …", "Swiss Agency for …"
    for n in (2, 1):
        h = " ".join(words[-n:])
        if h in lex.EVENT_HEADS:
            return "event", "end"
        if h in lex.ORG_HEADS and lex.ORG_HEADS[h] != "programme" or h in ("programme", "program", "initiative", "project", "plan", "fund", "facility"):
            return lex.ORG_HEADS.get(h, "programme"), "end"
    return None, ""


def role_at(text: str, end: int) -> re.Match[str] | None:
    """A role (``chargée de mission``, ``Secretary General``) followed by a preposition ending at ``end``."""
    window = fold(text[max(0, end - 160):end]) + " "
    if not window.endswith(_PREP_ENDS):
        return None  # the folded window must end with " <preposition> ": no need to look for a role
    return _ROLE_PREP_END.search(window)


_ROLE_ALT = "|".join(re.escape(r) for r in lex.ROLES)
_PREP_ALT = "|".join(re.escape(p) for p in lex.ROLE_ORG_PREPS)
_ROLE_PREP_END = re.compile(rf"\b({_ROLE_ALT})\b(?:\s+\w+){{0,7}}?\s+(?:{_PREP_ALT})\s$")
_ROLE_START = re.compile(rf"^\s*({_ROLE_ALT})\b")
#: a role just before a name, in a folded window: "executive director kelmend", "the mayor of skopje, petre"
#: (the comma is checked on the raw text: folding turns it into a space)
_ROLE_END = re.compile(rf"(?:^|\s)({_ROLE_ALT})\s*$")
_ROLE_OF_END = re.compile(rf"^(?:(?:the|la|le|l|sa|son|its|their|leur)\s+)?(?:[a-z]+\s+)?({_ROLE_ALT})"
                          rf"(?:\s+(?:{_PREP_ALT})(?:\s+[a-z0-9]+){{1,8}})?\s*$")


def role_before_name(text: str, start: int) -> bool:
    """Whether a role stands right before the name at ``start``: "Executive Director Kelmend Zajazi",
    "The Mayor of Skopje, Petre Shilegov" (a whole clause before the comma, from the sentence start)."""
    if _ROLE_END.search(fold(text[max(0, start - 40):start])):
        return True
    before = text[max(0, start - 90):start]
    if not before.rstrip(" \t").endswith(","):
        return False
    clause = re.split(r"[.;:!?\n(]", before.rstrip(" \t")[:-1])[-1]
    return bool(_ROLE_OF_END.match(fold(clause)))


#: how a folded window that ``_ROLE_PREP_END`` matches ends (its white space is single spaces)
_PREP_ENDS = tuple(f" {p} " for p in lex.ROLE_ORG_PREPS)
