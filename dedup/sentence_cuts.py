"""Where a paragraph's sentences are cut (:mod:`dedup.sentences` then undoes the cuts :mod:`dedup.sentence_joins`
finds wrong): sentencex's cuts, read on the paragraph with other scripts' digits and stops as ASCII and split again
with quotes and brackets masked where a stretch runs long, and the cuts sentencex does not make: after "May." in
English, after an acronym or a listed word in the languages of :data:`FINAL_ACRONYMS`, after a year's or a day's
abbreviation before a function word (:data:`AFTER_FIGURES`), after a unit before a capital, at a space between two
Thai or Lao letters. The rules are told, language by language, in :mod:`dedup.sentences`' docstring.
"""

from __future__ import annotations

import bisect
import re

import sentencex

from dedup.language import DIGIT_FOLD
from dedup.sentence_joins import NEVER_FINAL

__all__ = ["FINAL_ACRONYMS", "AFTER_FIGURES", "SENTENCE_OPENERS", "THAI_MIN_CHARS", "raw_boundaries", "thai_cuts", "strip"]


_LONG = 500
_QUOTES_AND_BRACKETS = str.maketrans({c: " " for c in "\"“”«»()[]{}「」『』《》（）"})
_MAY_END = re.compile(r"\bMay\.(?=\s+[\"“‘']?[A-Z])")
#: Per language, words that end sentences though sentencex's list holds them, as a unit ("24 ore.", "12 km.") or
#: as an abbreviation of something else ("fed", federal, of the English list the language falls back to,
#: is the US central bank, "Fed."), and the language's own words that sentencex takes for abbreviations of
#: English's list or of its own: pronouns and adverbs that end a sentence ("sa hon." and "vet det." in Swedish,
#: "nazvao ga." in Croatian, "tre anni fa." in Italian, "dijo que no." in Spanish, "azt mondta, hogy nem." in
#: Hungarian; each a stop word of stopwords-iso's list that sentencex did not cut after before a capital), and
#: "etc.", "enz.", "atd." that close a list at a sentence's end. In every language listed, an acronym too (two capital letters or more,
#: not a Roman numeral: "PP.", "PS.", "ING.", "ODS.") and, in Italian (:data:`_ANY_CAPITALISED`), any
#: capitalised word, before a full stop and a capital letter ends a sentence, unless it is a title of
#: :data:`NEVER_FINAL`: sentencex matches its lists without case, so the pages' "pp" or "ing" of a list kept
#: "PP." and "ING." from ending one. Not English, whose cuts stay sentencex's.
FINAL_ACRONYMS = {
    "it": frozenset("ore km fa mai no ecc".split()),
    "de": frozenset("Fed mich".split()), "fr": frozenset(), "es": frozenset("km kg bien no nos".split()),
    "pt": frozenset(), "nl": frozenset("kg dat al pas vol me etc enz".split()), "pl": frozenset(),
    "cs": frozenset("tu co nám atd".split()), "sk": frozenset("tu nám atď".split()), "hr": frozenset("ga me".split()),
    "ro": frozenset("Fed alta".split()), "sv": frozenset("Fed det hon kan med ut min del".split()),
    "tr": frozenset("Fed sen".split()), "id": frozenset("Fed".split()), "el": frozenset("Fed".split()),
    "hu": frozenset("Fed nem".split()), "fi": frozenset(), "da": frozenset("kr med ned var din".split()),
    "no": frozenset("Fed det kan med ut min me".split()), "ru": frozenset("руб".split()),
    "uk": frozenset("млн млрд км грн".split()), "bg": frozenset("лв".split()), "lt": frozenset(),
}
#: Per language, abbreviations written after a figure (a year, a day, a century) that end a sentence or stand
#: inside one: "в 2024 г. Затем" (год, year) ends one where "В 2024 г. Москва приняла" does not. One ends a
#: sentence when the next word is capitalised and is one of the language's function words
#: (:data:`SENTENCE_OPENERS`): such a word is capitalised only where it opens a sentence; a name after the
#: abbreviation is not told apart and stays in its sentence. Russian's and Bulgarian's year (г.), Ukrainian's
#: year and century (р., ст.: "у XIX ст. Потім"), Lithuanian's year and day (m., d.: "2025 m. sausio 1 d.").
AFTER_FIGURES = {"ru": frozenset({"г"}), "bg": frozenset({"г"}), "uk": frozenset({"ст", "р"}),
                 "lt": frozenset({"m", "d"})}
