"""The fast path's speed helpers give exactly what the plain code they replace gives.

Each gate (a cheap test that skips a regex scan, or a scan tried only where a match may
begin) is checked against the plain scan on the sentences and texts of the example, held-out
and seed corpora, and on tricky strings: a gate that ever skipped a sentence where the rule
would have found something fails here. Each test also checks that its gate does skip work.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from maillage.loaders import iter_documents
from maillage.loaders import extract as X
from maillage.loaders import extract_mentions as EM
from maillage.loaders import extract_relations as R
from maillage.loaders.encoding import _has_bad_controls
from maillage.loaders.meta import _STOPWORDS, _WORD, MIN_STOPWORDS, detect_lang
from maillage.text import _FOLD_TABLE, collapse_ws, fold, fold_chars, fold_with_map

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [f for f in (ROOT / "examples" / "docs", ROOT / "tests" / "heldout" / "docs", ROOT / "tests" / "heldout2" / "docs",
                       ROOT.parent / "shared" / "corpus" / "seeds") if f.is_dir()]  # (the seeds when beside the project)

#: strings made to trip the gates: case variants, the characters a case-blind pattern matches with
#: an ASCII letter (İ ı ſ K), elisions, addresses across lines, e-mails and handles, word look-alikes
TRICKY = [
    "", " ", "a", "\n", "LA VILLE DE Tours et la Ville de Lyon", "THE CITY OF Zwolle, the town of Ghent",
    "le maİre de Dijon", "the cıty of Riga", "Mayor of Tirana", "maire de Brest", "Le CCRE se réunira à Malaga.",
    "The Bureau met in Cotonou.", "ORGANISED by X", "Organisé par la Commission, une conférence",
    "Le réseau a organisé le 19 mai 2016 un atelier transversal", "il a réuni son Bureau", "We convened its Board",
    "Forum de l'action internationale des collectivités, 2024", "Rencontres de la coopération.",
    "l'Observatoire de Paris et d'Europe", "L'europe, L'Asie (D'Accord) l'l'X d'", "«Forum» ÉTÉ Ǆ ǅ Σ ς ß",
    "12 rue de la Paix\n\n  75002 Paris\nTél : +33 1 23 45 67 89\nfoo\n+33 1\n23 45 67\n\nCEDEX 9",
    "Contact : jean.dupont@cites-unies-france.org, @CNCD_fr and a@b", "x@y.z@w.v", "@", "a@", "@@x",
    "Our partner cities, such as Lyon, have joined; dont A est membre. Parmi ses membres figurent B.",
    "co-financé par l'UE", "2024a organisé", "Membre fondateur de PLATFORMA", "the European section of UCLG",
    "Ünited Çities ß ﬁ ① Ⅻ", "Secrétariat assuré par le CCRE", "with the participation of NALAS",
    "chargée de mission auprès du", "Secretary General of the", "Comité politique du", "the General Assembly of",
]


def _documents() -> list[str]:
    texts: list[str] = []
    for folder in FOLDERS:
        if not folder.is_dir():
            continue
        for doc in iter_documents(folder):
            if not isinstance(doc, Exception) and doc.records is None:
                texts.append(doc.text)
    return texts


@pytest.fixture(scope="module")
def documents() -> list[str]:
    texts = _documents()
    assert len(texts) >= 20
    return texts


@pytest.fixture(scope="module")
def texts(documents: list[str]) -> list[str]:
    """Whole texts (raw, prepared, blanked) and the tricky strings."""
    out = list(TRICKY)
    for raw in documents:
        prepared = EM.prepare(raw)
        out += [raw, prepared, EM.blank_non_prose(prepared)]
    return out


@pytest.fixture(scope="module")
def sentences(documents: list[str]) -> list[str]:
    out = list(TRICKY)
    for raw in documents:
        text = EM.prepare(raw)
        out += [text[s:e] for s, e in EM.split_sentences(text)]
        out += text.split("\n")
    return out


# --- relations: trigger hits and sentence gates ------------------------------------------------------------

def test_trigger_hits_are_the_matches_of_every_trigger(sentences: list[str]) -> None:
    skipped = 0
    for sent in sentences:
        fs, _ = fold_with_map(sent)
        plain = [(i, m.start(), m.end()) for i, t in enumerate(R.TRIGGERS) for m in t.pattern.finditer(fs)]
        assert R._trigger_hits(fs) == plain, fs
        can = R._sentence_gate().present(fs)
        skipped += sum(1 for i in R._unfiltered_triggers() if R.TRIGGERS[i].pattern not in can)
    assert skipped > 0  # the unfiltered triggers are gated too


def test_sentence_gate_never_skips_a_pattern_that_matches(sentences: list[str]) -> None:
    gate = R._sentence_gate()
    patterns = R.SENTENCE_PATTERNS + tuple(R.TRIGGERS[i].pattern for i in R._unfiltered_triggers())
    skipped = 0
    for sent in sentences:
        fs, _ = fold_with_map(sent)
        can = gate.present(fs)
        for rx in patterns:
            if rx not in can:
                skipped += 1
                assert rx.search(fs) is None, (rx.pattern[:60], fs)
    assert skipped > len(sentences)  # most patterns are skipped in most sentences


def test_sentence_relations_early_exit_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence with no trigger, none of the gated patterns and no "X-based" returns before its
    mentions are placed: with that exit disabled, every sentence of the corpora gives the same."""
    calls = []
    plain = R.sentence_relations

    def record(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = plain(*args, **kwargs)
        calls.append((args, kwargs, out))
        return out
    monkeypatch.setattr(X, "sentence_relations", record)
    extractor = X.Extractor(ner=False)
    for folder in FOLDERS:
        for doc in iter_documents(folder):
            if not isinstance(doc, Exception):
                extractor.extract(doc)
    gate = R._sentence_gate()
    never = re.compile("(?!)")  # in every gate answer below: the exit is never taken

    class NoExit:
        def present(self, fs: str) -> set[re.Pattern[str]]:
            return gate.present(fs) | {never}
    monkeypatch.setattr(R, "_sentence_gate", lambda: NoExit())
    monkeypatch.setattr(R, "SENTENCE_PATTERNS", R.SENTENCE_PATTERNS + (never,))
    exits = 0
    for args, kwargs, out in calls:
        text, ss, se = args[0], args[1], args[2]
        fs = fold(text[ss:se])
        exits += not R._trigger_hits(fs, gate.present(fs)) and gate.present(fs).isdisjoint(R.SENTENCE_PATTERNS)
        assert R.sentence_relations(*args, **kwargs) == out, text[ss:se]
    assert len(calls) > 100 and exits > 0


@pytest.mark.parametrize("pattern,text", [
    (r"(?<![a-z])(?:se rencontrent|met|meet)(?![a-z])", "they met"),
    (r"(?:^|\s)(?:dont|of which)\s+\w+", "a dont b"),
    (r"(?:a|b)x?(?:cd|ef)+", "zzbefz"),
    (r"\d+ (?:came|comes) from", "12 came from"),
])
def test_regex_factors_are_in_every_match(pattern: str, text: str) -> None:
    rx = re.compile(pattern)
    factors = R.regex_factors(rx)
    assert factors
    m = rx.search(text)
    assert m is not None and any(f in m.group() for f in factors)


def test_regex_factors_of_unreadable_patterns() -> None:
    assert R.regex_factors(re.compile(r"\w+")) is None
    assert R.regex_factors(re.compile(r"abc", re.IGNORECASE)) is None  # case-blind: not read
    assert R.regex_factors(re.compile(r"(?:abc)?\d")) is None  # nothing required
    assert R.RegexGate((re.compile(r"\w+"),)).present("anything") == {re.compile(r"\w+")}


# --- rules: scans tried where a match may begin ---------------------------------------------------------

@pytest.mark.parametrize("name", ["_EVENT_OBJECT_SCAN", "_PLACE_AFTER_SCAN", "_FR_EVENT_NAME_SCAN"])
def test_start_scans_find_what_finditer_finds(texts: list[str], name: str) -> None:
    scan: R.StartScan = getattr(X, name)
    assert not scan._plain
    found = 0
    for text in texts:
        got = [(m.span(), m.groups()) for m in scan.finditer(text)]
        assert got == [(m.span(), m.groups()) for m in scan.pattern.finditer(text)], text[:200]
        found += len(got)
    assert found > 0


def test_start_scan_with_case_blind_look_alikes() -> None:
    for text in ("le maİre de Dijon", "the cıty of Riga", "LA VILLE DE Tours", "ſe tiendra à Lyon"):
        assert [m.span() for m in X._PLACE_AFTER_SCAN.finditer(text)] == [
            m.span() for m in X._PLACE_AFTER.finditer(text)]
    # the starts of the pattern are read from it: a verb and a phrase of each kind
    cased, uncased = X._place_after_starts()
    assert {"se tiendra", "took place", "s'est tenue", "s’est tenu"} <= cased and "the city of" in uncased


def test_rule_gates_never_skip_a_match(texts: list[str]) -> None:
    skipped = 0
    for text in texts:
        if not any(w in text for w in X._CONVENES_BODY_WORDS):
            skipped += 1
            assert X._CONVENES_BODY.search(text) is None
    assert skipped > 0


def test_window_gates_never_skip_a_match(texts: list[str]) -> None:
    """The windows before a known name in which ``_events_of`` and ``_sub_bodies`` look for an event
    or a body: the gates (how the window ends, the words in it) pass every window that matches."""
    rnd = random.Random(7)
    skipped = matched = 0
    for text in texts:
        ends = sorted({m.start() for m in re.finditer(r"\b[A-Z]", text)} | {rnd.randrange(len(text) + 1)})
        for hi in ends:
            before = text[max(0, hi - 80):hi]
            if not before.rstrip().endswith(X._EVENT_OF_PREPS):
                skipped += 1
                assert X._EVENT_OF_BEFORE.search(text, max(0, hi - 80), hi) is None
            before = text[max(0, hi - 90):hi]
            if not (before.rstrip().endswith(X._SUB_PREPS) and any(h in before for h in X._SUB_HEAD_WORDS)):
                skipped += 1
                assert X._SUB_BEFORE.search(text, max(0, hi - 90), hi) is None
            else:
                matched += X._SUB_BEFORE.search(text, max(0, hi - 90), hi) is not None
    assert skipped > 0 and matched > 0


def test_person_pattern_as_first_written(texts: list[str]) -> None:
    cap, low = EM._CAP, EM._LOW
    plain = re.compile(
        rf"(?<![\w@.])({cap}{low}+(?:-{cap}{low}+)?)[ \t]+((?:{cap}{low}+|{cap}{{2,}})(?:-(?:{cap}{low}+|{cap}{{2,}}))?)"
        rf"(?:[ \t]+({cap}{{2,}}|{cap}{low}+(?=\s*,)))?(?![\w@])")
    for text in texts + ["Anne Hidalgo", "x.Anne Hidalgo", "@Anne Hidalgo", "Jean-Marc AYRAULT, maire", "ÉloÏse Dupont"]:
        assert [(m.span(), m.groups()) for m in EM._PERSON.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)], text[:200]


