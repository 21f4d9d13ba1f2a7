"""Hashed sentence features (dedup.hashing): the columns scikit-learn's FeatureHasher gives, each distinct
string hashed once."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32

from dedup import hashing, kernels
from dedup.hashing import (KEY_SHIFT, N_FEATURES, _char_ngrams, bag_keys, binary, char_ids, char_keys, char_matrix,
                           document_entities, hash_bags, hash_sentences, sentence_bags, string_ids)
from dedup.language import is_dense
from dedup.sentences import split_sentences

_SKLEARN = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


def _hashers(bags: list[list[str]]):  # type: ignore[no-untyped-def]
    matrix = _SKLEARN.transform(bags).tocsr()
    matrix.sum_duplicates()
    return matrix


def test_char_ngram_columns_are_the_hashers() -> None:
    sentences = split_sentences("Café owners in Zürich said on Monday that prices rose. Prices rose again, they said.")
    expected = _hashers([_char_ngrams(s.text) for s in sentences])
    assert (char_matrix(sentences) != expected).nnz == 0 and expected.nnz > 0


def test_hashed_words_are_the_hashers() -> None:
    """Words, content stems, names and numbers are hashed into the columns scikit-learn's hasher gives
    the strings of :func:`sentence_bags` (each distinct string hashed once, not per call)."""
    sentences = split_sentences("Anna Kovac said 4,200 people in Zürich were moved. Kovac said the rain eased.")
    hashed = hash_sentences(sentences)
    bags = sentence_bags(sentences)
    matrices = (hashed.words, hashed.content, hashed.entities, hashed.numbers)
    for k, (bag, matrix) in enumerate(zip(bags, matrices)):
        expected = _hashers(bag) if k == 0 else binary(_hashers(bag))
        assert (matrix != expected).nnz == 0 and expected.nnz > 0
    assert string_ids(["kovac"]) == [int(_hashers([["kovac"]]).indices[0])]


def test_hash_bags_counts_as_scikit_learns_hasher() -> None:
    bags = [["rate", "rate", "oslo", "4.5"], [], ["ставка", "利率", "prix", "rate"]]
    mine, theirs = hash_bags(bags), _hashers(bags)
    assert mine.shape == theirs.shape == (3, N_FEATURES) and mine.dtype == theirs.dtype
    assert (mine != theirs).nnz == 0 and mine[0].sum() == 4
    assert hash_bags([]).shape == (0, N_FEATURES)


def test_murmurhash_is_scikit_learns_with_and_without_the_kernels(compiled: bool) -> None:
    rng = random.Random(5)
    alphabet = "abcxyzABC0129 .-éüßжд中文日本\U0001F600"
    words = ["", "a", "ab", "abc", "abcd", "abcde"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(2000)]
    assert [hashing._murmurhash3_32(w) for w in words] == [murmurhash3_32(w, seed=0) for w in words]
    # the one hash whose absolute value does not fit: FeatureHasher's own column for it
    assert hashing._feature_id("x") == abs(murmurhash3_32("x", seed=0)) % N_FEATURES


# words in many scripts, cases that lower-case to more characters or by context (İ, final sigma), and
# every kind of whitespace str.split() cuts at
_ALPHABET = "abcxyzABC0129 .-'’éüßẞİΣσжДΑ\u0301\U0001F600\t\n\x1c\x85\xa0\u2028\u3000"


def _random_texts(seed: int, n: int, dense: str = "") -> list[str]:
    rng = random.Random(seed)
    alphabet = _ALPHABET + dense
    return ["", " ", "a", "ab", "abc", "abcd", "OPEC's 1,200.5 mln", "ΟΔΟΣ ΣΑΣ"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def test_bag_keys_are_string_ids_keyed_by_bag(compiled: bool) -> None:
    words = _random_texts(7, 600, dense="中文日本ไทย")
    bags = [words[k : k + k % 5] for k in range(len(words))] + [[], set(words[:9]), ("ставка", "利率")]
    got = bag_keys(bags)
    assert got.dtype == np.int64
    assert got.tolist() == [(row << KEY_SHIFT) | c for row, bag in enumerate(bags) for c in string_ids(bag)]
    assert bag_keys([]).tolist() == [] and bag_keys([[], []]).tolist() == []


@pytest.mark.parametrize("dense", ["", "中文日本ไทย", "물가금리수출"], ids=["spaced", "dense-scripts", "hangul"])
def test_char_keys_are_char_ids_keyed_by_text(compiled: bool, dense: str) -> None:
    texts = _random_texts(11, 800, dense)
    got = char_keys(texts)
    assert got.dtype == np.int64
    assert got.tolist() == [(row << KEY_SHIFT) | c for row, text in enumerate(texts) for c in char_ids(text)]
    assert char_keys([]).tolist() == [] and char_keys([""]).tolist() == []


def test_a_hangul_word_is_cut_into_syllable_pairs(compiled: bool) -> None:
    # a syllable holds two or three letters: pairs of syllables span what four Latin letters do, so a noun
    # meets its form with a particle ("물가" and "물가가", prices) as "price" meets "prices"
    assert _char_ngrams("물가가 올랐다") == [" 물", "물가", "가가", "가 ", " 올", "올랐", "랐다", "다 "]
    bare, particle = set(char_ids("물가")), set(char_ids("물가가"))
    assert len(bare & particle) / len(bare | particle) >= 0.5
    assert _char_ngrams("prices") == [" pri", "pric", "rice", "ices", "ces "]  # other scripts as before


def test_no_character_lower_cases_into_a_dense_script() -> None:
    """:func:`char_keys` asks whether a text holds a dense script before its words are lower-cased: every
    character of Unicode checked, none lower-cases into one."""
    chars = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert [c for c in chars if not is_dense(c) and is_dense(c.lower())] == []


def _entities_one_by_one(sentences, language=None):  # type: ignore[no-untyped-def]
    """The names of a document as first written, token by token: the reference for the set version."""
    from dedup.words import TOKEN, rules_for
    from dedup.words import lower as lower_token

    rules = rules_for(language)
    if not rules.capitals_mark_names:
        return frozenset()
    capitalised, lower = set(), set()
    for sentence in sentences:
        for i, tok in enumerate(TOKEN.findall(sentence.text)):
            if tok[0].islower():
                lower.add(tok)
            elif i > 0 and tok[0].isupper() and lower_token(tok) not in rules.stop_words:
                capitalised.add(lower_token(tok))
    return frozenset(capitalised - lower)


@pytest.mark.parametrize("language", [None, "de", "ru"])
def test_document_entities_equal_the_token_by_token_reference(language: str | None) -> None:
    text = ("Anna Kovac said The rain in Zürich eased. Kovac and İlhan met ΟΔΟΣ officials; the Officials and "
            "iPhone makers, Apple and apple growers said. Москва and Путин said in Москва. The Die Der")
    sentences = split_sentences(text)
    got = document_entities(sentences, language)
    assert got == _entities_one_by_one(sentences, language)
    assert language == "de" or {"kovac", "zürich", "ilhan"} <= got  # "İlhan" is "ilhan"
    assert "apple" not in got and "the" not in got


def test_sentence_bags_read_folded_and_dense_text_as_the_tokens_do() -> None:
    """A sentence's words are :func:`dedup.words.tokens` whether the sentence is ASCII (read with the
    names' pass of the pattern) or not (folded digits, Chinese cut into pairs)."""
    from dedup.words import rules_for, tokens

    sentences = split_sentences("Rates rose to ٣٥ percent in 北京市政府 on Monday. Oslo said rates rose 5 percent.")
    word_bags = sentence_bags(sentences)[0]
    stop_words = rules_for(None).stop_words
    assert word_bags == [[t for t in tokens(s.text) if t not in stop_words] for s in sentences]
    assert "35" in word_bags[0] and "北京" in word_bags[0]


