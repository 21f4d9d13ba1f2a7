"""link_kinds: the runs made of the choice and the links of each kind, compiled and in Python; the edit ratio
compiled and difflib's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dedup import kernels
from dedup.align import SentenceAligner
from dedup.alignment import Link
from dedup.link_kinds import LONGEST_EDIT, _link_runs, _link_runs_py, _make_link, _make_links
from dedup.link_sides import Side
from dedup.sentences import Sentence
from dedup.cli import app
from _bad_input_files import TEXT
from _bad_input_helpers import _ok, runner
from _link_cases import _random_choice


def _token_lists(rng: np.random.Generator, alphabet: int, longest: int) -> tuple[list[str], list[str]]:
    """Two token lists over a small alphabet (many equal tokens, many ties between matches), the second
    often an edit of the first (tokens swapped, dropped, inserted), as linked sentences are."""
    words = [f"w{k}" for k in range(alphabet)]
    a = [words[k] for k in rng.integers(0, alphabet, int(rng.integers(0, longest)))]
    if rng.random() < 0.5 or not a:
        return a, [words[k] for k in rng.integers(0, alphabet, int(rng.integers(0, longest)))]
    b = list(a)
    for _ in range(int(rng.integers(0, 6))):
        place = int(rng.integers(0, len(b) + 1))
        action = rng.integers(0, 3)
        if action == 0:
            b.insert(place, words[int(rng.integers(0, alphabet))])
        elif b and action == 1:
            del b[min(place, len(b) - 1)]
        elif b:
            b[min(place, len(b) - 1)] = words[int(rng.integers(0, alphabet))]
    return a, b


@pytest.mark.parametrize("alphabet", [2, 4, 12, 60])
def test_edit_ratio_kernel_gives_what_difflib_gives(alphabet: int, compiled: bool) -> None:
    """The edit ratio a link's kind is read from, compiled or not: 0.0 under either bound, the shared
    tokens' ratio past LONGEST_EDIT tokens, else difflib's ratio to the last bit (matching blocks found as
    difflib finds them among equal-length ties: small alphabets make many)."""
    from difflib import SequenceMatcher

    from dedup import link_kinds

    rng = np.random.default_rng(alphabet)
    exact = bounded = 0
    for _ in range(1500):
        a, b = _token_lists(rng, alphabet, 40)
        needed = float(rng.choice([0.0, 0.3, 0.7, 0.9]))
        got = link_kinds._edit_ratio(a, b, needed)
        assert got == link_kinds._edit_ratio_py(a, b, needed)
        if not a and not b:
            assert got == 1.0
            continue
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if got or not ratio:
            exact += 1
            assert got == ratio  # the bounds passed: difflib's own figure, bit for bit
        else:
            bounded += 1
            assert ratio < needed  # a bound says no only when difflib says no
    assert exact > 500 and bounded > 100


def test_edit_ratio_past_the_longest_edit_is_the_shared_tokens(compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "sentence" of thousands of tokens is not handed to difflib: the multiset bound is its ratio."""
    from dedup import link_kinds

    monkeypatch.setattr(link_kinds, "LONGEST_EDIT", 10)
    a = ["x", "y", "z", "x", "y", "z"]
    b = ["z", "y", "x", "z", "y", "q"]
    assert link_kinds._edit_ratio(a, b, 0.5) == 2.0 * 5 / 12
    assert link_kinds._edit_ratio(a[:5], b[:5], 0.5) == link_kinds._edit_ratio_py(a[:5], b[:5], 0.5)  # under the limit


def test_edit_ratio_kernel_compares_tokens_as_python_objects(compiled: bool) -> None:
    """Equal strings made apart (not one object) are one token; non-ASCII tokens are tokens like others."""
    from dedup import link_kinds

    a = ["".join(["ab", "c"]), "Zürich", "東京", "c"]
    b = ["abc", "Zürich", "東京", "d"]
    assert link_kinds._edit_ratio(a, b, 0.1) == 0.75
    with pytest.raises(TypeError):
        link_kinds._edit_ratio([["unhashable"]], [["unhashable"]], 0.1)


def _exact_runs(runs: list) -> list:
    return [(d, [type(j) for j in d], s, v.hex(), type(v), p, type(p)) for d, s, v, p in runs]


