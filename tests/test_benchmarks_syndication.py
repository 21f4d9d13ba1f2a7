"""The syndication benchmark's parts on hand-written text: SGML reader, transformations, metrics.

No Reuters data is needed: every story here is written for the test.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from reuters import Story, paragraphs, parse_date, parse_sgml, strip_signoff  # noqa: E402
from synd_groups import near_duplicate_pairs, shingles, template_key  # noqa: E402
from synd_metrics import Found, cluster_ari, score  # noqa: E402
from synd_text import MarkovChain, spell_out, split_sentences, swap_words  # noqa: E402
from synd_transforms import TRANSFORMS, Source  # noqa: E402

SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" NEWID="7">
<DATE> 3-MAR-1987 09:15:30.12</DATE>
<TOPICS><D>grain</D><D>wheat</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<TEXT>&#2;
<TITLE>FARM GROUP SEES &lt;LARGER&gt; WHEAT CROP</TITLE>
<DATELINE>    KANSAS CITY, March 3 - </DATELINE><BODY>A farm group said on Tuesday the
winter wheat crop will be larger than expected.
    Rain in February helped the plants, the group said.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE> 3-MAR-1987 09:20:00.00</DATE>
<TOPICS></TOPICS>
<TEXT TYPE="BRIEF">&#2;
<TITLE>BRIEF WITHOUT A BODY</TITLE>
</TEXT>
</REUTERS>
"""

STORY = Source(
    id="wire-1",
    title="HARBOUR CITY PORT PROFIT ROSE IN 1986",
    place="HARBOUR CITY",
    paragraphs=(
        "The Harbour City port company said its profit rose 12 pct to 40 mln dlrs in 1986, helped by "
        "record container traffic and lower fuel costs.",
        "Container volumes increased by a fifth during the year, the company said in a statement on Monday.",
        "The chairman of the port said the company expects higher traffic in 1987 as new shipping lines "
        "arrive. Officials said the government would not change the port fees this year.",
        "Analysts said the results were better than expected, and several brokers raised their forecasts "
        "for the current year. Shares in the company rose 30 cts to 5.20 dlrs.",
        "The port handled about 2.1 mln containers, up from 1.7 mln a year earlier, the company said.",
        "It said it would invest 120 mln dlrs over three years in new cranes and a larger terminal, "
        "which will open in 1989. Talks with the unions on working hours continued, it added.",
        "Revenue rose to 310 mln dlrs from 280 mln, the company reported, while costs fell slightly.",
    ),
)
CHAIN_TEXT = (
    "The ministry said exports rose in March. Traders said prices fell on Tuesday. The bank said "
    "it would cut rates. Officials said talks would continue next week. The company said sales rose."
)


@pytest.fixture(scope="module")
def chain() -> MarkovChain:
    return MarkovChain([CHAIN_TEXT])


def test_sgml_reader_reads_fields_and_keeps_signoff() -> None:
    stories = list(parse_sgml(SGML))
    assert [s.newid for s in stories] == [7, 8]
    story = stories[0]
    assert story.id == "reuters-7"
    assert story.published == "1987-03-03T09:15:30Z"
    assert story.topics == ("grain", "wheat")
    assert story.title == "FARM GROUP SEES <LARGER> WHEAT CROP"
    assert story.dateline == "KANSAS CITY, March 3 -"
    assert story.body.endswith("Reuter")
    assert "\n    Rain in February" in story.body  # the wire layout is kept
    assert story.text.startswith("KANSAS CITY, March 3 - A farm group")
    assert stories[1].body == ""


def test_paragraphs_unwrap_and_drop_signoff() -> None:
    body = next(iter(parse_sgml(SGML))).body
    assert paragraphs(body) == [
        "A farm group said on Tuesday the winter wheat crop will be larger than expected.",
        "Rain in February helped the plants, the group said.",
    ]
    assert strip_signoff("Table row (3.1).      REUTER") == "Table row (3.1)."


