from __future__ import annotations

import contextlib
import math
import random

import numpy as np
import pytest

from dedup.candidates import Vocabulary
from dedup.confidence import FEATURES, KINDS, SIGNS, TRACED, VerdictModel, aligned_corners, aligned_ranges, default_model, pair_features
from dedup.errors import SettingsError
from dedup.shingles import tokenize_batch
from dedup.verify import features, score_pair

STORY = (
    "Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
    "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter."
)
LONGER = STORY + " Acme, based in Denver, makes valves and pumps for the oil industry and employs 1,200 people."


def _features(a: str, b: str):  # type: ignore[no-untyped-def]
    batch = tokenize_batch([a, b])
    fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
    return fa, fb


def test_features_do_not_depend_on_which_text_comes_first() -> None:
    fa, fb = _features(STORY, LONGER)
    forward = pair_features(score_pair(fa, fb, len_a=len(STORY), len_b=len(LONGER)), fa, fb, texts=(STORY, LONGER))
    backward = pair_features(score_pair(fb, fa, len_a=len(LONGER), len_b=len(STORY)), fb, fa, texts=(LONGER, STORY))
    assert forward.shape == (len(FEATURES),)
    np.testing.assert_allclose(forward, backward)


def test_figures_are_read_as_written() -> None:
    # the word tokens split "6-1/4" into single digits; a form filled in again differs only there
    other_day = STORY.replace("10 cts", "11 cts").replace("12.5 mln", "13.1 mln")
    fa, fb = _features(STORY, other_day)
    x = pair_features(score_pair(fa, fb), fa, fb, texts=(STORY, other_day))
    same = pair_features(score_pair(fa, fa), fa, fa, texts=(STORY, STORY))
    k = FEATURES.index("figure_jaccard")
    assert same[k] == 1.0 and x[k] < 1.0
    assert x[FEATURES.index("figures_apart_log")] > 0


def test_the_share_of_figures_apart_tells_a_form_from_a_correction() -> None:
    share = FEATURES.index("figures_apart_share")
    text = "Net 12.5 mln vs 10.1 mln, revenue 80.5 mln vs 82.6 mln, shares 1,250 vs 1,100. "
    form = "Net 13.5 mln vs 11.1 mln, revenue 81.5 mln vs 83.6 mln, shares 1,260 vs 1,200. "
    correction = text.replace("80.5", "81.5")
    fa, fb = _features(STORY + text, STORY + form)
    _, fc = _features(STORY + text, STORY + correction)
    x_form = pair_features(score_pair(fa, fb), fa, fb, texts=(STORY + text, STORY + form))
    x_corr = pair_features(score_pair(fa, fc), fa, fc, texts=(STORY + text, STORY + correction))
    x_same = pair_features(score_pair(fa, fa), fa, fa, texts=(STORY + text, STORY + text))
    assert x_same[share] == 0.0 < x_corr[share] < 0.5 < x_form[share]
    # one figure or none on a side: too little to tell, the share says nothing
    one = pair_features(score_pair(fa, fa), fa, fa, texts=("rose 12 pct", "rose 15 pct"))
    assert one[share] == 0.0


def test_sentences_filled_in_with_other_figures_tell_a_form() -> None:
    """A form filled in again holds the other day's sentences with other numbers in them (its fixed
    sentence, the same both days, in the base only); a copy holds none, a correction of one figure of
    several one."""
    from dedup.confidence import _form_slots

    day1 = ("The bank accepted 98.7 billion dlrs from 31 bidders on March 4. Bids totalled 120.5 billion dlrs "
            "at a rate of 4.25 pct. The operation ran from 1245 to 1315 hours as every day. The next one is "
            "scheduled for March 5, it said.")
    day2 = day1.replace("98.7", "127.6").replace("31 ", "38 ").replace("March 4", "March 18").replace(
        "120.5", "131.0").replace("4.25", "4.30").replace("March 5", "March 19")
    correction = day1.replace("120.5", "121.5")
    assert _form_slots(day1, day2) == 0.75 and _form_slots(day2, day1) == 0.75  # 3 of 4, 1 fixed
    assert _form_slots(day1, day1) == 0.0
    assert 0.0 < _form_slots(day1, correction) <= 0.25
    assert _form_slots("Rates rose 5 pct on the day.", "Rates rose 6 pct on the day.") == 0.0  # one sentence: too little
    fa, fb = _features(day1, day2)
    assert pair_features(score_pair(fa, fb), fa, fb, texts=(day1, day2))[FEATURES.index("form_slots_share")] == 0.75


