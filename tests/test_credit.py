"""Credit check: named small cases, the seed pair, and the agency table's error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.agencies import load_agencies
from dedup.credit import check_credit, signed_agencies, source_names
from dedup.documents import Document
from dedup.errors import InputError
from dedup.reading import read_article

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"

WIRE = Document("wire", "LONDON (Reuters) - Oil prices rose 2 pct on Monday after OPEC cut its output, traders "
                "said.\nReuter", outlet="reuters")
TAKEN = [(0, 56)]  # "Oil prices rose ... output." in the derived texts below


@pytest.mark.parametrize(
    "text, status, form",
    [
        ("LONDON (Reuters) - Oil prices rose 2 pct on Monday after OPEC cut its output.", "credited", "dateline"),
        ("Oil prices rose 2 pct on Monday after OPEC cut its output, Reuters reported.", "credited", "attribution"),
        ("Oil prices rose 2 pct on Monday after OPEC cut its output, according to Reuters.", "credited",
         "attribution"),
        ("Oil prices rose 2 pct on Monday after OPEC cut its output.\n\nReuters contributed reporting.", "credited",
         "contributed reporting"),
        ("Oil prices rose 2 pct on Monday after OPEC cut its output. - Reuters", "credited", "sign-off"),
        ("Oil prices rose 2 pct on Monday after OPEC cut its output. More at https://www.reuters.com/x", "credited", "link"),
        ("Oil prices rose 2 pct on Monday after OPEC cut its output.", "not credited", None),
    ],
    ids=["dateline", "reported", "according-to", "contributed", "sign-off", "link", "none"],
)
def test_credit_forms(text: str, status: str, form: str | None) -> None:
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=[(0, len(text.split(".")[0]) + 1)])
    assert (credit.status, credit.form) == (status, form)
    if form:
        assert "Reuters" in credit.text or "reuters" in credit.text


def test_seed_rewrite_is_not_credited() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found")
    wire, rewrite = (read_article(p) for p in sorted(SEEDS.glob("*.txt")))
    credit = check_credit(wire, rewrite)
    assert credit.status == "not credited"
    assert credit.names == ("BGNES",)  # found in the wire story's own sign-off "| BGNES"


def test_attribution_in_an_own_sentence_is_a_mention_not_a_credit() -> None:
    """An independent paragraph citing Reuters for another fact does not credit the taken sentence."""
    text = "Oil prices rose 2 pct on Monday after OPEC cut its output. Separately, Reuters reported a refinery sale."
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=TAKEN)
    assert credit.status == "not credited"
    assert [m.why.split()[0] for m in credit.mentions] == ["attributes"]


def test_a_plain_mention_is_not_a_credit() -> None:
    text = "Oil prices rose 2 pct on Monday after OPEC cut its output. Shares in Reuters Holdings fell."
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=TAKEN)
    assert credit.status == "not credited"
    assert credit.mentions[0].why.startswith("named, but not in a credit form")


def test_credit_to_another_agency_is_named() -> None:
    text = "WASHINGTON (AP) - Oil prices rose 2 pct on Monday after OPEC cut its output."
    credit = check_credit(WIRE, Document("d", text, outlet="times"))
    assert credit.status == "not credited" and credit.other_credits == ("AP",)


def test_short_capital_aliases_match_in_capitals_only() -> None:
    """"ap" in a word or lower case is no Associated Press credit."""
    source = Document("s", "Talks resumed. (AP)", outlet="AP")
    assert check_credit(source, Document("d", "Talks resumed (ap).", outlet="x")).status == "not credited"
    assert check_credit(source, Document("d", "Talks resumed (AP).", outlet="x")).status == "credited"


def test_unknown_without_an_outlet_or_signoff() -> None:
    credit = check_credit(Document("s", "Talks resumed on Monday."), Document("d", "Talks resumed on Monday."))
    assert credit.status == "unknown"


def test_outlet_folder_names_are_read_as_written() -> None:
    source = Document("s", "Talks resumed on Monday.", outlet="harbor-times")
    credit = check_credit(source, Document("d", "Talks resumed on Monday, the Harbor Times reported.", outlet="x"))
    assert credit.status == "credited" and credit.credited == "harbor-times"


def test_byline_credits() -> None:
    source = Document("s", "Talks resumed on Monday.", outlet="paper", meta={"byline": "By Jane Doe"})
    names = [n.name for n in source_names(source, load_agencies())]
    assert names == ["paper", "Jane Doe"]
    assert check_credit(source, Document("d", "Talks resumed. Jane Doe, Paper", outlet="x")).form == "byline"


def test_signed_agencies_reads_head_and_tail_only() -> None:
    table = load_agencies()
    assert [a.name for a in signed_agencies("MINSK (BelTA) - Talks resumed.", table)] == ["BelTA"]
    assert signed_agencies("x " * 200 + "Talks resumed, (BelTA) said in the middle. " + "x " * 200, table) == []


def test_bad_agency_table_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "agencies.json"
    bad.write_text(json.dumps({"agencies": [{"aliases": ["X"]}], "forms": []}), encoding="utf-8")
    with pytest.raises(InputError, match="malformed agency table"):
        load_agencies(bad)
    with pytest.raises(InputError, match="cannot read the agency table"):
        load_agencies(tmp_path / "missing.json")


def test_a_dateline_credit_of_an_unknown_agency_is_a_name_of_the_source() -> None:
    source = Document("s", "HARLOW (Global Wire) - Dock workers walked out on Tuesday.", outlet="coastnews")
    assert [n.name for n in source_names(source, load_agencies())] == ["coastnews", "Global Wire"]
    credit = check_credit(source, Document("d", "Dock workers walked out on Tuesday (Global Wire).", outlet="x"))
    assert (credit.status, credit.credited) == ("credited", "Global Wire")


@pytest.mark.parametrize(
    "sentence",
    ["Oil prices rose 2 pct on Monday after OPEC cut its output, a trader tells Reuters.",
     "Oil prices rose 2 pct on Monday after OPEC cut its output, a Reuters survey showed.",
     "Oil prices rose 2 pct on Monday after OPEC cut its output, an official informed Reuters."],
    ids=["tells", "survey", "informed"],
)
def test_more_attribution_forms(sentence: str) -> None:
    credit = check_credit(WIRE, Document("d", sentence, outlet="times"), taken=[(0, len(sentence))])
    assert (credit.status, credit.form) == ("credited", "attribution")


def test_a_malformed_source_url_is_no_name_and_no_crash() -> None:
    source = Document("s", "Talks resumed on Monday.", outlet="paper", url="http://[::1")
    assert [n.name for n in source_names(source, load_agencies())] == ["paper"]


def test_outlets_named_in_other_scripts_are_not_one_outlet() -> None:
    """A Chinese paper's copy of a Xinhua story is not 'Xinhua's own copy' (outlet names outside a-z0-9
    were all reduced to nothing); 'ČTK' is still CTK."""
    from dedup.credit import check_credit

    source = Document("x", "新华社北京3月5日电 中国人民银行5日宣布下调存款准备金率。", outlet="新华社")
    copy = Document("d", "中国人民银行5日宣布下调存款准备金率。", outlet="东方日报")
    assert "own copy" not in check_credit(source, copy).reason
    assert "own copy" in check_credit(source, Document("y", copy.text, outlet="新华社")).reason
    assert check_credit(Document("c", "x", outlet="ČTK"), Document("e", "x", outlet="CTK")).reason.endswith("own copy")


BODY = "Oil prices rose 2 pct on Monday after OPEC cut its output."


@pytest.mark.parametrize(
    "text, form",
    [
        (BODY + "\n\n© 2024 Thomson Reuters. All rights reserved.", "credit line"),
        (BODY + "\n\n(c) 2024 Reuters", "credit line"),
        (BODY + "\n\nCopyright 1987-2024 Reuters", "credit line"),
        (BODY + "\n\nREUTERS", "sign-off"),
        (BODY + "\n  Reuter", "sign-off"),
        (BODY + "\n\nThe Reuters news agency contributed to this report.", "contributed reporting"),
        (BODY + "\n\nThis story was originally published by Reuters.", "credit line"),
        (BODY + "\n\nMaterial from Reuters was used in this report.", "credit line"),
        ("By Reuters Staff\n\n" + BODY, "byline"),
    ],
    ids=["copyright-sign-and-year", "c-and-year", "copyright-years", "alone-on-the-last-line", "reuter-signoff",
         "news-agency-contributed", "originally-published-by", "material-from", "byline"],
)
def test_credits_a_client_writes_in_its_own_way(text: str, form: str) -> None:
    """A client's reprint credits the agency in its own house form: a copyright notice with its year, the agency's
    name alone on the last line (the wire's own "Reuter"), "The Reuters news agency contributed", a "By Reuters"
    byline. Each was "not credited" on the base: the desk counted those clients among those who ran its copy
    without credit."""
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=[(0, len(BODY))])
    assert (credit.status, credit.form) == ("credited", form)


@pytest.mark.parametrize(
    "caption",
    ["Photo: Reuters", "Tankers at anchor. REUTERS/Tom Little/File Photo", "Photo credit: Reuters",
     "Picture courtesy of Reuters", "Tankers at anchor. Getty Images/Reuters"],
    ids=["photo", "photographer", "photo-credit", "courtesy", "agency-after-getty"],
)
def test_a_photo_credit_credits_the_picture_not_the_text(caption: str) -> None:
    """A client that ran the wire's text uncredited under a Reuters picture credited the picture: "credited" would
    hide the text's missing credit from the desk. The name is listed as a mention, and says why."""
    text = BODY + "\n\n" + caption + "\n\nThe ministry declined to comment."
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=[(0, len(BODY))])
    assert credit.status == "not credited"
    assert [m.why for m in credit.mentions] == ["a photo credit: it credits a picture, not the text"]


