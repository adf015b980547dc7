"""Document metadata from text: language, date and title.

All three are fast rules (no model): a stop-word ratio for the language, regular
expressions for French and English dates, and line heuristics for the title.

Examples
--------
>>> detect_lang("Les dirigeants du Conseil des Communes et Régions d'Europe se rencontrent pour la coopération.")
'fr'
>>> detect_lang("The leaders of the Council of European Municipalities and Regions met in Brussels.")
'en'
>>> detect_lang("CEMR NALAS")
'und'
>>> find_date("Paris, le 8 septembre 2017\\n\\nLes 9 et 10 octobre 2017, à Paris.")
'2017-09-08'
>>> parse_date("November 16, 2008")
'2008-11-16'
>>> clean_title("# **Rencontre** France-Balkans")
'Rencontre France-Balkans'
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass

# --------------------------------------------------------------------------- language

_STOPWORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les l de des du d un une et est sont en au aux à pour par sur dans que qui qu "
        "avec ce cette ces son sa ses leur leurs il elle ils elles nous vous ne pas plus se "
        "ont été être sera était mais ou où aussi entre comme lors afin dont après avant "
        "chez sous vers".split()
    ),
    "en": frozenset(
        "the of and to in an is are was were be been for on with by that this these those "
        "as at from it its their which will would has have had not or but into about also "
        "between during after before who whom there than".split()
    ),
    "de": frozenset(
        "der die das und ist sind ein eine einer eines den dem des mit von zu im auf für "
        "nicht sich auch bei aus wird wurde werden nach über oder".split()
    ),
    "es": frozenset(
        "el los las del y en una por con para es son se lo al como su sus pero más este esta "
        "entre también fue han".split()
    ),
    "it": frozenset(
        "il lo gli della delle dei degli e è di che per con una sono nel nella alla anche "
        "come questo questa tra più".split()
    ),
    "nl": frozenset(
        "het een en van de in is zijn op te voor met niet dat die door aan ook worden wordt "
        "bij naar om tot".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

#: Fewer stop words than this in a text: the language is "und" (undetermined).
MIN_STOPWORDS = 2


def detect_lang(text: str, *, sample: int = 20000) -> str:
    """The language of ``text`` from its share of stop words: ``"fr"``, ``"en"`` (also
    ``"de"``, ``"es"``, ``"it"``, ``"nl"``) or ``"und"`` when the text is too short to tell.

    Parameters
    ----------
    text
        Any text; only the first ``sample`` characters are read.

    Examples
    --------
    >>> detect_lang("Cités Unies France a organisé un atelier pour les collectivités.")
    'fr'
    """
    head = text[:sample]
    # the words in lower case (each distinct one tested once below); lower-casing the text first gives the
    # same words but for "İ" (two characters in lower case)
    words = Counter(_WORD.findall(head.lower()) if "\u0130" not in head else map(str.lower, _WORD.findall(head)))
    if not words:
        return "und"
    scores = {lang: sum(n for w, n in words.items() if w in stops) for lang, stops in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_STOPWORDS or top < 1.2 * second:
        return "und"
    return best


# --------------------------------------------------------------------------- dates

_FR_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTHS = {**_EN_MONTHS, **_FR_MONTHS}


def _alt(words: dict[str, int]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_MONTH = rf"(?:{_alt(_MONTHS)})\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|ᵉʳ|st|nd|rd|th)?"
_RANGE = r"(?:\s*(?:et|au|à|and|to|-|–|—|/|&)\s*)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"

# "8 septembre 2017", "1er mars 2021", "9 et 10 octobre 2017", "16th November 2008",
# "30 septembre et 1er octobre 2017" (first day, first month).
_DMY = re.compile(
    rf"(?<![\w/.-])(?P<d>{_DAY})(?:{_RANGE}{_DAY})?\s+(?:de\s+|of\s+)?(?P<m>{_MONTH})"
    rf"(?:{_RANGE}{_DAY}\s+{_MONTH})?,?\s+(?P<y>{_YEAR})(?!\d)",
    re.IGNORECASE,
)
# "November 16, 2008", "June 4-5, 2023", "Nov. 16th 2008"
_MDY = re.compile(
    rf"(?<![\w/.-])(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:{_RANGE}{_DAY})?,?\s+(?P<y>{_YEAR})(?!\d)",
    re.IGNORECASE,
)
# ISO "2017-09-08" (also 2017-09-08T10:00)
_ISO = re.compile(r"(?<![\d-])(?P<y>1[89]\d\d|2[01]\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d])")
# day-first numeric "08/09/2017", "8.9.2017" (the European order of French and British texts)
_NUM = re.compile(r"(?<![\w/.-])(?P<d>0?[1-9]|[12]\d|3[01])([/.])(?P<m>0?[1-9]|1[0-2])\2(?P<y>1[89]\d\d|2[01]\d\d)(?![\w/])")


@dataclass(frozen=True)
class DateMatch:
    """A full date found in a text: character span and ISO value."""

    start: int
    end: int
    iso: str


def _iso(y: str, m: int | str, d: str) -> str | None:
    day = int(re.match(r"\d+", d).group())  # type: ignore[union-attr]
    try:
        return _dt.date(int(y), int(m), day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) in ``text``, in order of position.

    A date without a year ("le 29 novembre prochain") is not a full date and is ignored;
    for ranges ("9 et 10 octobre 2017") the first day is given.

    Examples
    --------
    >>> [d.iso for d in find_dates("du 9 au 10 octobre 2017, puis le 1er mars 2021 et le 2023-06-04")]
    ['2017-10-09', '2021-03-01', '2023-06-04']
    """
    found: list[DateMatch] = []
    for rx in (_DMY, _MDY):
        for m in rx.finditer(text):
            iso = _iso(m["y"], _MONTHS[m["m"].lower().rstrip(".")], m["d"])
            if iso:
                found.append(DateMatch(m.start(), m.end(), iso))
    for rx in (_ISO, _NUM):
        for m in rx.finditer(text):
            iso = _iso(m["y"], m["m"], m["d"])
            if iso:
                found.append(DateMatch(m.start(), m.end(), iso))
    found.sort(key=lambda d: (d.start, -d.end))
    out: list[DateMatch] = []
    for d in found:  # drop matches overlapping an earlier, longer one
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