def test_role_at_as_plain_search(texts: list[str]) -> None:
    skipped = 0
    for text in texts:
        for end in range(0, len(text) + 1, 7):
            got = EM.role_at(text, end)
            plain = EM._ROLE_PREP_END.search(fold(text[max(0, end - 160):end]) + " ")
            assert (got and (got.span(), got.groups())) == (plain and (plain.span(), plain.groups()))
            skipped += got is None
    assert skipped > 0


# --- mentions: text preparation, names --------------------------------------------------------------------

def _title_spans_plain(text: str) -> list[tuple[int, int]]:
    """title_spans as first written: every token read in turn."""
    tokens = []
    for m in re.finditer(r"[^\s,;:()\"!?]+|[,]", text):
        t, s = m.group(), m.start()
        if len(t) > 2 and t[0] in "ldLD" and t[1] == "'" and t[2].isupper():
            t, s = t[2:], s + 2
        tokens.append((s, m.end(), t))
    out = []
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i][2][:1].isupper():
            i += 1
            continue
        last_cap = i
        k = i + 1
        while k < n:
            tk = tokens[k][2]
            gap = text[tokens[k - 1][1]:tokens[k][0]]
            if "\n" in gap or "(" in gap or ")" in gap or '"' in gap:
                break
            if EM._ends_sentence(tokens[k - 1][2]) and tk[:1].isupper():
                break
            if fold(tk) in ("et", "and") and k + 1 < n and fold(tokens[k + 1][2]) in (
                    "du", "de", "des", "la", "le", "les", "l", "the", "d"):
                break
            if tk[:1].isupper():
                last_cap = k
            elif fold(tk) in EM.lex.NAME_CONNECTORS or tk.lower().rstrip("'") in ("d", "l"):
                pass
            elif tk == "," and k + 1 < n and tokens[k + 1][2][:1].isupper() and k - 1 == last_cap:
                pass
            elif EM.adjective_like(tk) and k - last_cap == 1:
                last_cap = k
            else:
                break
            k += 1
        out.append((tokens[i][0], tokens[last_cap][1]))
        i = max(last_cap + 1, i + 1)
    return out