def test_reading_a_text_does_not_import_scikit_learn() -> None:
    """A scan's modules need neither scikit-learn nor datasketch (nor scipy's statistics under them)
    at import: loading them was a second or more of every command's start."""
    code = ("import sys, dedup, dedup.cli.app, dedup.hashing, dedup.similarity\n"
            "print(sorted(m for m in ('sklearn', 'datasketch', 'scipy.stats') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(("text", "as_written"), [
    ("Oil rose 5%.", True), ("Zürich’s rate", True), ("rose ٣٥ percent", False), ("北京市 rose", False),
    ("营收１２亿元", False), ("", True),
])
def test_a_sentence_is_read_as_written_only_where_tokens_would_not_fold_or_cut_it(text: str, as_written: bool) -> None:
    from dedup.hashing import _TOKEN, _read_as_written
    from dedup.words import tokens

    assert _read_as_written(text) is as_written
    if as_written:
        assert tokens(text) == [t.lower() for t in _TOKEN.findall(text)]
    else:
        assert tokens(text) != [t.lower() for t in _TOKEN.findall(text)]


_PLAIN = "aZq09_ .,-'’‘“”–—\n\t0123456789,."
_OTHER = "éİß٣北\u00a0"


@pytest.mark.skipif(kernels.KERNELS is None, reason="the compiled kernels are not built")
@pytest.mark.parametrize("seed", range(4))
def test_plain_words_kernel_reads_what_the_pattern_reads(seed: int) -> None:
    """``plain_words`` gives :func:`dedup.hashing._words` of every text of ASCII and the typographic
    quotes and dashes, token for token (as compared, without stop words, and as the names read them),
    and None for a text with any other character."""
    import random

    from dedup.hashing import _words
    from dedup.figures import numbers

    rng = random.Random(seed)
    stop_words = frozenset({"a", "the", "q0", "az'q"})
    texts = ["", "U.S. oil’s rose 11-day; iPhone sales", "The A. B, C- d'e’f ‘g’ “H” i–j k—l"]
    for _ in range(400):
        alphabet = _PLAIN + (_OTHER if rng.random() < 0.2 else "")
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))))
    texts += ["1,200.5 and 3.5. 4,, 5.,6 a1b2 12-3 0.5% 1" + "0" * 300, "x" * 300 + "1,2,3.4"]
    for figures in (False, True):
        for text, read in zip(texts, kernels.KERNELS.plain_words(texts, stop_words, figures)):
            if any(ch in _OTHER for ch in text):
                assert read is None
            else:
                assert read == _words(text, stop_words, figures), text
                assert (read[4] == numbers(text)) if figures else read[4] is None
    with pytest.raises(TypeError):
        kernels.KERNELS.plain_words([b"bytes"], stop_words, True)
    with pytest.raises(TypeError):
        kernels.KERNELS.plain_words(["text"], ["a", "list"], True)


