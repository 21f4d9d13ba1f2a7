"""``Index.add_many`` (batched, :mod:`dedup.index.bulk`) answers and stores exactly what ``add`` of each
article in turn does: the same matches, and the same rows (articles, postings, matches, stretches)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401 - fixtures
from dedup import scan
from dedup.documents import Document
from dedup.errors import InputError
from dedup.index import Index
from dedup.reading import read_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _articles() -> list[Document]:
    """The demo corpus, reprints of one story (buckets crowd inside a batch), and the awkward cases:
    an id again with its text, a text again under another id, an id again with another text, too short."""
    docs = list(read_corpus(CORPUS).documents)
    story = synthetic_article(1, words=150)
    reprints = [Document(f"reprint-{k}", story.text.replace(".", f" {k}.", 1), outlet=f"paper{k}") for k in range(6)]
    return (docs[:4] + [story] + reprints[:3] + [Document(docs[1].id, docs[1].text), Document("copy", docs[2].text)]
            + reprints[3:] + [Document(docs[3].id, docs[3].text + " And another sentence."), Document("tiny", "short")]
            + docs[4:] + [synthetic_article(n) for n in range(2, 6)])


def _answer(result: object) -> object:
    if isinstance(result, InputError):
        return (type(result).__name__, str(result))
    return [(m.id, m.verdict, round(m.confidence, 9), m.channels, m.evidence.to_dict(),  # type: ignore[attr-defined]
             [p.to_dict() for p in m.evidence.passages]) for m in result]  # type: ignore[attr-defined]


def _add_singly(index: Index, docs: list[Document]) -> list[object]:
    """The answers of adding ``docs`` one by one, a refused article's error as its answer."""
    answers = []
    for doc in docs:
        try:
            answers.append(_answer(index.add(doc)))
        except InputError as exc:
            answers.append(_answer(exc))
    return answers


def _stored(index: Index, docs: list[Document]) -> tuple[object, ...]:
    store = index._store
    found = {d.id: store.find(id=d.id) for d in docs}
    # with the article proper's bounds (a batch takes them from its signing, an add finds them again)
    articles = sorted((a.seq, a.id, a.content_hash, a.text, a.body_start, a.body_end) for a in found.values() if a is not None)
    seqs = [a[0] for a in articles]
    keys = np.concatenate([index._keys_many([a[3]])[0][0] for a in articles])
    matches = [[(m.seq, m.other, m.verdict, m.channels, m.evidence) for m in store.matches(s)] for s in seqs]
    return articles, sorted(store.lookup(keys)), matches, store.stretches(seqs)


def _second(location: str) -> str:  # noqa: F811
    return location + "2" if "://" not in location else location + "b:"


@pytest.mark.parametrize(("batch_size", "max_bucket"), [(3, 3), (500, 3), (500, 50)],
                         ids=["small-batches", "one-batch", "one-batch-uncrowded"])
def test_add_many_stores_and_answers_what_add_does(location: str, batch_size: int, max_bucket: int) -> None:  # noqa: F811
    # max_bucket 3: the reprints crowd their buckets inside a batch; 50: they meet, and count each
    # other's shared stretches (the spread) as they are added
    docs = _articles()
    with Index.open(location, max_bucket=max_bucket) as one, Index.open(_second(location), max_bucket=max_bucket) as many:
        singly = _add_singly(one, docs)
        batched = [_answer(result) for _, result in many.add_many(docs, batch_size=batch_size)]
        assert batched == singly
        assert any(isinstance(a, list) and a for a in singly)  # the reprints matched each other
        assert ("DuplicateIdError", f"article id {docs[3].id!r} is already indexed with another text; remove it "
                "first to replace it") in singly
        assert _stored(many, docs) == _stored(one, docs)


def test_add_many_into_an_index_holding_articles(tmp_path: Path) -> None:
    docs = _articles()
    with Index.open(str(tmp_path / "one.db")) as one, Index.open(str(tmp_path / "many.db")) as many:
        for index in (one, many):
            for doc in docs[:6]:
                index.add(doc)
        singly = _add_singly(one, docs[6:])
        assert [_answer(r) for _, r in many.add_many(docs[6:])] == singly
        assert _stored(many, docs) == _stored(one, docs)


