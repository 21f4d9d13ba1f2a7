"""Quotations compared: a derived quotation that carries the source's quoted words (or a shortened run of them)
is fine, one with mostly the same words but not all is an *altered quotation*, the most serious change a fact
diff reports (words put in someone's mouth); a source quotation no derived one carries was dropped, a derived
one with no source counterpart added.

A slip of the keys ("communciate") or the wire's house style ("300 mln dlrs", "17.80 dlrs" for "$17.80") inside a
quotation alters nothing said (:func:`is_run`, :func:`quoted_words`). The quotations are read by
:func:`dedup.facts.extract_facts`.
"""

from __future__ import annotations

import re
from typing import Sequence

from dedup.fact_changes import Change
from dedup.facts import Fact

__all__ = ["quotation_changes", "is_run", "quoted_words", "HOUSE_STYLE"]


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
        elif not is_run(quoted_words(quote), quoted_words(best)):
            changes.append(Change("quotation", "altered", best.text, quote.text, best.span, quote.span))
    for quote in src:
        words = quote.key.split()
        carried = (any(_contained(d.key.split(), words) >= 0.5 for d in derived_all)
                   or is_run(quoted_words(quote), list(derived_words)))
        if not carried and len(words) >= 3:
            changes.append(Change("quotation", "dropped", source=quote.text, source_span=quote.span))
    return changes


def _contained(words: list[str], other: list[str]) -> float:
    return len(set(words) & set(other)) / len(set(words)) if words else 0.0


def is_run(words: list[str], other: list[str]) -> bool:
    """``words`` occur in ``other`` as one unbroken run (a quotation shortened, not reworded), word for word
    but for a slip of the keys or house style (:func:`_same_word`). A figure's currency named on both sides is the
    same one (:func:`_money`: "17.80 dlrs" is "$17.80", "5 mln stg" is no "$5 mln"); named on one side alone, it is
    house style ("300 mln" for "300 mln dlrs")."""
    (words, money), (other, theirs) = _money(_house(words)), _money(_house(other))
    n = len(words)
    return any(all(map(_same_word, other[i:i + n], words)) and all(_same_money(m, theirs.get(i + j)) for j, m in money.items())
               for i in range(len(other) - n + 1))


#: House-style abbreviations a wire writes inside quotations too ("300 mln dlrs" for "300 million dollars").
HOUSE_STYLE = {"mln": ["million"], "bln": ["billion"], "dlrs": ["dollars"], "dlr": ["dollar"], "pct": ["percent"],
               "cts": ["cents"], "stg": ["sterling"]}


#: A currency's sign before a figure, as the wire writes it after the figure ("$17.80" as "17.80 dlrs", "US$5 mln"
#: as "5 mln U.S. dlrs", "£3 billion" as "3 billion stg"): the sign's word, and the words its letters before it stand
#: for. A quotation's key keeps no sign ("$17.80" is "17 80"), so a figure's house style was an altered quotation
#: and a figure's currency changed ("$5" for "£5") none.
_SIGN_WORDS = {"$": "dollars", "£": "sterling", "€": "euros", "¥": "yen"}
_SIGN_OWNERS = {"us": ["u", "s"], "u s": ["u", "s"], "c": ["canadian"], "a": ["australian"], "hk": ["hong", "kong"],
                "nz": ["new", "zealand"], "s": ["singapore"]}
_SIGNED = re.compile(r"(?<![\w$£€¥])(?:(US|U\.S\.|C|A|HK|NZ|S)\s?)?([$£€¥])\s?(\d+(?:[.,]\d+)*)"
                     r"(?:\s+(mln|bln|million|billion|trillion)\b)?(?![.,]?\d)")
_SCALES = {"million", "billion", "trillion"}


def quoted_words(quote: Fact) -> list[str]:
    """A quotation's words as :func:`is_run` compares them: its key's, a currency's sign before a figure written
    after it as its word (and the country its letters name), as a wire writes it (:data:`_SIGN_WORDS`).

    >>> quoted_words(Fact("quotation", "perhaps US$17.80 mln", "perhaps us 17 80 mln", (0, 20)))
    ['perhaps', '17', '80', 'mln', 'u', 's', 'dollars']
    """
    words = quote.key.split()
    for m in reversed(list(_SIGNED.finditer(quote.text))):
        figure = re.findall(r"\d+", m[3])
        before = quote.text[: m.start(3)]
        nth = len(re.findall(r"(?<!\w)" + r"\W+".join(figure) + r"(?!\w)", before))
        at = _run_at(words, figure, nth)
        if at is None:  # the key reads the figure otherwise (digits of another script): left as it is
            continue
        owner = (m[1] or "").lower().replace(".", " ").strip()
        tail = at + len(figure) + (1 if m[4] and words[at + len(figure):][:1] == [m[4].lower()] else 0)
        drop = len(owner.split()) if owner and words[max(0, at - len(owner.split())):at] == owner.split() else 0
        words[at - drop:tail] = words[at:tail] + _SIGN_OWNERS.get(owner, []) + [_SIGN_WORDS[m[2]]]
    return words


#: The words a figure's currency is written in after house style (:func:`_house`), and what may name its country.
_CURRENCY_WORDS = {"dollars", "sterling", "euros", "yen"}
_OWNER_LIST = [list(owner) for owner in sorted({tuple(o) for o in _SIGN_OWNERS.values()} | {("us",)})]


def _money(words: list[str]) -> tuple[list[str], dict[int, tuple[str, ...]]]:
    """``words`` without the currencies written after a figure, and each of those currencies (its country's words
    and its own) by the place of the word before it (the figure, or its "million") in the words left."""
    owners = sorted(_OWNER_LIST, key=len, reverse=True) + [[]]
    plain: list[str] = []
    money: dict[int, tuple[str, ...]] = {}
    i = 0
    while i < len(words):
        if plain and (plain[-1].isdigit() or plain[-1] in _SCALES):
            owner = next((o for o in owners if words[i:i + len(o)] == o and words[i + len(o):][:1] and
                          words[i + len(o)] in _CURRENCY_WORDS), None)
            if owner is not None:
                money[len(plain) - 1] = tuple(words[i:i + len(owner) + 1])
                i += len(owner) + 1
                continue
        plain.append(words[i])
        i += 1
    return plain, money


def _same_money(ours: tuple[str, ...], theirs: tuple[str, ...] | None) -> bool:
    """One currency: the same word, of the same country where both name one ("US$5" and "$5" alike)."""
    return theirs is None or ours[-1] == theirs[-1] and (ours[:-1] == theirs[:-1] or not ours[:-1] or not theirs[:-1])


def _run_at(words: list[str], run: list[str], nth: int) -> int | None:
    """Where the ``nth`` occurrence (from 0) of ``run`` starts in ``words``, or None."""
    starts = [i for i in range(len(words) - len(run) + 1) if words[i:i + len(run)] == run]
    return starts[nth] if nth < len(starts) else None


def _house(words: list[str]) -> list[str]:
    """Quotation words with the wire's abbreviations written out, "per cent" as "percent", and a figure's one
    dollar as its dollars ("1 dlr", "$1")."""
    out: list[str] = []
    for word in words:
        if word == "cent" and out and out[-1] == "per":
            out[-1] = "percent"
        else:
            out.extend(HOUSE_STYLE.get(word, [word]))
        if out[-1] == "dollar" and len(out) > 1 and (out[-2].isdigit() or out[-2] in _SCALES):
            out[-1] = "dollars"
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

