from __future__ import annotations

import numpy as np
import pytest

from dataclasses import replace

from dedup.candidates import UnitTable, channel_units, find_candidates, sign_units, token_masks
from dedup.channels import DEFAULT_CHANNELS, SPARSE_CHANNELS, ChannelSpec
from dedup.vocabulary import Vocabulary, boilerplate_tokens, learn_vocabulary
from dedup import memory
from dedup.shingles import tokenize_batch
from dedup.signing import corpus_vocabulary, sign_batch, text_bounds
from _pair_texts import reworded

PASSAGE = (
    "Valmora will build a four billion euro chip factory near Esken, creating about eighteen hundred jobs. "
    "The plant will produce power chips for electric cars and wind turbines from twenty twenty eight. "
    "The government will contribute nine hundred million euros in subsidies under its industrial strategy. "
)


def filler(seed: int, words: int = 260) -> str:
    rng = np.random.default_rng(seed)
    vocab = [f"w{seed}x{i}" for i in range(400)]
    return " ".join(rng.choice(vocab, words)) + "."


def units_for(texts: list[str], spec: ChannelSpec, vocab: Vocabulary = Vocabulary.empty()) -> UnitTable:
    batch = tokenize_batch(texts)
    shingles, unit, unit_doc, start, end = channel_units(
        batch, spec, vocab=vocab, boilerplate=boilerplate_tokens(batch, vocab)
    )
    indexed, keys = sign_units(shingles, unit, len(unit_doc), spec, seed=1)
    table = UnitTable(spec)
    table.add(unit_doc[indexed], start[indexed], end[indexed], keys)
    return table


def test_whole_document_units_have_spans() -> None:
    texts = ["alpha beta gamma delta", "one two three four five six"]
    batch = tokenize_batch(texts)
    _, _, unit_doc, start, end = channel_units(batch, ChannelSpec("t", ngram=1), vocab=Vocabulary.empty())
    assert unit_doc.tolist() == [0, 1] and start.tolist() == [0, 0] and end.tolist() == [22, 27]


def test_masks_computed_once_give_each_channel_its_units() -> None:
    texts = ["GENEVA (Reuters) - " + PASSAGE + filler(1, 80), PASSAGE + "Reporting by A. Writer", ""]
    batch = tokenize_batch(texts)
    vocab = learn_vocabulary(batch, min_docs=1)
    bounds = np.array([[19, len(texts[0])], [0, len(PASSAGE)], [0, 0]])
    boilerplate = boilerplate_tokens(batch, vocab)
    masks = token_masks(batch, content_bounds=bounds, boilerplate=boilerplate)
    for spec in DEFAULT_CHANNELS:
        alone = channel_units(batch, spec, vocab=vocab, content_bounds=bounds, boilerplate=boilerplate)
        shared = channel_units(batch, spec, vocab=vocab, masks=masks)
        assert all(np.array_equal(a, b) for a, b in zip(alone, shared))
    assert not masks[0][: len(tokenize_batch(["GENEVA (Reuters) -"]).hashes)].any()  # the dateline is out


def test_passage_windows_overlap_by_half() -> None:
    text = " ".join(f"word{i}" for i in range(40))
    spec = ChannelSpec("p", ngram=1, window=16)
    batch = tokenize_batch([text])
    shingles, unit, unit_doc, start, end = channel_units(batch, spec, vocab=Vocabulary.empty())
    assert len(unit_doc) == 4  # windows start at words 0, 8, 16, 24
    assert np.bincount(unit).tolist() == [16, 16, 16, 16]


def test_shared_passage_inside_long_different_texts_is_a_candidate() -> None:
    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(1) + " " + PASSAGE + filler(2), filler(3) + " " + PASSAGE + filler(4), filler(5)]
    found = find_candidates({"passage": units_for(texts, spec)})
    assert found.pairs.tolist() == [[0, 1]]
    (span_a, span_b), *_ = found.passage_hits[0]
    assert texts[0][span_a[0]:span_a[1]].count("Valmora") + texts[1][span_b[0]:span_b[1]].count("Valmora") >= 1


