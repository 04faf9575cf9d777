"""The time eval: TimeML parsing, offsets and scores on a small hand-written document."""

from __future__ import annotations

from pathlib import Path

from frontlog.eval.time import evaluate, parse_timeml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>demo</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-04-07" functionInDocument="CREATION_TIME">
2025-04-07</TIMEX3></DCT>
<TEXT>
Troops &amp; tanks moved <TIMEX3 tid="t1" type="DATE" value="2025-04-06">Sunday</TIMEX3>.
The ministry said in <TIMEX3 tid="t2" type="DATE" value="2025-03">March</TIMEX3> it held
the line for <TIMEX3 tid="t3" type="DURATION" value="P3W">three weeks</TIMEX3>.
<TIMEX3 tid="t4" type="DATE" value="2024">Last year</TIMEX3> was worse.
</TEXT>
</TimeML>
"""


def write(tmp_path: Path) -> Path:
    folder = tmp_path / "time" / "Training" / "TBAQ-cleaned" / "TimeBank"
    folder.mkdir(parents=True)
    (folder / "demo.tml").write_text(TML, encoding="utf-8")
    return tmp_path


def test_parse_offsets_match_text(tmp_path: Path) -> None:
    doc = parse_timeml(write(tmp_path) / "time/Training/TBAQ-cleaned/TimeBank/demo.tml")
    assert str(doc["dct"]) == "2025-04-07"
    assert [g["text"] for g in doc["gold"]] == ["Sunday", "March", "three weeks", "Last year"]
    assert "Troops & tanks" in doc["text"]
    for g in doc["gold"]:
        assert doc["text"][g["start"] : g["end"]] == g["text"]


def test_evaluate_scores_the_demo(tmp_path: Path) -> None:
    result = evaluate(write(tmp_path), progress=False, spacy=False)
    assert result["suite"] == "time" and result["notes"]
    rows = {(r["set"], r["types"]): r for r in result["rows"]}
    row = rows[("all", "all")]
    assert row["gold"] == 4 and row["strict_R"] == 1.0 and row["strict_P"] == 1.0
    date_row = rows[("all", "DATE")]
    assert date_row["gold"] == 3 and date_row["strict_F1"] == 1.0
    assert date_row["value_n"] == 3 and date_row["value_acc"] == 1.0
