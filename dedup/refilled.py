"""A form filled in again: the sentences of a text that hold numbers, and links refilled with other figures.

Wire copy is full of forms (market operations, price fixings, tenders, court lists, results) sent again
on another day with their figures or names filled in anew and the rest kept word for word: the same
wording is no copy then. Read here: a text's sentences with numbers by their wording
(:func:`slot_sentences`, the compiled kernel's for ASCII text) and the share two texts refill
(``form_slots_share``); the linked sentences whose figures (or names, :mod:`dedup.renamed`) each side
holds apart, and the sentences left unlinked that are alike but for their figures
(``links_refilled``, :func:`refilled_links`), a date's day left out (a sentence's words and figures read by
:mod:`dedup.sentence_slots`); the same unlinked sentences (:func:`refilled_unlinked`; the sentences links leave out,
:func:`left_out`) for :mod:`dedup.forms`. Pure functions over the texts and their alignment, for
:mod:`dedup.features`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Sequence

from dedup import kernels
from dedup.figure_sets import link_figures
from dedup.figures import approximate_values, writes_decimal_comma
from dedup.hedged import hedged_figures, rounds_to, unhedged_apart
from dedup.language import language_of
from dedup.renamed import capitalised_pair, names_within, slot_refilled
from dedup.sentence_slots import GLUED, alike_but_figures, glued, with_figures


#: A sentence: up to an end mark followed by a space, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
#: :data:`_SENTENCE_END` tried only where a space is (the same cuts, the tests compare them): its
#: look-behind was tried at every character of a text.
_SENTENCE_END_FAST = re.compile(r"(?=\s)(?:(?<=[.!?])\s+|\n+)")
#: A number as a form's slot holds it: "6-3/8", "98.734", "12:45", "4".
_SLOT = re.compile(r"\d[\d.,:/-]*")
#: What opens a :data:`_SLOT`.
_DIGIT = re.compile(r"\d")
#: A sentence's end in those scripts: after a full-width stop, question or exclamation mark.
_GLUED_END = re.compile(r"(?<=[\u3002\uff01\uff1f])")


@lru_cache(maxsize=4096)
def slot_sentences(text: str) -> dict[str, frozenset[str]]:
    """The sentences of a text that hold a number and four words or more, by their wording with every
    number written ``#`` (lower case, single spaces): a form's sentence keeps its key from day to day.
    An ASCII text's by the compiled kernel (``slot_sentences``), else by the patterns."""
    compiled = kernels.KERNELS
    found = compiled.slot_sentences(text) if compiled is not None else None
    return _slot_sentences_py(text) if found is None else found