#: Function words (prepositions, pronouns, conjunctions, adverbs of time) that open sentences and are never a
#: name, for :data:`AFTER_FIGURES` (stopwords-iso's Russian list holds "москва" and "россия", its Ukrainian one
#: neither "у" nor "потім": lists of the languages' own).
SENTENCE_OPENERS = {
    "ru": frozenset("""в во на по с со к о об от до из за при для после перед это этот эта эти он она они оно мы
        вы я его её их затем потом тогда также кроме однако но и а как так что когда если где всего ранее сейчас
        теперь сегодня вчера там здесь уже ещё еще тем""".split()),
    "uk": frozenset("""в у на по з із зі до від за при для після перед це цей ця ці він вона вони воно ми ви я
        його її їх потім тоді також крім однак проте але і й а як так що коли якщо де всього раніше зараз тепер
        сьогодні вчора там тут вже ще""".split()),
    "bg": frozenset("""в във на по с със към от до из за при след преди това този тази тези той тя те то ние вие
        аз тогава също освен но и а как така че когато ако където общо сега днес вчера там тук вече още""".split()),
    "lt": frozenset("""tai jis ji jie jos mes jūs aš kai bet ir o taip pat tačiau dabar šiandien vakar ten čia jau
        dar po prieš nuo iki per į iš su už apie be kaip kad jei""".split()),
}
#: A unit of measure of two letters or more right after a figure ("310 mm", "12 km", "5 kg", "40 ha", "120 l/m²",
#: "2 MW"), a full stop and a word: SI style writes no full stop after a unit, so one there is the sentence's
#: when a capitalised word follows (in every language but English, whose cuts stay sentencex's). sentencex's
#: lists hold most of these as abbreviations: "lên tới 310 mm. Lực lượng" ran two Vietnamese sentences into one,
#: and so did "120 mm." in French, German, Spanish, Portuguese and two dozen other languages.
_UNIT_THEN_STOP = re.compile(r"(?<=\d)\s?(?:mm|cm|km|kg|mg|ml|ha|m²|m³|km²|l/m²|MW|GW|kW|kWh)\.(?=\s+(?:[\"“„'«(]\s?)?(\w))")
_FIGURE_THEN_STOP = re.compile(r"(?:\d|\b[IVXLC]+)\s*([^\W\d_]{1,2})\.\s+[\"“„'«(]?([^\W\d_]+)")
#: Languages whose sentencex list holds acronyms written as words ("cgil", "istat", thousands in Italian's):
#: there every capitalised word before a full stop and a capital letter ends a sentence.
_ANY_CAPITALISED = frozenset({"it"})
_ROMAN_NUMERAL = re.compile("[IVXLCDM]+")
_WORD_BEFORE_STOP = re.compile(r"(?<![\w.])([^\W\d_]{2,})\.(?=\s+[\"“‘'«(„”»]?([^\W\d_]))")
#: A right double quotation mark after a space (or at the start) and before a letter opens a quotation, as
#: Swedish and Finnish write them (”Vi måste”, sa hon.): sentencex, which takes it for a closing mark, left it at
#: the end of the sentence before and read the quotation as running on past its close.
_OPENING_RIGHT_QUOTE = re.compile(r"(?:(?<=\s)|^)”(?=\w)")
#: Thai text since the last cut before a space between Thai letters ends a sentence: about ten words
#: (a Thai word averages four characters, :data:`dedup.language.DENSE_CHARS_PER_WORD`).
THAI_MIN_CHARS = 40
#: Thai letters and signs, and Lao's (its consonants, vowels and tone marks, not its digits).
_THAI_LETTER = "\u0e01-\u0e4e\u0e81-\u0ecd\u0edc-\u0edf"
_THAI_SPACE = re.compile(f"(?<=[{_THAI_LETTER}])[ \t\u00a0]+(?=[{_THAI_LETTER}])")
#: What sentencex reads instead of the text (one character for one): the decimal digits of every script
#: as ASCII (a point between them is no stop), and the stops of scripts it does not split at as ".".
_FOR_SPLITTING = {**DIGIT_FOLD, 0x17D4: ".", 0x17D5: ".", 0x0F0D: ".", 0x0F0E: "."}
_NEEDS_FOLDING = re.compile("[" + "".join(chr(c) for c in sorted(_FOR_SPLITTING)) + "]")
#: Marks sentencex ends a sentence at that end none: Burmese's genitive ၏ ("ဘဏ်များ၏ ချေးငွေ", the banks' loans).
_NOT_STOPS = "\u104f"