def test_boilerplate_in_many_documents_is_not_a_candidate() -> None:
    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(i) + " " + PASSAGE for i in range(60)]
    vocab = learn_vocabulary(tokenize_batch(texts))
    assert len(vocab.grams) > 0
    found = find_candidates({"passage": units_for(texts, spec, vocab)}, max_bucket=50)
    assert len(found.pairs) == 0


def _with_dict_hits(tables: dict[str, UnitTable], max_bucket: int = 50, shift: int = 0):  # type: ignore[no-untyped-def]
    """Candidates the way the Dask engine and the index gather them: window hits in a dict, band by band
    (a window pair once for each band it shares), document numbers moved up by ``shift`` (an index
    numbers a batch's articles from 2**40)."""
    from dedup.banding import colliding_pairs
    from dedup.candidates import assemble_candidates, document_pairs
    from dedup.channels import evidence_rules

    per_channel, hits = {}, {}  # type: ignore[var-annotated]
    for name, table in tables.items():
        doc, start, end, keys = table.arrays()
        pairs = np.concatenate([colliding_pairs(keys[:, [band]], doc, max_bucket=max_bucket)
                                for band in range(keys.shape[1])])
        per_channel[name] = document_pairs(pairs, doc + shift, start, end, hits=hits if table.spec.window else None)
    return assemble_candidates(per_channel, hits, **evidence_rules(t.spec for t in tables.values()))


@pytest.mark.parametrize("min_hits, min_bands, shift", [(1, 1, 0), (2, 1, 0), (6, 1, 0), (2, 1, 1 << 40), (1, 2, 0),
                                                       (3, 2, 0), (3, 4, 1 << 40)])
def test_hits_gathered_per_pair_give_the_scans_candidates(min_hits: int, min_bands: int, shift: int) -> None:
    from dataclasses import replace

    from dedup.candidates import PassageHits

    rng = np.random.default_rng(7)
    texts = []
    for k in range(60):  # documents sharing one, two or no passages of a few, at random places
        parts = [filler(100 + k, 60)]
        for p, passage in enumerate((PASSAGE, PASSAGE.replace("Valmora", "Ostrand") + PASSAGE[:150])):
            if rng.random() < 0.3:
                parts.insert(int(rng.integers(0, len(parts) + 1)), passage)
        texts.append(" ".join(parts))
    channels = [replace(c, min_hits=min_hits, min_bands=min_bands) if c.window else c for c in DEFAULT_CHANNELS]
    tables = {c.name: units_for(texts, c) for c in channels}
    found, expected = find_candidates(tables), _with_dict_hits(tables, shift=shift)
    assert isinstance(found.passage_hits, PassageHits) and len(expected.passage_hits) >= 10
    assert (found.pairs + shift).tolist() == expected.pairs.tolist()
    assert {k: v.tolist() for k, v in found.channels.items()} == {k: v.tolist() for k, v in expected.channels.items()}
    assert dict(found.passage_hits) == dict(expected.passage_hits)
    with pytest.raises(KeyError):
        found.passage_hits[len(found.pairs)]


@pytest.mark.parametrize("spill", [0, 50_000])
def test_band_keys_spilled_to_a_file_give_the_same_candidates(spill: int) -> None:
    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(k % 7, 120) + " " + PASSAGE + filler(50 + k, 80) for k in range(30)]
    whole = units_for(texts, spec)
    spilled = UnitTable(spec, spill=spill)
    for lo in range(0, len(texts), 4):  # batches, as a scan signs them
        part = units_for(texts[lo : lo + 4], spec)
        doc, start, end, keys = part.arrays()
        spilled.add(doc + lo, start, end, keys)
    assert spilled._spilled and (spill == 0 or spilled.keys)  # some keys in the file, with spill > 0 some not
    assert all(np.array_equal(x, y) for x, y in zip(spilled.arrays(), whole.arrays()))
    found, expected = find_candidates({"passage": spilled}), find_candidates({"passage": whole})
    assert len(expected.pairs) > 100 and found.pairs.tolist() == expected.pairs.tolist()
    assert dict(found.passage_hits) == dict(expected.passage_hits)
    spilled.close()
    assert not spilled._spilled and spilled._file is None


