"""The on-disk cache of compiled long patterns (maillage/_regex_cache.py) gives what re.compile gives."""
from __future__ import annotations

import re
import sys
from re import _compiler  # type: ignore[attr-defined]

import pytest

from maillage import _regex_cache as rc

pytestmark = pytest.mark.skipif(sys.version_info[:2] not in rc._SUPPORTED, reason="re internals not replayed here")

WORDS = [f"mot{i}x{i % 7}" for i in range(12_000)]
#: long like spaCy's TOKEN_MATCH: inline flags, character classes, named and unnamed groups
LONG = "(?iu)(?P<head>[a-zà-ÿ]+)-(?:" + "|".join(WORDS) + r")(?P<tail>'\w+)?$"


def test_replayed_compile_is_re_compile() -> None:
    """Pattern equality compares flags, pattern text and the opcodes handed to the engine."""
    for pattern, flags in [(LONG, 0), (r"(?P<a>x)(y)\1|[^\W\d]+", re.I), ("a{2,5}?b*", re.M | re.S)]:
        ours = rc._build(pattern, rc._compile_parts(pattern, flags))
        assert ours == _compiler.compile(pattern, flags)
        assert ours.groupindex == re.compile(pattern, flags).groupindex


def test_cache_written_then_read(tmp_path, monkeypatch) -> None:
    built = []
    real_build = rc._build
    monkeypatch.setattr(rc, "_build", lambda p, parts: built.append(len(parts["code"])) or real_build(p, parts))
    first = rc.compile_cached(LONG, 0, tmp_path)
    entries = list(tmp_path.glob("*.json"))
    assert len(entries) == 1
    parts_calls = []
    monkeypatch.setattr(rc, "_compile_parts", lambda *a: parts_calls.append(a))  # must not be needed now
    second = rc.compile_cached(LONG, 0, tmp_path)
    assert parts_calls == []
    assert first == second == _compiler.compile(LONG, 0)
    m = second.match("Abc-MOT42X0'ici")
    assert m and m.group("head") == "Abc" and m.group("tail") == "'ici"
    assert second.match("abc-mot42x1") is None  # 42 % 7 == 0


@pytest.mark.parametrize("damage", [b"", b"{", b'{"flags": 32}', b'{"flags": 32, "code": [999999, 1], "groups": 2,'
                                    b' "groupindex": {}, "indexgroup": [null, null, null]}'])
def test_damaged_entry_is_compiled_again(tmp_path, damage) -> None:
    rc.compile_cached(LONG, 0, tmp_path)
    (entry,) = tmp_path.glob("*.json")
    entry.write_bytes(damage)
    assert rc.compile_cached(LONG, 0, tmp_path) == _compiler.compile(LONG, 0)
    assert entry.read_bytes() != damage  # rewritten


def test_key_is_pattern_and_flags(tmp_path) -> None:
    rc.compile_cached(LONG, 0, tmp_path)
    rc.compile_cached(LONG, re.M, tmp_path)
    rc.compile_cached(LONG + "|z", 0, tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 3
    assert rc.compile_cached(LONG, re.M, tmp_path).flags & re.M


def test_unwritable_folder_still_compiles(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert rc.compile_cached(LONG, 0, blocker / "regex") == _compiler.compile(LONG, 0)


def test_reuse_compiled_only_for_long_patterns_and_restores_re(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MAILLAGE_CACHE_HOME", str(tmp_path))
    original = _compiler.compile
    with rc.reuse_compiled():
        assert _compiler.compile is not original
        re.compile(LONG + "|unique-to-this-test")
        re.compile("short|pattern-not-cached")
        with pytest.raises(re.error, match="missing \\)"):
            re.compile("(" * 2 + "x" * rc.MIN_CHARS)  # a bad long pattern fails as re.compile fails
    assert _compiler.compile is original
    assert len(list((tmp_path / "regex").glob("*.json"))) == 1


def test_cache_home_follows_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("MAILLAGE_CACHE_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert rc.cache_home() == tmp_path / "maillage"
    monkeypatch.setenv("MAILLAGE_CACHE_HOME", str(tmp_path / "own"))
    assert rc.cache_home() == tmp_path / "own"


def test_spacy_french_tokenizer_pattern_round_trips(tmp_path) -> None:
    """The pattern this exists for: spaCy's French TOKEN_MATCH, rebuilt from the cache, is
    the pattern spaCy compiles (opcodes compared) and tokenizes the same."""
    pytest.importorskip("spacy")
    from spacy.lang.fr.tokenizer_exceptions import TOKEN_MATCH

    pattern = TOKEN_MATCH.__self__
    rc.compile_cached(pattern.pattern, 0, tmp_path)  # compiled and written (its flags are inline)
    cached = rc.compile_cached(pattern.pattern, 0, tmp_path)  # read back
    assert cached == pattern
    for word in ["porte-monnaie", "entr'abat", "Saint-Étienne", "l'Union", "anti-européen"]:
        assert bool(cached.match(word)) == bool(pattern.match(word))