def _spec(weights: list[float], bias: float = 0.0) -> dict:  # type: ignore[type-arg]
    n = len(FEATURES)
    return {"features": list(FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "weights": weights, "bias": bias,
            "kind_weights": [[0.0] * n, [1.0] + [0.0] * (n - 1), [0.0] * n], "kind_bias": [0.0, 0.0, 0.0],
            "min_confidence": 0.5}


def _random_spec(rng: np.random.Generator) -> dict:  # type: ignore[type-arg]
    """A model of random weights, bias, means and scales (any signs): what a bound must hold for."""
    n = len(FEATURES)
    spec = _spec(rng.normal(0.0, 1.0, n).tolist(), bias=float(rng.normal()))
    spec["mean"], spec["scale"] = rng.normal(0.0, 0.5, n).tolist(), rng.uniform(0.2, 2.0, n).tolist()
    return spec


def test_reasons_add_up_to_the_log_odds() -> None:
    n = len(FEATURES)
    weights = [0.0] * n
    weights[0], weights[1], weights[2] = 2.0, -1.0, 0.5
    model = VerdictModel(_spec(weights, bias=-0.25))
    x = np.zeros(n)
    x[:3] = [1.0, 0.5, 0.4]
    judged = model.judge(x)
    logit = -0.25 + sum(r.contribution for r in judged.why)
    assert judged.confidence == pytest.approx(1 / (1 + math.exp(-logit)))
    assert [r.feature for r in judged.why] == [FEATURES[0], FEATURES[2], FEATURES[1]]  # for, largest first; against
    assert judged.why_dict()["against"][0]["feature"] == FEATURES[1]
    assert judged.kind == "partial"
    assert model.confidence(np.stack([x, x]))[0] == pytest.approx(judged.confidence)


@pytest.mark.parametrize("rows", [1, 7, 2000])
def test_a_batch_is_judged_row_by_row_to_the_last_bit(rows: int) -> None:
    # a pair judged alone (compare, an index check) and among a scan's thousands get one answer
    model = default_model()
    rng = np.random.default_rng(rows)
    x = model.mean_ + model.scale_ * rng.normal(0.0, 2.0, size=(rows, len(FEATURES)))
    together = model.judge_many(x)
    assert [model.judge(row) for row in x] == together
    for row, judged in zip(x, together):  # the formula, one vector at a time
        z = (row - model.mean_) / model.scale_
        logit = max(b + float((w * z).sum()) for w, b, gate in zip(model.weights_, model.bias_, model.gates_)
                    if gate < 0 or row[gate] > 0)  # the strongest head of those that may speak
        assert judged.confidence == 1.0 / (1.0 + math.exp(-logit))
        assert judged.kind == KINDS[int(np.argmax(model.kind_weights_ @ z + model.kind_bias_))]
    explained = model.judge_many(x, explain_from=model.min_confidence)
    assert all(j.why == (t.why if t.confidence >= model.min_confidence else ()) for j, t in zip(explained, together))


def test_the_strongest_head_decides_and_gives_the_reasons() -> None:
    # a copy head that weighs the first feature, a rewrite head that weighs the second: a pair strong
    # on either is as sure as that head says, and its reasons are that head's alone
    n = len(FEATURES)
    copy_weights, rewrite_weights = [0.0] * n, [0.0] * n
    copy_weights[0], rewrite_weights[1], rewrite_weights[2] = 3.0, 2.0, -1.0
    spec = _spec([0.0] * n)
    del spec["weights"], spec["bias"]
    spec["heads"] = [{"name": "copy", "weights": copy_weights, "bias": -1.0},
                     {"name": "rewrite", "weights": rewrite_weights, "bias": -0.5}]
    model = VerdictModel(spec)
    assert model.heads == ("copy", "rewrite")
    copied, retold, neither = np.zeros(n), np.zeros(n), np.zeros(n)
    copied[0], retold[1], retold[2] = 1.0, 1.0, 0.5
    assert model.judge(copied).confidence == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert [r.feature for r in model.judge(copied).why] == [FEATURES[0]]
    judged = model.judge(retold)
    assert judged.confidence == pytest.approx(1 / (1 + math.exp(-(-0.5 + 2.0 - 0.5))))
    assert [(r.feature, r.contribution) for r in judged.why] == [(FEATURES[1], 2.0), (FEATURES[2], -0.5)]
    assert model.judge(neither).confidence == pytest.approx(1 / (1 + math.exp(0.5)))  # the higher bias
    assert list(model.confidence(np.stack([copied, retold, neither]))) == pytest.approx(
        [j.confidence for j in model.judge_many(np.stack([copied, retold, neither]))])
    # the ceiling is the strongest head's: an aligned feature at the top of its range lifts only its head
    aligned = FEATURES.index("links_log")
    rewrite_weights[aligned] = 1.0
    lifted = VerdictModel(spec | {"heads": [spec["heads"][0], {"name": "rewrite", "weights": rewrite_weights, "bias": -0.5}]})
    assert lifted.ceiling(neither, 8) == pytest.approx(1 / (1 + math.exp(-(-0.5 + math.log1p(8)))))


def test_a_head_that_requires_a_feature_does_not_speak_for_a_pair_without_it() -> None:
    # a passage head weighs a shared passage: on a pair that shares none, it would weigh the lengths
    # alone, so it is silent there and the other heads decide, the ceiling included
    n, passages = len(FEATURES), FEATURES.index("passages_log")
    long_words, short = FEATURES.index("words_short_log"), np.zeros(n)
    passage_weights = [0.0] * n
    passage_weights[long_words] = 2.0
    spec = _spec([0.0] * n)
    del spec["weights"], spec["bias"]
    spec["heads"] = [{"name": "copy", "weights": [0.0] * n, "bias": -3.0},
                     {"name": "passage", "weights": passage_weights, "bias": 0.0, "requires": "passages_log"}]
    model = VerdictModel(spec)
    long_apart, long_sharing = np.zeros(n), np.zeros(n)
    long_apart[long_words] = long_sharing[long_words] = 6.0
    long_sharing[passages] = math.log1p(1)
    assert model.judge(long_sharing).confidence == pytest.approx(1 / (1 + math.exp(-12.0)))
    assert model.judge(long_apart).confidence == pytest.approx(1 / (1 + math.exp(3.0)))  # the copy head's
    assert model.judge(long_apart).why == ()  # the copy head weighs nothing
    assert list(model.confidence(np.stack([long_sharing, long_apart, short]))) == pytest.approx(
        [j.confidence for j in model.judge_many(np.stack([long_sharing, long_apart, short]))])
    assert model.ceiling(long_apart, 8) == pytest.approx(1 / (1 + math.exp(3.0)))


@pytest.mark.parametrize("heads", [
    [{"name": "passage", "weights": [0.0] * len(FEATURES), "bias": 0.0, "requires": "passages_log"}],
    [{"name": "copy", "weights": [0.0] * len(FEATURES), "bias": 0.0},
     {"name": "passage", "weights": [0.0] * len(FEATURES), "bias": 0.0, "requires": "links_log"}],
    [{"name": "copy", "weights": [0.0] * len(FEATURES), "bias": 0.0},
     {"name": "passage", "weights": [0.0] * len(FEATURES), "bias": 0.0, "requires": "no_such_feature"}],
], ids=["every-head-gated", "gate-set-by-the-alignment", "unknown-feature"])
def test_a_head_gate_the_model_cannot_honour_is_refused(heads: list[dict]) -> None:
    spec = _spec([0.0] * len(FEATURES))
    del spec["weights"], spec["bias"]
    with pytest.raises(SettingsError, match="regenerate it"):
        VerdictModel(spec | {"heads": heads})


def test_a_model_without_an_unaligned_part_judges_unaligned_pairs_itself() -> None:
    model = VerdictModel(_spec([0.0] * len(FEATURES)))
    assert model.unaligned is model


def test_a_model_trained_on_other_features_is_refused() -> None:
    spec = _spec([0.0] * len(FEATURES))
    spec["features"] = spec["features"][:-1]
    with pytest.raises(SettingsError, match="regenerate it"):
        VerdictModel(spec)


def test_the_shipped_model_is_plain_numbers_over_these_features() -> None:
    model = default_model()
    assert model.spec["features"] == list(FEATURES)
    assert model.spec["kinds"] == list(KINDS)
    assert model.heads == ("copy", "passage", "rewrite")
    assert [h.get("requires") for h in model.spec["heads"]] == [None, "passages_log", None]
    assert model.weights_.shape == (3, len(FEATURES)) and np.isfinite(model.weights_).all()
    loose = model.unaligned  # the model of scans without alignment: its own heads and operating point
    assert loose is not model and loose.heads == model.heads and 0.0 < loose.min_confidence < 1.0
    assert not np.array_equal(loose.weights_, model.weights_) and loose.unaligned is loose
    assert 0.0 < model.min_confidence < 1.0
    assert model.spec["validation"]["expected_calibration_error"] <= 0.05


#: Pairs aligned to test the ceiling: a copy with a sentence added, a rewrite of figures, unrelated texts.
REWRITE = ("The board of Acme Corp declared a quarterly dividend of 10 cts a share on Tuesday. It is payable "
           "April 1 to holders of record March 15. First-quarter net profit rose to 12.5 mln dlrs, Acme said.")
OTHER = ("Heavy rain flooded roads across the north of the country on Monday, and the weather service warned "
         "of more storms. Schools closed in three towns. Rivers rose to their highest level in a decade.")
CEILING_PAIRS = [(STORY, LONGER), (STORY, REWRITE), (LONGER, REWRITE), (STORY, OTHER)]


def _aligned(a: str, b: str):  # type: ignore[no-untyped-def]
    """The pair's features without an alignment, with its alignment, and its most sentences."""
    from dedup.documents import Document
    from dedup.sentences import split_sentences
    from dedup.verify import align_pair, link_facts

    fa, fb = _features(a, b)
    ev = score_pair(fa, fb, len_a=len(a), len_b=len(b))
    alignment = align_pair(Document("a", a), Document("b", b))
    facts = link_facts(fa, fb, alignment, "a")
    sentences = max(len(split_sentences(a)), len(split_sentences(b)))
    return (pair_features(ev, fa, fb, None, 0.0, (a, b)), pair_features(ev, fa, fb, alignment, facts, (a, b)),
            sentences, alignment)


def test_only_the_aligned_features_change_with_an_alignment_and_stay_in_their_ranges() -> None:
    # the ceiling moves only the features aligned_ranges names: one read from the alignment and not
    # listed there would let it prune a pair that its alignment would report
    changed = set()
    for a, b in CEILING_PAIRS:
        without, aligned, sentences, alignment = _aligned(a, b)
        ranges = aligned_ranges(sentences)
        for k, name in enumerate(FEATURES):
            if without[k] != aligned[k]:
                changed.add(name)
                # or one an alignment only lowers, which the ceiling takes at its value or at 0
                assert name in ranges or (name in TRACED and 0.0 <= aligned[k] < without[k]), name
            if name in ranges:
                assert ranges[name][0] <= aligned[k] <= ranges[name][1], (name, aligned[k])
        assert len([lk for lk in alignment.links if not lk.placed]) <= sentences
    assert {"aligned", "cover_verbatim", "links_log", "run_links_log"} <= changed  # the pairs are aligned


def test_a_vector_given_its_alignment_is_the_one_computed_with_it_to_the_last_bit() -> None:
    from dedup.confidence import with_alignment
    from dedup.verify import link_facts

    for a, b in CEILING_PAIRS:
        without, aligned, _, alignment = _aligned(a, b)
        fa, fb = _features(a, b)
        given = with_alignment(without, alignment, link_facts(fa, fb, alignment, "a"))
        assert given.tobytes() == aligned.tobytes()
        assert with_alignment(without, None).tobytes() == without.tobytes()  # no alignment: as computed without
        assert not np.shares_memory(given, without)


def test_the_aligned_features_keep_the_ties_the_ceiling_counts_on() -> None:
    # the ceiling takes each group of aligned features at one corner of what they can be together: an
    # alignment whose features broke a tie (shares by kind adding up to more than the share from the
    # source, two verdicts, a run longer than the links) could be reported over a ceiling under the bar
    col = {name: FEATURES.index(name) for name in FEATURES}
    for a, b in CEILING_PAIRS:
        _, x, sentences, _ = _aligned(a, b)
        kinds = x[col["cover_verbatim"]] + x[col["cover_edited"]] + x[col["cover_paraphrase"]]
        assert kinds == pytest.approx(x[col["derived_from_source"]], abs=1e-12)
        assert x[col["aligned_with_facts"]] == pytest.approx(x[col["derived_from_source"]] * x[col["link_facts"]])
        assert x[col["wholly_derived"]] + x[col["partially_derived"]] <= 1.0
        assert x[col["run_links_log"]] <= x[col["links_log"]]
        assert max(x[col["link_score_mean"]], x[col["run_score"]]) <= x[col["link_score_max"]]
        for columns, corners in aligned_corners(sentences):  # every group's values inside its corners' box
            assert (corners.min(axis=0) <= x[columns]).all() and (x[columns] <= corners.max(axis=0)).all()


#: A money-market form filled in on two days: every sentence linked, each with a figure changed (the
#: dateline's day, an amount) beside those that stayed.
FORM_DAY_1 = ("LONDON, March 17 - The Bank of England said it forecast a shortage of around 450 mln stg in the "
              "money market today. Bills maturing in official hands will drain some 650 mln stg while a rise in "
              "note circulation will take out around 50 mln stg. Exchequer transactions and bankers balances "
              "above target will add some 200 mln stg and 40 mln stg to the system.")
FORM_DAY_2 = (FORM_DAY_1.replace("March 17", "March 19").replace("around 450 mln", "around 400 mln")
              .replace("around 50 mln", "around 30 mln")
              .replace("40 mln", "35 mln"))


def _refilled(a: str, b: str) -> float:
    _, x, _, alignment = _aligned(a, b)
    assert [lk for lk in alignment.links if not lk.placed]  # the sentences link: the share is read from them
    return float(x[FEATURES.index("links_refilled")])


def test_linked_sentences_with_their_figures_changed_tell_a_form_from_a_copy() -> None:
    assert _refilled(FORM_DAY_1, FORM_DAY_2) == 1.0  # every linked sentence filled in anew
    assert _refilled(FORM_DAY_1, FORM_DAY_1) == 0.0  # a copy keeps its figures
    # a rewrite that keeps the figures (drops the dateline's, adds none): no sentence refilled
    rewrite = ("The Bank of England forecast a money market shortage of about 450 mln stg for today. Some 650 "
               "mln stg will be drained by bills maturing in official hands, and a rise in note circulation "
               "will take out 50 mln stg. Exchequer transactions and bankers balances above target will add "
               "200 mln stg and 40 mln stg.")
    assert _refilled(FORM_DAY_1, rewrite) == 0.0
    # one that trades the dateline's day for another figure in one sentence reads as that one refilled
    assert _refilled(FORM_DAY_1, rewrite.replace("for today", "today, the most since 1986")) == pytest.approx(1 / 3)
    # one figure corrected in one sentence of three: a third, not a form
    corrected = FORM_DAY_1.replace("650 mln", "620 mln")  # the other figure of the sentence kept
    assert _refilled(FORM_DAY_1, corrected) == pytest.approx(1 / 3)
    assert _refilled(FORM_DAY_2, FORM_DAY_1) == 1.0  # symmetric
    assert SIGNS["links_refilled"] == -1  # it can only lower the confidence


#: A league's results filled in on two match days: the form's fixed wording and its referee kept, the
#: teams and scorers (names, the form's blanks) changed, the scores mostly alike.
ROUND_DAY_1 = ("Northern League results, Saturday. At Millbrook Park, referee Alan Dacre: Halton Rovers 2, Kirkby "
               "Athletic 1, with goals from Sean Tully and Ross Meara for the home side. At Ferry Lane, referee "
               "Paul Inchley: Ashworth Town 1, Selby Wanderers 1, the visitors' goal from Craig Noone. Kick-off "
               "times are subject to change, the secretary of the Northern League said.")
ROUND_DAY_2 = ("Northern League results, Saturday. At Millbrook Park, referee Alan Dacre: Halton Rovers 2, Dunmore "
               "United 1, with goals from Owen Farrow and Lewis Brack for the home side. At Ferry Lane, referee "
               "Paul Inchley: Thornbury Town 1, Selby Wanderers 1, the visitors' goal from Martin Quayle. Kick-off "
               "times are subject to change, the secretary of the Northern League said.")


def test_linked_sentences_with_their_names_changed_tell_a_form_from_a_copy() -> None:
    # the figures agree where they are read (2-1, 1-1: single digits, no figures): the names say it is a
    # form refilled, in each linked sentence that holds names on both sides; the closing sentence, linked
    # as it is with its name, counts in the base only
    assert _refilled(ROUND_DAY_1, ROUND_DAY_2) == pytest.approx(2 / 3)
    assert _refilled(ROUND_DAY_2, ROUND_DAY_1) == pytest.approx(2 / 3)  # symmetric
    assert _refilled(ROUND_DAY_1, ROUND_DAY_1) == 0.0  # a copy keeps its names


#: A rate decision and a rewrite of it that names the bank by its initials and its short name, moves a
#: name to another sentence and adds a spokesman's name.
NAMED_SOURCE = ("The European Central Bank left its deposit rate unchanged on Thursday, President Christine "
                "Lagarde told reporters in Frankfurt. The Federal Reserve is expected to cut its rates in "
                "September, analysts at Commerzbank said. Bank of England policymakers meet next week in London.")
NAMED_REWRITE = ("The ECB kept its deposit rate on hold on Thursday, Christine Lagarde told reporters, a spokesman, "
                 "Peter Ehrlich, said in Frankfurt. Analysts at Commerzbank said the Fed is expected to cut rates "
                 "in September. BoE policymakers meet in London next week.")


def test_a_rewrite_naming_by_initials_or_adding_a_name_refills_nothing() -> None:
    _, _, _, alignment = _aligned(NAMED_SOURCE, NAMED_REWRITE)
    assert len([lk for lk in alignment.links if not lk.placed]) >= 2  # the sentences link
    assert _refilled(NAMED_SOURCE, NAMED_REWRITE) == 0.0
    assert _refilled(NAMED_REWRITE, NAMED_SOURCE) == 0.0


@pytest.mark.parametrize("names, other, new", [
    ({("european", "central", "bank")}, "The ECB said.", False),  # initials of the name
    ({("ecb",)}, "The European Central Bank said.", False),  # the name spelled out
    ({("boe",)}, "The Bank of England said.", False),  # initials over a small word
    ({("federal", "reserve")}, "The Fed said.", False),  # a short name: one word of it is enough
    ({("fed",)}, "The Federal Reserve said.", False),
    ({("lagarde",)}, "Lagarde said so.", False),  # opening a sentence there
    ({("gary", "pollard")}, "Trial continues, Bradley Stott (murder).", True),
    ({("janet", "oldroyd")}, "Court 4, Tracey Lumb, Imran Saeed, of the town.", True),  # "of" spells no initials
], ids=["initials", "spelled-out", "small-word", "short-name", "long-name", "sentence-start", "other-name", "no-acronym"])
def test_a_name_is_new_only_when_the_other_text_holds_it_in_no_form(names, other, new) -> None:
    from dedup.confidence import _new_names

    assert _new_names(names, other) is new


#: A rate decision, and its rewrite writing the forecast's range with a hyphen ("6.5-7%" for "6.5% to 7%").
RANGE_SOURCE = ("The central bank kept its key rate at 16 percent on Friday, its press service said. The regulator "
                "estimates annual inflation at the end of the year at 6.5% to 7%, above its target. The next board "
                "meeting on the rate is scheduled for October 25.")
RANGE_REWRITE = ("The central bank left its key rate unchanged at 16 percent after Friday's meeting, the press service "
                 "said. The regulator estimates annual inflation at the end of the year in a range of 6.5-7%, above "
                 "target. The next board meeting on the key rate will take place on October 25.")


@pytest.mark.parametrize("written, held", [
    ("6.5-7", {"6.5"}),  # a range's ends; the single digit is no figure, as "7%" alone is none
    ("16.50-17.25", {"16.50", "17.25"}),
    ("1987-88", {"1987", "1988"}),  # a crop year's second year written short
    ("1986-1990", {"1986", "1990"}),
    ("1986/87", {"1986", "1987"}),  # a crop year with a slash, as dedup.facts reads it
    ("1999-00", {"1999", "2000"}),
    ("1969-71", {"1969", "1971"}),
    ("1987-12", {"1987", "12"}),  # no later year: the digits as they are
    ("11-5/8", {"11-5/8"}),  # a price in fractions is one figure
    ("6-1/4-6-3/8", {"6-1/4", "6-3/8"}),  # a range of two such prices
    ("3/15/87", {"3/15/87"}),  # a slash form stays whole
    ("450", {"450"}),
], ids=["decimal-range", "price-range", "crop-year", "year-range", "crop-year-slash", "crop-year-over-a-century", "years-written-short", "no-year-after", "fraction", "fraction-range", "slash-date", "plain"])
def test_held_figures_read_a_range_as_its_ends(written: str, held: set[str]) -> None:
    from dedup.confidence import _held_figures

    assert _held_figures([written]) == held


def test_a_range_written_with_a_hyphen_is_no_sentence_refilled() -> None:
    # every sentence links and keeps its figures: the range's sentence read as "6.5-7" against "6.5" was
    # a sentence refilled with other figures, a third of them
    _, _, _, alignment = _aligned(RANGE_SOURCE, RANGE_REWRITE)
    assert len([lk for lk in alignment.links if not lk.placed]) == 3
    assert _refilled(RANGE_SOURCE, RANGE_REWRITE) == 0.0


def test_the_ceiling_takes_the_best_kind_of_coverage_not_every_kind_at_once() -> None:
    # the derived text is verbatim, edited and paraphrased in shares that add up to at most all of it:
    # weights on two kinds lift the ceiling by the larger one, not by both
    n = len(FEATURES)
    weights = [0.0] * n
    weights[FEATURES.index("cover_verbatim")], weights[FEATURES.index("cover_edited")] = 1.5, 1.0
    weights[FEATURES.index("wholly_derived")], weights[FEATURES.index("partially_derived")] = 0.5, 0.25
    model = VerdictModel(_spec(weights, bias=-2.0))
    assert model.ceiling(np.zeros(n), 8) == pytest.approx(1 / (1 + math.exp(-(-2.0 + 1.5 + 0.5))))


@pytest.mark.parametrize("seed", range(6))
def test_the_ceiling_bounds_the_confidence_of_any_alignment(seed: int) -> None:
    # whatever the weights' signs (random models) and the shipped model: never under the aligned answer
    rng = np.random.default_rng(seed)
    spec = _random_spec(rng)
    for model in (VerdictModel(spec), default_model()):
        for a, b in CEILING_PAIRS:
            without, aligned, sentences, _ = _aligned(a, b)
            ceiling = model.ceiling(without, sentences)
            assert model.judge(aligned).confidence <= ceiling
            assert model.ceiling(without, sentences + 50) >= ceiling  # more sentences, a higher ceiling


def _ceiling_as_first_written(model: VerdictModel, x: np.ndarray, sentences: int) -> float:
    """:meth:`VerdictModel.ceiling` computed whole for one count: the reference of ``ceilings``."""
    from dedup.confidence import CEILING_SLACK

    kept, best = model._corners(sentences)
    z = (x - model.mean_) / model.scale_
    fixed = (model.weights_ * (kept * z)).sum(axis=1)
    located = [FEATURES.index(name) for name in TRACED]  # taken at their value or at 0, whichever weighs more
    lift = np.maximum(model.weights_[:, located] * (-model.mean_[located] / model.scale_[located] - z[located]), 0.0).sum(axis=1)
    logit = float(np.max(model._gated(x[None, :], (model.bias_ + fixed + lift + best + CEILING_SLACK)[None, :])))
    return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0


@pytest.mark.parametrize("seed", range(4))
def test_ceilings_of_one_row_equal_each_ceiling_computed_whole(seed: int) -> None:
    # one row's ceilings asked for many counts (its length's bound, then its sentences) share what does not
    # depend on the count: the same bits as each computed alone, gated heads included
    rng = np.random.default_rng(seed)
    n = len(FEATURES)
    spec = _random_spec(rng)
    for model in (VerdictModel(spec), default_model()):
        for x in [rng.normal(0.0, 1.0, n), np.zeros(n), np.abs(rng.normal(0.0, 3.0, n))]:
            ceiling = model.ceilings(x)
            for sentences in (1, 3, 8, 40, 1 << 12, 5, 1):
                assert ceiling(sentences) == _ceiling_as_first_written(model, x, sentences)
                assert model.ceiling(x, sentences) == _ceiling_as_first_written(model, x, sentences)


def test_a_pair_far_under_the_bar_has_a_ceiling_under_it() -> None:
    model = default_model()
    without, aligned, sentences, _ = _aligned(STORY, OTHER)
    assert model.ceiling(without, sentences) < model.min_confidence
    assert model.ceiling(without, 1) <= model.ceiling(without, sentences)


def test_a_text_memo_gives_the_features_of_the_caches_and_is_forgotten_after() -> None:
    # a scan's chunk reads each text's figures and form sentences once inside the memo; the features are
    # the same as read through the bounded caches, and nothing stays behind once the block ends
    from dedup import confidence

    pairs = [_aligned(a, b)[:2] for a, b in CEILING_PAIRS]
    texts = [t for pair in CEILING_PAIRS for t in pair]
    with confidence.text_memo():
        with confidence.text_memo():  # a block inside another shares its memo
            inner = [pair_features(*_args(a, b)) for a, b in CEILING_PAIRS]
        assert confidence._memo is not None and set(confidence._memo) == set(texts)
    assert confidence._memo is None
    outside = [pair_features(*_args(a, b)) for a, b in CEILING_PAIRS]
    assert all(np.array_equal(x, y) for x, y in zip(inner, outside))
    assert all(np.array_equal(x, without) for x, (without, _) in zip(outside, pairs))


def _args(a: str, b: str):  # type: ignore[no-untyped-def]
    """``pair_features``' arguments for a pair without an alignment."""
    fa, fb = _features(a, b)
    return score_pair(fa, fb, len_a=len(a), len_b=len(b)), fa, fb, None, 0.0, (a, b)


REPORT_A = ("The river burst its banks on Wednesday and about 1,800 people left their homes east of the city, "
            "officials said. Army engineers raised barriers in the old town overnight. \"We have not seen water "
            "rise this fast in a generation and we urge everyone to leave the warning zones now,\" the governor "
            "told reporters. Rail services on the western line were suspended.")
REPORT_B = ("Firefighters in boats carried elderly residents from flooded houses as the river rose. The governor "
            "said at a news conference: \"We have not seen water rise this fast in a generation and we urge "
            "everyone to leave the warning zones now.\" Hospitals postponed operations and schools closed.")


def test_shared_text_is_measured_outside_quotation_marks() -> None:
    containment = FEATURES.index("containment_unquoted")

    def x(a: str, b: str) -> np.ndarray:
        fa, fb = _features(a, b)
        return pair_features(score_pair(fa, fb, len_a=len(a), len_b=len(b)), fa, fb, texts=(a, b))

    assert x(REPORT_A, REPORT_B)[containment] == 0.0  # all they share is quoted in both
    # the same words shared outside quotation marks in one text: all of it counts
    plain = REPORT_B.replace('"', "")
    score = score_pair(*_features(REPORT_A, plain), len_a=len(REPORT_A), len_b=len(plain))
    assert x(REPORT_A, plain)[containment] == max(score.a_in_b, score.b_in_a) > 0.1
    # a copy carrying the quotation with the rest: most of what it shares is outside quotations
    copy = REPORT_A + " Schools stayed closed."
    assert 0.5 < x(REPORT_A, copy)[containment] < 1.0


def test_a_5_gram_touching_a_quotation_counts_as_quoted() -> None:
    from dedup.confidence import _touching
    from dedup.facts import quotation_spans

    text = 'He said "we go now" and left.'
    quotes = quotation_spans(text)  # [8, 19)
    starts, ends = np.array([0, 3, 10, 15, 19, 20]), np.array([7, 9, 18, 25, 28, 28])
    assert _touching(quotes, starts, ends).tolist() == [False, True, True, True, False, False]
    assert _touching(quotation_spans("no quotation"), starts, ends).tolist() == [False] * 6



#: Texts with and without numbers and quotation marks of every kind, for what the features read of a text.
READ_TEXTS = {
    "plain": "The board met on Tuesday. It made no decision and will meet again next week.",
    "no-digits-quoted": 'He said "we will not sell" and left.\n\nShe called it \u2018a fair offer\u2019 today.',
    "figures": "Profit rose to 12.5 mln dlrs from 9.8 mln. Sales were 1,250 mln dlrs in 1987.\nShr 1.20 vs 90 cts",
    "form": "The Bank of England bought 120 mln stg of bills. It bought 45 mln in band 1 at 9-7/8 pct.",
    "marks": "\u00abIl pleut\u00bb, dit-il. \u201eJa\u201c sagte er 3 mal. \u201cFine,\u201d 4 of them said. "
             "\u300c\u306f\u3044\u300d \u2039ok\u203a",
    "open-paragraph": '"This runs on\ninto the next line\n\nNew paragraph with 22 words or so here.',
    "digits-only-in-short": "Up 5. Down 12 now. Then the market closed at 1,234.56 points on the day.",
}


@pytest.mark.parametrize("text", READ_TEXTS.values(), ids=READ_TEXTS.keys())
def test_what_the_features_read_of_a_text_is_read_in_full_wherever_it_is_skipped(text: str) -> None:
    import re

    from dedup import confidence
    from dedup.facts import quotation_spans

    def slot_sentences(text: str) -> dict[str, frozenset[str]]:  # every sentence split into words
        out: dict[str, set[str]] = {}
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            words = sentence.split()
            raw = " ".join(words)
            if len(words) >= 4 and re.search(r"\d[\d.,:/-]*", raw):
                out.setdefault(re.sub(r"\d[\d.,:/-]*", "#", raw.lower()), set()).add(raw)
        return {key: frozenset(raws) for key, raws in out.items()}

    expected = (confidence._figure_set(text), slot_sentences(text), quotation_spans.__wrapped__(text))
    for memo in (True, False):
        with confidence.text_memo() if memo else contextlib.nullcontext():
            figures, slots, quotes = confidence._read_text(text)
        assert (figures, slots) == expected[:2]
        assert quotes.dtype == expected[2].dtype and quotes.tolist() == expected[2].tolist()
    assert confidence._may_quote(text) or not len(expected[2])  # skipped only where there is none


def _texts_of_every_kind(seed: int, n: int) -> list[str]:
    """Figures, sentence ends and spaces of every kind, packed close together, and plain wire copy."""
    import random

    rng = random.Random(seed)
    pieces = ["6-1/4", "2.5", "1,250", "1987", "7", "a1", "12:45", "x", "Shr", " ", "  ", "\n", "\n\n", "\t", "\xa0",
              ".", "!", "?", ". ", ".\n", "-", "/", ",", "U.S.", "٣٥", "１２", "pct", "mln"]
    return ["", "5", "Shr 12 cts vs 10 cts.\n    Net 1.2 mln vs 1.0 mln. Revs 5.1 mln?\nUp 6-1/4 to 98.734."] + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(n)]


