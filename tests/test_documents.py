"""The document types (reading files into them is tests/test_reading.py)."""

from __future__ import annotations

from dedup.documents import Document, parse_published


def test_parse_published_naive_is_utc() -> None:
    from datetime import datetime, timezone

    naive = parse_published("2024-01-02T03:04:05")
    assert naive == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc) and naive.utcoffset().total_seconds() == 0
    # an explicit offset is kept, not overwritten with UTC
    assert parse_published("2024-01-02T03:04:05+02:00") == datetime(2024, 1, 2, 1, 4, 5, tzinfo=timezone.utc)
    assert parse_published("not a date") is None


def test_document_to_dict_can_leave_out_text() -> None:
    assert "text" not in Document("a", "t").to_dict(with_text=False)
