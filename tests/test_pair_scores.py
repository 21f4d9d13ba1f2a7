"""Tests for dedup.pair_scores: batched sentence scores equal the per-pair scorer's, pair by pair."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.pair_scores import prepare, score_batch
from dedup.similarity import common_columns, keep_rows, score_pairs, vectorize_pair

SOURCE = (
    "Heavy rain flooded the Danube valley on Monday, forcing 2,300 people from their homes.\n\n"
    "Officials in Linz said the river rose 4.5 metres overnight. Rescue teams used boats to reach villages.\n\n"
    "The national weather service expects more rain on Wednesday."
)
COPY = (
    "Officials in Linz said the river rose 4.5 metres overnight, local media reported.\n\n"
    "Heavy rain flooded the Danube valley on Monday and forced 2,300 people from their homes. "
    "Rescue teams used boats to reach villages."
)
OTHER = "The central bank left its key rate unchanged on Thursday. Analysts had expected a cut of 25 basis points."


def reference(text_a: str, text_b: str, rows_a=None, rows_b=None):  # type: ignore[no-untyped-def]
    va, vb = vectorize_pair(text_a, text_b)
    if rows_a is not None:
        va, vb = keep_rows(va, rows_a), keep_rows(vb, rows_b)
    va, vb = common_columns(va, vb)
    return va, vb, score_pairs(va.features, vb.features, min_shared_content=2)


@pytest.mark.parametrize(("a", "b"), [(SOURCE, COPY), (COPY, SOURCE), (SOURCE, OTHER), (SOURCE, "")],
                         ids=["copy", "flipped", "other-story", "empty"])
def test_scores_equal_the_per_pair_scorer(a: str, b: str) -> None:
    # batched with an unrelated pair before it: each pair keeps its own IDF and its own block
    _, got = score_batch([(prepare(OTHER), prepare(COPY)), (prepare(a), prepare(b))])
    _, _, want = reference(a, b)
    np.testing.assert_array_equal(got.score, want.score)
    np.testing.assert_array_equal(got.linkable, want.linkable)
    np.testing.assert_array_equal(got.entity_conflict, want.entity_conflict)
    np.testing.assert_array_equal(got.shared_content, want.shared_content)


def test_masked_sentences_score_zero_and_keep_the_pairs_idf() -> None:
    mask_a, mask_b = np.array([True, False, True, False]), np.array([False, True, True])
    (got,) = score_batch([(prepare(SOURCE), prepare(COPY))], masks=[(mask_a, mask_b)])
    _, _, want = reference(SOURCE, COPY, np.flatnonzero(mask_a), np.flatnonzero(mask_b))
    np.testing.assert_array_equal(got.score, want.score)
    assert not got.score[~mask_a].any() and not got.score[:, ~mask_b].any()


def test_group_scores_equal_summed_rows() -> None:
    (got,) = score_batch([(prepare(SOURCE), prepare(COPY))])
    va, vb, _ = reference(SOURCE, COPY)
    groups = [((1,), (0, 1)), ((0, 1), (1,)), ((2, 3), (0,)), ((0,), (2,))]
    values, ok = got.group_scores(groups, min_shared_content=2)
    want = score_pairs(va.features.group([g for g, _ in groups]), vb.features.group([g for _, g in groups]),
                       min_shared_content=2, rowwise=True)
    np.testing.assert_allclose(values, want.score, atol=1e-12)
    np.testing.assert_array_equal(ok, want.linkable & ~want.entity_conflict)
    assert ok.any() and not ok.all()


def test_empty_batch() -> None:
    assert score_batch([]) == []


def _set_entries_one_by_one(bags):  # type: ignore[no-untyped-def]
    """The set entries as first written, id by id in Python: the reference for the array version."""
    from dedup.hashing import string_ids

    per_sentence = [sorted(set(string_ids(bag))) for bag in bags]
    flat = [f for ids in per_sentence for f in ids]
    vocab = sorted(set(flat))
    rows = [k for k, ids in enumerate(per_sentence) for _ in ids]
    return rows, flat, vocab, [vocab.index(f) for f in flat], [frozenset(ids) for ids in per_sentence]


@pytest.mark.parametrize("bags", [[{"rain", "linz"}, set(), {"linz", "danube", "boats"}], [], [set(), set()]],
                         ids=["sentences", "no-sentences", "empty-sets"])
def test_set_entries_equal_the_one_by_one_reference(bags) -> None:  # type: ignore[no-untyped-def]
    from dedup.pair_scores import _set_entries

    entries, sets = _set_entries(bags)
    rows, flat, vocab, cols, want_sets = _set_entries_one_by_one(bags)
    for got, want in ((entries.rows, rows), (entries.ids, flat), (entries.vocab, vocab), (entries.cols, cols)):
        assert got.dtype == np.int32
        assert got.tolist() == want
    assert entries.values.tolist() == [1.0] * len(flat)
    assert len(entries.next_left) == len(entries.next_right) == 0
    assert list(sets) == want_sets


def test_a_table_is_prepared_from_the_sentences_kept_for_recent_texts() -> None:
    from dedup.sentences import aligned_sentences, recent_aligned_sentences

    table = prepare(SOURCE, "en")
    assert table.sentences == tuple(aligned_sentences(SOURCE, "en"))
    assert table.sentences is recent_aligned_sentences(SOURCE, "en")  # split once for the count and the table


def _group_sets_one_by_one(got, groups, min_shared_content):  # type: ignore[no-untyped-def]
    """The set parts of :meth:`PairScores.group_scores` as first written: the reference of the loop."""
    from dedup.pair_scores import _union

    (content_a, ent_a, num_a), (content_b, ent_b, num_b) = got._sets
    shared, ok = [], []
    for da, db in groups:
        ca, cb = _union(content_a, da), _union(content_b, db)
        inter, size = len(ca & cb), len(ca) + len(cb)
        shared.append(2.0 * inter / size if size else 0.0)
        ea, eb, na, nb = _union(ent_a, da), _union(ent_b, db), _union(num_a, da), _union(num_b, db)
        number_conflict = bool(na) and bool(nb) and 2 * len(na & nb) < min(len(na), len(nb))
        entity_conflict = bool(ea) and bool(eb) and not ea & eb
        ok.append(inter >= min_shared_content and not number_conflict and not entity_conflict)
    return shared, ok


RENAMED = (
    "Heavy rain flooded the Rhine valley on Monday, forcing 4,100 people from their homes.\n\n"
    "Officials in Basel said the river rose 4.5 metres overnight. Rescue teams used boats to reach villages.\n\n"
    "The national weather service expects more rain on Wednesday."
)


@pytest.mark.parametrize("other", [COPY, RENAMED, OTHER], ids=["copy", "names-and-figures-changed", "other-story"])
@pytest.mark.parametrize("min_shared", [0, 2, 4])
def test_group_links_equal_the_one_by_one_reference(other: str, min_shared: int) -> None:
    from dedup.pair_scores import _group_cosine

    (got,) = score_batch([(prepare(SOURCE), prepare(other))])
    n_a, n_b = got.score.shape
    singles_a, singles_b = [(i,) for i in range(n_a)], [(j,) for j in range(n_b)]
    doubles_a, doubles_b = [(i, i + 1) for i in range(n_a - 1)], [(j, j + 1) for j in range(n_b - 1)]
    groups = [(ga, gb) for ga in singles_a + doubles_a for gb in singles_b + doubles_b]
    values, ok = got.group_scores(groups, min_shared_content=min_shared)
    shared, want_ok = _group_sets_one_by_one(got, groups, min_shared)
    assert ok.tolist() == want_ok
    cosine = _group_cosine(got._cosines, got._norms, got._next_dots, groups)
    np.testing.assert_array_equal(values, np.clip((np.zeros(len(groups)) + cosine[0] + cosine[1] + shared) / 3.0, 0, 1))
    if other is not OTHER:
        assert any(want_ok) and not all(want_ok)


@pytest.mark.parametrize("other", [COPY, RENAMED, OTHER], ids=["copy", "names-and-figures-changed", "other-story"])
def test_few_groups_score_the_same_bits_as_many(other: str) -> None:
    from dedup.pair_scores import _FEW_GROUPS, _few_group_cosines, _group_cosine

    (got,) = score_batch([(prepare(SOURCE), prepare(other))])
    n_a, n_b = got.score.shape
    groups = [(ga, gb) for ga in [(i,) for i in range(n_a)] + [(i, i + 1) for i in range(n_a - 1)]
              for gb in [(j,) for j in range(n_b)] + [(j, j + 1) for j in range(n_b - 1)]]
    groups = groups * (1 + _FEW_GROUPS // len(groups))  # one call takes numpy's way, calls of a few Python's
    many, many_ok = got.group_scores(groups, min_shared_content=2)
    np.testing.assert_array_equal(np.array(_few_group_cosines(got._cosines, got._norms, got._next_dots, groups)),
                                  _group_cosine(got._cosines, got._norms, got._next_dots, groups))
    for k in range(0, len(groups), 5):
        few, few_ok = got.group_scores(groups[k : k + 5], min_shared_content=2)
        assert few.dtype == many.dtype and few.tobytes() == many[k : k + 5].tobytes()
        assert few_ok.tolist() == many_ok[k : k + 5].tolist()


def test_few_group_cosines_equal_numpys_on_random_cells() -> None:
    from dedup.pair_scores import _few_group_cosines, _group_cosine

    rng = np.random.default_rng(3)
    for n_a, n_b in ((1, 1), (1, 4), (5, 1), (7, 9)):
        cos = rng.random((2, n_a + 3, n_b + 3))[:, 1 : n_a + 1, 2 : n_b + 2]  # a strided view, as a batch's
        norms = (rng.random((2, n_a)) * 3, rng.random((2, n_b)) * 3)
        norms[0][:, 0] = 0.0  # a sentence without features
        next_dots = (rng.random((2, n_a)), rng.random((2, n_b)))
        groups = [((i,) if i + 1 >= n_a or i % 2 else (i, i + 1), (j,) if j + 1 >= n_b or j % 3 else (j, j + 1))
                  for i in range(n_a) for j in range(n_b)]
        want = _group_cosine(cos, norms, next_dots, groups)
        assert np.array(_few_group_cosines(cos, norms, next_dots, groups)).tobytes() == want.tobytes()


def _assert_same_table(got, want) -> None:  # type: ignore[no-untyped-def]
    assert got.sentences == want.sentences
    for kind in ("words", "chars", "content", "entities", "numbers"):
        for name in ("rows", "ids", "values", "vocab", "cols", "next_left", "next_right"):
            a, b = getattr(getattr(got, kind), name), getattr(getattr(want, kind), name)
            assert a.dtype == b.dtype and a.tolist() == b.tolist(), (kind, name)
    assert got.df.dtype == want.df.dtype and got.df.tolist() == want.df.tolist()
    assert got.sets == want.sets


# sentences that repeat words and character n-grams of the one before (neighbour entries), names,
# figures, a sentence without features, and other scripts
TABLE_TEXTS = [
    SOURCE, COPY, OTHER, "", "One.", "Rain. Rain rain rain. Rain. \n\nRain rain.",
    "The OPEC output rose 1,200.5 mln bpd. OPEC output rose again, by 3 pct. The 3 pct rise was the third.",
    "Ставка ЦБ выросла на 0,5 п.п. Ставка выросла. Рынок ждал этого.",
    "x" * 3000 + ". " + " ".join(f"w{k} word{k % 7}" for k in range(400)),
]


@pytest.mark.parametrize("text", TABLE_TEXTS, ids=[f"text{k}" for k in range(len(TABLE_TEXTS))])
def test_compiled_tables_equal_numpys(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    language = "ru" if "Ставка" in text else None
    got = prepare(text, language)
    monkeypatch.setattr(kernels, "KERNELS", None)
    _assert_same_table(got, prepare(text, language))
    if "Rain rain" in text:  # the neighbour entries are exercised
        assert len(got.words.next_left) and len(got.chars.next_left)


def test_table_kernels_refuse_unsorted_keys() -> None:
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    keys = np.array([5, 3], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    with pytest.raises(ValueError, match="sorted"):
        kernels.KERNELS.counted_tables(keys, empty, 20, 2**20)
    with pytest.raises(ValueError, match="sorted"):
        kernels.KERNELS.set_tables(keys, 1, 1, 20, 2**20)
    with pytest.raises(ValueError, match="below kinds"):
        kernels.KERNELS.set_tables(np.array([1 << 21], dtype=np.int64), 1, 2, 20, 2**20)


def test_a_documents_names_and_numbers_are_gathered_once() -> None:
    table = prepare(SOURCE)
    (_, entities, numbers) = table.sets
    whole = frozenset().union(*entities, *numbers)
    assert whole and table.entity_ids() == whole and table.entity_ids() is table.entity_ids()
    rows = np.array([False, True, False, True])
    assert table.entity_ids(rows) == frozenset().union(*(entities[k] | numbers[k] for k in (1, 3)))
    assert table.entity_ids(np.zeros(4, dtype=bool)) == frozenset()


_SCRIPTS = [
    SOURCE,
    "Die Zentralbank hob den Leitzins um 0,25 Prozentpunkte an, sagte Präsidentin Müller in Zürich.",
    "Ставка выросла до ٣٥ процентов, сообщил «Газпром» в понедельник. Цены упали на 1,5%.",
    "营收１２亿元。北京市政府周一表示，房价上涨5%。",
    "İstanbul'da ΣΟΦΊΑ’s shares rose 11-day highs; U.S. officials said ‘no’ — 3,400.",
    "",
]


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("text", _SCRIPTS)
def test_a_tables_tokens_are_each_sentences_tokens(text: str, compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a table gives the links of a sentence, by the compiled ``plain_words`` where it reads the
    sentence, is :func:`dedup.words.tokens` of it (folded and cut apart first where they would be), an
    apostrophe inside a word typed curly written straight."""
    from dedup import kernels
    from dedup.pair_scores import sentence_tokens
    from dedup.words import tokens

    def straight(found: list[str]) -> list[str]:
        return [t.replace("\u2019", "'") for t in found]

    if not compiled:
        monkeypatch.setattr(kernels, "KERNELS", None)
    table = prepare(text)
    for k, sentence in enumerate(table.sentences):
        assert table.tokens(k) == straight(tokens(sentence.text)) == sentence_tokens(sentence.text)
    for piece in text.split():
        assert sentence_tokens(piece) == straight(tokens(piece))


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("text", [SOURCE, "", "One sentence only.", "Цены на нефть выросли на 5%. Рынок ждал.",
                                  "東京株式市場で日経平均株価は反落した。円相場は小幅に動いた。"])