def test_the_fast_patterns_read_what_the_reference_patterns_read() -> None:
    """Figures and sentence ends are read with patterns rewritten for speed: the same matches and cuts."""
    from dedup import confidence

    for text in _texts_of_every_kind(3, 3000):
        assert confidence._FIGURE_FAST.findall(text) == confidence._FIGURE.findall(text)
        assert confidence._SENTENCE_END_FAST.split(text) == confidence._SENTENCE_END.split(text)


def test_the_kernels_read_a_texts_figures_and_sentences_with_numbers_as_the_patterns_do(compiled: bool) -> None:
    """An ASCII text's figures and sentences with numbers by the compiled kernels (``figure_set``,
    ``slot_sentences``), else by the patterns: the same sets, the same keys in the same order, frozensets
    both; every other text by the patterns (the kernels say None for it). Texts of every kind, and ASCII
    ones packed with what the patterns turn on (digit runs and the marks between them, word characters
    after them, Python's white space \x1c-\x1f and \x0b, sentence ends and line breaks)."""
    import random

    from dedup import confidence, kernels

    rng = random.Random(5)
    pieces = ["1", "23", "4.5", "6-1/4", "12:45", ".", ",", "/", "-", ":", "a", "Z", "_", "x1", " ", "  ", "\n", "\n\n",
              "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "!", "?", ". ", "?\n", "Net", "mln", "vs", "#"]
    ascii_texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 80))) for _ in range(3000)]
    texts = _texts_of_every_kind(9, 1500) + ascii_texts
    for text in texts:
        figures, slots = confidence._figure_set.__wrapped__(text), confidence._slot_sentences.__wrapped__(text)
        want_slots = confidence._slot_sentences_py(text)
        assert figures == confidence._figure_set_py(text) and type(figures) is frozenset
        assert slots == want_slots and list(slots) == list(want_slots)
        assert all(type(raws) is frozenset for raws in slots.values())
        if compiled:
            assert (kernels.KERNELS.figure_set(text) is None) == (not text.isascii())
    assert sum(bool(confidence._slot_sentences_py(t)) for t in ascii_texts) > 500
    assert sum(len(confidence._figure_set_py(t)) > 1 for t in ascii_texts) > 500


