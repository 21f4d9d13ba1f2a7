"""An e-mail message saved as a text (a wire story forwarded by mail, an ``.eml``): the text it carries.

Called by :mod:`dedup.reading` on every text file before it is read as an article.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["MailText", "mail_message", "MAIL_TOO_DEEP", "MAIL_NO_TEXT"]

#: Why a message of parts nested hundreds deep is not read: the standard library's parser recurses a level a
#: part, and such a message (a message within a message within ..., a mail loop's or a bomb's) stopped the scan
#: with a RecursionError's traceback.
MAIL_TOO_DEEP = "an e-mail message of parts nested too deep to read (hundreds of messages or parts within each other)"
#: Why a message with no plain or HTML part is not read (its parts' types follow): it was "empty".
MAIL_NO_TEXT = "an e-mail message with no text or HTML part"


@dataclass(frozen=True)
class MailText:
    """The readable part of an e-mail message (:func:`mail_message`): its text, decoded; whether that is
    HTML (a message with no plain part); its subject and date header, as written."""

    text: str
    html: bool
    subject: str | None
    date: str | None
    unread: str | None = None  # why the message's text cannot be read (:data:`MAIL_TOO_DEEP`, ...), or None


#: Header names of which one, or ``From`` with ``Subject``, tells a message's head from an article that
#: opens with a line such as "From: the desk" (the transport's and MIME's own names).
_MAIL_HEADERS = frozenset({"mime-version", "content-type", "content-transfer-encoding", "received", "message-id",
                           "return-path", "delivered-to", "x-mailer"})
_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,60}:(?:[ \t]|$)")
#: Lines read at most for a message's head before its blank line (a head of hundreds of Received lines is
#: rare; an article is not read as one past this).
_MOST_HEAD_LINES = 200


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
    try:
        message = email.message_from_string(text, policy=email.policy.default)
        part = _body(message)
        if part is None:
            kinds = sorted({p.get_content_type() for p in message.walk() if not p.is_multipart()})
            return MailText("", False, _header(message, "subject"), _header(message, "date"),
                            f"{MAIL_NO_TEXT} ({', '.join(kinds[:3])}{', ...' if len(kinds) > 3 else ''})")
        return MailText(_content(part), part.get_content_type() == "text/html", _header(message, "subject"),
                        _header(message, "date"))
    except RecursionError:  # the parser (and a walk of the parts) recurses a level a part
        return MailText("", False, None, None, MAIL_TOO_DEEP)


def _opens_with_head(text: str) -> bool:
    """Whether ``text`` opens with a message's head: header lines (continued on indented lines) up to a blank
    line, at most :data:`_MOST_HEAD_LINES`, naming a transport or MIME header, or ``From`` and ``Subject``."""
    names = []
    for line in text[:65536].splitlines()[:_MOST_HEAD_LINES]:
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and names:
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.append(line.split(":", 1)[0].lower())
    else:
        return False  # no blank line after the head: no message
    return len(names) >= 2 and bool(_MAIL_HEADERS & set(names) or {"from", "subject"} <= set(names))


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