def test_an_article_stored_by_another_writer_meanwhile_sends_the_rest_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redis_url: str) -> None:
    # Redis has no batch transaction: another writer may store an article the batch planned to store (on
    # Redis, where a batch's articles are stored one by one; SQLite's batch never calls insert)
    docs = _articles()
    with Index.open(str(tmp_path / "one.db")) as one, Index.open(redis_url) as many:
        singly = _add_singly(one, docs)
        store = many._store
        real = store.insert
        raced: list[str] = []

        def racing(article, postings, matches, stretches=()):  # type: ignore[no-untyped-def]
            if article.id == "reprint-1" and not raced:  # the other writer's insert comes first, with the same rows
                raced.append(article.id)
                keys, spans = many._keys_many([article.text])[0]
                real(article, list(zip(keys.tolist(), spans.tolist())), matches, stretches)
            return real(article, postings, matches, stretches)

        monkeypatch.setattr(store, "insert", racing)
        answers = [_answer(result) for _, result in many.add_many(docs)]
        assert answers == singly and raced == ["reprint-1"]  # the race did happen
        monkeypatch.undo()
        assert _stored(many, docs) == _stored(one, docs)


def test_add_many_on_worker_processes_answers_and_stores_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  forked_pools: list[int]) -> None:
    import dedup.verify as verify

    docs = _articles()
    with Index.open(str(tmp_path / "one.db"), max_bucket=50) as one, \
            Index.open(str(tmp_path / "many.db"), max_bucket=50) as many:
        singly = [_answer(r) for _, r in one.add_many(docs, workers=1)]
        assert not forked_pools
        monkeypatch.setattr(verify, "PARALLEL_SCORING", 1)
        monkeypatch.setattr(verify, "PARALLEL_ALIGNING", 1)
        assert [_answer(r) for _, r in many.add_many(docs, workers=2, batch_size=7)] == singly
        assert forked_pools  # the batches' pairs really were scored and decided on worker processes
        assert _stored(many, docs) == _stored(one, docs)


def test_add_many_reports_the_articles_done_after_each_batch(tmp_path: Path) -> None:
    docs = _articles()
    seen: list[int] = []
    with Index.open(str(tmp_path / "x.db")) as index:
        done = index.add_many(docs, batch_size=8, progress=seen.append)
    assert len(done) == len(docs)
    assert seen == list(range(8, len(docs), 8)) + [len(docs)]


