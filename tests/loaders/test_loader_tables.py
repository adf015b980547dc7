"""Relation tables: CSV and JSON."""
from __future__ import annotations

import json

import pytest

from maillage.errors import LoaderError
from maillage.loaders import load_document
from maillage.schema import STATED_RELATION_TYPES

CSV_SEMICOLON = (
    "Source;Type;Target;Evidence;Date;URL;source_type;target_type;commentaire\n"
    "AFCCRE;member_of;CEMR;L'AFCCRE est la section française du CCRE.;29/11/2022;https://afccre.org;association;"
    "association;ok\n"
    "\n"
    "Cités Unies France;PARTNER_OF;PLATFORMA;;2017-10;;;;\n"
    "European Commission;Supports;PLATFORMA;Le réseau Platforma, soutenu par la Commission européenne;"
    "8 septembre 2017;;eu_body;association;\n"
)


def test_csv_with_semicolons_in_cp1252(tmp_path):
    p = tmp_path / "relations.csv"
    p.write_bytes(CSV_SEMICOLON.encode("cp1252"))
    doc = load_document(p)
    assert doc.format == "csv"
    assert doc.meta["delimiter"] == ";"
    assert doc.meta["encoding"] == "cp1252"
    assert doc.meta["ignored_columns"] == ["commentaire"]
    assert doc.date is None
    assert [(r["source"], r["type"], r["target"]) for r in doc.records] == [
        ("AFCCRE", "member_of", "CEMR"),
        ("Cités Unies France", "partner_of", "PLATFORMA"),
        ("European Commission", "supports", "PLATFORMA"),
    ]
    first, second, third = doc.records
    assert first == {
        "source": "AFCCRE", "type": "member_of", "target": "CEMR",
        "evidence": "L'AFCCRE est la section française du CCRE.", "date": "2022-11-29",
        "url": "https://afccre.org", "source_type": "association", "target_type": "association",
        "row": 2, "start": 0, "end": 42,
    }
    assert second["row"] == 4 and second["evidence"] is None and second["start"] is None
    assert second["date"] == "2017-10"
    assert third["date"] == "2017-09-08"
    for rec in doc.records:
        if rec["evidence"]:
            assert doc.text[rec["start"]:rec["end"]] == rec["evidence"]
    assert doc.text.split("\n") == [first["evidence"], third["evidence"]]


@pytest.mark.parametrize("delimiter", [",", "\t", "|"])
def test_csv_delimiters(tmp_path, delimiter):
    rows = [["source", "type", "target", "evidence"],
            ["CEMR", "meets", "NALAS", "CEMR met NALAS, in Brussels"],
            ["DG NEAR", "part of", "European Commission", ""]]
    p = tmp_path / "r.csv"
    import csv

    with p.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    doc = load_document(p)
    assert doc.meta["delimiter"] == delimiter
    assert [(r["source"], r["type"], r["target"]) for r in doc.records] == [
        ("CEMR", "meets", "NALAS"), ("DG NEAR", "part_of", "European Commission")]
    assert doc.records[0]["evidence"] == "CEMR met NALAS, in Brussels"


def test_bad_relation_type_names_the_row(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("source,type,target\nCEMR,meets,NALAS\nAFCCRE,member_of,CEMR\nCUF,likes,MEAE\n", encoding="utf-8")
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == "unsupported relation type 'likes' on row 4"


def test_co_mention_is_not_a_stated_relation(tmp_path):
    p = tmp_path / "co.csv"
    p.write_text("source,type,target\nCEMR,co_mentioned,NALAS\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="unsupported relation type 'co_mentioned' on row 2"):
        load_document(p)


@pytest.mark.parametrize("content, reason", [
    ("from,relation\nCEMR,meets\n", "CSV has no 'source'/'type'/'target' columns (missing: target)"),
    ("name,country\nCEMR,BE\n", "CSV has no 'source'/'type'/'target' columns"),
    ("source,type,target\n,meets,NALAS\n", "empty source on row 2"),
    ("source,type,target\nCEMR,,NALAS\n", "empty relation type on row 2"),
    ("source,type,target\nCEMR,meets,NALAS,extra\n", "row 2 has 4 cells for 3 columns"),
    ("source,type,target,date\nCEMR,meets,NALAS,bientôt\n", "unreadable date 'bientôt' on row 2"),
    ("source,type,target,source_type\nCEMR,meets,NALAS,club\n",
     "unsupported actor type 'club' in source_type on row 2"),
    ("source,type,target\n", "table has no relation rows"),
])
def test_bad_csv(tmp_path, content, reason):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == reason


def test_every_schema_type_is_accepted_in_any_case(tmp_path):
    lines = ["source,type,target"] + [f"A,{t.upper().replace('_', ' ')},B" for t in STATED_RELATION_TYPES]
    p = tmp_path / "all.csv"
    p.write_text("\n".join(lines), encoding="utf-8")
    assert [r["type"] for r in load_document(p).records] == list(STATED_RELATION_TYPES)


def test_json_list_and_wrapped_forms(tmp_path):
    rels = [{"source": "CEMR", "type": "MEETS", "target": "NALAS", "evidence": "CEMR met NALAS.",
             "date": "2024-02-13"},
            {"source": "AFCCRE", "type": "member_of", "target": "CEMR", "extra": 1}]
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(rels), encoding="utf-8")
    b.write_text(json.dumps({"relations": rels}, ensure_ascii=False), encoding="utf-8")
    da, db = load_document(a), load_document(b)
    assert da.records == db.records
    assert da.format == "json"
    assert [(r["type"], r["row"]) for r in da.records] == [("meets", 1), ("member_of", 2)]
    assert da.records[0]["date"] == "2024-02-13"
    assert da.text == "CEMR met NALAS."


@pytest.mark.parametrize("content, reason", [
    ('[{"source": "CEMR", "type": "meets", "target": "NALAS"}, {"source": "A", "type": "x", "target": "B"}]',
     "unsupported relation type 'x' on item 2"),
    ('{"edges": []}', 'JSON must be a list of relations or {"relations": [...]}'),
    ('[1, 2]', "item 1 is not an object"),
    ('[{"source": "CEMR", "target": "NALAS"}]', "item 1 has no type"),
    ('[{"source": "CEMR", "type": "meets"', "invalid JSON: Expecting ',' delimiter (line 1, column 36)"),
    ("[]", "table has no relation rows"),
])
def test_bad_json(tmp_path, content, reason):
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(LoaderError) as info:
        load_document(p)
    assert info.value.reason == reason
