"""The one date rule every stage shares: ISO 8601 and RFC 2822 read as UTC (dedup/dates.py)."""

from __future__ import annotations

import pytest

from dedup.dates import parse_published


def test_parse_published_naive_is_utc() -> None:
    from datetime import datetime, timezone

    naive = parse_published("2024-01-02T03:04:05")
    assert naive == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc) and naive.utcoffset().total_seconds() == 0
    # an explicit offset is kept, not overwritten with UTC
    assert parse_published("2024-01-02T03:04:05+02:00") == datetime(2024, 1, 2, 1, 4, 5, tzinfo=timezone.utc)
    assert parse_published("not a date") is None


@pytest.mark.parametrize("given,utc", [
    ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00+00:00"),
    ("Wed, 02 Oct 2002 08:00:00 EDT", "2002-10-02T12:00:00+00:00"),
    ("tuesday, 10 june 2003 04:00 pst", "2003-06-10T12:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00", "2003-06-10T04:00:00+00:00"),
    ("2003-06-10t04:00:00z", "2003-06-10T04:00:00+00:00"),
], ids=["gmt", "offset", "edt", "lower-case-full-names", "no-zone", "rfc3339-small"])
def test_parse_published_reads_rfc_2822_as_rss_writes_it(given: str, utc: str) -> None:
    assert parse_published(given).isoformat() == utc


@pytest.mark.parametrize("given", ["Tue, 10 Jun 2003 04:00:00 IST", "10 Jun 2003 04:00:00 A", "Jun 10 2003 04:00 GMT",
                                   "Tue, 10 Jun 2003 04:00:00 GMT and more", "Monday 4pm", "5", ""])
def test_parse_published_reads_nothing_else(given: str) -> None:
    assert parse_published(given) is None
