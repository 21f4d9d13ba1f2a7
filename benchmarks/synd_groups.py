"""The collection's own structure: its real near-duplicates and its template-like story groups.

Reuters-21578 already holds resent stories and corrections (real duplicates, labelled so a detector is
not blamed for finding them) and hundreds of template stories that share most words but copy nothing
(the hard negatives the false-positive count is taken over).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Iterable, Mapping, Sequence

import numpy as np

from synd_text import words

REAL_DUPLICATE_JACCARD = 0.8
_MULTIPLIER = np.uint64(1_000_003)


def shingles(text: str, n: int = 5, *, vocabulary: dict[str, int] | None = None) -> np.ndarray:
    """Sorted unique 64-bit hashes of a text's word n-grams (lower-case alphanumeric words)."""
    return np.unique(shingle_sequence(text, n, vocabulary=vocabulary))


def shingle_sequence(text: str, n: int = 5, *, vocabulary: dict[str, int] | None = None) -> np.ndarray:
    """A text's word n-gram hashes in text order.

    Words get ids from ``vocabulary`` (shared across texts, filled as it goes) and n-grams are hashed by
    a polynomial in uint64 arithmetic: deterministic across runs, unlike Python's ``hash`` of strings.
    """
    vocabulary = {} if vocabulary is None else vocabulary
    ids = np.array([vocabulary.setdefault(w, len(vocabulary) + 1) for w in words(text)], dtype=np.uint64)
    if len(ids) < n:
        return np.empty(0, dtype=np.uint64)
    grams = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    for k in range(n):
        grams = grams * _MULTIPLIER + ids[k : len(ids) - n + 1 + k]
    return grams


def longest_shared_run(sequence: np.ndarray, other: np.ndarray) -> int:
    """Words in the longest run of consecutive n-grams of ``sequence`` that all occur in ``other``
    (sorted unique): a passage one text repeats from the other (n-gram length 5)."""
    present = np.isin(sequence, other)
    best = run = 0
    for flag in present.tolist():
        run = run + 1 if flag else 0
        best = max(best, run)
    return best + 4 if best else 0


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted unique hash arrays."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def near_duplicate_pairs(sets: Mapping[str, np.ndarray], threshold: float = REAL_DUPLICATE_JACCARD
                         ) -> list[tuple[str, str, float]]:
    """Every pair with Jaccard >= ``threshold``, exactly (prefix filtering, then exact verification).

    Prefix filtering is exact, not approximate: with shingles ordered rarest first, two sets whose
    Jaccard reaches t must share one of the first ``|x| - ceil(t|x|) + 1`` shingles of each, so only
    pairs sharing a rare prefix shingle need their Jaccard computed.
    """
    keys = sorted((k for k in sets if len(sets[k])), key=lambda k: (len(sets[k]), k))
    values, counts = np.unique(np.concatenate([sets[k] for k in keys]), return_counts=True)
    index: dict[int, list[str]] = defaultdict(list)
    found: list[tuple[str, str, float]] = []
    for key in keys:
        mine = sets[key]
        frequency = counts[np.searchsorted(values, mine)]
        ranked = mine[np.lexsort((mine, frequency))]
        prefix = ranked[: len(ranked) - math.ceil(threshold * len(ranked)) + 1].tolist()
        seen: set[str] = set()
        for gram in prefix:
            for other in index[gram]:
                if other not in seen and len(sets[other]) >= threshold * len(mine):
                    seen.add(other)
                    score = jaccard(mine, sets[other])
                    if score >= threshold:
                        found.append((*sorted((key, other)), round(score, 4)))
            index[gram].append(key)
    return sorted(found)


def overlapping_pairs(sets: Mapping[str, np.ndarray], min_containment: float) -> list[tuple[str, str, float, float]]:
    """Pairs where one text holds at least ``min_containment`` of the other's shingles, exactly.

    One sparse product of the document-by-shingle matrix counts every pair's shared shingles at once;
    fine for the few thousand stories of the set. Returns (a, b, jaccard, larger containment).
    """
    from scipy.sparse import csr_matrix

    keys = sorted(k for k in sets if len(sets[k]))
    values = np.unique(np.concatenate([sets[k] for k in keys]))
    cols = np.concatenate([np.searchsorted(values, sets[k]) for k in keys])
    rows = np.repeat(np.arange(len(keys)), [len(sets[k]) for k in keys])
    matrix = csr_matrix((np.ones(len(cols), dtype=np.int32), (rows, cols)), shape=(len(keys), len(values)))
    shared = (matrix @ matrix.T).tocoo()
    sizes = np.array([len(sets[k]) for k in keys])
    out: list[tuple[str, str, float, float]] = []
    for i, j, n in zip(shared.row, shared.col, shared.data):
        if i < j and n >= min_containment * min(sizes[i], sizes[j]):
            jac = n / (sizes[i] + sizes[j] - n)
            out.append((keys[i], keys[j], round(float(jac), 4), round(float(n / min(sizes[i], sizes[j])), 4)))
    return sorted(out)


def connected_groups(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (union-find), each sorted, listed by their first member."""
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in parent:
        groups[find(n)].append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


COMMODITIES = frozenset(
    "grain wheat corn crude sugar coffee gold cocoa oilseed soybean veg-oil livestock nat-gas copper carcass "
    "rice cotton alum iron-steel rubber barley zinc palm-oil silver tin lead orange meal-feed gas".split()
)
_EARN_FORMS = (
    ("dividend", re.compile(r"\b(DIVIDEND|DIV|PAYOUT|QUARTERLY|QTLY|DISTRIBUTION)\b")),
    ("split", re.compile(r"\bSPLIT\b")),
    ("results", re.compile(r"\b(NET|LOSS|PROFIT|EARNINGS|RESULTS|YEAR|QTR)\b")),
)
_COMMODITY_FORMS = re.compile(r"\b(PRICES?|TENDERS?|EXPORTS?|IMPORTS?|INSPECTIONS?|STOCKS|CROPS?|OUTPUT|"
                              r"SALES|PRODUCTION|BUYS|SELLS|WEEKLY|WEEK)\b")
_ACQ_FORMS = re.compile(r"\b(ACQUI\w*|MERGER|STAKE|BUYS?|SELLS?|TENDER|COMPLETES|SALE|UNIT)\b")


def template_key(title: str, topics: Sequence[str]) -> str | None:
    """The template a story follows, read from its topic and headline ("earn:results"), or None.

    Earnings, dividend and commodity notices are written from one form, so stories of one key share
    most of their words while none copies another.
    """
    upper = title.upper()
    if "earn" in topics:
        return next((f"earn:{name}" for name, rx in _EARN_FORMS if rx.search(upper)), None)
    commodity = sorted(COMMODITIES.intersection(topics))
    if commodity and (match := _COMMODITY_FORMS.search(upper)):
        return f"{commodity[0]}:{match.group(1).rstrip('S').lower()}"
    if "acq" in topics and (match := _ACQ_FORMS.search(upper)):
        return f"acq:{match.group(1)[:5].lower()}"
    return None


def template_groups(stories: Iterable[tuple[str, str, Sequence[str]]], *, min_size: int = 3) -> list[list[str]]:
    """Groups of story ids (id, title, topics) that follow the same template, biggest first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for story_id, title, topics in stories:
        key = template_key(title, topics)
        if key is not None:
            groups[key].append(story_id)
    kept = [sorted(g) for g in groups.values() if len(g) >= min_size]
    return sorted(kept, key=lambda g: (-len(g), g[0]))
