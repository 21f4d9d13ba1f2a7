"""The stored articles and windows an article's keys meet in the index (:mod:`dedup.index.collisions`): the
candidates from the postings as a plain loop over them gives, the chance ones dropped before the assembly with the
same candidate set, window pairs counted by the bands they share (in parts as at once); and a text that repeats
itself: ``check``, ``add`` and ``add_many`` pair its windows with a stored one's along their order, as a scan
pairs them in its buckets (:func:`dedup.buckets.paired_along`, the one rule), and answer what the scan answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dedup import buckets, scan
from dedup.buckets import paired_along
from dedup.documents import Document
from dedup.index import Index, bulk_candidates
from dedup.index import collisions
from dedup.index.collisions import _counted
from dedup.reading import read_corpus
from _ingest_fixtures import location, redis_url  # noqa: F401 - fixtures
from _pair_texts import reworded

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REACH = buckets.REPEAT_REACH


def test_paired_along_is_all_with_all_up_to_the_bound_and_alike_either_way_round() -> None:
    i, j = paired_along(buckets.MOST_REPEATS, 300)
    assert len(i) == buckets.MOST_REPEATS * 300
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
    few = _posted(buckets.MOST_REPEATS, seq=2)
    both = np.concatenate([posted, few])
    rows = collisions._window_pairs(both, spans, np.zeros(len(both), dtype=np.int64), np.full(len(both), 3000))
    assert np.count_nonzero(rows[:, 0] == 2) == buckets.MOST_REPEATS * 3000


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
    assemble = bulk_candidates._assemble_arrays
    monkeypatch.setattr(bulk_candidates, "_assemble_arrays",
                        lambda per, windows, **k: joined.append(sum(len(w) for w in windows)) or assemble(per, windows, **k))
    with Index.open(tmp_path / "many.db", common_from=common) as index:
        answers = index.add_many([docs[2], docs[0], docs[1]])
    assert _answers(answers[2][1]) == checked
    assert joined and max(joined) < most


def _found_one_by_one(index: Index, posted: list[tuple[int, int, int]], keys: list[int], spans: list[int]):  # type: ignore[no-untyped-def]
    """Index._found as a plain loop over the postings: what its arrays must give (a window pair once for
    each key, i.e. band, it shares; in sorted order)."""
    found: dict[int, tuple[set[str], list[tuple[tuple[int, int], tuple[int, int]]]]] = {}
    for key, seq, span in posted:
        channel = index.channels[key & 3]
        names, windows = found.setdefault(seq, (set(), []))
        names.add(channel.name)
        if channel.window:
            windows += [((span >> 32, span & 0xFFFFFFFF), (s >> 32, s & 0xFFFFFFFF)) for k, s in zip(keys, spans) if k == key]
    return {seq: (names, sorted(windows)) for seq, (names, windows) in found.items()}


@pytest.mark.parametrize("seed", range(5))
def test_candidates_from_postings_are_those_of_a_loop_over_them(tmp_path: Path, seed: int) -> None:
    # keys of every channel, a key repeated among the new article's windows, several postings per key
    import numpy as np

    rng = np.random.default_rng(seed)
    with Index.open(tmp_path / "x.db") as index:
        keys = [int(k) << 2 | int(c) for k, c in zip(rng.integers(-50, 50, 60), rng.integers(0, 3, 60))]
        spans = [int(a) << 32 | int(a + 24) for a in rng.integers(0, 400, 60)]
        posted = [(keys[int(i)], int(rng.integers(1, 9)), int(a) << 32 | int(a + 24))
                  for i, a in zip(rng.integers(0, 60, 200), rng.integers(0, 400, 200))]
        expected = _found_one_by_one(index, posted, keys, spans)
        names, rows = index._found(posted, keys, spans)  # noqa: SLF001
        # each window pair once, with the bands it shares: as many as the loop's rows of it
        windows = {seq: sorted(((a, b), (c, d)) for s, a, b, c, d, bands in rows.tolist() if s == seq
                               for _ in range(bands)) for seq in names}
        assert {seq: (names[seq], windows[seq]) for seq in names} == expected
        assert any(windows for _, windows in expected.values()) and len(expected) > 3
        assert len({tuple(row[:5]) for row in rows.tolist()}) == len(rows)
        names, rows = index._found([], keys, spans)  # noqa: SLF001
        assert names == {} and rows.shape == (0, 6)


@pytest.mark.parametrize("seed", range(5))
def test_candidates_the_assembly_must_drop_are_dropped_before_it_and_the_set_is_the_same(tmp_path: Path, seed: int) -> None:
    # stored articles proposed by the passage channel alone with fewer than min_hits colliding window
    # rows are sure to be dropped by the assembly: without them it gives the same candidate set
    import numpy as np

    rng = np.random.default_rng(seed)
    with Index.open(tmp_path / "x.db") as index:
        seqs = list(range(1, 30))
        names = {s: {str(n) for n in rng.choice(["text", "passage", "content"], int(rng.integers(1, 3)))} for s in seqs}
        windows = np.array([(s, a, a + 24, b, b + 24) for s in seqs for a, b in
                            rng.integers(0, 5, (int(rng.integers(0, 10)), 2)) * 8], dtype=np.int64).reshape(-1, 5)
        # a window pair once, with the bands it shares (a row each above)
        windows = _counted(np.column_stack([windows, np.ones(len(windows), dtype=np.int64)]))
        found = (names, windows)
        kept, rows = index._plausible(found)  # noqa: SLF001
        assert 0 < len(kept) < len(names)
        assert rows is windows  # the assembly reads the windows of the candidates it is given only
        every, fewer = index._candidate_set(found, seqs), index._candidate_set((kept, rows), sorted(kept))  # noqa: SLF001
        assert every.pairs.tolist() == fewer.pairs.tolist()
        assert {k: v.tolist() for k, v in every.channels.items()} == {k: v.tolist() for k, v in fewer.channels.items()}
        assert [every.passage_hits.get(r, ()) for r in range(len(every.pairs))] == \
            [fewer.passage_hits.get(r, ()) for r in range(len(fewer.pairs))]


@pytest.mark.parametrize("seed", range(5))
def test_candidates_dropped_in_arrays_are_those_plausible_drops(tmp_path: Path, seed: int) -> None:
    # a check drops the chance candidates while it gathers the postings (in arrays): the same stored
    # articles and windows as _found, then _plausible, give
    import numpy as np

    rng = np.random.default_rng(seed)
    with Index.open(tmp_path / "x.db") as index:
        keys = np.array([int(k) << 2 | int(c) for k, c in zip(rng.integers(-50, 50, 80), rng.integers(0, 3, 80))])
        spans = np.array([int(a) << 32 | int(a + 24) for a in rng.integers(0, 400, 80)])
        posted = np.array([(keys[int(i)], int(rng.integers(1, 80)), int(a) << 32 | int(a + 24))
                           for i, a in zip(rng.integers(0, 80, 150), rng.integers(0, 400, 150))])
        names, rows = index._plausible(index._found(posted, keys, spans))  # noqa: SLF001
        order = np.argsort(keys, kind="stable")
        lo, hi = np.searchsorted(keys[order], posted[:, 0], "left"), np.searchsorted(keys[order], posted[:, 0], "right")
        fused, fused_rows = index._pairs(posted, keys[order], spans[order], lo, hi, plausible=True)  # noqa: SLF001
        assert fused == names and fused_rows.tolist() == rows.tolist()
        assert 0 < len(names) < len(index._found(posted, keys, spans)[0])  # noqa: SLF001


@pytest.mark.parametrize("seed", range(6))
def test_candidates_sifted_in_python_are_those_sifted_in_arrays(tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # a check's few colliding window rows are counted in Python, many in arrays: the same stored articles kept
    import numpy as np

    import dedup.index.collisions as module

    rng = np.random.default_rng(seed)
    kept = []
    with Index.open(tmp_path / "x.db") as index:
        for _ in range(20):
            seqs = rng.integers(1, 12, int(rng.integers(0, 90)))
            starts = rng.integers(0, 4, (len(seqs), 2)) * 8
            windows = np.column_stack([seqs, starts[:, 0], starts[:, 0] + 24, starts[:, 1], starts[:, 1] + 24])
            windows = _counted(np.column_stack([windows, np.ones(len(windows), dtype=np.int64)]).reshape(-1, 6))
            codes = np.unique(rng.integers(1, 14, 30) << 2 | rng.integers(0, len(index.channels), 30))
            monkeypatch.setattr(module, "_FEW_WINDOWS", 1 << 20)
            few = index._strong(codes, windows)  # noqa: SLF001
            monkeypatch.setattr(module, "_FEW_WINDOWS", -1)
            many = index._strong(codes, windows)  # noqa: SLF001
            assert few.tolist() == many.tolist()
            kept += few.tolist()
    assert 0 < sum(kept) < len(kept)  # some kept, some dropped


def test_membership_in_a_sorted_array_is_numpys() -> None:
    import numpy as np

    from dedup.index.collisions import _among

    rng = np.random.default_rng(2)
    values, ordered = rng.integers(-9, 9, 50), np.unique(rng.integers(-9, 9, 7))
    assert _among(values, ordered).tolist() == np.isin(values, ordered).tolist()
    assert _among(values, ordered[:0]).tolist() == [False] * 50


def test_a_candidate_with_exactly_the_window_rows_its_channel_needs_is_kept(tmp_path: Path) -> None:
    import numpy as np

    with Index.open(tmp_path / "x.db") as index:
        need = index._need["passage"]  # noqa: SLF001
        assert index._bands["passage"] == 2  # noqa: SLF001
        passage = [k << 2 | 1 for k in range(100)]  # the new article's keys, a window for each two
        keys = np.array(passage + [7 << 2, 9 << 2 | 2])
        spans = np.array([k // 2 for k in range(100)] + [100, 101], dtype=np.int64) << 32 | 24
        # stored article s shares s - 1 passage keys (one window row each); 30 and 31 also a whole-text key
        posted = [(passage[s * 10 + n], s, 0) for s in range(1, need + 3) for n in range(s - 1)]
        posted += [(7 << 2, 30, 0), (passage[95], 30, 0), (9 << 2 | 2, 31, 0)]
        posted = np.array(posted, dtype=np.int64)
        lo, hi = np.searchsorted(keys, posted[:, 0], "left"), np.searchsorted(keys, posted[:, 0], "right")
        fused, _ = index._pairs(posted, keys, spans, lo, hi, plausible=True)  # noqa: SLF001
        assert sorted(fused) == [need + 1, need + 2, 30, 31]
        assert fused == index._plausible(index._found(posted, keys, spans))[0]  # noqa: SLF001


def test_a_candidate_whose_window_pairs_each_share_one_band_is_dropped_as_the_assembly_drops_it(tmp_path: Path) -> None:
    # the passage channel keeps a pair only when one of its window pairs shares min_bands (2) bands: a
    # stored article with enough window rows, each a window pair of its own, is dropped before the
    # assembly (which would drop it), one with a window pair sharing two bands is kept
    import numpy as np

    with Index.open(tmp_path / "x.db") as index:
        need = index._need["passage"]  # noqa: SLF001
        passage = [k << 2 | 1 for k in range(100)]  # the new article's keys, a window for each two
        keys = np.array(passage + [7 << 2])
        spans = np.array([k // 2 for k in range(100)] + [100], dtype=np.int64) << 32 | 24
        # 1: need + 2 window rows, each its own window pair (one band each); 2: the same, and a second key
        # of its first window pair (two bands); 3: one window row, and a whole-text key
        posted = [(passage[2 * n], 1, 8 * n << 32 | 8 * n + 24) for n in range(need + 2)]
        posted += [(passage[2 * n], 2, 8 * n << 32 | 8 * n + 24) for n in range(need + 2)]
        posted += [(passage[1], 2, 0 << 32 | 24)]
        posted += [(passage[40], 3, 0), (7 << 2, 3, 0)]
        posted = np.array(posted, dtype=np.int64)
        found = index._found(posted, keys, spans)  # noqa: SLF001
        assert sorted(found[0]) == [1, 2, 3]
        lo, hi = np.searchsorted(keys, posted[:, 0], "left"), np.searchsorted(keys, posted[:, 0], "right")
        fused, rows = index._pairs(posted, keys, spans, lo, hi, plausible=True)  # noqa: SLF001
        assert sorted(fused) == [2, 3]
        assert fused == index._plausible(found)[0]  # noqa: SLF001
        every, fewer = index._candidate_set(found, [1, 2, 3]), index._candidate_set((fused, rows), [2, 3])  # noqa: SLF001
        assert every.pairs.tolist() == fewer.pairs.tolist() == [[2, 0], [3, 0]]
        assert {k: v.tolist() for k, v in every.channels.items()} == {k: v.tolist() for k, v in fewer.channels.items()}


def test_a_window_pair_sharing_several_bands_is_one_row_with_their_count(tmp_path: Path) -> None:
    # a copy of a long article collides in about 20 bands a window pair: a row each was 23 million rows held
    # at once for a million characters (1.3 GB in one array); counted, the assembly reads the same bands
    with Index.open(tmp_path / "x.db") as index:
        passage = next(n for n, spec in enumerate(index.channels) if spec.window)
        keys = [k << 2 | passage for k in (11, 12, 13)]
        posted = [(key, 3, 7 << 32 | 31) for key in keys] + [(keys[0], 4, 9 << 32 | 33)]
        names, rows = index._found(posted, keys, [40 << 32 | 64] * 3)  # noqa: SLF001
        assert rows.tolist() == [[3, 7, 31, 40, 64, 3], [4, 9, 33, 40, 64, 1]]
        assert set(names) == {3, 4}


def test_a_stored_article_checked_again_leaves_its_own_postings_out_of_the_join(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it is never its own match, and a long article met each of its own windows under every key: a million
    # characters checked once stored asked for 23 million window rows (a traceback at 5 GB); the answer the same
    import numpy as np

    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    seen: list[set[int]] = []
    real = Index._pairs  # noqa: SLF001

    def spy(self: Index, posted: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(set(np.asarray(posted)[:, 1].tolist()))
        return real(self, posted, *args, **kwargs)

    monkeypatch.setattr(Index, "_pairs", spy)
    with Index.open(tmp_path / "x.db") as index:
        index.add(Document("a", story))
        index.add(Document("b", story + "\n\nThe port authority said talks would resume on Monday."))
        itself = index._store.find(id="a").seq  # noqa: SLF001
        seen.clear()
        assert [(m.id, m.verdict) for m in index.check(Document("a", story))] == [("b", "duplicate")]
        assert seen and all(itself not in seqs for seqs in seen)
        assert sorted((m.id, m.verdict) for m in index.check(Document("c", story))) == [("a", "duplicate"), ("b", "duplicate")]


def test_window_pairs_counted_in_parts_answer_as_counted_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the join is expanded a part at a time (a window pair met in two parts counts its bands once, summed)
    import dedup.index.collisions as module

    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    with Index.open(tmp_path / "x.db") as index:
        index.add(Document("a", story))
        whole = [m.to_dict() for m in index.check(Document("b", story))]
        found = index._found(index._store.lookup(*index._sign(Document("b", story))[1:2], arrays=True),  # noqa: SLF001
                             *index._sign(Document("b", story))[1:])  # noqa: SLF001
        monkeypatch.setattr(module, "_EXPAND_AT_ONCE", 7)
        assert [m.to_dict() for m in index.check(Document("b", story))] == whole
        parts = index._found(index._store.lookup(*index._sign(Document("b", story))[1:2], arrays=True),  # noqa: SLF001
                             *index._sign(Document("b", story))[1:])  # noqa: SLF001
        assert parts[1].tolist() == found[1].tolist() and len(found[1]) > 7 and whole


def _short_and_long() -> list[Document]:
    """A long document of the sample corpus's stories, two short rewrites of one of them, and the story itself."""
    stories = [d.text for d in read_corpus(CORPUS).documents]
    return [Document("long", "\n\n".join(stories[:8])), Document("rewrite-a", reworded(stories[3], 9)),
            Document("rewrite-b", reworded(stories[3], 11)), Document("story", stories[3])]


