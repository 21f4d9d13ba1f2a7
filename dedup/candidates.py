"""Candidate pairs: three LSH channels over units (whole documents or passage windows).

| channel   | unit              | shingles                          | finds                                   |
|-----------|-------------------|-----------------------------------|-----------------------------------------|
| ``text``    | whole document    | word 5-grams                      | reprints and light edits                |
| ``passage`` | windows of words  | rare content words in the window  | a few paragraphs reused in a long text  |
| ``content`` | whole document    | rare content words                | heavy rewrites (reworded sentences)     |

"Rare" content words leave out stopwords and the words found in a large share of the corpus (template
vocabulary such as "shr", "net", "mln" in earnings notices), so that sharing them says little.
Candidates are only proposals: :mod:`dedup.verify` re-scores each one exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Iterable, Sequence

import numpy as np

from dedup import kernels
from dedup.errors import SettingsError
from dedup.heap import release_freed
from dedup.memory import band_ranges
from dedup.banding import NO_BAND, Banding, band_keys, choose_bands, colliding_codes, colliding_pairs_of_bands
from dedup.buckets import UnitTexts
from dedup.candidate_sets import (CandidateSet, PassageHits, _assemble_arrays, _window_hits, assemble_candidates,
                                  document_pairs)
from dedup.shingles import batch_ngrams, content_mask
from dedup.tokens import TokenBatch, in_sorted, mix64
from dedup.signatures import check_flag, minhash_units
from dedup.sorted_arrays import counted_codes
from dedup.unit_tables import UnitTable

__all__ = [
    "ChannelSpec",
    "DEFAULT_CHANNELS",
    "THOROUGH_CHANNELS",
    "SPARSE_CHANNELS",
    "LONG_DOCUMENT",
    "NO_BAND",
    "dense_seed",
    "PASSAGE_SETTINGS",
    "channels_for",
    "passage_setting",
    "UnitTable",
    "channel_units",
    "token_masks",
    "Vocabulary",
    "learn_vocabulary",
    "boilerplate_tokens",
    "CandidateSet",
    "PassageHits",
    "find_candidates",
    "document_pairs",
    "assemble_candidates",
    "evidence_rules",
]


@dataclass(frozen=True)
class ChannelSpec:
    """One LSH channel: what a unit is, how it is shingled, and the similarity it looks for."""

    name: str
    ngram: int = 5
    content_only: bool = False
    window: int = 0  # 0: the unit is the whole document; else words per passage window
    stride: int = 0  # words between window starts (0: half a window)
    drop_common: float = 0.01  # leave out words found in more than this share of documents (0: keep all)
    num_perm: int = 128
    threshold: float = 0.5
    min_shingles: int = 8  # units with fewer shingles are not indexed
    min_hits: int = 1  # a window channel: band collisions of window pairs needed to propose a document pair
    min_bands: int = 1  # a window channel: bands one of a pair's colliding window pairs must share
    bands: int = 0  # explicit LSH banding; 0: chosen from threshold and num_perm
    rows: int = 0
    # a window channel: documents of at least ``dense_from`` words (those the windows are laid over: content
    # words for a content-only channel) get windows every ``dense_stride`` words, and ``dense_bands`` more
    # bands of ``rows`` rows from a second sketch; a pair of two such documents is judged on every band
    # (0: every document is windowed alike)
    dense_from: int = 0
    dense_stride: int = 0
    dense_bands: int = 0

    def __post_init__(self) -> None:
        self._check_types()
        if self.ngram < 1:
            raise SettingsError(f"channel {self.name}: the shingle size must be at least 1")
        if self.window and self.window < 4:
            raise SettingsError(f"channel {self.name}: a passage window needs at least 4 words")
        if self.stride < 0 or (self.window and self.stride > self.window):
            raise SettingsError(f"channel {self.name}: the stride must be between 1 and the window")
        if self.min_shingles < 1:
            raise SettingsError(f"channel {self.name}: min_shingles must be at least 1")
        if self.min_bands < 1 or (self.min_bands > 1 and not self.window):
            raise SettingsError(f"channel {self.name}: min_bands must be at least 1, and above 1 only for "
                                "passage windows")
        if self.min_bands > self.banding.bands:
            raise SettingsError(f"channel {self.name}: min_bands ({self.min_bands}) is more than the "
                                f"{self.banding.bands} bands")
        if self.dense_from < 0 or self.dense_bands < 0 or self.dense_stride < 0:
            raise SettingsError(f"channel {self.name}: dense_from, dense_stride and dense_bands cannot be negative")
        if self.dense_from and (not self.window or not 1 <= self.dense_stride <= self.window):
            raise SettingsError(f"channel {self.name}: denser windows for long documents (dense_from) need a "
                                "passage window and a dense_stride between 1 and the window")
        if (self.dense_stride or self.dense_bands) and not self.dense_from:
            raise SettingsError(f"channel {self.name}: dense_stride and dense_bands need dense_from (the "
                                "words from which a document is long)")

    def _check_types(self) -> None:
        """A setting of another type failed as Python's own comparison (``ngram="5"``: "'<' not supported between
        instances of 'str' and 'int'"), or was taken (``content_only="no"``, a true string; ``ngram=5.5``)."""
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(f"a channel's name must be a non-empty string, not {self.name!r:.60}")
        for setting in fields(self):
            value = getattr(self, setting.name)
            if setting.name == "content_only":
                check_flag(f"channel {self.name}: content_only", value)
            elif setting.type == "float" and (isinstance(value, bool) or not isinstance(value, (int, float, np.number))):
                raise TypeError(f"channel {self.name}: {setting.name} must be a number, not {type(value).__name__}")
            elif setting.type == "int" and (isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer))):
                raise TypeError(f"channel {self.name}: {setting.name} must be a whole number, not {type(value).__name__}")

    @property
    def banding(self) -> Banding:
        if self.bands and self.rows:
            return Banding(self.bands, self.rows)
        return choose_bands(self.threshold, self.num_perm)

    @property
    def step(self) -> int:
        """Words between the starts of two passage windows (of a document below ``dense_from``)."""
        return self.stride or max(1, self.window // 2)

    @property
    def key_bands(self) -> int:
        """Band keys a unit may have: the bands of every document's units, then the ``dense_bands`` of a
        long document's (a short document's units have :data:`NO_BAND` there)."""
        return self.banding.bands + self.dense_bands

    @property
    def sparse(self) -> "ChannelSpec":
        """This channel with every document windowed alike (as a document below ``dense_from``)."""
        return replace(self, dense_from=0, dense_stride=0, dense_bands=0)

    @property
    def dense(self) -> tuple["ChannelSpec", "ChannelSpec | None"] | None:
        """``(windows, extra)`` for a long document: its windows every ``dense_stride`` words with this
        channel's bands, and the same windows in the ``dense_bands`` bands of the second sketch (signed
        with :func:`dense_seed`); None for a channel that windows every document alike."""
        if not self.dense_from:
            return None
        banding = self.banding
        windows = replace(self.sparse, stride=self.dense_stride, bands=banding.bands, rows=banding.rows)
        return windows, replace(windows, num_perm=self.dense_bands * banding.rows, bands=self.dense_bands,
                                min_bands=1) if self.dense_bands else None


def dense_seed(seed: int) -> int:
    """The seed of a channel's second sketch (its ``dense_bands``): another sketch than the first's, so
    that its bands add evidence instead of repeating it.

    >>> dense_seed(1) != 1
    True
    """
    return seed ^ 0x6A09E667F3BCC908


#: Content words (those the passage windows are laid over) from which a document is long and its passage
#: windows denser: above almost every news article (Reuters-21578: 17 of 18,840 stories; the syndication
#: set: 9 of 3,980), below most of PAN 2013's suspicious documents (56%; benchmarks/RESULTS.md, "Denser
#: passage windows where documents are long").
LONG_DOCUMENT = 500

#: Every document's passage windows every 8 content words, in 32 bands of 3 rows: the default before long
#: documents got denser windows (2026-12-03); an index built then keeps it.
SPARSE_CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec("text", ngram=5, num_perm=128, threshold=0.5, min_shingles=8, drop_common=0.0),
    # 32 bands of 3 rows; a pair is proposed when its window pairs collide in six bands in all and one
    # window pair shares two: a chance collision of a few rare words shares one band (benchmarks/RESULTS.md,
    # "Candidates by the bands they share", 2026-12-01)
    ChannelSpec("passage", ngram=1, content_only=True, window=24, stride=8, drop_common=0.05, num_perm=96,
                threshold=0.5, bands=32, rows=3, min_shingles=8, min_hits=6, min_bands=2),
    ChannelSpec("content", ngram=1, content_only=True, num_perm=128, threshold=0.45, min_shingles=20),
)

