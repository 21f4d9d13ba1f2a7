"""Tests for dedup.sentence_tables: a document's sentence table, prepared once (compiled or not, the same
arrays), its entries as the kernel reads them, its tokens, names and counts kept."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.sentence_tables import prepare

from _pair_texts import COPY, OTHER, SOURCE


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
    from dedup.sentence_tables import _set_entries

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
    from dedup.sentence_tables import sentence_tokens
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
    from dedup.sentence_scores import _table_kinds

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

    from dedup.link_sides import Side

    table = prepare(SOURCE + " Output rose 4.5 pct to 1,200 tonnes in 1986 from 980 tonnes.")
    Side.of_table(table, None)  # a side of a pair: the table's counts worked out and kept
    gc.collect()
    assert table._counts is not None and not gc.is_tracked(table._counts)
    assert set(vars(table)) == {"sentences", "words", "chars", "content", "entities", "numbers", "df", "sets",
                                "_tokens", "_entities", "_counts", "token_texts"}  # nothing else kept
    assert table.token_texts is None  # English: its sentences' words compared as written


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
    from dedup.sentence_tables import sentence_tokens

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


def test_a_reprint_between_two_scripts_links_word_for_word() -> None:
    """A Serbian or Uzbek sentence in Cyrillic is compared in a link in the Latin letters its language is keyed in
    (:func:`dedup.hashing.char_texts`): Uzbek's Latin reprint with three phrases changed had every link a paraphrase
    (tokens in two scripts never equal) and was called a rewrite, not a duplicate."""
    from dedup.sentence_tables import sentence_tokens

    cyrillic = prepare("Влада Србије усвојила је данас нацрт буџета за 2027. годину. Министар финансија рекао је да ће дефицит пасти.", "sr")
    latin = prepare("Vlada Srbije usvojila je danas nacrt budžeta za 2027. godinu. Ministar finansija rekao je da će deficit pasti.", "sr")
    assert cyrillic.tokens(0) == latin.tokens(0) == sentence_tokens("vlada srbije usvojila je danas nacrt budžeta za 2027. godinu.")
    assert prepare("Центральный банк сохранил ставку.", "ru").token_texts is None


def test_tokens_kept_from_preparing_are_the_kernels_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """:func:`prepare` keeps the tokens the kernel read of each sentence it reads, and
    :func:`sentence_tokens` gives them as the kernel would give them again; the kept tokens are dropped whole
    when the next article would pass the bound."""
    from dedup import kernels, sentence_tables
    from dedup.sentence_tables import sentence_tokens

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    monkeypatch.setattr(sentence_tables, "_recent_tokens", {})
    text = "Oil’s price rose on Monday. Traders didn’t say why. Ставка выросла."
    table = prepare(text)
    kept = sentence_tables._recent_tokens
    assert set(kept) == {s.text for s in table.sentences}
    assert [kept[s.text] is None for s in table.sentences] == [False, False, True]  # Cyrillic: not the kernel's
    again = [sentence_tokens(s.text) for s in table.sentences]
    monkeypatch.setattr(sentence_tables, "_recent_tokens", {})
    assert again == [sentence_tokens(s.text) for s in table.sentences]
    assert again[1] == ["traders", "didn't", "say", "why"]
    monkeypatch.setattr(sentence_tables, "_RECENT_TOKENS", 3)
    prepare(text)
    prepare("One more. And another one.")
    assert set(sentence_tables._recent_tokens) == {"One more.", "And another one."}