def _longest_run_as_written(alignment, links):  # type: ignore[no-untyped-def]
    """:func:`dedup.confidence._longest_run` as first written, over the trimmed passages: the reference."""
    best = (0, 0.0)
    for passage in alignment.passages():
        lo, hi = passage.derived_span
        scores = [lk.score for lk in links if lo <= lk.derived_spans[0][0] < hi]
        if (len(scores), float(np.mean(scores)) if scores else 0.0) > best:
            best = (len(scores), float(np.mean(scores)))
    return best


# a story pasted into running text twice, with words before and after each paste that the source lacks
_PASTED_SOURCE = ("Heavy rain flooded the Danube valley on Monday, forcing 2,300 people from their homes. "
                  "Officials in Linz said the river rose 4.5 metres overnight. Rescue teams used boats to reach "
                  "villages. The national weather service expects more rain on Wednesday. Schools stayed shut.")
_PASTED = ("In other news from abroad this week, heavy rain flooded the Danube valley on Monday, forcing 2,300 people "
           "from their homes. Officials in Linz said the river rose 4.5 metres overnight. Our correspondent adds "
           "that prices of bread rose sharply in the capital's markets. Rescue teams used boats to reach villages. "
           "The national weather service expects more rain on Wednesday, we were told by phone.")


def test_the_longest_run_reads_only_the_derived_side_of_the_passages() -> None:
    from dedup.confidence import _derived_passage_spans, _longest_run
    from dedup.documents import Document
    from dedup.verify import align_pair

    seen = 0
    for a, b in [*CEILING_PAIRS, (_PASTED_SOURCE, _PASTED), (_PASTED, _PASTED_SOURCE)]:
        alignment = align_pair(Document("a", a), Document("b", b))
        if alignment is None:
            continue
        assert _derived_passage_spans(alignment) == [p.derived_span for p in alignment.passages()]
        links = [lk for lk in alignment.links if not lk.placed]
        assert _longest_run(alignment, links) == _longest_run_as_written(alignment, links)
        seen += len(alignment.passages()) > 1 or alignment.passages() != alignment.passages(trim=False)
    assert seen  # passages that trimming cuts, or more than one