#: The default: :data:`SPARSE_CHANNELS`, with a long document's (:data:`LONG_DOCUMENT` content words or
#: more) passage windows every 2 words instead of 8, and signed in 16 more bands of 3 rows from a second
#: sketch. A short document's windows and keys are those of :data:`SPARSE_CHANNELS`, bit for bit, so two
#: short documents pair as they did; a long one meets a short one in their 32 common bands, every window
#: of the short one facing a window of the long one as before and three more beside it; two long
#: documents meet in 48 bands. Where a copied paragraph is a small share of a long text (PAN 2013) this
#: holds 87% of the randomly obfuscated pairs among the candidates (81% sparse, 91% thorough).
DEFAULT_CHANNELS: tuple[ChannelSpec, ...] = tuple(
    replace(spec, dense_from=LONG_DOCUMENT, dense_stride=2, dense_bands=16) if spec.window else spec
    for spec in SPARSE_CHANNELS)

#: The sparse channels with every document's passage windows denser (a window every 6 content words, not
#: 8; 48 bands of 3 rows from one sketch, not 32), short documents too. On PAN 2013 it
#: holds 91% of the randomly obfuscated pairs among the candidates at 1.6x the candidates; on short wire
#: copy it doubles them and among 100,000 unrelated articles it meets seven times the chance pairs
#: (benchmarks/RESULTS.md, "Denser passage windows, on request").
THOROUGH_CHANNELS: tuple[ChannelSpec, ...] = tuple(
    replace(spec, stride=6, num_perm=144, bands=48) if spec.name == "passage" else spec for spec in SPARSE_CHANNELS)

