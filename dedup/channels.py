"""The candidate stage's LSH channels (:mod:`dedup.candidates` signs and pairs their units): what a unit is (a
whole document or a passage window), how it is shingled, the similarity it looks for and the bands it is keyed in;
the passage settings a user names (``--passages``: default, thorough, sparse); and the evidence a candidate needs
in each channel (how many window pairs collide, in how many bands).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Iterable, Sequence

import numpy as np

from dedup.banding import Banding, choose_bands
from dedup.errors import SettingsError
from dedup.signatures import check_flag

__all__ = ["ChannelSpec", "DEFAULT_CHANNELS", "THOROUGH_CHANNELS", "SPARSE_CHANNELS", "LONG_DOCUMENT", "dense_seed",
           "PASSAGE_SETTINGS", "channels_for", "passage_setting", "evidence_rules"]


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
#: sketch. A short document's windows and keys in the 32 bands are those of :data:`SPARSE_CHANNELS` (the
#: top bit of every key clear), so two short documents pair as they did; its windows are signed in the 16
#: more bands too, their keys marked (:data:`dedup.buckets.SHORT_MARK`), where they meet a long document's
#: windows and never another short one's: a long one meets a short one in 48 bands, every window of the
#: short one facing a window of the long one as before and three more beside it; two long documents meet
#: in 48 bands. Where a copied paragraph is a small share of a long text (PAN 2013) this holds 90% of the
#: randomly obfuscated pairs among the candidates (87% before the short documents' windows were signed in
#: the 16 bands, 81% sparse, 91% thorough).
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


def evidence_rules(channels: Iterable[ChannelSpec]) -> dict[str, dict[str, int]]:
    """The keyword arguments ``min_hits`` and ``min_bands`` of :func:`assemble_candidates` for ``channels``."""
    channels = list(channels)
    return {"min_hits": {c.name: c.min_hits for c in channels},
            "min_bands": {c.name: c.min_bands for c in channels if c.window}}
