"""Adds of many articles (:mod:`dedup.index.storing`): ``add_many`` answers as adding them one by one, and
refuses a batch size, workers or a progress it cannot use before it stores anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dedup.documents import Document
from dedup.errors import InputError, SettingsError
from dedup.index import Index
from dedup.reading import read_corpus
from test_index import CORPUS, WIRE


def test_add_many_equals_adding_one_by_one(tmp_path: Path) -> None:
    docs = list(read_corpus(CORPUS).documents) + [Document("tiny", "too short")]
    with Index.open(str(tmp_path / "one.db")) as one, Index.open(str(tmp_path / "many.db")) as many:
        singly = [[(m.id, m.verdict) for m in one.add(d)] for d in docs[:-1]]
        batched = list(many.add_many(docs, batch_size=4))
        assert [[(m.id, m.verdict) for m in r] for _, r in batched[:-1]] == singly
        assert isinstance(batched[-1][1], InputError)
        keys_many = many._keys_many([d.text for d in docs[:3]])
        for doc, (keys, spans) in zip(docs[:3], keys_many):
            single_keys, single_spans = many._keys_many([doc.text])[0]
            assert (keys == single_keys).all() and (spans == single_spans).all()


@pytest.mark.parametrize("given", [{"batch_size": 0}, {"batch_size": "100"}, {"workers": -1}, {"workers": "2"}],
                         ids=["batch-0", "batch-a-string", "workers-negative", "workers-a-string"])
def test_add_many_refuses_a_batch_size_or_workers_as_a_scan_does(tmp_path: Path, given: dict[str, Any]) -> None:
    # batch_size=0 or "100" was never met (one batch, cut by characters alone), workers=-1 taken
    with Index.open(tmp_path / "i.db") as index:
        with pytest.raises(SettingsError, match=f"{next(iter(given))} must be a whole number"):
            index.add_many([WIRE], **given)
        assert index.stats()["articles"] == 0


def test_add_many_refuses_a_progress_that_cannot_be_called_before_it_stores_anything(tmp_path: Path) -> None:
    # progress=5 failed with "'int' object is not callable" once its first batch was stored
    with Index.open(tmp_path / "i.db") as index:
        with pytest.raises(TypeError, match="progress must be a function"):
            index.add_many([WIRE], progress=5)  # type: ignore[arg-type]
        assert index.stats()["articles"] == 0


@pytest.mark.parametrize("refused", [Document("tiny", "too short"), Document("blank", "   ")], ids=["short", "blank"])
def test_a_batch_with_a_refused_article_leaves_no_reference_cycle(tmp_path: Path, refused: Document) -> None:
    # the refusal kept as an answer held its traceback, that the frame of the batch that caught it, that the
    # batch's articles and keys and the refusal: every batch with one refused article waited in memory for a
    # full collection (a 2,000-story batch of Reuters: 18,500 objects), and made those collections come sooner
    import gc

    docs = list(read_corpus(CORPUS).documents)[:8] + [refused]
    with Index.open(str(tmp_path / "i.db")) as index:
        index.add_many(docs[:2])  # what a first add makes once (imports, caches) is not counted
        gc.collect()
        gc.disable()
        try:
            answers = index.add_many(docs[2:], batch_size=4)
            left = gc.collect()
        finally:
            gc.enable()
        assert isinstance(answers[-1][1], InputError) and answers[-1][1].__traceback__ is None
        assert left < 20, left
