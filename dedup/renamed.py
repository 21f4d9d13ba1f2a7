"""Names a linked sentence holds that the other text holds nowhere: a form's blank filled with other names.

A court's defendants, a round's teams, a list's winners: a form sent again links sentence by sentence with
every name changed, each new name in the place the old one stood ("goals from Sean Tully" and "goals from
Owen Farrow"). A rewrite that moves a name, shortens it ("the Fed"), writes its initials ("ECB") or adds
a spokesman on one side refills nothing: a name counts as new only when the other text holds it in no
form (:func:`_new_names`). Pure functions over the texts, for :func:`dedup.refilled.refilled_links`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from dedup.facts import all_facts, name_key


def slot_refilled(ns: dict[tuple[str, ...], set[tuple[str, str]]], nd: dict[tuple[str, ...], set[tuple[str, str]]],
                   source: str, derived: str) -> bool:
    """Whether two linked sentences (their names and where each stands, :func:`names_within`) hold a
    blank filled in with other names: a name on each side that the other text holds nowhere
    (:func:`_new_names`), the two in one place of the sentence (the same word or mark before them, or
    after). A form's blank keeps its place ("goals from Sean Tully" and "goals from Owen Farrow"); a
    link whose sentences only begin or end apart (a passage taken into another text mid-sentence) holds
    other names in other places."""
    new_s = [ns[run] for run in ns.keys() - nd.keys() if _new_names({run}, derived, ns.keys())]
    if not new_s:
        return False
    new_d = [nd[run] for run in nd.keys() - ns.keys() if _new_names({run}, source, nd.keys())]
    places_s = {place for places in new_s for place in places}
    return any(before == b or after == a for places in new_d for b, a in places for before, after in places_s)


def capitalised_pair(text: str, spans: Sequence[tuple[int, int]], other: str | None = None) -> bool:
    """Whether the spans hold two capitalised words in a row (where a name of two words may be), or a
    letter of a script without capitals (whose names :mod:`dedup.names` reads otherwise); with
    ``other``, two capitalised words neither of which is a word of that text (where a name it holds
    nowhere may be, as :func:`slot_refilled` needs on each side). A quick test: the names themselves
    are read only where it holds on both sides of a link."""
    words = _word_parts(other) if other is not None else frozenset()
    for start, end in spans:
        part = text[start:end]
        tokens = part.split()
        for first, second in zip(tokens, tokens[1:]):
            if second[0].isupper() and any(ch.isupper() for ch in first[:3]) and (
                    other is None or _token_key(first) not in words and _token_key(second) not in words):
                return True
        if not part.isascii() and any(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in part):
            return True
    return False


def _token_key(token: str) -> str:
    """The first of a token's word parts (:func:`_word_parts`): "(Gary" is gary."""
    m = WORD_PART.search(token)
    return m.group().lower() if m else ""


#: A run of letters and digits: the parts of "Sung-sang" or "O'Neill" apart.
WORD_PART = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def _word_parts(text: str) -> frozenset[str]:
    """The lower-case runs of letters and digits of a text (:data:`WORD_PART`)."""
    return frozenset(WORD_PART.findall(text.lower()))


def names_within(text: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[str, ...], set[tuple[str, str]]]:
    """The names of two words or more inside ``spans`` of ``text`` (:func:`dedup.facts.all_facts`;
    capitalised words apart by spaces only are one name: "Federal Reserve", "Judge Rachel Hume"), by
    their keys, each with the places it stands in (the word or mark before it and the one after it,
    lower case; "" at the text's ends). A single capitalised word is as often a common word ("Bank", a
    sentence's "Fell" written "Dropped" by a rewrite) or a dateline's city as a name, where a person's
    or a team's name has two words."""
    runs: list[tuple[list[str], int, int]] = []
    for fact in all_facts(text):
        if fact.kind != "name" or not any(start <= fact.span[0] and fact.span[1] <= end for start, end in spans):
            continue
        if runs and runs[-1][2] <= fact.span[0] and not text[runs[-1][2]:fact.span[0]].strip():
            runs[-1][0].append(fact.key)
            runs[-1] = (runs[-1][0], runs[-1][1], fact.span[1])
        else:
            runs.append(([fact.key], fact.span[0], fact.span[1]))
    out: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for keys, start, end in runs:
        if len(keys) > 1:
            out.setdefault(tuple(keys), set()).add((_token_before(text, start), _token_after(text, end)))
    return out


