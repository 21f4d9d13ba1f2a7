from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup import scan
from dedup.documents import Document
from dedup.errors import DuplicateIdError, SettingsError

from conftest import CORPUS

PORT = {"citypaper/port-strike.txt", "coastnews/port-strike-reprint.json", "globalwire/port-strike.json"}
INDEPENDENT = "metrotribune/port-strike-own.txt"
UNRELATED = {"globalwire/election-turnout.txt", "metrotribune/football-derby.txt", "citypaper/weather-week.txt"}


SEED = frozenset({"newswire/belarus-china-drills.txt", "eastdesk/belarus-china-drills.txt"})


@pytest.fixture(scope="module")
def corpus_result():  # type: ignore[no-untyped-def]
    return scan(CORPUS)


def verdicts(result) -> dict[frozenset[str], str]:  # type: ignore[no-untyped-def]
    return {frozenset((p.a, p.b)): p.verdict for p in result.pairs}


def test_syndicated_copies_are_duplicates(corpus_result) -> None:  # type: ignore[no-untyped-def]
    found = verdicts(corpus_result)
    for a in PORT:
        for b in PORT - {a}:
            assert found[frozenset((a, b))] == "duplicate"


def test_seed_pair_is_a_rewrite_with_its_alignment(corpus_result) -> None:  # type: ignore[no-untyped-def]
    pair = next(p for p in corpus_result.pairs if frozenset((p.a, p.b)) == SEED)
    assert pair.verdict == "rewrite"
    assert pair.evidence.jaccard < 0.1  # no shared text to speak of: alignment found it
    assert pair.alignment.verdict == "wholly_derived"
    assert pair.to_dict()["alignment"]["documents"][0]["id"] in SEED


def test_without_alignment_the_rewrite_cannot_be_confirmed() -> None:
    assert SEED not in {frozenset((p.a, p.b)) for p in scan(CORPUS, align=False).pairs}


def test_partial_reuse_is_partial_and_located(corpus_result) -> None:  # type: ignore[no-untyped-def]
    pair = next(p for p in corpus_result.pairs if p.b == "weeklyreview/northern-industry-feature.txt")
    assert pair.a == "globalwire/chip-plant.json" and pair.verdict == "partial"
    feature = corpus_result.document(pair.b).text
    (passage,) = pair.passages
    assert "900 million euros in subsidies" in feature[passage.b[0] : passage.b[1]]


def test_independent_report_and_unrelated_stories_are_not_paired(corpus_result) -> None:  # type: ignore[no-untyped-def]
    paired = {x for p in corpus_result.pairs for x in (p.a, p.b)}
    assert INDEPENDENT not in paired
    assert not paired & UNRELATED


def test_clusters_keep_the_story_together(corpus_result) -> None:  # type: ignore[no-untyped-def]
    members = [set(c.members) for c in corpus_result.clusters]
    assert PORT in members and set(SEED) in members


def test_json_is_deterministic_and_versioned() -> None:
    one = scan(CORPUS, align=False).to_dict()
    two = scan(CORPUS, align=False).to_dict()
    for d in (one, two):
        d["stats"].pop("seconds")
    assert json.dumps(one) == json.dumps(two)
    assert one["schema_version"] == 1


def test_documents_as_input_and_duplicate_ids() -> None:
    text = "The quick brown fox jumps over the lazy dog near the river bank every single morning today."
    assert scan([Document("a", text), Document("b", "Something else entirely about the weather in spring and rain.")]).pairs == ()
    with pytest.raises(DuplicateIdError, match="'a'"):
        scan([Document("a", text), Document("a", text)])


def test_bad_batch_size() -> None:
    with pytest.raises(SettingsError, match="batch_size"):
        scan([], batch_size=0)


def test_empty_corpus(tmp_path: Path) -> None:
    result = scan(tmp_path)
    assert result.pairs == () and result.clusters == () and result.stats["documents"] == 0