def raw_boundaries(paragraph: str, language: str) -> list[tuple[int, int]]:
    """sentencex's boundaries, with the extra cuts after "May." in English and after acronyms in the languages
    of :data:`FINAL_ACRONYMS` (see module docstring)."""
    cuts = [m.end() for m in _MAY_END.finditer(paragraph)] if language == "en" and "May." in paragraph else []
    if language in FINAL_ACRONYMS and "." in paragraph:
        cuts = _acronym_cuts(paragraph, FINAL_ACRONYMS[language], NEVER_FINAL.get(language, frozenset()),
                             language in _ANY_CAPITALISED)
    if language in AFTER_FIGURES and "." in paragraph:
        cuts = sorted({*cuts, *_figure_cuts(paragraph, AFTER_FIGURES[language], SENTENCE_OPENERS[language])})
    if language != "en" and "." in paragraph:
        cuts = sorted({*cuts, *(m.end() for m in _UNIT_THEN_STOP.finditer(paragraph) if m.group(1)[0].isupper())})
    if not cuts:
        return _sentencex(paragraph, language)
    bounds: list[tuple[int, int]] = []
    for start, end in _sentencex(paragraph, language):
        # bisect keeps this linear on one huge paragraph with many cuts
        for cut in cuts[bisect.bisect_right(cuts, start) : bisect.bisect_left(cuts, end)]:
            bounds.append((start, cut))
            start = cut
        bounds.append((start, end))
    return bounds


def _acronym_cuts(paragraph: str, words: frozenset[str], titles: frozenset[str],
                  any_capitalised: bool = False) -> list[int]:
    """Offsets just after the full stop of an acronym (any capitalised word when ``any_capitalised``) or one
    of ``words`` followed by a capital letter, the ``titles`` left out (:data:`FINAL_ACRONYMS`).

    >>> _acronym_cuts("Lo dice l'Istat. Il Sen. Rossi tace per 24 ore. Poi parla.", frozenset({"ore"}),
    ...               frozenset({"Sen"}), any_capitalised=True)
    [16, 47]
    >>> _acronym_cuts("Lo dijo el PP. Im II. Quartal. Sr. Ruiz.", frozenset(), frozenset({"Sr"}))
    [14]
    """
    return [m.end() for m in _WORD_BEFORE_STOP.finditer(paragraph)
            if m.group(2).isupper() and m.group(1) not in titles
            and (m.group(1) in words or (m.group(1)[0].isupper() if any_capitalised else
                                         m.group(1).isupper() and not _ROMAN_NUMERAL.fullmatch(m.group(1))))]


def _figure_cuts(paragraph: str, abbreviations: frozenset[str], openers: frozenset[str]) -> list[int]:
    """Offsets just after the full stop of one of ``abbreviations`` written after a figure or a Roman numeral
    and followed by a capitalised word of ``openers`` (:data:`AFTER_FIGURES`).

    >>> _figure_cuts("В 2024 г. Москва приняла закон, в 2025 г. Затем", frozenset({"г"}), frozenset({"затем"}))
    [41]
    """
    return [m.end(1) + 1 for m in _FIGURE_THEN_STOP.finditer(paragraph)
            if m.group(1) in abbreviations and m.group(2)[0].isupper() and m.group(2).lower() in openers]


def thai_cuts(paragraph: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``bounds`` with each stretch holding Thai cut again at the spaces between Thai letters that follow
    at least :data:`THAI_MIN_CHARS` characters since the last cut (see the module docstring)."""
    if paragraph.isascii() or _THAI_SPACE.search(paragraph) is None:
        return bounds
    out: list[tuple[int, int]] = []
    for start, end in bounds:
        for space in _THAI_SPACE.finditer(paragraph, start, end):
            if space.start() - start >= THAI_MIN_CHARS:
                out.append((start, space.start()))
                start = space.end()
        out.append((start, end))
    return out


def _sentencex(paragraph: str, language: str) -> list[tuple[int, int]]:
    """sentencex's spans, read on the paragraph with other scripts' digits and stops as ASCII
    (:data:`_FOR_SPLITTING`); over-long ones split again with quotes and brackets masked (same length)."""
    if not paragraph.isascii() and _NEEDS_FOLDING.search(paragraph):
        paragraph = paragraph.translate(_FOR_SPLITTING)
    if language != "en" and "”" in paragraph:  # English's cuts stay sentencex's
        paragraph = _OPENING_RIGHT_QUOTE.sub("“", paragraph)
    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(language, paragraph):
        start, end = boundary["start_index"], boundary["end_index"]
        if spans and paragraph[strip(paragraph, *spans[-1])[1] - 1] in _NOT_STOPS:
            start = spans.pop()[0]
        if end - start <= _LONG:
            spans.append((start, end))
            continue
        masked = paragraph[start:end].translate(_QUOTES_AND_BRACKETS)
        again = sentencex.get_sentence_boundaries(language, masked)
        spans.extend((start + b["start_index"], start + b["end_index"]) for b in again)
    return spans


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
