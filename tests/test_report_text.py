"""The terminal report and the JSON writer, on the demo corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from conftest import CORPUS
from dedup import Document, compare, scan
from dedup.errors import InputError
from dedup.report.jsonout import dumps, write_json
from dedup.features import FEATURES
from dedup.report.reasons import FEATURE_LABELS, REFUSAL_LABELS, reason_label
from dedup.report.terminal import render_scan
from dedup.report.terminalpair import answer_line, linked_sentences, render_alignment, render_judgement
from dedup.report.wiredesk import render_compare_desk, render_outlets


def _text(renderable: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return scan(CORPUS)


def test_scan_summary_counts_and_lists_every_pair(result) -> None:  # type: ignore[no-untyped-def]
    text = _text(render_scan(result))
    assert text.startswith(f"{len(result.documents)} articles, {len(result.pairs)} pairs")
    for pair in result.pairs:
        assert pair.verdict in text and (pair.source or pair.a) in text


def test_scan_table_is_cut_at_max_rows(result) -> None:  # type: ignore[no-untyped-def]
    text = _text(render_scan(result, max_rows=1))
    shown = [p for p in result.pairs if (p.source or p.a) in text and (p.derived or p.b) in text]
    assert len(result.pairs) > 1 and len(shown) < len(result.pairs)


def test_alignment_view_shows_its_reading_direction_and_sentences() -> None:
    compared = compare(CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt")
    text = _text(render_alignment(compared.alignment))
    # its reading in words, of the texts as laid out (the direction is unknown): "wholly derived" called one of
    # them derived, and "wholly" a text 60% of which has a counterpart
    assert compared.alignment.verdict == "wholly_derived" and compared.alignment.source is None
    assert "sentences: most of the right text has a counterpart in the left" in text and "why:" in text
    assert "derived" not in text.split("sentences:", 1)[1].split("\n", 1)[0]
    # the verdict is the pair's (render_judgement), never the alignment's; the files' paths are shown and may
    # hold the word, so a label is looked for
    assert not re.search(r"verdict\s*:", text, flags=re.I) and "sentences:" in text
    first = compared.alignment.links[0]
    sentence = compared.alignment.derived_document.text[slice(*first.derived_spans[0])]
    assert sentence.split()[0] in text


def test_unknown_direction_is_not_said_twice() -> None:
    a = CORPUS / "newswire" / "belarus-china-drills.txt"
    compared = compare(a, CORPUS / "eastdesk" / "belarus-china-drills.txt")
    assert compared.alignment.source is None and compared.alignment.direction_reason.startswith("unknown: ")
    text = " ".join(_text(render_alignment(compared.alignment)).split())
    assert "direction: unknown why: no publication times, and " in text and "why: unknown" not in text


def test_every_feature_has_a_label_in_words() -> None:
    assert sorted(FEATURE_LABELS) == sorted(FEATURES)
    assert all("_" not in label and "," not in label for label, _ in FEATURE_LABELS.values())
    assert {unit for _, unit in FEATURE_LABELS.values()} == {"share", "count", "score", "flag"}


def test_every_refusal_is_said_in_words() -> None:
    # a refused pair's first reason named the refusal as an identifier ("form refilled (0.67)", "other subjects
    # (1.00)", "order at chance (1.30)") on the terminal and the pair page
    from dedup.decision import FORM_REFILLED, OTHER_SUBJECTS, PASSAGE_FACTS_APART, REFUSED, RETOLD_LEAD
    assert sorted(REFUSAL_LABELS) == sorted([REFUSED, FORM_REFILLED, OTHER_SUBJECTS, RETOLD_LEAD, PASSAGE_FACTS_APART])
    assert reason_label(PASSAGE_FACTS_APART, 0.0).startswith("shared passages alone, each apart in its names and figures")
    assert reason_label(FORM_REFILLED, 0.67).endswith("as a form filled in on another day (67%)")
    assert reason_label(OTHER_SUBJECTS, 1.0) == "one template filled in for two subjects, neither text naming the other's (yes)"
    assert reason_label(REFUSED, 1.3) == "shared words kept in an order chance would give (a chance of 1 in 20)"
    assert all("_" not in label for label, _ in REFUSAL_LABELS.values())


def test_judgement_names_its_reasons_in_words_not_feature_names() -> None:
    compared = compare(CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt")
    text = " ".join(_text(render_judgement(compared)).split())
    assert compared.why and all(r.feature not in text for r in compared.why if "_" in r.feature), text
    assert f"{reason_label(compared.why[0].feature, compared.why[0].value)} {compared.why[0].contribution:+.1f}" in text


def test_judgement_opens_with_who_took_how_many_sentences_from_whom(corpus_here: Path) -> None:
    # the first line is the answer (kind, confidence, sentences taken, direction); it opened with "pair
    # verdict (a scan of the two)" and the model's features, the sentence counts nowhere
    wire, reprint = corpus_here / "globalwire" / "port-strike.json", corpus_here / "coastnews" / "port-strike-reprint.json"
    first = _text(render_judgement(compare(wire, reprint))).split("\nweighed most: ", 1)[0]
    assert " ".join(first.split()) == (f"duplicate, confidence 1.00: {reprint} took 10 of its 12 sentences (87% of its "
                                       f"text) from {wire} (told by publication times)")


def test_judgement_claims_no_direction_the_texts_do_not_tell() -> None:
    compared = compare(CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt")
    assert linked_sentences(compared.alignment) == (25, 26)
    line = answer_line(compared.alignment)
    assert " took " not in line.split(";")[0] and line.endswith("; who took from whom is unknown"), line


def test_judgement_of_texts_that_are_no_candidates_says_so_in_one_line() -> None:
    compared = compare(CORPUS / "globalwire" / "port-strike.json", CORPUS / "metrotribune" / "football-derby.txt")
    text = _text(render_judgement(compared, 0.61)).strip()
    assert text == "not reported (the texts share too little to be candidates: a scan never pairs them)"


def test_a_scan_without_pairs_says_so_in_words(tmp_path: Path) -> None:
    for name in ("metrotribune/football-derby.txt", "citypaper/weather-week.txt"):
        (tmp_path / name.replace("/", "-")).write_bytes((CORPUS / name).read_bytes())
    scanned = scan(tmp_path)
    first = _text(render_scan(scanned)).splitlines()[0]
    bar = f"{scanned.settings['min_confidence']:.2f}"
    # as much as the evidence holds: "no article copies ... another" claimed more than that none was found
    # sure enough to report
    assert first.startswith("2 articles, 0 pairs: none found that copies, partly reuses or rewrites another with "
                            f"a confidence of {bar} or more, 0 clusters"), first
    (tmp_path / "citypaper-weather-week.txt").unlink()
    alone = _text(render_scan(scan(tmp_path))).splitlines()[0]
    assert alone.startswith("1 article, 0 pairs (one article alone: nothing to compare it with), 0 clusters"), alone


def test_an_empty_index_page_says_what_was_looked_for(tmp_path: Path) -> None:
    from dedup.report.html import write_scan_html

    (tmp_path / "in").mkdir()
    for name in ("metrotribune/football-derby.txt", "citypaper/weather-week.txt"):
        (tmp_path / "in" / name.replace("/", "-")).write_bytes((CORPUS / name).read_bytes())
    scanned = scan(tmp_path / "in")
    page = write_scan_html(scanned.to_dict(), tmp_path / "out").read_text(encoding="utf-8")
    assert ("No pairs: none of these articles was found to copy, reuse or rewrite another with a confidence "
            f"of {scanned.settings['min_confidence']:.2f} or more.") in page


def test_json_is_deterministic_and_keeps_unicode(result) -> None:  # type: ignore[no-untyped-def]
    def without_timings(data: dict) -> dict:  # type: ignore[type-arg]
        return data | {"stats": {k: v for k, v in data["stats"].items() if k != "seconds"}}

    assert dumps(without_timings(result.to_dict())) == dumps(without_timings(scan(CORPUS).to_dict()))
    assert dumps({"é": "ü", "b": [1]}) == '{\n  "é": "ü",\n  "b": [\n    1\n  ]\n}'


def test_write_json_replaces_a_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    assert write_json({"a": [1, 2]}, target) == target
    assert json.loads(target.read_text()) == {"a": [1, 2]} and list(tmp_path.iterdir()) == [target]
    with pytest.raises(InputError, match="is a folder"):
        write_json({}, tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        write_json({}, tmp_path / "missing" / "x.json")


def test_pairs_caption_glosses_every_column(result) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(_text(render_scan(result)).split())
    for column in ("conf.:", "taken:", "J5:", "in other:", "direction by:", "credit:"):
        assert column in text, column
    assert "or direction tells" not in text


def _change(n: int) -> dict:  # type: ignore[type-arg]
    return {"kind": "name", "change": "dropped", "source": f"Name{n}", "derived": None}


@pytest.mark.parametrize(("dropped", "said"), [(7, "; 1 more dropped or added fact in"),
                                               (8, "; 2 more dropped or added facts in")], ids=["one", "two"])
def test_facts_left_out_are_counted_in_the_right_number(dropped: int, said: str) -> None:
    facts = {"text": f"{dropped} names dropped", "links": [{"link": 0, "changes": [_change(n) for n in range(dropped)]}]}
    text = " ".join(_text(render_compare_desk({"status": "unknown"}, facts)).split())
    assert said in text, text


def test_outlets_cut_at_max_rows_say_how_many_more() -> None:
    desk = SimpleNamespace(outlets=[{"outlet": f"o{n}", "took": 1, "mean_share": 0.5, "not_credited": 0,
                                     "from": {"wire": 1}} for n in range(3)])
    text = " ".join(_text(render_outlets(desk, 1)).split())
    assert "o0" in text and "o2" not in text and "2 more outlets in --json" in text


def test_outlets_that_took_most_without_credit_come_first() -> None:
    # a desk reads the table for who runs its copy without credit; it was in the outlets' alphabetical order
    rows = [("alpha", 40, 1), ("bravo", 12, 9), ("charlie", 30, 9), ("delta", 5, 0)]
    desk = SimpleNamespace(outlets=[{"outlet": o, "took": t, "mean_share": 0.5, "not_credited": n, "from": {"wire": t}}
                                    for o, t, n in rows])
    text = _text(render_outlets(desk, 10))
    assert [o for o in re.findall(r"^│ (\w+)", text, re.MULTILINE)] == ["charlie", "bravo", "alpha", "delta"]
    assert "most taken without credit first" in " ".join(text.split())


def test_outlets_say_per_source_how_many_were_taken_without_credit() -> None:
    desk = SimpleNamespace(outlets=[{"outlet": "coast", "took": 5, "mean_share": 0.5, "not_credited": 2,
                                     "from": {"wire": 3, "agency": 2}, "from_not_credited": {"wire": 2}}])
    text = _text(render_outlets(desk, 10))
    assert "│ wire    3  2 │" in text and "│ agency  2  0 │" in text and "from (taken," in text
    narrow = _text(render_outlets(desk, 10, 30))  # no room for the aligned figures: said in words
    assert "wire: 3," in narrow and "   2 uncredited" in narrow and "agency: 2 " in narrow


@pytest.mark.parametrize("width", [80, 120])
def test_outlets_at_80_columns_keep_the_outlet_whole_and_each_source_on_a_line(width: int) -> None:
    # the syndication set at 80 columns: "northern-chroni…", and "reuters (140, 58 without credit), valley-gazette
    # (11, 10 without credit), ..." folded into a column of fragments ("(9, 7 without", "credit),"); then
    # "valley-gazette: 11, 10" and "uncredited" on a line of its own, as if it were another source
    row = {"outlet": "northern-chronicle", "took": 170, "mean_share": 0.87, "not_credited": 80,
           "from": {"reuters": 140, "valley-gazette": 11, "the-bulletin": 10, "river-city-news": 9},
           "from_not_credited": {"reuters": 58, "valley-gazette": 10, "the-bulletin": 5, "river-city-news": 7}}
    console = Console(width=width, record=True, color_system=None)
    console.print(render_outlets(SimpleNamespace(outlets=[row]), 10, width))
    lines = console.export_text().splitlines()
    assert any(line.startswith("│ northern-chronicle │") for line in lines) and "…" not in "".join(lines)
    cells = [line.split("│")[5].strip() for line in lines if line.count("│") >= 6]
    assert cells == ["reuters          140  58", "valley-gazette    11  10", "the-bulletin      10   5",
                     "river-city-news    9   7"], cells
    assert max(len(line) for line in lines) <= width


def test_outlets_at_the_narrowest_break_a_source_after_its_count_indented() -> None:
    # at 75 columns the aligned figures do not fit: each source in words, broken after its count, the rest
    # indented under it (no line reads "uncredited" alone)
    row = {"outlet": "northern-chronicle", "took": 170, "mean_share": 0.87, "not_credited": 80,
           "from": {"reuters": 140, "valley-gazette": 11}, "from_not_credited": {"reuters": 58, "valley-gazette": 10}}
    console = Console(width=75, record=True, color_system=None)
    console.print(render_outlets(SimpleNamespace(outlets=[row]), 10, 75))
    cells = [line.split("│")[5].rstrip() for line in console.export_text().splitlines() if line.count("│") >= 6]
    assert [c.strip() for c in cells] == ["reuters: 140,", "58 uncredited", "valley-gazette: 11,", "10 uncredited"]
    assert cells[1].startswith("   58") and cells[3].startswith("   10")


def test_version_pairs_left_out_of_the_pairs_table_are_counted_in_the_right_number() -> None:
    from test_desk import DOCS  # two versions of one Reuters story: one pair listed under Stories

    result = scan(DOCS)
    text = " ".join(_text(render_scan(result)).split())
    hidden = sum(1 for p in result.pairs if result.desk.pairs[(p.a, p.b)].story)
    assert hidden == 1 and "1 pair between versions of one story is listed under Stories" in text


def test_documents_given_with_lone_surrogates_are_printed_to_a_utf8_terminal() -> None:
    import io

    from conftest import lone_surrogate_documents

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # errors="strict", as a UTF-8 terminal's stdout
    terminal = Console(file=out, width=200, color_system=None)
    terminal.print(render_scan(scan(lone_surrogate_documents())))
    terminal.print(render_alignment(compare(*lone_surrogate_documents()).alignment))
    out.flush()
    assert "copy-\ufffd" in out.buffer.getvalue().decode("utf-8")


def _lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


@pytest.mark.parametrize("width", [80, 100], ids=["80-columns", "100-columns"])
def test_pairs_table_fits_the_terminal_and_breaks_names_after_their_folder(result, width: int) -> None:  # type: ignore[no-untyped-def]
    lines = _lines(render_scan(result, width=width), width)
    assert max(len(line.rstrip()) for line in lines) <= width
    if width == 100:  # room for every file name whole once its folder is on a line of its own
        cells = " ".join(line.split("│")[2].strip() for line in lines if line.startswith("│"))
        for pair in result.pairs:
            for name in (pair.a, pair.b):
                assert name.rsplit("/", 1)[-1] in cells, name


def test_captions_read_from_the_left_margin(result) -> None:  # type: ignore[no-untyped-def]
    lines = _lines(render_scan(result, width=100), 100)
    start = next(n for n, line in enumerate(lines) if line.startswith("conf.:"))
    end = next(n for n, line in enumerate(lines) if line.startswith("Outlets that took copy"))
    assert end - start > 1 and not any(line.startswith(" ") for line in lines[start:end])
    assert any(line.startswith("took: articles that took") for line in lines)


def test_compare_numbers_its_rows_as_the_changed_facts_name_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # the files named as a user in the project's folder names them (an id is the path as given): the lines
    # below are read at 100 columns, which a checkout's long absolute path would wrap wherever it lies
    monkeypatch.chdir(CORPUS.parent)
    compared = compare(Path(CORPUS.name, "newswire", "belarus-china-drills.txt"),
                       Path(CORPUS.name, "eastdesk", "belarus-china-drills.txt"))
    lines = _lines(render_alignment(compared.alignment), 100)
    numbered = {}
    for line in lines:
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 3 and cells[1].isdigit():
            numbered[int(cells[1])] = cells[2]
    links = compared.alignment.links
    assert sorted(numbered) == list(range(len(links)))
    assert all(numbered[n] == link.kind for n, link in enumerate(links))
    # the two ids whole on lines of their own (a column header cut "drills.t" from "xt")
    for side in ("left (laid out as source; direction unknown): ", "right (laid out as derived): "):
        assert any(line.startswith(side) and line.rstrip().endswith(".txt") for line in lines), side


def test_compare_without_a_direction_names_the_sides_as_laid_out_not_as_source_and_derived() -> None:
    # the seed pair, direction unknown, read "source (left): ...", "coverage: 99% of the derived text comes from
    # the source": who took from whom, said of a layout; and "new" sentences were not glossed
    compared = compare(CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt")
    text = " ".join(_text(render_alignment(compared.alignment)).split())
    assert "coverage: 99% of the right text has a counterpart in the left (verbatim" in text
    assert "comes from the source" not in text and "source (left)" not in text
    assert "new: in the right text only (its own reporting, or taken from elsewhere)" in text
    directed = compare(CORPUS / "globalwire" / "port-strike.json", CORPUS / "coastnews" / "port-strike-reprint.json")
    said = " ".join(_text(render_alignment(directed.alignment)).split())
    assert directed.alignment.source and "source (left): " in said and "of the derived text comes from the source" in said


def test_every_table_cut_by_rows_says_where_the_rest_are_in_the_same_words(result) -> None:  # type: ignore[no-untyped-def]
    # the clusters' said "... and 2 more" (where?), the skipped "(all of them in --json)", the pairs "in --json"
    text = " ".join(_text(render_scan(result, max_rows=1)).split())
    for said in ("more pairs in --json and --html (--rows shows more)",
                 "2 more clusters in --json and --html (--rows shows more)"):
        assert said in text
    assert "... and" not in text


def test_the_reasons_weighed_most_are_told_for_the_verdict_then_against_it() -> None:
    # six signed figures in a row: a reader had to tell the reasons for from those against by their signs
    from dedup.confidence import Reason
    from dedup.report.terminalpair import weighed_most

    reasons = [Reason("passages_log", 1.6094, 1.7), Reason("cover_verbatim", 0.0, -0.3), Reason("jaccard", 0.2, 0.4)]
    assert weighed_most(reasons) == ("for it, shared passages (4) +1.7; runs of five words in common (Jaccard) (20%) "
                                     "+0.4. Against it, text in sentences copied word for word (0%) -0.3")
    assert weighed_most(reasons[1:2]) == "against it, text in sentences copied word for word (0%) -0.3"
    assert weighed_most([]) == ""


@pytest.mark.parametrize(("feature", "value", "said"), [
    ("cover_verbatim", 0.0, "text in sentences copied word for word (0%)"),
    ("placed_share", 0.125, "sentences paired only by their place in the text (12%)"),
    ("passage_rare_log", 4.6412, "rare words the main shared passage keeps (103)"),
    ("length_located", 5.8777, "the shorter text's content words with reuse found in it (356)"),
    ("wholly_derived", 1.0, "sentences read as wholly taken (yes)"),
    ("link_score_mean", 0.8123, "closeness of the traced sentences on average (0.81)"),
], ids=["share-none", "share-few", "count", "length", "flag", "score"])
def test_a_reason_says_what_it_measured_and_what_it_found(feature: str, value: float, said: str) -> None:
    # the seed pair's reasons read "length where a passage is shared or text traced +1.7; ...; share linked
    # verbatim -0.3; share of links placed by position only -0.3": an engineer's names, and a reason against the
    # verdict left the reader to guess whether the figure was high or low (here: none copied word for word)
    assert reason_label(feature, value) == said
    assert reason_label({"feature": feature, "value": value, "contribution": -0.3}) == said


def test_a_wide_terminal_gives_each_pair_one_line_its_verdict_beside_its_confidence(result) -> None:  # type: ignore[no-untyped-def]
    # at 200 columns every pair took two lines, its confidence alone under its verdict
    def pair_rows(width: int) -> list[str]:
        lines = _lines(render_scan(result, width=width), width)
        table = lines[:next(n for n, line in enumerate(lines) if line.startswith("└"))]  # the pairs table first
        return [line for line in table if line.startswith("│")]

    wide = pair_rows(200)
    shown = [p for p in result.pairs if not (result.desk and result.desk.pairs[(p.a, p.b)].story)]
    assert len(wide) == len(shown)
    for pair in shown:
        assert any(re.match(rf"│ {pair.verdict} +{pair.confidence:.2f} │", line) for line in wide), pair.verdict
    assert len(pair_rows(80)) >= 2 * len(shown)  # narrow, the confidence keeps its line under the verdict


def test_answer_line_says_all_and_agrees_in_number() -> None:
    # "4 of its 4 sentences" and "1 of the 1 sentence ... have" read as a form's blanks: the pair page says "all 4
    # of its sentences" and "has"; the terminal's answer line now says it alike
    text = ("Port workers in Harlow walked out on Monday over pay, the union said in a statement. The strike "
            "halted loading at the container terminal, which handles most of the region's exports. Talks with "
            "the port authority are set to resume on Thursday, a spokesman for the authority said.")
    whole = answer_line(compare(Document("wire", text), Document("daily", text)).alignment)
    assert whole.startswith("All 3 sentences of ") and " have a counterpart in " in whole, whole
    one = "Port workers in Harlow walked out on Monday over pay and conditions, the union said in a statement today."
    single = answer_line(compare(Document("wire", one), Document("daily", one)).alignment)
    assert single.startswith("1 of the 1 sentence of ") and " has a counterpart in " in single, single


def test_an_undirected_pair_credited_by_neither_charges_neither() -> None:
    # "credit: not credited (direction unknown, and neither article credits the other)" in red under the seed
    # pair, and "no" in the scan's credit column: who should have credited whom is unknown
    credit = {"status": "not credited", "names": ["BGNES"], "reason": "direction unknown, and neither article credits the other"}
    facts = {"text": "none", "links": []}
    undirected = " ".join(_text(render_compare_desk(credit, facts, directed=False)).split())
    assert undirected.startswith("credit: neither credits the other (looked for BGNES; who took from whom is unknown")
    assert "not credited" not in undirected
    assert " ".join(_text(render_compare_desk(credit, facts)).split()).startswith("credit: not credited (direction unknown")


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_the_scan_at_a_given_width_keeps_each_name_whole_within_it(result, width: int) -> None:  # type: ignore[no-untyped-def]
    # at 80 columns the names had 17 characters: "weeklyreview/northern-industry-feature.txt" took five lines
    # ("northern-", "industry-", ...) and "direction by" wrapped its values; the credit of a pair whose
    # direction is unknown read "no"
    console = Console(width=width, record=True, color_system=None)
    console.print(render_scan(result, width=width))
    text = console.export_text()
    table = text.split("Pairs", 1)[1].split("conf.:", 1)[0]
    assert all(len(line) <= width for line in table.splitlines())
    for name in ("northern-industry-feature.txt", "coastnews/port-strike-reprint.json", "publication"):
        assert name in table or (name == "publication" and width < 120), name
    assert ("J5" in table) == (width >= 120)
    undirected = [p for p in result.pairs if not p.source and result.desk.pairs[(p.a, p.b)].credit.status == "not credited"]
    assert undirected and table.count("neither") == len(undirected)
    assert re.search(r"│ no +│", table) is None
    caption = " ".join(text.split("conf.:", 1)[1].split())
    assert "neither: who took from whom is unknown" in caption
    assert ("J5 and in other (the shared wording): from 120 columns on" in caption) == (width < 120)


def test_a_scan_of_one_pair_names_only_the_kind_it_found(tmp_path: Path) -> None:
    # "2 articles, 1 pair (1 duplicate, 0 partial, 0 rewrite)": a form's zeros at a first run
    for name in ("citypaper/port-strike.txt", "globalwire/port-strike.json"):
        (tmp_path / name.replace("/", "-")).write_bytes((CORPUS / name).read_bytes())
    text = _text(render_scan(scan(tmp_path), width=80))
    assert text.startswith("2 articles, 1 pair (1 duplicate), 1 cluster, 0 skipped"), text.splitlines()[0]
    caption = " ".join(text.split("conf.:", 1)[1].split())
    assert "(a <-> b: of b, the text read as derived, as compare and --html lay the two out)" in caption


def test_the_summary_of_a_large_scan_separates_thousands() -> None:
    # the syndication set's first line read "3980 articles, 2742 pairs (1189 duplicate, 742 partial, 811 rewrite),
    # 722 clusters" and "2605 more pairs"
    clusters = [SimpleNamespace(id=f"c{n}", members=("a", "b")) for n in range(1200)]
    result = SimpleNamespace(stats={"documents": 3980}, pairs=[], clusters=clusters, skipped=[], warnings=[], settings={})
    text = " ".join(_text(render_scan(result, max_rows=5)).split())
    assert text.startswith("3,980 articles, 0 pairs: none found") and ", 1,200 clusters, 0 skipped" in text
    assert "1,195 more clusters in --json and --html" in text


@pytest.mark.parametrize("times, said", [
    (("2026-07-08T09:00:00Z", "2026-07-08T09:00:00Z"), "why: both published at 2026-07-08T09:00:00Z (the same moment), and "),
    ((None, "2026-07-08T09:00:00Z"), "why: one publication time only (eastdesk: 2026-07-08T09:00:00Z), and "),
    ((None, None), "why: no publication times, and "),
    (("2026-07-08T09:00:00Z", "2026-07-08T11:00:00+02:00"),  # in the order of the ids, whichever is given first
     "why: publication times that do not tell which came first (2026-07-08T11:00:00+02:00, 2026-07-08T09:00:00Z), and "),
], ids=["same moment", "one missing", "none", "the same moment written twice"])
def test_an_unknown_direction_says_what_the_publication_times_were(tmp_path: Path, times: tuple, said: str) -> None:
    # two copies stamped 07:02:24 both: "no publication times, and the texts cover each other too evenly", of
    # articles whose pages showed their times
    paths = []
    for name, published in zip(("newswire", "eastdesk"), times):
        record = {"id": name, "text": (CORPUS / name / "belarus-china-drills.txt").read_text(encoding="utf-8")}
        if published is not None:
            record["published"] = published
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(record), encoding="utf-8")
    compared = compare(*paths)
    # the JSON's reason says it too (it said "no publication times" of two articles stamped alike)
    assert compared.alignment.source is None and compared.alignment.direction_reason.startswith("unknown: " + said[len("why: "):])
    text = " ".join(_text(render_alignment(compared.alignment)).split())
    assert said in text, text[:400]


def test_a_folder_name_too_long_for_its_column_is_not_left_alone_on_a_line(tmp_path: Path) -> None:
    # "the-international-herald-evening-" then "chronicle/" alone, then the file name in pieces: a line spent
    outlet = tmp_path / "the-international-herald-evening-chronicle"
    outlet.mkdir()
    (outlet / "2026-12-05-port-strike-negotiations-continue-into-the-night.txt").write_bytes(
        (CORPUS / "citypaper" / "port-strike.txt").read_bytes())
    (tmp_path / "coastnews").mkdir()
    (tmp_path / "coastnews" / "reprint.json").write_bytes((CORPUS / "coastnews" / "port-strike-reprint.json").read_bytes())
    text = _text(render_scan(scan(tmp_path, align=False), width=80))
    cells = [line.split("│")[2].strip() for line in text.splitlines() if line.count("│") >= 6]
    assert "the-international-herald-evening-" in cells and "chronicle/2026-12-05-port-strike-" in cells, cells
    assert "chronicle/" not in cells and "coastnews/reprint.json" in " ".join(cells)


@pytest.fixture(scope="module")
def long_names(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A scan of two pairs whose names are 34 and 57-64 characters long, direction unknown both."""
    root = tmp_path_factory.mktemp("long")
    for folder, source, name in (("eastdesk2", "eastdesk/belarus-china-drills.txt", "belarus-china-drills.txt"),
                                 ("newswire2", "newswire/belarus-china-drills.txt", "belarus-china-drills.txt"),
                                 ("the-international-herald-evening-chronicle", "globalwire/port-strike.json",
                                  "port-strike-talks-continue.json"),
                                 ("newswire2", "citypaper/port-strike.txt", "port-strike-talks-continue-into-night.txt")):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / name).write_bytes((CORPUS / source).read_bytes())
    return scan(root)


