"""Compiled regular expressions kept on disk, for the one pattern that costs seconds to compile.

Importing spaCy's French language compiles its tokenizer's ``TOKEN_MATCH``: one pattern of
1.4 million characters whose compilation (``re._compiler``, pure Python) takes about 1.7 s,
more than the rest of loading the NER model together. Every process that runs NER paid it:
a build of 50 documents spent 2.4 s of its 2.8 s loading spaCy.

:func:`reuse_compiled` keeps the compiled form (the opcode list that ``re`` hands to its C
engine, ``_sre.compile``) of such patterns in a cache folder, keyed by the exact Python version,
the flags and a hash of the pattern, and rebuilds the pattern from it in milliseconds. The C
engine checks the opcodes it is given (``invalid SRE code`` otherwise), and the object built is
the one ``re.compile`` builds: same steps, same arguments (``tests/test_regex_cache.py``
compares them with ``==``, which compares the opcodes).

Where: ``$MAILLAGE_CACHE_HOME``, else ``$XDG_CACHE_HOME/maillage``, else ``~/.cache/maillage``
(``regex/*.json``, 1.4 MB for spaCy's pattern). A folder that cannot be written, a damaged or
foreign entry, or a Python whose ``re`` internals differ: the pattern is compiled as usual.
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

#: patterns shorter than this compile fast enough (spaCy's is 1.45 million characters)
MIN_CHARS = 100_000

#: CPython versions whose ``re._compiler.compile`` is the sequence replayed by :func:`_compile_parts`
_SUPPORTED = ((3, 11), (3, 12), (3, 13))

_LOCK = threading.RLock()


def cache_home() -> Path:
    """The folder of maillage's per-user caches (not the per-build cache of ``OUT/.cache``)."""
    env = os.environ.get("MAILLAGE_CACHE_HOME")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "maillage"


def _entry_path(folder: Path, pattern: str, flags: int) -> Path:
    h = hashlib.sha256()
    h.update(f"{sys.version}\0{sys.implementation.cache_tag}\0{flags}\0".encode())
    h.update(pattern.encode("utf-8", "surrogatepass"))
    return folder / f"{h.hexdigest()[:32]}.json"


def _compile_parts(pattern: str, flags: int) -> dict[str, Any]:
    """What ``re._compiler.compile(pattern, flags)`` passes to ``_sre.compile``, as JSON-able data."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return {"flags": flags | p.state.flags, "code": code, "groups": p.state.groups - 1,
            "groupindex": groupindex, "indexgroup": indexgroup}


def _build(pattern: str, parts: dict[str, Any]) -> Any:
    import _sre

    return _sre.compile(pattern, parts["flags"], parts["code"], parts["groups"],
                        parts["groupindex"], tuple(parts["indexgroup"]))


def _load(path: Path, pattern: str) -> Any | None:
    try:
        parts = orjson.loads(path.read_bytes())
        return _build(pattern, parts)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None  # absent, damaged, or from another engine: compile as usual


def _save(path: Path, parts: dict[str, Any]) -> None:
    from ._io import atomic_write_bytes

    try:
        atomic_write_bytes(path, orjson.dumps(parts))
    except OSError:
        pass  # a cache that cannot be written costs time, never the run


def compile_cached(pattern: str, flags: int = 0, folder: Path | None = None) -> Any:
    """``re.compile(pattern, flags)`` for a long ``str`` pattern, through the cache in ``folder``."""
    folder = cache_home() / "regex" if folder is None else folder
    path = _entry_path(folder, pattern, flags)
    compiled = _load(path, pattern)
    if compiled is not None:
        return compiled
    parts = _compile_parts(pattern, flags)
    compiled = _build(pattern, parts)
    _save(path, parts)
    return compiled


@contextmanager
def reuse_compiled(folder: Path | None = None) -> Iterator[None]:
    """Within the block, ``re.compile`` of any ``str`` pattern of :data:`MIN_CHARS` or more goes
    through :func:`compile_cached` (others, and bytes patterns, are compiled as usual).

    ``re`` keeps its own in-memory cache in front of this, exactly as before.
    """
    if sys.version_info[:2] not in _SUPPORTED or os.environ.get("MAILLAGE_NO_REGEX_CACHE"):
        yield
        return
    from re import _compiler  # type: ignore[attr-defined]

    with _LOCK:
        original = _compiler.compile

        def compile(p: Any, flags: int = 0) -> Any:  # noqa: A001 - the name re._compile calls
            if isinstance(p, str) and len(p) >= MIN_CHARS and not flags & 128:  # 128: re.DEBUG
                try:
                    return compile_cached(p, flags, folder)
                except Exception:  # noqa: BLE001 - anything unexpected: the standard way
                    pass
            return original(p, flags)

        _compiler.compile = compile
        try:
            yield
        finally:
            _compiler.compile = original
