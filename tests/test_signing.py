"""Signing stays bit-identical: stored indexes and every verdict depend on it.

The digests below are of the tokens, signatures, band keys and unit spans that dedup computed before its
compiled kernels (``dedup/_kernels.c``) existed, on a varied set of texts (the sample corpus, the
multilingual benchmark's texts in ten languages and scripts, empty, short and odd texts). Both the
compiled kernels and their numpy twins must reproduce them; a change of tokenising or signing that
moves a single bit fails here, and must not ship without a new index format.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from dedup import kernels
from dedup.candidates import DEFAULT_CHANNELS
from dedup.reading import read_corpus
from dedup.shingles import batch_ngrams, tokenize_batch
from dedup.signatures import minhash_units
from dedup.signing import corpus_vocabulary, sign_batch, text_bounds

ROOT = Path(__file__).resolve().parent.parent
ODD = ["", " ", "a", "Hi.", "\n\n", "北京", "東京都は今日", "x " * 3, "word " * 30,
       "Ünïcödé — “quotes” … ", "١٢٣ ٤٥٦ 12 ３４", "ไทยภาษา ทดสอบ", "\u200b\u00a0zero width", "A" * 5000,
       "Der Bundestag hat am Donnerstag beschlossen, die Abfindungen zu erhöhen. " * 5,
       "Mr. Smith went to Washington. U.S. officials said! Why? " * 10, "emoji 😀 test 😀 again " * 9,
       "Банк России сохранил ключевую ставку. " * 12, "Prices rose 5%.\n\nShares fell 3%... (Reuters)"]

# sha256 of ``_outputs`` before the compiled kernels (main 194e6ab)
EXPECTED = {
    "tokens": "86b8cc3196f95779239f2f6ccf78c37436e3f6b7cb10f3e9cf1f25170617ca3f",
    "batch": "3578667c0c7541d8aefbe82dd64cb86c15a6ca116b65d3738b17a1c2338fcead",
    "single": "a9a576533b24aa99fee75c4b04613c8c8790c9c482a7ecec736f99f6e2170a3f",
    "minhash": "5fbdcfdc4aea2131bf1966781c25619562b6a09cccec80aedfaa65597318040d",
}


def _texts() -> list[str]:
    texts = [d.text for d in read_corpus(ROOT / "corpus").documents]
    for path in sorted((ROOT / "benchmarks/multilingual").glob("*.json")):
        texts += [v for _, v in sorted(json.loads(path.read_text(encoding="utf-8")).items())
                  if isinstance(v, str) and len(v) > 40]
    return texts + ODD


def _digest(arrays: list[np.ndarray]) -> str:
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _outputs(texts: list[str]) -> dict[str, str]:
    """Digests of what tokenising and signing give ``texts``: tokens, signed units in one batch and one
    text at a time, and signatures of word 5-grams at several lengths and seeds."""
    batch = tokenize_batch(texts)
    out = {"tokens": _digest([batch.hashes, batch.starts, batch.ends, batch.offsets, batch.flags])}
    vocab = corpus_vocabulary(texts)
    for mode, groups in (("batch", [texts]), ("single", [[t] for t in texts])):
        arrays = []
        for group in groups:
            for _, doc, start, end, keys in sign_batch(group, text_bounds(group), DEFAULT_CHANNELS, vocab=vocab, seed=1):
                arrays += [doc, start, end, keys]
        out[mode] = _digest(arrays)
    grams, pos = batch_ngrams(batch.hashes, batch.offsets, 5)
    doc = np.repeat(np.arange(len(texts)), np.diff(batch.offsets))[pos]
    out["minhash"] = _digest([minhash_units(grams, doc, len(texts), num_perm=k, seed=s) for k in (16, 128) for s in (1, 7)])
    return out


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled-kernels", "numpy"])
def test_tokens_signatures_band_keys_and_spans_are_unchanged(compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if compiled and kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built (python setup.py build_ext --inplace)")
    if not compiled:
        monkeypatch.setattr(kernels, "KERNELS", None)
    assert _outputs(_texts()) == EXPECTED
