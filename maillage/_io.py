"""Atomic file writes: a crash never leaves half a file at the destination."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


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


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    with atomic_file(path, "wb") as fh:
        fh.write(data)
    return path


def atomic_write_chunks(path: str | Path, chunks: Iterable[str]) -> Path:
    """Like :func:`atomic_write_bytes`, for text produced in chunks (UTF-8): never held whole in memory."""
    path = Path(path)
    with atomic_file(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
        for chunk in chunks:
            fh.write(chunk)
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(data: Any, *, indent: int | None = 2) -> str:
    """Strict, deterministic JSON (sorted keys, no NaN, UTF-8 kept readable)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False) + "\n"


def atomic_write_json(path: str | Path, data: Any, *, indent: int | None = 2) -> Path:
    return atomic_write_text(path, dumps_json(data, indent=indent))
