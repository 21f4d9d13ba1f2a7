"""The one date rule every stage shares: an article's ``published`` read as a UTC datetime
(:func:`parse_published`), and kept one way whatever its feed wrote (:func:`published_iso`).

Apart from the article record because the reader, direction, the desk's timelines and the index's pruning
all read dates, and the two formats feeds write (ISO 8601, RFC 2822) have rules of their own.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

__all__ = ["parse_published", "published_iso"]


def parse_published(value: str | None) -> datetime | None:
    """A date as a UTC datetime, else None: ISO 8601 (RFC 3339, as Atom and JSON Feed write it; naive ones are
    taken as UTC), or RFC 2822 (RFC 822, as an RSS ``pubDate`` writes it: ``Tue, 10 Jun 2003 04:00:00 GMT``,
    with an offset such as ``+0000`` or ``-0500``, ``UT``, ``GMT``, ``Z`` or a North American zone such as
    ``EST``; without one, or ``-0000``, in UTC). An RFC 2822 date in another zone's name (``CEST``,
    ``IST``: some of them name two zones) is no date: its hour cannot be placed.

    >>> parse_published("2024-07-08T10:00:00+02:00").isoformat()
    '2024-07-08T08:00:00+00:00'
    >>> parse_published("Tue, 10 Jun 2003 04:00:00 EST").isoformat()
    '2003-06-10T09:00:00+00:00'
    """
    parsed = _parsed(value)
    if parsed is None:
        return None
    try:
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):  # one that leaves the calendar in UTC (0001-01-01+05:00)
        return None


def published_iso(value: str | None) -> str | None:
    """A date as the reader keeps it, or None when :func:`parse_published` reads none: an ISO 8601 one as
    given, an RFC 2822 one in ISO 8601 with the offset it was given (in UTC without one), so that every
    article's ``published`` is written one way whatever its feed wrote.

    >>> published_iso("Tue, 10 Jun 2003 04:00:00 -0500"), published_iso("2003-06-10")
    ('2003-06-10T04:00:00-05:00', '2003-06-10')
    """
    if parse_published(value) is None:
        return None
    rfc = _rfc2822(value)
    if rfc is None:  # ISO 8601
        return value
    return (rfc if rfc.tzinfo else rfc.replace(tzinfo=timezone.utc)).isoformat()


#: An RFC 2822 date-time (RFC 822's, with a two-digit year too): an optional day name, the day, the month's
#: name, the year (from 1000, or two digits), the time and a zone :func:`email.utils.parsedate_to_datetime` places (or none).
_RFC2822 = re.compile(r"\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*,?\s*)?\d{1,2}\s+"
                      r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:[1-9]\d{3}|\d{2})\s+"
                      r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|ut|utc|gmt|z|[ecmp][sd]t)?\s*", re.IGNORECASE | re.ASCII)


def _parsed(value: str | None) -> datetime | None:
    """``value`` read as ISO 8601, else as RFC 2822, naive or with its offset; else None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))  # RFC 3339 allows t and z
    except (ValueError, OverflowError):
        return _rfc2822(value)


def _rfc2822(value: str | None) -> datetime | None:
    """``value`` read as an RFC 2822 date (:data:`_RFC2822`), naive or with its offset; else None."""
    if not value or _RFC2822.fullmatch(value) is None:
        return None
    try:
        return parsedate_to_datetime(value)
    except (ValueError, TypeError, OverflowError, IndexError):  # 31 Feb, 25:00, an offset of +9999
        return None