def _pairs_lines(result, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    console = Console(width=max(width, 75), record=True, color_system=None)
    console.print(render_scan(result, width=width))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    return lines[lines.index("Pairs") + 1:next(k for k, line in enumerate(lines) if line.startswith("└")) + 1]


@pytest.mark.parametrize("width", [60, 67, 80, 100, 119])
def test_the_arrow_of_a_pair_always_ends_the_first_name(long_names, width: int) -> None:  # type: ignore[no-untyped-def]
    # at 80 columns "<->" stood on a line of its own between two names of 34 characters
    lines = _pairs_lines(long_names, width)
    names = [line.split("│")[2].strip() for line in lines if line.startswith("│")]
    assert len(long_names.pairs) == 2 and sum(name.endswith(" <->") for name in names) == 2, "\n".join(lines)
    assert "<->" not in names and all(name.count("<->") == 0 or name.endswith("<->") for name in names)
    assert max(map(len, lines)) <= width, "\n".join(lines)  # from 60 columns the table fits the terminal
    # every name is there whole, read line after line
    joined = "".join(name.removesuffix(" <->") for name in names)
    for pair in long_names.pairs:
        assert pair.a in joined and pair.b in joined


def test_under_75_columns_direction_and_credit_share_a_column(long_names) -> None:  # type: ignore[no-untyped-def]
    lines = _pairs_lines(long_names, 60)
    assert "direction" in lines[1] and "credit" in lines[2] and "by" not in lines[2], "\n".join(lines[:3])
    cells = [line.split("│")[4].strip() for line in lines if line.startswith("│")]
    assert cells[:2] == ["unknown", "neither"], cells


def test_at_120_columns_every_column_is_there_and_fits(long_names) -> None:  # type: ignore[no-untyped-def]
    lines = _pairs_lines(long_names, 120)
    assert "J5" in lines[2] and "direction by" in lines[2] and max(map(len, lines)) <= 120, "\n".join(lines)
    rows = [line for line in lines if line.startswith("│") and line.split("│")[1].strip()]
    assert len(rows) == 2 and all("unknown" in row and "neither" in row for row in rows), rows
    assert sum(line.split("│")[2].count("<->") for line in lines if line.startswith("│")) == 2


@pytest.mark.parametrize("width", [60, 67, 74])
def test_outlets_under_75_columns_list_the_sources_under_each_outlet(width: int) -> None:
    # under 75 columns the table was laid out 75 wide: at 60 its "from" column was cut at the terminal's edge
    # ("reuters: 13 uncredite") and its caption too
    row = {"outlet": "northern-chronicle", "took": 1170, "mean_share": 0.87, "not_credited": 80,
           "from": {"reuters": 1140, "valley-gazette": 11}, "from_not_credited": {"reuters": 58, "valley-gazette": 10}}
    lines = _lines(render_outlets(SimpleNamespace(outlets=[row, {**row, "outlet": "x" * 50}]), 10, width), width)
    assert max(len(line.rstrip()) for line in lines) <= width
    cells = [line.split("│")[1].strip() for line in lines if line.count("│") >= 5]
    said = " ".join(cells)
    assert cells[0] == "northern-chronicle" and "from reuters: 1,140, 58 uncredited" in " ".join(said.split())
    assert "from valley-gazette: 11, 10 uncredited" in " ".join(said.split())
    assert not any(c == "uncredited" for c in cells)  # never a line of its own read as another source


@pytest.mark.parametrize("width", [60, 67, 80, 120, 200])
def test_every_line_of_a_scan_with_a_wire_desk_fits_the_terminal(width: int) -> None:
    # the summary line, the stories, outlets and clusters tables were laid out 75 wide on a 60-column terminal
    from dataclasses import replace

    from test_desk import DOCS  # versions of one Reuters story and copies of it: every desk table

    # outlets of a newsroom's length ("northern-chronicle", longer): the table at 75 was wider than 60
    result = scan([replace(d, outlet=f"{d.outlet}-evening-chronicle") if d.outlet != "reuters" else d for d in DOCS])
    lines = _lines(render_scan(result, width=width), width)
    assert max(len(line.rstrip()) for line in lines) <= width
    assert any(line.startswith("Outlets that took copy") for line in lines)
    assert lines[0].startswith(f"{len(result.documents)} articles")


def test_the_console_is_laid_out_for_the_terminal_from_60_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.report.terminal import console

    for columns, laid_out in (("60", 60), ("80", 80), ("40", 60), ("200", 200)):
        monkeypatch.setenv("COLUMNS", columns)
        assert console().width == laid_out, columns


def test_an_undirected_pair_is_listed_as_compare_lays_it_out_its_taken_the_seconds(result) -> None:  # type: ignore[no-untyped-def]
    # "a <-> b" listed the pair's first id first whatever the reading, "taken" being the share of the text read
    # as derived: three of the demo's four rows gave the first name's share where the reader looks for the second's
    lines = [" ".join(line.replace("│", " ").split()) for line in _text(render_scan(result)).splitlines()]
    undirected = [p for p in result.pairs if p.source is None]
    assert len(undirected) >= 3 and any(p.alignment.source_document.id != p.a for p in undirected)
    for pair in undirected:
        laid, read = pair.alignment.source_document.id, pair.alignment.derived_document.id
        shown = f"{laid} <-> {read} {pair.alignment.coverage.derived_from_source:.0%}"
        assert any(shown in line for line in lines), shown
        answer = compare(*(CORPUS / name for name in (pair.a, pair.b)))
        assert answer.alignment.source_document.id.endswith(laid) and answer.alignment.coverage == pair.alignment.coverage


def test_a_reason_that_weighed_nothing_is_not_among_those_that_weighed_most(tmp_path: Path) -> None:
    # the demo's partial pair read "Against it, ...; figures that differ (3) -0.0": a weight of 0.001, shown
    # as if three differing figures had counted against the verdict
    from dedup.confidence import Reason
    from dedup.report.html import write_scan_html
    from dedup.report.terminalpair import weighed_most

    said = weighed_most([Reason("passages_log", 1.6094, 1.7), Reason("figures_apart_log", 1.386, -0.001),
                         Reason("cover_verbatim", 0.0, -0.3)])
    assert said == "for it, shared passages (4) +1.7. Against it, text in sentences copied word for word (0%) -0.3"
    assert weighed_most([Reason("figures_apart_log", 1.386, -0.001)]) == ""
    data = scan(CORPUS).to_dict(stream=False)
    faint = [p for p in data["pairs"] if any(abs(r["contribution"]) < 0.05 for r in p["why"]["against"])]
    if not faint:  # the shipped model gives none today: one reason of no weight added to a pair, as it read
        data["pairs"][0]["why"]["against"].append({"feature": "figures_apart_log", "value": 1.386,
                                                   "contribution": -0.001})
    write_scan_html(data, tmp_path)
    pages = " ".join(page.read_text(encoding="utf-8") for page in (tmp_path / "pairs").glob("*.html"))
    assert "Weighed most" in pages and "-0.0<" not in pages and "+0.0<" not in pages


def test_a_confidence_capped_just_under_the_bar_does_not_read_as_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    # a refused pair is capped at the 4-decimal value under the bar: "confidence 0.630, under the bar 0.630"
    import dedup.report.terminalpair as terminalpair
    monkeypatch.setattr(terminalpair, "answer_line", lambda alignment, wire=None: "the sentences")
    compared = SimpleNamespace(verdict=None, channels=("text",), confidence=0.6299, alignment=None, why=())
    head = _text(render_judgement(compared, bar=0.63)).split(":", 1)[0]
    assert head == "not reported, confidence 0.6299, under the bar 0.6300"
    compared.confidence = 0.412
    assert _text(render_judgement(compared, bar=0.63)).split(":", 1)[0] == "not reported, confidence 0.412, under the bar 0.630"
