"""The compiled kernels compute what their numpy twins compute, bit for bit, on any input."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import kernels
from dedup.banding import Banding, band_keys
from dedup.channels import DEFAULT_CHANNELS, THOROUGH_CHANNELS, ChannelSpec
from dedup.vocabulary import Vocabulary, learn_vocabulary
from dedup.shingles import batch_ngrams, tokenize_batch
from dedup.signatures import minhash_units
from dedup.signing import sign_batch, sign_channel, signing_masks, text_bounds
from dedup.tokens import hash_words, in_sorted

COMPILED = kernels.KERNELS

pytestmark = pytest.mark.skipif(COMPILED is None and os.environ.get("CI") != "true",
                                reason="the compiled kernels are not built (python setup.py build_ext --inplace)")


def test_kernels_are_built_in_ci() -> None:
    # CI installs from the project files: a kernel that silently failed to build would leave every
    # comparison below untested there
    assert COMPILED is not None


def both(fn, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``fn()`` with the compiled kernels, then with the numpy twins."""
    fast = fn()
    monkeypatch.setattr(kernels, "KERNELS", None)
    slow = fn()
    monkeypatch.setattr(kernels, "KERNELS", COMPILED)
    return fast, slow


def assert_same(fast, slow) -> None:  # type: ignore[no-untyped-def]
    if isinstance(fast, (tuple, list)):
        assert len(fast) == len(slow)
        for a, b in zip(fast, slow):
            assert_same(a, b)
    elif isinstance(fast, np.ndarray):
        assert fast.dtype == slow.dtype and np.array_equal(fast, slow)
    else:
        assert fast == slow


# letters of several scripts, digits, typographic punctuation, CJK and Thai (character pairs), emoji,
# full stops and line breaks (sentence starts)
ALPHABET = st.sampled_from(list("aZk9 .!?\n,-'’“—…\u00a0éßЖжاب北京市ナビタイ")
                           + ["ก", "😀", "々", "〇", "\u3000", "１", "\u200b", "Ł", "ü"])
# without the characters that send a chunk the numpy way (folding, character pairs): the compiled
# tokeniser's one pass; C2 and E2 lead bytes of punctuation that separates words and of letters that do not
PLAIN = st.sampled_from(list("aZk9 .!?\n,-'’“—…\u00a0\u0085«§¿éÉßЖжŁüÇ\u2070\u20ac\u2190"))
TEXTS = st.lists(st.text(ALPHABET, max_size=300), min_size=1, max_size=6)
PLAIN_TEXTS = st.lists(st.text(PLAIN, max_size=300), min_size=1, max_size=6)
# words and separators: names, abbreviations ("Gen.", "U.S.") and sentence ends
WORDS = st.lists(st.sampled_from(["Gen", "Mr", "U", "S", "Inc", "Paris", "rose", "5", "ÉMILE", "Жук", "dé", "x"])
                 .flatmap(lambda w: st.sampled_from([" ", ". ", "! ", "?", "\n", " — ", "\u00a0", ".\n", ", "])
                          .map(lambda sep: w + sep)), max_size=60).map("".join)