#: The passage settings a user names (``--passages``).
PASSAGE_SETTINGS: dict[str, tuple[ChannelSpec, ...]] = {"default": DEFAULT_CHANNELS, "thorough": THOROUGH_CHANNELS,
                                                        "sparse": SPARSE_CHANNELS}


def channels_for(passages: str) -> tuple[ChannelSpec, ...]:
    """The channels of a named passage setting (:data:`PASSAGE_SETTINGS`).

    >>> [spec.banding for spec in channels_for("thorough") if spec.window]
    [Banding(bands=48, rows=3)]
    """
    try:
        return PASSAGE_SETTINGS[passages]
    except KeyError:
        raise SettingsError(f"unknown passage setting {passages!r}: choose one of "
                            f"{', '.join(PASSAGE_SETTINGS)}") from None


def passage_setting(channels: Sequence[ChannelSpec]) -> str:
    """The name of the passage setting ``channels`` are (``"custom"``: channels made otherwise).

    >>> passage_setting(THOROUGH_CHANNELS), passage_setting(DEFAULT_CHANNELS[:1])
    ('thorough', 'custom')
    >>> from dataclasses import replace
    >>> passage_setting([replace(s, bands=s.banding.bands, rows=s.banding.rows) for s in DEFAULT_CHANNELS])
    'default'
    """
    def resolved(specs: Sequence[ChannelSpec]) -> list[ChannelSpec]:  # bands chosen from the threshold, made explicit
        return [replace(spec, bands=spec.banding.bands, rows=spec.banding.rows) for spec in specs]

    return next((name for name, known in PASSAGE_SETTINGS.items() if resolved(channels) == resolved(known)), "custom")


