"""Quotations compared: a derived quotation that carries the source's quoted words (or a shortened run of them)
is fine, one with mostly the same words but not all is an *altered quotation*, the most serious change a fact
diff reports (words put in someone's mouth); a source quotation no derived one carries was dropped, a derived
one with no source counterpart added.

A slip of the keys ("communciate") or the wire's house style ("300 mln dlrs") inside a quotation alters nothing
said (:func:`is_run`). The quotations are read by :func:`dedup.facts.extract_facts`.
"""

from __future__ import annotations

from typing import Sequence

from dedup.fact_changes import Change
from dedup.facts import Fact

__all__ = ["quotation_changes", "is_run", "HOUSE_STYLE"]


def quotation_changes(src: list[Fact], der: list[Fact], source_all: Sequence[Fact],
                      derived_all: Sequence[Fact], derived_words: Sequence[str] = ()) -> list[Change]:
    """Derived quotations against the source's: the same words (or a shortened run of them) are fine;
    mostly the same words, but not all, is an altered quotation; a source quotation that no derived
    quotation carries was dropped (paraphrased or cut), a derived one with no source counterpart added.
    A source quotation whose words the linked derived sentence keeps word for word without the marks
    (``derived_words``: told Reuters he would try to promote understanding on trade issues) was not dropped:
    nothing said was changed."""
    changes: list[Change] = []
    pool = src + [q for q in source_all if q not in src]
    for quote in der:
        words = quote.key.split()
        best = max(pool, key=lambda s: _contained(words, s.key.split()), default=None)
        if best is None or _contained(words, best.key.split()) < 0.5:
            changes.append(Change("quotation", "added", derived=quote.text, derived_span=quote.span))
        elif not is_run(words, best.key.split()):
            changes.append(Change("quotation", "altered", best.text, quote.text, best.span, quote.span))
    for quote in src:
        words = quote.key.split()
        carried = any(_contained(d.key.split(), words) >= 0.5 for d in derived_all) or is_run(words, list(derived_words))
        if not carried and len(words) >= 3:
            changes.append(Change("quotation", "dropped", source=quote.text, source_span=quote.span))
    return changes


def _contained(words: list[str], other: list[str]) -> float:
    return len(set(words) & set(other)) / len(set(words)) if words else 0.0


def is_run(words: list[str], other: list[str]) -> bool:
    """``words`` occur in ``other`` as one unbroken run (a quotation shortened, not reworded), word for word
    but for a slip of the keys or house style (:func:`_same_word`)."""
    words, other = _house(words), _house(other)
    n = len(words)
    return any(all(map(_same_word, other[i:i + n], words)) for i in range(len(other) - n + 1))


#: House-style abbreviations a wire writes inside quotations too ("300 mln dlrs" for "300 million dollars").
HOUSE_STYLE = {"mln": ["million"], "bln": ["billion"], "dlrs": ["dollars"], "dlr": ["dollar"], "pct": ["percent"],
               "cts": ["cents"], "stg": ["sterling"]}


def _house(words: list[str]) -> list[str]:
    """Quotation words with the wire's abbreviations written out and "per cent" as "percent"."""
    out: list[str] = []
    for word in words:
        if word == "cent" and out and out[-1] == "per":
            out[-1] = "percent"
        else:
            out.extend(HOUSE_STYLE.get(word, [word]))
    return out


def _same_word(a: str, b: str) -> bool:
    """The same word, or one misspelt by a slip: two letters swapped ("communciate"), a letter doubled or not
    ("wil", "ocurred"), one left out or put in inside a word of five letters or more ("acquistions"), or British
    and American "s"/"z" ("recognise"). Never a figure, nor a change at a word's first or last letter
    ("now"/"not", "plan"/"plans"): those change what was said."""
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or a[0] != b[0] or a[-1] != b[-1] or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return True  # two letters swapped
        return len(diff) == 1 and {a[diff[0]], b[diff[0]]} == {"s", "z"}
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    at = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    if long_[:at] + long_[at + 1:] != short:
        return False
    return long_[at] in (long_[at - 1], long_[at + 1: at + 2]) or len(short) >= 5