def _unordered(answers: dict) -> dict:  # type: ignore[type-arg]
    """Answers with each passage's two spans in either order (an index names the stored article first)."""
    return {k: (verdict, confidence, sorted((sorted([p["a"], p["b"]]), p["similarity"]) for p in passages))
            for k, (verdict, confidence, passages) in answers.items()}


def test_short_and_long_articles_meet_in_the_long_ones_bands_in_the_index_as_in_the_scan(location: str) -> None:
    # a short article's windows in the long articles' own bands: stored with their spans marked, met by a long
    # article's check and never by a short one's, so that check, add and add_many answer as the scan of them
    from dedup.index.intake import SHORT_SPAN

    docs = _short_and_long()
    scanned = scan(list(docs))
    by_pair = {frozenset((p.a, p.b)): (p.verdict, round(p.confidence, 9), [x.to_dict() for x in p.evidence.passages])
               for p in scanned.pairs}
    assert frozenset(("long", "rewrite-a")) in by_pair
    common = [d.text for d in docs]
    for last in range(len(docs)):
        others = [d for k, d in enumerate(docs) if k != last]
        expected = {(d.id): by_pair[frozenset((d.id, docs[last].id))] for d in others
                    if frozenset((d.id, docs[last].id)) in by_pair}
        where = location if last == 0 else location.replace("news.db", f"news{last}.db")
        if where.startswith("redis"):
            where = where.replace("?prefix=", f"?prefix=l{last}")
        with Index.open(where, common_from=common) as index:
            for doc in others:
                index.add(doc)
            assert _unordered(_answers(index.check(docs[last]))) == _unordered(expected), docs[last].id
            assert _unordered(_answers(index.add(docs[last]))) == _unordered(expected)
    # add_many answers as add of each in turn (an article meets those stored before it)
    with Index.open(location.replace("news.db", "many.db").replace("?prefix=", "?prefix=many"),
                    common_from=common) as index:
        answers = [_unordered(_answers(found)) for _, found in index.add_many(docs)]
    with Index.open(location.replace("news.db", "turn.db").replace("?prefix=", "?prefix=turn"),
                    common_from=common) as index:
        assert answers == [_unordered(_answers(index.add(doc))) for doc in docs]
    assert "long" in answers[1] and "long" in answers[2]
    signed = index._keys_many([docs[1].text, docs[0].text])  # noqa: SLF001
    assert (signed[0][1] & SHORT_SPAN).any() and not (signed[1][1] & SHORT_SPAN).any()
