from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from dedup import scan
from dedup.documents import Document
from dedup.errors import DuplicateIdError, SettingsError
from dedup.decision import Thresholds, reworded

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


def test_a_scan_without_alignment_finds_the_demo_pairs_with_its_own_model() -> None:
    from dedup.decision import verdict_model

    unaligned, aligned = scan(CORPUS, align=False), scan(CORPUS)
    assert [(p.a, p.b, p.verdict) for p in unaligned.pairs] == [(p.a, p.b, p.verdict) for p in aligned.pairs]
    assert unaligned.to_dict()["settings"]["min_confidence"] == verdict_model(False).min_confidence


def test_without_alignment_the_rewrite_is_only_reworded_passages() -> None:
    # still a rewrite (its facts kept, its passages reworded), but with no sentence linked to show for it
    (pair,) = [p for p in scan(CORPUS, align=False).pairs if frozenset((p.a, p.b)) == SEED]
    aligned = next(p for p in scan(CORPUS).pairs if frozenset((p.a, p.b)) == SEED)
    assert pair.verdict == "rewrite" and pair.alignment is None and aligned.alignment is not None
    assert abs(pair.confidence - aligned.confidence) < 0.01  # two models fitted apart, both near certain
    assert any(reworded(p) and p.verbatim < 0.2 for p in pair.passages)


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
    assert one["schema_version"] == 7
    assert all(0.0 <= p["confidence"] <= 1.0 and p["why"]["for"] for p in one["pairs"])


def test_documents_as_input_and_duplicate_ids() -> None:
    text = "The quick brown fox jumps over the lazy dog near the river bank every single morning today."
    assert scan([Document("a", text), Document("b", "Something else entirely about the weather in spring and rain.")]).pairs == ()
    with pytest.raises(DuplicateIdError, match="'a'"):
        scan([Document("a", text), Document("a", text)])
    with pytest.raises(DuplicateIdError, match=r"'a\ufffd' \(its U\+FFFD may stand for .* a lone surrogate"):
        scan([Document("a\ud800", text), Document("a\udfff", text)])  # one id once made valid Unicode


def test_bad_batch_size() -> None:
    with pytest.raises(SettingsError, match="batch_size"):
        scan([], batch_size=0)


def test_empty_corpus(tmp_path: Path) -> None:
    result = scan(tmp_path)
    assert result.pairs == () and result.clusters == () and result.stats["documents"] == 0


# Three paragraphs, their reworded version (same words, other order), and another outlet's own report of
# the same event (same names, other wording); each inside a long article that is otherwise different.
REUSED = (
    "The harbour authority approved a plan on Tuesday to deepen the main shipping channel at Kestrel Bay, "
    "allowing larger container vessels to dock at the terminal.\n\n"
    "Engineers expect dredging to begin next spring and to remove about four million cubic metres of "
    "sediment from the channel floor.\n\n"
    "Local fishing groups warned that the work could disturb breeding grounds and asked regulators to "
    "delay the project until an independent study is finished."
)
REWORDED = (
    "On Tuesday, approval was given by the harbour authority for deepening the main shipping channel of "
    "Kestrel Bay, so larger container vessels could dock at its terminal.\n\n"
    "Dredging, engineers expect, should begin next spring, removing roughly four million cubic metres of "
    "sediment from the floor of the channel.\n\n"
    "Breeding grounds could be disturbed by the work, local fishing groups warned, asking regulators for "
    "the project's delay until independent study findings are in."
)
OWN_REPORT = (
    "Shipping lines welcomed the decision taken in Kestrel Bay on Tuesday.\n\n"
    "Captains have long complained that the terminal turns away the biggest ships, a spokesman for the "
    "pilots' association said.\n\n"
    "Campaigners who have fought the scheme for years said they would consider a legal challenge."
)


def _long(seed: int, middle: str) -> str:
    """``middle`` inside an article of its own: 400 words of filler before and after it, a name of the
    article's own every 50 words (a long article names people and places the passage does not; without
    them, the passage's names would be all either text names, and every name agreeing is a rewrite's mark)."""
    rng = np.random.default_rng(seed)
    words = [f"w{seed}x{i}" for i in range(400)]

    def filler() -> str:
        chosen = [str(w) for w in rng.choice(words, 400)]
        return " ".join(w.capitalize() if k % 50 == 25 else w for k, w in enumerate(chosen)) + "."

    return filler() + "\n\n" + middle + "\n\n" + filler()


