"""Atomic file writes (a crash never leaves half a file at the destination) and fast, exact JSON.

The JSON helpers use orjson (compiled) where it gives exactly what the standard library
gives, and the standard library everywhere else:

>>> data = {"b": [1e-05, "é", {}], "a": None}
>>> dumps_json(data).rstrip() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
True
>>> loads_json(b'{"a": [1, 2.5, "x"]}')
{'a': [1, 2.5, 'x']}
"""
from __future__ import annotations

import gc
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: Path, mode: str, *, fsync: bool = True, **kwargs: Any) -> Iterator[IO[Any]]:
    """An open temporary file beside ``path``, renamed over it once the block ends without error.

    A crash never leaves half a file at ``path``. The file gets the mode a plain
    ``open(path, "w")`` would give it (0666 less the umask), not the private 0600 of a
    temporary file. ``fsync=False`` skips flushing to disk: a crash still never leaves half a
    file at ``path``, but after a power cut the file may be empty or torn.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (reading a large graph).

    Building millions of small dicts and lists triggers collections that walk all of them again
    and again (40 % of the time of :func:`maillage.graph.store.read_graph`) and find no cycle.
    The collector is enabled again after the block, if it was enabled before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    with atomic_file(path, "wb") as fh:
        fh.write(data)
    return path


def atomic_write_byte_chunks(path: str | Path, chunks: Iterable[bytes], info: dict[str, Any] | None = None) -> Path:
    """Like :func:`atomic_write_bytes`, for bytes produced in chunks: never held whole in memory.

    ``info``, when given, gets the ``inode`` of the file written (what is at ``path`` afterwards
    may be another process's file, written since).
    """
    path = Path(path)
    with atomic_file(path, "wb", buffering=1 << 20) as fh:
        for chunk in chunks:
            fh.write(chunk)
        if info is not None:
            info["inode"] = os.fstat(fh.fileno()).st_ino
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


# --- fast JSON --------------------------------------------------------------------------------
#
# orjson (compiled) writes indented JSON far faster than the json module, whose indent mode runs
# in pure Python, and parses it 1.5x faster (graph.json at 10k documents). Its bytes equal those of
# json.dumps(indent=2, sort_keys=True, ensure_ascii=False) for the exact types str, int (64 bits),
# bool, None, list, tuple and dict with str keys (same string escapes, same key order: UTF-8 byte
# order is code point order, same layout of empty containers). It differs on floats (1e-05 is
# 0.00001 for orjson, NaN silently becomes null), on ints beyond 64 bits (an error), on non-str
# keys (sorted after conversion: "10" < "9"), on subclasses (enums, datetime, dataclasses: orjson
# writes some the json module refuses). So :func:`orjson_ready` lets through only the exact types
# above, writes each float as a fragment holding ``float.__repr__`` (what the json module writes),
# and raises :class:`NotOrjson` for anything else; the callers then use the json module, which
# gives the same bytes (or the same error) as before.

#: the leaf types orjson writes as the json module does (floats apart: see :func:`orjson_ready`)
LEAF_TYPES = frozenset({str, int, bool, type(None)})
STR_TYPE = frozenset({str})


def is_flat_dict(d: Any) -> bool:
    """A dict of str keys and leaf values only (an evidence entry): nothing in it to clean or convert."""
    return type(d) is dict and STR_TYPE.issuperset(map(type, d)) and LEAF_TYPES.issuperset(map(type, d.values()))
#: orjson's options for ``json.dumps(indent=2, sort_keys=True)``
ORJSON_INDENT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


class NotOrjson(Exception):
    """A value orjson would not write exactly as ``json.dumps`` does (use the json module)."""


def orjson_ready(obj: Any) -> Any:
    """``obj`` as orjson should get it to write the bytes of ``json.dumps(obj, allow_nan=False)``.

    Floats become :class:`orjson.Fragment` of their ``repr``; containers holding none are
    returned as they are (not copied). Raises :class:`NotOrjson` on anything else than exact
    str, int, bool, None, float (finite), list, tuple and dict with str keys.
    Ints beyond 64 bits pass: orjson then raises (a ``TypeError``), which callers also catch.
    """
    t = type(obj)
    if t in LEAF_TYPES:
        return obj
    if t is dict:
        if not STR_TYPE.issuperset(map(type, obj)):  # (the type checks run in C)
            raise NotOrjson(obj)
        if LEAF_TYPES.issuperset(map(type, obj.values())):
            return obj
        return {k: orjson_ready(v) for k, v in obj.items()}
    if t is list or t is tuple:
        if LEAF_TYPES.issuperset(map(type, obj)):
            return obj
        return [orjson_ready(v) for v in obj]
    if t is float and math.isfinite(obj):
        return orjson.Fragment(float.__repr__(obj))
    raise NotOrjson(obj)


def dumps_json(data: Any, *, indent: int | None = 2) -> str:
    """Strict, deterministic JSON (sorted keys, no NaN, UTF-8 kept readable)."""
    if indent == 2:
        try:
            return orjson.dumps(orjson_ready(data), option=ORJSON_INDENT | orjson.OPT_APPEND_NEWLINE).decode("utf-8")
        except (NotOrjson, TypeError, RecursionError):
            pass
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False) + "\n"


def dumps_compact_json(data: Any) -> str:
    """Compact JSON (no spaces) whose :func:`json.loads` equals that of ``dumps_json(data, indent=None)``.

    Not the same text: orjson's separators are ``,`` and ``:`` (the json module's ``, `` and ``: ``).
    Same errors as the json module (NaN, infinities, types it cannot write).
    """
    try:
        return orjson.dumps(orjson_ready(data), option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except (NotOrjson, TypeError, RecursionError):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


# orjson reads integers beyond 64 bits as floats: texts holding a run of 19 digits or more go to
# the json module (the run may be inside a string: then that text is only read more slowly).
# bytes.translate then a substring search is 7x faster than a regular expression.
_DIGITS_ONLY = bytes(ord("0") if chr(i).isdigit() and i < 128 else ord(" ") for i in range(256))
_LONG_RUN = b"0" * 19
_SCAN = 1 << 23


def orjson_reads_as_json(data: bytes | str) -> bool:
    """False when ``orjson.loads(data)``, if it succeeds, might differ from ``json.loads(data)``.

    That is when ``data`` holds a run of 19 digits or more (orjson reads integers beyond 64
    bits as floats). Other differences are errors of orjson (NaN, Infinity, lone surrogates,
    numbers too large for a double, a byte order mark), where the json module should be asked.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")  # (10x faster than a regular expression on the str)
    for i in range(0, len(data), _SCAN):  # by slices: the translated copy stays small
        if _LONG_RUN in data[i:i + _SCAN + len(_LONG_RUN) - 1].translate(_DIGITS_ONLY):
            return False
    return True


def loads_json(data: bytes | str, slow: Callable[[Any], Any] = json.loads) -> Any:
    """``json.loads(data)``, fast: orjson where it gives the same result, the json module otherwise.

    orjson refuses what the json module reads leniently (NaN, Infinity, lone surrogates, numbers
    too large for a double) and reads integers beyond 64 bits as floats: those texts, and invalid
    ones, go to the json module, which returns the same values or raises the same errors as before
    (``slow``: what reads them instead of :func:`json.loads`).
    """
    if orjson_reads_as_json(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return slow(data)


def atomic_write_json(path: str | Path, data: Any, *, indent: int | None = 2) -> Path:
    return atomic_write_text(path, dumps_json(data, indent=indent))
