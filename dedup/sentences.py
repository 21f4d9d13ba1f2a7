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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import sentencex

from dedup.language import DIGIT_FOLD

__all__ = ["Sentence", "split_sentences", "aligned_sentences", "recent_aligned_sentences", "MAX_ALIGNED", "RECENT"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: Indentation at the start of a line: spaces, tabs, and the ideographic space Chinese and Japanese
#: paragraphs open with.
_INDENT_CHARS = " \t\u3000"
_INDENTED_LINE = re.compile(f"\\n([{_INDENT_CHARS}]+)(?=\\S)")
_LINE_INDENT = re.compile(f"^([{_INDENT_CHARS}]*)(?=\\S)", re.MULTILINE)
# Opening quotes and brackets that may precede the first letter of a sentence.
_LEADING_PUNCT = "\"'“‘«([ \t\n"
_LONG = 500
_QUOTES_AND_BRACKETS = str.maketrans({c: " " for c in "\"“”«»()[]{}「」『』《》（）"})
_MAY_END = re.compile(r"\bMay\.(?=\s+[\"“‘']?[A-Z])")
#: An agency's credit in brackets and a dash after a dateline ("BUDAPEST, november 12. (MTI) —"): no sentence
#: opens with one, but Hungarian writes a date's day with a full stop (an ordinal), so sentencex cut the dateline
#: off before the credit.
_AGENCY_CREDIT = re.compile(r"\((?=[^\W\d_]{2,}[^\w)]?[^\W\d_]*\))[A-ZÀ-ÞĀ-Ž]+[^\w)]?\w*\)\s*[—–-]")
#: A dateline's agency credit between slashes, as TASS and BelTA write it ("МОСКВА, 5 декабря. /ТАСС/. Текст"),
#: or in brackets closed by a full stop before a dash, as EFE writes it ("MADRID, 5 Dic. (EFE).- Texto"): sentencex
#: cut at the date's full stop and at the credit's, so that the dateline stood as a sentence of its own (which
#: links two reports of one day from one city) and the lead opened with a dash. :func:`_dateline_credit`.
_SLASHED_CREDIT = re.compile(r"/[^\W\d_][^\W\d_]*(?:[ -][^\W\d_]+)?/\.?")
_BRACKETED_CREDIT_STOP = re.compile(r"\([^\W\d_]{2,}(?:[ -][^\W\d_]+)?\)\.$")
_DASH = re.compile(r"[—–-]")
#: The most words a dateline holds before its credit ("SAN SEBASTIÁN DE LOS REYES, 5 Dic."), and its first
#: word: a place in capitals, as the agencies write it.
_DATELINE_WORDS = 8
_PLACE_IN_CAPITALS = re.compile(r"[^\W\d_a-zа-яà-ÿ]{2,}[,.]?$")
#: Per language, abbreviations written before a name, a place or a figure and never at a sentence's end
#: (titles, "city", "street", "hour"), which sentencex cuts after: a cut after one is undone.
NEVER_FINAL = {
    "vi": frozenset("TP Tp TT Q P GS PGS TS ThS BS KS Th.S ông bà".split()),
    "pl": frozenset("godz ul al pl prof dr hab inż mgr gen płk mjr ks św im nr tzw art ust ok przew prem wiceprem "
                    "pos bp abp kard".split()),
    # and in Russian and Ukrainian a capital letter, an initial ("заявил Ю. Ушаков"), as in Greek below
    "uk": frozenset("вул м с смт пров просп ім проф д-р ген".split()) | frozenset("АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ"),
    "ru": frozenset("ст ч п им св ген корп".split()) | frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"),
    "de": frozenset("Gebr Bgm".split()),
    "tr": frozenset("Dr Prof Doç Av Yrd Gen Alb Org Sn Bşk Cad Sok Mah".split()),
    "id": frozenset("Dr Prof Ir Jl H Hj Drs KH Sdr Bpk Ny Tn Kol Jend Brigjen Letjen Mayjen".split()),
    "pt": frozenset("Sr Sra Dr Dra Av Prof Eng Gen Cel R Exmo Exma Sto Sta Des Dep Pe".split()),
    # and the first halves of Spanish plural abbreviations, a letter doubled ("EE. UU.", "CC. OO.", "FF. AA.",
    # "JJ. OO.", "RR. HH.", "SS. MM."): an acronym before a capital, they would end a sentence in the middle
    "es": frozenset("Dña Excmo Excma Ilmo Ilma Pdte EE CC FF JJ RR SS".split()),
    "fr": frozenset("MM Mme Mmes Mlle Dr Pr Me Mgr Gén gén Col Cdt Lt".split()),
    "nl": frozenset("dhr mevr mw ds".split()),
    "cs": frozenset("plk pplk mjr genmjr".split()),
    "ro": frozenset("dl dna dlui dnei str bd ec av pr".split()),
    "hu": frozenset("ifj özv ny ún kb ld".split()),
    "fi": frozenset("tri ns ks nro puh os".split()),
    "sv": frozenset("t.ex dvs kl".split()),
    "da": frozenset("bl.a f.eks kl".split()),
    "no": frozenset("f.eks kl".split()),
    "it": frozenset("On Sig Sigg Dott Prof Avv Ing Gen Sen Mons Geom Rag Arch Magg Col Ten Dr Egr Gent Spett Cav "
                    "Comm Rev sen on sig dott prof avv ing".split()),
    # a capital letter is an initial ("ο Γ. Παπανδρέου"), which sentencex's Greek rules cut after
    "el": frozenset("κ Δρ καθ Αγ αρ οδ υπ".split()) | frozenset("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"),
    # South Asian scripts have no capitals, so sentencex cut after every title and currency it does not list:
    # doctor, professor, Shri and Smt., Kumari, and the rupee ("डॉ. सुनीता", "डा. रामप्रसाद", "रु. २३ खर्ब",
    # "ડૉ. હિતેશ", "ਡਾ. ਗੁਰਪ੍ਰੀਤ", "డా. శ్రీనివాస్", "ಡಾ. ಮಂಜುನಾಥ", "රු. බිලියන 98"): written before a name or a
    # figure (the rupee after one too, "३,७२५ कोटी रु. देण्यात"), never at a sentence's end
    "hi": frozenset("डॉ डा प्रो श्री श्रीमती सुश्री कु रु रू".split()),
    "mr": frozenset("डॉ डॉं प्रा प्रो श्री सौ कु रु रू".split()),
    "ne": frozenset("डा डॉ प्रा प्रो श्री श्रीमती सुश्री रु रू".split()),
    "bn": frozenset("ড ডা প্রো শ্রী শ্রীমতী মো".split()),
    "gu": frozenset("ડૉ ડો પ્રો પ્રા શ્રી શ્રીમતી રૂ".split()),
    "pa": frozenset("ਡਾ ਪ੍ਰੋ ਸ੍ਰੀ ਸ਼੍ਰੀ ਸ੍ਰੀਮਤੀ ਰੁ".split()),
    "te": frozenset("డా ప్రొ ప్రొఫె శ్రీ శ్రీమతి రూ".split()),
    "kn": frozenset("ಡಾ ಪ್ರೊ ಶ್ರೀ ಶ್ರೀಮತಿ ರೂ".split()),
    "ml": frozenset("ഡോ പ്രൊ പ്രഫ ശ്രീ ശ്രീമതി രൂ".split()),
    "ta": frozenset("டாக்டர் டா பேரா திரு திருமதி ரூ".split()),
    "si": frozenset({"රු"}),
    # Swahili's titles before a name: doctor, the Honourable, Mr, Mrs and Ms, professor, pastor, teacher,
    # general ("Dkt. Asha Said", "Mhe. Waziri", "Bw. Ali na Bi. Mwanaidi"), and the shilling before a figure
    "sw": frozenset("Dkt Dk Mhe Mh Bw Bi Prof Mch Mwl Jen Sh".split()),
}
#: Languages whose names carry initials of one letter of an abugida and its vowel sign ("కె. చంద్రశేఖర్",
#: "ಬಿ. ಎಸ್. ಯಡಿಯೂರಪ್ಪ", "எம். கே. ஸ்டாலின்", "കെ. രാധാകൃഷ്ണൻ"), which sentencex cuts after: a cut after a word of
#: one letter (and its signs) is undone. Not where a word of one letter ends sentences ("છે." in Gujarati).
INITIALS = frozenset({"te", "kn", "ta", "ml"})
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
#: An acronym that a comma, a full stop or a colon follows at once: the end of a phrase ("3 proc. BVP."), never
#: the subject a sentence opens with.
_ACRONYM_THEN_STOP = re.compile(r"[^\W\d_]{2,}(?=[.,;:])")
#: A figure and the space after it, ending the text searched: what stands before a unit's abbreviation.
_FIGURE_BEFORE = re.compile(r"\d\s*$")
#: A right double quotation mark after a space (or at the start) and before a letter opens a quotation, as
#: Swedish and Finnish write them (”Vi måste”, sa hon.): sentencex, which takes it for a closing mark, left it at
#: the end of the sentence before and read the quotation as running on past its close.
_OPENING_RIGHT_QUOTE = re.compile(r"(?:(?<=\s)|^)”(?=\w)")
#: A letter, or a combining mark or joiner written inside a word of an abugida (a vowel sign, a virama:
#: "डॉ", "ක්\u200dරි"), which ``\\w`` leaves out.
_LETTER = "(?:[^\\W\\d_]|[\u0900-\u0dff\u200c\u200d])"
_ABBREVIATION_END = re.compile(f"(?<![^\\s(])({_LETTER}(?:{_LETTER}|[-.](?={_LETTER}))*)\\.\\s*$")
#: One letter of an abugida and its signs (an initial, :data:`INITIALS`).
_ONE_AKSHARA = re.compile("[\u0900-\u0dff][\u0900-\u0903\u093a-\u094f\u0955-\u0957\u0962\u0963"
                          "\u0981-\u0983\u09bc-\u09d7\u0a01-\u0a03\u0a3c-\u0a51\u0a81-\u0a83\u0abc-\u0acd"
                          "\u0b01-\u0b03\u0b3c-\u0b57\u0b82\u0bbe-\u0bd7\u0c00-\u0c04\u0c3c-\u0c56"
                          "\u0c81-\u0c83\u0cbc-\u0cd6\u0d00-\u0d03\u0d3b-\u0d57\u0d81-\u0d83\u0dca-\u0df3]*")
#: Thai text since the last cut before a space between Thai letters ends a sentence: about ten words
#: (a Thai word averages four characters, :data:`dedup.language.DENSE_CHARS_PER_WORD`).
THAI_MIN_CHARS = 40
#: Thai letters and signs, and Lao's (its consonants, vowels and tone marks, not its digits).
_THAI_LETTER = "\u0e01-\u0e4e\u0e81-\u0ecd\u0edc-\u0edf"
_THAI_SPACE = re.compile(f"(?<=[{_THAI_LETTER}])[ \t\u00a0]+(?=[{_THAI_LETTER}])")
#: What sentencex reads instead of the text (one character for one): the decimal digits of every script
#: as ASCII (a point between them is no stop), and the stops of scripts it does not split at as ".".
_FOR_SPLITTING = {**DIGIT_FOLD, 0x17D4: ".", 0x17D5: "."}
_NEEDS_FOLDING = re.compile("[" + "".join(chr(c) for c in sorted(_FOR_SPLITTING)) + "]")
#: Marks sentencex ends a sentence at that end none: Burmese's genitive ၏ ("ဘဏ်များ၏ ချေးငွေ", the banks' loans).
_NOT_STOPS = "\u104f"
#: Letters that are lower-case to Unicode in a script written in one case (Georgian's Mkhedruli): they open
#: sentences, and never continue one as a lower-case letter does after an abbreviation's full stop.
_ONE_CASE = re.compile("[\u10d0-\u10ff]")


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
    for s, e in _thai_cuts(paragraph, _raw_boundaries(paragraph, language or "en")):
        s, e = _strip(paragraph, s, e)
        if s >= e:
            continue
        if spans and (_continues_sentence(paragraph, s) or
                      (language not in (None, "en") and (_AGENCY_CREDIT.match(paragraph, s) is not None or
                                                          _dateline_credit(paragraph, spans[-1], s, e))) or
                      (never_final is not None and _ends_with(paragraph, spans[-1], never_final, initials)) or
                      (language not in (None, "en") and (_lone_acronym(paragraph, spans[-1], s) or
                                                          _inside_a_domain(paragraph, spans[-1], s)))):
            spans[-1][1] = e
        else:
            spans.append([s, e])
    return [Sentence(start + s, start + e, paragraph[s:e]) for s, e in spans]


def _dateline_credit(text: str, before: list[int], start: int, end: int) -> bool:
    """Whether the segment ``text[start:end]`` is part of a dateline's sentence ``before`` (a dateline of a
    few words): a credit between slashes alone after it ("/ТАСС/."), the lead after a dateline that ends with
    one ("... /ТАСС/." then "Самолет ..."), or the lead opening with a dash after a credit in brackets closed
    by a full stop ("(EFE)." then "- La Generalitat ..."; :data:`_SLASHED_CREDIT`). A dateline opens with a
    place in capitals; a credit ending a sentence of other words ("Это заявил источник /ТАСС/.") is left as
    it was cut."""
    previous = text[before[0]:before[1]]
    words = previous.split()
    if len(words) > _DATELINE_WORDS + 1 or not _PLACE_IN_CAPITALS.match(words[0]):
        return False
    if _SLASHED_CREDIT.fullmatch(text, start, end) is not None:
        return True
    credit = _SLASHED_CREDIT.search(previous)
    if credit is not None and credit.end() == len(previous) and previous.endswith("."):
        return True
    return _BRACKETED_CREDIT_STOP.search(previous) is not None and _DASH.match(text, start) is not None


def _raw_boundaries(paragraph: str, language: str) -> list[tuple[int, int]]:
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


def _thai_cuts(paragraph: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


def _ends_with(text: str, span: list[int], abbreviations: frozenset[str], initials: bool = False) -> bool:
    """True when ``text[span[0]:span[1]]`` ends with one of ``abbreviations`` and its full stop (with
    ``initials``, or with one letter of an abugida and its signs: :data:`INITIALS`)."""
    match = _ABBREVIATION_END.search(text, span[0], span[1])
    return match is not None and (match.group(1) in abbreviations or
                                  (initials and _ONE_AKSHARA.fullmatch(match.group(1)) is not None))


def _lone_acronym(text: str, span: list[int], start: int) -> bool:
    """True when the segment at ``start`` opens with an acronym that punctuation follows at once and ``span``
    ends with a lower-case abbreviation after a figure: "3,03 proc. BVP." (percent of GDP) in Lithuanian, "3
    proc. PKB." in Polish, which sentencex cut after the abbreviation. Not any lower-case word: a Turkish
    sentence ending "kuyruklar vardı." ran into the next, "İBB, mağdur olan yolculara ..."."""
    acronym = _ACRONYM_THEN_STOP.match(text, start)
    if acronym is None or not acronym.group().isupper():
        return False
    # the abbreviation a unit after a figure ("40,2 proc."): any word ending a sentence is lower-case, and a
    # sentence after it may open with an acronym and a comma ("kuyruklar vardı. İBB, mağdur olan ...")
    match = _ABBREVIATION_END.search(text, span[0], span[1])
    return (match is not None and match.group(1).islower()
            and _FIGURE_BEFORE.search(text, span[0], match.start(1)) is not None)


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
        if spans and paragraph[_strip(paragraph, *spans[-1])[1] - 1] in _NOT_STOPS:
            start = spans.pop()[0]
        if end - start <= _LONG:
            spans.append((start, end))
            continue
        masked = paragraph[start:end].translate(_QUOTES_AND_BRACKETS)
        again = sentencex.get_sentence_boundaries(language, masked)
        spans.extend((start + b["start_index"], start + b["end_index"]) for b in again)
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: A web address in capitals, the full stop before its domain ("INTERFAX.RU", "LEMONDE.FR"): the word before the
#: stop and the domain after it, with no space between (:func:`_inside_a_domain`).
_CAPITALS_BEFORE_STOP = re.compile(r"(?<![^\W_])[^\W\d_]{2,}\.$")
_DOMAIN = re.compile(r"[^\W\d_]{2,4}(?![^\W_])")


def _inside_a_domain(text: str, before: list[int], start: int) -> bool:
    """Whether the cut between the segment ``before`` and the one at ``start`` falls inside a web address
    written in capitals ("Москва. 5 декабря. INTERFAX.RU - ...", "сайт RBC.RU в среду"): no space after the
    stop, a word in capitals before it and a domain of two to four capitals after. A sentence that ends in
    an acronym is followed by a space; lower-case addresses ("gazeta.ru") were never cut. Not read in English:
    the verdict's model is trained on English copy, where it moved one Reuters story ("CC.OO", Spain's union)
    and with it the model's bar from 0.63 to 0.64."""
    if before[1] != start:
        return False
    word = _CAPITALS_BEFORE_STOP.search(text, before[0], before[1])
    domain = _DOMAIN.match(text, start)
    return word is not None and domain is not None and word.group().isupper() and domain.group().isupper()


def _continues_sentence(text: str, start: int) -> bool:
    """True when the segment at ``start`` opens with a lower-case letter (an abbreviation split it off)."""
    i = start
    while i < len(text) and text[i] in _LEADING_PUNCT:
        i += 1
    return i < len(text) and text[i].islower() and not _ONE_CASE.match(text, i)


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