def test_a_batch_closes_when_its_texts_reach_the_characters_of_a_batch(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # a batch of long articles holds their postings, features and windows: it is cut by characters too,
    # with the answers of adding them one by one
    import dedup.index.storing as module

    docs = _articles()
    lengths = [len(d.text) for d in docs]
    monkeypatch.setattr(module, "BATCH_CHARS", 6000)  # a few of these articles
    expected, chars, count = [], 0, 0
    for k, length in enumerate(lengths, start=1):
        chars, count = chars + length, count + 1
        if count == 8 or chars >= module.BATCH_CHARS:
            expected.append(k)
            chars, count = 0, 0
    if expected[-1] != len(docs):
        expected.append(len(docs))
    seen: list[int] = []
    with Index.open(str(tmp_path / "one.db")) as one, Index.open(str(tmp_path / "many.db")) as many:
        singly = _add_singly(one, docs)
        assert [_answer(r) for _, r in many.add_many(docs, batch_size=8, progress=seen.append)] == singly
    assert seen == expected
    assert any(b - a < 8 for a, b in zip([0] + seen, seen[:-1]))  # some batch was closed by its characters


def _long_pair() -> tuple[Document, Document, list[Document]]:
    """Two long articles (passage windows every 2 words) sharing a passage, and a third long one
    sharing a shorter stretch of it: neighbouring windows of each often share a band key."""
    first = synthetic_article(11, words=1200)
    words = first.text.split()
    second = synthetic_article(12, words=1000).text.split()
    third = synthetic_article(13, words=900).text.split()
    b = Document("long-b", " ".join(second[:500] + words[300:520] + second[500:]))
    c = Document("long-c", " ".join(third[:400] + words[350:450] + third[400:]))
    return first, b, [first, b, c]


def test_long_articles_windows_crowding_a_bucket_count_once_in_the_index_as_in_a_scan(location: str) -> None:  # noqa: F811
    # max_bucket 3: buckets hold more than 3 of the long articles' windows (neighbours sharing a key)
    # but at most 3 articles; a scan pairs them (a bucket's texts are counted), and so do check, add and
    # add_many (they counted units, and left those buckets out: other passages than the scan's)
    first, b, docs = _long_pair()
    with Index.open(location, max_bucket=3) as one, Index.open(_second(location), max_bucket=3) as many:
        keys = np.concatenate([one._keys_many([d.text])[0][0] for d in docs])
        _, units = np.unique(keys, return_counts=True)
        assert (units > 3).sum() > 20  # the case at hand: keys of more than max_bucket units
        one.add(first)
        scanned = scan([first, b], vocabulary=one.vocabulary, max_bucket=3).pairs
        assert len(scanned) == 1 and scanned[0].evidence.passages
        [found] = one.check(b)
        expected = scanned[0].evidence if scanned[0].a == b.id else scanned[0].evidence.flipped()
        assert (found.id, found.verdict, found.evidence) == (first.id, scanned[0].verdict, expected)
        singly = _add_singly(one, docs[1:])
        assert singly[0] == _answer([found])
        assert [_answer(r) for _, r in many.add_many(docs, batch_size=500)][1:] == singly
        assert _stored(many, docs) == _stored(one, docs)
        everything = scan(docs, vocabulary=one.vocabulary, max_bucket=3).pairs
        third = {(p.a if p.b == "long-c" else p.b, p.verdict) for p in everything if "long-c" in (p.a, p.b)}
        assert {(m[0], m[1]) for m in singly[1]} == third  # type: ignore[index]


def test_a_batch_leaves_out_the_window_rows_of_pairs_too_few_to_be_kept_with_the_same_candidates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the passage channel keeps a pair with 6 colliding window rows at least: a batch's pairs with fewer
    # are not counted by window pair (as a scan counts its colliding units), which gives the same candidate
    # set without sorting their rows
    import dedup.index.bulk_candidates as bulk

    seen: list[tuple[int, object]] = []
    counted: list[int] = []
    real, units = bulk._assemble_arrays, bulk._window_units

    def counting(left, right):  # type: ignore[no-untyped-def]
        counted.append(len(left[0]))
        return units(left, right)

    def spy(per_channel, windows, **rules):  # type: ignore[no-untyped-def]
        rows = counted[-1]
        found = real(per_channel, windows, **rules)
        seen.append((rows, (found.pairs.tolist(), {k: np.asarray(v).tolist() for k, v in found.channels.items()},
                            found.passage_hits.offsets.tolist(), found.passage_hits.spans.tolist())))
        return found

    monkeypatch.setattr(bulk, "_assemble_arrays", spy)
    monkeypatch.setattr(bulk, "_window_units", counting)
    docs = _articles() + list(_long_pair()[2])
    answers = []
    for least in (None, 1):
        if least is not None:
            monkeypatch.setattr(bulk, "_least_rows", lambda channels: least)
        with Index.open(str(tmp_path / f"{least}.db"), max_bucket=50) as index:
            answers.append([_answer(r) for _, r in index.add_many(docs, batch_size=9)])
    assert answers[0] == answers[1]
    filtered, everything = seen[: len(seen) // 2], seen[len(seen) // 2 :]
    assert [found for _, found in filtered] == [found for _, found in everything]
    assert sum(rows for rows, _ in filtered) < sum(rows for rows, _ in everything)  # some rows were left out


def _rows_of(path: Path) -> list[list[tuple[object, ...]]]:
    """Every row of every table of an SQLite index but the time each article was added."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = []
        for table in tables:
            columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if c[1] != "added_ts"]
            out.append(sorted(db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr))
        return out
    finally:
        db.close()


def test_a_batch_is_stored_on_a_thread_of_its_own_while_its_pairs_are_verified(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the batch's articles, postings and stretches need none of its verdicts: they are written while the
    # workers verify, and the matches once the verdicts are in
    import threading

    from dedup.index.store_sqlite import SQLiteStorage

    docs = _articles()
    storing: list[str] = []
    real = SQLiteStorage.insert_batch

    def insert_batch(self, rows, **given):  # type: ignore[no-untyped-def]
        storing.append(threading.current_thread().name)
        return real(self, rows, **given)

    monkeypatch.setattr(SQLiteStorage, "insert_batch", insert_batch)
    with Index.open(str(tmp_path / "one.db"), max_bucket=50) as one, \
            Index.open(str(tmp_path / "many.db"), max_bucket=50) as many, \
            Index.open(str(tmp_path / "alone.db"), max_bucket=50) as alone:
        singly = _add_singly(one, docs)
        assert [_answer(r) for _, r in many.add_many(docs, workers=2, batch_size=9)] == singly
        assert storing and set(storing) == {"dedup-store-batch"}
        assert _stored(many, docs) == _stored(one, docs)
        storing.clear()
        assert [_answer(r) for _, r in alone.add_many(docs, workers=1, batch_size=9)] == singly
        assert set(storing) == {threading.current_thread().name}  # no worker processes: no thread either
    assert _rows_of(tmp_path / "one.db") == _rows_of(tmp_path / "many.db") == _rows_of(tmp_path / "alone.db")


@pytest.mark.parametrize("fails", ["verifying", "storing"])
def test_a_load_interrupted_while_a_batch_is_stored_keeps_the_batches_before_it_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str) -> None:
    # Ctrl-C while the workers verify the second batch and its rows are being written beside them, or the
    # disk refusing those rows: the second batch is rolled back whole, once its storing thread is done
    # with the transaction, the first batch stays as it was committed, and adding again completes the load
    import threading

    import dedup.index.bulk as bulk
    from dedup.errors import StorageError
    from dedup.index.store_sqlite import SQLiteStorage

    docs = _articles()
    batch = 9
    written = threading.Event()
    real_settle, real_verify = SQLiteStorage.settle, bulk.verify
    calls: list[int] = []
    settled: list[int] = []

    def settle(self):  # type: ignore[no-untyped-def]
        real_settle(self)
        settled.append(1)
        if len(settled) == 2 and fails == "storing":
            raise StorageError("x.db: disk full")
        if len(settled) == 2:
            written.set()

    def verify(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2 and fails == "verifying":
            assert written.wait(30)  # the storing thread has written the batch's rows in the transaction
            raise KeyboardInterrupt
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(SQLiteStorage, "settle", settle)
    monkeypatch.setattr(bulk, "verify", verify)
    with Index.open(str(tmp_path / "one.db"), max_bucket=50) as one:
        singly = _add_singly(one, docs)
        first = Index.open(str(tmp_path / "first.db"), max_bucket=50)
        first.add_many(docs[:batch], workers=1)
        first.close()
    calls.clear()
    settled.clear()
    with Index.open(str(tmp_path / "many.db"), max_bucket=50) as many:
        with pytest.raises(KeyboardInterrupt if fails == "verifying" else StorageError):
            many.add_many(docs, workers=2, batch_size=batch)
        assert not any(t.name == "dedup-store-batch" for t in threading.enumerate())
        assert many._store.integrity() == "ok"
    assert _rows_of(tmp_path / "many.db")[:-1] == _rows_of(tmp_path / "first.db")[:-1]
    monkeypatch.undo()
    with Index.open(str(tmp_path / "many.db"), max_bucket=50) as many, \
            Index.open(str(tmp_path / "one.db"), max_bucket=50) as one:
        again = [_answer(r) for _, r in many.add_many(docs[batch:], workers=2, batch_size=batch)]
        assert again == singly[batch:]
        assert _stored(many, docs) == _stored(one, docs)


def test_a_batch_signed_in_parts_on_threads_gives_each_text_the_keys_of_one_call(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from dedup.index import bulk
    from dedup.signing import text_bounds

    texts = [doc.text for doc in _articles() if len(doc.text.split()) >= 20]
    monkeypatch.setattr(bulk, "SIGN_PART", 3)
    with Index.open(str(tmp_path / "x.db"), max_bucket=50) as index:
        bounds = text_bounds(texts)
        whole = index._signed_many(texts, bounds)
        threads: list[str] = []

        def sign(part: list[str], part_bounds: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
            threads.append(threading.current_thread().name)
            return index._signed_many(part, part_bounds)

        parts = bulk.signed_in_parts(sign, texts, bounds, workers=2)
        assert len(threads) == -(-len(texts) // 3) and all(name.startswith("dedup-sign") for name in threads)
        assert len(parts) == len(whole) == len(texts)
        for (keys, spans), (whole_keys, whole_spans) in zip(parts, whole):
            assert keys.tolist() == whole_keys.tolist() and spans.tolist() == whole_spans.tolist()
        threads.clear()
        alone = bulk.signed_in_parts(sign, texts, bounds, workers=1)
        # a part at a time in the caller's thread, in turn: no thread started, the same keys
        assert threads == [threading.current_thread().name] * -(-len(texts) // 3)
        assert [(k.tolist(), s.tolist()) for k, s in alone] == [(k.tolist(), s.tolist()) for k, s in whole]
        threads.clear()
        assert len(bulk.signed_in_parts(sign, texts[:3], bounds[:3], workers=1)) == 3
        assert threads == [threading.current_thread().name]  # one part: one call


def test_a_part_failing_to_sign_raises_its_error_and_the_parts_not_begun_are_not_signed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from dedup.index import bulk

    monkeypatch.setattr(bulk, "SIGN_PART", 1)
    begun: list[str] = []
    never = threading.Event()

    def sign(part: list[str], part_bounds: np.ndarray) -> list[int]:
        begun.append(part[0])
        if part[0] == "0":
            raise InputError("no keys")
        never.wait(1)  # the other thread's parts last until the error has been seen
        return [0]

    texts = [str(k) for k in range(12)]
    with pytest.raises(InputError, match="no keys"):
        bulk.signed_in_parts(sign, texts, np.zeros((12, 2), dtype=np.int64), workers=2)
    assert "0" in begun and len(begun) <= 3  # the failing part, at most one beside it and one after it