@pytest.mark.parametrize("align", [False, True], ids=["unaligned", "aligned"])
def test_reworded_passage_inside_long_articles_is_partial_and_located(align: bool) -> None:
    docs = [Document("wire", _long(1, REUSED)), Document("feature", _long(2, REWORDED)),
            Document("other", _long(3, OWN_REPORT))]
    (pair,) = scan(docs, align=align).pairs  # the outlet's own report of the event is not paired
    assert (pair.a, pair.b, pair.verdict) == ("feature", "wire", "partial")
    (passage,) = [p for p in pair.passages if reworded(p)]
    assert passage.verbatim < 0.2
    # located from the first to the last shared word, in both articles
    assert docs[1].text[passage.a[0] : passage.a[1]].startswith("harbour authority for deepening")
    assert docs[1].text[passage.a[0] : passage.a[1]].endswith("until independent study")
    assert docs[0].text[passage.b[0] : passage.b[1]].startswith("harbour authority approved")


def test_reworded_passage_with_other_figures_weighs_less() -> None:
    # a bond-issue form, reworded, with the same names (lead manager, guarantor, exchange) and other figures
    one = ("The bonds were priced at 101-3/8, said lead manager Banque Arlon, and are guaranteed by Kestrel "
           "Finance of Geneva. Fees are 1-1/4 pct for selling and management and underwriting combined, "
           "paid through Euroclear. The issue matures in 1992 and will be listed in Luxembourg, with "
           "denominations for investors in Zurich and Frankfurt.")
    other = ("Banque Arlon, the lead manager, said the bonds were priced at {0}; Kestrel Finance of Geneva "
             "guarantees them. Selling, management and underwriting combined carry fees of {1} pct, paid "
             "through Euroclear. Listed in Luxembourg, the issue, which matures in {2}, has denominations "
             "for investors in Zurich and Frankfurt.")
    docs = [Document("issue-1", _long(7, one)), Document("issue-2", _long(8, other.format("99-1/2", "1-7/8", "1995")))]
    (other_figures,) = scan(docs, align=False, thresholds=Thresholds(0.0)).pairs
    # the names agree and the wording is shared: only the figures differ, and they count against
    docs[1] = Document("issue-2", _long(8, other.format("101-3/8", "1-1/4", "1992")))
    (same,) = scan(docs, align=False).pairs
    assert same.verdict in ("partial", "rewrite") and same.confidence > other_figures.confidence


def test_scores_and_alignments_on_worker_processes_are_the_same(monkeypatch: pytest.MonkeyPatch,
                                                                forked_pools: list[int]) -> None:
    import dedup.verify as verify

    one = scan(CORPUS, workers=1).to_dict()
    assert any("alignment" in p for p in one["pairs"])  # the alignments compared below exist
    assert not forked_pools
    monkeypatch.setattr(verify, "PARALLEL_SCORING", 1)
    monkeypatch.setattr(verify, "PARALLEL_ALIGNING", 1)
    assert scan(CORPUS, workers=2).to_dict()["pairs"] == one["pairs"]
    assert len(forked_pools) == 2  # one pool scored, one aligned and decided: the work really ran on worker processes


def test_aligner_looks_around_copied_passages_only() -> None:
    # three paragraphs copied into two long, otherwise different articles: the passages decide the verdict,
    # and the aligner compares only the sentences around them (the shared passages are its regions)
    docs = [Document("wire", _long(4, REUSED)), Document("feature", _long(5, REUSED))]
    (pair,) = scan(docs).pairs
    assert pair.verdict == "partial" and pair.alignment.regions
    source_spans = [s for s, _ in pair.alignment.regions]
    source_text = pair.alignment.source_document.text
    assert all(source_text[s:e] in REUSED for s, e in source_spans)
    assert pair.to_dict()["alignment"]["regions"] and len(pair.alignment.links) == 3