@pytest.mark.parametrize("raw, expected", [(" 3-MAR-1987 09:15:30.12", "1987-03-03T09:15:30Z"), ("junk", None)],
                         ids=["wire-date", "unparseable"])
def test_parse_date(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


def test_sentence_splitter_keeps_abbreviations() -> None:
    assert split_sentences("Acme Corp. said U.S. sales rose 5.1 pct. Mr. Smith agreed.") == [
        "Acme Corp. said U.S. sales rose 5.1 pct.", "Mr. Smith agreed."]


def test_word_swaps_and_wire_style() -> None:
    assert spell_out("profit of 5 mln dlrs, up 3 pct") == "profit of $5 million, up 3 percent"
    text, n = swap_words("The company said profit rose.", random.Random(1), 1.0)
    assert n == 4 and "company" not in text
    assert swap_words("It is said to be cheap.", random.Random(1), 1.0)[0] == "It is said to be cheap."


@pytest.mark.parametrize("kind", sorted(TRANSFORMS), ids=sorted(TRANSFORMS))
def test_transformations_are_deterministic_from_the_seed(kind: str, chain: MarkovChain) -> None:
    first = TRANSFORMS[kind](STORY, random.Random(13), chain)
    again = TRANSFORMS[kind](STORY, random.Random(13), chain)
    assert first == again
    assert first.kind == kind


def _words(text: str) -> list[str]:
    return text.split()


def test_reprint_is_verbatim(chain: MarkovChain) -> None:
    derived = TRANSFORMS["reprint"](STORY, random.Random(3), chain)
    body = derived.text[len(derived.dateline):]
    assert _words(body) == _words(" ".join(STORY.paragraphs))
    assert derived.title != STORY.title and derived.dateline


@pytest.mark.parametrize("seed", range(5))
def test_partial_is_a_prefix_of_whole_sentences(seed: int, chain: MarkovChain) -> None:
    derived = TRANSFORMS["partial"](STORY, random.Random(seed), chain)
    taken = [src for src in derived.sentence_map() if src != "new"]
    n = len(taken)
    assert taken == [[i] for i in range(n)] and 2 <= n < STORY.n_sentences
    copied = " ".join(s for s, m in zip(derived.sentences, derived.sentence_map()) if m != "new")
    assert " ".join(STORY.paragraphs).startswith(copied)


@pytest.mark.parametrize("seed", range(5))
def test_rewrite_maps_every_derived_sentence(seed: int, chain: MarkovChain) -> None:
    derived = TRANSFORMS["rewrite"](STORY, random.Random(seed), chain)
    mapping = derived.sentence_map()
    assert len(mapping) == len(derived.sentences)
    assert all(m == "new" or (m and all(0 <= i < STORY.n_sentences for i in m)) for m in mapping)
    assert "new" in mapping and any(m != "new" for m in mapping)
    assert derived.text != " ".join(STORY.paragraphs)


def test_reordered_keeps_every_sentence_in_another_order(chain: MarkovChain) -> None:
    mapping = TRANSFORMS["reordered"](STORY, random.Random(2), chain).sentence_map()
    assert sorted(i for m in mapping for i in m) == list(range(STORY.n_sentences))
    assert mapping != sorted(mapping)


def test_light_edit_changes_few_words(chain: MarkovChain) -> None:
    derived = TRANSFORMS["light_edit"](STORY, random.Random(4), chain)
    copied = [s for s, m in zip(derived.sentences, derived.sentence_map()) if m != "new"]
    same = sum(a == b for s in copied for a, b in zip(s.split(), _sentence_of(s, derived).split()))
    assert same / sum(len(s.split()) for s in copied) >= 0.8


def _sentence_of(sentence: str, derived) -> str:  # the source sentence a copied one came from
    index = derived.sentence_map()[derived.sentences.index(sentence)][0]
    return [s for p in STORY.structure() for s, _ in p][index]


def test_near_duplicates_are_exact_jaccard() -> None:
    vocabulary: dict[str, int] = {}
    base = " ".join(f"word{i}" for i in range(60))
    sets = {k: shingles(t, vocabulary=vocabulary) for k, t in
            {"a": base, "b": base + " extra", "c": " ".join(f"other{i}" for i in range(60))}.items()}
    assert [p[:2] for p in near_duplicate_pairs(sets, 0.8)] == [("a", "b")]


@pytest.mark.parametrize("title, topics, key", [
    ("ACME INC <ACM> 1ST QTR NET", ["earn"], "earn:results"),
    ("ACME INC SETS QUARTERLY DIVIDEND", ["earn"], "earn:dividend"),
    ("EGYPT TENDERS FOR WHEAT", ["grain", "wheat"], "grain:tender"),
    ("MINISTER RESIGNS", ["politics"], None),
], ids=["results", "dividend", "commodity", "none"])
def test_template_key(title: str, topics: list[str], key: str | None) -> None:
    assert template_key(title, topics) == key


TRUTH = {
    "seed": 1,
    "documents": {d: {"kind": k} if k else {} for d, k in
                  [("s1", None), ("r1", "reprint"), ("w1", "rewrite"), ("s2", None), ("p2", "partial"),
                   ("t1", None), ("t2", None), ("x", None)]},
    "pairs": [{"a": "r1", "b": "s1", "kind": "reprint"}, {"a": "s1", "b": "w1", "kind": "rewrite"},
              {"a": "p2", "b": "s2", "kind": "partial"}],
    "clusters": [["r1", "s1", "w1"], ["p2", "s2"]],
    "template_groups": [["t1", "t2"]],
    "related": [],
}


def test_metrics_on_a_tiny_fake_result() -> None:
    found = [Found("r1", "s1", "duplicate"), Found("r1", "w1", "duplicate"), Found("t1", "t2", "rewrite"),
             Found("p2", "s2", "partial")]
    s = score(TRUTH, found, [["r1", "s1", "w1"], ["t1", "t2"], ["p2", "s2"]])
    assert s.recall == pytest.approx({"reprint": 1.0, "light_edit": float("nan"), "partial": 1.0,
                                      "reordered": float("nan"), "rewrite": 0.0, "real_duplicate": float("nan")},
                                     nan_ok=True)
    assert s.overall["precision"] == pytest.approx(3 / 4) and s.overall["recall"] == pytest.approx(2 / 3)
    assert s.precision_by_verdict == {"duplicate": 1.0, "partial": 1.0, "rewrite": 0.0}
    assert (s.template_fp, s.template_fp_rewrite, s.template_same_subject) == (1, 1, 0)
    assert s.precision["rewrite"] == 1.0  # the r1-w1 pair is a copy of a copy: right
    assert [(f.a, f.b) for f in s.false_positives] == [("t1", "t2")]


def test_related_pairs_are_ignored() -> None:
    truth = {**TRUTH, "related": [["s1", "x", 0.5, 0.7]]}
    s = score(truth, [Found("s1", "x", "duplicate"), Found("r1", "s1", "duplicate")], [])
    assert s.ignored == 1 and s.overall["precision"] == 1.0 and not s.false_positives


def test_ari_is_one_for_identical_clusterings() -> None:
    ids = ["a", "b", "c", "d"]
    assert cluster_ari(ids, [["a", "b"]], [["b", "a"]]) == pytest.approx(1.0)
    assert cluster_ari(ids, [["a", "b"]], [["c", "d"]]) < 0.5



def test_results_section_is_replaced_and_notes_kept(tmp_path: Path) -> None:
    from quality import update_results

    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n## Speed\n\nfast\n", encoding="utf-8")
    update_results(results, "table one")
    text = results.read_text(encoding="utf-8").replace("table one", "table one\n") + "\nmy notes\n"
    results.write_text(text, encoding="utf-8")
    update_results(results, "table two")
    text = results.read_text(encoding="utf-8")
    assert "## Speed\n\nfast" in text and "table two" in text and "table one" not in text
    assert text.count("## Syndication set") == 1 and "my notes" in text


def test_parse_date_accepts_the_double_space_some_stories_have() -> None:
    assert parse_date("3-MAR-1987  09:15:05.40") == "1987-03-03T09:15:05Z"


def test_markov_chain_does_not_loop_on_table_cells() -> None:
    chain = MarkovChain(["Stocks were 04/09/87 03/09/87 04/09/87 03/09/87 04/09/87 03/09/87 in the week."])
    sentence = chain.sentence(random.Random(1), min_words=1)
    assert sentence.count("04/09/87") <= 1


def test_template_pairs_on_one_subject_are_counted_apart() -> None:
    found = [Found("t1", "t2", "rewrite"), Found("t1", "t3", "partial"), Found("t2", "t3", "duplicate")]
    truth = TRUTH | {"template_groups": [["t1", "t2", "t3"]]}
    titles = {"t1": "MURRAY OHIO <MUR> SEES HIGHER NET", "t2": "Murray Ohio <MYO> sees higher 1st qtr earnings",
              "t3": "ACME CORP 1ST QTR NET"}
    s = score(truth, found, [], titles)
    # t1/t2: one company's story twice (counted apart); t1/t3 and t2/t3: two companies' notices
    assert (s.template_fp, s.template_fp_rewrite, s.template_same_subject) == (2, 0, 1)
    assert len(s.false_positives) == 3  # all three still wrong pairs
    without = score(truth, found, [])
    assert (without.template_fp, without.template_fp_rewrite, without.template_same_subject) == (3, 1, 0)


@pytest.mark.parametrize("title, name", [
    ("MURRAY OHIO <MUR> SEES HIGHER FIRST QUARTER NET", "MURRAY OHIO"),
    ("CORRECTED - SUN ELECTRIC CORP <SE> 1ST QTR NET", "SUN ELECTRIC CORP"),
    ("<PAGE PETROLEUM LTD> YEAR LOSS", "PAGE PETROLEUM LTD"),
    ("PAKISTAN UNVEILS NEW TRADE POLICY", None),
], ids=["ticker", "resent", "bracketed", "no-ticker"])
def test_company_is_the_name_before_the_ticker(title: str, name: str | None) -> None:
    from make_syndication import company

    assert company(title) == name


def _story(newid: int, title: str, published: str, body: str) -> Story:
    return Story(newid, published, ("earn",), title, "CITY, March 18 -", body + "\n Reuter\n")


def test_one_companys_story_twice_the_same_day_is_related_not_a_template() -> None:
    from make_syndication import Collection, story_versions

    body = "Acme Corp said it expects first quarter earnings to be higher than a year ago on strong sales."
    stories = {s.id: s for s in [
        _story(1, "ACME CORP <ACM> SEES HIGHER 1ST QTR NET", "1987-03-18T14:42:20Z", body),
        _story(2, "ACME CORP <ACX> SEES HIGHER FIRST QUARTER EARNINGS", "1987-03-18T15:34:16Z", body + " It said so."),
        _story(3, "ACME CORP <ACM> SEES HIGHER 2ND QTR NET", "1987-06-18T14:42:20Z", body),  # another day
        _story(4, "ACME TOOL <ATL> SEES HIGHER 1ST QTR NET", "1987-03-18T16:00:00Z", body),  # another company
        _story(5, "USDA ESTIMATES CANADIAN CROPS", "1987-03-18T16:01:00Z", body),  # no ticker: a form
        _story(6, "USDA ESTIMATES EUROPEAN CROPS", "1987-03-18T16:02:00Z", body),
    ]}
    col = Collection(stories, {}, {}, [])
    found = story_versions(col, [sorted(stories)])
    assert [(a, b) for a, b, *_ in found] == [("reuters-1", "reuters-2")]
    a, b, jaccard, containment, run = found[0]
    assert 0 < jaccard < 1 and containment == 1.0 and run >= 15
