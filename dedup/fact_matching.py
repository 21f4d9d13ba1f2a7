"""Facts matched across two texts: which figures, dates and names of one side have no equal on the other
(:func:`unmatched`), and those left paired into changes (:func:`pair_up`: "1,000 troops" -> "1,200 troops"), a
respelt name told from one dropped or added (:func:`name_changes`), a name's words joined again (:func:`joined`).
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from typing import Sequence

from dedup.fact_changes import Change, change_at
from dedup.facts import NUMBER_WORDS, Fact, unit
from dedup.names import has_caseless_script

__all__ = ["unmatched", "kind_keys", "pair_up", "name_changes", "joined"]


def unmatched(facts: list[Fact], other: list[Fact], kind: str, other_words: set[str],
              said: frozenset[str] = frozenset()) -> list[Fact]:
    """Facts of ``kind`` with no equal on the other side (a figure also matches its number word, and
    the values ``said`` there in another form: :func:`dedup.restated.said_in`)."""
    keys = kind_keys(other, kind) | said
    if kind == "name":
        keys |= other_words  # a name the other side writes in lower case or at a sentence start
    if kind == "date":  # "February 2022" carries the year 2022
        keys |= {"yr:" + k[-4:] for k in keys if k.startswith("my:")}
    if kind == "figure":
        if len(other_words) > len(NUMBER_WORDS):  # a whole article's words: look the number words up in them
            keys |= {str(value) for word, value in NUMBER_WORDS.items() if word in other_words}
        else:
            keys |= {str(NUMBER_WORDS[w]) for w in other_words if w in NUMBER_WORDS}
        keys |= {k for k in kind_keys(other, "date") if k.startswith("yr:")}
    out = [f for f in facts if f.kind == kind and f.key not in keys]
    if kind == "name":  # "Belarus" is still there in "Belarusian troops"
        out = [f for f in out if not any(len(w) >= 4 and _inflected(f.key, w) for w in other_words if w[:3] == f.key[:3])]
    seen: set[str] = set()
    return [f for f in out if not (f.key in seen or seen.add(f.key))]  # type: ignore[func-returns-value]


#: The keys of a whole article's facts by kind, kept for the article's facts (a tuple, as
#: :func:`dedup.facts.all_facts` gives them) while a fact diff reads it link by link: each of a long text's
#: links read every fact of the other article again (a million characters: minutes).
_KEPT: dict[int, tuple[tuple[Fact, ...], dict[str | None, frozenset[str]]]] = {}


def kind_keys(facts: Sequence[Fact], kind: str | None) -> frozenset[str]:
    """The keys of ``facts`` of ``kind`` (``None``: of every kind); a tuple's are worked out once (the last
    few tuples asked about are kept)."""
    if not isinstance(facts, tuple) or len(facts) < 64:
        return frozenset(f.key for f in facts if kind is None or f.kind == kind)
    kept = _KEPT.get(id(facts))
    if kept is None or kept[0] is not facts:
        if len(_KEPT) >= 4:
            _KEPT.pop(next(iter(_KEPT)))
        kept = _KEPT[id(facts)] = (facts, {})
    found = kept[1].get(kind)
    if found is None:
        found = kept[1][kind] = frozenset(f.key for f in facts if kind is None or f.kind == kind)
    return found


def pair_up(kind: str, left: list[Fact], right: list[Fact], moved_left: set[Fact] = frozenset(),  # type: ignore[assignment]
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


def name_changes(left: list[Fact], right: list[Fact]) -> list[Change]:
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


def joined(changes: list[Change], source_text: str, derived_text: str) -> list[Change]:
    """Names dropped or added word by word, one name where the words stand side by side ("European" and
    "Union" added: "European Union" added); a changed name stays a change of its own."""
    out: list[Change] = []
    for change in sorted(changes, key=lambda c: (c.change, change_at(c))):
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
