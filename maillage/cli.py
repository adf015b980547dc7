"""maillage's command line: a thin shell over the library.

Each command parses its options, calls one library function and formats the result:
data on stdout (a table for people, ``--json`` for machines), progress and messages on
stderr. Errors of the :class:`~maillage.errors.MaillageError` tree become one line on
stderr and a non-zero exit code, here and nowhere else.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from . import __version__
from .errors import MaillageError


class _Group(click.Group):
    """Turns MaillageError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MaillageError as exc:
            click.echo(f"maillage: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("maillage: interrupted", err=True)
            ctx.exit(130)


def echo_json(data: Any) -> None:
    """Print ``data`` as strict JSON on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False, sort_keys=True))


def echo_table(rows: list[dict[str, Any]], columns: list[str], *, title: str | None = None) -> None:
    """Print rows as a table for people (rich when stdout is a terminal, plain text otherwise)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in columns))
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160).print(table)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="maillage")
def main() -> None:
    """maillage: from documents about organisations to an evidence-backed influence map.

    \b
    Typical session:
      maillage build DOCS/ -o out/ --map      read documents, write out/graph.json (+ map)
      maillage evaluate GOLD.yaml out/        precision / recall against annotations
      maillage analyse out/graph.json         who is central, and in what sense
      maillage map out/graph.json -o map.html the interactive influence map
      maillage neo4j push out/graph.json      load into Neo4j for Cypher queries
    """


# --- build & evaluate commands ---

# --- analysis commands ---

# --- map commands ---

# --- export commands ---

# --- neo4j commands ---

# --- scale commands ---


if __name__ == "__main__":  # pragma: no cover
    main()
