"""The windows an article's keys meet in the index (:mod:`dedup.index.collisions`), for a text that repeats
itself: ``check``, ``add`` and ``add_many`` pair its windows with a stored one's along their order, as a scan
pairs them in its buckets (:func:`dedup.banding.paired_along`, the one rule), and answer what the scan answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dedup import banding, scan
from dedup.banding import paired_along
from dedup.documents import Document
from dedup.index import Index, bulk_candidates
from dedup.index import collisions
from dedup.reading import read_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REACH = banding.REPEAT_REACH


def test_paired_along_is_all_with_all_up_to_the_bound_and_alike_either_way_round() -> None:
    i, j = paired_along(banding.MOST_REPEATS, 300)
    assert len(i) == banding.MOST_REPEATS * 300
    for mine, theirs in ((300, 120), (120, 300), (49, 49), (1000, 49)):
        i, j = paired_along(mine, theirs)
        k, m = paired_along(theirs, mine)
        assert set(zip(i.tolist(), j.tolist())) == set(zip(m.tolist(), k.tolist()))
        assert set(i.tolist()) == set(range(mine)) and set(j.tolist()) == set(range(theirs))  # none left out
        assert len(i) <= max(mine, theirs) * (2 * REACH + 1)


def _posted(count: int, seq: int = 1, key: int = 8) -> np.ndarray:
    """``count`` postings of one stored article under one key, windows of 10 characters 20 apart."""
    starts = np.arange(count, dtype=np.int64) * 20
    return np.stack([np.full(count, key), np.full(count, seq), (starts << 32) | (starts + 10)], axis=1)


def test_a_stored_and_a_new_article_repeating_a_window_pair_along_their_order() -> None:
    # 3,000 stored windows and 3,000 new ones under one key: 9 million window pairs all with all; along
    # their order, each with the other's window in its place and REPEAT_REACH either side, as in a scan
    posted = _posted(3000)
    spans = posted[:, 2][::-1].copy()  # the new article's windows, given in any order
    rows = collisions._window_pairs(posted, spans, np.zeros(3000, dtype=np.int64), np.full(3000, 3000))
    assert len(rows) == 3000 * (2 * REACH + 1) - REACH * (REACH + 1)
    assert np.abs(rows[:, 1] - rows[:, 3]).max() == 20 * REACH
    assert set(rows[:, 1].tolist()) == set(rows[:, 3].tolist()) == set((np.arange(3000) * 20).tolist())
    assert (rows[:, 5] == 1).all() and (rows[:, 0] == 1).all()
    # a stored article with MOST_REPEATS windows there meets every new window, as before
    few = _posted(banding.MOST_REPEATS, seq=2)
    both = np.concatenate([posted, few])
    rows = collisions._window_pairs(both, spans, np.zeros(len(both), dtype=np.int64), np.full(len(both), 3000))
    assert np.count_nonzero(rows[:, 0] == 2) == banding.MOST_REPEATS * 3000


def test_the_repeats_no_longer_count_against_the_bound_of_window_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    # 3,000 x 3,000 window pairs were refused past MOST_WINDOW_PAIRS; along the order they are 27,000
    monkeypatch.setattr(collisions, "MOST_WINDOW_PAIRS", 100_000)
    posted = _posted(3000)
    rows = collisions._window_pairs(posted, posted[:, 2].copy(), np.zeros(3000, dtype=np.int64), np.full(3000, 3000))
    assert 0 < len(rows) < 100_000


def _repeating() -> tuple[Document, Document, Document]:
    """A story pasted 60 times, a copy of it with a line of its own, and the story once."""
    story = next(d for d in read_corpus(CORPUS).documents if len(d.text.split()) > 200)
    text = (story.text + "\n\n") * 60
    return (Document("repeats", text), Document("repeats-signed", text + "Reported by a desk of its own today.\n"),
            Document("story", story.text))


def _answers(matches: list) -> dict:  # type: ignore[type-arg]
    return {m.id: (m.verdict, round(m.confidence, 9), [p.to_dict() for p in m.evidence.passages]) for m in matches}


def test_check_add_and_add_many_of_a_repeating_text_answer_as_the_scan(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _repeating()
    scanned = scan(list(docs))
    by_pair = {frozenset((p.a, p.b)): (p.verdict, round(p.confidence, 9), [x.to_dict() for x in p.evidence.passages])
               for p in scanned.pairs}
    assert frozenset(("repeats", "repeats-signed")) in by_pair
    made: list[int] = []
    pairs = collisions._window_pairs
    monkeypatch.setattr(collisions, "_window_pairs", lambda *a: made.append(len(out := pairs(*a))) or out)
    common = [d.text for d in docs]
    with Index.open(tmp_path / "one.db", common_from=common) as index:  # a scan of the stored and the one checked
        index.add(docs[2])
        index.add(docs[0])
        checked = _answers(index.check(docs[1]))
        added = _answers(index.add(docs[1]))
    assert checked == added
    for other in ("repeats", "story"):
        assert checked[other] == by_pair[frozenset((other, "repeats-signed"))]
    # all with all, the batch's join below expanded 40 million window rows (4.9 GB, 100 s), a check's as many
    most = 4_000_000
    assert max(made) < most
    # add_many, one batch holding both: the same answer, paired along the order in the batch's join too
    joined: list[int] = []
    assemble = bulk_candidates.assemble_ranked
    monkeypatch.setattr(bulk_candidates, "assemble_ranked",
                        lambda per, windows, *a, **k: joined.append(len(windows)) or assemble(per, windows, *a, **k))
    with Index.open(tmp_path / "many.db", common_from=common) as index:
        answers = index.add_many([docs[2], docs[0], docs[1]])
    assert _answers(answers[2][1]) == checked
    assert joined and max(joined) < most
