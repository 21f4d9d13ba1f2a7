"""The compiled kernels of tokenising, signing, scoring and aligning (``dedup/_kernels.c``), when they are built.

:data:`KERNELS` is the compiled module, or None where it was not built (no C compiler at install) or
where the environment variable ``DEDUP_NO_KERNELS`` is set (to anything but ``0``, ``false``, ``no``, ``off`` or
nothing: ``DEDUP_NO_KERNELS=0`` chose the slower twins too). Each kernel has a numpy twin in the module
that calls it (:func:`dedup.tokens.tokenize_chunk`, :func:`dedup.tokens.hash_spans`,
:func:`dedup.tokens.in_sorted`, :func:`dedup.wordkeys.stem_keys`, :func:`dedup.shingles.batch_ngrams`,
:func:`dedup.candidates.channel_units`, :func:`dedup.signatures.minhash_units`,
:func:`dedup.banding.band_keys`; :func:`dedup.signing.signing_masks` and :func:`dedup.signing.sign_channel`,
which fuse several of these for one article signed alone; the MurmurHash3 of the sentence features,
:func:`dedup.hashing._murmurhash3_32`, falls back to scikit-learn's, and the columns of whole bags of them,
:func:`dedup.hashing.bag_keys` and :func:`dedup.hashing.char_keys`, to the per-string Python path; the
entries of a sentence table, :func:`dedup.sentence_tables.prepare` (``sort_keys``, ``counted_tables``, ``set_tables``), and the
overlap of two sorted hash arrays, :func:`dedup.evidence._overlap`, to numpy's; a pair's shared passages,
:func:`dedup.passages.passage_measures`, and their spread, :func:`dedup.evidence._partners`, to Python's sets; the
runs of 5-grams two texts share word for word, :func:`dedup.evidence.shared_runs` (``shared_runs``), to
:func:`dedup.evidence._runs_py`; an
ASCII text's figures and sentences with numbers, :func:`dedup.figure_sets._figure_set` and
:func:`dedup.refilled.slot_sentences`, to the regular expressions; the edit ratio of a link's
tokens, :func:`dedup.link_kinds._edit_ratio`, to difflib's; each document's distinct hashes of a whole batch,
:func:`dedup.exact_sets._unique_runs` (``unique_runs``), to :func:`dedup.exact_sets.unique_sorted` of each document;
one pair's sentence scores, :func:`dedup.sentence_scores._pair_scores` (``pair_scores``), to the batch's sparse
products and the small batch's join, :func:`dedup.sentence_scores._scores_py`; the scores of a pair's merges and
splits, :func:`dedup.sentence_scores.group_links` (``group_links``), to :meth:`dedup.pair_scores.PairScores.group_scores`;
the first steps of a pair's link choice, :func:`dedup.links._first_links` (``first_links``), to
:func:`dedup.links._first_links_py`; its last steps, the gaps between links filled and the links joined into runs,
:func:`dedup.link_gaps.fill_gaps` (``fill_gaps``), :func:`dedup.link_kinds._link_runs` (``link_runs``) and
:func:`dedup.link_kinds._make_links` (``make_links``), to :func:`dedup.link_gaps._fill_gaps_py`,
:func:`dedup.link_kinds._link_runs_py` and :func:`dedup.link_kinds._make_link` run by run; where a pair may link on its
wording and its short statements of a figure, :func:`dedup.link_seeds.strong_cells` (``strong_cells``), to
:func:`dedup.link_seeds._strong_cells_py`; what an alignment's links cover, counted,
:func:`dedup.coverage._coverage_counts` (``coverage_counts``), to :func:`dedup.coverage._coverage_counts_py`;
a plain text's words, what its names are read from and its figures, :func:`dedup.hashing._words` and
:func:`dedup.sentence_tables.sentence_tokens` (``plain_words``), to the regular expressions of :mod:`dedup.words`),
which computes the same
values bit for bit: the tests compare the two, so that a signature, a band key or a stored index never
depends on how dedup was installed. A build older than the code (one of :data:`FUNCTIONS` missing: the
source gained a kernel since it was compiled) is not used: dedup warns once and runs the twins.
"""

from __future__ import annotations

import logging
import os
from types import ModuleType

__all__ = ["FUNCTIONS", "KERNELS"]

logger = logging.getLogger(__name__)

#: Every kernel ``dedup/_kernels.c`` defines (the tests hold this to the built module).
FUNCTIONS = (
    "hash_spans", "sentence_starts", "batch_ngrams", "minhash", "tokenize_plain", "lead_counts", "window_units",
    "in_sorted", "sorted_overlap", "band_keys", "token_masks", "channel_keys", "murmurhash3_32", "bag_keys",
    "char_keys", "sort_keys", "counted_tables", "set_tables", "edit_ratio", "figure_set", "slot_sentences", "spread_partners",
    "passage_measures", "shared_runs", "unique_runs", "first_links", "fill_gaps", "link_runs", "make_links",
    "strong_cells", "coverage_counts", "group_links", "pair_scores", "plain_words",
)


#: Values of ``DEDUP_NO_KERNELS`` that keep the kernels (a script's ``DEDUP_NO_KERNELS=0`` for "on").
KEEP = frozenset({"", "0", "false", "no", "off"})


def _load() -> ModuleType | None:
    if os.environ.get("DEDUP_NO_KERNELS", "").strip().lower() not in KEEP:
        return None
    try:
        from dedup import _kernels
    except ImportError:
        return None
    missing = [name for name in FUNCTIONS if not hasattr(_kernels, name)]
    if missing:
        logger.warning("dedup's compiled kernels are older than its code (no %s): using the numpy twins; "
                       "rebuild them with `python setup.py build_ext --inplace` or reinstall", missing[0])
        return None
    return _kernels


#: Looked up at every call (``kernels.KERNELS``), so that a test can switch to the numpy twins.
KERNELS: ModuleType | None = _load()