def test_a_dense_script_counts_its_character_pairs_as_words() -> None:
    """The size features count words: a Thai text's content tokens are character pairs, about four to a
    word, and a Chinese or Japanese one's about 1.5; a token of another script is a word, as every token of
    a text written with spaces is."""
    from types import SimpleNamespace

    from dedup.confidence import _content_words

    def counted(text: str, starts: list[int]) -> float:
        return _content_words(SimpleNamespace(content_tokens=np.zeros(len(starts)),
                                              content_starts=np.array(starts)), text)

    thai = "ธนาคารแห่งประเทศไทย"  # 19 characters, 18 pairs
    assert counted(thai, list(range(18))) == pytest.approx(18 / 4)
    chinese = "中国人民银行宣布"  # 8 characters, 7 pairs
    assert counted(chinese, list(range(7))) == pytest.approx(7 / 1.5)
    mixed = "SK하이닉스 中国银行 HBM"  # Latin and Hangul words are words; the Han pairs are not
    assert counted(mixed, [0, 2, 7, 8, 9, 12]) == pytest.approx(3 + 3 / 1.5)
    english = "The central bank kept its key rate"
    assert counted(english, [4, 12, 17, 22, 30]) == 5.0




def test_length_and_agreement_count_only_where_evidence_is_located() -> None:
    # length and whole-text agreement weigh for reuse in a linear verdict wherever they are; located, they
    # count only with a shared passage or text the alignment traces (a salad of an article's words: long,
    # every name and figure the article's, no passage, nothing aligned)
    col = {name: FEATURES.index(name) for name in FEATURES}
    salad = " ".join(random.Random(5).choice(STORY.split()) for _ in range(600))
    for a, b in CEILING_PAIRS + [(STORY, salad)]:
        without, x, _, _ = _aligned(a, b)
        located = x[col["passages_log"]] > 0 or max(x[col["derived_from_source"]], x[col["source_used"]]) > 0
        assert x[col["length_located"]] == (x[col["words_short_log"]] if located else 0.0)
        assert x[col["facts_located"]] == (x[col["fact_agreement"]] if located else 0.0)
        # not aligned: as they are (nothing said yet)
        assert without[col["length_located"]] == without[col["words_short_log"]]
        assert without[col["facts_located"]] == without[col["fact_agreement"]]
    # aligned with no passage and nothing traced: nothing located; a passage, or any text traced: as they are
    from dedup.confidence import _located

    nothing = [1.0] + [0.0] * 15
    assert _located(nothing, 0.0, 6.0, 1.0) == [0.0, 0.0]
    assert _located(nothing, math.log1p(1), 6.0, 1.0) == [6.0, 1.0]
    assert _located([1.0, 0.0, 0.0, 0.0, 0.01] + [0.0] * 11, 0.0, 6.0, 1.0) == [6.0, 1.0]
    _, x, _, _ = _aligned(STORY, LONGER)
    assert x[col["length_located"]] == x[col["words_short_log"]] > 0.0  # a copy: located

