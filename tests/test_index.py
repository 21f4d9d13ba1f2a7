"""The Index API (:mod:`dedup.index.index`) on both backends: a check, an add, matches, removal and pruning,
its equivalence with a scan, alignments made on demand, the given language; the long-lived collector.

The articles here (``WIRE``, ``REPRINT``, ``OTHER``) are the other index tests' too: an add's intake
(``test_index_intake.py``), a check's matching (``test_index_matching.py``), adds in batches
(``test_index_storing.py``), what is refused before an index opens (``test_index_opening.py``), its
settings (``test_index_settings.py``), and the ingest commands (``test_ingest.py``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401 - fixtures
from dedup.channels import DEFAULT_CHANNELS
from dedup.documents import Document
from dedup.errors import InputError, SettingsError
from dedup.index import Index
from dedup.pipeline import scan
from dedup.reading import read_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
WIRE = Document("wire-1", "Harlow port workers walked out on Monday after talks with Kestrel Shipping broke down "
                "over a 4.5 percent pay offer, leaving 23 container ships waiting at anchor off the coast "
                "and threatening deliveries to factories across the region, union leader Ana Okafor said.",
                outlet="wire", published="2026-11-20T08:00:00Z")
REPRINT = Document("paper-1", WIRE.text + " Talks resume on Thursday.", outlet="paper")
OTHER = synthetic_article(1)


def test_check_finds_a_reprint_and_changes_nothing(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        found = index.check(REPRINT)
        assert [(m.id, m.verdict, m.outlet) for m in found] == [("wire-1", "duplicate", "wire")]
        assert index.stats()["articles"] == 1


def test_check_compares_another_text_under_a_stored_id(location: str) -> None:
    # two outlets' files of one name: checking one against an index holding the other is no self-match
    with Index.open(location) as index:
        index.add(WIRE)
        assert index.check(WIRE) == []  # the stored article itself
        found = index.check(Document(WIRE.id, REPRINT.text))
        assert [(m.id, m.verdict) for m in found] == [(WIRE.id, "duplicate")]


def test_add_is_idempotent_on_id(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        first = index.add(REPRINT)
        again = index.add(REPRINT)
        assert [m.id for m in again] == [m.id for m in first] == ["wire-1"]
        assert again[0].verdict == first[0].verdict
        assert index.stats()["articles"] == 2


def test_same_text_under_another_id_is_not_stored_twice(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        found = index.add(Document("copy", "  " + WIRE.text.replace(" ", "\n", 3)))
        assert [(m.id, m.verdict) for m in found] == [("wire-1", "duplicate")]
        assert index.stats()["articles"] == 1 and not index.contains("copy")


def test_matches_are_recorded_on_both_sides(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        index.add(REPRINT)
        index.add(OTHER)
        assert [m.id for m in index.matches("wire-1")] == ["paper-1"]
        mine = index.matches("paper-1")[0]
        assert mine.id == "wire-1" and mine.evidence.b_in_a == 1.0  # all of the wire is in the reprint
        with pytest.raises(InputError, match="no article"):
            index.matches("nope")


def test_remove_and_prune(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        index.add(REPRINT)
        assert index.remove("paper-1") and not index.remove("paper-1")
        assert index.matches("wire-1") == [] and index.check(REPRINT)[0].id == "wire-1"
        assert index.stats()["postings"] > 0
        assert index.prune(datetime(2026, 1, 1, tzinfo=timezone.utc)) == 0
        assert index.prune(datetime(2026, 11, 21, tzinfo=timezone.utc)) == 1  # published 2026-11-20
        assert index.stats()["articles"] == 0 and index.stats()["postings"] == 0


def test_prune_refuses_what_would_remove_every_article(location: str) -> None:
    # the command line refuses an age of 0 and a date to come (parse_age); the API does too, the index untouched
    with Index.open(location) as index:
        index.add(WIRE)
        for age in (timedelta(0), timedelta(days=-1), datetime(2999, 1, 1, tzinfo=timezone.utc), datetime(2999, 1, 1)):
            with pytest.raises(InputError, match="every article"):
                index.prune(age)
        assert index.contains("wire-1") and index.stats()["articles"] == 1


def test_prune_of_an_age_past_the_calendar_is_refused(location: str) -> None:
    # timedelta(days=999999999) was an OverflowError ("date value out of range")
    with Index.open(location) as index:
        index.add(WIRE)
        with pytest.raises(InputError, match="before the calendar"):
            index.prune(timedelta(days=999_999_999))
        assert index.contains("wire-1")


def test_matches_refuses_an_earlier_only_that_is_no_true_or_false(tmp_path: Path) -> None:
    with Index.open(tmp_path / "i.db") as index:
        index.add(WIRE)
        with pytest.raises(SettingsError, match="earlier_only must be True or False"):
            index.matches("wire-1", earlier_only="no")  # type: ignore[arg-type]


@pytest.mark.parametrize("align", [False, True], ids=["unaligned", "aligned"])
def test_equivalence_with_scan_on_the_demo_corpus(location: str, align: bool) -> None:
    """Same pairs and verdicts as ``scan``, aligned or not: the index runs the scan's stages one article at
    a time (the confidences may differ a little: an article added counts a stretch's spread over the
    articles stored before it, a scan over the whole corpus)."""
    corpus = read_corpus(CORPUS)
    expected = sorted((p.a, p.b, p.verdict) for p in scan(corpus, align=align).pairs)
    got = []
    with Index.open(location, channels=DEFAULT_CHANNELS, align=align) as index:
        for doc in corpus.documents:
            got += [(min(doc.id, m.id), max(doc.id, m.id), m.verdict) for m in index.add(doc)]
    assert expected and sorted(got) == expected


def test_alignment_is_computed_on_demand(tmp_path: Path) -> None:
    with Index.open(str(tmp_path / "n.db")) as index:
        index.add(WIRE)
        match = index.check(REPRINT)[0]
    try:
        import dedup.align  # noqa: F401
    except ImportError:
        assert match.alignment() is None  # a build without the sentence aligner
        return
    alignment = match.alignment()
    assert alignment is not None and alignment is match.alignment()  # computed once
    assert "alignment" in match.to_dict(with_alignment=True)


def _arabic_pair(language: str | None) -> tuple[Document, Document]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import multilingual

    texts = multilingual.articles(multilingual.load("ar"))
    return (Document("ar-source", texts["source"], outlet="agency", language=language),
            Document("ar-rewrite", texts["rewrite"], outlet="paper", language=language))


def _links(alignment) -> list[float]:  # type: ignore[no-untyped-def]
    return [round(link.score, 6) for link in alignment.links]


def test_a_given_language_is_stored_and_a_check_answers_as_a_scan(location: str) -> None:
    """Arabic copy labelled Persian by its feed: the label, not detection, chooses the word rules, in the
    index as in a scan (before format 4 the stored article was detected again: Arabic rules on one side)."""
    source, rewrite = _arabic_pair("fa")
    detected = scan(list(_arabic_pair(None))).pairs[0]
    (pair,) = scan([source, rewrite]).pairs
    assert _links(pair.alignment) != _links(detected.alignment)  # the given language matters here
    with Index.open(location) as index:
        index.add(source)
        (match,) = index.check(rewrite)
        assert (match.verdict, round(match.confidence, 6)) == (pair.verdict, round(pair.confidence, 6))
        assert _links(match.alignment()) == _links(pair.alignment)
        assert index._store.find(id="ar-source").language == "fa"


def test_an_alignment_made_on_demand_reads_each_text_in_its_given_language(tmp_path: Path) -> None:
    from dedup.verify import align_pair

    source, rewrite = _arabic_pair("fa")
    # Without alignment the rewrite's confidence is low; the bar is lowered so that it is a match at
    # all: what is tested is the alignment made afterwards, not the verdict.
    with Index.open(str(tmp_path / "news.db"), align=False, min_confidence=0.01) as index:
        index.add(source)
        matches = index.check(rewrite)
        assert matches and matches[0]._alignment is None
        assert _links(matches[0].alignment()) == _links(align_pair(source, rewrite))
        assert _links(matches[0].alignment()) != _links(align_pair(*_arabic_pair(None)))


def test_the_long_lived_collector_leaves_a_callers_freeze_and_refuses_a_threshold_under_one() -> None:
    import gc

    from dedup.index.index import long_lived_collector

    kept = [object()]  # noqa: F841 - something alive to freeze
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with long_lived_collector(young=5000):
            assert gc.get_threshold()[0] == 5000 and gc.get_freeze_count() >= frozen
        assert gc.get_freeze_count() >= frozen  # the caller's freeze is the caller's to undo
    finally:
        gc.unfreeze()
    before = gc.get_threshold()
    with pytest.raises(ValueError, match="threshold of 1 or more"):
        with long_lived_collector(young=0):
            pass  # pragma: no cover - refused before
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_an_index_says_whether_it_is_read_only(location: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from dedup.errors import StorageError

    with Index.open(location) as index:  # SQLite on a writable disk, or Redis: written
        index.add(WIRE)
        assert index.read_only is False
    path = tmp_path / "ro.db"
    with Index.open(str(path)) as index:
        index.add(WIRE)
    real = os.statvfs

    def statvfs(at: object) -> os.statvfs_result:  # the system's answer for a read-only mount, stood in for
        got = real(at)  # type: ignore[arg-type]
        return os.statvfs_result((*got[:8], got.f_flag | os.ST_RDONLY, *got[9:]))

    monkeypatch.setattr(os, "statvfs", statvfs)
    with Index.open(str(path), create=False) as index:
        assert index.read_only is True
        assert [m.id for m in index.check(REPRINT)] == ["wire-1"]
        with pytest.raises(StorageError, match="read-only file system"):
            index.add(OTHER)