def test_a_pair_is_proposed_by_the_bands_its_windows_share() -> None:
    """``min_hits``: bands shared by a pair's window pairs in all; ``min_bands``: by one of them. Hits list
    a window pair once per band; the passage hits keep the window pairs sharing ``min_bands``."""
    from dedup.candidates import assemble_candidates

    w = [((0, 10), (100, 110)), ((5, 15), (105, 115)), ((40, 50), (140, 150))]
    hits = {(0, 1): [w[0], w[1]],  # two neighbouring windows, one band each: a chance collision
            (0, 2): [w[0]] * 4 + [w[1]] * 2 + [w[2]],  # seven bands, one window pair sharing four
            (0, 3): [w[0]] * 5}  # five bands: one short of six
    per_channel = {"passage": np.array([[0, 1], [0, 2], [0, 3]]), "text": np.array([[0, 3]])}
    found = assemble_candidates(per_channel, hits, min_hits={"passage": 6, "text": 1}, min_bands={"passage": 2})
    assert found.pairs.tolist() == [[0, 2], [0, 3]]
    assert found.channels["passage"].tolist() == [True, False] and found.channels["text"].tolist() == [False, True]
    assert found.passage_hits[0] == [w[0], w[1]] and 1 not in found.passage_hits
    loose = assemble_candidates(per_channel, hits, min_hits={"passage": 2}, min_bands={"passage": 1})
    assert loose.pairs.tolist() == [[0, 1], [0, 2], [0, 3]] and loose.passage_hits[1] == w


@pytest.mark.parametrize("rows", [[0, 2], [1], [2, 0], []], ids=["first-and-last", "middle", "reordered", "none"])
def test_candidate_rows_are_the_assembly_of_those_pairs_alone(rows: list[int]) -> None:
    # an index keeps only the candidates that may be reported: taken from the set, not assembled again
    from dedup.candidates import assemble_candidates
    from dedup.candidate_sets import candidate_rows

    w = [((0, 10), (100, 110)), ((5, 15), (105, 115)), ((40, 50), (140, 150))]
    hits = {(0, 1): [w[0]] * 2, (0, 2): [w[1]] * 3 + [w[2]] * 2, (0, 3): [w[2]] * 2}
    per_channel = {"passage": np.array([[0, 1], [0, 2], [0, 3]]), "text": np.array([[0, 3]])}
    rules = dict(min_hits={"passage": 2, "text": 1}, min_bands={"passage": 2})
    every = assemble_candidates(per_channel, hits, **rules)
    assert every.pairs.tolist() == [[0, 1], [0, 2], [0, 3]]
    part = candidate_rows(every, np.array(rows, dtype=np.int64))
    assert part.pairs.tolist() == [every.pairs[row].tolist() for row in rows]
    for name in per_channel:
        assert part.channels[name].tolist() == [bool(every.channels[name][row]) for row in rows]
    assert dict(part.passage_hits.items()) == {k: every.passage_hits[row] for k, row in enumerate(rows)
                                               if row in every.passage_hits}
    if rows == sorted(rows):  # what the assembly of those pairs alone gives
        pairs = [tuple(every.pairs[row].tolist()) for row in rows]
        alone = assemble_candidates({name: np.array([p for p in map(tuple, ps.tolist()) if p in pairs]).reshape(-1, 2)
                                     for name, ps in per_channel.items()}, {p: hits[p] for p in pairs}, **rules)
        assert alone.pairs.tolist() == part.pairs.tolist()
        assert {k: v.tolist() for k, v in alone.channels.items()} == {k: v.tolist() for k, v in part.channels.items()}
        assert dict(alone.passage_hits.items()) == dict(part.passage_hits.items())


