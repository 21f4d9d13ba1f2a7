"""The key filter of a SQLite index's postings table (:mod:`dedup.index.keyfilter`): it holds every key
recorded in it, in memory and in the file, through parts made again as they grow; lookups through it
answer as lookups of every key do; another connection reads the parts a writer's merge steps rewrote;
an index of format 6 gets its filter when opened."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from _ingest_fixtures import synthetic_article
from _bad_input_files import LINE, REWRITE
from _bad_input_helpers import DAMAGED, _error_line, _ok, aged, runner, template  # noqa: F401 - fixtures
from dedup.cli import app
from dedup.documents import Document
from dedup.index import INDEX_FORMAT, Index
from dedup.index import keyfilter
from dedup.index.keyfilter import PARTS, KeyFilter, part_keys, part_of, parts_between
from dedup.index.store import StoredArticle
from dedup.index.store_sqlite import SQLiteStorage

_BIG = np.iinfo(np.int64)


def _tables() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE postings (key INTEGER NOT NULL, seq INTEGER NOT NULL, span INTEGER NOT NULL, "
               "PRIMARY KEY (key, seq, span)) WITHOUT ROWID")
    db.execute("CREATE TABLE keyfilter (part INTEGER PRIMARY KEY, lg INTEGER NOT NULL, keys INTEGER NOT NULL, "
               "bits BLOB NOT NULL)")
    return db


def _keys_in_parts(rng: np.random.Generator, parts: list[int], count: int) -> np.ndarray:
    """``count`` random keys, each in one of ``parts`` (a few parts: they outgrow their slots)."""
    part = np.array(parts, dtype=np.uint64)[rng.integers(0, len(parts), count)]
    low = rng.integers(0, 1 << (64 - keyfilter.PART_BITS), count, dtype=np.uint64)
    return ((part << np.uint64(64 - keyfilter.PART_BITS)) | low).view(np.int64)


@pytest.mark.parametrize("seed", range(3))
def test_a_filter_holds_every_key_recorded_and_few_others(seed: int) -> None:
    rng = np.random.default_rng(seed)
    db = _tables()
    kept = KeyFilter()
    recorded = np.zeros(0, dtype=np.int64)
    parts = [0, 1, PARTS // 2 - 1, PARTS // 2, PARTS - 1]  # the largest and smallest keys, both signs
    for size in (1, 5, 40, 300, 2000, 7000):  # each round more: parts made again, larger
        keys = np.concatenate([_keys_in_parts(rng, parts, size), rng.integers(_BIG.min, _BIG.max, size)])
        keys = np.concatenate([keys, keys[: size // 3]])  # some twice
        db.executemany("INSERT OR IGNORE INTO postings VALUES (?, 1, 0)", [(int(k),) for k in keys])
        kept.add(db, keys)
        recorded = np.concatenate([recorded, keys])
        assert kept.may_hold(recorded).all()
        read = KeyFilter.load(db)  # the file's rows: the same answers
        others = rng.integers(_BIG.min, _BIG.max, 20_000)
        probe = np.concatenate([recorded, others, _keys_in_parts(rng, parts, 20_000)])
        assert np.array_equal(read.may_hold(probe), kept.may_hold(probe))
        assert kept.may_hold(_keys_in_parts(rng, parts, 20_000)).mean() < 0.15  # mostly "not there"
    sizes = dict(db.execute("SELECT part, lg FROM keyfilter").fetchall())
    assert sizes[0] >= 13  # made again as it grew: 2**13 slots at least for its ~3,000 keys
    held = dict(db.execute("SELECT part, keys FROM keyfilter").fetchall())
    assert held[0] == len(np.unique(recorded[part_of(recorded) == 0]))  # counted anew when made again


def test_a_filter_made_from_the_table_holds_its_keys() -> None:
    rng = np.random.default_rng(5)
    db = _tables()
    keys = np.concatenate([rng.integers(_BIG.min, _BIG.max, 30_000), _keys_in_parts(rng, [7], 500)])
    db.executemany("INSERT OR IGNORE INTO postings VALUES (?, 1, 0)", [(int(k),) for k in keys])
    keyfilter.build(db)
    made = KeyFilter.load(db)
    assert made.may_hold(keys).all()
    assert made.may_hold(rng.integers(_BIG.min, _BIG.max, 20_000)).mean() < 0.15
    assert db.execute("SELECT sum(keys) FROM keyfilter").fetchone()[0] == len(np.unique(keys))
    assert not KeyFilter.load(_tables()).may_hold(keys).any()  # an empty table: no key is there


@pytest.mark.parametrize("part", [0, 1, PARTS // 2 - 1, PARTS // 2, PARTS - 1, 12_345])
def test_a_parts_keys_are_one_range(part: int) -> None:
    lo, hi = part_keys(part)
    assert part_of(np.array([lo, hi], dtype=np.int64)).tolist() == [part, part]
    outside = [k for k in (lo - 1, hi + 1) if _BIG.min <= k <= _BIG.max]
    assert part not in part_of(np.array(outside, dtype=np.int64)).tolist()


@pytest.mark.parametrize("seed", range(5))
def test_parts_between_are_the_parts_a_key_range_meets(seed: int) -> None:
    rng = np.random.default_rng(seed)
    bounds = [(-(1 << 63), 1 << 63), (-5, 5), (0, 1), (-1, 0)]
    bounds += [tuple(sorted(int(v) for v in rng.integers(_BIG.min, _BIG.max, 2))) for _ in range(20)]
    for low, high in bounds:
        expected = [p for p in range(PARTS) if part_keys(p)[0] < high and part_keys(p)[1] >= low]
        assert sorted(parts_between(low, high)) == expected, (low, high)
    assert parts_between(7, 7) == []


def _article(number: int) -> StoredArticle:
    return StoredArticle(0, f"a{number}", f"hash{number}", f"text {number}", added_ts=float(number))


@pytest.mark.parametrize("merge_at", [1, 3, 10_000], ids=["every-add", "every-3", "never"])
def test_lookups_through_the_filter_are_lookups_of_every_key(tmp_path: Path, merge_at: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = SQLiteStorage(str(tmp_path / "x.db"), merge_at=merge_at)
    rng = np.random.default_rng(merge_at)
    keys = rng.integers(_BIG.min, _BIG.max, 400)
    try:
        for n in range(30):
            chosen = keys[rng.integers(0, len(keys), 25)]
            store.insert(_article(n), [(int(k), int(s)) for k, s in zip(chosen, rng.integers(0, 3, 25))], [])
        probe = np.concatenate([keys, rng.integers(_BIG.min, _BIG.max, 400)])
        through = [sorted(store.lookup(probe, most=most)) for most in (None, 2, 8, 100)], store.present(probe)
        assert store._maybe_posted(probe).size < probe.size  # noqa: SLF001 - the filter answered some
        monkeypatch.setattr(KeyFilter, "may_hold", lambda self, k: np.ones(len(k), dtype=bool))
        every = [sorted(store.lookup(probe, most=most)) for most in (None, 2, 8, 100)], store.present(probe)
        assert through == every
        assert through[0][0] and through[1]  # postings found, in the table and waiting
    finally:
        store.close()


def test_another_connection_reads_the_parts_a_writers_merge_steps_rewrote(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    one = SQLiteStorage(str(tmp_path / "one.db"), merge_at=1)  # every posting in the postings table at once
    writer, reader = SQLiteStorage(path, merge_at=4), SQLiteStorage(path, merge_at=4)
    rng = np.random.default_rng(9)
    probe = rng.integers(_BIG.min, _BIG.max, 3000)
    try:
        for n in range(40):  # each add a merge step of a quarter of the key space, once 4 wait
            rows = [(int(k), 0) for k in probe[rng.integers(0, len(probe), 60)]]
            writer.insert(_article(n), rows, [])
            one.insert(_article(n), rows, [])
            # the reader looks up after each add: its filter and view read before the writer's next steps
            assert sorted(reader.lookup(probe, most=100)) == sorted(one.lookup(probe, most=100)), n
        assert reader._db.execute("SELECT count(*) FROM postings").fetchone()[0] > 0  # noqa: SLF001
        writer.merge()
        assert sorted(reader.lookup(probe)) == sorted(one.lookup(probe))
    finally:
        for store in (one, writer, reader):
            store.close()


def test_an_index_of_format_6_gets_its_key_filter_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Index.open(str(path)) as index:
        for n in (1, 2):
            index.add(synthetic_article(n))
        index.merge()  # their postings in the postings table
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {"format": 6}),))
    db.execute("DROP TABLE keyfilter")  # format 6 had none
    db.commit()
    db.close()
    with Index.open(str(path), create=False) as index:
        assert index.settings["format"] == INDEX_FORMAT == 7
        for n in (1, 2):
            found = index.check(Document("copy", synthetic_article(n).text + " More follows."))
            assert [m.id for m in found] == [f"art-{n}"]  # found in the postings table, through the filter made
    db = sqlite3.connect(path)
    assert json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])["format"] == 7
    assert db.execute("SELECT sum(keys) FROM keyfilter").fetchone()[0] == \
        db.execute("SELECT count(DISTINCT key) FROM postings").fetchone()[0] > 0
    db.close()


def test_parts_set_again_at_other_sizes_keep_their_bits_and_their_bytes_packed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts set again and again, larger or smaller (a part made again after removals may shrink): each
    answers by its last bits, and the bytes parts no longer use are packed away (``_pack``)."""
    packs = []
    pack = KeyFilter._pack  # noqa: SLF001
    monkeypatch.setattr(KeyFilter, "_pack", lambda self: (packs.append(1), pack(self)))
    rng = np.random.default_rng(3)
    kept = KeyFilter()
    model: dict[int, tuple[int, np.ndarray]] = {}
    peak = 0  # the most bytes parts used at once
    for _ in range(600):
        part = 1 + int(rng.integers(0, 40)) * 400  # spread over the key space (part 0 never set)
        lg = int(rng.integers(3, 11))
        bits = rng.integers(0, 256, (1 << lg) >> 3, dtype=np.uint8)
        kept.set(part, lg, bits)
        model[part] = (lg, bits)
        peak = max(peak, 1 + sum(len(held) for _, held in model.values()))
    assert packs  # exercised
    for part, (lg, bits) in model.items():
        slots = np.arange(1 << lg, dtype=np.uint64)
        keys = ((np.uint64(part) << np.uint64(64 - keyfilter.PART_BITS))
                | (slots << np.uint64(64 - keyfilter.PART_BITS - lg))).view(np.int64)
        assert np.array_equal(kept.may_hold(keys), np.unpackbits(bits, bitorder="little").astype(bool)), part
    assert not kept.may_hold(np.array([1 << 40], dtype=np.int64)).any()  # part 0 was never set: nothing there
    assert len(kept._bits) <= 4 * peak  # noqa: SLF001 - packed, not grown without bound


