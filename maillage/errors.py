"""The exception tree of maillage. The CLI turns each into one line and an exit code.

::

    MaillageError
     ├── LoaderError(path, reason)      a document could not be read
     ├── ExtractionError                extraction failed on a document
     ├── SchemaError                    a type outside schema.py
     ├── GraphFileError(path, reason)   graph.json missing, invalid or of another version
     ├── ActorNotFoundError(name, suggestions)
     ├── EvaluationError                the gold file is malformed
     ├── ExportError                    an export could not be written
     ├── SelectionError                 a bad --select spec (maillage.graph.select)
     └── Neo4jError                     connection, authentication, database or privilege
"""
from __future__ import annotations

from pathlib import Path


class MaillageError(Exception):
    """Base of every error maillage raises on purpose."""

    exit_code = 1


class LoaderError(MaillageError):
    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ExtractionError(MaillageError):
    pass


class SchemaError(MaillageError):
    pass


class GraphFileError(MaillageError):
    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ActorNotFoundError(MaillageError):
    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"no actor named {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class EvaluationError(MaillageError):
    pass


class ExportError(MaillageError):
    pass


class SelectionError(MaillageError):
    """A ``--select`` spec that cannot be read (see :func:`maillage.graph.select.select_subgraph`)."""


class Neo4jError(MaillageError):
    exit_code = 3
