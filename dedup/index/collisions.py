"""The stored articles an article's band keys meet, with the windows that collide, and their candidate set.

A check looks its article's band keys up in the postings, skips the buckets a scan would skip as crowded,
pairs its windows with the stored windows under each key (along their order where either repeats a
window, as a scan pairs them), drops the stored articles the assembly is sure to drop (too few colliding
windows for a passage channel), and assembles the rest with the scan's own rules
(:func:`dedup.candidate_sets.assemble_ranked`). Pure array work over what the store gives back:
:class:`Collisions` is the part of :class:`~dedup.index.Index` that does it.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from dedup.buckets import MOST_REPEATS, paired_along
from dedup.candidate_sets import assemble_ranked
from dedup.candidates import CandidateSet
from dedup.channels import evidence_rules
from dedup.errors import InputError
from dedup.index.intake import CHANNEL_BITS, SHORT_SPAN, short_article, unmarked
from dedup.index.store import distinct

__all__ = ["Collisions", "Found", "NEW", "MOST_WINDOW_PAIRS"]

#: Colliding window rows up to which a check's candidates are sifted in Python (:meth:`Collisions._strong_few`).
_FEW_WINDOWS = 64
#: The incoming article's number among the documents verified (stored articles go by their ``seq`` >= 1).
NEW = 0
#: Candidates from the postings: stored seq -> channel names, and the colliding windows as rows ``(seq,
#: stored start, stored end, new start, new end, bands)``, each window pair once with the bands it shares,
#: sorted (an array: a check against a large index meets a thousand colliding windows, mostly chance ones
#: the assembly drops).
Found = tuple[dict[int, set[str]], np.ndarray]
#: Window rows (a window pair and one band) expanded at once before they are counted by window pair: a
#: copy of an article of a million characters collides in some 20 bands a window pair, 23 million rows
#: held at once (about 1.3 GB in one array) where its distinct window pairs are a twentieth of them.
_EXPAND_AT_ONCE = 1 << 21
#: Distinct colliding window pairs of one article with the stored ones at which a check or an add refuses
#: it (48 bytes each, held two or three times over while counted and assembled, and each pair then
#: verified: minutes). A text that repeats one passage met each of its copies in a stored copy of it, the
#: square of its length (a story repeated to a million characters: 4 billion band rows, 30 GiB asked for
#: at once); its windows are now paired along their order as a scan pairs them
#: (:func:`dedup.banding.paired_along`): that story's copy meets 2.6 million and is answered as the scan
#: answers it (3.1 GB), where a copy of a million characters of Reuters stories still meets 11.7 million
#: (its windows overlap their neighbours, and its stories repeat each other). benchmarks/RESULTS.md, "a
#: twenty-fourth look" and "a twenty-sixth look"; ``python benchmarks/long_check.py``.
MOST_WINDOW_PAIRS = 3_000_000


class Collisions:
    """The candidates part of :class:`~dedup.index.Index`: what its band keys meet in ``self._store``, read
    with its ``channels``, ``max_bucket`` and the per-channel needs its constructor works out (``_windowed``,
    ``_need``, ``_bands`` and their arrays by channel number)."""

    _store: Any
    channels: Any
    max_bucket: int
    _windowed: np.ndarray
    _need: dict[str, int]
    _need_by_channel: np.ndarray
    _bands: dict[str, int]
    _bands_by_channel: np.ndarray

    def _candidates(self, keys: np.ndarray, spans: np.ndarray, stored_text: bool = False,
                    itself: int | None = None) -> Found:
        """Stored articles sharing a band key with the new one, skipping the buckets a scan of the stored
        articles plus this one skips (more than ``max_bucket`` articles, the new one among them: a scan
        counts a bucket's distinct texts, not its units), with the colliding windows (every window of the
        new article against every stored window under the key). ``stored_text``: the new article's text
        is stored (itself, or under another id), so it is counted among the stored articles already.
        ``itself``: the seq of the article itself, stored already (its id and text), whose postings are
        left out of the join: it is never its own match, and a long article meets every one of its own
        windows under each of its keys (a million characters checked once stored: 23 million window rows)."""
        # more are crowded with the new one, unless it is one of them
        posted = self._store.lookup(keys, most=self.max_bucket - (not stored_text), arrays=True)
        if itself is not None and len(posted):
            posted = posted[posted[:, 1] != itself]
        posted, spans = _met_by(posted, spans)
        if not len(posted):
            return {}, np.zeros((0, 6), dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        keys, spans = keys[order], spans[order]
        # the new article's units under each posting's key: [lo, hi) of its sorted keys (the windows' pairs)
        lo, hi = np.searchsorted(keys, posted[:, 0], "left"), np.searchsorted(keys, posted[:, 0], "right")
        return self._pairs(posted, keys, spans, lo, hi, plausible=True)

    def _found(self, posted: Sequence[Sequence[int]] | np.ndarray, keys: Sequence[int] | np.ndarray,
               spans: Sequence[int] | np.ndarray) -> Found:
        """Candidates from the postings ``(key, seq, span)`` of uncrowded buckets, with the colliding
        windows (the new article's ``keys`` and ``spans``). In arrays: a form meets thousands of postings."""
        posted = np.asarray(posted, dtype=np.int64).reshape(-1, 3)
        keys, spans = np.asarray(keys, dtype=np.int64), np.asarray(spans, dtype=np.int64)
        posted, spans = _met_by(posted, spans)
        order = np.argsort(keys, kind="stable")
        keys, spans = keys[order], spans[order]
        return self._pairs(posted, keys, spans, np.searchsorted(keys, posted[:, 0], "left"),
                           np.searchsorted(keys, posted[:, 0], "right"))

    def _pairs(self, posted: np.ndarray, keys: np.ndarray, spans: np.ndarray, lo: np.ndarray, hi: np.ndarray, *,
               plausible: bool = False) -> Found:
        """:meth:`_found` of the new article's keys sorted (stably, with their ``spans``), each posting's
        key found among them at ``[lo, hi)``; ``plausible``: and then :meth:`_plausible`, in arrays (a
        check meets a few dozen stored articles, most of them chance collisions to drop)."""
        low = (1 << CHANNEL_BITS) - 1
        channel = posted[:, 0] & low
        windowed = self._windowed[channel]
        if windowed.any():
            windows = _window_pairs(posted[windowed], spans, lo[windowed], hi[windowed])
        else:
            windows = np.zeros((0, 6), dtype=np.int64)
        codes = distinct((posted[:, 1] << CHANNEL_BITS) | channel)  # each (seq, channel) once, by seq
        if plausible and self._need and len(codes):
            codes = codes[self._strong(codes, windows)]
        found: dict[int, set[str]] = {}
        for code in codes.tolist():
            found.setdefault(code >> CHANNEL_BITS, set()).add(self.channels[code & low].name)
        return found, windows

    def _strong(self, codes: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """Which sorted ``(seq << 2 | channel)`` codes belong to a stored article that :meth:`_plausible`
        keeps: one of its channels needs no more colliding window rows than it has (those of the
        passage channel: ``min_hits``; the others none) and, when it asks for ``min_bands`` (the passage
        channel: 2), has a window pair sharing that many bands (a row per band)."""
        if len(windows) <= _FEW_WINDOWS:
            return self._strong_few(codes, windows)
        seq = codes >> CHANNEL_BITS
        channel = codes & ((1 << CHANNEL_BITS) - 1)
        need = self._need_by_channel[channel]  # 0: the channel needs none
        bands = self._bands_by_channel[channel]
        owners, count, most = _window_rows(windows)
        if len(owners):
            at = np.searchsorted(owners, seq)
            at[at == len(owners)] = 0
            there = owners[at] == seq
            count, most = np.where(there, count[at], 0), np.where(there, most[at], 0)
        else:
            count = most = np.zeros(len(seq), dtype=np.int64)
        # enough rows (a channel that needs none always keeps it), and a window pair sharing enough bands
        keep = (count >= need) & ((need == 0) | (bands <= 1) | (most >= bands))
        strong = seq[keep]
        if not len(strong):
            return np.zeros(len(seq), dtype=bool)
        at = np.minimum(np.searchsorted(strong, seq), len(strong) - 1)
        return strong[at] == seq

    def _strong_few(self, codes: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """:meth:`_strong` of a few colliding window rows (most checks: a few dozen), counted in Python:
        the same answer without the forty numpy calls, each of which costs more than its work here."""
        low = (1 << CHANNEL_BITS) - 1
        rows: dict[int, int] = {}
        most: dict[int, int] = {}
        for seq, *_, count in windows.tolist():  # a window pair, and the bands it shares
            rows[seq] = rows.get(seq, 0) + count
            most[seq] = max(most.get(seq, 0), count)
        need, bands = self._need_by_channel.tolist(), self._bands_by_channel.tolist()
        codes_ = codes.tolist()
        strong = set()
        for code in codes_:
            seq, channel = code >> CHANNEL_BITS, code & low
            least = need[channel]
            if rows.get(seq, 0) >= least and (least == 0 or bands[channel] <= 1 or most.get(seq, 0) >= bands[channel]):
                strong.add(seq)
        return np.array([code >> CHANNEL_BITS in strong for code in codes_], dtype=bool)

    def _plausible(self, found: Found) -> Found:
        """``found`` without the stored articles the assembly is sure to drop: those proposed only by
        channels that ask for ``min_hits`` band collisions of colliding windows (or a window pair sharing
        ``min_bands``: one collision at least), with fewer colliding window rows than each of them needs,
        or with no window pair sharing its ``min_bands`` bands (a window pair has a row per band it
        shares). A pair's assembly depends on its own rows only, so the candidate set is the same; most
        checks meet only such chance collisions, and are answered without assembling them."""
        names, windows = found
        need = self._need
        if not names or not need:
            return found
        owners, rows, bands = _window_rows(windows)
        count = dict(zip(owners.tolist(), rows.tolist()))
        most = dict(zip(owners.tolist(), bands.tolist()))  # the bands a window pair shares
        drop = {seq for seq, channels in names.items()
                if all(name in need and (count.get(seq, 0) < need[name] or most.get(seq, 0) < self._bands[name])
                       for name in channels)}
        if not drop:
            return found
        # the windows stay: the assembly reads only those of the candidates it is given
        return {seq: channels for seq, channels in names.items() if seq not in drop}, windows

    def _candidate_set(self, found: Found, seqs: list[int]) -> CandidateSet:
        """The candidate pairs ``(stored, new)`` through the scan's own assembly (a passage channel needs
        ``min_hits`` band collisions of its windows, one window pair sharing ``min_bands``, as in a scan)."""
        names, windows = found
        per_channel = {spec.name: np.array([(s, NEW) for s in seqs if spec.name in names[s]], dtype=np.int64)
                       .reshape(-1, 2) for spec in self.channels}
        asked = np.asarray(seqs, dtype=np.int64)  # sorted
        windows = windows[_among(windows[:, 0], asked)]
        # ranked as assemble_candidates ranks its documents: NEW (0) first, then the stored seqs
        numbers = np.concatenate([[NEW], asked]).astype(np.int64)
        ranked = {name: np.searchsorted(numbers, p).reshape(-1, 2) for name, p in per_channel.items()}
        hits = np.empty((len(windows), 7), dtype=np.int64)  # (a, b, a_start, a_end, b_start, b_end, bands)
        hits[:, 0], hits[:, 1], hits[:, 2:] = np.searchsorted(numbers, windows[:, 0]), 0, windows[:, 1:]
        return assemble_ranked(ranked, hits, numbers, **evidence_rules(self.channels))


def _met_by(posted: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings ``(key, seq, span)`` an article of postings' ``spans`` meets, and both sides' spans without
    :data:`~dedup.index.intake.SHORT_SPAN`: a short article meets no short article's windows in the long
    articles' own bands (a scan pairs them so, :func:`dedup.buckets.band_pair_blocks`); a long one meets them."""
    if not len(posted):
        return posted, spans
    if short_article(spans):
        posted = posted[(posted[:, 2] & SHORT_SPAN) == 0]
    elif np.any(posted[:, 2] & SHORT_SPAN):
        posted = posted.copy()
        posted[:, 2] = unmarked(posted[:, 2])
    return posted, unmarked(spans)


def _among(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """``np.isin(values, ordered)`` for a sorted ``ordered``, by a binary search: ``np.isin`` costs about
    50 us however small its arrays, more than the rest of a check's candidate set."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    return ordered[np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)] == values


def _window_rows(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stored articles of the colliding window pairs ``(seq, stored start, stored end, new start, new
    end, bands)`` (sorted, as :func:`_window_pairs` gives them); each one's band collisions; and the most
    bands one of its window pairs shares (what the assembly holds to ``min_bands``)."""
    if not len(windows):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    owner, bands = windows[:, 0], windows[:, 5]
    opens = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    return owner[opens], np.add.reduceat(bands, opens), np.maximum.reduceat(bands, opens)


def _window_pairs(rows: np.ndarray, spans: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Every stored posting ``(key, seq, span)`` of a window key (``rows``) against every window of the
    new article under that key (its sorted keys' ``spans[lo:hi]``), counted by window pair: rows ``(seq,
    stored start, stored end, new start, new end, bands)``, sorted. Expanded :data:`_EXPAND_AT_ONCE` rows
    at a time, so that a long article's copy is not held once per band it shares; more distinct pairs
    than :data:`MOST_WINDOW_PAIRS` are refused (:class:`InputError`), before they are all made."""
    parts, held = [], 0
    if len(rows) and int((hi - lo).max()) > MOST_REPEATS:  # the new article repeats a window under a key
        along, rows, lo, hi = _repeating_rows(rows, spans, lo, hi)
        if len(along):
            parts.append(_counted(along))
            held = len(parts[0])
            if held > MOST_WINDOW_PAIRS:
                raise InputError(_too_many_pairs())
    count = hi - lo
    ends = np.cumsum(count)
    start = 0
    while start < len(rows):
        # postings whose windows reach _EXPAND_AT_ONCE rows past those before them (one at least)
        stop = max(start + 1, int(np.searchsorted(ends, (ends[start - 1] if start else 0) + _EXPAND_AT_ONCE, "right")))
        c, first = count[start:stop], lo[start:stop]
        at = np.repeat(first - (np.cumsum(c) - c), c) + np.arange(int(c.sum()))
        row = np.repeat(np.arange(start, stop), c)
        theirs, mine = rows[row, 2], spans[at]
        parts.append(_counted(np.column_stack([rows[row, 1], theirs >> 32, theirs & 0xFFFFFFFF, mine >> 32,
                                               mine & 0xFFFFFFFF, np.ones(len(at), dtype=np.int64)])))
        held += len(parts[-1])
        if held > MOST_WINDOW_PAIRS:  # a pair met in two parts counts once
            parts = [_counted(np.concatenate(parts))]
            held = len(parts[0])
            if held > MOST_WINDOW_PAIRS:
                raise InputError(_too_many_pairs())
        start = stop
    if not parts:
        return np.zeros((0, 6), dtype=np.int64)
    return parts[0] if len(parts) == 1 else _counted(np.concatenate(parts))


def _repeating_rows(rows: np.ndarray, spans: np.ndarray, lo: np.ndarray, hi: np.ndarray):  # type: ignore[no-untyped-def]
    """The postings ``rows`` where a stored article and the new one each bring more than
    :data:`~dedup.banding.MOST_REPEATS` windows to a key (a text that repeats itself, stored and checked),
    paired along their order as a scan pairs them in its bucket (:func:`dedup.banding.paired_along`), not
    every posting with every window: ``(pairs, rows, lo, hi)``, those window pairs as rows ``(seq, stored
    start, stored end, new start, new end, 1)``, and the other postings with their ``[lo, hi)``, for
    :func:`_window_pairs` to expand."""
    order = np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))  # by key, seq, span: a run is one bucket's article
    rows, lo, hi = rows[order], lo[order], hi[order]
    opens = np.flatnonzero(np.concatenate(([True], (rows[1:, :2] != rows[:-1, :2]).any(axis=1))))
    runs = np.diff(np.append(opens, len(rows)))
    both = (runs > MOST_REPEATS) & (hi[opens] - lo[opens] > MOST_REPEATS)
    found = [np.zeros((0, 6), dtype=np.int64)]
    for first, count in zip(opens[both].tolist(), runs[both].tolist()):
        theirs = rows[first : first + count, 2]  # sorted
        mine = np.sort(spans[lo[first] : hi[first]])
        i, j = paired_along(len(mine), count)
        found.append(np.column_stack([np.full(len(i), rows[first, 1]), theirs[j] >> 32, theirs[j] & 0xFFFFFFFF,
                                      mine[i] >> 32, mine[i] & 0xFFFFFFFF, np.ones(len(i), dtype=np.int64)]))
    rest = ~np.repeat(both, runs)
    return np.concatenate(found), rows[rest], lo[rest], hi[rest]


def _too_many_pairs() -> str:
    """Why an article meeting more than :data:`MOST_WINDOW_PAIRS` stored window pairs is not matched."""
    return (f"too many of its passages meet stored ones to be matched (more than {MOST_WINDOW_PAIRS:,} pairs of "
            "windows): a text that repeats a passage hundreds of times, or a copy of a very long one, stored "
            "already; give it without its repeats, or cut it into its articles")


def _counted(rows: np.ndarray) -> np.ndarray:
    """Rows ``(seq, stored start, stored end, new start, new end, bands)`` sorted, each window pair once
    with its bands summed."""
    if not len(rows):
        return rows
    rows = rows[np.lexsort(rows[:, :5].T[::-1])]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:, :5] != rows[:-1, :5]).any(axis=1)
    starts = np.flatnonzero(first)
    out = rows[starts]
    out[:, 5] = np.add.reduceat(rows[:, 5], starts)
    return out