def test_link_runs_kernel_gives_the_python_runs() -> None:
    """The compiled runs against their Python twin on random links, splits and placed sentences: the same
    runs, bit for bit (a joined run's score the first of equal maxima), splits whose sentences are taken."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(47)
    joined = split = 0
    for trial in range(4000):
        n, m = int(rng.integers(0, 14)), int(rng.integers(1, 6))  # few sources: neighbours share one often
        values = [0.25, 0.5, 0.5, 0.75, 1.0, 0.0, -0.0]
        choice = _random_choice(rng, n, m, values)
        groups = {}
        for j in choice:
            if rng.random() < 0.3:
                other = j + (1 if rng.random() < 0.5 else -1)
                if 0 <= other < n and other not in choice:
                    derived = (min(j, other), max(j, other)) if rng.random() < 0.8 else (max(j, other), min(j, other))
                    groups[j] = (derived, float(rng.choice(values)))
        placed = {j for j in choice if rng.random() < 0.2}
        want = _link_runs_py(dict(choice), dict(groups), set(placed))
        got = kernels.KERNELS.link_runs(dict(choice), dict(groups), set(placed))
        assert _exact_runs(got) == _exact_runs(want), trial
        joined += sum(len(d) > 1 and d not in [g for g, _ in groups.values()] for d, _, _, _ in want)
        split += any(len(d) > 1 for d, _, _, _ in want)
    assert joined > 500 and split > 500, (joined, split)


def test_link_runs_on_edges(compiled: bool) -> None:
    """Nothing linked, a placed sentence beside one linked on wording from the same source (two runs), a
    split beside a sentence from its source (one run), a split whose partner is taken: the same compiled or not."""
    cases = [({}, {}, set()), ({0: ((1,), 0.5), 1: ((1,), 0.4)}, {}, {1}),
             ({0: ((1,), 0.5), 1: ((1,), 0.7), 3: ((1,), 0.2)}, {3: ((2, 3), 0.6)}, set()),
             ({0: ((2,), 0.5), 1: ((2,), 0.5)}, {0: ((0, 1), 0.8), 1: ((1, 2), 0.9)}, set())]
    for choice, groups, placed in cases:
        assert _exact_runs(_link_runs(choice, groups, placed)) == _exact_runs(_link_runs_py(choice, groups, placed))
    assert _link_runs({0: ((1,), 0.5), 1: ((1,), 0.7)}, {}, set()) == [((0, 1), (1,), 0.7, False)]


@pytest.mark.parametrize("args, error, match", [
    (([], {}, set()), TypeError, "dict"),
    (({}, {}, []), TypeError, "set"),
    (({0: (0,)}, {}, set()), ValueError, "sources, score"),
    (({0: ((0,), 0.5)}, {0: (0, 0.5)}, set()), ValueError, "split"),
], ids=["not-a-dict", "not-a-set", "not-a-link", "not-a-split"])
def test_link_runs_kernel_refuses_what_it_cannot_read(args: tuple, error: type, match: str) -> None:
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    with pytest.raises(error, match=match):
        kernels.KERNELS.link_runs(*args)


def _said_side(rng: np.random.Generator, n: int, words: list[str], other: Side | None = None) -> Side:
    """A side of ``n`` sentences whose tokens are drawn from ``words`` (few: equal and near-equal sentences),
    an empty sentence among them now and then, or (half of them) copied from ``other``'s."""
    said = [list(rng.choice(words, size=int(rng.integers(0, 9)))) for _ in range(n)]
    if other is not None:
        said = [other.tokens(k % len(other.sentences)) if rng.random() < 0.5 else t for k, t in enumerate(said)]
    sentences, start = [], 0
    for k in range(n):
        text = " ".join(said[k]) + "."
        sentences.append(Sentence(start, start + len(text), text))
        start += len(text) + 1
    empty = np.zeros(n, dtype=np.int64)
    return Side(tuple(sentences), frozenset(), lambda k: said[k], empty, empty)


def _exact_made(links: list) -> list:
    return [(link, link.score.hex(), type(link.score), type(link.placed)) for link in links]


