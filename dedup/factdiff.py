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

The changes are :mod:`dedup.fact_changes`'s; facts are matched by :mod:`dedup.fact_matching`, quotations
compared by :mod:`dedup.quotation_diff`, and the spans compared chosen by :mod:`dedup.diff_spans`.
"""

from __future__ import annotations

from typing import Any, Sequence

from dedup.diff_spans import WORD, clip, same_sentences, same_words, story_bounds
from dedup.fact_changes import KINDS, Change, LinkChanges, change_at
from dedup.fact_matching import joined, kind_keys, name_changes, pair_up, unmatched
from dedup.facts import Fact, Span, all_facts, extract_facts, within, word_set
from dedup.quotation_diff import quotation_changes
from dedup.restated import said_in

__all__ = ["diff_facts", "diff_links"]


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
    src_words = src_link | kind_keys(source_all, None)
    der_words = der_link | kind_keys(derived_all, None)
    changes = quotation_changes([f for f in src if f.kind == "quotation"], [f for f in der if f.kind == "quotation"],
                          _quotations(source_all), _quotations(derived_all),
                          [w.lower().replace("’", "'") for s, e in derived_spans for w in WORD.findall(derived_text[s:e])])
    for kind in ("figure", "date"):
        # Pair what differs inside the sentences first ("30 cents" -> "27 cents" even when 30 turns up
        # elsewhere in the copy), unless both figures are found elsewhere in the other article (facts
        # moved between merged or split sentences); what stays unpaired is dropped or added only when
        # the other article has it nowhere.
        left, right = unmatched(src, der, kind, der_link), unmatched(der, src, kind, src_link)
        if kind == "figure" and (left or right):  # a figure the other side restates ("twenty-six" for 26)
            left = unmatched(left, der, kind, der_link, said_in(derived_text, derived_spans))
            right = unmatched(right, src, kind, src_link, said_in(source_text, source_spans))
        moved_left = {f for f in left if not unmatched([f], derived_all, kind, der_words)}
        moved_right = {f for f in right if not unmatched([f], source_all, kind, src_words)}
        changes += pair_up(kind, left, right, moved_left, moved_right)
    changes += joined(name_changes(unmatched(src, derived_all, "name", der_words), unmatched(der, source_all, "name", src_words)),
                       source_text, derived_text)
    return sorted(changes, key=lambda c: (not c.serious, KINDS.index(c.kind), change_at(c)))


def _quotations(facts: Sequence[Fact]) -> list[Fact]:
    """The quotations of ``facts``: an article's are kept while its links are read (:func:`diff_links`)."""
    if isinstance(facts, tuple) and len(facts) >= 64:
        kept = _QUOTATIONS.get(id(facts))
        if kept is None or kept[0] is not facts:
            if len(_QUOTATIONS) >= 4:
                _QUOTATIONS.clear()
            kept = _QUOTATIONS[id(facts)] = (facts, [f for f in facts if f.kind == "quotation"])
        return list(kept[1])
    return [f for f in facts if f.kind == "quotation"]


_QUOTATIONS: dict[int, tuple[tuple[Fact, ...], list[Fact]]] = {}


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
        source_clip, derived_clip = clip(source_spans, source_bounds), clip(derived_spans, derived_bounds)
        if same_words(source_text, source_clip, derived_text, derived_clip):
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