def test_alignment_regions_only_for_pairs_the_passages_decide() -> None:
    from dedup.decision import alignment_regions
    from dedup.evidence import Evidence, SharedPassage

    copied = SharedPassage((10, 400), (2000, 2390), 0.9, verbatim=0.95, facts=1.0, wording=30)
    passages = Evidence(0.01, 0.05, 0.04, 0.05, 1.0, (copied,), 0.03, 0.02, copied_words=40)
    assert alignment_regions(passages) == (((10, 400), (2000, 2390)),)
    # most of one text inside the other, or nothing copied: every sentence is compared
    contained = Evidence(0.3, 0.7, 0.4, 0.5, 1.0, (copied,), 0.6, 0.4, copied_words=40)
    reworded = Evidence(0.01, 0.0, 0.0, 0.05, 1.0, (SharedPassage((10, 400), (2000, 2390), 0.6, wording=15),))
    assert alignment_regions(contained) == () and alignment_regions(reworded) == ()


def test_seed_pair_alone_is_a_rewrite() -> None:
    # the canonical wire story and its heavy rewrite, scanned as a corpus of two (the IDF then comes from
    # the two texts only): a long run of moderate links covering the whole rewrite is a rewrite
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    files = sorted(seeds.glob("00[01]_*.txt")) if seeds.is_dir() else []
    if len(files) != 2:
        message = f"seed articles not found in {seeds}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    (pair,) = scan([Document(f.name, f.read_text(encoding="utf-8")) for f in files]).pairs
    assert pair.verdict == "rewrite" and pair.alignment.coverage.derived_from_source > 0.9


def test_copied_passages_are_counted_with_the_models_bars() -> None:
    # three paragraphs copied into two long articles, one of three names changed: copied text under the
    # fact bar the model was trained with (EvidenceBars.facts, 0.6)
    from dedup.decision import BARS

    here, there = REUSED.replace("Kestrel Bay", "Kestrel Bay near Harlow"), REUSED.replace("Kestrel Bay", "Kestrel Bay near Oslo")
    docs = [Document("wire", _long(4, here)), Document("feature", _long(5, there))]
    (pair,) = scan(docs, align=False).pairs
    assert pair.verdict == "partial" and pair.evidence.copied_words > 0
    assert BARS.facts == 0.6 and BARS.verbatim == 0.5


def test_verification_in_chunks_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.pipeline as pipeline

    whole = scan(CORPUS, workers=1).to_dict()
    chunks: list[int] = []
    real_chunk = pipeline._chunk

    def counted(candidates, lo, hi):  # type: ignore[no-untyped-def]
        chunks.append(lo)
        return real_chunk(candidates, lo, hi)

    monkeypatch.setattr(pipeline, "verify_chunks", lambda pairs, lengths, memory, **_: [*range(0, len(pairs), 2), len(pairs)])
    monkeypatch.setattr(pipeline, "_chunk", counted)
    chunked = scan(CORPUS, workers=1, memory="64MB").to_dict()
    assert len(chunks) >= 6  # several chunks, each seen twice (evidence, then decisions)
    for out in (whole, chunked):
        out["stats"].pop("seconds")
    assert chunked == whole
    assert any(p.get("passages") for p in whole["pairs"])  # spread across chunks is compared too


@pytest.mark.parametrize("text, expected", [("4GB", 4 << 30), ("512mb", 512 << 20), ("1.5 G", 3 << 29),
                                             (1 << 30, 1 << 30)])
def test_memory_setting_parses(text: object, expected: int) -> None:
    from dedup.memory import parse_memory

    assert parse_memory(text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["4 parsecs", "GB", "", "10MB", 12, True])
def test_bad_memory_setting(bad: object) -> None:
    with pytest.raises(SettingsError, match="memory"):
        scan(CORPUS, memory=bad)  # type: ignore[arg-type]


def test_band_keys_spilled_to_a_file_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.pipeline as pipeline

    whole = scan(CORPUS, align=False).to_dict()
    monkeypatch.setattr(pipeline, "KEYS_SHARE", 1e-9)  # every batch's keys to the file
    spilled = scan(CORPUS, align=False, memory="64MB").to_dict()
    for out in (whole, spilled):
        out["stats"].pop("seconds")
    assert spilled == whole and whole["pairs"]


