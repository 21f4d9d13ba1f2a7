"""Sentence splitting with character offsets into the article text.

Alignment works on sentences, and every span dedup reports points into ``Document.text``, so the splitter
must return offsets, not re-joined strings. sentencex does the heavy lifting (abbreviations, quotes,
ellipses, ~0.1 ms per article, linear on one huge paragraph); two small post-rules fix what news copy
needs on top of it:

* a paragraph break always ends a sentence, so headlines, photo captions and table rows without a
  final stop do not run into the body: a blank line, or a line indented deeper than the text's least
  indented line (Reuters and other plain-text wires mark a paragraph, and every row of a table, by an
  indent; a line opening with a lower-case letter continues its sentence, as in a hanging indent);
* a split before a lower-case word is undone ("rose 2.5 pct. in trading"), because an abbreviation,
  not a sentence end, put it there;
* a stretch longer than 500 characters is split again with quotes and brackets masked: sentencex does
  not split inside what it takes for a quotation, and one stray quote mark or bracket (web copy, a
  quotation running over several paragraphs) otherwise glues the rest of the paragraph together;
* but in English, a right double quotation mark opening a quotation (”Vi måste”, sa hon.: Swedish, Finnish)
  is read by sentencex as a left one (same length): it left the mark at the end of the sentence before and read the
  quotation as running on past its close;
* "May." before a capital letter ends a sentence: sentencex lists it among month abbreviations, but the
  month is never abbreviated ("rose in May. Imports fell");
* in Italian, a capitalised word or an acronym ("Istat.", "Bce.", "Cgil.", "Usa.") and "ore." and "km."
  before a capital letter end a sentence (:data:`FINAL_ACRONYMS`): sentencex's Italian list holds
  thousands of acronyms, lower-cased, so it never cut after the names of the agencies, unions and
  countries Italian wire copy ends its sentences with; the titles before a name (:data:`NEVER_FINAL`) still
  do not end one ("il Sen. Rossi");
* in German, French, Spanish, Portuguese, Dutch, Polish, Czech, Slovak, Croatian, Bulgarian, Romanian, the
  Scandinavian languages, Turkish, Indonesian, Greek, Hungarian, Finnish, Lithuanian, Russian and Ukrainian, an
  acronym of two capitals or more ("PP.", "PS.", "ING.", "ODS."; not a Roman numeral, "im II. Quartal"),
  "Fed." and a few units ("12 km.", "100 kr.", "5 млрд грн.", "25 млрд. лв.") before a capital letter end a
  sentence (:data:`FINAL_ACRONYMS`): sentencex matches its lists without case, and most of these languages fall
  back to English's, whose "pp" (pages), "ing" and "fed" (federal) kept a party, a bank and the US central bank
  from ending a sentence; so do the language's own pronouns and adverbs that a list holds ("sa hon.", "vet
  det.", "pročitao ga.", "tre anni fa.", "dijo que no.") and "etc.", "enz.", "atd." closing a list;
* in Russian, Bulgarian, Ukrainian and Lithuanian, a year, century or day after a figure ("2024 г.", "XIX ст.",
  "sausio 1 d.") ends a sentence before a capitalised function word ("Затем", "Това", "Потім", "Tai";
  :data:`AFTER_FIGURES`), and not before a name ("В 2024 г. Москва приняла ...");
* in German, a cut between a day written as an ordinal and its month's name ("bis zum 20." and "Dezember, ein
  Viertel reicht."; :data:`MONTHS_AFTER_A_DAY`), which sentencex made where a comma or a full stop followed the
  month, is undone;
* but an agency's sign-off in lower case and its desk codes closing a paragraph ("... teilte das Ministerium mit. dpa
  kr/yyby z2 abc", as dpa, APA, SDA and epd sign) is a segment of its own, not the sentence before continued;
* a cut before an agency's credit in brackets and a dash ("BUDAPEST, november 12. (MTI) — Négy év ...": a
  Hungarian date's day is an ordinal, written with a full stop) is undone, in every language but English;
* a cut after a lower-case abbreviation after a figure, before an acronym that punctuation follows at once ("3,03 proc. BVP.",
  "3 proc. PKB,": percent of GDP) is undone, in every language but English;
* a cut after an abbreviation that always stands before a name or a figure is undone, for the languages
  whose wire copy uses ones sentencex does not know (:data:`NEVER_FINAL`: "TP. Hồ Chí Minh" in
  Vietnamese, "o godz. 15" and "art. 5" in Polish, "ч. 2 ст. 5" in Russian, "Mme. Martin" in French, "Dkt. Asha
  Said" and "Mhe." in Swahili, an
  initial in Russian, Ukrainian and Greek, "Ю. Ушаков"; in the scripts of South Asia, which have no capitals,
  a title or the rupee, "डॉ. सुनीता", "रु. २३ खर्ब", "ડૉ. હિતેશ", "ಡಾ. ಮಂಜುನಾಥ", "රු. බිලියන 98", and in Telugu,
  Kannada, Tamil and Malayalam an initial, one letter and its vowel sign: "కె. చంద్రశేఖర్", "21 செ.மீ.");
* Thai writes no sentence punctuation, nor does Lao, its neighbour and near twin in script and usage: a
  space between two Thai (or two Lao) letters is where a sentence (or a clause) ends, and a stretch of
  either is cut there once the text since the last cut holds :data:`THAI_MIN_CHARS` characters (a shorter
  piece is a surname or an item of a list, not a sentence);
* sentencex reads a text with the digits of other scripts as ASCII ones and the stops it does not know
  (Khmer's ។ and ៕) as full stops (:data:`_FOR_SPLITTING`, same length): it cut "৯.২" (9.2) of Bengali or
  "۷.۲" of Urdu after the point, and never cut Khmer; a cut after Burmese's genitive ၏, which sentencex
  takes for a stop, is undone (a Burmese sentence ends with ။);
* a lower-case letter of Georgian does not continue a sentence: Georgian is written in one case (its
  letters are lower-case to Unicode, its capitals, Mtavruli, are for headings), so every sentence opened with one.

A single newline before a line at the text's least indent is not a break: Reuters bodies are
hard-wrapped at ~70 characters.

sentencex is told the article's language (its abbreviations differ: "Nr." in German, "M." in French);
without one, English. It ends sentences at 。！？, ।, ։, ። and ။, so Chinese, Japanese, Hindi, Armenian,
Amharic and Burmese copy splits too.

The cuts are made in :mod:`dedup.sentence_cuts` (sentencex's and the extra ones) and tested for undoing in
:mod:`dedup.sentence_joins`; this module reads the paragraphs and joins what those say to join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dedup.sentence_cuts import raw_boundaries, strip, thai_cuts
from dedup.sentence_joins import (AGENCY_CREDIT, INITIALS, MONTHS_AFTER_A_DAY, NEVER_FINAL, continues_sentence,
                                  dateline_credit, day_before_month, ends_with, inside_a_domain, lone_acronym,
                                  sign_off)

__all__ = ["Sentence", "split_sentences", "aligned_sentences", "recent_aligned_sentences", "MAX_ALIGNED", "RECENT"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: Indentation at the start of a line: spaces, tabs, and the ideographic space Chinese and Japanese
#: paragraphs open with.
_INDENT_CHARS = " \t\u3000"
_INDENTED_LINE = re.compile(f"\\n([{_INDENT_CHARS}]+)(?=\\S)")
_LINE_INDENT = re.compile(f"^([{_INDENT_CHARS}]*)(?=\\S)", re.MULTILINE)


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == article[start:end]``, trailing whitespace excluded.

    >>> split_sentences("One. Two.")[1]
    Sentence(start=5, end=9, text='Two.')
    """

    start: int
    end: int
    text: str


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with ``[start, end)`` character offsets; ``language`` is an ISO
    639-1 code (None: English rules).

    >>> [s.text for s in split_sentences("The U.S. Army said so.\\nHe left.\\n\\nHeadline")]
    ['The U.S. Army said so.', 'He left.', 'Headline']
    """
    sentences: list[Sentence] = []
    start = 0
    for brk_start, brk_end in _paragraph_breaks(text):
        sentences.extend(_split_paragraph(text, start, brk_start, language))
        start = brk_end
    sentences.extend(_split_paragraph(text, start, len(text), language))
    return sentences


def _paragraph_breaks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph break, in order: blank lines, and line breaks before a line
    indented deeper than the text's least indented line that does not open with a lower-case letter.

    >>> text = "Shr 12 cts vs 10 cts\\n    Net 1.2 mln vs 1.0 mln\\n    Revs 5.1 mln"
    >>> [text[e:] for _, e in _paragraph_breaks(text)]
    ['Net 1.2 mln vs 1.0 mln\\n    Revs 5.1 mln', 'Revs 5.1 mln']
    """
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    indented = list(_INDENTED_LINE.finditer(text)) if "\n" in text else []
    if indented:
        # the least indent is none when the text opens with a word (most wire copy): every line read
        # only for the others
        least = 0 if not text[0].isspace() else min((len(m.group(1)) for m in _LINE_INDENT.finditer(text)), default=0)
        breaks += [(m.start(), m.end()) for m in indented if len(m.group(1)) > least and not text[m.end()].islower()]
        breaks.sort()
    out: list[tuple[int, int]] = []
    for brk in breaks:
        if out and brk[0] < out[-1][1]:  # inside a blank line's break: already cut there
            continue
        out.append(brk)
    return out