#: The word or mark that ends a stretch of text, and the one that opens one.
_LAST_TOKEN = re.compile(r"(?:[^\W_]+|[^\w\s])\s*$")
_FIRST_TOKEN = re.compile(r"\s*([^\W_]+|[^\w\s])")


def _token_before(text: str, at: int) -> str:
    m = _LAST_TOKEN.search(text, max(0, at - 40), at)
    return m.group().strip().lower() if m else ""


def _token_after(text: str, at: int) -> str:
    m = _FIRST_TOKEN.match(text, at, at + 40)
    return m.group(1).lower() if m else ""


@lru_cache(maxsize=4096)
def _text_words(text: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """The lower-case words of a text (possessives cut, :func:`dedup.facts.name_key`); the initials of each
    run of its capitalised words, with and without the small words between them ("Bank of England"
    gives "boe" and "be"); and its words written with two capitals or more ("ECB", "BoE": initials)."""
    words = frozenset(name_key(w) for w in _NAME_WORD.findall(text))
    initials: list[str] = []
    for m in _CAPITALISED_RUN.finditer(text):
        run = m.group().split()
        initials.append("".join(w[0] for w in run).lower())
        initials.append("".join(w[0] for w in run if w[0].isupper()).lower())
    capitals = frozenset(name_key(w) for w in _NAME_WORD.findall(text) if sum(ch.isupper() for ch in w) >= 2)
    return words, tuple(initials), capitals


#: Words a name written in initials may leave out ("Bank of England" is "BoE" or "BE").
_SMALL_WORDS = "of|and|the|for|de|la|le|du|des|der|von|van"
_NAME_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
#: Capitalised words in a row, with small words between them: what initials stand for.
_CAPITALISED_RUN = re.compile(f"[^\\W\\d_a-z][\\w'\u2019.-]*(?:\\s+(?:(?:{_SMALL_WORDS})\\s+)?[^\\W\\d_a-z][\\w'\u2019.-]*)+")


def _new_names(names: Iterable[tuple[str, ...]], other: str, beside: Iterable[tuple[str, ...]] = ()) -> bool:
    """Whether any of ``names`` (runs of keys, :func:`names_within`) is one the ``other`` text holds
    nowhere: a name is known there when any word of it is (the words of "Federal Reserve" with "Fed", of
    "Rachel Hume" with "Hume"), and a word is known as a word of the other text (a name moved, or
    opening a sentence there), as the start of a longer word or a word that starts it ("Fed" and
    "Federal"), as the initials of a run of its words ("ECB"), or spelled out where the other text writes
    initials (the letters of a short word of it all initials of ``names`` and the names ``beside`` them)."""
    names = tuple(names)
    spelled = {key[0] for run in (*names, *beside) for key in run if key}
    return any(not any(_known(key, other, spelled) for key in run) for run in names)


def _known(key: str, other: str, spelled: set[str]) -> bool:
    """Whether the ``other`` text holds the name word ``key`` in some form (:func:`_new_names`): its
    readings that do not depend on this side's names first (:func:`_known_there`), then spelled out
    where the other text writes initials (``spelled``: the initials of this side's names)."""
    if _known_there(key, other):
        return True
    capitals = _text_words(other)[2]
    return any(len(w) <= 6 and w.isalpha() and key[0] in w and set(w) <= spelled for w in capitals)


#: Name words whose reading in another text :func:`_known_there` keeps.
KNOWN_KEPT = 16384


@lru_cache(maxsize=KNOWN_KEPT)
def _known_there(key: str, other: str) -> bool:
    """Whether ``other`` (its words and initials, :func:`_text_words`) holds ``key`` as a word, as the start
    of a longer word or a word that starts it, or as the initials of a run of its words. Kept by the two:
    each answer walks every word of the other text, and a check meets a stored form's names again with
    each look-alike (and the stored forms check after check)."""
    words, initials, _ = _text_words(other)
    if key in words or len(key) < 2:
        return True
    if len(key) >= 3 and any(w.startswith(key) or (len(w) >= 3 and key.startswith(w)) for w in words):
        return True
    return key.isalpha() and len(key) <= 6 and any(key in run for run in initials)