def test_chunked_scan_drops_hopeless_rows_and_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.pipeline as pipeline
    from dedup.reading import read_corpus

    from test_verdict_cases import CASES

    texts = sorted({text for pair in CASES.values() for text in pair})
    docs = read_corpus(CORPUS).documents + tuple(Document(f"case-{k}", t) for k, t in enumerate(texts))
    sure = Thresholds(0.9)  # a bar the bound drops some of these candidates under
    whole = scan(docs, workers=1, thresholds=sure).to_dict()
    kept: list[bool] = []
    real = pipeline.may_be_reported

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)
        kept.extend(out)
        return out

    monkeypatch.setattr(pipeline, "verify_chunks", lambda pairs, lengths, memory, **_: [*range(0, len(pairs), 3), len(pairs)])
    monkeypatch.setattr(pipeline, "may_be_reported", counted)
    chunked = scan(docs, workers=1, thresholds=sure).to_dict()
    assert kept and not all(kept)  # some candidates were left out of the second pass
    for out in (whole, chunked):
        out["stats"].pop("seconds")
    assert chunked == whole


def test_texts_kept_in_a_file_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus read with its texts in a temporary file (a large scan's) gives the scan's exact JSON,
    with workers forked to score and align as well."""
    import dedup.pipeline as pipeline
    from dedup.spilled_documents import Documents
    from dedup.reading import read_corpus

    held = scan(CORPUS).to_dict()
    corpus = read_corpus(CORPUS, spill=0)
    assert isinstance(corpus.documents, Documents) and corpus.documents.spilled
    monkeypatch.setattr(pipeline, "text_spill", lambda memory: 0)
    for result in (scan(corpus, workers=2), scan(CORPUS, workers=1)):
        assert isinstance(result.documents, Documents) and result.documents.spilled
        out = result.to_dict()
        for side in (held, out):
            side["stats"].pop("seconds", None)
        assert out == held


def test_an_undated_pair_gets_one_answer_whatever_its_order() -> None:
    # No publication times and texts that cover each other alike: which one is read as the source was
    # the first one's role, so `compare a b` and `compare b a` (or two file orders of a scan) could give
    # two confidences and two verdicts. The German rewrite of the multilingual set was one of them.
    from dedup import compare

    story = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "multilingual" / "de.json").read_text("utf-8"))
    source, rewrite = Document("quelle", story["source"]), Document("umschrift", story["rewrite"])
    one, other = compare(source, rewrite), compare(rewrite, source)
    assert (one.verdict, one.confidence) == (other.verdict, other.confidence)
    assert one.alignment.source_document.id == other.alignment.source_document.id
    first, second = scan([source, rewrite]), scan([rewrite, source])
    assert [(p.a, p.b, p.verdict, p.confidence) for p in first.pairs] == [(p.a, p.b, p.verdict, p.confidence) for p in second.pairs]
    assert [p.verdict for p in first.pairs] == [one.verdict] == ["rewrite"]


@pytest.mark.parametrize("threads, ahead", [(1, 1), (2, 4)], ids=["one thread", "two threads"])
def test_batches_are_signed_in_order_with_few_waiting(threads: int, ahead: int) -> None:
    """Signed batches come back in order, and no more than ``ahead`` beyond the one being added are
    computed before it is taken (``pool.map`` computed every batch of a million articles ahead)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from dedup.pipeline import _in_order

    started: list[int] = []
    lock = threading.Lock()

    def sign(k: int) -> int:
        with lock:
            started.append(k)
        return k * k

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for k, result in enumerate(_in_order(pool, sign, range(40), ahead)):
            with lock:
                assert result == k * k and max(started) <= k + ahead
    assert sorted(started) == list(range(40))


def test_a_scan_asks_for_one_arena_only_once_its_texts_went_to_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.pipeline
    from dedup.documents import Corpus
    from dedup.spilled_documents import Documents

    asked: list[bool] = []
    monkeypatch.setattr(dedup.pipeline, "one_arena", lambda: asked.append(True) or True)
    docs = [Document(f"d{k}", f"Story {k} about the harbour strike and the port of Rotterdam, told again.") for k in range(3)]
    scan(docs, align=False)
    assert asked == []
    scan(Corpus(Documents(docs, spill=0)), align=False)
    assert asked == [True]


_TWO = [Document("a", "Officials in Minsk said the drills near the border would last ten days. " * 4),
        Document("b", "Officials in Minsk said the exercises near the border would last ten days. " * 4)]


@pytest.mark.parametrize("options,error,says", [
    ({"thresholds": 0.9}, TypeError, "thresholds must be a Thresholds \\(such as Thresholds\\(min_confidence=0.9\\)\\), not float"),
    ({"channels": "thorough"}, TypeError, "channels must be a non-empty sequence of ChannelSpec"),
    ({"channels": ()}, TypeError, "channels must be a non-empty sequence of ChannelSpec .*got \\(\\)"),
    ({"channels": None}, TypeError, "channels must be a non-empty sequence of ChannelSpec .*got NoneType"),
    ({"max_bucket": float("nan")}, SettingsError, "max_bucket must be a whole number of at least 2, got nan"),
    ({"max_bucket": 2.5}, SettingsError, "max_bucket must be a whole number of at least 2, got 2.5"),
], ids=["thresholds-a-number", "channels-a-name", "no-channels", "channels-none", "max-bucket-nan", "max-bucket-float"])
@pytest.mark.parametrize("call", ["scan", "compare"])
def test_options_of_the_wrong_type_are_refused_where_they_enter(call: str, options: dict, error: type, says: str) -> None:
    # were an AttributeError deep in verification, a TypeError deep in signing, or taken as given: no
    # channel found nothing, a NaN bucket bound compared with as it came
    import dedup

    with pytest.raises(error, match=says):
        dedup.scan(_TWO, **options) if call == "scan" else dedup.compare(*_TWO, **options)


@pytest.mark.parametrize("value,says", [("0.9", "not str"), (True, "not bool")])
def test_a_confidence_that_is_no_number_is_refused(value: object, says: str) -> None:
    with pytest.raises(SettingsError, match=f"min_confidence must be a number between 0 and 1, or None, {says}"):
        Thresholds(value)  # type: ignore[arg-type]


def test_a_batch_size_that_is_no_whole_number_is_refused() -> None:
    with pytest.raises(SettingsError, match="batch_size must be a whole number of at least 1, got 1.5"):
        scan(_TWO, batch_size=1.5)  # type: ignore[arg-type]


def test_texts_in_a_file_verified_in_chunks_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large scan's shape: texts in a file, article-proper spans read back from one by each chunk
    (:class:`dedup.spools.Rows`), candidates in two passes of several chunks: the same JSON as one chunk
    in memory."""
    import dedup.pipeline as pipeline
    from dedup.spools import Rows
    from dedup.reading import read_corpus

    held = scan(CORPUS, workers=1).to_dict()
    signed = []
    real_sign = pipeline._sign

    def sign(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real_sign(*args, **kwargs)
        signed.append(out[1])
        return out

    in_file = []
    real_hits_in_file = pipeline.hits_in_file

    def hits_in_file(candidates):  # type: ignore[no-untyped-def]
        out = real_hits_in_file(candidates)
        in_file.append(isinstance(out.passage_hits.spans, Rows) and len(out.passage_hits.spans))
        return out

    monkeypatch.setattr(pipeline, "_sign", sign)
    monkeypatch.setattr(pipeline, "hits_in_file", hits_in_file)
    monkeypatch.setattr(pipeline, "verify_chunks", lambda pairs, lengths, memory, **_: [*range(0, len(pairs), 3), len(pairs)])
    chunked = scan(read_corpus(CORPUS, spill=0), workers=1).to_dict()
    assert isinstance(signed[0], Rows)
    assert len(in_file) == 2 and all(in_file)  # every candidate's window pairs, then the second pass's
    for out in (held, chunked):
        out["stats"].pop("seconds")
    assert chunked == held


def test_chunks_are_sized_from_the_documents_the_candidates_involve() -> None:
    from dedup.spilled_documents import Documents
    from dedup.pipeline import _involved

    docs = [Document(str(k), "x" * (10 + k)) for k in range(8)]
    pairs = np.array([[6, 2], [2, 7], [0, 6]])
    for given in (docs, Documents(docs, spill=0)):
        renumbered, lengths = _involved(given, pairs)
        assert renumbered.tolist() == [[2, 1], [1, 3], [0, 2]] and lengths.tolist() == [10, 12, 16, 17]
        assert (lengths[renumbered] == np.array([[16, 12], [12, 17], [10, 16]])).all()


def test_chunks_measured_over_their_estimate_shrink_the_rest_of_the_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pass sizes each chunk again with what the chunks before it were measured to cost: a chunk
    that grew the resident memory past its estimate makes the next ones smaller; the same JSON."""
    import dedup.pipeline as pipeline

    whole = scan(CORPUS, workers=1).to_dict()
    sizes: list[int] = []
    scales: list[float] = []
    real_chunk = pipeline._chunk

    def cut(pairs, lengths, memory, *, resident=None, scale=1.0):  # type: ignore[no-untyped-def]
        scales.append(scale)
        step = 3 if scale == 1.0 else 1  # a chunk measured over its estimate: smaller chunks
        return [*range(0, len(pairs), step), len(pairs)]

    def counted(candidates, lo, hi):  # type: ignore[no-untyped-def]
        sizes.append(hi - lo)
        return real_chunk(candidates, lo, hi)

    grown = iter(range(0, 1 << 62, 1 << 40))  # every reading a terabyte more: each chunk far over its estimate
    monkeypatch.setattr(pipeline, "verify_chunks", cut)
    monkeypatch.setattr(pipeline, "_chunk", counted)
    monkeypatch.setattr(pipeline, "resident", lambda: next(grown))
    chunked = scan(CORPUS, workers=1).to_dict()
    first = sizes[: sizes.index(1) + 1]
    assert first[0] == 3 and set(first[1:]) == {1}  # one chunk as first sized, the rest shrunk
    assert max(scales) == pipeline.measured_scale(1.0, 1, 0, 1 << 50)  # raised to the most it may be
    for out in (whole, chunked):
        out["stats"].pop("seconds")
    assert chunked == whole


@pytest.mark.parametrize("align", ["false", "no", 0, None], ids=["false-string", "no-string", "zero", "none"])
def test_scan_refuses_an_align_that_is_no_true_or_false(align: object) -> None:
    # align="false" is a string that is true: the scan aligned without a word
    with pytest.raises(SettingsError, match="align must be True or False"):
        scan([], align=align)  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", "   ", "\t"], ids=["empty", "spaces", "tab"])
def test_a_document_with_a_blank_id_is_refused(blank: str) -> None:
    # scan() of Documents reported a pair between '' and ' ' (the reader gives a blank id in a feed its place,
    # and the index refuses one): a report naming neither article
    from dedup.errors import InputError

    text = "Officials in Minsk said the drills near the border would last ten days. " * 4
    docs = [Document(id=blank, text=text), Document(id="b", text=text + "More words follow here.")]
    with pytest.raises(InputError, match=f"an article needs a non-empty id, not {re.escape(repr(blank))}"):
        scan(docs)


def test_a_documents_date_that_is_none_is_warned_of_as_the_reader_warns(tmp_path: Path) -> None:
    # Document(..., published="2026-13-45") was scanned as undated without a word; a file's line of it is warned of
    from dedup import Document, scan

    body = ("Harlow port workers walked out on Monday after talks with Kestrel Shipping broke down over a 4.5 "
            "percent pay offer, leaving 23 container ships waiting at anchor off the coast, union leader Ana Okafor said.")
    docs = [Document("a", body, published="2026-13-45"), Document("b", body + " More.", published="2026-11-20"),
            Document("c", body + " Again.")]
    result = scan(docs, align=False)
    assert result.warnings == ("a: 'published' is not a date (ISO 8601 or RFC 2822) ('2026-13-45'); ignored",)
    assert [d.published for d in result.documents] == ["2026-13-45", "2026-11-20", None]  # each article as given