def test_the_ceiling_takes_a_located_feature_at_its_value_or_at_none() -> None:
    # an alignment only lowers length_located: a head weighing it against reuse gains most when nothing is
    # traced, and the ceiling must bound that pair too
    col = FEATURES.index(TRACED[0])
    for sign in (1.0, -1.0):
        weights = [0.0] * len(FEATURES)
        weights[col] = sign
        model = VerdictModel(_spec(weights))
        for a, b in CEILING_PAIRS:
            without, aligned, sentences, _ = _aligned(a, b)
            assert model.judge(aligned).confidence <= model.ceiling(without, sentences)
            nothing = without.copy()
            nothing[col] = 0.0
            assert model.judge(nothing).confidence <= model.ceiling(without, sentences)


#: A Dutch company report, a desk's rewrite of it that writes its figures otherwise ("1400" for "1.400",
#: "3.5" for "3,5", "1.300.000" for "1,3 miljoen"), and the same form filled in on another day.
DUTCH_SOURCE = ("AMSTERDAM - Het bedrijf boekte vorig jaar een omzet van 1.400 miljoen euro, meldde de directie op "
                "17 maart in een verklaring. De winst van het bedrijf steeg met 3,5 procent tot 2.000 miljoen euro, "
                "aldus de directie. Het aantal klanten van het bedrijf nam vorig jaar toe tot 1,3 miljoen, tegen "
                "1,1 miljoen een jaar eerder.")
DUTCH_REWRITE = ("Het bedrijf boekte in het afgelopen jaar een omzet van 1400 miljoen euro, zo meldde de directie op "
                 "17 maart in een verklaring. De winst van het bedrijf nam toe met 3.5 procent tot 2000 miljoen euro, "
                 "aldus de directie. Het aantal klanten van het bedrijf steeg vorig jaar tot 1.300.000, tegen "
                 "1.100.000 een jaar eerder.")