#: The share of documents above which a word is common (:meth:`Vocabulary.common`'s default; what the exact
#: scores leave out of a text's rare words, :func:`dedup.exact_sets.features`).
COMMON_SHARE = 0.01


@dataclass(frozen=True)
class Vocabulary:
    """What is too common in this corpus to be evidence of copying.

    ``words``/``shares``: each word and the share of documents it is found in, for those found in more
    than ``min_share`` of them (template vocabulary: "shr", "net", "mln"). ``limit`` is the smallest
    share that counts as common at all (it keeps small corpora and widely syndicated stories safe).
    ``grams``: word 5-grams found in more than the common share of documents (boilerplate: sign-offs,
    legal lines, navigation); the tokens they cover take no part in any channel.
    """

    words: np.ndarray
    shares: np.ndarray
    grams: np.ndarray
    limit: float = 0.0
    # sorted tables the compiled signing looks words up in, made once per vocabulary (an index signs
    # every article with one vocabulary: selecting and sorting them again cost it tens of microseconds)
    _tables: dict[float | str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def empty(cls) -> "Vocabulary":
        none = np.zeros(0, dtype=np.uint64)
        return cls(none, np.zeros(0), none)

    def common(self, share: float = COMMON_SHARE) -> np.ndarray:
        """Sorted hashes of the words found in more than ``share`` of the documents."""
        return self.words[self.shares > max(share, self.limit)]

    def sorted_common(self, share: float) -> np.ndarray:
        """:meth:`common` sorted and distinct (none at all for a share of 0: a channel that leaves no word
        out), as the compiled signing looks words up in it; made once per share."""
        table = self._tables.get(share)
        if table is None:
            table = self._tables[share] = np.unique(self.common(share) if share else self.words[:0])
        return table

    def sorted_grams(self) -> np.ndarray:
        """:attr:`grams` sorted and distinct, made once."""
        table = self._tables.get("grams")
        if table is None:
            table = self._tables["grams"] = np.unique(self.grams)
        return table


def _document_frequency(hashes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    doc_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.uint64), np.diff(offsets))
    # One (item, document) occurrence each: unique on a joint hash (a 1-D unique is much faster).
    _, first = np.unique(hashes ^ mix64(doc_of + np.uint64(1)), return_index=True)
    return np.unique(hashes[first], return_counts=True)


def learn_vocabulary(
    batch: TokenBatch,
    *,
    corpus_size: int | None = None,
    max_share: float = 0.01,
    min_docs: int = 50,
    ngram: int = 5,
) -> Vocabulary:
    """Document frequencies of words and 5-grams, from a batch that may sample a larger corpus.

    Frequent items are frequent everywhere, so a sample is enough. An item is common when it is in more
    than ``max(min_docs, max_share * documents)`` documents (scaled to the sample). For 5-grams, texts of
    the very same words count once: a story carried word for word by a hundred outlets is one text sent a
    hundred times, not boilerplate to be left out of every channel (a form filled in again differs in its
    figures and counts each time).
    """
    n = max(1, len(batch))
    scale = n / corpus_size if corpus_size else 1.0
    limit = max(min_docs * scale, max_share * n) / n
    words, df = _document_frequency(batch.hashes, batch.offsets)
    hashes, offsets = _distinct_texts(batch.hashes, batch.offsets)
    grams, pos = batch_ngrams(hashes, offsets, ngram)
    doc_of = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))[pos]
    gram_items, gram_df = _document_frequency(grams, np.searchsorted(doc_of, np.arange(len(offsets))))
    share = df / n
    keep = share > limit
    return Vocabulary(words[keep], share[keep], gram_items[gram_df / n > limit], limit)