def test_title_spans_as_plain_walk(texts: list[str]) -> None:
    rnd = random.Random(1)
    atoms = ["A", "Bc", "l'", "L'", "d'", "D'", "Été", "et", "and", "du", "de", "la", " ", " ", "  ", "\n", ",",
             ";", "(", ")", '"', ".", "!", "?", "x", "européen", "St.", "Oct.", "'", "-", "Ǆ", "ß", "1", "«"]
    fuzz = ["".join(rnd.choice(atoms) for _ in range(rnd.randint(0, 14))) for _ in range(3000)]
    for text in texts + fuzz:
        assert list(EM.title_spans(text)) == _title_spans_plain(text), repr(text[:200])
    assert _title_spans_plain("Le Forum de Paris") == [(0, 17)]


def test_blanking_as_plain_substitutions(texts: list[str]) -> None:
    def handle(m: re.Match[str]) -> str:
        g = m.group()
        if g.startswith("@"):
            name = re.sub(r"_[a-z]{2}$", "", g[1:])
            return " " + name + " " * (len(g) - 1 - len(name))
        return " " * len(g)
    blanked = 0
    for text in texts:
        t = EM._EMAIL_ANY.sub(handle, text)
        assert EM._sub_at_runs(EM._EMAIL_ANY, handle, text) == t
        plain = EM._ADDRESS_LINE.sub(lambda m: " " * len(m.group()), t)
        assert EM._blank_address_lines(t) == plain, text[:200]
        assert EM.blank_non_prose(text) == plain
        blanked += plain != text
    assert blanked > 0
    assert EM._ADDRESS_LINE.pattern == "^[^\\n]*" + EM._ADDRESS_ANY.pattern + "[^\\n]*$"