@pytest.mark.parametrize("language", [None, "en", "de", "ru", "zh", "fr"])
def test_sentence_bags_are_the_same_without_the_kernels(language: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("U.S. Oil’s shares rose 11-day highs, iPhone maker Apple said on Monday. “We’re done” — "
            "Müller in Zürich said the 1,200.5 figure stood. Ставка выросла до ٣٥ процентов. 北京市政府周一表示。\n\n"
            "Die Zentralbank hob den Leitzins an, sagte Präsidentin Müller. The Fed, the ECB and OPEC met.")
    sentences = split_sentences(text, language)
    with_kernels = sentence_bags(sentences, language=language)
    monkeypatch.setattr(kernels, "KERNELS", None)
    assert sentence_bags(sentences, language=language) == with_kernels


def test_a_turkish_name_is_one_of_the_sentence_tokens() -> None:
    # the names are read lower-cased as the tokens are (dedup.words.lower): "İstanbul" is "istanbul"
    from dedup.hashing import _words

    toks, _, _, capitals, _ = _words("Bakan dün İstanbul'da İlk toplantıyı yaptı.", frozenset())
    assert "istanbul'da" in toks and set(capitals) <= set(toks)


@pytest.mark.parametrize(
    ("language", "text", "names"),
    [("ru", "Решение приняли в Москве. Пресс-секретарь Путина и помощник Путину ответили.", [{"москв"}, {"путин"}]),
     ("tr", "Toplantı dün yapıldı. Bakan Ankara'da konuştu ve Ankara dönüşü açıklama yaptı.", [set(), {"ankar"}]),
     (None, "Talks ended on Friday. The Friday's statement came from Calders and Calder.",
      [{"friday"}, {"friday's", "calders", "calder"}])],
    ids=["russian-cases", "turkish-suffix", "english-as-written"],
)
def test_sentence_names_are_stemmed_where_the_words_are(language: str | None, text: str, names: list[set[str]]) -> None:
    sentences = split_sentences(text, language)
    assert [set(e) for e in sentence_bags(sentences, language=language)[2]] == names


@pytest.mark.parametrize("one, other", [
    ("ශ්\u200dරී ලංකා මහ බැංකුව පොලී අනුපාත.", "ශ්රී ලංකා මහ බැංකුව පොලී අනුපාත."),
    ("Banca Naţională a României şi Guvernul.", "Banca Națională a României și Guvernul."),
])
def test_a_sentence_typed_two_ways_has_one_set_of_features(one: str, other: str) -> None:
    # a joiner inside an Indic word, a cedilla for Romanian's comma below: the aligner's words, character
    # n-grams and names were those of other words
    for language in ("si", "ro", None):
        a, b = split_sentences(one), split_sentences(other)
        assert sentence_bags(a, language=language) == sentence_bags(b, language=language)
        assert char_ids(one) == char_ids(other) and _char_ngrams(one) == _char_ngrams(other)
        assert char_keys([one]).tolist() == char_keys([other]).tolist()
        assert document_entities(a, language) == document_entities(b, language)


@pytest.mark.parametrize(("language", "cyrillic", "latin"), [
    ("sr", "Влада Србије усвојила је нови закон о јавним набавкама.", "Vlada Srbije usvojila je novi zakon o javnim nabavkama."),
    ("uz", "Ўзбекистон ҳукумати янги қонунни қабул қилди.", "Oʻzbekiston hukumati yangi qonunni qabul qildi."),
])
def test_a_sentence_in_either_script_of_its_language_has_the_same_character_ngrams(
        language: str, cyrillic: str, latin: str) -> None:
    from dedup.sentences import Sentence

    def grams(text: str, lang: str | None) -> set[int]:
        return set(char_matrix([Sentence(0, len(text), text)], lang).indices.tolist())

    # a reprint converted from Cyrillic to Latin scored a third of its due at the link (words keyed alike, their
    # character n-grams not): read in the language's one script, the two are one sentence
    assert grams(cyrillic, language) == grams(latin, language)
    # Russian's Cyrillic (or no language given) is read as written: a fold must not make other languages alike
    assert not grams(cyrillic, "ru") & grams(latin, "ru")
    assert grams(cyrillic, None) == grams(cyrillic, "ru")


@pytest.mark.parametrize("compiled", [True, False])
def test_the_tokens_read_on_the_way_are_the_kernels_tokens_of_each_sentence(compiled: bool,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """``tokens_read`` gets, for each sentence the kernel reads, the tokens it gives that sentence alone (no
    stop word or figure asked changes them), and None for one it does not read (or all, without it)."""
    text = ("Oil’s shares rose 11-day highs, iPhone maker Apple said. “We’re done” — it said. "
            "Müller in Zürich said 1,200.5 stood. Ставка выросла. The Fed met.")
    sentences = split_sentences(text)
    compiled_kernels = kernels.KERNELS
    if not compiled:
        monkeypatch.setattr(kernels, "KERNELS", None)
    read: list = [["left", "from", "before"]]
    bags = sentence_bags(sentences, tokens_read=read)
    assert bags == sentence_bags(sentences) and len(read) == len(sentences)
    if not compiled:
        assert read == [None] * len(sentences)
        return
    plain = [compiled_kernels.plain_words([s.text], frozenset(), False)[0] for s in sentences]
    assert read == [None if p is None else p[0] for p in plain]
    assert any(r is None for r in read) and any(r is not None for r in read)


def test_content_stems_kept_across_calls_give_the_same_bags(monkeypatch: pytest.MonkeyPatch) -> None:
    """The content stems :func:`sentence_bags` keeps of words met before give the bags it gives with none
    kept, in English and a stemmed language, and past the bound (where it starts a new dict, never clearing
    one another thread reads)."""
    english = split_sentences("Shares of Apple rose 3% on Monday. Traders said shares rose in 2024 again.")
    russian = split_sentences("Ставка выросла до пяти процентов. Банк России повысил ставку.", "ru")
    monkeypatch.setattr(hashing, "_content_stems_known", {})
    first = sentence_bags(english), sentence_bags(russian, language="ru")
    assert (sentence_bags(english), sentence_bags(russian, language="ru")) == first
    kept = hashing._content_stems_known[hashing.rules_for(None)]
    assert kept["shares"] == hashing.rules_for(None).stem("shares") and kept["2024"] is None and "of" not in kept  # a stop word is no feature
    monkeypatch.setattr(hashing, "_CONTENT_STEMS_KEPT", 5)
    zebras = split_sentences("Zebras grazed quietly near Nairobi's outskirts.")
    past_the_bound = sentence_bags(zebras)
    assert hashing._content_stems_known[hashing.rules_for(None)] is not kept and "shares" in kept
    monkeypatch.setattr(hashing, "_content_stems_known", {})
    assert sentence_bags(zebras) == past_the_bound and past_the_bound[1][0]
    assert (sentence_bags(english), sentence_bags(russian, language="ru")) == first
