"""An e-mail message saved as a text (a wire story forwarded by mail, an ``.eml``): the text it carries.

Called by :mod:`dedup.reading` on every text file before it is read as an article.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.policy
import quopri
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

__all__ = ["MailText", "mail_message", "MAIL_TOO_DEEP", "MAIL_TOO_MANY", "MAX_MAIL_PARTS", "MAIL_NO_TEXT", "DAMAGED_SUBJECT"]

#: Why a message of parts nested hundreds deep is not read: the standard library's parser recurses a level a
#: part, and such a message (a message within a message within ..., a mail loop's or a bomb's) stopped the scan
#: with a RecursionError's traceback.
MAIL_TOO_DEEP = "an e-mail message of parts nested too deep to read (hundreds of messages or parts within each other)"
#: The most lines opening with "--" (as each MIME part's boundary line does) a message is read with: the standard
#: library's parser takes milliseconds a part (10,000 parts of a few words, 165 KB, took 29 s to read; a message of
#: 64 MB could hold a million). A news message holds a handful.
MAX_MAIL_PARTS = 1000
#: Why a message of more parts than that is not read.
MAIL_TOO_MANY = (f"an e-mail message of more than {MAX_MAIL_PARTS:,} parts (lines opening with '--', as a part's "
                 "boundary does), which would take minutes to read: left out")
#: Why a message with no plain or HTML part is not read (its parts' types follow): it was "empty".
MAIL_NO_TEXT = "an e-mail message with no text or HTML part"
#: What is said of a message whose ``Subject`` holds an encoded word that cannot be decoded (base64 that is none, bytes
#: that are not the text of the charset it names): decoded as the mail library decodes it, it was a nonsense title
#: (``=?utf-8?b?!!!invalid?=`` as ``\ufffd{\u0596'``).
DAMAGED_SUBJECT = "its Subject holds a damaged encoded word (=?...?=); no title taken from it"


@dataclass(frozen=True)
class MailText:
    """The readable part of an e-mail message (:func:`mail_message`): its text, decoded; whether that is
    HTML (a message with no plain part); its subject and date header, as written."""

    text: str
    html: bool
    subject: str | None
    date: str | None
    unread: str | None = None  # why the message's text cannot be read (:data:`MAIL_TOO_DEEP`, ...), or None
    note: str | None = None  # what a warning says of how it was read (:data:`DAMAGED_SUBJECT`), or None
    #: the texts of the messages it forwards, in order, each with whether it is HTML, when there are several and some
    #: are HTML (the reader reads each, then joins them); else empty, ``text`` holding them joined
    pieces: tuple[tuple[str, bool], ...] = ()


#: Header names of which one, or ``From`` with ``Subject``, tells a message's head from an article that
#: opens with a line such as "From: the desk" (the transport's and MIME's own names).
_MAIL_HEADERS = frozenset({"mime-version", "content-type", "content-transfer-encoding", "received", "message-id",
                           "return-path", "delivered-to", "x-mailer"})
_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,60}:(?:[ \t]|$)")
#: Header fields read at most for a message's head before its blank line (a head of hundreds of Received lines is
#: rare; an article is not read as one past this). Their continuation lines are not counted: a ``To`` of thousands
#: of addresses, one a line, is one field.
_MOST_HEAD_LINES = 200
#: Characters of a text in which its head is looked for first: an article fails on its first line; a message's
#: head that runs past them (a header line of a megabyte) is followed to its end (:func:`_opens_with_head`).
_HEAD_WINDOW = 65536


def mail_message(text: str) -> MailText | None:
    r"""The text an e-mail message carries, when ``text`` is one (a wire story forwarded by mail and saved,
    an ``.eml`` named ``.txt``), or None. Read raw, its head was taken for the article's first words and
    its body as sent: quoted-printable's ``=`` at every line end, base64 as a run of letters (read as an
    article that meets nothing: a story mailed in base64 and the same story saved as text were no pair).

    A message is a head of header lines (``Name: value``, continued on indented lines) up to the first
    blank line, naming a transport or MIME header, or ``From`` and ``Subject``. Its plain part is read (or
    its HTML part, flagged); a message with neither gives an empty text.

    >>> m = mail_message("From: a@b.c\nSubject: Oil\nContent-Transfer-Encoding: quoted-printable\n\nBP said=\n it would.\n")
    >>> m.text, m.html, m.subject
    ('BP said it would.\n', False, 'Oil')
    >>> mail_message("From: the desk\nLONDON, March 3 - BP said it would.\n") is None
    True
    """
    if not _opens_with_head(text):
        return None
    if text.count("\n--") > MAX_MAIL_PARTS:
        return MailText("", False, None, None, MAIL_TOO_MANY)
    try:
        message = email.message_from_string(text, policy=email.policy.default)
        part = _body(message)
        if part is None:
            kinds = sorted({p.get_content_type() for p in message.walk() if not p.is_multipart()})
            return MailText("", False, _header(message, "subject"), _header(message, "date"),
                            f"{MAIL_NO_TEXT} ({', '.join(kinds[:3])}{', ...' if len(kinds) > 3 else ''})")
        subject, note = _subject(message)
        pieces = _pieces(message, part)
        apart = len(pieces) > 1 and any(is_html for _, is_html in pieces)  # each page read as one
        return MailText("" if apart else "\n\n".join(piece for piece, _ in pieces), not apart and pieces[0][1], subject,
                        _header(message, "date"), note=note, pieces=tuple(pieces) if apart else ())
    except RecursionError:  # the parser (and a walk of the parts) recurses a level a part
        return MailText("", False, None, None, MAIL_TOO_DEEP)


def _opens_with_head(text: str) -> bool:
    """Whether ``text`` opens with a message's head: header lines (continued on indented lines) up to a blank
    line, at most :data:`_MOST_HEAD_LINES` fields, naming a transport or MIME header, or ``From`` and ``Subject``.
    Looked for in the first :data:`_HEAD_WINDOW` characters, and past them only when they are all header lines
    (a message whose head ran past them, a header line of a megabyte, was read raw: its head the article's words)."""
    found = _head_names(text[:_HEAD_WINDOW].splitlines())
    if found is None and len(text) > _HEAD_WINDOW and _all_head(text[:_HEAD_WINDOW]):
        found = _head_names(_lines(text))
    if found is None:
        return False
    names = set(found)
    return len(found) >= 2 and bool(_MAIL_HEADERS & names or {"from", "subject"} <= names)


def _head_names(lines: Iterable[str]) -> list[str] | None:
    """The header names of the head ``lines`` open with, up to its blank line; None when they hold a line that is
    no header line, more than :data:`_MOST_HEAD_LINES` fields, or no blank line."""
    names: list[str] = []
    for line in lines:
        if not line.strip():
            return names
        if line[:1] in (" ", "\t") and names:
            continue
        if not _HEADER_LINE.match(line) or len(names) == _MOST_HEAD_LINES:
            return None
        names.append(line.split(":", 1)[0].lower())
    return None


def _all_head(window: str) -> bool:
    """Whether every line of ``window`` (the last may be cut) is a header line or a continuation line, with no
    blank line: a head that runs on past it."""
    lines = window.splitlines()
    return bool(lines) and bool(_HEADER_LINE.match(lines[0])) and all(
        line.strip() and (line[:1] in (" ", "\t") or _HEADER_LINE.match(line)) for line in lines[:-1])


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (ended as :meth:`str.splitlines` ends them at "\\n", "\\r\\n" and "\\r"),
    none of them copied but the one given: a head is followed to its end without splitting a text of 64 MB."""
    for found in _LINE.finditer(text):
        if found.group():
            yield found.group().rstrip("\r\n")


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _body(message: Any) -> Any:
    """The part of ``message`` to read: its plain part, else its HTML part; a message declared multipart that
    names no boundary (so holds no parts) is its own body, as mail programs show it (it was read as empty);
    else the first plain (or HTML) part anywhere in it: a message forwarded whole as its body
    (``message/rfc822``), a story sent as a text attachment (both were read as empty); None for a message with
    neither."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is not None:
        return part
    if message.get_content_maintype() == "multipart" and not message.is_multipart():
        return message
    leaves = [p for p in message.walk() if not p.is_multipart()]
    return next((p for kind in ("text/plain", "text/html") for p in leaves if p.get_content_type() == kind), None)


#: Messages forwarded within forwarded messages are joined to this depth (a chain nested hundreds deep, which the
#: parser reads, is not recursed through to its end).
_MOST_FORWARDS = 8


def _pieces(message: Any, body: Any, depth: int = 0) -> list[tuple[str, bool]]:
    """The texts of ``message`` whose body is the part ``body``, each with whether it is HTML: its body, with the plain
    parts that follow it in a mixed message, shown inline (no attachment), as mail programs show them (only the first
    was read: a story sent as the last of several plain parts was "too short"). A message that forwards messages
    (``message/rfc822``, attached or inline) or holds a list's digest of them (``multipart/digest``) is read as the
    texts of those, in order, HTML or plain: its own parts are the forwarder's note and signature, the list's contents
    and footer (read as those, with the messages left out, unrelated stories forwarded by one desk or sent by one
    list were duplicates of each other; so were they where the stories forwarded were HTML alone). HTML parts of a
    message's own are not joined."""
    own = [(_content(body), body.get_content_type() == "text/html")]
    if body.get_content_type() != "text/plain" or message.get_content_type() not in ("multipart/mixed", "multipart/digest"):
        return own
    carried = [piece for part in message.iter_parts() for piece in _forwarded(part, depth) if piece[0].strip()]
    if carried:
        return carried
    after = [p for p in message.iter_parts() if p is not body and p.get_content_type() == "text/plain"
             and p.get_content_disposition() != "attachment"]
    return [("\n\n".join([own[0][0], *(_content(p) for p in after)]), False)] if after else own


def _forwarded(part: Any, depth: int) -> list[tuple[str, bool]]:
    """The texts (each with whether it is HTML) of the messages ``part`` carries: a message forwarded in it
    (``message/rfc822``, attached or inline), or a digest's messages (``multipart/digest``); none for any other part."""
    if depth >= _MOST_FORWARDS:
        return []
    if part.get_content_type() == "multipart/digest":
        return [t for inner in part.iter_parts() for t in _forwarded(inner, depth)]
    if part.get_content_type() != "message/rfc822":
        return []
    inner = part.get_payload()
    texts: list[tuple[str, bool]] = []
    for carried in inner if isinstance(inner, list) else [inner]:
        body = _body(carried) if hasattr(carried, "walk") else None
        if body is not None and body.get_content_type() == "text/plain":
            texts.extend(_pieces(carried, body, depth + 1))
        elif body is not None and body.get_content_type() == "text/html":  # the forwarder's note was read instead
            texts.append((_content(body), True))
    return texts


def _content(part: Any) -> str:
    """A part's text, decoded (its transfer encoding and charset); a charset Python does not know, or a
    damaged encoding, read as UTF-8 with U+FFFD where bytes make none. A part in no transfer encoding is
    text the file's reading decoded already, taken as it stands."""
    if str(part.get("content-transfer-encoding", "")).strip().lower() not in ("base64", "quoted-printable"):
        payload = part.get_payload(decode=False)
        if isinstance(payload, str):
            return payload
    try:
        return str(part.get_content())
    except (LookupError, ValueError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(part.get_payload())


def _header(message: Any, name: str) -> str | None:
    """A header's value as written (folded lines joined), or None; a header email cannot parse is None."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return None
    return " ".join(str(value).split()) or None if value is not None else None


def _subject(message: Any) -> tuple[str | None, str | None]:
    """``(subject, note)``: the message's subject as :func:`_header` gives it, or ``(None, DAMAGED_SUBJECT)``
    when one of its encoded words is damaged (:func:`_damaged_word`)."""
    try:
        raw = next((value for name, value in message.raw_items() if name.lower() == "subject"), None)
    except (ValueError, IndexError, TypeError):
        raw = None
    if isinstance(raw, str) and any(_damaged_word(*word.groups()) for word in _ENCODED_WORD.finditer(raw)):
        return None, DAMAGED_SUBJECT
    return _header(message, "subject"), None


#: An encoded word of a header (RFC 2047): ``=?charset?B?base64?=`` or ``=?charset?Q?quoted?=``.
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _damaged_word(charset: str, kind: str, payload: str) -> bool:
    """Whether an encoded word is damaged: base64 that is none, or bytes that are not text in the ``charset`` it
    names (a charset Python does not know is not judged: its word is read with U+FFFD as the library reads it).

    >>> _damaged_word("utf-8", "b", "!!!invalid"), _damaged_word("utf-8", "b", "w6k"), _damaged_word("utf-8", "q", "caf=C3=A9")
    (True, False, False)
    """
    if kind in "Bb":
        if _BASE64.fullmatch(payload) is None or len(payload.rstrip("=")) % 4 == 1:
            return True
        try:
            data = base64.b64decode(payload.rstrip("=") + "=" * (-len(payload.rstrip("=")) % 4), validate=True)
        except (binascii.Error, ValueError):
            return True
    else:
        data = quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=True)
    try:
        codec = codecs.lookup(charset.split("*", 1)[0])
    except LookupError:
        return False
    try:
        data.decode(codec.name)
    except UnicodeDecodeError:
        return True
    except LookupError:  # a codec of bytes, no text's ("base64")
        return False
    return False