def test_make_links_kernel_gives_the_python_links() -> None:
    """The compiled links against :func:`_make_link` run by run, on random sentences of few words: the same
    links (kinds, spans, scores as bits, placed), runs of one and of several sentences a side, tokens equal
    (verbatim), near (edited), apart (paraphrase) and empty."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(48)
    kinds: dict[str, int] = {}
    for trial in range(1500):
        words = ["a", "b", "c", "d", "e", "f"][: int(rng.integers(1, 7))]
        vs = _said_side(rng, int(rng.integers(1, 8)), words)
        vd = _said_side(rng, int(rng.integers(1, 8)), words, vs)
        rules = SentenceAligner(edited_min_ratio=float(rng.choice([0.0, 0.5, 0.7, 1.0])))
        runs = []
        for _ in range(int(rng.integers(0, 6))):
            j = int(rng.integers(0, len(vd.sentences)))
            i = int(rng.integers(0, len(vs.sentences)))
            derived = (j, j + 1) if j + 1 < len(vd.sentences) and rng.random() < 0.3 else (j,)
            sources = (i, i + 1) if i + 1 < len(vs.sentences) and rng.random() < 0.3 else (i,)
            runs.append((derived, sources, float(rng.choice([0.2, 0.5, 0.8])), bool(rng.random() < 0.3)))
        want = [_make_link(vs, vd, d, s, v, p, rules) for d, s, v, p in runs]
        got = kernels.KERNELS.make_links(runs, vs.sentences, vd.sentences, vs.tokens, vd.tokens, Link,
                                         rules.edited_min_ratio, LONGEST_EDIT)
        assert _exact_made(got) == _exact_made(want), trial
        for link in want:
            kinds[link.kind] = kinds.get(link.kind, 0) + 1
    assert min(kinds.get(k, 0) for k in ("verbatim", "edited", "paraphrase")) > 300, kinds


def test_make_links_on_edges(compiled: bool) -> None:
    """No runs, a placed verbatim run (not placed: its wording is its own evidence), a placed paraphrase:
    the same compiled or not."""
    said = [["x", "y"], ["x", "y"], ["z"]]
    sentences = (Sentence(0, 4, "x y."), Sentence(5, 9, "x y."), Sentence(10, 12, "z."))
    side = Side(sentences, frozenset(), lambda k: said[k], np.zeros(3, np.int64), np.zeros(3, np.int64))
    rules = SentenceAligner()
    runs = [((0,), (1,), 0.4, True), ((2,), (0,), 0.3, True), ((1, 2), (0, 2), 0.6, False)]
    assert _make_links(side, side, [], rules) == []
    got = _make_links(side, side, runs, rules)
    assert got == [_make_link(side, side, d, s, v, p, rules) for d, s, v, p in runs]
    assert [(link.kind, link.score, link.placed) for link in got] == [
        ("verbatim", 1.0, False), ("paraphrase", 0.3, True), ("verbatim", 1.0, False)]


@pytest.mark.parametrize("runs, tokens, error, match", [
    ([(0,)], lambda k: [], ValueError, "a run is"),
    ([((), (0,), 0.5, False)], lambda k: [], ValueError, "at least one"),
    ([((0,), (0,), 0.5, False)], lambda k: ("x",), TypeError, "a list"),
    ([((0, 1), (0,), 0.5, False)], lambda k: ("x",), TypeError, "a list"),
    ([((5,), (0,), 0.5, False)], lambda k: ["x"] if k < 2 else ["y"], IndexError, "out of range"),
], ids=["not-a-run", "no-sentence", "tokens-not-a-list", "joined-not-a-list", "sentence-outside"])
def test_make_links_kernel_refuses_what_it_cannot_read(runs: list, tokens, error: type, match: str) -> None:  # type: ignore[no-untyped-def]
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    sentences = (Sentence(0, 2, "x."), Sentence(3, 5, "y."))
    with pytest.raises(error, match=match):
        kernels.KERNELS.make_links(runs, sentences, sentences, tokens, tokens, Link, 0.5, LONGEST_EDIT)


def test_texts_without_full_stops_are_compared(tmp_path: Path) -> None:
    # One "sentence" of 30,000 words each: difflib's edit ratio of the two grew with the square of it, and
    # so did collecting the facts inside the linked spans (a scan of two 150,000-word lines did not end).
    from dedup.link_kinds import LONGEST_EDIT, _edit_ratio

    import random

    vocabulary = sorted({w.strip(".,") for w in TEXT.split()})
    draw = random.Random(5)
    words = [draw.choice(vocabulary) + ("s" if draw.random() < 0.3 else "") for _ in range(30_000)]
    edited = [("changed" if k % 40 == 0 else w) for k, w in enumerate(words)]
    (tmp_path / "a.txt").write_text(" ".join(words))
    (tmp_path / "b.txt").write_text(" ".join(edited))
    result = _ok(runner.invoke(app, ["scan", str(tmp_path), "-q", "--json", str(tmp_path / "out.json")]))
    pairs = json.loads((tmp_path / "out.json").read_text())["pairs"]
    assert [p["verdict"] for p in pairs] == ["duplicate"] and not result.stdout
    assert len(words) + len(edited) > LONGEST_EDIT
    assert _edit_ratio(words, edited, 0.5) == pytest.approx(2 * sum(1 for w in edited if w != "changed") / (2 * len(words)), abs=0.01)