def test_another_agencys_photo_is_not_another_agencys_copy() -> None:
    """"Photo: AFP/Getty Images" under Reuters' text read "no credit to Reuters; credits AFP instead": the desk was
    told the client gave the story to AFP, and AFP was counted a source both texts may carry."""
    text = BODY + "\n\nTankers wait off the coast. Photo: AFP/Getty Images\n\nThe ministry declined to comment."
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=[(0, len(BODY))])
    assert (credit.status, credit.other_credits, credit.reason) == ("not credited", (), "no credit to Reuters")


def test_a_photo_credit_ending_the_text_is_no_sign_off() -> None:
    """"Getty Images/AFP" as a text's last words read as an AFP sign-off ("/AFP" at the end)."""
    text = BODY + "\n\nTankers wait off the coast. Getty Images/AFP"
    credit = check_credit(WIRE, Document("d", text, outlet="times"), taken=[(0, len(BODY))])
    assert (credit.status, credit.other_credits) == ("not credited", ())


def test_the_reports_read_whom_a_credit_credits_from_its_field_not_its_reasons_words() -> None:
    """A credit of the agency the source's text credits, not of the source's outlet: the reports told it by the
    reason's ending ("... not coastal-post itself"); reworded, the terminal's ``agency`` and the pages' "to Reuters,
    not coastal-post" were gone. ``Credit.agency_of`` carries it; the words alone say nothing to the reports."""
    from dataclasses import replace
    from types import SimpleNamespace

    from dedup.desk import wire_desk
    from dedup.report.htmldesk import pair_desk
    from dedup.report.htmlindex import _credit_whom
    from dedup.report.wiredesk import credit_cell

    body = ("Lifeguards closed the beaches along the coast on Monday after a swell of four metres pushed sand into "
            "the surf club's car park, the city council said.")
    docs = [Document("coastal-1", "SURFERS PARADISE (Reuters) - " + body, outlet="coastal-post",
                     published="2024-10-09T07:00:00Z"),
            Document("northern-1", "SYDNEY (Reuters) - " + body, outlet="northern-chronicle",
                     published="2024-10-09T08:00:00Z")]
    pair = SimpleNamespace(a="coastal-1", b="northern-1", source="coastal-1", derived="northern-1", verdict="duplicate",
                           alignment=None, evidence=SimpleNamespace(a_in_b=0.9, b_in_a=0.9))
    desk = wire_desk(docs, [pair], [SimpleNamespace(id="c1", members=["coastal-1", "northern-1"])])
    credit = desk.pairs[("coastal-1", "northern-1")].credit
    assert credit.agency_of == "coastal-post" and credit.reason.endswith("not coastal-post itself")
    for found, agency in ((replace(credit, reason="credits Reuters, whom coastal-post credits"), True),
                          (replace(credit, agency_of=None), False)):
        reworded = replace(desk, pairs={("coastal-1", "northern-1"): replace(desk.pairs[("coastal-1", "northern-1")],
                                                                          credit=found)})
        assert (credit_cell(reworded, "coastal-1", "northern-1", False).plain == "agency") is agency
        as_json = {"a": "coastal-1", "b": "northern-1", "source": "coastal-1", "derived": "northern-1",
                   "credit": found.to_dict()}
        assert (_credit_whom(as_json, {"outlet": "coastal-post"}) == "to Reuters, not coastal-post") is agency
        whom = pair_desk(as_json, {d.id: {"id": d.id, "text": d.text} for d in docs})["credit_whom"]
        assert whom == ("the agency coastal-post's text credits, not coastal-post itself" if agency else "")
