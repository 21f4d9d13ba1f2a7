"""The ingest benchmark's digest of answers: two versions of the code giving the same answers give the
same digest, so a speed change is checked for equal answers by the command that times it."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from _ingest_fixtures import synthetic_article  # noqa: E402
from ingest_speed import Corpus, run  # noqa: E402


def _corpus(tmp_path: Path) -> Corpus:
    # filler, and reprints of every fifth article: some checks and adds find a copy, most nothing
    docs = [synthetic_article(n) for n in range(60)]
    docs += [synthetic_article(n) for n in range(0, 60, 5)]
    rows = [{"id": f"{d.id}-{k}", "text": d.text + (" More follows." if k >= 60 else "")} for k, d in enumerate(docs)]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return Corpus(path)


def test_the_answers_digest_folds_every_match_of_the_timed_checks_and_adds(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    first = run(str(tmp_path / "a.db"), 40, corpus, 16, progress=False)
    again = run(str(tmp_path / "b.db"), 40, corpus, 16, progress=False)
    assert first["answers_digest"] == again["answers_digest"]
    checks, adds = corpus.queries(40, 16)
    from dedup.index import Index

    expected = hashlib.sha256()
    with Index.open(str(tmp_path / "c.db"), common_from=[corpus.article(n).text for n in range(40)]) as index:
        index.add_many(corpus.article(n) for n in range(40))
        for kind, docs in (("check", checks), ("add", adds)):
            for doc in docs:
                found = index.check(doc) if kind == "check" else index.add(doc)
                for m in found:
                    expected.update(f"{kind} {doc.id} {m.id} {m.verdict} {m.confidence:.9f}\n".encode())
    assert first["flagged"] != "0/16" and first["answers_digest"] == expected.hexdigest()[:16]


def test_the_slowest_checks_and_adds_are_listed_slowest_first_when_asked(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    row = run(str(tmp_path / "a.db"), 40, corpus, 16, progress=False, slowest=3)
    checks, adds = corpus.queries(40, 16)
    slow = row["slowest"]
    assert isinstance(slow, dict) and set(slow) == {"check", "add"}
    for kind, docs in (("check", checks), ("add", adds)):
        ops = slow[kind]
        assert len(ops) == 3 and {op["id"] for op in ops} <= {d.id for d in docs}
        assert [op["cpu_ms"] for op in ops] == sorted((op["cpu_ms"] for op in ops), reverse=True)
        assert all(op["words"] == len(next(d for d in docs if d.id == op["id"]).text.split()) for op in ops)
    assert "slowest" not in run(str(tmp_path / "b.db"), 40, corpus, 16, progress=False)


def test_the_collections_are_counted_and_the_long_lived_collector_gives_the_same_answers(tmp_path: Path) -> None:
    import gc

    from ingest_speed import Collections

    corpus = _corpus(tmp_path)
    before = gc.get_threshold()
    python = run(str(tmp_path / "a.db"), 40, corpus, 16, progress=False)
    served = run(str(tmp_path / "b.db"), 40, corpus, 16, progress=False, collector_setting="long-lived")
    assert (python["collector"], served["collector"]) == ("python", "long-lived")
    assert served["answers_digest"] == python["answers_digest"]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0  # given back after the timed operations
    with Collections() as counted:
        gc.collect(0)
        gc.collect(2)
    assert counted.count == [1, 0, 1] and counted.summary().startswith("1/0/1 in ")
    gc.collect()
    assert counted.count == [1, 0, 1]  # nothing counted once it is left


def test_a_fill_merging_seldom_stores_what_the_default_fill_does_and_gives_the_setting_back(tmp_path: Path) -> None:
    from dedup.index import Index

    corpus = _corpus(tmp_path)
    default = run(str(tmp_path / "a.db"), 40, corpus, 16, progress=False)
    seldom = run(str(tmp_path / "b.db"), 40, corpus, 16, progress=False, fill_merge_at=1_000_000)
    assert seldom["answers_digest"] == default["answers_digest"] and seldom["flagged"] == default["flagged"]
    assert seldom["articles"] == default["articles"]
    # the default fill's 40 articles still wait at the end (fewer than 10,000); the other's were merged
    assert default["merged_articles"] == seldom["merged_articles"] + 40
    with Index.open(str(tmp_path / "b.db"), create=False) as index:
        assert index._store.merge_at is None  # the default: the threshold grows with what is stored


def test_a_fill_merging_every_few_articles_merges_at_the_end_and_gives_the_setting_back(tmp_path: Path) -> None:
    from dedup.index import Index
    from ingest_speed import merging_every

    corpus = _corpus(tmp_path)
    with Index.open(str(tmp_path / "a.db"), common_from=[corpus.article(n).text for n in range(40)]) as index:
        before = index._store.merge_at
        with merging_every(index, 7):
            assert index._store.merge_at == 7
            index.add_many(corpus.article(n) for n in range(40))
        assert index._store.merge_at == before and index.merge() == 0  # nothing left waiting
        assert index.stats()["articles"] == 40


def test_the_bytes_a_fill_writes_are_counted_where_the_system_keeps_them(tmp_path: Path) -> None:
    import os

    from ingest_speed import written_bytes

    before = written_bytes()
    if before is None:
        row = run(str(tmp_path / "a.db"), 20, _corpus(tmp_path), 4, progress=False)
        assert row["fill_written_bytes_per_article"] is None
        return
    with open(tmp_path / "f", "wb") as f:  # a megabyte, synced: counted once it reaches storage
        f.write(b"x" * (1 << 20))
        f.flush()
        os.fsync(f.fileno())
    after = written_bytes()
    assert after is not None
    if after - before < 1 << 20:
        pytest.skip("this file system's writes are not counted (a file system in memory)")
    row = run(str(tmp_path / "a.db"), 20, _corpus(tmp_path), 4, progress=False)
    assert row["fill_written_bytes_per_article"] > 1000  # the articles' rows, their postings, the log
    again = run(str(tmp_path / "a.db"), 20, _corpus(tmp_path), 4, progress=False)  # nothing to fill
    assert again["fill_written_bytes_per_article"] is None


def test_the_slowest_operations_carry_their_stages_when_asked_and_the_index_is_unwrapped_after(tmp_path: Path) -> None:
    from ingest_stages import STAGES

    from dedup.index import matching, store_sqlite

    before = (matching.Matching._partners, matching.verify, store_sqlite.SQLiteStorage.insert)
    corpus = _corpus(tmp_path)
    row = run(str(tmp_path / "a.db"), 40, corpus, 16, progress=False, slowest=4, stages=True)
    assert (matching.Matching._partners, matching.verify, store_sqlite.SQLiteStorage.insert) == before
    assert "_partners" in vars(matching.Matching) and "lookup" not in vars(store_sqlite.SQLiteStorage)
    labels = {label for _, _, label, _ in STAGES}
    top = {label for _, _, label, inside in STAGES if inside is None}
    slow = row["slowest"]
    assert isinstance(slow, dict)
    for kind in ("check", "add"):
        for op in slow[kind]:
            stages = op["stages"]
            assert set(stages) <= labels and "candidates" in stages and "lookup" in stages
            assert sum(ms for label, ms in stages.items() if label in top) <= op["cpu_ms"] + 0.01
            assert op["gc_ms"] >= 0
    assert any("insert" in op["stages"] for op in slow["add"])
    assert not any("insert" in op["stages"] for op in slow["check"])
    # the same answers with the stages timed as without
    assert row["answers_digest"] == run(str(tmp_path / "b.db"), 40, corpus, 16, progress=False)["answers_digest"]


def test_an_operations_stages_are_shown_nested_with_the_rest() -> None:
    from ingest_stages import shown

    line = shown({"candidates": 2.0, "lookup": 1.5, "verification": 10.0, "alignment": 4.0, "insert": 1.0}, 15.0)
    assert line == "candidates 2.0 (lookup 1.5), verification 10.0 (alignment 4.0), insert 1.0, other 2.0"
    assert shown({}, 3.25) == "other 3.2"


def test_stages_without_the_slowest_list_is_refused(tmp_path: Path) -> None:
    import subprocess

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "ingest_speed.py"
    done = subprocess.run([sys.executable, str(script), "--stages", "--corpus", str(tmp_path / "none.jsonl")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--stages is shown on the list of the slowest operations" in done.stderr