def _distinct_texts(hashes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The token hashes and offsets of the batch's texts with each sequence of tokens kept once (first)."""
    seen: set[bytes] = set()
    keep = []
    for i in range(len(offsets) - 1):
        key = hashes[offsets[i] : offsets[i + 1]].tobytes()
        if key not in seen:
            seen.add(key)
            keep.append(i)
    if len(keep) == len(offsets) - 1:
        return hashes, offsets
    lengths = np.diff(offsets)[keep]
    kept = np.concatenate([hashes[offsets[i] : offsets[i + 1]] for i in keep]) if keep else hashes[:0]
    return kept, np.concatenate([[0], np.cumsum(lengths)]).astype(offsets.dtype)


#: Words in a boilerplate n-gram (:attr:`Vocabulary.grams`).
BOILERPLATE_NGRAM = 5


def boilerplate_tokens(batch: TokenBatch, vocab: Vocabulary, *, ngram: int = BOILERPLATE_NGRAM) -> np.ndarray:
    """True for tokens covered by a frequent 5-gram of ``vocab``."""
    covered = np.zeros(len(batch.hashes), dtype=bool)
    if not len(vocab.grams):
        return covered
    grams, pos = batch_ngrams(batch.hashes, batch.offsets, ngram)
    hit = pos[in_sorted(grams, vocab.grams)]
    for k in range(ngram):
        covered[hit + k] = True
    return covered


def token_masks(batch: TokenBatch, *, content_bounds: np.ndarray | None = None,
                boilerplate: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(kept, content)`` per token of a batch: inside the article proper and not boilerplate (what every
    channel may shingle), and a content word (what content-only channels shingle). Computed once for all
    of a batch's channels (:func:`channel_units`' ``masks``): one article signed alone paid them per channel."""
    keep = np.ones(len(batch.hashes), dtype=bool) if boilerplate is None else ~boilerplate
    if content_bounds is not None:
        doc_of = np.repeat(np.arange(len(batch)), np.diff(batch.offsets))
        keep &= (batch.starts >= content_bounds[doc_of, 0]) & (batch.ends <= content_bounds[doc_of, 1])
    return keep, keep & content_mask(batch.hashes, batch.starts, batch.ends)


def channel_units(
    batch: TokenBatch,
    spec: ChannelSpec,
    *,
    vocab: Vocabulary,
    content_bounds: np.ndarray | None = None,
    boilerplate: np.ndarray | None = None,
    masks: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shingles of every unit of a batch for one channel.

    Returns ``(shingles, shingle_unit, unit_doc, unit_start, unit_end)``: the shingle hashes with the
    unit each belongs to, and for each unit its document (index into the batch) and character span.
    ``content_bounds`` (``(n_docs, 2)``) limits tokens to the article proper (no dateline/sign-off);
    ``boilerplate`` (from :func:`boilerplate_tokens`) marks tokens to leave out; ``masks``, when given,
    is :func:`token_masks` of the two, computed once for several channels.
    """
    kept, content = masks if masks is not None else token_masks(batch, content_bounds=content_bounds,
                                                               boilerplate=boilerplate)
    keep = (content if spec.content_only else kept).copy()
    common = vocab.common(spec.drop_common) if spec.drop_common else vocab.words[:0]
    if len(common) and not spec.window:
        keep &= ~in_sorted(batch.hashes, common)
    idx = np.flatnonzero(keep)
    # each text's kept tokens: a running count read at the texts' first tokens (texts without any count 0)
    kept_before = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(keep, out=kept_before[1:])
    offsets = kept_before[batch.offsets]
    counts = np.diff(offsets)
    grams, pos = batch_ngrams(batch.hashes[idx], offsets, spec.ngram)
    doc_of_gram = np.repeat(np.arange(len(batch)), np.diff(offsets))[pos]
    local = pos - offsets[doc_of_gram]
    if spec.window and len(common) and spec.ngram == 1:
        # Windows are laid over every kept word, so that they cover the same stretch of text in two
        # copies; only the uncommon words inside a window are its shingles.
        rare = ~in_sorted(grams, common)
        grams, doc_of_gram, local = grams[rare], doc_of_gram[rare], local[rare]
    if not spec.window:
        unit_doc = np.arange(len(batch), dtype=np.int64)
        first = np.minimum(offsets[:-1], max(len(idx) - 1, 0))
        last = np.maximum(offsets[1:] - 1, 0)
        starts = batch.starts[idx[first]] if len(idx) else np.zeros(len(batch), dtype=np.int64)
        ends = batch.ends[idx[last]] if len(idx) else np.zeros(len(batch), dtype=np.int64)
        return grams, doc_of_gram, unit_doc, starts, ends
    return _window_units(batch, spec, idx, offsets, counts, grams, doc_of_gram, local)


def _window_units(batch, spec, idx, offsets, counts, grams, doc_of_gram, local):  # type: ignore[no-untyped-def]
    """Overlapping windows of ``spec.window`` words every ``spec.step`` words."""
    step = spec.step
    n_windows = np.where(counts > spec.window, -(-(counts - spec.window) // step) + 1, np.minimum(counts, 1))
    first_unit = np.concatenate([[0], np.cumsum(n_windows)]).astype(np.int64)
    unit_doc = np.repeat(np.arange(len(batch)), n_windows).astype(np.int64)
    k = np.arange(first_unit[-1]) - first_unit[unit_doc]
    w_start = offsets[unit_doc] + k * step
    w_end = np.minimum(w_start + spec.window, offsets[unit_doc + 1]) - 1
    starts = batch.starts[idx[w_start]] if len(idx) else np.zeros(0, dtype=np.int64)
    ends = batch.ends[idx[w_end]] if len(idx) else np.zeros(0, dtype=np.int64)
    # A shingle at local position p lies in windows p // step, p // step - 1, ... (when they exist).
    if kernels.KERNELS is not None:
        cap = len(grams) * -(-spec.window // step)
        shingles, units = np.empty(cap, dtype=np.uint64), np.empty(cap, dtype=np.int64)
        count = kernels.KERNELS.window_units(
            np.ascontiguousarray(grams, dtype=np.uint64), np.ascontiguousarray(doc_of_gram, dtype=np.int64),
            np.ascontiguousarray(local, dtype=np.int64), np.ascontiguousarray(n_windows, dtype=np.int64),
            np.ascontiguousarray(first_unit[:-1], dtype=np.int64), step, spec.window, shingles, units)
        shingles.resize(count, refcheck=False)
        units.resize(count, refcheck=False)
        return shingles, units, unit_doc, starts, ends
    own = local // step
    shingles, units = [], []
    for shift in range(-(-spec.window // step)):
        win = own - shift
        ok = (win >= 0) & (win < n_windows[doc_of_gram]) & (local < win * step + spec.window)
        shingles.append(grams[ok])
        units.append(first_unit[doc_of_gram[ok]] + win[ok])
    return np.concatenate(shingles), np.concatenate(units), unit_doc, starts, ends


def sign_units(
    shingles: np.ndarray, shingle_unit: np.ndarray, n_units: int, spec: ChannelSpec, *, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Band keys of the units that have at least ``min_shingles`` shingles: ``(unit_indices, keys)``."""
    unit = shingle_unit.astype(np.int64)
    enough = np.bincount(unit, minlength=n_units) >= spec.min_shingles
    indexed = np.flatnonzero(enough)
    # only the indexed units are signed (a unit's signature depends on its shingles alone): the others,
    # units with a shingle or two, are the dearest to sketch (many rounds to fill their bins)
    rank = np.cumsum(enough) - 1
    keep = enough[unit]
    sig = minhash_units(shingles[keep], rank[unit[keep]], len(indexed), num_perm=spec.num_perm, seed=seed)
    return indexed, band_keys(sig, spec.banding)

#: Bytes counting and judging a passage channel's collisions holds per byte of their codes (measured at
#: 100,000 and a million articles under ``--memory 1GB``: 270 MB for a group of 64 MB of codes).
JUDGING_COST = 4


def find_candidates(tables: dict[str, UnitTable], *, max_bucket: int = 50, text_keys: np.ndarray | None = None,
                    keys_bytes: int | None = None) -> CandidateSet:
    """Pair the documents whose units collide in any band of any channel.

    ``text_keys`` (one per document, :func:`dedup.normalize.text_keys`) lets a bucket crowded by copies
    of one text count them once (:mod:`dedup.banding`); without it every unit counts. ``keys_bytes``: the
    keys' share of the memory setting, which sizes the parts a passage channel's collisions are judged in
    (default: each table's ``spill``).

    A passage channel proposes a pair only when its colliding window pairs share at least
    ``spec.min_hits`` bands in all and one of them at least ``spec.min_bands``: a shared passage spans
    several overlapping windows that agree in many bands, a chance collision of a few rare words shows as
    two or three neighbouring windows sharing one band each.
    """
    per_channel: dict[str, np.ndarray] = {}
    windows: list[np.ndarray] = []
    for name, table in tables.items():
        doc, start, end = table.units()
        unit_text = None if text_keys is None else UnitTexts(text_keys, doc)  # looked up, not 4 bytes a unit
        # with a memory setting (a scan), the keys' share of it bounds a band's sort (a band is cut in key
        # ranges past it), and half of it the collisions judged at once: every band is sorted and its
        # collisions written out before the first are judged. Cutting the million's passage bands in two
        # at the default 4GB, where the whole band's sort holds 380 MB, cost 20 s of 230.
        spill = table.spill if keys_bytes is None else keys_bytes
        budget = None if spill is None else spill // 2
        columns = table.columns(band_ranges(len(doc), spill))
        if table.spec.window:
            # the collisions wait in many small files and are judged a few files at a time: counting and
            # judging them holds about four times their codes (8 bytes each; the distinct ones, the bands
            # they share, where each starts), so as many files as a quarter of the budget holds
            parts = 1 if spill is None else max(64, len(doc) // 100_000)
            part_bytes = None if budget is None else budget // JUDGING_COST
            # a chunk of unit pairs judged at once holds about sixty bytes a pair while it is judged
            chunk = 1 << 22 if budget is None else max(1 << 18, min(1 << 22, budget // 64))
            found = []
            for codes in colliding_codes(columns, doc, max_bucket=max_bucket, parts=parts, part_bytes=part_bytes,
                                         unit_text=unit_text):
                distinct, shared = counted_codes(codes)
                del codes  # judged by its distinct codes; gone before the next part is read
                found.append(_window_hits(distinct, shared, doc, start, end, min_hits=table.spec.min_hits,
                                          min_bands=table.spec.min_bands, chunk=chunk))
                del distinct, shared
                release_freed()  # the C library keeps what a part freed: the next part would come on top
            per_channel[name] = np.concatenate([f[0] for f in found])
            windows.append(np.concatenate([f[1] for f in found]))
            del found  # the parts' rows, copied above: the assembly below sorts a copy of them again
        else:
            unit_pairs = colliding_pairs_of_bands(columns, doc, max_bucket=max_bucket, unit_text=unit_text)
            per_channel[name] = document_pairs(unit_pairs, doc.astype(np.int64), start, end)
    # the assembly takes the window rows out of the list: held here too, they would stay while it sorts them
    return _assemble_arrays(per_channel, windows, **evidence_rules(t.spec for t in tables.values()))


def evidence_rules(channels: Iterable[ChannelSpec]) -> dict[str, dict[str, int]]:
    """The keyword arguments ``min_hits`` and ``min_bands`` of :func:`assemble_candidates` for ``channels``."""
    channels = list(channels)
    return {"min_hits": {c.name: c.min_hits for c in channels},
            "min_bands": {c.name: c.min_bands for c in channels if c.window}}