@pytest.mark.parametrize("ranges", [3, 7, 1000, 10_000, 16_384, 20_000])
def test_merge_steps_end_on_part_boundaries_and_still_take_their_number_of_steps(ranges: int) -> None:
    from dedup.index.sqlite_postings import HIGHEST, step_end

    below, ends = -HIGHEST, []
    while below != HIGHEST:
        below = step_end(below, 1, ranges)
        ends.append(below)
    assert len(ends) == ranges and ends == sorted(set(ends))
    met = [p for low, high in zip([-HIGHEST] + ends[:-1], ends) for p in parts_between(low, high)]
    if ranges <= PARTS:  # each part in one step's range
        assert sorted(met) == list(range(PARTS))
    # a batch's wider step ends where that many single steps end
    assert step_end(-HIGHEST, 3, ranges) == ends[2]
    assert step_end(ends[0], ranges, ranges) == HIGHEST


def test_a_merge_step_begun_between_part_boundaries_goes_on() -> None:
    from dedup.index.sqlite_postings import step_end

    part = 1 << (64 - keyfilter.PART_BITS)
    below = part_keys(100)[0] + part // 3  # where an older version's step ended
    end = step_end(below, 1, 10_000)
    assert end > below and (end - part_keys(0)[0]) % part == 0


def test_each_part_is_rewritten_by_one_merge_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # keys on both sides of where a step of three ranges would end, in one part: the merge of the first
    # three articles (steps taken by the next three adds) writes that part once
    store = SQLiteStorage(str(tmp_path / "x.db"), merge_at=3)
    written: list[int] = []
    real = KeyFilter._add_part
    monkeypatch.setattr(KeyFilter, "_add_part", lambda self, db, part, keys: (written.append(part),
                                                                             real(self, db, part, keys))[1])
    third = -(1 << 63) + -(-(1 << 64) // 3)
    keys = [third - 5, third + 5, 11, -(1 << 62), 1 << 40]  # steps with the third, fourth and fifth adds
    try:
        for n, key in enumerate(keys):
            store.insert(StoredArticle(0, f"a{n}", f"h{n}", f"text {n}", added_ts=float(n)), [(key, n)], [])
        assert sorted(written) == sorted(set(part_of(np.array(keys[:3])).tolist()))
        assert store._db.execute("SELECT key FROM postings ORDER BY key").fetchall() == [  # noqa: SLF001
            (k,) for k in sorted(keys[:3])]  # the merge of the first three ended
    finally:
        store.close()


@pytest.mark.parametrize("damage", ["UPDATE keyfilter SET bits = x'00'", "UPDATE keyfilter SET lg = -1",
                                    "UPDATE keyfilter SET lg = 99"], ids=["bits-cut-short", "size-below-0", "size-past-the-keys"])
def test_a_key_filter_no_merge_wrote_is_a_damaged_index_not_no_matches(aged: Path, tmp_path: Path, damage: str) -> None:
    # bits cut short read as "no key here": the check of a stored article's copy said "no matches"; a size
    # below 0 was a traceback (OverflowError)
    db = tmp_path / "news.db"
    shutil.copy(aged, db)
    assert "duplicate" in _ok(runner.invoke(app, ["check", str(db), str(REWRITE)])).stdout
    with sqlite3.connect(db) as opened:
        opened.execute(damage)
    opened.close()
    for command in (["check", str(db), str(REWRITE)], ["stream", str(db)]):
        assert _error_line(runner.invoke(app, command, input=LINE + "\n")) == DAMAGED