def parse_date(value: str) -> str | None:
    """ISO date of a string that holds one date (metadata fields, table cells), else None.

    Accepts ISO timestamps, PDF dates (``D:20170908…``) and written dates.

    Examples
    --------
    >>> parse_date("2017-09-08T10:15:00+02:00"), parse_date("D:20170908101500Z"), parse_date("8 sept. 2017")
    ('2017-09-08', '2017-09-08', '2017-09-08')
    """
    value = (value or "").strip()
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value)
    if m:
        return _iso(m[1], m[2], m[3])
    dates = find_dates(value)
    return dates[0].iso if dates else None


#: A dateline: an optional place ("Paris, le", "Brussels,") then the date alone on its line.
_DATELINE_PREFIX = re.compile(
    r"^[\s*_#>\-–]*(?:[^\W\d_][\w .'’()\-]{0,40}?,\s*)?"
    r"(?:(?:le|du|the|on|published|publié|date|fait à [^,]{1,40}|lundi|mardi|mercredi|jeudi|vendredi"
    r"|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)[\s,:]+)*$",
    re.IGNORECASE,
)
_DATELINE_SUFFIX = re.compile(
    r"^[\s*_.,;:–\-)]*(?:(?:à|at|,|-|–)?\s*\d{1,2}\s*(?:h|:)\s*\d{0,2}\s*(?:am|pm)?[\s*_.]*)?$", re.IGNORECASE
)

#: How far from the top a dateline is looked for (lines, characters).
DATELINE_LINES = 25
DATELINE_CHARS = 2500


def dateline_date(line: str) -> str | None:
    """The date of ``line`` if the line is a dateline (a date, with at most a place before it).

    >>> dateline_date("Dijon, le 29 novembre 2022"), dateline_date("Le 19 mai 2016, la CUF a organisé")
    ('2022-11-29', None)
    """
    if len(line) > 120:
        return None
    for d in find_dates(line):
        if _DATELINE_PREFIX.match(line[: d.start]) and _DATELINE_SUFFIX.match(line[d.end:]):
            return d.iso
    return None


