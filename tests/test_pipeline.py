"""Stage registry, batching and the Dask runner."""

from __future__ import annotations

import pytest

from frontlog.config import Settings
from frontlog.model import Document, Quantity, content_id, paragraphs_of
from frontlog.pipeline import Context, available_stages, get_stage, run_batch, stage


@stage("test_count_words")
def count_words(doc: Document, ctx: Context) -> Document:
    n = len(doc.body.split())
    doc.quantities.append(Quantity(f"Q{len(doc.quantities) + 1}", 0, 0, "", n, "words"))
    return doc


def test_registered_stage_runs_alone_on_a_hand_made_document() -> None:
    doc = get_stage("test_count_words")(Document(body="Three short words"), Context())
    assert doc.quantities[0].value == 3


def test_unknown_stage_is_reported() -> None:
    with pytest.raises(KeyError, match="unknown stage"):
        get_stage("no-such-stage")
    assert available_stages(["no-such-stage", "test_count_words"]) == ["test_count_words"]


def test_run_batch_keeps_order_and_batches() -> None:
    ctx = Context(Settings(batch_size=2))
    docs = [Document(body=" ".join(["w"] * n)) for n in range(1, 6)]
    out = list(run_batch(docs, ctx, ["test_count_words"]))
    assert [d.quantities[0].value for d in out] == [1, 2, 3, 4, 5]


def test_document_ids_hash_the_normalised_body() -> None:
    assert content_id("A  b\n\n c ") == content_id("A b\nc")
    assert content_id("A b") != content_id("A c")


def test_paragraph_offsets_point_into_the_body() -> None:
    body = "First para.\n  Second para.\n\nThird."
    paras = paragraphs_of(body)
    assert [body[p.start : p.end] for p in paras] == ["First para.", "Second para.", "Third."]


def test_settings_env_and_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    cfg = tmp_path / "frontlog.toml"
    cfg.write_text('[frontlog]\nbatch_size = 4\nstages = ["nlp"]\n')
    monkeypatch.setenv("FRONTLOG_MAX_BYTES", "1234")
    s = Settings.load(cfg, db="x.db")
    assert (s.batch_size, s.stages, s.max_bytes, s.db) == (4, ["nlp"], 1234, "x.db")


@pytest.mark.slow
def test_dask_local_cluster_analyses_in_order() -> None:
    """Two worker processes run the stages; results come back in input order."""
    from frontlog.distributed import analyse_on_dask, make_client

    settings = Settings(stages=["nlp"])
    texts = [f"Officials in Kyiv said {n} drones were shot down." for n in range(6)]
    docs = [Document(body=t) for t in texts]
    client = make_client(2)
    try:
        out = list(analyse_on_dask(docs, client, settings))
    finally:
        client.close()
    assert [d.body for d in out] == texts
    assert [d.id for d in out] == [d.id for d in docs]
    if available_stages(["nlp"]):
        assert all(d.entities for d in out)
