"""An article taken in by an index (:mod:`dedup.index.intake`): its id as kept (one id composed or not, a
stored one's replaced characters, a blank one refused), its text checked (empty, short, oversized), its
stored bounds and its band keys (the same signed alone as in a batch)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401 - fixtures
import dedup
from dedup.documents import Document
from dedup.errors import DuplicateIdError, InputError
from dedup.index import Index
from dedup.records import MAX_CHARS
from test_index import CORPUS, OTHER, WIRE
from _bad_input_files import TEXT
from _bad_input_helpers import _articles, index, template  # noqa: F401 - fixtures


def test_an_add_stores_the_article_proper_its_signing_found(location: str) -> None:
    # the stored bounds come from the add's signing (not found a second time): those content_bounds gives
    from dedup.normalize import content_bounds

    text = "LONDON, Nov 20 (Reuters) - " + WIRE.text + "\n\nReporting by Ana Okafor; Editing by Tom Hale"
    with Index.open(location) as index:
        index.add(Document("dated", text))
        stored = index._store.find(id="dated")  # noqa: SLF001
        assert stored is not None and (stored.body_start, stored.body_end) == content_bounds(text) != (0, len(text))


def test_an_id_with_another_text_is_refused(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        with pytest.raises(DuplicateIdError, match="remove it first"):
            index.add(Document("wire-1", OTHER.text))


def test_an_id_made_one_with_a_stored_one_by_replaced_characters_is_refused_saying_so(location: str) -> None:
    # "a\ud800" and "a\udfff" are both stored as "a\ufffd": the second is refused, the first kept
    with Index.open(location) as index:
        index.add(Document("wire-\ud800", WIRE.text))
        with pytest.raises(DuplicateIdError, match=r"'wire-\ufffd' is already indexed with another text \(its U\+FFFD"):
            index.add(Document("wire-\udfff", OTHER.text))
        assert index.stats()["articles"] == 1 and index.contains("wire-\ufffd")
        index.add(Document("wire-\ufffd", WIRE.text))  # the text stored is the first one's: taken as itself


def test_an_id_composed_or_not_is_one_id(location: str) -> None:
    # "café" with a composed é and with e and a combining accent (a macOS file name) were two articles, each
    # found under its own spelling only; a scan reads them as one id, and so does the index now
    composed, decomposed = "caf\u00e9-1", "cafe\u0301-1"
    with Index.open(location) as index:
        index.add(Document(decomposed, WIRE.text))
        assert index.contains(composed) and index.contains(decomposed) and index.stats()["articles"] == 1
        with pytest.raises(DuplicateIdError, match="already indexed with another text"):
            index.add(Document(composed, OTHER.text))
        [(article, refused)] = index.add_many([Document(composed, OTHER.text)], workers=1)
        assert isinstance(refused, DuplicateIdError) and article.id == composed
        found = index.check(Document("copy", "  " + WIRE.text))
        assert [m.id for m in found] == [composed]
        assert index.matches(decomposed) == index.matches(composed)
        assert index.remove(decomposed) and not index.contains(composed)


def test_a_blank_id_is_refused_as_an_empty_one_is(location: str) -> None:
    # " " was stored as an id (POST /articles took it), where a feed's line with it is refused
    with Index.open(location) as index:
        with pytest.raises(InputError, match="an article needs a non-empty string id"):
            index.add(Document(" \t", WIRE.text))
        assert index.stats()["articles"] == 0


@pytest.mark.parametrize("text", ["", "   \n ", "Too short to say anything."], ids=["empty", "blank", "short"])
def test_empty_and_short_articles_are_never_indexed(location: str, text: str) -> None:
    with Index.open(location) as index:
        with pytest.raises(InputError, match="empty|too short"):
            index.add(Document("tiny", text))
        with pytest.raises(InputError):
            index.check(Document("tiny", text))
        assert index.stats()["articles"] == 0


def test_oversized_article_is_truncated_at_max_chars(tmp_path: Path) -> None:
    big = Document("big", (OTHER.text + " ") * (MAX_CHARS // len(OTHER.text) + 50))
    with Index.open(str(tmp_path / "news.db")) as index:
        index.add(big)
        stored = index._store.find(id="big")
        assert stored is not None and len(stored.text) == MAX_CHARS < len(big.text)


def test_an_articles_keys_signed_alone_are_those_it_has_in_a_batch(tmp_path: Path) -> None:
    texts = [(CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8"), synthetic_article(3).text,
             synthetic_article(4).text]
    with Index.open(tmp_path / "x.db") as index:
        batch = index._keys_many(texts)  # noqa: SLF001
        for text, (keys, spans) in zip(texts, batch):
            alone = index._keys_many([text])  # noqa: SLF001
            assert len(alone) == 1 and len(keys) > 100
            assert alone[0][0].tolist() == keys.tolist() and alone[0][1].tolist() == spans.tolist()


def test_python_api_stores_a_lone_surrogate_as_u_fffd(tmp_path: Path) -> None:
    with Index.open(tmp_path / "news.db") as opened:  # the Document holds U+FFFD in its place, as a read gives
        opened.add(dedup.Document("x\udc80", TEXT))
        assert opened.stats()["articles"] == 1 and opened.contains("x\ufffd")


@pytest.mark.parametrize("call,says", [
    (lambda index: index.add(TEXT), "the index takes an article as a Document, not the str '"),
    (lambda index: index.check(None), "the index takes an article as a Document, not None: make it"),
    (lambda index: index.add_many([TEXT]), "the index takes an article as a Document, not the str '"),
    (lambda index: index.prune("7d"), "prune\\(\\) takes a datetime or a timedelta, not str"),
], ids=["add-a-text", "check-none", "add-many-texts", "prune-text"])
def test_python_api_index_methods_of_the_wrong_type(index: Path, call: Callable[[Index], Any], says: str) -> None:
    with Index.open(index) as opened:
        with pytest.raises(TypeError, match=says):
            call(opened)
    assert _articles(index) == 1


# -- the Python API: ids of another type, feeds that fail midway ---------------------------------------------


@pytest.mark.parametrize("call,says", [
    (lambda index: index.remove(3), "remove\\(\\) takes an article's id as a string, not int"),
    (lambda index: index.remove(None), "remove\\(\\) takes an article's id as a string, not NoneType"),
    (lambda index: index.contains(b"belarus-china-drills.txt"), "contains\\(\\) takes an article's id as a string, not bytes"),
    (lambda index: index.matches(7), "matches\\(\\) takes an article's id as a string, not int"),
    (lambda index: index.add_many(None), "add_many\\(\\) takes an iterable of Documents, not None$"),
    (lambda index: index.add_many(dedup.Document("one", TEXT)), "not a Document: give \\[article\\], or use add\\(\\)"),
], ids=["remove-int", "remove-none", "contains-bytes", "matches-int", "add-many-none", "add-many-a-document"])
def test_python_api_ids_and_feeds_of_the_wrong_type(index: Path, call: Callable[[Index], Any], says: str) -> None:
    # remove(3) removed the article "3" on SQLite (the column's affinity), remove(None) said False as if
    # it were an id; add_many(None) was "'NoneType' object is not iterable", add_many(doc) the same of a Document
    with Index.open(index) as opened:
        opened.add(dedup.Document("3", TEXT))
        with pytest.raises(TypeError, match=says):
            call(opened)
        assert opened.contains("3")


def test_python_api_ids_with_a_lone_surrogate_are_read_as_documents_hold_them(index: Path) -> None:
    # a Document's id holds U+FFFD for it; contains, matches and remove failed with UnicodeEncodeError
    with Index.open(index) as opened:
        opened.add(dedup.Document("x\udc80", TEXT))
        assert opened.contains("x\udc80") and opened.matches("x\udc80") == opened.matches("x\ufffd")
        assert opened.remove("x\udc80") and not opened.contains("x\ufffd")