WORD_TEXTS = st.lists(WORDS, min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.one_of(TEXTS, PLAIN_TEXTS, WORD_TEXTS))
def test_tokens_and_signed_units_match_numpy(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        def run():  # type: ignore[no-untyped-def]
            batch = tokenize_batch(texts)
            vocab = learn_vocabulary(batch, min_docs=1)
            spec = [s.__class__(**{**s.__dict__, "min_shingles": 1}) for s in DEFAULT_CHANNELS]
            signed = sign_batch(texts, text_bounds(texts), spec, vocab=vocab, seed=3)
            return [batch.hashes, batch.starts, batch.ends, batch.offsets, batch.flags,
                    *[a for _, *arrays in signed for a in arrays]]

        assert_same(*both(run, mp))


@pytest.mark.parametrize("num_perm", [2, 16, 64, 128, 1024])
def test_minhash_with_empty_short_and_long_units(num_perm: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(num_perm)
    sizes = [0, 1, 2, 3, 7, 50, 400, 0, 5000]
    units = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(units)
    shingles = rng.integers(0, 2**64, len(units), dtype=np.uint64, endpoint=False)
    fast, slow = both(lambda: minhash_units(shingles, units, len(sizes), num_perm=num_perm, seed=11), monkeypatch)
    assert_same(fast, slow)
    assert (fast[0] == 0xFFFFFFFF).all()  # a unit without shingles stays empty


def test_band_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    sig = np.random.default_rng(1).integers(0, 2**32, (40, 128), dtype=np.uint32)
    for banding in (Banding(30, 4), Banding(16, 4), Banding(1, 128), Banding(7, 3)):
        assert_same(*both(lambda: band_keys(sig, banding), monkeypatch))


def test_ngrams_never_cross_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    hashes = np.random.default_rng(2).integers(0, 2**64, 40, dtype=np.uint64, endpoint=False)
    offsets = np.array([0, 0, 3, 4, 20, 20, 40], dtype=np.int64)
    for n in (2, 5, 9):
        fast, slow = both(lambda: batch_ngrams(hashes, offsets, n), monkeypatch)
        assert_same(fast, slow)
        assert len(fast[0]) == sum(max(0, b - a - n + 1) for a, b in zip(offsets[:-1], offsets[1:]))


def test_membership_in_sorted_and_unsorted_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    table = rng.integers(0, 2**64, 5000, dtype=np.uint64, endpoint=False)
    values = np.concatenate([table[::7], rng.integers(0, 2**64, 20000, dtype=np.uint64, endpoint=False), table[-1:]])
    for t in (np.sort(table), table, table[:1], table[:0]):  # an unsorted table is sorted first
        for v in (values, values[::400]):  # many lookups (through a bitmap) and few (binary search alone)
            fast, slow = both(lambda: in_sorted(v, t), monkeypatch)
            assert_same(fast, slow)
    assert in_sorted(values, np.sort(table))[: len(table[::7])].all()


def test_hash_words_lowers_ascii_only(monkeypatch: pytest.MonkeyPatch) -> None:
    words = ["Rose", "ROSE", "rose", "Émile", "émile", "北京", "x" * 70]
    fast, slow = both(lambda: hash_words(words), monkeypatch)
    assert_same(fast, slow)
    assert fast[0] == fast[1] == fast[2] and fast[3] != fast[4]


def test_bad_arguments_raise_instead_of_reading_out_of_bounds() -> None:
    sig = np.full(8, 0xFFFFFFFF, dtype=np.uint32)
    for unit in (5, 2, -1):  # two rows of 4 bins: units 0 and 1 only
        with pytest.raises(IndexError):
            COMPILED.minhash(np.zeros(1, np.uint64), np.array([unit], np.int64), 0, 4, sig)
    with pytest.raises(ValueError):
        COMPILED.minhash(np.zeros(1, np.uint64), np.zeros(1, np.int64), 0, 2000, sig)
    with pytest.raises(IndexError):
        COMPILED.hash_spans(np.zeros(4, np.uint8), np.array([2], np.int32), np.array([9], np.int32),
                            np.zeros(8192, np.uint64), np.empty(1, np.uint64))
    with pytest.raises(ValueError):
        COMPILED.band_keys(sig, 4, 3, 2, np.empty(6, np.uint64))  # 3 bands of 2 rows need 6 of 4 values


def test_language_keys_of_many_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from pathlib import Path

    from dedup.tokens import tokenize_chunk
    from dedup.wordkeys import _keyed_languages

    root = Path(__file__).resolve().parent.parent / "benchmarks/multilingual"
    texts = [v for path in sorted(root.glob("*.json")) for v in json.loads(path.read_text(encoding="utf-8")).values()
             if isinstance(v, str) and len(v) > 40]
    texts += ["", "de la " * 90 + "Shares rose", "Shares rose " * 50 + "de la " * 20]  # markers past the lead
    fast, slow = both(lambda: _keyed_languages(texts, tokenize_chunk(texts)), monkeypatch)
    assert fast == slow and {"ru", "de", "es", "fr"} <= set(fast)


@pytest.mark.parametrize(("window", "stride"), [(24, 8), (16, 0), (10, 3), (4, 4)])
def test_passage_windows(window: int, stride: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.candidates import channel_units
    from dedup.channels import ChannelSpec
    from dedup.vocabulary import Vocabulary

    rng = np.random.default_rng(window)
    texts = [" ".join(f"w{i}" for i in rng.integers(0, 300, n)) for n in (0, 3, 24, 25, 100, 401)]
    spec = ChannelSpec("p", ngram=1, content_only=True, window=window, stride=stride)
    batch = tokenize_batch(texts)
    vocab = learn_vocabulary(batch, min_docs=1)
    assert_same(*both(lambda: channel_units(batch, spec, vocab=vocab), monkeypatch))


# a wire's sign-off and a legal line in every story (boilerplate n-grams of the vocabulary), stopwords,
# one-letter words, common words, a story without words and one of a single word
STORIES = ["Prices rose 5% on Monday as the Fed met. Reporting by A. Writer; editing by B. Editor. All rights "
           "reserved by the agency. " + " ".join(f"w{(i * 7 + k) % 90}" for i in range(k * 13)) + " a b c"
           for k in range(12)] + ["", "word", "Шуя " * 40, "東京都は今日 " * 9]
CHANNEL_SETTINGS = {
    "default": DEFAULT_CHANNELS,
    "thorough": THOROUGH_CHANNELS,
    "words and windows": (ChannelSpec("words", ngram=1, drop_common=0.3, min_shingles=2),
                          ChannelSpec("bigram windows", ngram=2, window=10, stride=3, drop_common=0.3, min_shingles=1),
                          ChannelSpec("all windows", ngram=1, window=4, min_shingles=1, drop_common=0.0),
                          ChannelSpec("9-grams", ngram=9, content_only=True, num_perm=16, bands=4, rows=4,
                                      min_shingles=1)),
}


@pytest.mark.parametrize("channels", CHANNEL_SETTINGS.values(), ids=list(CHANNEL_SETTINGS))
@pytest.mark.parametrize("alone", [False, True], ids=["batch", "one text at a time"])
def test_signing_kernels_match_numpy(channels: tuple[ChannelSpec, ...], alone: bool,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    vocab = learn_vocabulary(tokenize_batch(STORIES), min_docs=2)
    assert len(vocab.grams) and len(vocab.common(0.3))  # boilerplate and common words to leave out

    def run():  # type: ignore[no-untyped-def]
        groups = [[t] for t in STORIES] if alone else [STORIES, []]
        return [a for group in groups for _, *arrays in sign_batch(group, text_bounds(group), channels, vocab=vocab,
                                                                    seed=5, offset=3) for a in arrays]

    assert_same(*both(run, monkeypatch))


def test_masks_and_channel_kernels_take_unsorted_vocabularies(monkeypatch: pytest.MonkeyPatch) -> None:
    batch = tokenize_batch(STORIES)
    learnt = learn_vocabulary(batch, min_docs=2)
    order = np.arange(len(learnt.words))[::-1]
    vocab = Vocabulary(np.concatenate([learnt.words[order], learnt.words[:3]]),  # by hand: unsorted, repeated
                       np.concatenate([learnt.shares[order], learnt.shares[:3]]), learnt.grams[::-1], learnt.limit)
    bounds = text_bounds(STORIES)

    def run():  # type: ignore[no-untyped-def]
        masks = signing_masks(batch, bounds, vocab)
        return [*masks, *[a for spec in CHANNEL_SETTINGS["words and windows"]
                          for a in sign_channel(batch, spec, vocab=vocab, seed=1, masks=masks)]]

    fast, slow = both(run, monkeypatch)
    assert_same(fast, slow)
    assert not fast[0].all()  # the boilerplate is left out


def test_channels_the_kernel_does_not_take_are_signed_by_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ChannelSpec("long grams", ngram=10, min_shingles=1)
    vocab = learn_vocabulary(tokenize_batch(STORIES), min_docs=2)
    fast, slow = both(lambda: sign_batch(STORIES, text_bounds(STORIES), [spec], vocab=vocab, seed=1), monkeypatch)
    assert_same(fast, slow)
    assert len(fast[0][1])


def test_bad_signing_arguments_raise_instead_of_reading_out_of_bounds() -> None:
    h, i, one = np.zeros(4, np.uint64), np.zeros(4, np.int64), np.ones(4, bool)
    table, bounds = np.zeros(0, np.uint64), np.zeros(2, np.int64)
    with pytest.raises(IndexError):  # offsets past the tokens
        COMPILED.token_masks(h, i, i, np.array([0, 9]), bounds, table, 5, table, np.empty(4, bool), np.empty(4, bool))
    with pytest.raises(ValueError):
        COMPILED.token_masks(h, i, i, np.array([0, 4]), bounds, table, 0, table, np.empty(4, bool), np.empty(4, bool))
    with pytest.raises(ValueError):  # outputs of another length
        COMPILED.token_masks(h, i, i, np.array([0, 4]), bounds, table, 5, table, np.empty(3, bool), np.empty(4, bool))

    def keys(offsets, settings, cap=4):  # type: ignore[no-untyped-def]
        out = [np.empty(cap, np.int64) for _ in range(3)] + [np.empty(cap * settings[-2], np.uint64)]
        return COMPILED.channel_keys(h, i, i, np.array(offsets), one, table, *settings[:4], 0, *settings[4:], *out)

    assert keys([0, 4], (1, 0, 0, 1, 8, 2, 4)) == 1  # one text, one unit
    with pytest.raises(IndexError):
        keys([0, 5], (1, 0, 0, 1, 8, 2, 4))
    with pytest.raises(IndexError):  # more units than the outputs hold: four windows of one word
        keys([0, 4], (1, 1, 1, 1, 8, 2, 4), cap=3)
    for settings in ((0, 0, 0, 1, 8, 2, 4), (10, 0, 0, 1, 8, 2, 4), (1, 0, 0, 0, 8, 2, 4), (1, 0, 0, 1, 8, 3, 3),
                     (1, 2, 0, 1, 8, 2, 4), (1, 0, 0, 1, 2000, 2, 4)):
        with pytest.raises(ValueError):
            keys([0, 4], settings)


def test_every_compiled_kernel_is_named() -> None:
    # a stale build is told by a name missing from it: the list must hold every kernel the source defines
    assert COMPILED is not None
    built = {name for name in dir(COMPILED) if not name.startswith("_") and callable(getattr(COMPILED, name))}
    assert built == set(kernels.FUNCTIONS)


def test_a_build_older_than_the_code_is_not_used(monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    import sys
    import types

    import dedup

    stale = types.ModuleType("dedup._kernels")
    for name in kernels.FUNCTIONS[:-1]:
        setattr(stale, name, lambda *args: None)
    monkeypatch.setitem(sys.modules, "dedup._kernels", stale)
    monkeypatch.setattr(dedup, "_kernels", stale, raising=False)
    monkeypatch.delenv("DEDUP_NO_KERNELS", raising=False)
    with caplog.at_level("WARNING", logger="dedup.kernels"):
        assert kernels._load() is None
    assert f"no {kernels.FUNCTIONS[-1]}" in caplog.text and "rebuild" in caplog.text
    setattr(stale, kernels.FUNCTIONS[-1], lambda *args: None)
    assert kernels._load() is stale


@pytest.mark.parametrize(("value", "used"), [("1", False), ("yes", False), ("0", True), ("false", True), ("Off", True),
                                             ("", True)])
def test_dedup_no_kernels_of_0_or_false_keeps_them(monkeypatch: pytest.MonkeyPatch, value: str, used: bool) -> None:
    # any value chose the numpy twins, "0" and "false" too: a script that set DEDUP_NO_KERNELS=0 for "on" ran slower
    pytest.importorskip("dedup._kernels")
    monkeypatch.setenv("DEDUP_NO_KERNELS", value)
    assert (kernels._load() is not None) == used


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aZq9.,'-_\"() \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x00\x7fAbCdEfX")),
                        max_size=60), max_size=6))
def test_char_keys_read_ascii_text_in_place_as_lower_and_split_read_it(texts: list[str]) -> None:
    """ASCII text is read by ``char_keys`` without lower() and split() (every ASCII character str.split()
    takes for whitespace, controls that it does not, capitals): the grams of the words lower() and split()
    give, as :func:`dedup.hashing.char_ids` reads them; and beside a text that is not ASCII."""
    from dedup.hashing import KEY_SHIFT, N_FEATURES, char_ids

    for batch in (texts, texts + ["Ünïcode Straße ’quoted’ x"]):
        got = np.frombuffer(COMPILED.char_keys(batch, KEY_SHIFT, N_FEATURES), dtype=np.int64).tolist()
        assert got == [(row << KEY_SHIFT) | c for row, text in enumerate(batch) for c in char_ids(text)]


@pytest.mark.skipif(kernels.KERNELS is None, reason="the compiled kernels are not built")
@pytest.mark.parametrize("size", [0, 1, 2, 47, 48, 49, 300, 3374, 20000])
@pytest.mark.parametrize("high", [1, 2, 2**11, 2**11 + 1, 2**22, 2**25, 2**33, 2**62, 2**63 - 1])
def test_sort_keys_sorts_as_numpy_does(size: int, high: int) -> None:
    """The kernel's radix sort of a table's keys gives numpy's sort: every size around the insertion sort's
    bound, keys of one digit to six (and of one value: a digit the same throughout is a pass skipped), keys in
    rows as a table's come (sorted by row, not within one) and as an int64 array or its bytes."""
    rng = np.random.default_rng(size * 7 + high % 1000)
    keys = rng.integers(0, high, size, dtype=np.int64, endpoint=high < 2**63 - 1)
    rows = (np.sort(rng.integers(0, 40, size, dtype=np.int64)) << 20) | rng.integers(0, 2**20, size, dtype=np.int64)
    for given_keys in (keys, rows, keys[::-1].copy(), np.sort(keys)):
        for form in (given_keys, given_keys.tobytes()):
            got = np.frombuffer(kernels.KERNELS.sort_keys(form), dtype=np.int64)
            assert got.tolist() == np.sort(given_keys).tolist()
    assert keys.tolist() == rng.__class__(np.random.PCG64(size * 7 + high % 1000)).integers(
        0, high, size, dtype=np.int64, endpoint=high < 2**63 - 1).tolist()  # the input is left as it was


@pytest.mark.skipif(kernels.KERNELS is None, reason="the compiled kernels are not built")
def test_sort_keys_refuses_negative_keys_and_other_items() -> None:
    with pytest.raises(ValueError, match="not be negative"):
        kernels.KERNELS.sort_keys(np.array([3, -1, 2], dtype=np.int64))
    with pytest.raises(ValueError, match="int64"):
        kernels.KERNELS.sort_keys(np.array([3, 1, 2], dtype=np.int32))
    with pytest.raises(ValueError, match="int64"):
        kernels.KERNELS.sort_keys(b"1234567")
