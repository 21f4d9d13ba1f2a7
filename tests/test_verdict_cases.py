"""The learned verdict on named small cases, end to end (scan and compare of two articles): the verdict,
and that the confidence orders the cases as a reader would."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

from dedup import Document, scan
from dedup.decision import Thresholds
from dedup.pipeline import compare
from test_pipeline import REUSED, REWORDED

WIRE = (
    "ROTTERDAM, March 4 - Dockworkers at the port of Rotterdam walked off the job on Tuesday in a dispute over "
    "automated cranes, halting container traffic at Europe's largest port for the second time this year.\n\n"
    "The FNV union said about 4,200 of its members joined the 48-hour strike after talks with the employers' "
    "association broke down late on Monday. The union wants guarantees that no jobs will be cut when the "
    "Maasvlakte terminals switch to remote-controlled cranes next year.\n\n"
    "Port operator Havenbedrijf said 31 container ships were waiting at anchor off the Hook of Holland on "
    "Tuesday afternoon and that at least 14 more were expected by Wednesday. Shipping lines Maersk and "
    "Hapag-Lloyd said they were diverting some vessels to Antwerp and Hamburg.\n\n"
    "Employers' spokesman Pieter de Vries said the union's demands would make the terminals uncompetitive. "
    "\"Automation is not a choice, it is what our customers expect,\" he told reporters.\n\n"
    "The last strike, in January, cost the port an estimated 60 million euros in lost business, according "
    "to the Rotterdam chamber of commerce. The union said further walkouts were planned for later in March "
    "if no agreement was reached."
)
REPRINT_BODY = WIRE.split(" - ", 1)[1]
REPRINT = "Port strike halts Rotterdam containers\n\n" + REPRINT_BODY
HEAVY_REWRITE = (
    "Container traffic at Rotterdam, the biggest port in Europe, has come to a standstill after dock "
    "workers began a strike over the introduction of automated cranes - the second stoppage this year.\n\n"
    "Some 4,200 members of the FNV union are taking part in the two-day action, which began after "
    "negotiations with the employers collapsed on Monday evening. The union is demanding a promise that the "
    "move to remote-controlled cranes at the Maasvlakte terminals next year will not cost any jobs.\n\n"
    "According to port operator Havenbedrijf, 31 container vessels lay at anchor near the Hook of Holland by "
    "Tuesday afternoon, with 14 or more due to arrive by Wednesday. Maersk and Hapag-Lloyd are sending some of "
    "their ships to Antwerp and Hamburg instead.\n\n"
    "Pieter de Vries, speaking for the employers, argued that meeting the union's demands would leave the "
    "terminals unable to compete, saying customers expect automation.\n\n"
    "January's strike is estimated by the Rotterdam chamber of commerce to have cost the port 60 million "
    "euros. More walkouts could follow later this month if there is no deal, the union warned."
)
OTHER_REPORT = (
    "AMSTERDAM, March 4 - Shipping lines began steering vessels away from Rotterdam on Tuesday as a two-day "
    "stoppage by port workers left container terminals idle, adding to delays in European supply chains.\n\n"
    "Maersk, the world's second-largest container carrier, told customers in a note that cargo bound for "
    "Rotterdam could be held up by up to a week. Hapag-Lloyd said it had rerouted three ships to Antwerp.\n\n"
    "Freight forwarders in the Netherlands said importers of fresh produce were worst affected. \"We have "
    "refrigerated boxes of fruit sitting on ships outside the harbour,\" said Anke Mulder of the Dutch "
    "forwarders' association FENEX, adding that some customers had begun flying goods in instead.\n\n"
    "The FNV union is protesting plans to introduce remote-controlled cranes at the Maasvlakte terminals. "
    "Analysts at ING estimated the disruption would cost Dutch exporters around 25 million euros a day, and "
    "said a longer dispute could push up container freight rates across northern Europe."
)
TEMPLATE_A = (
    "Northgate Mining Corp said its board declared a quarterly dividend of 12 cts a share, payable July 15 "
    "to shareholders of record June 30. The company said the dividend is unchanged from the previous quarter. "
    "Northgate, based in Toronto, said first-quarter net profit rose to 14.2 mln dlrs, or 41 cts a share, "
    "from 11.8 mln dlrs, or 34 cts a share, a year earlier, on revenues of 96.3 mln dlrs."
)
TEMPLATE_B = (
    "Pacific Harbor Bancorp said its board declared a quarterly dividend of 30 cts a share, payable August 1 "
    "to shareholders of record July 10. The company said the dividend is unchanged from the previous quarter. "
    "Pacific Harbor, based in Seattle, said first-quarter net profit rose to 5.7 mln dlrs, or 88 cts a share, "
    "from 5.1 mln dlrs, or 79 cts a share, a year earlier, on revenues of 41.9 mln dlrs."
)
FORM_MONDAY = (
    "NEW YORK, April 6 - The Federal Reserve entered the government securities market to supply temporary "
    "reserves via three-day system repurchase agreements, a spokesman for the New York Fed said. Federal funds "
    "were trading at 6-3/8 pct at the time of the direct injection of reserves, economists said. Dealers said "
    "the Fed's action was expected, since it faces a need to add about 4.5 billion dlrs of reserves this "
    "statement period. They said the Fed added 2.5 billion dlrs of reserves through the operation."
)
FORM_THURSDAY = (
    "NEW YORK, April 9 - The Federal Reserve entered the government securities market to supply temporary "
    "reserves via overnight system repurchase agreements, a spokesman for the New York Fed said. Federal funds "
    "were trading at 6-1/4 pct at the time of the direct injection of reserves, economists said. Dealers said "
    "the Fed's action was expected, since it faces a need to add about 2.0 billion dlrs of reserves this "
    "statement period. They said the Fed added 1.75 billion dlrs of reserves through the operation."
)

#: Two reports of one flood by different reporters, sharing nothing but the governor's statement in quotation
#: marks, each with its own attribution: neither took it from the other.
QUOTED_A = (
    "LINZ, Austria, June 12 - The Danube burst its banks at several points in Upper Austria on Wednesday "
    "after three days of torrential rain, forcing the evacuation of about 1,800 people from riverside "
    "villages east of Linz, regional authorities said.\n\n"
    "Water levels at the Mauthausen gauge reached 8.9 metres in the afternoon, the highest reading since "
    "the floods of 2013, and were expected to peak overnight. Army engineers reinforced mobile barriers "
    "in the old town of Grein, where the river spilled into the main square shortly before noon.\n\n"
    '"We have not seen water rise this fast in a generation, and I urge everyone in the warning zones to '
    'follow the instructions of the fire brigades without delay. Property can be replaced, lives cannot,"'
    " governor Anna Kovac told reporters in Linz.\n\n"
    "The Austrian rail operator OeBB suspended services on the Western line between Linz and Amstetten "
    "after a section of embankment was washed away near Enns. Motorists were told to avoid the A1 "
    "motorway, where two lanes were closed because of flooding.\n\n"
    "Insurers estimated early damage at several hundred million euros. Forecasters said the rain would "
    "ease on Thursday, but warned that water from tributaries in Bavaria would keep the Danube high until"
    " the weekend."
)
QUOTED_B = (
    "VIENNA, June 12 (Danube Press) - Firefighters in boats ferried elderly residents from flooded homes "
    "along the Danube on Wednesday as the river rose to levels unseen in more than a decade, cutting road"
    " and rail links across northern Austria.\n\n"
    "In the market town of Mitterkirchen, volunteers filled sandbags through the night, but the water "
    'overtopped a dyke at dawn and reached the first floor of dozens of houses. "It came in through the '
    'cellar and then through the front door," said Josef Brandl, 71, who was carried to safety by '
    "neighbours.\n\n"
    'Provincial governor Anna Kovac said at a news conference that the situation remained critical: "We '
    "have not seen water rise this fast in a generation, and I urge everyone in the warning zones to "
    "follow the instructions of the fire brigades without delay. Property can be replaced, lives "
    'cannot."\n\n'
    "Hospitals in the region postponed routine operations and the Red Cross opened emergency shelters in "
    "three school gyms. Farmers reported that thousands of hectares of maize and wheat had been submerged"
    " just weeks before harvest.\n\n"
    "Chancellor Markus Berger cut short a visit to Brussels and said the federal government would release"
    " money from its disaster fund. Meteorologists expect drier weather from Thursday."
)
#: Another outlet's story carrying two paragraphs of the wire story, its quotation among them, as they were.
PARTIAL_WITH_QUOTE = OTHER_REPORT + "\n\n" + "\n\n".join(WIRE.split("\n\n")[2:4])

#: One reworded passage (three paragraphs, their words reordered) inside two long articles that are otherwise
#: their own: 400 lower-case words before it and after it, no name of their own, so the passage's names are
#: every name either text has and the whole texts' facts agree fully. Part of one text in the other, not a
#: rewrite of it: the kind weighs how much of the texts is shared, not whether their facts agree.
PASSAGE, PASSAGE_REWORDED = REUSED, REWORDED  # the pipeline's tests' three paragraphs and their rewording


def _inside_long_article(seed: int, middle: str) -> str:
    """``middle`` between two runs of 400 lower-case filler words of an article's own (no name, no figure)."""
    rng = np.random.default_rng(seed)
    words = [f"w{seed}x{i}" for i in range(400)]
    return " ".join(rng.choice(words, 400)) + ".\n\n" + middle + "\n\n" + " ".join(rng.choice(words, 400)) + "."


