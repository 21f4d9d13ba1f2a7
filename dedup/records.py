"""A JSON record or a text as an article: the fields it is read by, the names other exports give them, the
names as they are printed, and the checks every article passes (empty, no words, too short, truncated, a
salad, a date that is none), its id checked for uniqueness as it goes.

:class:`Articles` collects what a read finds (documents, skips, warnings); the reader of files, streams and
ranges (:class:`dedup.reading._Reader`) is one, and :func:`make_document` builds one article as it would.
Reads no input: the records and texts are given (by :mod:`dedup.reading`, the one stage that reads files,
or by the caller).
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator, Mapping

import numpy as np

from dedup.article_ids import SeenIds, id_too_long, same_article
from dedup.dates import published_iso
from dedup.documents import Document, Skipped, valid_unicode
from dedup.skips import KEPT_A_FILE, Skips
from dedup.spilled_documents import Documents
from dedup.encodings import mojibake_repaired
from dedup.errors import InputError, SettingsError
from dedup.exports import TableError, header_names, json_items, json_list, table_rows
from dedup.file_kinds import html_markup, html_page
from dedup.json_input import MAX_JSON_VALUES, EmptyItems, RepeatedItems, json_error, load_record, repeated_fields
from dedup.read_warnings import Warnings
from dedup.language import count_words, normalize_language
from dedup.markup import too_many_elements
from dedup.normalize import html_to_article, looks_like_headline, normalize_text, word_salad
from dedup.record_refusals import feed_in, json_kind, no_text_reason, too_many_reason

__all__ = ["make_document", "MIN_WORDS", "MAX_CHARS", "LITERAL_FIELDS", "OTHER_NAMES", "READ_FIELDS", "TEXT_FIELDS", "REPEATED",
           "repeated_warnings", "Articles", "title_of"]


#: Articles with fewer words than this are skipped: too little text to say anything about copying,
#: and two near-empty signatures would look identical.
MIN_WORDS = 20
#: Larger articles are truncated to this many characters (a documented limit, not a silent one).
MAX_CHARS = 1_000_000

#: Why a text without a letter or a digit is skipped: punctuation, symbols, emoji or combining marks alone.
NO_WORDS = "no words (only punctuation, symbols, emoji or marks)"

_KNOWN_FIELDS = ("id", "text", "title", "outlet", "published", "url", "language")
#: Names other exports give a field (news crawlers, news APIs, schema.org, JSON Feed items), read when the record lacks
#: dedup's own name; the first present whose value is a string, and said once in a warning. Names whose
#: meaning varies (``source``, ``date`` of a crawl) are not among them: a wrong outlet would make two
#: outlets' copies one outlet's versions of a story.
OTHER_NAMES = {
    "text": ("body", "content", "maintext", "article_text", "full_text", "articleBody", "content_text"),
    "html": ("content_html",),
    "title": ("headline",),
    "published": ("published_at", "publish_date", "date_publish", "datePublished", "pubDate", "date_published"),
    "url": ("link",),
    "outlet": ("publisher", "source_domain", "site_name"),
    "language": ("lang",),
}
#: Every field a JSON article is read by: dedup's names, ``html`` and the other names read for them.
READ_FIELDS = (*_KNOWN_FIELDS, "html", *(other for others in OTHER_NAMES.values() for other in others))
#: The other names of :data:`OTHER_NAMES`, all of them: a record that gives none has no name to read as dedup's.
_OTHER_NAMES = frozenset(READ_FIELDS[len(_KNOWN_FIELDS) + 1:])
#: An empty object, as a list's item or a JSONL line gives it (``{}``, ``{ }``): no article, skipped as a record
#: with no text is, without being parsed nor looked through (a list of 10,000,000 of them took 153 s).
#: A reason's details in brackets, left out of a counted row's (as :class:`~dedup.skips.Skips` leaves them out).
_DETAIL = re.compile(r" \([^()]*\)")
_EMPTY_OBJECT = re.compile(r"\s*\{\s*\}\s*")
#: The fields an article's text is read by: dedup's ``text`` and ``html`` and the other names read for them.
TEXT_FIELDS = ("text", "html", *OTHER_NAMES["text"], *OTHER_NAMES["html"])
#: A table's column names for an article's text (lower case: a header names them in any case).
_TEXT_NAMES = frozenset(name.lower() for name in TEXT_FIELDS)
#: The warning for a field of :data:`READ_FIELDS` a record gives more than once (:func:`repeated_warnings`).
REPEATED = "the field '{}' is given more than once; its last value is read"
#: The fields whose ``NaN``, ``Infinity`` or number beyond a float is read as its text (not None), so that
#: the date dropped is warned of as ``"published": "nan"`` is: dedup's name and every other name read for it
#: (``"pubDate": NaN`` was dropped without a word where ``"pubDate": "nan"`` was warned of).
LITERAL_FIELDS = ("published", *OTHER_NAMES["published"])
#: Control characters, C0 and C1 (ESC and CSI start terminal escape sequences; a tab or a line break in an id
#: split a line of ``dedup check``, whose fields tabs part, in two), and Unicode's line and paragraph separators
#: (U+2028, U+2029: a line break to ``str.splitlines`` and to JavaScript, which split such a line too).
_NAME_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Tabs and line breaks (and Unicode's separators) in a title, an outlet or a URL: white space (a headline given on
#: two lines).
_NAME_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def repeated_warnings(text: str, where: str) -> list[str]:
    """A warning for each field an article is read by that the JSON object ``text`` gives more than once
    (:func:`dedup.json_input.repeated_fields`): its last value is read, the others were dropped without a word;
    and one for each field left out unread for its size (:func:`dropped_notes`)."""
    return ([f"{where}: {REPEATED.format(name)}" for name in repeated_fields(text, READ_FIELDS)]
            + [f"{where}: {note}" for note in dropped_notes(text)])


def dropped_notes(text: str) -> list[str]:
    """What a record read by :func:`dedup.json_input.load_record` left out: each top field of more than
    :data:`~dedup.json_input.MAX_JSON_VALUES` values, with their count."""
    notes = [f"its '{name}' field left out unread: {values:,} values, more than the {MAX_JSON_VALUES:,} a field is "
             "read with" for name, values in getattr(text, "dropped", ())]
    fields, values = getattr(text, "more", (0, 0))
    if fields:
        notes.append(f"{fields:,} of its fields left out unread ({values:,} values), past the first {MAX_JSON_VALUES:,} "
                     "values read (the fields an article is read by kept)")
    return notes


def make_document(record: Mapping[str, Any], *, default_id: str = "article", min_words: int = MIN_WORDS,
                  warnings: list[str] | None = None) -> Document:
    """A Document from an article's fields (``id``, ``text`` or ``html``, ``title``, ``outlet``,
    ``published``, ``url``, ``language``; others are kept in ``meta``), built exactly as the reader builds one from a
    JSON record: normalised text, truncated at ``MAX_CHARS``, an unparseable date dropped. Raises
    :class:`InputError` with the reason the reader would skip it (empty, too short, no text). What the
    reader would warn of (a date dropped, the text truncated) is appended to ``warnings`` when given.

    >>> doc = make_document({"id": "a1", "text": "Cafe\u0301 owners met on Monday. " * 5})
    >>> doc.text[:11] == "Caf\u00e9 owners"  # composed (NFC), as the reader composes it
    True
    """
    reader = Articles(min_words=min_words)
    reader._add_record(dict(record), str(record.get("id", default_id)), default_id=default_id, outlet=None)
    if not reader.documents:
        raise InputError(first.reason if (first := reader.skipped.first()) is not None else "no article")
    if warnings is not None:
        warnings += reader.warnings
    return reader.documents[0]


class Articles:
    """The articles a read has found so far, what it skipped and its warnings: a JSON record or a text becomes
    a :class:`Document` here, or a :class:`Skipped` with the reason (the same article read again under its id among
    them); ids are checked for uniqueness as it goes (:class:`~dedup.article_ids.SeenIds`)."""

    def __init__(self, *, min_words: int, spill: int | None = None) -> None:
        if isinstance(min_words, bool) or not isinstance(min_words, (int, np.integer)) or min_words < 1:
            # NaN failed deep in the read with "'float' object cannot be interpreted as an integer", and
            # 0 or -1 kept empty articles
            raise SettingsError(f"min_words must be a whole number of at least 1, got {min_words!r}")
        self.min_words = min_words
        self.documents = Documents(spill=spill)
        self.skipped = Skips()  # bounded: a file's lines past the first named counted
        self.warnings: list[str] = Warnings()  # bounded: past the first named, counted (dedup.read_warnings)
        self._read_as: set[tuple[str, str]] = set()  # fields read under another export's name, warned of once
        self._ids = SeenIds(self.documents)

    def _read_json_list(self, text: str | Iterator[str], rel: str, outlet: str | None) -> None:
        """A JSON list of articles (a CMS's export, ``[{"id": ..., "text": ...}, ...]``; it was refused): each item
        read as a JSONL line is, at ``rel[0]``, ``rel[1]``, ... (its id when it gives none), one at a time
        (:func:`~dedup.exports.json_items` of its ``text``, or ``text`` its items' texts as they are read: a large
        list's, :mod:`dedup.streamed_lists`). A list malformed part way is one skip naming where, after the
        articles before it."""
        count = 0
        try:
            for item in json_items(text) if isinstance(text, str) else text:
                if isinstance(item, EmptyItems):
                    self._skip_empty(rel, count, item.count)
                    count += item.count
                    continue
                if isinstance(item, RepeatedItems):
                    self._add_repeated(item, rel, count, outlet)
                    count += item.count
                    continue
                count += 1
                self._add_json(item, f"{rel}[{count - 1}]", outlet, "malformed JSON")
        except json.JSONDecodeError as exc:
            read = f"; the {count:,} item{'s' * (count != 1)} before it read" if count else ""
            self.skipped.append(Skipped(rel, f"malformed JSON list ({json_error(exc)}){read}"))
            return
        if not count:
            self.skipped.append(Skipped(rel, "empty (a JSON list of no article)"))

    def _skip_empty(self, rel: str, start: int, count: int) -> None:
        """``count`` empty objects of the list ``rel`` from its item ``start`` on, skipped as each would be: those a
        file's skips name (:data:`~dedup.skips.KEPT_A_FILE` at most) one by one, the rest as one counted row,
        which :class:`~dedup.skips.Skips` counts as it counts them one by one."""
        named = min(count, KEPT_A_FILE)
        for place in range(start, start + named):
            self.skipped.append(Skipped(f"{rel}[{place}]", _NO_TEXT_EMPTY))
        if count > named:
            rest = count - named
            self.skipped.append(Skipped(rel, f"and {rest:,} more item{'s' * (rest != 1)}: {_NO_TEXT_COUNTED}",
                                        counted=rest))

    def _add_repeated(self, item: RepeatedItems, rel: str, start: int, outlet: str | None) -> None:
        """The ``item.count`` copies of one small object of the list ``rel`` from its item ``start`` on: the first
        read as any item is; when it was skipped, and said nothing else, the others skipped for its reason, those a
        file's skips name one by one and the rest in one counted row (:meth:`_skip_same`), as each would be;
        otherwise each read in turn."""
        text, skips, said, stored = str(item), self.skipped, getattr(self.warnings, "said", None), len(self.documents)
        self.skipped = probe = Skips(kept_a_file=1, kept_a_read=1)
        try:
            self._add_json(text, f"{rel}[{start}]", outlet, "malformed JSON")
        finally:
            self.skipped = skips
        first = probe.first()
        if first is not None:
            skips.append(first)
        if (probe.count == 1 and said is not None and self.warnings.said == said  # type: ignore[attr-defined]
                and len(self.documents) == stored and first is not None):
            self._skip_same(rel, start + 1, item.count - 1, first)
            return
        for place in range(start + 1, start + item.count):
            self._add_json(text, f"{rel}[{place}]", outlet, "malformed JSON")

    def _skip_same(self, rel: str, start: int, count: int, first: Skipped) -> None:
        """``count`` items of the list ``rel`` from ``start`` on, each skipped as ``first`` was: those a file's skips
        name (:data:`~dedup.skips.KEPT_A_FILE` at most) one by one, the rest as one counted row."""
        named = min(count, KEPT_A_FILE)
        for place in range(start, start + named):
            self.skipped.append(Skipped(f"{rel}[{place}]", first.reason, first.article))
        if count > named:
            rest = count - named
            self.skipped.append(Skipped(rel, f"and {rest:,} more item{'s' * (rest != 1)}: "
                                             + _DETAIL.sub("", first.reason), first.article, counted=rest))

    def _read_table(self, text: str, rel: str, outlet: str | None, delimiter: str, *, named: str | None = None,
                    lines: Iterator[str] | None = None) -> None:
        """A CSV or TSV export (one article a row, its header naming the columns as a JSON record's fields are
        named, in any case): each row read as a JSONL line is, at ``rel:line`` (its first line: its id when it
        gives none). A table whose header names no text column is one skip saying which names are read.
        ``named``: the table was found under a text name (:func:`~dedup.exports.looks_like_table`), said in a
        warning when it is read. ``lines``: the table's lines as they are read (a large table's,
        :mod:`dedup.streamed_tables`), ``text`` then its opening, which holds its header."""
        names = header_names(text, delimiter)
        if not text.strip():
            self.skipped.append(Skipped(rel, "empty"))
            return
        if not set(names) & _TEXT_NAMES:
            shown = ", ".join(repr(name) for name in names[:8]) + (", ..." if len(names) > 8 else "")
            self.skipped.append(Skipped(rel, f"{named or 'a table'} with no text column (its header names {shown}): "
                                             "name the articles' column 'text' (or 'body' or 'content')"))
            return
        if named is not None:
            self.warnings.append(f"{rel}: {named}; read as a table, one article a row")
        try:
            for line, record in table_rows(text if lines is None else lines, delimiter, READ_FIELDS):
                where = f"{rel}:{line}"
                if isinstance(record, str):
                    self.skipped.append(Skipped(where, record))
                else:
                    self._add_record(record, where, default_id=where, outlet=outlet)
        except TableError as exc:
            self.skipped.append(Skipped(rel, str(exc)))

    def _add_json(self, text: str, where: str, outlet: str | None, malformed: str) -> None:
        """One JSON record (a file, or a line of a JSONL file) as an article, or skipped with ``malformed``."""
        if len(text) < 32 and _EMPTY_OBJECT.fullmatch(text):
            self.skipped.append(Skipped(where, _NO_TEXT_EMPTY))
            return
        try:
            record, text = load_record(text, literal=LITERAL_FIELDS, keep=READ_FIELDS)  # millions of values left out
        except json.JSONDecodeError as exc:
            self.skipped.append(Skipped(where, f"{malformed} ({json_error(exc)})"))
            return
        if isinstance(record, dict):
            self.warnings += repeated_warnings(text, where)
        self._add_record(record, where, default_id=where, outlet=outlet)

    def _said(self, where: str, warning: str) -> None:
        """``warning`` at ``where``, said once a read (not once a line of a feed)."""
        if ("", warning) not in self._read_as:
            self._read_as.add(("", warning))
            self.warnings.append(f"{where}: {warning}")

    def _page_as_html(self, record: dict[str, Any], where: str) -> dict[str, Any]:
        """``record`` with a ``text`` that is a whole HTML page (:func:`~dedup.file_kinds.html_page`: a scraper's
        export) read as its ``html``, said once a read: read as text, its scripts, styles and menus were the
        article's words, and unrelated stories of one site were reported as copies of each other (``duplicate``).
        So is a ``text`` that is a fragment of markup (:func:`~dedup.file_kinds.html_markup`: a CMS's export of
        an article's body), whose site's newsletter offer and photo credits made unrelated stories partial copies.
        A record that gives its ``html`` as well is read by that."""
        text = record.get("text")
        head = text[:4096].encode("utf-8", "surrogatepass") if isinstance(text, str) else b""
        if not html_markup(head):
            return record
        said = ("its 'text' is a whole HTML page" if html_page(head) else
                "its 'text' is HTML markup (an article's body as a CMS exports it)")
        if ("html", said) not in self._read_as:
            self._read_as.add(("html", said))
            self.warnings.append(f"{where}: {said}; read as HTML (so is any other record's)")
        rest = {k: v for k, v in record.items() if k != "text"}
        return rest if isinstance(record.get("html"), str) else {**rest, "html": text}

    def _add_record(self, record: Any, where: str, *, default_id: str, outlet: str | None) -> None:
        if not isinstance(record, dict):
            # a list of articles (a news API's export) said nothing of where such a list is read
            hint = (", not a list (a list of articles is read from a .json file, or one article a line from a .jsonl file)"
                    if isinstance(record, list) and any(isinstance(item, dict) for item in record) else "")
            self.skipped.append(Skipped(where, f"a JSON article must be an object with a 'text' field{hint}"))
            return
        record, read_as = _own_names(record)
        for name, other in read_as:  # once, not once a line of a feed
            self._said(where, f"the field '{other}' read as '{name}', which the record lacks")
        if (feed := feed_in(record)) is not None:
            self.skipped.append(Skipped(where, feed))
            return
        record = self._page_as_html(record, where)
        text, title, published, url = record.get("text"), record.get("title"), record.get("published"), record.get("url")
        language = normalize_language(record.get("language"))
        if not isinstance(text, str) and isinstance(record.get("html"), str):
            if (elements := too_many_elements(record["html"])) is not None:
                self.skipped.append(Skipped(where, too_many_reason(elements)))
                return
            page = html_to_article(record["html"])
            text, title, published, url = page.text, title or page.title, published or page.published, url or page.url
            language = language or page.language
        if not isinstance(text, str):
            given, html = record.get("text"), record.get("html")
            # an 'html' of another type was "no 'text' field (or 'html')", beside the field it names
            reason = (f"'text' must be a string, not {json_kind(given)}" if given is not None
                      else f"'html' must be a string, not {json_kind(html)}" if html is not None
                      else no_text_reason(record, OTHER_NAMES["text"]))
            self.skipped.append(Skipped(where, reason))
            return
        meta = {k: v for k, v in record.items() if k not in _KNOWN_FIELDS and k != "html"}
        for name in ("title", "outlet", "url", "language"):  # a structure is none of these: kept, and said once
            if isinstance(record.get(name), (dict, list)):  # (WordPress's "title": {"rendered": ...} was dropped)
                meta[name] = record[name]
                self._said(where, f"the field '{name}' is {json_kind(record[name])}, not a string: kept in the "
                                  f"metadata, not read as the {name}")
        tag = record.get("language")  # "language": 5 or "klingon" was dropped without a word; said once a read
        if tag not in (None, "") and not isinstance(tag, (dict, list)) and normalize_language(tag) is None:
            self._said(where, f"'language' is not a language tag (BCP 47, such as en or zh-Hans) ({str(tag)[:40]!r}); "
                              "ignored: each article's language is told from its text")
        doc_id = record.get("id", default_id)
        if isinstance(doc_id, str) and not doc_id.strip():  # "id": "" names nothing: the place stands for it
            doc_id = default_id
        if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, type(None))):
            self.skipped.append(Skipped(where, f"an 'id' must be a string or a whole number, not {json.dumps(doc_id)[:40]}"))
            return
        self._add(
            str(doc_id) if doc_id is not None else default_id,
            normalize_text(text),
            where,
            outlet=_name_or_none(record.get("outlet")) or outlet,
            title=_name_or_none(title),
            # a structure is no date either, but unlike a title it is named in the warning a bad date gets
            published=json.dumps(published) if isinstance(published, (dict, list)) else _str_or_none(published),
            url=_name_or_none(url),
            meta=meta,
            language=language,
        )

    def _add(self, doc_id: str, text: str, where: str, *, outlet: str | None, title: str | None = None,
             published: str | None = None, url: str | None = None, meta: Mapping[str, Any] | None = None,
             language: str | None = None) -> None:
        given_id = doc_id
        doc_id, text, where, title, outlet, published, url, meta = valid_unicode(
            [doc_id, text, where, title, outlet, published, url, dict(meta or {})])
        # names are printed to terminals and in lines: control characters in them (an escape sequence, a line
        # break) become U+FFFD, but in a title, an outlet or a URL a tab or a line break is a space
        title, outlet, url = (_name(v, breaks=True) for v in (title, outlet, url))
        doc_id, where = _name(doc_id), _name(where)
        if (repaired := mojibake_repaired(text)) is not None:  # read as a tool that took it for its code page wrote it:
            # no word of it matched the article it copies ("rÃ©gionaux"); undone, and said
            text, page, times = repaired
            self.warnings.append(f"{where}: UTF-8 that was read as {page} and written again{' twice' * (times > 1)} "
                                 "('Ã©' for 'é'); read as it was written")
        if (long := id_too_long(doc_id)) is not None:  # as the index refuses it (dedup.article_ids.MAX_ID_BYTES)
            self.skipped.append(Skipped(where, long))
            return
        if not text.strip():
            self.skipped.append(Skipped(where, "empty"))
            return
        if not any(c.isalnum() for c in text):  # stops at the first letter or digit, the first of most texts
            # whitespace-split "words" of punctuation, emoji or combining marks alone met the minimum and were
            # read as an article no word of which could be matched
            self.skipped.append(Skipped(where, NO_WORDS))
            return
        words = count_words(text, most=self.min_words)  # CJK and Thai characters counted per word
        if words < self.min_words:
            self.skipped.append(Skipped(where, f"too short ({words} word{'s' * (words != 1)}; the minimum is {self.min_words})"))
            return
        if len(text) > MAX_CHARS:
            self.warnings.append(f"{where}: longer than {MAX_CHARS:,} characters; truncated")
            text = text[:MAX_CHARS]
        salad = word_salad(text)
        if salad is not None:  # not an article: a salad of one was reported a rewrite of it
            self.skipped.append(Skipped(where, salad))
            return
        if published is not None:
            iso = published_iso(published)  # an RSS pubDate (RFC 2822) written as ISO 8601 dates are
            if iso is None:
                self.warnings.append(f"{where}: 'published' is not a date (ISO 8601 or RFC 2822) ({published!r}); ignored")
            published = iso
        doc = Document(doc_id, text, title=title, outlet=outlet, published=published, url=url,
                       meta=dict(meta or {}), path=where, language=language)
        if doc_id != given_id:  # a lone surrogate or a control character replaced: named if it makes a duplicate
            self._ids.given[where] = given_id
        if (first := self._ids.add(doc, where)) is None:  # else one story under one guid in two feeds: read once
            self.documents.append(doc)
        else:
            self.skipped.append(Skipped(where, same_article(first, doc_id), article=False))

    def finish(self) -> None:
        """The end of a read: the last ids noted merged into the older ones."""
        self._ids.finish()


def title_of(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline followed by a blank line."""
    lines = text.lstrip("\ufeff").strip().splitlines()
    if len(lines) >= 2 and not lines[1].strip() and looks_like_headline(lines[0]):
        return lines[0].strip().lstrip("#").strip()
    return None


def _name_or_none(value: Any) -> str | None:
    """A title, outlet or URL given: true or false is none, as a structure is (it was the outlet 'False')."""
    return None if isinstance(value, bool) else _str_or_none(value)


def _name(value: str | None, *, breaks: bool = False) -> str | None:
    """A name as it is printed: control characters as U+FFFD, with ``breaks`` tabs and line breaks first as
    spaces (a printable name, nearly every one, is returned as it is: neither pattern matches it)."""
    if value is None or value.isprintable():
        return value
    return _NAME_CONTROLS.sub("\ufffd", _NAME_BREAKS.sub(" ", value) if breaks else value)


#: Why an empty object is skipped: what :meth:`Articles._add_record` says of one.
_NO_TEXT_EMPTY = no_text_reason({}, OTHER_NAMES["text"])
#: That reason as a counted row gives it: its details in brackets left out, as :mod:`dedup.skips` leaves them.
_NO_TEXT_COUNTED = re.sub(r" \([^()]*\)", "", _NO_TEXT_EMPTY)


def _str_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):  # a structure is no title, outlet or URL
        return None
    value = str(value).strip()
    return value or None


def _own_names(record: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``record`` with each of dedup's fields it lacks taken from another export's name for it
    (:data:`OTHER_NAMES`; that name leaves the metadata), and which names were read so."""
    if _OTHER_NAMES.isdisjoint(record):  # most records: dedup's own names, or none read
        return record, []
    read_as = []
    for name, others in OTHER_NAMES.items():
        if name in record or (name == "text" and "html" in record) or (name == "html" and "text" in record):
            continue
        other = next((o for o in others if isinstance(record.get(o), str) and record[o].strip()), None)
        if other is not None:
            record = {k: v for k, v in record.items() if k != other} | {name: record[other]}
            read_as.append((name, other))
    return record, read_as
