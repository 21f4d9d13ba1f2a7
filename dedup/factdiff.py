"""Fact diff: the figures, names, dates and quotations that differ between linked sentences.

A rewrite that keeps a sentence but turns "1,000 troops" into "1,200", respells a name or changes the
words inside a quotation is what an editor most needs to see. The aligner says which sentences belong
together; this module says what changed inside them:

* figures (``1,000``, ``2.5 pct``, ``$5 million``) compared by value, so house style does not count
  as a change ("5 mln dlrs" is "$5 million"; "two" is 2);
* names (capitalised words other than at the start of a sentence, and at one where the text also
  capitalises the word inside a sentence), a respelling ("Rizhenkov -> Ryzhenkov") told apart from a name
  dropped or added;
* dates (weekdays, "July 8", "8 July", years), compared within one form: "July 8" written as "Monday"
  is a date dropped and one added, not a changed date;
* quotations: words inside quotation marks that are not the source's quoted words (nor a shortened
  run of them) are an *altered quotation*, the most serious change: words put in someone's mouth.

Every change carries character spans into both documents so reports can highlight it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any, Iterable, Sequence

from dedup.agencies import load_agencies
from dedup.facts import NUMBER_WORDS, Fact, Span, all_facts, extract_facts, unit, within, word_set
from dedup.names import has_caseless_script
from dedup.normalize import content_bounds
from dedup.restated import said_in

__all__ = ["Fact", "Change", "LinkChanges", "extract_facts", "diff_facts", "diff_links", "same_sentences",
           "summarize", "summary_text"]

KINDS = ("quotation", "figure", "name", "date")
_WORD = re.compile(r"[\w'’]+")

@dataclass(frozen=True)
class Change:
    """One fact that differs: ``change`` is changed, altered (a quotation), dropped or added."""

    kind: str
    change: str
    source: str | None = None
    derived: str | None = None
    source_span: Span | None = None
    derived_span: Span | None = None

    @property
    def serious(self) -> bool:
        """Altered quotations are the most serious change: words put in someone's mouth."""
        return self.kind == "quotation" and self.change == "altered"

    def label(self) -> str:
        """``1,000 -> 1,200``, ``dropped: July 8``, ``added: Monday``."""
        if self.source is not None and self.derived is not None:
            return f"{self.source} -> {self.derived}"
        return f"{self.change}: {self.source if self.source is not None else self.derived}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "change": self.change, "serious": self.serious, "source": self.source,
                "derived": self.derived, "source_span": list(self.source_span) if self.source_span else None,
                "derived_span": list(self.derived_span) if self.derived_span else None}


@dataclass(frozen=True)
class LinkChanges:
    """The changes inside one link (``link``: its index in the alignment's links), or inside a derived
    sentence left ``new`` and a source sentence left ``unused`` that are the same sentence with other
    facts (``link`` is ``None``): the aligner links no sentences whose figures disagree."""

    link: int | None
    changes: tuple[Change, ...]
    source_spans: tuple[Span, ...] = ()
    derived_spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"link": self.link, "source_spans": [list(s) for s in self.source_spans],
                "derived_spans": [list(s) for s in self.derived_spans],
                "changes": [c.to_dict() for c in self.changes]}


def diff_facts(source_text: str, source_spans: Sequence[Span], derived_text: str,
               derived_spans: Sequence[Span], *, source_all: Sequence[Fact] | None = None,
               derived_all: Sequence[Fact] | None = None, source_facts: list[Fact] | None = None,
               derived_facts: list[Fact] | None = None) -> list[Change]:
    """What changed between source and derived sentences: figures, names, dates, quotations.

    ``source_all`` and ``derived_all`` are the facts of the whole articles (default: the spans only):
    a fact that moved to another sentence of the other article was neither dropped nor changed, and a
    quotation is compared with every quotation of the other article.

    >>> [c.label() for c in diff_facts("About 1,000 troops came.", [(0, 24)], "About 1,200 troops came.", [(0, 24)])]
    ['1,000 -> 1,200']
    """
    # Facts of whole articles are found once per article; a sentence's facts are those inside it.
    src = source_facts if source_facts is not None else (
        extract_facts(source_text, source_spans) if source_all is None else within(source_all, source_spans))
    der = derived_facts if derived_facts is not None else (
        extract_facts(derived_text, derived_spans) if derived_all is None else within(derived_all, derived_spans))
    source_all = src if source_all is None else source_all
    derived_all = der if derived_all is None else derived_all
    src_link, der_link = word_set(source_text, source_spans), word_set(derived_text, derived_spans)
    src_words = src_link | {f.key for f in source_all}
    der_words = der_link | {f.key for f in derived_all}
    changes = _quotations([f for f in src if f.kind == "quotation"], [f for f in der if f.kind == "quotation"],
                          [f for f in source_all if f.kind == "quotation"],
                          [f for f in derived_all if f.kind == "quotation"],
                          [w.lower().replace("’", "'") for s, e in derived_spans for w in _WORD.findall(derived_text[s:e])])
    for kind in ("figure", "date"):
        # Pair what differs inside the sentences first ("30 cents" -> "27 cents" even when 30 turns up
        # elsewhere in the copy), unless both figures are found elsewhere in the other article (facts
        # moved between merged or split sentences); what stays unpaired is dropped or added only when
        # the other article has it nowhere.
        left, right = _unmatched(src, der, kind, der_link), _unmatched(der, src, kind, src_link)
        if kind == "figure" and (left or right):  # a figure the other side restates ("twenty-six" for 26)
            left = _unmatched(left, der, kind, der_link, said_in(derived_text, derived_spans))
            right = _unmatched(right, src, kind, src_link, said_in(source_text, source_spans))
        moved_left = {f for f in left if not _unmatched([f], derived_all, kind, der_words)}
        moved_right = {f for f in right if not _unmatched([f], source_all, kind, src_words)}
        changes += _pair_up(kind, left, right, moved_left, moved_right)
    changes += _joined(_names(_unmatched(src, derived_all, "name", der_words), _unmatched(der, source_all, "name", src_words)),
                       source_text, derived_text)
    return sorted(changes, key=lambda c: (not c.serious, KINDS.index(c.kind), _at(c)))