def _salad(text: str, words: int, seed: int = 5) -> str:
    """``words`` words of ``text`` drawn at random (their full stops with them): a salad of an article's words.
    Its names and figures are all the article's, and it is long, yet no sentence of it says what one of
    the article's says: no passage shared, nothing aligned. A verdict weighing length and whole-text
    agreement wherever they are called it a rewrite (0.73). A salad three times or more as long as a short
    article (:data:`WIRE`'s) repeats its words enough for the aligner to link a few sentences as
    paraphrases: that one is still reported (benchmarks/RESULTS.md, thirty-fifth round)."""
    rng = random.Random(seed)
    pool = text.split()
    return " ".join(rng.choice(pool) for _ in range(words))


#: A long page: four stories' text laid end to end (620 words).
LONG_PAGE = "\n\n".join([WIRE, OTHER_REPORT, QUOTED_A, TEMPLATE_A])
#: Two stories on one page (344 words).
TWO_STORIES = WIRE + "\n\n" + OTHER_REPORT
#: The multilingual set's Chinese source story (benchmarks/multilingual/zh.json).
CHINESE = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "multilingual" / "zh.json")
                     .read_text(encoding="utf-8"))["source"]


def _pieces_salad(text: str, size: int, pieces: int, seed: int = 5) -> str:
    """``pieces`` pieces of ``size`` Han characters of ``text`` (its runs of them cut in pieces) drawn at random
    and written one after another: a salad of a story in a script without spaces, whose words are pieces of a
    few characters. The passage channel finds chance passages in it, and the ``passage`` head reported it
    ``partial`` (0.82) before its order was read."""
    rng = random.Random(seed)
    cut = [run[k:k + size] for run in re.findall(r"[\u4e00-\u9fff]+", text) for k in range(0, len(run), size)]
    cut = [piece for piece in cut if len(piece) == size]
    return "".join(rng.choice(cut) for _ in range(pieces))


