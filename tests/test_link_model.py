"""Tests for dedup.link_model: the features of a link's place, the check on paraphrase links, the shipped model."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from dedup.align import SentenceAligner
from dedup.alignment import Link
from dedup.errors import SettingsError
from dedup.link_model import LINK_FEATURES, LINK_SIGNS, LinkModel, link_features, shipped_model


def _link(derived: int, source: int, score: float = 0.5, kind: str = "paraphrase", length: int = 120) -> Link:
    return Link((source,), (derived,), ((source * 200, source * 200 + length),),
                ((derived * 200, derived * 200 + length),), score, kind)


# an article of 24 sentences: three links in the same order on both sides, and one far away that
# matches a sentence of the source's opening
N = 24
RUN = [_link(4, 10), _link(5, 11), _link(7, 12)]
STRAY = _link(20, 2, score=0.46)
# a model that keeps a paraphrase link unless most sentences around it are unlinked
CONTEXT_ONLY = LinkModel(mean=(0.0,) * 5, scale=(1.0,) * 5, weights=(0.0, -1.0, 0.0, 0.0, 0.0), bias=5.0,
                         cutoff=0.5)


def test_features_of_a_run_and_a_stray_link() -> None:
    x = link_features([*RUN, STRAY], N)
    names = {name: k for k, name in enumerate(LINK_FEATURES)}
    # around 4: 1-3 unlinked, 5 and 7 linked; around 5: 2, 3, 6, 8; around 7: 6, 8-10; around 20: 17-19, 21-23
    assert x[:, names["unlinked_around"]].tolist() == [4, 4, 4, 6]
    assert x[:, names["out_of_order"]].tolist() == [0, 0, 0, 0]
    assert x[3, names["score"]] == pytest.approx(0.46)
    assert x[0, names["derived_length_log"]] == pytest.approx(np.log1p(120))


def test_a_neighbour_taken_from_far_back_in_the_source_counts_against_both() -> None:
    x = link_features([_link(4, 10), _link(5, 30), _link(6, 31)], N)
    assert x[:, LINK_FEATURES.index("out_of_order")].tolist() == [1, 1, 0]


def test_the_edges_of_a_short_article_are_no_evidence_against_a_link() -> None:
    x = link_features([_link(0, 0)], 1)
    assert x[0, LINK_FEATURES.index("unlinked_around")] == 0
    assert x[0, LINK_FEATURES.index("out_of_order")] == 0


def test_no_links_no_rows() -> None:
    assert link_features([], N).shape == (0, len(LINK_FEATURES))


def test_a_stray_paraphrase_link_is_dropped_and_the_run_kept() -> None:
    assert CONTEXT_ONLY.keep([*RUN, STRAY], N) == RUN


@pytest.mark.parametrize("kind", ["verbatim", "edited"])
def test_verbatim_and_edited_links_are_always_kept(kind: str) -> None:
    stray = _link(20, 2, kind=kind)
    assert CONTEXT_ONLY.keep([*RUN, stray], N) == [*RUN, stray]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"weights": (1.0,)}, "needs 5 means"),
        ({"weights": (1.0, 1.0, 0.0, 0.0, 0.0)}, "must have the signs"),
        ({"cutoff": 1.5}, "cutoff must be between 0 and 1"),
    ],
    ids=["wrong-length", "wrong-sign", "cutoff-out-of-range"],
)
def test_a_malformed_model_is_refused(changes: dict, message: str) -> None:
    spec = {"mean": (0.0,) * 5, "scale": (1.0,) * 5, "weights": (0.0,) * 5, "bias": 0.0, "cutoff": 0.5} | changes
    with pytest.raises(SettingsError, match=message):
        LinkModel(**spec)


def test_a_model_of_other_features_is_refused() -> None:
    with pytest.raises(SettingsError, match="trained on other features"):
        LinkModel.from_dict({"features": ["score"], "mean": [0], "scale": [1], "weights": [1], "bias": 0, "cutoff": 0.5})


def test_the_shipped_model_reads_its_features_with_the_signs_they_should_have() -> None:
    spec = json.loads(resources.files("dedup").joinpath("data", "link_model.json").read_text(encoding="utf-8"))
    assert spec["features"] == list(LINK_FEATURES)
    assert all(w * sign >= 0 for w, sign in zip(spec["weights"], LINK_SIGNS))
    model = shipped_model()
    among, alone = model.probability(link_features([*RUN, STRAY], N))[[1, 3]]
    assert among > alone
    lone = _link(0, 2, score=0.46)
    assert model.keep([lone], 1) == [lone]  # a one-sentence article: nothing around it counts against it


def test_the_aligner_takes_a_model_or_none_and_refuses_anything_else() -> None:
    assert SentenceAligner(link_model=None).link_model is None
    SentenceAligner(link_model=CONTEXT_ONLY).fit(["One sentence here."])
    with pytest.raises(SettingsError, match="link_model must be"):
        SentenceAligner(link_model="learned").fit(["One sentence here."])


def _link_features_in_arrays(links: list[Link], n_derived: int) -> np.ndarray:
    """``link_features`` as first written, in numpy arrays: the reference the Python loop must equal."""
    from dedup.link_model import NEAR, RUN_GAP, RUN_SOURCE_GAP

    n = len(links)
    x = np.zeros((n, len(LINK_FEATURES)))
    if not n:
        return x
    first = np.array([link.derived_sentences[0] for link in links]) + NEAR
    last = np.array([link.derived_sentences[-1] for link in links]) + NEAR
    source_first = np.array([link.source_sentences[0] for link in links])
    source_last = np.array([link.source_sentences[-1] for link in links])
    unlinked = np.zeros(n_derived + 2 * NEAR, dtype=np.int64)
    unlinked[NEAR : NEAR + n_derived] = 1
    unlinked[[NEAR + j for link in links for j in link.derived_sentences]] = 0
    before = np.concatenate([[0], np.cumsum(unlinked)])
    near = first[1:] - last[:-1] <= RUN_GAP
    step = source_first[1:] - source_last[:-1]
    apart = near & ((step < 0) | (step > RUN_SOURCE_GAP))
    x[:, 0] = [link.score for link in links]
    x[:, 1] = before[first] - before[first - NEAR] + before[last + NEAR + 1] - before[last + 1]
    x[1:, 2] += apart
    x[:-1, 2] += apart
    x[:, 3] = np.log1p([sum(end - start for start, end in link.derived_spans) for link in links])
    x[:, 4] = np.log1p([sum(end - start for start, end in link.source_spans) for link in links])
    return x


@pytest.mark.parametrize("seed", range(5))
def test_link_features_equal_their_array_definition(seed: int) -> None:
    """Random links in derived order (one or two sentences a side, sources jumping back and far ahead,
    links next to each other and far apart, at the article's edges): the same features to the last bit."""
    rng = np.random.default_rng(seed)
    for _ in range(400):
        n_derived = int(rng.integers(1, 60))
        links, j = [], int(rng.integers(0, 3))
        while j < n_derived:
            width = 2 if j + 1 < n_derived and rng.random() < 0.2 else 1
            source = int(rng.integers(0, 80))
            sources = (source, source + 1) if rng.random() < 0.2 else (source,)
            spans = tuple((int(s) * 100, int(s) * 100 + int(rng.integers(1, 400))) for s in sources)
            derived = tuple(range(j, j + width))
            links.append(Link(sources, derived, spans, tuple((d * 90, d * 90 + int(rng.integers(1, 300))) for d in derived),
                              float(rng.random()), "paraphrase"))
            j += width + int(rng.integers(0, 8))
        got, want = link_features(links, n_derived), _link_features_in_arrays(links, n_derived)
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes()


def test_probability_with_arrays_made_once_is_the_same_to_the_bit() -> None:
    """The model's means, scales and weights made into arrays once (and not writable) give the probability
    of arrays made at every call, bit for bit: random models and links, and the shipped model."""
    rng = np.random.default_rng(51)
    models = [shipped_model()] + [
        LinkModel(tuple(rng.normal(size=5)), tuple(rng.random(5) + 0.1), tuple(rng.random(5) * (1, -1, -1, 1, 1)),
                  float(rng.normal()), 0.5) for _ in range(50)]
    for model in models:
        assert model._arrays is model._arrays and not any(a.flags.writeable for a in model._arrays)
        for n in (0, 1, 3, 40):
            x = rng.random((n, len(LINK_FEATURES))) * 6
            z = (x - np.array(model.mean)) / np.array(model.scale)
            want = 1.0 / (1.0 + np.exp(-(z @ np.array(model.weights) + model.bias)))
            assert model.probability(x).tobytes() == want.tobytes()
