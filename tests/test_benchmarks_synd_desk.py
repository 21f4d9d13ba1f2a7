"""The syndication generator's wire desk changes (``make_syndication.py --desk``) on hand-written text."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from synd_desk import apply_credit, apply_figures, change_figure, correction  # noqa: E402
from synd_transforms import Derived  # noqa: E402

from dedup import Document  # noqa: E402
from dedup.credit import check_credit  # noqa: E402


def _article(kind: str, dateline: str = "LONDON (Reuters) - ") -> Derived:
    paragraphs = ((("The company sold 1,000 shares on March 3 for 12.5 mln dlrs.", (0,)),
                   ("It expects sales to rise 7-3/4 pct in 1988.", (1,))),)
    return Derived(kind, "Shares sold", dateline, paragraphs)


@pytest.mark.parametrize("seed", range(20))
def test_change_figure_leaves_dates_years_and_fractions_alone(seed: int) -> None:
    text = "The company sold 1,000 shares on March 3 for 12.5 mln dlrs; up 7-3/4 pct since 1986."
    new, old, changed = change_figure(text, random.Random(seed))  # type: ignore[misc]
    assert old in ("1,000", "12.5") and changed != old and new.count(changed) == 1
    assert "March 3" in new and "7-3/4" in new and "1986" in new


def test_change_figure_keeps_the_format() -> None:
    for seed in range(10):
        _, old, new = change_figure("It paid 1,250,000 dlrs.", random.Random(seed))  # type: ignore[misc]
        assert old == "1,250,000" and "," in new and "." not in new


def test_credit_truth_matches_what_the_check_finds() -> None:
    """Whatever apply_credit records, the credit check on the made text agrees (named cases, not the set)."""
    source = Document("s", "LONDON, March 3 - The company sold 1,000 shares. Reuter", outlet="reuters")
    for seed in range(30):
        kind = ("reprint", "rewrite")[seed % 2]
        made = _article(kind, "LONDON (Reuters) - " if kind == "reprint" else "London — ")  # as the transforms do
        article, truth = apply_credit(made, "london", random.Random(seed))
        text = article.text
        taken = [(0, text.find("\n\n") if "\n\n" in text else len(text))]  # the first paragraph is the copy
        said = check_credit(source, Document("d", text, outlet="paper"), taken=taken).status
        assert (said == "credited") == truth["credited"], (seed, truth, text)


def test_apply_figures_records_each_change() -> None:
    changed = [apply_figures(_article("light_edit"), random.Random(seed)) for seed in range(10)]
    made = [(a, c) for a, c in changed if c]
    assert made, "half the light edits get a changed figure"
    for article, changes in made:
        for change in changes:
            assert change["to"] in article.sentences[change["sentence"]]
    assert apply_figures(_article("reprint"), random.Random(1)) == (_article("reprint"), [])


def test_correction_is_a_later_marked_version() -> None:
    record = {"id": "reuters-7", "text": "LONDON - The company sold 1,000 shares.\n Reuter", "title": "SHARES SOLD",
              "published": "1987-03-03T09:00:00Z"}
    fixed, old, new = correction(record, random.Random(3))  # type: ignore[misc]
    assert fixed["id"] == "reuters-7-c" and fixed["title"] == "CORRECTED - SHARES SOLD"
    assert fixed["published"] > record["published"] and new in fixed["text"] and old == "1,000"
