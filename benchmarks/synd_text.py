"""Text tools for the syndication set: sentences, word swaps, and a word-level Markov chain.

Pure functions over strings and an explicit ``random.Random``, so every derived article is reproducible
from the seed and the tests can call them on a hand-written story.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Callable, Iterable, Sequence

# Abbreviations after which a full stop does not end a sentence in wire copy.
_ABBREVIATIONS = frozenset(
    "inc corp co ltd plc mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct nov dec vs no nos "
    "gov sen rep jr bros dept ave calif conn fla ill mass mich minn mo nev penn tenn tex va wash wis "
    "approx est int'l cie mt ft u.s u.k".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')]*\s+(?=[\"'(]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z.']+)[.!?][\"')]*$")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one unwrapped paragraph; a rule-based splitter tuned to Reuters style.

    >>> split_sentences("Output rose 5.1 pct in the U.S. market. Acme Corp. said so. It fell.")
    ['Output rose 5.1 pct in the U.S. market.', 'Acme Corp. said so.', 'It fell.']
    """
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        piece = paragraph[start : match.start()]
        last = _LAST_WORD.search(piece)
        word = last.group(1).lower().rstrip(".") if last else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        out.append(piece.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def sentences_of(paragraphs: Sequence[str]) -> list[list[str]]:
    """Sentences per paragraph; an earnings table row without a full stop counts as one sentence."""
    return [split_sentences(p) for p in paragraphs]


# Common news words and what a rewriting desk puts instead (hand-written; all forms listed).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "noted", "added"), "rose": ("increased", "climbed"),
    "fell": ("declined", "dropped", "slipped"), "company": ("firm",), "companies": ("firms",),
    "increase": ("rise", "gain"), "decrease": ("decline",), "profit": ("earnings",), "profits": ("earnings",),
    "expected": ("anticipated", "forecast"), "announced": ("unveiled", "disclosed"), "bought": ("acquired",),
    "purchase": ("acquisition",), "buy": ("acquire", "purchase"), "acquire": ("buy",), "acquired": ("bought",),
    "government": ("administration",), "officials": ("authorities",), "talks": ("negotiations",),
    "about": ("around", "roughly"), "approximately": ("about",), "large": ("big", "sizeable"),
    "major": ("key", "leading"), "help": ("assist",), "began": ("started",), "begin": ("start",),
    "chairman": ("chair",), "spokesman": ("representative", "official"), "meeting": ("session",),
    "reported": ("posted", "disclosed"), "earlier": ("previously",), "higher": ("greater",),
    "lower": ("reduced",), "raise": ("lift",), "raised": ("lifted",), "rise": ("increase", "gain"),
    "decline": ("drop", "fall"), "strong": ("robust", "solid"), "weak": ("soft", "sluggish"),
    "estimated": ("projected",), "traders": ("dealers",), "analysts": ("market watchers",),
    "statement": ("release",), "merger": ("combination",), "deal": ("agreement", "transaction"),
    "agreement": ("deal", "accord"), "told": ("informed",), "current": ("present",), "previous": ("prior",),
    "additional": ("further", "extra"), "subsidiary": ("unit",), "unit": ("division",),
    "output": ("production",), "production": ("output",), "exports": ("shipments",), "sharply": ("steeply",),
    "slightly": ("marginally",), "nearly": ("almost",), "almost": ("nearly",), "expects": ("anticipates",),
    "plan": ("proposal",), "proposal": ("plan",), "several": ("various",), "many": ("numerous",),
    "reduce": ("lower", "cut"), "received": ("obtained",), "shareholders": ("stockholders",),
    "stockholders": ("shareholders",), "workers": ("employees",), "employees": ("staff",),
    "ended": ("closed",), "level": ("mark",), "could": ("might",), "shortly": ("soon",),
    "suggests": ("indicates",), "report": ("study",), "released": ("published",), "program": ("scheme",),
    "committee": ("panel",), "sources": ("people",), "industry": ("sector",), "firmly": ("strongly",),
    "remains": ("stays",), "however": ("but",), "because": ("as",), "increased": ("grew",),
    "decreased": ("shrank",), "rising": ("climbing",), "falling": ("declining",), "sell": ("offload",),
    "sold": ("offloaded",), "demand": ("appetite",), "trade": ("commerce",), "country": ("nation",),
    "countries": ("nations",), "official": ("representative",), "director": ("head",), "president": ("head",),
    "issued": ("released",), "recent": ("latest",), "recently": ("lately",), "later": ("subsequently",),
    "next": ("coming",), "last": ("past",), "small": ("modest",), "important": ("significant",),
    "significant": ("considerable",), "while": ("whereas",), "although": ("though",), "following": ("after",),
    "after": ("following",), "before": ("ahead of",), "intends": ("plans",), "wants": ("seeks",),
    "loan": ("credit",), "loans": ("credits",), "bank": ("lender",), "banks": ("lenders",), "plant": ("facility",),
    "strike": ("walkout",), "crop": ("harvest",), "dollar": ("greenback",), "growth": ("expansion",),
    "negotiations": ("talks",), "proposed": ("suggested",), "approved": ("cleared",), "rejected": ("turned down",),
    "offer": ("bid",), "bid": ("offer",), "takeover": ("acquisition",), "stake": ("holding",),
    "earnings": ("profit",), "revenues": ("turnover",), "reporters": ("journalists",), "newspaper": ("paper",),
    "asked": ("questioned",), "estimate": ("forecast",), "group": ("concern",), "debt": ("borrowings",),

}
# Reuters house style that other outlets spell out (applied by rewriters, sometimes by editors).
WIRE_STYLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\b(\d[\d,.]*) mln dlrs\b", r"$\1 million"), (r"\b(\d[\d,.]*) billion dlrs\b", r"$\1 billion"),
        (r"\b(\d[\d,.]*) dlrs\b", r"$\1"), (r"\bmln\b", "million"), (r"\bpct\b", "percent"),
        (r"\bcts\b", "cents"), (r"\bvs\b", "compared with"), (r"\bqtr\b", "quarter"), (r"\bQtr\b", "Quarter"),
        (r"\bShr\b", "Earnings per share"), (r"\bRevs\b", "Revenues"), (r"\bOper\b", "Operating"),
        (r"\bavg\b", "average"), (r"\bdlr\b", "dollar"), (r"\bU\.S\.", "US"),
    )
)
_WORD = re.compile(r"[A-Za-z]+")
_PUNCT = ".,;:!?\"'()"
_AUXILIARY = re.compile(r"\b(?:is|was|are|were|be|been|being)\s+$", re.IGNORECASE)


