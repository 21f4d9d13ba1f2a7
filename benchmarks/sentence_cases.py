"""Sentence splitting on the news cases of tests/test_sentences.py: sentencex alone vs dedup's splitter.

Usage (from the project root)::

    python -m benchmarks.sentence_cases
"""

from __future__ import annotations

import sys
import time

import sentencex

from dedup.sentences import split_sentences
from tests.test_sentences import CASES


def sentencex_only(text: str) -> list[str]:
    spans = sentencex.get_sentence_boundaries("en", text)
    return [t for t in (text[b["start_index"] : b["end_index"]].strip() for b in spans) if t]


def main() -> int:
    for name, split in (("sentencex", sentencex_only), ("dedup", lambda t: [s.text for s in split_sentences(t)])):
        missed = [case_id for case_id, text, expected in CASES if split(text) != expected]
        print(f"{name:10s} {len(CASES) - len(missed)}/{len(CASES)} right; missed: {', '.join(missed) or '-'}")
    paragraph = "The index rose 2 pct on Monday in the U.S. market. " * 3200
    started = time.perf_counter()
    split_sentences(paragraph)
    print(f"one {len(paragraph) // 1000} KB paragraph: {(time.perf_counter() - started) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