def _split_paragraph(text: str, start: int, end: int, language: str | None) -> list[Sentence]:
    """Sentences of ``text[start:end]``, a stretch without paragraph breaks."""
    paragraph = text[start:end]
    if not paragraph.strip():
        return []
    spans: list[list[int]] = []
    never_final = NEVER_FINAL.get(language or "en")
    initials = language in INITIALS
    months = MONTHS_AFTER_A_DAY.get(language or "en")
    for s, e in thai_cuts(paragraph, raw_boundaries(paragraph, language or "en")):
        s, e = strip(paragraph, s, e)
        if s >= e:
            continue
        if spans and (continues_sentence(paragraph, s) or
                      (language not in (None, "en") and (AGENCY_CREDIT.match(paragraph, s) is not None or
                                                          dateline_credit(paragraph, spans[-1], s, e))) or
                      (never_final is not None and ends_with(paragraph, spans[-1], never_final, initials)) or
                      (months is not None and day_before_month(paragraph, spans[-1], s, months)) or
                      (language not in (None, "en") and (lone_acronym(paragraph, spans[-1], s) or
                                                          inside_a_domain(paragraph, spans[-1], s)))):
            spans[-1][1] = e
        else:
            spans.append([s, e])
    if spans and (cut := sign_off(paragraph, *spans[-1])) is not None:
        spans[-1:] = [[spans[-1][0], strip(paragraph, spans[-1][0], cut)[1]], [cut, spans[-1][1]]]
    return [Sentence(start + s, start + e, paragraph[s:e]) for s, e in spans]


#: Sentences of one article the aligner reads: sentence pairs are scored in dense matrices, so two articles
#: of n sentences cost memory with n squared (two of 3,500 sentences: 2.1 GB). News articles have tens
#: or a few hundred; past this the rest of a text is not aligned (its exact scores and passages still
#: cover all of it, up to the reader's MAX_CHARS).
MAX_ALIGNED = 2000


def aligned_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """The sentences of ``text`` the aligner reads: the first :data:`MAX_ALIGNED`."""
    return split_sentences(text, language)[:MAX_ALIGNED]


#: Texts whose aligned sentences :func:`recent_aligned_sentences` keeps: a verification chunk's articles
#: (at most 64 pairs, 128 texts) are split to count their sentences, then again to align the pairs.
RECENT = 256


@lru_cache(maxsize=RECENT)
def recent_aligned_sentences(text: str, language: str | None = None) -> tuple[Sentence, ...]:
    """:func:`aligned_sentences` of ``text`` as a tuple, kept for the last :data:`RECENT` texts: the
    verification stage counts an article's sentences (whether a pair may be reported at all) and then
    aligns the same article, and splitting was the larger part of counting."""
    return tuple(aligned_sentences(text, language))