def _match_case(word: str, new: str) -> str:
    return new[0].upper() + new[1:] if word[:1].isupper() else new


def swap_words(text: str, rng: random.Random, probability: float) -> tuple[str, int]:
    """Replace each word of the synonym table with ``probability``; returns the text and the count."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        word = match.group(0)
        options = SYNONYMS.get(word.lower())
        if not options or word.isupper() or _passive(text, match.start()) or rng.random() >= probability:
            return word
        count += 1
        return _match_case(word, rng.choice(options))

    return _WORD.sub(swap, text), count


def _passive(text: str, start: int) -> bool:
    """"is said to be" must stay as it is: swapping its "said" makes nonsense."""
    return bool(_AUXILIARY.search(text[max(0, start - 8) : start]))


# Web desks often write wire copy in the present tense and with symbols.
HEAVY_STYLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(?<=[a-z]s) said\b(?<!ss said)(?<!is said)(?<!was said)(?<!has said)(?<!its said)(?<!this said)", " say"),
        (r"(?<=[a-z]s) told\b(?<!ss told)(?<!is told)(?<!was told)(?<!has told)(?<!its told)", " tell"),
        (r"\bsaid\b", "says"), (r"\btold\b", "tells"), (r"\badded\b", "adds"), (r"(\d) pct\b", r"\1%"),
        (r"(\d) percent\b", r"\1%"), (r"\s*\([^()]{1,40}\)", ""), (r", which [^,]{5,80},", ""),
        (r"\b(also|still|already|further) ", ""),
    )
)


def restyle(text: str) -> str:
    """The heavier desk habits: present tense, "%", no parentheticals or ", which ...," asides."""
    for pattern, replacement in HEAVY_STYLE:
        text = pattern.sub(replacement, text)
    return text


def spell_out(text: str) -> str:
    """Reuters house style spelled out the way most outlets print it ("5 mln dlrs" -> "$5 million")."""
    for pattern, replacement in WIRE_STYLE:
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """Lower-case word tokens, the unit the benchmarks count overlap in."""
    return re.findall(r"[a-z0-9]+", text.lower())


class MarkovChain:
    """A seeded first-order word chain trained on wire copy: realistic vocabulary, copies no one.

    First order on purpose: a second-order chain on a corpus this size follows single training stories
    for long runs, and the filler would then be genuine partial copies of real stories.
    """

    def __init__(self, texts: Iterable[str], *, min_count: int = 1) -> None:
        texts = list(texts)
        counts = Counter(token for text in texts for token in text.split())
        index: dict[str, int] = {}
        rows: list[list[int]] = []
        for text in texts:
            # Rare tokens have one successor each: left in, the walk would replay their story verbatim.
            kept = [t for t in text.split() if counts[t] >= min_count]
            rows.append([index.setdefault(token, len(index)) for token in kept])
        vocab = list(index)
        ends = tuple(_ends_sentence(w) for w in vocab)
        successors: list[list[int]] = [[] for _ in vocab]
        starts: list[int] = []
        for row in rows:
            for previous, current in zip([-1, *row], row):
                if previous < 0 or ends[previous]:
                    starts.append(current)
                else:
                    successors[previous].append(current)
        self.vocab = vocab
        self.successors = [tuple(s) for s in successors]
        self.starts = tuple(s for s in starts if vocab[s][:1].isupper())
        self.ends = ends
        self.lowercase = frozenset(w.strip(_PUNCT) for w in vocab if w[:1].islower())

    def sentence(self, rng: random.Random, *, min_words: int = 8, max_words: int = 35) -> str:
        """One sentence of at least ``min_words``: walk from an opener to a full stop (or ``max_words``)."""
        for _ in range(20):
            text = self._walk(rng, min_words, max_words)
            if len(text.split()) >= min_words:
                break
        return text

    def _walk(self, rng: random.Random, min_words: int, max_words: int) -> str:
        rand, successors, ends = rng.random, self.successors, self.ends
        current = self.starts[int(rand() * len(self.starts))]
        out = [current]
        while len(out) < max_words:
            nexts = successors[current]
            if not nexts or ends[current]:
                break
            current = nexts[int(rand() * len(nexts))]
            if current in out[-3:]:
                break  # a table's "04/09/87 03/09/87 04/09/87 ..." loop would repeat the same 5-grams
            out.append(current)
        text = " ".join(self.vocab[i] for i in out)
        return text if ends[out[-1]] else text.rstrip(",;:") + "."

    def article(self, rng: random.Random, n_words: int) -> list[str]:
        """Paragraphs of one to three sentences, about ``n_words`` words in all."""
        paragraphs: list[str] = []
        total = 0
        while total < n_words:
            block = [self.sentence(rng) for _ in range(rng.randint(1, 3))]
            total += sum(len(s.split()) for s in block)
            paragraphs.append(" ".join(block))
        return paragraphs


def prose(paragraphs: Iterable[str]) -> str:
    """The sentences of real prose (>= 6 words, ending in a full stop): no table rows for the chain."""
    return " ".join(s for p in paragraphs for s in split_sentences(p)
                    if len(s.split()) >= 6 and _LAST_WORD.search(s))


def _ends_sentence(token: str) -> bool:
    last = _LAST_WORD.search(token)
    return bool(last) and last.group(1).lower().rstrip(".") not in _ABBREVIATIONS and len(last.group(1)) > 1


def length_sampler(lengths: Sequence[int]) -> Callable[[random.Random], int]:
    """Draw article lengths from the real distribution (so filler is as long as real stories)."""
    ordered = sorted(lengths)
    return lambda rng: ordered[int(rng.random() * len(ordered))]
