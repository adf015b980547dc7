"""`maillage map`: a thin wrapper over write_map."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from maillage.cli import main


def _nodes_of(html: str) -> list[dict]:
    m = re.search(r'<script type="application/json" id="map-nodes">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_map_command_writes_the_file(tmp_path, fixture_graph_path):
    out = tmp_path / "sub" / "m.html"
    res = CliRunner().invoke(main, ["map", str(fixture_graph_path), "-o", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == {"path": str(out)}
    assert len(_nodes_of(out.read_text(encoding="utf-8"))) == 15


def test_map_command_defaults_beside_the_graph_and_takes_a_folder(tmp_path, fixture_graph_path):
    res = CliRunner().invoke(main, ["map", str(fixture_graph_path.parent), "--max-nodes", "4",
                                    "--size-by", "degree", "--color-by", "community"])
    assert res.exit_code == 0, res.output
    out = fixture_graph_path.parent / "map.html"
    assert res.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert len(_nodes_of(html)) == 4
    assert "most central actors (by degree) of 15" in html
    assert "no communities" in html  # --color-by community on a graph without them


def test_map_command_select(tmp_path, fixture_graph_path):
    out = tmp_path / "m.html"
    res = CliRunner().invoke(main, ["map", str(fixture_graph_path), "-o", str(out), "--select", "type=association"])
    assert res.exit_code == 0, res.output
    assert {n["type"] for n in _nodes_of(out.read_text(encoding="utf-8"))} == {"association"}


def test_map_command_errors_are_one_line(tmp_path, fixture_graph_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(main, ["map", str(bad), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 1
    assert res.stderr.startswith("maillage: error: ") and res.stderr.count("\n") == 1
    res = CliRunner().invoke(main, ["map", str(fixture_graph_path), "--select", "type=nope"])
    assert res.exit_code != 0 and "unknown actor type" in res.stderr
    res = CliRunner().invoke(main, ["map", str(fixture_graph_path), "--max-nodes", "0"])
    assert res.exit_code == 2
    assert not (tmp_path / "m.html").exists()
