"""A template of two subjects: two leads alike in wording, each naming a subject the other text never names.

Wire copy fills one template in for each company that does the same thing on the same day or week: "Unocal
Corp said it raised the contract price it will pay for crude oil 50 cts a barrel" and "Southland Corp's Citgo
Petroleum Corp said it raised the contract price ...", "Sankei Building Co Ltd is issuing a 60 mln dlr equity
warrant eurobond" and "Sekisui Chemical Co Ltd is issuing ...". The figures are often the same (every company
raised its price 50 cents), so a form's figures (:mod:`dedup.forms`) do not tell them; their subjects do. Read
here, for a pair about to be reported: the subject each text's lead names first (the first word after its
dateline, when a name: :func:`lead_subject`), whether one worded link joins the two leads, and whether each
subject is absent from the other text as a whole (:func:`named_in`: not as a word, not cut short, "Neb" for
"Nebraska", not misspelt, "Fieldcor" for "Fidelcor"). A copy or a rewrite names its subject, however it
rephrases its lead; a story taking a paragraph from another has its own lead. Only where capitals mark names
(not in German, nor in scripts without capitals). Pure functions over an alignment, for
:func:`dedup.decision.refuse_chance_order`.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Sequence

from dedup.facts import name_key, names_inside
from dedup.language import language_of
from dedup.stop_words import stop_words
from dedup.words import rules_for

__all__ = ["lead_subject", "named_in", "other_subjects", "MISSPELT", "HEAD_FIRST"]

#: A dateline ("NEW YORK, March 12 - ", "SAN MATEO, Calif., April 13 -- "): a place, a date, a dash.
_DATELINE = re.compile(r"\s*[^\W\d_][^\n]{0,60}?\s[-\u2013\u2014]{1,2}\s+")
#: A word opening a lead: letters with the dots, hyphens and apostrophes of names ("C.O.M.B", "Citgo's").
_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
#: How close a word of the other text must be to a subject to be the subject misspelt (difflib's ratio).
MISSPELT = 0.75
#: The fewest letters a subject or a word cut short must keep to be read as one another ("Neb", "Nebraska").
_SHORTEST = 3


def lead_subject(text: str, language: str | None = None) -> tuple[str, int] | None:
    """The subject a lead names first, by its key (:func:`dedup.facts.name_key`), and where it stands: the first
    word after the dateline (or of the text), when a name: written with a capital, no stop word of ``language``
    (:func:`dedup.stop_words.stop_words`, English's for None: "The"), nowhere in the text without a capital, and
    either the first of a run of capitalised words ("Unocal Corp", "Murphy Oil") or written with its capital
    inside a sentence too (:func:`dedup.facts.names_inside`: "Unocal said ... Unocal's price"). A sentence's
    first word is no name ("Demand for shares", "Officials of the commission"). None when there is none.

    >>> lead_subject("NEW YORK, March 12 - MTech Corp said it filed a statement."), lead_subject("The company said")
    (('mtech', 21), None)
    """
    dateline = _DATELINE.match(text, 0, 80)
    word = _WORD.match(text, dateline.end() if dateline else 0)
    if word is None or not word.group()[0].isupper():
        return None
    key = name_key(word.group().rstrip("."))
    if key in _stop_words(language or "en"):
        return None
    after = _NEXT_WORD.match(text, word.end())
    if not ((after is not None and after.group(1)[0].isupper()) or key in names_inside(text)):
        return None
    lower = word.group().lower()  # a word the text never writes in lower case is read no further
    if lower in text and key in {name_key(w) for w in _WORD.findall(text) if w[0].islower()}:
        return None
    if language in HEAD_FIRST:
        return _last_of_run(text, word)
    return key, word.start()


#: Languages whose noun phrases open with their head, joined to what names it by a linking ending (Kurmanji's izafe:
#: "Wezareta Perwerdeyê", the ministry of education; "Rêveberiya Balafirgeha Hewlêrê", the administration of Erbil's
#: airport): a lead's first capitalised word is a common noun written with the sentence's capital, and the name the
#: run of capitals stands for is its last word. Read as the first, two reports of one place or body opening on two
#: of its parts ("the administration of", "the water of") were two subjects.
HEAD_FIRST = frozenset({"ku"})


def _last_of_run(text: str, word: re.Match[str]) -> tuple[str, int]:
    """The key and place of the last capitalised word of the run ``word`` opens ("Hewlêrê" in "Rêveberiya Balafirgeha
    Hewlêrê ragihand").

    >>> _last_of_run("Rêveberiya Balafirgeha Hewlêrê ragihand", _WORD.match("Rêveberiya Balafirgeha Hewlêrê"))
    ('hewlêrê', 23)
    """
    last = word
    while (after := _NEXT_WORD.match(text, last.end())) is not None and after.group(1)[0].isupper():
        last = _WORD.match(text, after.start(1))
    return name_key(last.group().rstrip(".")), last.start()


#: The word after a lead's first, past the space (and a possessive's "'s") between them.
_NEXT_WORD = re.compile(r"(?:'s|’s)?[ \t]+([^\W\d_][\w.'’-]*)")


@lru_cache(maxsize=64)
def _stop_words(language: str) -> frozenset[str]:
    return stop_words(language)


def named_in(subject: str, text: str) -> bool:
    """Whether ``text`` names ``subject`` (a key of :func:`lead_subject`): a word of it with that key, or one cut
    short from it or it from one ("Neb", "Nebraska"), or one misspelt from it (a :data:`MISSPELT` ratio)."""
    words = {name_key(w.rstrip(".")) for w in _WORD.findall(text)} | names_inside(text)
    if subject in words:
        return True
    return any(_short_for(subject, w) or _short_for(w, subject) or _misspelt(subject, w) for w in words)


def _short_for(short: str, long: str) -> bool:
    return len(short) >= _SHORTEST and long.startswith(short)


def _misspelt(one: str, other: str) -> bool:
    if abs(len(one) - len(other)) > 2 or min(len(one), len(other)) < _SHORTEST:
        return False
    matcher = SequenceMatcher(None, one, other)
    return matcher.quick_ratio() >= MISSPELT and matcher.ratio() >= MISSPELT


def other_subjects(alignment: Any, links: Sequence[Any]) -> bool:
    """Whether ``alignment``'s two texts read as one template filled in for two subjects: both in languages
    whose capitals mark names, one of ``links`` joining their leads (a source span holding the source's
    :func:`lead_subject`, a derived span the derived's), and neither subject named in the other text
    (:func:`named_in`), written in one script."""
    source, derived = alignment.source_document, alignment.derived_document
    ls, ld = language_of(source), language_of(derived)
    if not (rules_for(ls).capitals_mark_names and rules_for(ld).capitals_mark_names):
        return False
    one = lead_subject(source.text, ls)
    other = lead_subject(derived.text, ld) if one is not None else None
    # two subjects in two scripts are one text reprinted in another alphabet (Serbian's Cyrillic and Latin)
    if one is None or other is None or one[0] == other[0] or _script(one[0]) != _script(other[0]):
        return False
    joined = any(_holds(link.source_spans, one[1]) and _holds(link.derived_spans, other[1]) for link in links)
    return joined and not named_in(one[0], derived.text) and not named_in(other[0], source.text)


def _script(word: str) -> str:
    """The script a word's first letter is written in, as Unicode names it ("LATIN", "CYRILLIC")."""
    return unicodedata.name(word[0], "").partition(" ")[0]


def _holds(spans: Sequence[tuple[int, int]], at: int) -> bool:
    return any(start <= at < end for start, end in spans)
