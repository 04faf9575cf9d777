"""The command line end to end on the bundled samples (SQLite store in tmp_path)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlog.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "frontlog" / "samples"

SEED = SAMPLES / "moscow-times-belgorod.txt"
runner = CliRunner()


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "frontlog.db"
    result = invoke("ingest", str(SAMPLES), "--db", str(path))
    assert result.exit_code == 0, result.output
    return str(path)


def test_analyze_json_follows_the_contract() -> None:
    result = invoke(
        "analyze",
        str(SEED),
        "--published",
        "2025-04-07",
        "--publisher",
        "The Moscow Times",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {
        "document",
        "entities",
        "places",
        "times",
        "quantities",
        "attributions",
        "events",
    }
    doc = data["document"]
    assert doc["publisher"] == "The Moscow Times"
    assert len(doc["paragraphs"]) == 9
    assert doc["body"].startswith("Ukrainian President Volodymyr Zelensky")
    assert "Dear readers" not in doc["body"]
    assert all(r["reason"] for r in doc["removed"])
    for ent in data["entities"]:
        for m in ent["mentions"]:
            assert doc["body"][m["start"] : m["end"]] == m["text"]


def test_ingest_is_idempotent(db: str) -> None:
    result = invoke("ingest", str(SAMPLES), "--db", db)
    assert result.exit_code == 0
    assert "unchanged" in result.output
    docs = json.loads(invoke("documents", "--db", db, "--json").stdout)
    assert len(docs) == len({d["id"] for d in docs}) >= 2


def test_listings_and_exports(db: str, tmp_path: Path) -> None:
    ents = json.loads(invoke("entities", "--db", db, "--json").stdout)
    assert any("Zelensky" in e["name"] for e in ents)
    out = tmp_path / "docs.jsonl"
    assert invoke("export", "--format", "jsonl", "--out", str(out), "--db", db).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["document"]["body"] for line in lines)
    result = invoke("export", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [] or {"type", "evidence_text", "doc_id"} <= set(rows[0])


def test_user_errors_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt"), "--json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "no such file" in result.output
    result = runner.invoke(app, ["documents", "--db", f"sqlite:///{tmp_path}/no/dir/x.db"])
    assert result.exit_code == 1 and "cannot open database" in result.output


def test_bad_inputs_are_skipped_with_reasons(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "Russian forces shelled the city of Nikopol overnight, the regional governor said.\n"
        "Two people were wounded and a school was damaged, officials said on Thursday.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 40)
    db = tmp_path / "x.db"
    result = invoke("ingest", str(tmp_path), "--db", str(db), "--published", "2025-03-06")
    assert result.exit_code == 0, result.output
    assert "empty" in result.output and "binary" in result.output
    docs = json.loads(invoke("documents", "--db", str(db), "--json").stdout)
    assert len(docs) == 1 and docs[0]["published"] == "2025-03-06"
