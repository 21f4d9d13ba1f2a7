"""The learned verdict on named small cases, end to end (scan and compare of two articles): the verdict,
and that the confidence orders the cases as a reader would."""

from __future__ import annotations

import pytest

from dedup import Document, scan
from dedup.decision import Thresholds
from dedup.pipeline import compare

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

CASES = {
    "reprint": (WIRE, REPRINT),
    "heavy-rewrite": (WIRE, HEAVY_REWRITE),
    "two-reports-of-one-event": (WIRE, OTHER_REPORT),
    "two-template-stories": (TEMPLATE_A, TEMPLATE_B),
    "form-filled-in-twice": (FORM_MONDAY, FORM_THURSDAY),
}
EXPECTED = {"reprint": "duplicate", "heavy-rewrite": "rewrite", "two-reports-of-one-event": None,
            "two-template-stories": None, "form-filled-in-twice": None}


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
    negatives = max(c["two-reports-of-one-event"], c["two-template-stories"], c["form-filled-in-twice"])
    assert c["reprint"] > c["heavy-rewrite"] > negatives
    assert c["reprint"] > 0.95