def diff_links(alignment: Any) -> list[LinkChanges]:
    """Changes per link of an :class:`~dedup.alignment.Alignment` (links without changes left out)."""
    source_text = alignment.source_document.text
    derived_text = alignment.derived_document.text
    # the articles' facts are read only once a link differs in its words: a verbatim copy, the most
    # common pair of a scan, never needs them (reading them is most of a fact diff's time)
    source_all: tuple[Fact, ...] | None = None
    derived_all: tuple[Fact, ...] = ()
    source_starts: list[int] = []
    derived_starts: list[int] = []
    pairs: list[tuple[int | None, tuple[Span, ...], tuple[Span, ...]]] = [
        (n, tuple(link.source_spans), tuple(link.derived_spans)) for n, link in enumerate(alignment.links)]
    pairs += [(None, (s,), (d,)) for s, d in same_sentences(source_text, alignment.unused, derived_text, alignment.new)]
    # Datelines and sign-offs ("LONDON (Reuters) -", "| BGNES") are no facts of the story.
    source_bounds, derived_bounds = story_bounds(source_text), story_bounds(derived_text)
    out = []
    for number, source_spans, derived_spans in pairs:
        source_clip, derived_clip = _clip(source_spans, source_bounds), _clip(derived_spans, derived_bounds)
        if _same_words(source_text, source_clip, derived_text, derived_clip):
            continue  # the same sentence (wire hard wraps aside): nothing can differ
        if source_all is None:
            source_all, derived_all = all_facts(source_text), all_facts(derived_text)
            source_starts, derived_starts = [f.span[0] for f in source_all], [f.span[0] for f in derived_all]
        changes = diff_facts(source_text, source_clip, derived_text, derived_clip,
                             source_facts=within(source_all, source_clip, source_starts),
                             derived_facts=within(derived_all, derived_clip, derived_starts),
                             source_all=source_all, derived_all=derived_all)
        if changes:
            out.append(LinkChanges(number, tuple(changes), source_spans, derived_spans))
    return out


# A dateline the normalizer leaves in (it reads the dateline's usual forms only): a place in capitals with its date
# ("NEW YORK, MARCH 17 -"), or any place before a known agency's credit in brackets ("New York (Reuters) -"; not a
# ticker's, "Exxon Corp (XON) -").
_DATELINE = re.compile(r"\s*(?:[A-Z][\w.,'’/ -]{0,40}?\s*\((?P<who>[^()\n]{2,30})\)"
                       r"|[A-Z][A-Z.,'’/ -]{1,40}?,\s*[A-Za-z]{3,9}\.?\s+\d{1,2})\s*[-–—]+\s")


def story_bounds(text: str) -> tuple[int, int]:
    """Where the story's own text starts and ends: :func:`dedup.normalize.content_bounds`, past a dateline it
    leaves in. A client that rewrote the wire's "NEW YORK, MARCH 17 -" as "New York (Reuters) -" dropped no
    figure (17) and added no name (Reuters): the fact diff listed both.

    >>> text = "New York (Reuters) - Exxon said it would close a refinery."
    >>> text[story_bounds(text)[0]:]
    'Exxon said it would close a refinery.'
    """
    start, end = content_bounds(text)
    head = _DATELINE.match(text, start)
    if head is None or head.end() >= end or head.group("who") and load_agencies().find(head.group("who")) is None:
        return start, end
    return head.end(), end