def test_window_hits_judged_in_chunks_give_the_same_pairs_and_rows() -> None:
    from dedup.banding import colliding_codes
    from dedup.sorted_arrays import counted_codes
    from dedup.candidates import _window_hits

    from dataclasses import replace

    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(k % 5, 150) + " " + PASSAGE + filler(40 + k, 60) for k in range(24)]
    table = units_for(texts, spec)
    spec = replace(spec, min_hits=100)  # strict enough to drop the pairs sharing only the passage
    doc, start, end = table.spans()
    codes, shared = counted_codes(next(colliding_codes(table.columns(), doc)))
    rule = {"min_hits": spec.min_hits, "min_bands": spec.min_bands}
    whole = _window_hits(codes, shared, doc, start, end, **rule)
    assert 20 < len(whole[0]) < 200 and (shared == 1).any() and len(whole[1]) < len(codes)
    for chunk in (1, 7, 100):
        pairs, rows, dropped = _window_hits(codes, shared, doc, start, end, **rule, chunk=chunk)
        assert pairs.tolist() == whole[0].tolist() and rows.tolist() == whole[1].tolist() and len(dropped) == 0
    # documents numbered against the units' order: each unit pair turned round, the same pairs and rows
    last = int(doc.max())
    pairs, rows, _ = _window_hits(codes, shared, last - doc, start, end, **rule)
    assert sorted(map(tuple, pairs.tolist())) == sorted((last - b, last - a) for a, b in whole[0].tolist())
    assert sorted(map(tuple, rows.tolist())) == sorted(
        (last - db, last - da, b0, b1, a0, a1, n) for da, db, a0, a1, b0, b1, n in whole[1].tolist())