CASES = {
    "reprint": (WIRE, REPRINT),
    "heavy-rewrite": (WIRE, HEAVY_REWRITE),
    "two-reports-of-one-event": (WIRE, OTHER_REPORT),
    "two-template-stories": (TEMPLATE_A, TEMPLATE_B),
    "form-filled-in-twice": (FORM_MONDAY, FORM_THURSDAY),
    "two-reports-quoting-one-speaker": (QUOTED_A, QUOTED_B),
    "partial-copy-with-its-quote": (WIRE, PARTIAL_WITH_QUOTE),
    "passage-shared-by-two-long-articles": (_inside_long_article(1, PASSAGE), _inside_long_article(2, PASSAGE_REWORDED)),
    "salad-of-the-article's-words": (LONG_PAGE, _salad(LONG_PAGE, 2000)),
    # salads that meet chance passages or links: reported by the learned heads (0.69-0.95), refused by the
    # decision because nothing of them keeps the story's words in order (benchmarks/RESULTS.md, 37th round)
    "salad-of-a-short-story-1000": (WIRE, _salad(WIRE, 1000)),
    "salad-of-a-short-story-2000": (WIRE, _salad(WIRE, 2000)),
    "salad-of-two-stories-300": (TWO_STORIES, _salad(TWO_STORIES, 300)),
    "salad-of-two-stories-2000": (TWO_STORIES, _salad(TWO_STORIES, 2000)),
    "salad-of-chinese-3-character-pieces": (CHINESE, _pieces_salad(CHINESE, 3, 2000)),
}
#: The salads the decision refuses on their order (their confidence capped just under the bar).
REFUSED_SALADS = ("salad-of-a-short-story-1000", "salad-of-a-short-story-2000", "salad-of-two-stories-300",
                  "salad-of-two-stories-2000", "salad-of-chinese-3-character-pieces")