#: The form filled in on the next day: in each sentence one figure changed beside one kept.
DUTCH_NEXT_DAY = (DUTCH_SOURCE.replace("17 maart", "18 maart").replace("3,5", "4,1")
                  .replace("1,3 miljoen", "1,4 miljoen"))
#: A German rate report and its rewrite writing "1400" for "1.400" and "3.5" for "3,5".
GERMAN_SOURCE = ("FRANKFURT - Die Bank hat im vergangenen Jahr 1.400 neue Stellen geschaffen, teilte das Institut am "
                 "Dienstag mit. Der Gewinn der Bank stieg um 3,5 Prozent auf 2.750 Millionen Euro, sagte der "
                 "Vorstandschef. Die Zahl der Filialen der Bank sank im vergangenen Jahr auf 3.200.")
GERMAN_REWRITE = ("Die Bank hat im vergangenen Jahr 1400 neue Stellen geschaffen, wie das Institut am Dienstag "
                  "mitteilte. Der Gewinn der Bank stieg um 3.5 Prozent auf 2750 Millionen Euro, sagte der "
                  "Vorstandschef. Die Zahl der Filialen der Bank sank im vergangenen Jahr auf 3200.")
ENGLISH_GROUPED = FORM_DAY_1.replace("450 mln", "1,450 mln").replace("650 mln", "2,650 mln")
ENGLISH_UNGROUPED = FORM_DAY_1.replace("450 mln", "1450 mln").replace("650 mln", "2650 mln")


def test_a_rewrite_writing_its_figures_otherwise_is_no_form_refilled() -> None:
    # each side's figures read by value in its language: thousands' full stops, a decimal comma, a million
    # written as a word are the figures the other side writes otherwise (as written, every link refilled)
    assert _refilled(DUTCH_SOURCE, DUTCH_REWRITE) == 0.0
    assert _refilled(DUTCH_REWRITE, DUTCH_SOURCE) == 0.0
    assert _refilled(GERMAN_SOURCE, GERMAN_REWRITE) == 0.0
    assert _refilled(ENGLISH_GROUPED, ENGLISH_UNGROUPED) == 0.0  # English "1,450" / "1450"


def test_a_form_of_two_days_in_a_language_of_decimal_commas_is_still_refilled() -> None:
    assert _refilled(DUTCH_SOURCE, DUTCH_NEXT_DAY) == 1.0  # every value changed, however written
    assert _refilled(ENGLISH_GROUPED, FORM_DAY_2.replace("450 mln", "1,450 mln")
                     .replace("650 mln", "2,650 mln")) == 1.0


@pytest.mark.parametrize("text, comma, values", [
    ("omzet van 1.400 miljoen en 3,5 procent", True, {"1400000000", "3.5"}),
    ("omzet van 1400 miljoen en 3.5 procent", True, {"1400000000", "3.5"}),  # "3.5": no group of three
    ("1,3 miljoen klanten, 1.300.000 klanten, 640 duizend", True, {"1300000", "640000"}),
    ("3 miljoen klanten", True, {"3000000"}),  # a single digit with its word for millions is a figure
    ("1 300 000 kunder", True, {"1300000"}),  # thousands grouped with spaces
    ("rose 1,200 from 1200.50 and 3,5", False, {"1200", "1200.5", "3,5"}),  # English: "3,5" as written
    ("1.400 shares", False, {"1.4"}),  # English reads a full stop as a decimal point
    ("6,5-7 procent in 1987-88", True, {"6.5", "1987", "1988"}),  # ranges and crop years as before
    ("11-5/8 and 3/15/87", False, {"11-5/8", "3/15/87"}),
], ids=["nl-grouped", "nl-plain", "nl-multiplied", "nl-single-digit-million", "space-groups", "en", "en-point",
        "ranges", "fractions"])
def test_link_figures_are_read_by_value(text: str, comma: bool, values: set[str]) -> None:
    from dedup.confidence import _link_figures

    assert _link_figures(text, [(0, len(text))], comma) == values


# --- figures read by value in the verdict outside English (the whole-text agreement and the links) ---

#: A Spanish story and a desk's restatement of it: thousands without their full stops, a decimal point for the
#: decimal comma, millions written out.
SPANISH_SOURCE = ("MADRID - La empresa registró el año pasado unas ventas de 1.400 millones de euros, informó la "
                  "dirección en un comunicado. El beneficio creció un 3,5 por ciento hasta 2.000 millones de euros, "
                  "según la dirección. El número de clientes de la empresa aumentó hasta 1,3 millones.")
SPANISH_REWRITE = ("La empresa tuvo el año pasado ventas por 1400 millones de euros, según informó la dirección. El "
                   "beneficio subió un 3.5 por ciento hasta 2000 millones de euros, dijo la dirección. Los clientes "
                   "de la empresa sumaron 1.300.000.")


def test_whole_text_figures_are_read_by_value_outside_english() -> None:
    from dedup.confidence import _figure_agreement, _text_figures

    # as written the two share no figure (every one restated); by value they agree on each
    source, rewrite = _text_figures(SPANISH_SOURCE), _text_figures(SPANISH_REWRITE)
    assert source == rewrite == {"1400000000", "3.5", "2000000000", "1300000"}
    assert _figure_agreement(source, rewrite)[:2] == [1.0, 1.0]


def test_whole_text_figures_stay_as_written_in_english_and_dense_scripts() -> None:
    from dedup.confidence import _figure_set, _text_figures

    english = "The company sold 1,400 million euros of goods, up 3.5 percent, to 1.3 million customers."
    assert _text_figures(english) == _figure_set(english)  # the model was trained on figures as written
    japanese = "同社の売上高は前年比3.5%増の1400億円となり、顧客数は130万人に達した。"
    assert _text_figures(japanese) == _figure_set(japanese)


def test_an_arabic_link_restating_a_decimal_comma_refills_nothing() -> None:
    from dedup.confidence import _link_figures

    maghreb = "ضرب زلزال بقوة 5,8 درجات على مقياس ريختر المنطقة الجبلية صباح الثلاثاء وفق المعهد الوطني"
    mashreq = "ضرب زلزال بقوة 5.8 درجات على مقياس ريختر المنطقة الجبلية صباح الثلاثاء وفق المعهد الوطني"
    assert _link_figures(maghreb, [(0, len(maghreb))], False) == _link_figures(mashreq, [(0, len(mashreq))], False) == {"5.8"}

#: A ferry operator's service notice filled in on two days: the sentences of figures all changed (the
#: aligner leaves them unlinked, their figures conflicting), the fixed ones kept with their own figures
#: (a phone number, the hour of the next notice).
FERRY_DAY_1 = ("Harbour Lines service notice, 7 a.m. Friday. Sailings on the northern route resumed after 14 "
               "hours of gales, with 23 of the 40 scheduled crossings running. A backlog of 1,150 vehicles is "
               "waiting at the terminals, most of them freight lorries bound for Larne and Cairnryan. Crews "
               "expect to clear 60 percent of the backlog by Saturday night. Passengers should check their "
               "sailing before travelling or call 0800 214 377. Our next notice will be issued at 6 p.m.")
FERRY_DAY_2 = ("Harbour Lines service notice, 7 a.m. Saturday. Sailings on the northern route resumed after 31 "
               "hours of gales, with 36 of the 42 scheduled crossings running. A backlog of 480 vehicles is "
               "waiting at the terminals, most of them freight lorries bound for Cairnryan. Crews "
               "expect to clear 85 percent of the backlog by Sunday night. Passengers should check their "
               "sailing before travelling or call 0800 214 377. Our next notice will be issued at 6 p.m.")