def find_dateline(text: str) -> str | None:
    """The date of a dateline near the top ("Paris, le 8 septembre 2017" alone on its line)."""
    seen = 0
    for line in text[:DATELINE_CHARS].split("\n"):
        if line.strip():
            seen += 1
            iso = dateline_date(line)
            if iso:
                return iso
            if seen >= DATELINE_LINES:
                break
    return None


def find_date(text: str, *, strong: str | None = None, weak: str | None = None) -> str | None:
    """The date of a document.

    Preference: a dateline near the top of the text; then ``strong`` metadata (an explicit
    publication date, e.g. HTML ``article:published_time``); then the first full date in
    the text; then ``weak`` metadata (file creation dates of PDF and Word files).
    """
    return find_date_with_source(text, strong=strong, weak=weak)[0]


def find_date_with_source(text: str, *, strong: str | None = None,
                          weak: str | None = None) -> tuple[str | None, str | None]:
    """Like :func:`find_date`, also saying where the date came from
    (``"dateline"``, ``"metadata"``, ``"text"``, ``"file metadata"`` or None)."""
    d = find_dateline(text)
    if d:
        return d, "dateline"
    if strong:
        return strong, "metadata"
    dates = find_dates(text)
    if dates:
        return dates[0].iso, "text"
    if weak:
        return weak, "file metadata"
    return None, None


# --------------------------------------------------------------------------- titles

TITLE_MAX = 200
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+•·]\s+|\d+[.)]\s+)+")
_MD_EMPH = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]{1,200}>")
#: First lines that are not titles: document kinds.
_NOT_TITLE = re.compile(
    r"^(?:communiqu[ée]s?(?: de presse)?|press release|news|actualit[ée]s?|invitation|note|draft|projet|"
    r"brouillon|confidentiel|confidential)\W*$",
    re.IGNORECASE,
)
_TRAILING_JOINERS = frozenset(
    "de des du d la le les l et à au aux en pour par sur dans avec of the and for to in on with by a an".split()
)


def clean_title(text: str, max_len: int = TITLE_MAX) -> str:
    """A title without markdown, tags or extra spaces, cut at ``max_len`` on a word boundary.

    Examples
    --------
    >>> clean_title("## Les **Rencontres** de [l'AICT](https://x.fr)  ")
    "Les Rencontres de l'AICT"
    """
    t = _MD_LINK.sub(r"\1", text)
    t = _TAG.sub(" ", t)
    t = " ".join(_MD_PREFIX.sub("", line) for line in t.split("\n"))
    for _ in range(2):
        t = _MD_EMPH.sub(r"\2", t)
    t = re.sub(r"(?<!\w)[*_]{2,}|[*_]{2,}(?!\w)|^[*_]|[*_]$|\s#+\s*$", " ", t)
    t = re.sub(r"\s+", " ", t).strip(" \t-–—:|")
    if len(t) > max_len:
        cut = t[: max_len - 1]
        if " " in cut[max_len // 2:]:
            cut = cut[: cut.rfind(" ")]
        t = cut.rstrip(" ,;:-–") + "…"
    return t


def _continues(line: str) -> bool:
    """Whether a title line obviously goes on to the next line."""
    s = line.rstrip()
    if s.count("**") % 2 or s.count("__") % 2:
        return True
    if s.endswith((",", "-", "–", "'", "’")):
        return True
    last = re.findall(r"[\w']+$", s.lower())
    return bool(last) and last[0] in _TRAILING_JOINERS


def title_from_text(text: str, max_lines: int = 6) -> str:
    """The title of a plain text: its first non-empty line, joined with the following ones
    while the line obviously continues (open ``**`` emphasis, trailing comma or
    preposition), cleaned of markdown.

    Examples
    --------
    >>> title_from_text("\\n\\nLancement de la nouvelle plateforme des \\n\\n autorités locales\\n\\nTexte")
    'Lancement de la nouvelle plateforme des autorités locales'
    """
    parts: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or re.fullmatch(r"\s*[-=*_#~]{3,}\s*", line):
            continue
        if not parts and (_NOT_TITLE.match(clean_title(line)) or dateline_date(line)):
            continue
        parts.append(line.strip())
        joined = " ".join(parts)
        if not _continues(joined) or len(parts) >= max_lines or len(joined) > TITLE_MAX:
            break
    return clean_title(" ".join(parts))