def test_a_tables_entries_are_what_the_kernel_reads_as_they_are(text: str, compiled: bool,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways of preparing a table give each kind's entries as a tuple of C-contiguous int32 arrays (values
    float64): the compiled pair scores read them as they are, nothing converted a pair, nothing kept beside
    the table (the kernel checks the arrays' lengths, not their types)."""
    from dedup import kernels
    from dedup.align import _table_kinds

    if not compiled:
        monkeypatch.setattr(kernels, "KERNELS", None)
    table = prepare(text)
    kinds = _table_kinds(table)
    assert len(kinds) == 5
    for kind, own in zip(kinds, (table.words, table.chars, table.content, table.entities, table.numbers)):
        assert kind is own and isinstance(kind, tuple) and len(kind) == 7
        for name, array in zip(kind._fields, kind):
            assert array.dtype == (np.float64 if name == "values" else np.int32), name
            assert array.flags.c_contiguous and array.ndim == 1, name


def test_an_aligned_table_keeps_nothing_the_collector_walks_beside_it() -> None:
    """What a table works out once and keeps for its next pairs (each sentence's counts) is an array, which
    the garbage collector does not track, and the arrays the compiled pair scores read are its entries
    themselves: a stored table aligned in a pair adds no object to what every collection walks."""
    import gc

    from dedup.links import Side

    table = prepare(SOURCE + " Output rose 4.5 pct to 1,200 tonnes in 1986 from 980 tonnes.")
    Side.of_table(table, None)  # a side of a pair: the table's counts worked out and kept
    gc.collect()
    assert table._counts is not None and not gc.is_tracked(table._counts)
    assert set(vars(table)) == {"sentences", "words", "chars", "content", "entities", "numbers", "df", "sets",
                                "_tokens", "_entities", "_counts"}  # nothing else kept


def test_a_tables_set_counts_are_counted_once_and_read_only() -> None:
    """Each sentence's content stems and figures, counted once a table (a side of every pair it is in) and
    shared read-only."""
    table = prepare(SOURCE + " Output rose 4.5 pct to 1,200 tonnes in 1986 from 980 tonnes.")
    content, figures = table.set_counts()
    again = table.set_counts()
    assert np.shares_memory(again[0], content) and np.shares_memory(again[1], figures)
    assert content.tolist() == [len(s) for s in table.sets[0]] and figures.tolist() == [len(s) for s in table.sets[2]]
    assert content.dtype == figures.dtype == np.int64 and figures.any()
    with pytest.raises(ValueError):
        content[0] = 7


def test_a_copy_whose_apostrophes_were_curled_links_word_for_word() -> None:
    # a client's publishing system curls the wire's apostrophes ("company's" -> "company’s"): the sentences are
    # the wire's word for word, and were read as edited (tokens "company’s" and "company's" unequal)
    from dedup import Document, compare
    from dedup.pair_scores import sentence_tokens

    wire = ("The company's chief executive said on Monday that the plant's output would double by 2027. "
            "\"We don't expect any delays,\" she told reporters at the firm's headquarters in Harlow. "
            "The union's leader said workers hadn't been consulted about the plan's timetable. "
            "Shares in the group rose 4 percent in early trading after the announcement, the exchange's data showed.")
    curled = wire.replace("'", "\u2019").replace("\"We", "\u201cWe").replace("delays,\"", "delays,\u201d")
    assert sentence_tokens("didn\u2019t Reuters\u2019 report") == ["didn't", "reuters", "report"]
    assert sentence_tokens("rock \u2019n\u2019 roll") == sentence_tokens("rock 'n' roll")
    alignment = compare(Document("wire", wire), Document("client", curled)).alignment
    assert alignment.links and {link.kind for link in alignment.links} == {"verbatim"}
    assert alignment.coverage.verbatim == pytest.approx(1.0)