def test_markup_and_emails_as_plain_scans(texts: list[str]) -> None:
    rnd = random.Random(3)
    atoms = ["-", "–", " ", "\n", "\t", "a", "_", "*", "#", "[", "]", "|", "\\", "•", "x_y", " - ", "\n  - ",
             "\n\n-", "--", "\u00a0", "é", "@", ".", "%", "+", "b@c.d", "é@x.fr", "@@", "1", "org"]
    fuzz = ["".join(rnd.choice(atoms) for _ in range(rnd.randint(0, 12))) for _ in range(20000)]
    for text in texts + fuzz:
        assert EM._blank_markup(text) == EM._MARKUP.sub(lambda m: " " * len(m.group()), text), repr(text[:200])
        assert [(m.span(), m.groups()) for m in EM.find_emails(text)] == [
            (m.span(), m.groups()) for m in EM._EMAIL.finditer(text)], repr(text[:200])
    assert EM.prepare("- item\n  - sub **bold**") == "  item\n    sub   bold  "


def test_address_finder_as_plain_search(texts: list[str]) -> None:
    assert EM._ADDRESS_ANY.pattern == "(?:" + "|".join(EM._ADDRESS_ALTS) + ")"
    rnd = random.Random(5)
    atoms = ["12", " rue ", "de la Paix", "\n", "\n\n", "  ", "75002", " Paris", "Tél", "tel.", ":", "+33", " 1 ",
             "23 45 67 89", "CEDEX", "cedex", "x", "İ", "ab", "Fax:", "B-1000 ", "Bruxelles", "3", "a1", "é"]
    fuzz = ["".join(rnd.choice(atoms) for _ in range(rnd.randint(0, 12))) for _ in range(5000)]
    found = 0
    for text in texts + fuzz:
        finder = EM._AddressFinder(text)
        for pos in range(0, len(text) + 1, max(1, len(text) // 40)):
            m = EM._ADDRESS_ANY.search(text, pos)
            assert finder.next(pos) == (m.start() if m else None), (text[:200], pos)
            found += m is not None
        assert EM._blank_address_lines(text) == EM._ADDRESS_LINE.sub(lambda m: " " * len(m.group()), text)
    assert found > 0


def test_upper_lines_as_plain(texts: list[str]) -> None:
    def plain(text: str) -> list[tuple[int, int]]:
        spans, pos = [], 0
        for line in text.split("\n"):
            letters = "".join(filter(str.isalpha, line))
            if len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > 0.8:
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans
    for text in texts + ["RÉUNION DU BUREAU EXÉCUTIF\nLe texte", "ÉÉÉÉÉÉÉÉÉÉÉÉ abc", "ABCDEFGHIJKLMNOP abcd"]:
        assert EM._upper_lines(text) == plain(text)


# --- text helpers and loading ----------------------------------------------------------------------------

def test_fold_chars_as_translate() -> None:
    chars = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    for i in range(0, len(chars), 97):
        chunk = chars[i:i + 97]
        for text in (chunk, "abc " + chunk[:3] + " déf", chunk[:1] * 20 + "x"):
            assert fold_chars(text) == text.translate(_FOLD_TABLE), repr(text[:10])


def test_collapse_ws_as_regex(texts: list[str]) -> None:
    spaces = "".join(chr(c) for c in range(0x3100) if chr(c).isspace() or c in (0x1C, 0x85, 0xA0, 0x200B))
    for text in texts + [spaces, "a" + spaces + "b", spaces + "x" + spaces]:
        assert collapse_ws(text) == re.sub(r"\s+", " ", text).strip()


def test_detect_lang_and_controls_as_plain(documents: list[str]) -> None:
    def lang_plain(text: str, sample: int = 20000) -> str:
        words = [w.lower() for w in _WORD.findall(text[:sample])]
        if not words:
            return "und"
        scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOPWORDS.items()}
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        (best, top), (_, second) = ranked[0], ranked[1]
        return "und" if top < MIN_STOPWORDS or top < 1.2 * second else best
    for text in documents + TRICKY + ["Die Stadt und der Rat", "\x00\x01" * 10 + "texte", "\ufffd" * 3,
                                      "İstanbul est une ville et la capitale", "The city of İzmir and the council"]:
        assert detect_lang(text) == lang_plain(text)
        sample = text[:65536]
        bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\x0b\x0c\r\x1b") or c == "\ufffd")
        assert _has_bad_controls(text) == (bool(text) and bad / len(sample) > 0.02)