def test_a_scan_judging_collisions_in_parts_finds_the_same_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.candidates import JUDGING_COST

    import dedup.banding

    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(k % 5, 150) + " " + PASSAGE + filler(40 + k, 60) for k in range(24)]
    whole = units_for(texts, spec)
    spilled = UnitTable(spec, spill=1 << 30)
    spilled.add(*whole.arrays())
    expected = find_candidates({"passage": whole})
    real = dedup.banding.colliding_codes
    seen, yielded = [], []

    for part_bytes in (None, 64, 1 << 20):  # a part per file; each file over the limit; all files at once
        def in_parts(*args, parts=1, _bytes=part_bytes, **kwargs):  # type: ignore[no-untyped-def]
            seen.append((parts, kwargs.pop("part_bytes")))
            for codes in real(*args, parts=5, part_bytes=_bytes, **kwargs):
                yielded.append(_bytes)
                yield codes

        monkeypatch.setattr("dedup.candidates.colliding_codes", in_parts)
        found = find_candidates({"passage": spilled})
        assert found.pairs.tolist() == expected.pairs.tolist() and len(expected.pairs) > 20
        assert dict(found.passage_hits) == dict(expected.passage_hits)
    # the scan asks for many small parts, and as many read back together as a quarter of half the keys' share
    # of the setting holds (judging them holds about four times their codes)
    assert seen == [(64, (1 << 30) // 2 // JUDGING_COST)] * 3
    # a part over the limit comes alone (test_banding: parts under it are read back together)
    assert yielded.count(None) == 5 and yielded.count(64) == 5 and yielded.count(1 << 20) == 1


def test_bands_sorted_in_key_ranges_give_the_same_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small keys' share cuts every band in key ranges (:func:`dedup.memory.band_ranges`): the same
    candidates, channels and passage hits as whole bands."""
    texts = [filler(k % 5, 150) + " " + PASSAGE + filler(40 + k, 60) for k in range(24)]
    tables = {spec.name: units_for(texts, spec) for spec in DEFAULT_CHANNELS}
    expected = find_candidates(tables)
    asked = []
    real = UnitTable.columns

    def columns(self, ranges=1):  # type: ignore[no-untyped-def]
        asked.append(ranges)
        return real(self, ranges)

    monkeypatch.setattr(UnitTable, "columns", columns)
    monkeypatch.setattr(memory, "MIN_RANGE_UNITS", 1)  # ranges of a few units, as a million's are of millions
    found = find_candidates(tables, keys_bytes=400)
    assert min(asked) > 1 and len(expected.pairs) > 20
    assert found.pairs.tolist() == expected.pairs.tolist()
    assert {k: v.tolist() for k, v in found.channels.items()} == {k: v.tolist() for k, v in expected.channels.items()}
    assert dict(found.passage_hits) == dict(expected.passage_hits)


def test_a_tiny_keys_share_does_not_cut_a_band_in_a_range_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """However small the budget, a range holds ``MIN_RANGE_UNITS`` units on average: each range reads
    the whole band again (a budget of 0 once cut a 30-article band in a million ranges)."""
    texts = [filler(k % 5, 150) + " " + PASSAGE + filler(40 + k, 60) for k in range(24)]
    tables = {spec.name: units_for(texts, spec) for spec in DEFAULT_CHANNELS}
    asked = []
    real = UnitTable.columns

    def columns(self, ranges=1):  # type: ignore[no-untyped-def]
        asked.append((ranges, len(self.units()[0])))
        return real(self, ranges)

    monkeypatch.setattr(UnitTable, "columns", columns)
    find_candidates(tables, keys_bytes=0)
    assert asked and all(ranges == 1 or units // ranges >= memory.MIN_RANGE_UNITS for ranges, units in asked)
    assert memory.band_ranges(40 * memory.MIN_RANGE_UNITS, 0) == 32


def test_the_assembly_takes_the_window_rows_out_of_the_list_it_is_given() -> None:
    # a scan's window rows are the assembly's largest input: left in the caller's list they would stay
    # resident beside the sorted copy the assembly makes (the 2,000,000-article scan's peak)
    from dedup.candidate_sets import _assemble_arrays

    rows = np.array([[0, 1, 0, 24, 0, 24, 3], [0, 1, 8, 32, 8, 32, 4], [2, 3, 0, 24, 40, 64, 1],
                     [0, 1, 0, 24, 0, 24, 1]], dtype=np.int64)
    pairs = {"passage": np.array([[0, 1], [2, 3]], dtype=np.int64)}
    given = [rows.copy()]
    found = _assemble_arrays(dict(pairs), given, min_hits={"passage": 2}, min_bands={"passage": 2})
    assert given == []
    assert found.pairs.tolist() == [[0, 1]]  # 8 bands over two window pairs; the other pair 1 band
    assert found.passage_hits[0] == [((0, 24), (0, 24)), ((8, 32), (8, 32))]  # the repeated window summed
    halves = _assemble_arrays(dict(pairs), [rows[:2].copy(), rows[2:].copy()], min_hits={"passage": 2},
                              min_bands={"passage": 2})
    assert halves.pairs.tolist() == found.pairs.tolist() and dict(halves.passage_hits) == dict(found.passage_hits)


@pytest.mark.parametrize("high", [3000, 1 << 40], ids=["spans-below-2**31", "larger-spans"])
def test_window_rows_summed_as_a_sort_on_all_six_columns_would(high: int) -> None:
    from dedup.candidate_sets import _summed_rows

    rng = np.random.default_rng(5)
    rows = np.column_stack([rng.integers(0, 4, (3000, 2)), rng.integers(0, 3, (3000, 4)) * (high // 3),
                            rng.integers(1, 3, 3000)]).astype(np.int64)
    ordered = rows[np.lexsort(rows[:, :6].T[::-1])]
    first = np.flatnonzero(np.concatenate(([True], (ordered[1:, :6] != ordered[:-1, :6]).any(axis=1))))
    expected = ordered[first]
    expected[:, 6] = np.add.reduceat(ordered[:, 6], first)
    assert len(expected) < len(rows)  # window pairs did repeat, and were summed
    assert np.array_equal(_summed_rows(rows.copy()), expected)


def _candidates(texts: list[str], channels) -> "CandidateSet":  # type: ignore[no-untyped-def,name-defined]
    """The scan's candidate stage over ``texts`` (its signing, tables and banding)."""
    vocab = corpus_vocabulary(texts)
    tables = {spec.name: UnitTable(spec) for spec in channels}
    for name, *arrays in sign_batch(texts, text_bounds(texts), channels, vocab=vocab, seed=1):
        tables[name].add(*arrays)
    return find_candidates(tables)


def test_short_documents_pair_as_before_long_documents_got_denser_windows() -> None:
    texts = [filler(1, 150) + " " + PASSAGE + filler(2, 150), filler(3, 150) + " " + PASSAGE + filler(4, 150),
             filler(5), filler(6) + " " + PASSAGE]  # each below LONG_DOCUMENT content words
    before, now = _candidates(texts, SPARSE_CHANNELS), _candidates(texts, DEFAULT_CHANNELS)
    assert now.pairs.tolist() == before.pairs.tolist() == [[0, 1], [0, 3], [1, 3]]
    assert {k: v.tolist() for k, v in now.channels.items()} == {k: v.tolist() for k, v in before.channels.items()}
    assert {row: now.passage_hits[row] for row in now.passage_hits} == \
        {row: before.passage_hits[row] for row in before.passage_hits}


def test_a_reworded_passage_inside_two_long_documents_meets_in_more_window_pairs() -> None:
    long_a = filler(1, 900) + " " + PASSAGE + " " + filler(2, 900)
    long_b = filler(3, 700) + " " + reworded(PASSAGE, 9) + " " + filler(4, 1100)
    texts = [long_a, long_b, filler(5, 1500)]
    before, now = _candidates(texts, SPARSE_CHANNELS), _candidates(texts, DEFAULT_CHANNELS)
    assert now.pairs.tolist() == [[0, 1]]
    rows = {name: len(found.passage_hits.get(0, [])) if len(found.pairs) else 0
            for name, found in (("before", before), ("now", now))}
    assert rows["now"] > 2 * max(rows["before"], 1)


@pytest.mark.parametrize("seed", range(6))
def test_window_pairs_of_one_band_left_out_before_their_rows_give_the_same_candidates(seed: int) -> None:
    # a text repeating itself meets tens of millions of window pairs in one band: their rows are not built, their
    # bands are counted apart (``dropped``), and the assembly gives the candidates it gave from every row
    from dedup.candidate_sets import _assemble_arrays, _window_hits

    rng = np.random.default_rng(seed)
    doc = np.repeat(np.arange(6), 40)
    start = rng.integers(0, 5000, len(doc))
    end = start + rng.integers(10, 200, len(doc))
    u, v = rng.integers(0, len(doc), (2, 3000))
    u, v = np.minimum(u, v), np.maximum(u, v)
    codes = np.unique((u << 32 | v)[doc[u] != doc[v]])
    shared = rng.choice([1, 1, 1, 1, 2, 3], len(codes))
    text_pairs = np.array([[0, 1], [2, 5], [3, 4]], dtype=np.int64)
    pair_of = doc[codes >> 32] * 6 + doc[codes & 0xFFFFFFFF]
    total = np.bincount(pair_of, weights=shared, minlength=36)
    strong = np.bincount(pair_of, weights=np.where(shared >= 2, shared, 0), minlength=36)
    beyond_strong = int(strong.max()) + 1  # no pair reaches it on its rows of two bands or more alone
    assert beyond_strong < total.max()
    for need in (2, 6, int(np.median(total[total > 0])), beyond_strong):
        rule = {"min_hits": need, "min_bands": 2}
        rules = {"min_hits": {"text": 1, "passage": need, "content": 1}, "min_bands": {"passage": 2}}
        pairs, rows, dropped = _window_hits(codes, shared, doc, start, end, **rule)
        assert len(dropped) == 0
        every = _assemble_arrays({"text": text_pairs.copy(), "passage": pairs}, [rows], **rules)
        for chunk in (1, 50, 1 << 22):
            pairs, rows, dropped = _window_hits(codes, shared, doc, start, end, **rule, row_bands=2, chunk=chunk)
            assert (rows[:, 6] >= 2).all() and (len(dropped) > 0 or not len(pairs))
            found = _assemble_arrays({"text": text_pairs.copy(), "passage": pairs}, [rows], **rules, dropped=dropped)
            assert found.pairs.tolist() == every.pairs.tolist()
            assert {k: m.tolist() for k, m in found.channels.items()} == {k: m.tolist() for k, m in every.channels.items()}
            assert found.passage_hits.offsets.tolist() == every.passage_hits.offsets.tolist()
            assert found.passage_hits.spans.tolist() == every.passage_hits.spans.tolist()
        if need == beyond_strong:  # kept on the bands counted apart: without them the assembly would lose them
            alone = _assemble_arrays({"passage": pairs}, [rows.copy()], min_hits={"passage": need}, min_bands={"passage": 2})
            assert every.channels["passage"].any() and not len(alone.pairs)


def _candidates_unmarked(texts: list[str]) -> "CandidateSet":  # type: ignore[name-defined]
    """:func:`_candidates` with the default channels as before short documents' windows were signed in the long
    documents' own bands: their marked keys there left out (no key)."""
    from dedup.buckets import SHORT_MARK
    from dedup.candidates import NO_BAND

    vocab = corpus_vocabulary(texts)
    tables = {spec.name: UnitTable(spec) for spec in DEFAULT_CHANNELS}
    for name, doc, start, end, keys in sign_batch(texts, text_bounds(texts), DEFAULT_CHANNELS, vocab=vocab, seed=1):
        keys[keys >= SHORT_MARK] = NO_BAND
        tables[name].add(doc, start, end, keys)
    return find_candidates(tables)


def test_a_short_documents_windows_meet_a_long_ones_in_its_own_bands_and_two_short_ones_never_there() -> None:
    # a reworded passage in a short document and in a long one: the short one's windows, signed in the long
    # ones' 16 bands too, meet the long one's there (more window pairs); two short documents pair as before
    long_text = filler(1, 900) + " " + PASSAGE + " " + filler(2, 900)
    short_a = filler(3, 120) + " " + reworded(PASSAGE, 9) + " " + filler(4, 120)
    short_b = filler(5, 120) + " " + reworded(PASSAGE, 11) + " " + filler(6, 120)
    texts = [long_text, short_a, short_b, filler(7, 300)]
    unmarked, now = _candidates_unmarked(texts), _candidates(texts, DEFAULT_CHANNELS)
    hits = {name: {tuple(pair): len(found.passage_hits.get(row, [])) for row, pair in enumerate(found.pairs.tolist())}
            for name, found in (("unmarked", unmarked), ("now", now))}
    assert {(0, 1), (0, 2)} <= set(hits["now"])
    assert all(hits["now"][pair] > hits["unmarked"].get(pair, 0) for pair in ((0, 1), (0, 2)))
    # two short documents: the same window pairs as without the long documents' bands at all
    sparse = _candidates(texts, SPARSE_CHANNELS)
    row_now = now.pairs.tolist().index([1, 2])
    row_sparse = sparse.pairs.tolist().index([1, 2])
    assert now.passage_hits[row_now] == sparse.passage_hits[row_sparse]
