"""benchmarks/agreement.py: every entry point's answers about a corpus's pairs, diffed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dedup import Document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import agreement  # noqa: E402


def _languages(*codes: str) -> list[Document]:
    from benchmarks.multilingual import articles, load

    return [Document(f"{code}/{case}", text) for code in codes for case, text in articles(load(code)).items()]


def test_an_answer_is_read_the_same_from_either_side() -> None:
    data = {"verdict": "partial", "confidence": 0.9, "why": {}, "channels": ["passage", "text"],
            "scores": {"containment": {"a_in_b": 0.2, "b_in_a": 0.7}, "passage_coverage": {"a": 0.1, "b": 0.6}},
            "passages": [{"a": [0, 10], "b": [5, 15], "similarity": 0.8}]}
    turned = dict(data, scores={"containment": {"a_in_b": 0.7, "b_in_a": 0.2}, "passage_coverage": {"a": 0.6, "b": 0.1}},
                  passages=[{"a": [5, 15], "b": [0, 10], "similarity": 0.8}])
    assert agreement.canonical(data, "x", "y") == agreement.canonical(turned, "y", "x")
    assert agreement.differing(agreement.canonical(data, "x", "y"), None) == "reported"
    other = agreement.canonical(dict(data, confidence=0.91), "x", "y")
    assert agreement.differing(agreement.canonical(data, "x", "y"), other) == "confidence"


def test_every_entry_point_gives_the_scan_answer_where_it_is_documented_to(capsys: pytest.CaptureFixture[str]) -> None:
    # two languages of the multilingual set, each with a verbatim copy of its source: the copies count once
    report = agreement.audit(_languages("am", "es"), "two languages", dask=False, more=False)
    assert report["pairs"]["scan"] >= 12
    for entry in ("check", "bulk", "stream"):
        assert entry not in report["disagree"], (entry, report["examples"].get(entry))
    # compare (a scan of the two alone) and the adds may differ, for the documented reasons only
    assert all(cause == "-" or cause.startswith(("corpus", "spread", "crowded", "one copy")) for entry in ("compare", "add")
               for cause in report["causes"].get(entry, {}))
    out = capsys.readouterr().out
    assert "| two languages | 14 |" in out and "| check |" in out


def test_a_corpus_that_is_not_there_is_one_error_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert agreement.main([str(tmp_path / "missing.jsonl"), "--no-dask"]) == 2
    assert capsys.readouterr().err.strip().startswith("Error: ")


def test_the_entry_points_audited_since_give_the_scan_answer_too(tmp_path: Path) -> None:
    # dedup serve (HTTP), the index after remove and prune against a scan of what it still holds, an index
    # filled by three index add runs, the corpus shuffled, and every setting that changes answers, on the
    # two languages (each with a verbatim copy of its source: a removed source takes its copy's id with it)
    report = agreement.audit(_languages("am", "es"), "two languages", dask=False, variants=14, log=lambda _: None)
    entries = ["scan, shuffled", "serve /articles", "serve /check", "check after remove", "check after prune",
               "index add, 3 runs", *(f"{label}: check" for label in agreement.VARIANTS)]
    assert all(entry in report["pairs"] or entry == "index add, 3 runs" for entry in entries)
    assert {entry: report["disagree"][entry] for entry in entries if entry in report["disagree"]} == {}
    assert report["pairs"]["min-confidence 0.3: check"] > report["pairs"]["min-confidence 0.9: check"]


def test_the_sets_written_are_every_set_we_have_the_large_ones_last(tmp_path: Path) -> None:
    from benchmarks.make_training import NEWSROOM
    from benchmarks.multilingual import WIRE, languages

    reuters = tmp_path / "reuters.jsonl"
    reuters.write_text("".join(f'{{"id": "r{n}", "text": "story {n}"}}\n' for n in range(3)), encoding="utf-8")
    synd = tmp_path / "synd.jsonl"
    synd.write_text('{"id": "s", "text": "a story"}\n', encoding="utf-8")
    made = agreement.write_sets(tmp_path / "sets", reuters=reuters, synd=synd, pan=tmp_path / "no-pan")
    names = [p.name for p in made]
    # every newsroom set under benchmarks/newsroom (train and each held-out set), none left out
    on_disk = sorted(p.name for p in NEWSROOM.iterdir() if p.is_dir())
    assert sorted(n[len("newsroom-"):-len(".jsonl")] for n in names if n.startswith("newsroom-")) == on_disk
    # every language of every multilingual group, and the agency wire folder
    assert sorted(p.name for p in (tmp_path / "sets" / "multilingual").iterdir()) == languages()
    assert WIRE in made
    assert names[-2:] == ["reuters-2000.jsonl", "synd.jsonl"]
    assert "pan-sample.jsonl" not in names  # no PAN data given: left out, not an error


def test_a_check_apart_from_the_scan_is_read_again_with_no_bucket_limit(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # the documented cause (a bucket crowded after two stored articles met in it) is gone with no bucket
    # limit: a pair the scan and the index then agree on had it; one still apart is unexplained
    from dedup.signing import corpus_vocabulary

    docs = _languages("es")
    vocab = corpus_vocabulary([d.text for d in docs])
    key = agreement.key_of("es/source", "es/light_edit")
    assert agreement.check_causes(docs, [key], tmp_path, vocab) == {key: "a bucket crowded after the two met (documented)"}
    checks = agreement.run_checks

    def other_confidence(index: object, some: list[Document]) -> dict:
        return {k: dict(a, confidence=0.5) for k, a in checks(index, some).items()}

    monkeypatch.setattr(agreement, "run_checks", other_confidence)
    (tmp_path / "again").mkdir()
    assert agreement.check_causes(docs, [key], tmp_path / "again", vocab) == {
        key: "unexplained (confidence differs with no bucket limit too)"}
    assert agreement.check_causes(docs, [], tmp_path, vocab) == {}