#: Another desk's copy of the first day's notice, one figure corrected ("1,150" written "1,170").
FERRY_COPY = FERRY_DAY_1.replace("1,150", "1,170").replace("Harbour Lines service notice, 7 a.m. Friday. ", "")
#: A rewrite of the first day's notice restating its figures in words and shares.
FERRY_REWRITE = ("The northern route's ferries were sailing again on Friday after fourteen hours of gales, though "
                 "only 23 crossings out of 40 ran. Some 1,150 vehicles, mostly freight lorries heading for Larne "
                 "and Cairnryan, are still queueing at the terminals, and Harbour Lines hopes to have three in five "
                 "of them moving by Saturday night. Travellers were told to check their sailing or call 0800 214 377.")


def test_a_form_whose_refilled_sentences_do_not_link_reads_as_refilled() -> None:
    # its refilled sentences are left unlinked (their figures conflict), and its fixed sentences link with
    # their figures kept: on the links alone a copy (0.0), with the unlinked sentences alike in wording
    # but for figures that differ (three of them) counted as refilled, half of it
    _, _, _, alignment = _aligned(FERRY_DAY_1, FERRY_DAY_2)
    linked = {i for lk in alignment.links if not lk.placed for i in lk.derived_sentences}
    assert len(linked) >= 2 and len(linked) < len(alignment.derived_sentences) - 2
    assert _refilled(FERRY_DAY_1, FERRY_DAY_2) >= 0.5
    assert _refilled(FERRY_DAY_2, FERRY_DAY_1) == _refilled(FERRY_DAY_1, FERRY_DAY_2)  # symmetric
    # a copy keeps its figures, and one corrected reads as one sentence of several; a rewrite restating
    # them rewords its sentences, which are then not alike
    assert _refilled(FERRY_DAY_1, FERRY_DAY_1) == 0.0
    assert _refilled(FERRY_DAY_1, FERRY_COPY) <= 0.25
    assert _refilled(FERRY_DAY_1, FERRY_REWRITE) == 0.0


def test_sentences_left_unlinked_count_only_when_alike_but_for_figures_that_differ() -> None:
    from dedup.confidence import _alike_but_figures

    day1 = "sailings resumed after hours of gales with of the scheduled crossings running".split()
    assert _alike_but_figures(day1, day1)
    assert _alike_but_figures(day1, [w for w in day1 if w != "scheduled"])  # a word of a list dropped
    reworded = "the ferries were sailing again after hours of gales though only crossings out of ran".split()
    assert not _alike_but_figures(day1, reworded)


def test_a_story_sent_again_with_its_datelines_day_changed_refills_no_unlinked_sentence() -> None:
    # the same story sent on another day, its opening sentence's dateline day changed: were that sentence
    # left unlinked, a day of the month is no form's figure, so the pair of it counts for nothing; the
    # same sentence with another count of ships waiting is one refilled
    from dedup.confidence import _unlinked_with_figures

    day1 = "PORTLAND, April 21 - There were 5 grain ships loading and 13 ships waiting to load at the port."
    sentence = [type("S", (), {"start": 0, "end": len(day1), "text": day1})()]
    day2 = day1.replace("April 21", "April 23")
    (words_1, figures_1), = _unlinked_with_figures(day1, sentence, set(), False)
    (words_2, figures_2), = _unlinked_with_figures(day2, sentence, set(), False)
    assert words_1 == words_2 and figures_1 == figures_2 == {"13"}
    (_, figures_3), = _unlinked_with_figures(day2.replace("13 ships", "17 ships"), sentence, set(), False)
    assert figures_1 - figures_3 and figures_3 - figures_1


def test_without_days_leaves_out_a_dates_day_of_the_month() -> None:
    from dedup.confidence import _link_figures, _without_days

    text = "LONDON, March 17 - 450 mln stg on 8 July 2024, in 1987 and at 12.5 pct"
    # "450 mln" by value (figures52: English words for millions multiply their figure)
    assert _link_figures(text, [(0, len(text))], False) == {"17", "450000000", "2024", "1987", "12.5"}
    assert _link_figures(text, _without_days(text, (0, len(text))), False) == {"450000000", "2024", "1987", "12.5"}
    # a date's year stays, so that a date on one side and the year alone on the other keep it alike
    dated = "welcomed 14 recruits on December 2, 2007 and 21 more"
    assert _link_figures(dated, _without_days(dated, (0, len(dated))), False) == {"14", "2007", "21"}
    assert _without_days(text, (0, 6), (8, 12)) == [(0, 6), (8, 12)]  # a date across two stretches: in neither


def test_one_sentence_left_unlinked_with_its_figures_changed_is_a_correction_not_a_form() -> None:
    # one sentence of several with its figures changed is a correction or an update; two or more, a form
    # filled in again (one alone had counted, and its share moved resent stories' confidence)
    one = FERRY_DAY_1.replace("A backlog of 1,150 vehicles", "A backlog of 480 vehicles")
    assert _refilled(FERRY_DAY_1, one) == 0.0
    assert _refilled(FERRY_DAY_1, one.replace("clear 60 percent", "clear 85 percent")) >= 0.5


# --- English multipliers and number words in a link's figures (figures52) ---

#: A wire story and a rewrite restating its figures: "1.3 million" for "1,300,000", "2.5 billion" for "2,500 mln",
#: "2.1 billion" for "2.1 bln", "fourteen" for "14", beside figures kept as written (the sentences link).
ENGLISH_WIRE = ("LONDON, March 17 - The airline said it carried 1,300,000 passengers in February against 1,150,000 a "
                "year earlier, a rise of 13 pct, the company said in a statement. Revenue rose to 2,500 mln dlrs from "
                "2.1 bln dlrs a year earlier, the airline said. The airline said it would add 14 routes to its network "
                "of 120 routes this year.")
ENGLISH_RESTATED = ("The airline carried 1.3 million passengers in February against 1,150,000 a year earlier, a rise "
                    "of 13 pct, the company said in a statement. Revenue rose to 2.5 billion dlrs from 2.1 billion dlrs "
                    "a year earlier, the airline said. The airline said it would add fourteen routes to its network of "
                    "120 routes this year.")


def test_an_english_rewrite_restating_millions_and_number_words_refills_nothing() -> None:
    # as written two sentences of three refilled (0.67): "1,300,000" / "1.3", "2,500" / "2.5"
    assert _refilled(ENGLISH_WIRE, ENGLISH_RESTATED) == 0.0
    assert _refilled(ENGLISH_RESTATED, ENGLISH_WIRE) == 0.0


def test_an_english_form_of_two_days_written_in_millions_is_still_refilled() -> None:
    next_day = (ENGLISH_RESTATED.replace("1.3 million", "1.4 million").replace("13 pct", "22 pct")
                .replace("2.5 billion", "2.7 billion").replace("fourteen routes", "twelve routes"))
    assert _refilled(ENGLISH_WIRE, next_day) == 1.0


@pytest.mark.parametrize("text, values", [
    ("carried 1.3 million passengers, 1,300,000 in all", {"1300000"}),
    ("rose to $1.3 mln from 1.1 bln dlrs and 2.5bn", {"1300000", "1100000000", "2500000000"}),
    ("fourteen people, a twenty-five-year-old, six million", {"14", "25", "6000000"}),
    ("a 1.3 metre wall, 1.3m high, the second of nine", {"1.3"}),  # "1.3m" no figure as written; units, ordinals none
], ids=["million", "mln-bln-bn", "words", "as-written"])
def test_english_link_figures_read_words_for_millions_and_number_words(text: str, values: set[str]) -> None:
    from dedup.confidence import _link_figures

    assert _link_figures(text, [(0, len(text))], False) == values