def _slot_sentences_py(text: str) -> dict[str, frozenset[str]]:
    """:func:`slot_sentences` by the patterns: the reference, and the way for every text not ASCII. In a
    text of kana, Han or Hangul (:data:`dedup.sentence_slots.GLUED`) a sentence also ends at a full-width stop with no space
    after it, and half its dense characters count as words (about 1.5 characters a Chinese or Japanese
    word, and a Korean word is two or three syllables): else a Chinese form held one "sentence" a line."""
    out: dict[str, set[str]] = {}
    if not _DIGIT.search(text):
        return {}
    dense = glued(text)
    for part in _SENTENCE_END_FAST.split(text):
        for sentence in _GLUED_END.split(part) if dense else (part,):
            if not _DIGIT.search(sentence):  # no number: splitting its words would find none
                continue
            words = sentence.split()
            raw = " ".join(words)
            size = len(words) + (len(GLUED.findall(raw)) // 2 if dense else 0)
            if size >= 4 and _SLOT.search(raw):
                out.setdefault(_SLOT.sub("#", raw.lower()), set()).add(raw)
    return {key: frozenset(raws) for key, raws in out.items()}


def _form_slots(text_a: str, text_b: str) -> float:
    """The share of the sentences with numbers (of the text with fewer, two at least) that the other text
    holds word for word with other numbers in them: a form filled in again on another day (a market
    operation, a price fixing: its sentences of figures filled in anew), where a copy keeps its figures
    (0) and a correction changes one sentence of several. A sentence both hold as it is (a form's fixed
    text, or what an update kept) counts in the base only, so that an update refilling two sentences of
    six reads as a third, a form refilling all but its fixed text as most. The figures of the whole text
    cannot say this: a form's fixed text, shared word for word, reads as a passage copied."""
    return refilled_share(slot_sentences(text_a), slot_sentences(text_b))


def refilled_share(sa: dict[str, frozenset[str]], sb: dict[str, frozenset[str]]) -> float:
    """:func:`_form_slots` of the two texts' sentences with numbers (:func:`slot_sentences`)."""
    fewer = min(len(sa), len(sb))
    if fewer < 2:
        return 0.0
    refilled = sum(1 for key in sa.keys() & sb.keys() if not sa[key] & sb[key])
    return refilled / fewer


def refilled_links(alignment: Any, links: Sequence[Any]) -> float:
    """The share of the worded links, of those whose sentences hold figures on both sides, where each side
    holds a figure the other lacks, or of those whose sentences hold two capitalised words in a row on
    both sides (:func:`~dedup.renamed.capitalised_pair`), where each side holds a name the other text lacks in the same
    place (:func:`~dedup.renamed.slot_refilled`), whichever is higher: a form filled in again on another day links
    sentence by sentence with every figure changed (a market operation's amounts, a fixing's prices, the
    dateline's day) or every name (a court's defendants, a round's teams, a list's winners), where a copy
    or a rewrite keeps its figures, adds one (both sides' figures, one inside the other) or drops one, and
    a correction changes one sentence of several. The two shares are read apart, so that a figures'
    form's sentences of names kept (its issuer, its dealers) do not thin its share. A name counts as
    lacking only when the other text holds it nowhere, in no form (:func:`~dedup.renamed._new_names`): a rewrite that
    moves a name to another sentence, writes "the Fed" for "the Federal Reserve" or "ECB" for "European
    Central Bank", or adds a spokesman's name on one side only, refills nothing. Unlike
    ``form_slots_share``, which needs a form's sentences word for word, it reads linked sentences however
    they were reworded. A form's sentences whose figures all changed are often not linked at all (their
    figures conflict): the pairs of sentences left unlinked that are alike in wording but for figures
    that differ (:func:`_refilled_unlinked`) count as sentences refilled, so that the fixed sentences a
    form keeps with their figures (a phone number, the hour of the next update) do not read it as a copy."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    lang_s, lang_d = language_of(alignment.source_document), language_of(alignment.derived_document)
    comma_s, comma_d = writes_decimal_comma(lang_s), writes_decimal_comma(lang_d)
    holding = refilled = named = renamed = 0
    for link in links:
        fs = _held(source, link.source_spans, comma_s)
        if fs:
            fd = _held(derived, link.derived_spans, comma_d)
            if fd:
                holding += 1
                refilled += _figures_refilled(source, derived, link, fs, fd, (comma_s, comma_d), (lang_s, lang_d))
        if capitalised_pair(source, link.source_spans) and capitalised_pair(derived, link.derived_spans):
            named += 1
            if (capitalised_pair(source, link.source_spans, derived)
                    and capitalised_pair(derived, link.derived_spans, source)):
                ns, nd = _names(source, link.source_spans), _names(derived, link.derived_spans)
                renamed += bool(ns) and bool(nd) and ns.keys() != nd.keys() and slot_refilled(ns, nd, source, derived)
    alike = _refilled_unlinked(alignment, links, comma_s, comma_d)
    holding, refilled = holding + alike, refilled + alike
    return max(refilled / holding if holding else 0.0, renamed / named if named else 0.0)


def _figures_refilled(source: str, derived: str, link: Any, fs: frozenset[str], fd: frozenset[str],
                      commas: tuple[bool, bool], languages: tuple[str | None, str | None]) -> bool:
    """Whether each side of a link holds a figure the other lacks, neither a rounding of the other's
    (:func:`_unrounded`) nor said roughly where the other says it exactly (:func:`dedup.hedged.unhedged_apart`:
    "nearly three billion dollars" for $2.94 billion, "about twelve per cent" for 12.4 per cent; outside English
    the language's own words, "gairebé 4.800" for 4.812, "झन्डै रु ६ खर्ब ४२ अर्ब" for 642.3 arab: :func:`_rough`).
    A figure hedged on both sides, as a form keeps its hedge from day to day, stays apart."""
    apart_s, apart_d = _unrounded(fs - fd, fd), _unrounded(fd - fs, fs)
    if apart_s and apart_d:
        hs = hedged_figures(source, link.source_spans, commas[0]) | _rough(source, link.source_spans, languages[0])
        hd = hedged_figures(derived, link.derived_spans, commas[1]) | _rough(derived, link.derived_spans, languages[1])
        apart_s, apart_d = unhedged_apart(apart_s, hs, fd, hd), unhedged_apart(apart_d, hd, fs, hs)
    if not (apart_s and apart_d):
        return False
    return (_each_apart(source, link.source_spans, apart_s, commas[0])
            and _each_apart(derived, link.derived_spans, apart_d, commas[1]))


def _each_apart(text: str, spans: Sequence[tuple[int, int]], apart: frozenset[str], comma: bool) -> bool:
    """Whether each statement of one side of a link (:func:`_statements`: its sentences, a line cut inside one
    read with the rest) that holds figures holds one of ``apart``, the side's figures the other side lacks: a
    form filled in again changes every statement it joins, where a rewrite that joins two statements in one link
    keeps the figures of one ("23 of its 61 shops" for "23 stores", with sales that "fell 11.4 per cent" joined to
    it) and brings the other's fact along. A side of one statement is read whole, as before."""
    statements = _statements(text, spans)
    if len(statements) < 2:
        return True
    return all(not held or held & apart for held in (_held(text, group, comma) for group in statements))


#: A sentence's end as written: a stop, a question or an exclamation mark, a closing quotation mark or bracket after it.
_ENDED = re.compile(r"[.!?][\"'”’)]*\s*$")


def _statements(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[tuple[int, int], ...]]:
    """``spans`` (one side of a link) grouped into statements: a span that does not end as a sentence does (a
    dateline's line cut before its sentence goes on: "WASHINGTON, March 24 - The Commodity Credit Corporation")
    is one statement with the span after it."""
    out: list[tuple[tuple[int, int], ...]] = []
    group: list[tuple[int, int]] = []
    for start, end in spans:
        group.append((start, end))
        if _ENDED.search(text, start, end):
            out.append(tuple(group))
            group = []
    if group:
        out.append(tuple(group))
    return out


#: A figure's value as :func:`~dedup.figure_sets.link_figures` writes it; a sentence's slots may hold other strings
#: ("315.443.5711", a telephone number), which are no rounding of anything.
_VALUE = re.compile(r"\d+(?:\.\d+)?")


def _rough(text: str, spans: Sequence[tuple[int, int]], language: str | None) -> frozenset[str]:
    """The figures one side of a link says are approximate ("gairebé 4.800", "झन्डै रु ६ खर्ब ४२ अर्ब":
    :func:`dedup.figures.approximate_values`), in ``language``, the one its article is read in."""
    return _rough_kept(text, tuple(map(tuple, spans)), language)


@lru_cache(maxsize=8192)  # as SIDES_KEPT
def _rough_kept(text: str, spans: tuple[tuple[int, int], ...], language: str | None) -> frozenset[str]:
    return frozenset().union(*(approximate_values(text[start:end], language) for start, end in spans))


def _unrounded(figures: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """Those of ``figures`` that are no rounding of a figure of ``other``, nor rounded to one: a rewrite restates
    "22,417" as "over 22,000" and "23 milyar 412 milyon" as "23,4 milyar", a figure of a hundred or more written
    to fewer significant digits (:func:`rounded_alike`); a form filled in again changes its figures' digits.

    >>> sorted(_unrounded(frozenset({"22000", "4.2"}), frozenset({"22417", "4"})))
    ['4.2']
    """
    return frozenset(f for f in figures if not any(rounded_alike(f, g) for g in other))


def rounded_alike(a: str, b: str) -> bool:
    """Whether one of the figures ``a`` and ``b`` (values as :func:`~dedup.figure_sets.link_figures` writes them) is
    the other rounded, said without a word that says so: a whole number ending in two zeros or more, written with two
    significant digits fewer than the other or more, a figure of a hundred or more, which rounds to it
    (:func:`dedup.hedged.rounds_to`, the one rounding rule: "22000" and "22417", "800000" and "791412", "23400000000"
    and "23412000000"): a desk restating a figure. A form filled in again the next day changes a figure's digits
    ("450 mln" and "400 mln", "1,450" and "1,400": one digit fewer), and stays apart; a figure said to be approximate
    needs only fewer digits (:func:`dedup.hedged.approximates`).

    >>> rounded_alike("22000", "22417"), rounded_alike("800000", "791412"), rounded_alike("400", "450"), rounded_alike("1400", "1450")
    (True, True, False, False)
    """
    for rough, fine in ((a, b), (b, a)):
        if not rough.isdigit() or not rough.endswith("00") or rough == fine or not _VALUE.fullmatch(fine):
            continue
        kept = fine.replace(".", "").strip("0") if "." in fine else fine.rstrip("0")  # digits written, a lead 0 too
        if len(kept) >= len(rough.rstrip("0")) + 2 and float(fine) >= 100 and rounds_to(rough, fine):
            return True
    return False


def refilled_unlinked(alignment: Any, links: Sequence[Any], rest: tuple[list[Any], list[Any]] | None = None) -> int:
    """:func:`_refilled_unlinked` of ``alignment`` left unlinked by the worded ``links``, each text's decimal mark
    read from its language: the sentences of a form filled in again that the aligner left apart for their
    figures, as :func:`refilled_links` counts them (two such pairs at least, else 0). ``rest``: :func:`left_out` of
    ``alignment`` and ``links``, when read already."""
    comma_s = writes_decimal_comma(language_of(alignment.source_document))
    comma_d = writes_decimal_comma(language_of(alignment.derived_document))
    return _refilled_unlinked(alignment, links, comma_s, comma_d, rest)


def _linked(links: Sequence[Any]) -> tuple[frozenset[int], frozenset[int]]:
    """The sentences ``links`` hold in each text."""
    return (frozenset(i for lk in links for i in lk.source_sentences),
            frozenset(i for lk in links for i in lk.derived_sentences))


def left_out(alignment: Any, links: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """The sentences ``links`` leave out of each text, ``(source's, derived's)``: only those inside the regions the
    alignment was limited to, where it was (the rest were never compared). Read once for the tests of
    :func:`_refilled_unlinked` (their figures) and of :func:`dedup.forms.dated_again` (their months)."""
    regions = getattr(alignment, "regions", ())
    linked_s, linked_d = _linked(links)
    return (_outside(alignment.source_sentences, linked_s, [s for s, _ in regions]),
            _outside(alignment.derived_sentences, linked_d, [d for _, d in regions]))


def _outside(sentences: Sequence[Any], linked: frozenset[int], regions: Sequence[tuple[int, int]]) -> list[Any]:
    return [s for i, s in enumerate(sentences) if i not in linked
            and (not regions or any(start < s.end and s.start < end for start, end in regions))]


def _refilled_unlinked(alignment: Any, links: Sequence[Any], comma_s: bool, comma_d: bool,
                       rest: tuple[list[Any], list[Any]] | None = None) -> int:
    """How many sentences left unlinked by the worded ``links`` (:func:`left_out`, or ``rest`` when read already)
    pair one to one with a sentence of the other text alike in wording but for their figures
    (:func:`dedup.sentence_slots.alike_but_figures`), each side holding a figure the other lacks: a form's sentence filled in again
    ("restored to 182,000 customers" and "to 221,000 customers"), which the aligner leaves unlinked for its
    conflicting figures. A copy keeps its figures and links; a rewrite that restates them rewords its sentences,
    which then are not alike. One such pair alone counts for nothing: a correction or an update changes one
    sentence of several."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    left_s, left_d = left_out(alignment, links) if rest is None else rest
    rest_s = with_figures(source, left_s, comma_s)
    if not rest_s:
        return 0
    rest_d = with_figures(derived, left_d, comma_d)
    found = 0
    for words_s, figures_s in rest_s:
        for j, (words_d, figures_d) in enumerate(rest_d):
            if (_unrounded(figures_s - figures_d, figures_d) and _unrounded(figures_d - figures_s, figures_s)
                    and alike_but_figures(words_s, words_d)):
                found += 1
                del rest_d[j]
                break
    return found if found >= 2 else 0


#: Links' sides whose figures (:func:`_held`) and names (:func:`_names`) are kept.
SIDES_KEPT = 8192


def _held(text: str, spans: Sequence[tuple[int, int]], comma: bool) -> frozenset[str]:
    """:func:`~dedup.figure_sets.link_figures` of one side of a link, kept by its spans (a check links the
    new article's sentences with each look-alike's, a stored form's with each check's)."""
    return _held_kept(text, tuple(map(tuple, spans)), comma)


@lru_cache(maxsize=SIDES_KEPT)
def _held_kept(text: str, spans: tuple[tuple[int, int], ...], comma: bool) -> frozenset[str]:
    return frozenset(link_figures(text, spans, comma))


def _names(text: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[str, ...], frozenset[tuple[str, str]]]:
    """:func:`~dedup.renamed.names_within` of one side of a link, kept by its spans as :func:`_held` is (read
    only: the places of each name a frozenset)."""
    return _names_kept(text, tuple(map(tuple, spans)))


@lru_cache(maxsize=SIDES_KEPT)
def _names_kept(text: str, spans: tuple[tuple[int, int], ...]) -> dict[tuple[str, ...], frozenset[tuple[str, str]]]:
    return {run: frozenset(places) for run, places in names_within(text, spans).items()}