EXPECTED = {"reprint": "duplicate", "heavy-rewrite": "rewrite", "two-reports-of-one-event": None,
            "two-template-stories": None, "form-filled-in-twice": None, "two-reports-quoting-one-speaker": None,
            "partial-copy-with-its-quote": "partial", "passage-shared-by-two-long-articles": "partial",
            "salad-of-the-article's-words": None} | {name: None for name in REFUSED_SALADS}


def _confidence(name: str) -> float:
    """The pair's confidence whether reported or not (0 when the texts are not even candidates)."""
    a, b = CASES[name]
    pairs = scan([Document("a", a), Document("b", b)], thresholds=Thresholds(0.0)).pairs
    return pairs[0].confidence if pairs else 0.0


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_verdict(name: str) -> None:
    a, b = CASES[name]
    pairs = scan([Document("a", a), Document("b", b)]).pairs
    assert [p.verdict for p in pairs] == ([EXPECTED[name]] if EXPECTED[name] else [])
    for p in pairs:
        assert p.confidence >= Thresholds().confidence_bar
        assert p.to_dict()["why"]["for"]


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_compare_gives_the_scan_answer(name: str) -> None:
    a, b = CASES[name]
    assert compare(Document("a", a), Document("b", b)).verdict == EXPECTED[name]


def test_confidence_orders_the_cases() -> None:
    c = {name: _confidence(name) for name in CASES}
    negatives = max(c["two-reports-of-one-event"], c["two-template-stories"], c["form-filled-in-twice"],
                    c["two-reports-quoting-one-speaker"])
    assert c["reprint"] > c["heavy-rewrite"] > negatives
    assert c["partial-copy-with-its-quote"] > c["two-reports-quoting-one-speaker"]
    assert c["reprint"] > 0.95
    # nothing of the salad aligned: far under a heavy rewrite, whatever its length and agreeing facts
    assert c["salad-of-the-article's-words"] < c["heavy-rewrite"] - 0.3


@pytest.mark.parametrize("name", REFUSED_SALADS, ids=REFUSED_SALADS)
def test_a_salad_meeting_chance_evidence_is_refused_on_its_order(name: str) -> None:
    a, b = CASES[name]
    c = compare(Document("a", a), Document("b", b))
    bar = Thresholds().confidence_bar
    assert c.verdict is None and c.confidence < bar
    if c.why[0].feature == "order_at_chance":  # the heads alone would report it: capped just under the bar
        assert bar - 0.001 < c.confidence and c.why[0].contribution < 0
        assert c.why[0].value < 2.0  # no better than chance
    # otherwise the heads alone leave it under the bar (a regenerated model may): nothing to cap


def test_salads_the_heads_would_report_are_capped_under_the_bar() -> None:
    # the cap must be what refuses most of them, not the heads: a model that no longer needs it for one salad
    # (salad-of-a-short-story-2000 at 0.597 under the bar of 0.63) must still need it for the others
    capped = [name for name in REFUSED_SALADS
              if compare(Document("a", CASES[name][0]), Document("b", CASES[name][1])).why[0].feature == "order_at_chance"]
    assert len(capped) >= len(REFUSED_SALADS) - 1, capped


def test_a_lower_bar_refuses_a_salad_under_it() -> None:
    a, b = CASES["salad-of-two-stories-2000"]
    pairs = scan([Document("a", a), Document("b", b)], thresholds=Thresholds(0.3)).pairs
    assert not pairs