#: Word Jaccard (figures left out) from which an unused source sentence and a new derived sentence
#: are one sentence with changed facts, and the shared words it needs at least.
SAME_SENTENCE = 0.5
SAME_SENTENCE_WORDS = 5


def same_sentences(source_text: str, unused: Sequence[Span], derived_text: str,
                   new: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Pairs (source span, derived span) of unused and new sentences that are one sentence whose facts
    differ ("about 40 ships" / "about 60 ships"): the aligner refuses to link sentences whose figures
    contradict, which is right for deciding what was copied and hides the change an editor wants."""
    def words(text: str, span: Span) -> set[str]:
        return {w.lower() for w in _WORD.findall(text[span[0]:span[1]]) if not w[0].isdigit()}

    left = [(span, words(source_text, span)) for span in unused]
    right = [(span, words(derived_text, span)) for span in new]
    scored = []
    for i, (_, a) in enumerate(left):
        for j, (_, b) in enumerate(right):
            shared = len(a & b)
            if shared >= SAME_SENTENCE_WORDS and shared / len(a | b) >= SAME_SENTENCE:
                scored.append((-shared / len(a | b), i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for _, i, j in sorted(scored):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((left[i][0], right[j][0]))
    return sorted(out, key=lambda p: p[1])


def summarize(links: Iterable[LinkChanges]) -> dict[str, int]:
    """Counts per ``"<kind> <change>"`` (``"figure changed"``, ``"quotation altered"``), in report order."""
    counts = Counter(f"{c.kind} {c.change}" for link in links for c in link.changes)
    order = [f"{k} {c}" for c in ("altered", "changed", "dropped", "added") for k in KINDS]
    return {key: counts[key] for key in order if counts[key]}


def summary_text(counts: dict[str, int]) -> str:
    """``3 figures changed, 1 quotation altered`` (``no facts changed`` when there is nothing)."""
    if not counts:
        return "no facts changed"
    parts = []
    for key, n in counts.items():
        kind, change = key.split(" ")
        parts.append(f"{n} {kind}{'s' if n != 1 else ''} {change}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------------
# Matching facts
# --------------------------------------------------------------------------------------------------


def _unmatched(facts: list[Fact], other: list[Fact], kind: str, other_words: set[str],
               said: frozenset[str] = frozenset()) -> list[Fact]:
    """Facts of ``kind`` with no equal on the other side (a figure also matches its number word, and
    the values ``said`` there in another form: :func:`dedup.restated.said_in`)."""
    keys = {f.key for f in other if f.kind == kind} | said
    if kind == "name":
        keys |= other_words  # a name the other side writes in lower case or at a sentence start
    if kind == "date":  # "February 2022" carries the year 2022
        keys |= {"yr:" + k[-4:] for k in keys if k.startswith("my:")}
    if kind == "figure":
        keys |= {str(NUMBER_WORDS[w]) for w in other_words if w in NUMBER_WORDS}
        keys |= {f.key for f in other if f.kind == "date" and f.key.startswith("yr:")}
    out = [f for f in facts if f.kind == kind and f.key not in keys]
    if kind == "name":  # "Belarus" is still there in "Belarusian troops"
        out = [f for f in out if not any(len(w) >= 4 and _inflected(f.key, w) for w in other_words if w[:3] == f.key[:3])]
    seen: set[str] = set()
    return [f for f in out if not (f.key in seen or seen.add(f.key))]  # type: ignore[func-returns-value]


def _pair_up(kind: str, left: list[Fact], right: list[Fact], moved_left: set[Fact] = frozenset(),  # type: ignore[assignment]
             moved_right: set[Fact] = frozenset()) -> list[Change]:  # type: ignore[assignment]
    """Pair dropped and added facts of one kind into changes, within one class (a share with a share,
    an amount with an amount; a weekday with a weekday): in order when both sides have as many, else
    those followed by the same word ("1,000 troops" -> "1,200 troops"). A pair of facts both found
    elsewhere in the other article (``moved_*``) is no change; unpaired facts found there are neither
    dropped nor added."""
    changes: list[Change] = []
    paired: set[Fact] = set()
    for group in sorted({_class(f) for f in left}):
        mine = [f for f in left if _class(f) == group]
        theirs = [f for f in right if _class(f) == group]
        if len(mine) == len(theirs):
            pairs = list(zip(mine, theirs))
        else:
            pairs = _by_context(mine, theirs)
        for fact, partner in pairs:
            if fact in moved_left and partner in moved_right:
                continue
            paired.update((fact, partner))
            changes.append(Change(kind, "changed", fact.text, partner.text, fact.span, partner.span))
    changes += [Change(kind, "dropped", source=f.text, source_span=f.span) for f in left
                if f not in paired and f not in moved_left]
    changes += [Change(kind, "added", derived=f.text, derived_span=f.span) for f in right
                if f not in paired and f not in moved_right]
    return changes


def _by_context(mine: list[Fact], theirs: list[Fact]) -> list[tuple[Fact, Fact]]:
    """Pairs of facts followed by the same word, or else preceded by the same one, where that word
    picks exactly one fact on each side."""
    pairs: list[tuple[Fact, Fact]] = []
    for attr in ("near", "before"):
        for f in mine:
            word = getattr(f, attr)
            if not word or any(f is p[0] for p in pairs):
                continue
            left = [m for m in mine if getattr(m, attr) == word and not any(m is p[0] for p in pairs)]
            right = [t for t in theirs if getattr(t, attr) == word and not any(t is p[1] for p in pairs)]
            if len(left) == 1 and len(right) == 1:
                pairs.append((f, right[0]))
    return pairs


def _class(fact: Fact) -> str:
    return fact.key.split(":")[0] if fact.kind == "date" else unit(fact.text)


def _names(left: list[Fact], right: list[Fact]) -> list[Change]:
    """A respelt name (``Rizhenkov -> Ryzhenkov``) is a change; other unmatched names are dropped/added."""
    changes: list[Change] = []
    if len(left) == len(right) == 1 and has_caseless_script(left[0].key) and has_caseless_script(right[0].key):
        # names of scripts without capitals are found by their place (after a title): one replaced by
        # another in linked sentences is a change, though two- or three-character names share no spelling
        return [Change("name", "changed", left[0].text, right[0].text, left[0].span, right[0].span)]
    right = list(right)
    for fact in left:
        best = max(right, key=lambda r: _spelling(fact.key, r.key), default=None)
        if best is not None and _spelling(fact.key, best.key) >= 0.7 and not _inflected(fact.key, best.key):
            right.remove(best)
            changes.append(Change("name", "changed", fact.text, best.text, fact.span, best.span))
        else:
            changes.append(Change("name", "dropped", source=fact.text, source_span=fact.span))
    return changes + [Change("name", "added", derived=f.text, derived_span=f.span) for f in right]


def _joined(changes: list[Change], source_text: str, derived_text: str) -> list[Change]:
    """Names dropped or added word by word, one name where the words stand side by side ("European" and
    "Union" added: "European Union" added); a changed name stays a change of its own."""
    out: list[Change] = []
    for change in sorted(changes, key=lambda c: (c.change, _at(c))):
        last = out[-1] if out else None
        side, text = ("source", source_text) if change.change == "dropped" else ("derived", derived_text)
        span, last_span = getattr(change, side + "_span"), getattr(last, side + "_span", None) if last else None
        if (last is not None and change.change in ("dropped", "added") and last.change == change.change
                and span and last_span and last_span[1] < span[0] and not text[last_span[1] : span[0]].strip(" ")):
            joined = (last_span[0], span[1])
            out[-1] = replace(last, **{side: text[joined[0] : joined[1]], side + "_span": joined})
        else:
            out.append(change)
    return out


def _spelling(a: str, b: str) -> float:
    if abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 4:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _inflected(a: str, b: str) -> bool:
    """Belarus / Belarusian, Russia / Russian: one word is the other plus an ending."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) or long_.startswith(short[:-1]) and 0 < len(long_) - len(short) <= 2


def _quotations(src: list[Fact], der: list[Fact], source_all: Sequence[Fact],
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
        elif not _is_run(words, best.key.split()):
            changes.append(Change("quotation", "altered", best.text, quote.text, best.span, quote.span))
    for quote in src:
        words = quote.key.split()
        carried = any(_contained(d.key.split(), words) >= 0.5 for d in derived_all) or _is_run(words, list(derived_words))
        if not carried and len(words) >= 3:
            changes.append(Change("quotation", "dropped", source=quote.text, source_span=quote.span))
    return changes


def _contained(words: list[str], other: list[str]) -> float:
    return len(set(words) & set(other)) / len(set(words)) if words else 0.0


def _is_run(words: list[str], other: list[str]) -> bool:
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


def _same_words(a: str, a_spans: Sequence[Span], b: str, b_spans: Sequence[Span]) -> bool:
    return " ".join(a[s:e] for s, e in a_spans).split() == " ".join(b[s:e] for s, e in b_spans).split()


def _clip(spans: Sequence[Span], bounds: tuple[int, int]) -> list[Span]:
    return [(max(s, bounds[0]), min(e, bounds[1])) for s, e in spans if min(e, bounds[1]) > max(s, bounds[0])]


def _at(change: Change) -> int:
    return (change.derived_span or change.source_span or (0, 0))[0]
