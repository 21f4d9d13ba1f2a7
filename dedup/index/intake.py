"""What the index takes in: an article's id as it is kept, its text checked, its band keys, the row stored.

Every entry point of :class:`~dedup.index.Index` (``check``, ``add``, ``add_many``, ``remove``) reads an
article the same way: its id in Unicode's composed form (as a scan reads ids), its text refused when
empty or too short and cut at ``max_chars`` (as the corpus reader cuts it), its band keys from the scan's
own signing (:func:`dedup.signing.sign_batch`) with the channel in each key's low bits, so that one
postings table serves every channel. :class:`Intake` is the part of the index that does it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from typing import Any, Mapping, Sequence

import numpy as np

from dedup.article_ids import id_key, id_too_long
from dedup.buckets import KEY_BITS, SHORT_MARK
from dedup.candidates import NO_BAND
from dedup.dates import parse_published
from dedup.documents import Document, valid_unicode
from dedup.errors import InputError
from dedup.index.store import StoredArticle
from dedup.language import count_words
from dedup.normalize import content_bounds
from dedup.signing import sign_batch, text_bounds

__all__ = ["CHANNEL_BITS", "SHORT_SPAN", "posting_keys", "short_article", "unmarked", "Intake", "articles_given", "content_hash_of", "described", "given_id", "nonempty", "stored_row", "with_composed_id"]

CHANNEL_BITS = 2  # a key's low bits name its channel: one postings table serves every channel
#: The bit of a posting's span (``start << 32 | end``) that marks a short article's window in the long
#: articles' own bands (its band key marked by :data:`dedup.buckets.SHORT_MARK`): stored under the key without
#: the mark, in the bucket of the long articles' windows, and met by a long article's check only.
SHORT_SPAN = 1 << 62


def posting_keys(band: np.ndarray, channel: int) -> np.ndarray:
    """The postings' keys (int64) of band keys ``band`` of channel number ``channel``: the key without
    :data:`~dedup.buckets.SHORT_MARK`, turned left one bit (so that its leading bits, which the stores cut
    their parts by, are as well mixed as before the mark took the top one), the channel in the low bits."""
    bare = band & KEY_BITS
    return (((bare << np.uint64(1)) & ~np.uint64((1 << CHANNEL_BITS) - 1)) | np.uint64(channel)).view(np.int64)


def short_article(spans: np.ndarray) -> bool:
    """Whether an article's postings' ``spans`` are a short article's: its windows in the long articles' own
    bands carry :data:`SHORT_SPAN` (a long article's, or one with no windows, carry none)."""
    return bool(len(spans)) and bool(np.any(spans & SHORT_SPAN))


def unmarked(spans: np.ndarray) -> np.ndarray:
    """Postings' spans without :data:`SHORT_SPAN`: the windows' ``start << 32 | end``."""
    return spans & ~np.int64(SHORT_SPAN)


class Intake:
    """The intake part of :class:`~dedup.index.Index`: an article checked against its ``min_words`` and
    ``max_chars``, signed with its ``channels``, ``seed`` and common words (``_vocab``)."""

    channels: Any
    seed: int
    min_words: int
    max_chars: int
    _vocab: Any

    def _sign(self, article: Document) -> tuple[str, np.ndarray, np.ndarray]:
        """Validate, truncate at ``max_chars``, and compute the band keys of every channel."""
        text = self._validate(article)
        return (text, *nonempty(article, *self._keys_many([text])[0]))

    def _validate(self, article: Document) -> str:
        """The text to index: refuses empty and too short articles, truncates at ``max_chars``."""
        if not isinstance(article, Document):
            raise TypeError(f"the index takes an article as a Document, not {described(article)}: make it "
                            f"Document(id, text){_FIELDS * isinstance(article, Mapping)}")
        if not isinstance(article.id, str) or not article.id.strip():  # " " names nothing, as in a feed's line
            raise InputError("an article needs a non-empty string id")
        if (long := id_too_long(article.id)) is not None:  # as every reader refuses it (a scan skips it)
            raise InputError(f"article {article.id[:40]!r}...: {long}")
        text = article.text if isinstance(article.text, str) else ""
        if not text.strip():
            raise InputError(f"article {article.id!r} is empty: empty articles are never indexed")
        text = text[: self.max_chars]  # documented limit, the same as the corpus reader's MAX_CHARS
        words = count_words(text, most=self.min_words)  # the corpus reader's count: CJK and Thai characters per word
        if words < self.min_words:
            raise InputError(f"article {article.id!r} is too short ({words} word{'s' * (words != 1)}; the minimum is {self.min_words})")
        return text

    def _keys_many(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: band keys (int64, channel in the low bits) and unit spans (``start << 32 | end``, 0 for
        whole documents), from the scan's own signing (:func:`dedup.signing.sign_batch`)."""
        return self._signed_many(texts, text_bounds(texts))

    def _signed_many(self, texts: Sequence[str], bounds: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`_keys_many` of texts whose article-proper spans (:func:`dedup.signing.text_bounds`) are
        ``bounds``: a batch keeps them for what it stores and scores (each is computed once, not three times)."""
        signed = sign_batch(texts, bounds, self.channels, vocab=self._vocab, seed=self.seed)
        keys, spans, docs = [], [], []
        for number, (spec, (_, unit_doc, start, end, band)) in enumerate(zip(self.channels, signed)):
            keys.append(posting_keys(band, number).reshape(-1))
            span = (start << 32) | end if spec.window else np.zeros(len(unit_doc), np.int64)
            spans.append(np.repeat(span.astype(np.int64), band.shape[1]))
            if len(texts) > 1:
                docs.append(np.repeat(unit_doc, band.shape[1]))
            if spec.dense_bands:  # a short article's window in the long ones' bands: its span marked
                marked = band.reshape(-1) >= SHORT_MARK
                spans[-1][marked] |= SHORT_SPAN
                there = band.reshape(-1) != NO_BAND
                keys[-1], spans[-1] = keys[-1][there], spans[-1][there]
                if len(texts) > 1:
                    docs[-1] = docs[-1][there]
        # each text's keys channel by channel, its units in order: a stable sort by text, then slices
        key, span = np.concatenate(keys), np.concatenate(spans)
        if len(texts) == 1:  # a check's or an add's one article
            return [(key, span)]
        doc = np.concatenate(docs)
        order = np.argsort(doc, kind="stable")
        key, span, doc = key[order], span[order], doc[order]
        cut = np.searchsorted(doc, np.arange(len(texts) + 1)).tolist()
        return [(key[a:b], span[a:b]) for a, b in zip(cut, cut[1:])]


#: What a refusal of a dict adds: how to make a Document of one.
_FIELDS = ", or dedup.records.make_document(fields) of a dict of its fields (read as a scan reads a JSON record)"


def described(value: Any) -> str:
    """``value`` named in an error, its type and a glimpse of it: "a dict with the keys 'id', 'text'", "the
    str 'abc'", "None" (``not dict``, ``not str``, ``not NoneType`` said what it was not only by its type, and a
    dict's or a str's items were named as the article: "not str" for a dict given to ``add_many``)."""
    if value is None:
        return "None"
    kind = type(value).__name__
    if isinstance(value, Mapping):
        keys = ", ".join(repr(k)[:30] for k in list(value)[:4]) + (", ..." if len(value) > 4 else "")
        return f"a {kind} with the keys {keys}" if keys else f"an empty {kind}"
    if isinstance(value, (str, bytes)):
        return f"the {kind} {value[:30]!r}{'...' * (len(value) > 30)}"
    if isinstance(value, (int, float, bool)):
        return f"the {kind} {value!r}"
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


def articles_given(articles: Any) -> None:
    """``add_many``'s articles refused, naming what was given and what is taken, when they are no iterable of
    articles: a dict (its keys were read as the articles, "not str"), one string or bytes (its letters), one
    Document, None or a number."""
    if isinstance(articles, Mapping):
        raise TypeError(f"add_many() takes an iterable of Documents, not {described(articles)}: give [Document(id, "
                        f"text), ...]{_FIELDS}")
    if isinstance(articles, (str, bytes, Document)) or not hasattr(articles, "__iter__"):
        raise TypeError(f"add_many() takes an iterable of Documents, not {described(articles)}"
                        + (": give [article], or use add()" if isinstance(articles, Document) else ""))


def given_id(article_id: Any, method: str) -> str:
    """An id given to ``method``, as a :class:`Document` holds it (a lone surrogate as U+FFFD: SQLite
    failed with UnicodeEncodeError); an id that is no string is refused: ``remove(3)`` matched the id "3"
    on SQLite (its column's affinity makes text of the number), and ``remove(None)`` said it was not
    there as if it were an id. An id past :data:`dedup.article_ids.MAX_ID_BYTES`, which no article stored can
    have, is refused in one short line: ``matches`` said "no article ..." with the whole id in it."""
    if not isinstance(article_id, str):
        raise TypeError(f"{method}() takes an article's id as a string, not {type(article_id).__name__}")
    key = id_key(str(valid_unicode(article_id)))
    if (long := id_too_long(key)) is not None:
        raise InputError(long)
    return key


def with_composed_id(article: Any) -> Any:
    r"""``article`` under its id as the index keeps it: in Unicode's composed form (:func:`dedup.article_ids.id_key`),
    as a scan reads ids. ``café`` with a composed ``é`` and with ``e`` and a combining accent (a file name from
    macOS) were two articles, each found under one spelling only; they are one id, as in a scan. Anything
    that is no :class:`Document` is left for the caller's TypeError."""
    if not isinstance(article, Document) or not isinstance(article.id, str):
        return article
    composed = id_key(article.id)
    return article if composed == article.id else replace(article, id=composed)


def content_hash_of(text: str) -> str:
    """Whitespace-insensitive: a re-wrapped copy of a stored text is the same content."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def stored_row(article: Document, text: str, content_hash: str, bounds: tuple[int, int] | None = None, *,
               seq: int = 0) -> StoredArticle:
    """The row to store; ``bounds``: the text's :func:`~dedup.normalize.content_bounds`, when known; ``seq``:
    its number, when known before it is stored (a SQLite batch's)."""
    when = parse_published(article.published) if article.published else None
    return StoredArticle(seq, article.id, content_hash, text, article.title, article.outlet, article.published,
                         article.url, when.timestamp() if when else None, time.time(),
                         *(content_bounds(text) if bounds is None else bounds), language=article.language)


def nonempty(article: Document, keys: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` and ``spans``, refused when there are no keys: an article with none could never be found again."""
    if not len(keys):
        raise InputError(f"article {article.id!r} has too few distinct word sequences to be indexed")
    return keys, spans
