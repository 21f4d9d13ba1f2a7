"""The links made of the link choice: neighbours taken from the same sources joined into runs
(:func:`build_links`), each run a :class:`dedup.alignment.Link` of its kind: ``verbatim`` (the same tokens),
``edited`` (difflib's edit ratio of the tokens at least ``edited_min_ratio``) or ``paraphrase``.

Apart from the choice (:mod:`dedup.links`) because it reads the sentences' tokens, which the choice never does
(it reads scores), and the edit ratio has a compiled twin and a reference of its own.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from dedup import kernels
from dedup.alignment import Link
from dedup.link_sides import LinkRules, Side

__all__ = ["LONGEST_EDIT", "build_links"]


def build_links(
    vs: Side,
    vd: Side,
    choice: dict[int, tuple[tuple[int, ...], float]],
    groups: dict[int, tuple[tuple[int, ...], float]],
    placed: set[int],
    rules: LinkRules,
) -> list[Link]:
    """The links of the choice (``choice``, the splits ``groups`` holds, the sentences ``placed``) as
    :class:`Link` objects: one run of neighbours taken from the same sources a link (the last step of
    :func:`dedup.links.choose_links`)."""
    return _make_links(vs, vd, _link_runs(choice, groups, placed), rules)


#: A run of links: derived sentences, their source sentences, the score, whether placed (:func:`_link_runs`).
Run = tuple[tuple[int, ...], tuple[int, ...], float, bool]


def _link_runs(
    choice: dict[int, tuple[tuple[int, ...], float]], groups: dict[int, tuple[tuple[int, ...], float]], placed: set[int]
) -> list[Run]:
    """The links in derived order (see :func:`_link_runs_py`). The compiled kernel (``link_runs``) computes the
    same where it is built (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.link_runs(choice, groups, placed)  # type: ignore[no-any-return]
    return _link_runs_py(choice, groups, placed)


def _link_runs_py(
    choice: dict[int, tuple[tuple[int, ...], float]], groups: dict[int, tuple[tuple[int, ...], float]], placed: set[int]
) -> list[Run]:
    """Each derived sentence of ``choice`` in order, or the split ``groups`` holds for it when none of its
    sentences is taken yet; neighbours taken from the same sources (placed alike) joined into one run: the
    reference, and the way where the kernels are not built."""
    taken: set[int] = set()
    runs: list[Run] = []
    for j in sorted(choice):
        if j in taken:
            continue
        sources, value = choice[j]
        derived: tuple[int, ...] = (j,)
        by_place = j in placed
        if j in groups and not taken.intersection(groups[j][0]):
            derived, value = groups[j]
            by_place = False
        taken.update(derived)
        if runs and runs[-1][1] == sources and runs[-1][0][-1] == min(derived) - 1 and runs[-1][3] == by_place:
            # neighbours taken from the same source sentence: one sentence split in two (a placed
            # sentence stays a link of its own, so that verdicts can leave it out)
            prev = runs.pop()
            derived, value = prev[0] + tuple(sorted(derived)), max(prev[2], value)
        runs.append((tuple(sorted(derived)), sources, value, by_place))
    return runs


def _make_links(vs: Side, vd: Side, runs: list[Run], rules: LinkRules) -> list[Link]:
    """Each run's :class:`Link` (:func:`_make_link`). The compiled kernel (``make_links``) makes the same links
    where it is built, reading the tokens, the kind and the spans of every run in one call: a link's Python
    here was a third of choosing a pair's links (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.make_links(runs, vs.sentences, vd.sentences, vs.tokens, vd.tokens,  # type: ignore[no-any-return]
                                   Link, rules.edited_min_ratio, LONGEST_EDIT)
    return [_make_link(vs, vd, d, s, v, p, rules) for d, s, v, p in runs]


def _make_link(
    vs: Side,
    vd: Side,
    derived: tuple[int, ...],
    sources: tuple[int, ...],
    value: float,
    placed: bool,
    rules: LinkRules,
) -> Link:
    # one sentence's tokens as they are (most links): read, never changed
    d_tokens = vd.tokens(derived[0]) if len(derived) == 1 else [t for j in derived for t in vd.tokens(j)]
    s_tokens = vs.tokens(sources[0]) if len(sources) == 1 else [t for i in sources for t in vs.tokens(i)]
    if d_tokens == s_tokens:
        kind, value = "verbatim", 1.0
    elif _edit_ratio(d_tokens, s_tokens, rules.edited_min_ratio) >= rules.edited_min_ratio:
        kind = "edited"
    else:
        kind = "paraphrase"
    return Link(
        source_sentences=sources,
        derived_sentences=derived,
        source_spans=tuple([(vs.sentences[i].start, vs.sentences[i].end) for i in sources]),
        derived_spans=tuple([(vd.sentences[j].start, vd.sentences[j].end) for j in derived]),
        score=value,
        kind=kind,
        placed=placed and kind == "paraphrase",
    )



#: Tokens of two linked sentences beyond which their edit ratio is their shared tokens' share (below, and
#: in every text with sentences, difflib's ratio as before).
LONGEST_EDIT = 4000


def _edit_ratio(a: list[str], b: list[str], needed: float) -> float:
    """difflib's ratio of two token lists, skipping the full computation when its bound already fails.
    The compiled kernel (``edit_ratio``) computes the same, bit for bit, where it is built: difflib's
    matcher in Python was a fifth of aligning two long articles (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return float(compiled.edit_ratio(a, b, needed, LONGEST_EDIT))
    return _edit_ratio_py(a, b, needed)


def _edit_ratio_py(a: list[str], b: list[str], needed: float) -> float:
    """:func:`_edit_ratio` in Python: the reference, and the way where the kernels are not built."""
    # the two bounds SequenceMatcher offers (length ratio, then shared tokens as a multiset), computed
    # without building the matcher's index of ``b``: most links fail them, and building it cost more
    # than the rest of their alignment
    total = len(a) + len(b)
    if not total:
        return 1.0
    if 2.0 * min(len(a), len(b)) / total < needed:
        return 0.0
    shared = 2.0 * _shared_tokens(a, b) / total
    if shared < needed:
        return 0.0
    if total > LONGEST_EDIT:  # a "sentence" of thousands of words (a text without full stops): difflib's
        return shared  # time grows with the square of it (minutes), the multiset bound is what is left
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _shared_tokens(a: list[str], b: list[str]) -> int:
    """Tokens ``a`` and ``b`` share, counted as multisets (difflib's ``quick_ratio`` numerator)."""
    left: dict[str, int] = {}
    for token in b:
        left[token] = left.get(token, 0) + 1
    shared = 0
    for token in a:
        n = left.get(token, 0)
        if n > 0:
            left[token] = n - 1
            shared += 1
    return shared
