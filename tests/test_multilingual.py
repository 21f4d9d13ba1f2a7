"""The multilingual set (benchmarks/multilingual): per language, a folder of seven articles scanned as a
reader would judge them. Copies are found with their verdicts, reports of the same event and unrelated
stories never are, and every article's language is detected."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import multilingual  # noqa: E402

from dedup.language import detect_language

LANGUAGES = multilingual.languages()


def test_at_least_eight_languages_with_the_required_ones() -> None:
    assert len(LANGUAGES) >= 8 and {"zh", "ja", "ar", "ru", "es", "hi"} <= set(LANGUAGES)


@pytest.fixture(scope="module", params=LANGUAGES)
def evaluated(request: pytest.FixtureRequest) -> dict:
    return multilingual.evaluate(request.param)


#: Cases whose hard negative the verdict still reports: Xinhua's cold-wave warning filled in another day (``zh-6``'s
#: ``other_day``, eighth case: eight sentences of one template linked, five as edited, rewrite 0.862; the verdict's side,
#: benchmarks/RESULTS.md, fifty-third round). The Chinese and Japanese forms ``zh-3`` and ``ja-3`` were reported until
#: their figures run into the characters were read (forty-ninth round). ANP's inflation flash of the month before
#: (``nl-4``'s ``other_day``, ninth case: thirteen sentences of one template linked, rewrite 0.931; fifty-fourth round).
#: Neither is reported now: a form of another day is refused on its linked sentences' figures (``dedup.forms``,
#: fifty-fourth round). Agerpres's inflation release of the month before (``ro-3``'s ``other_day``, tenth case: its
#: central bank's forecast paragraph, the meeting's date and the credit line verbatim, against the light edit partial
#: 0.739; fifty-fifth round): not reported since a form's sentences left unlinked, alike but for their figures, count
#: among its refilled links (``dedup.forms``, fifty-sixth round). Kept empty for the next agency's form.
FORMS_STILL_REPORTED: frozenset[str] = frozenset()


def test_no_false_pair(evaluated: dict) -> None:
    """Precision: an independent report of the same event and an unrelated story are never reported."""
    if evaluated["language"] in FORMS_STILL_REPORTED:
        assert evaluated["false"], f"{evaluated['language']} has no false pair now: drop it from FORMS_STILL_REPORTED"
        pytest.xfail("an agency's form filled in another day is still reported (FORMS_STILL_REPORTED)")
    assert evaluated["false"] == [] and evaluated["precision"] == 1.0
    assert evaluated["cases"]["independent"] is None and evaluated["cases"]["unrelated"] is None


#: Cases whose light edit the scan reads as a rewrite: Uzbek's Latin reprint with three phrases changed (sixth
#: case; in the scan of its seven articles rewrite 0.992, and compared alone rewrite 0.995 since the kind weighs
#: no stretch's spread over the corpus: one kind in both readings, not the one expected; fifty-first round). A duplicate
#: since a link's words are compared in the one script its language is keyed in (``SentenceTable.token_texts``,
#: fifty-eighth round): its links compared Cyrillic tokens with Latin ones, every one a paraphrase of score 1.0.
LIGHT_EDITS_READ_AS_REWRITES: frozenset[str] = frozenset()


#: Cases whose reprint in the other script of their language is not read as their source: Punjabi's Gurmukhi story
#: reprinted in Shahmukhi (nineteenth case, sixty-fourth round; the reprint is read as Urdu, and no table folds
#: Gurmukhi and the Perso-Arabic letters to one key: no word, no 5-gram shared, not proposed). Written unseen, and left
#: failing rather than dropped, as a case the code does not yet read.
REPRINTS_NOT_READ: frozenset[str] = frozenset({"pa-2"})


def test_copies_are_found_with_their_verdicts(evaluated: dict) -> None:
    cases = evaluated["cases"]
    if evaluated["language"] in REPRINTS_NOT_READ:
        assert cases["verbatim"] is None, f"{evaluated['language']}: its reprint is read now: drop it from REPRINTS_NOT_READ"
        pytest.xfail("a reprint in the language's other script is not read (REPRINTS_NOT_READ)")
    if evaluated["language"] in LIGHT_EDITS_READ_AS_REWRITES:
        assert cases["light_edit"] == "rewrite", f"{evaluated['language']}: drop it from LIGHT_EDITS_READ_AS_REWRITES"
        pytest.xfail("a light edit the scan reads as a rewrite (LIGHT_EDITS_READ_AS_REWRITES)")
    assert cases["verbatim"] == "duplicate" and cases["light_edit"] == "duplicate"
    # half the source after a lead of the outlet's own: partial, or duplicate where the copied half is
    # most of the text (the 5-gram Jaccard rule of every language)
    assert cases["partial"] in ("partial", "duplicate")


#: Articles of the seventh cases the detector is not asked about: a lead in plain ASCII with fewer than two function
#: words of another language and no other sign is read as a table of names, as English copy is (found, the article goes
#: back to the test). Uzbek's one sentence of 14 words (the unrelated story) holds one word of Uzbek's shapes; its
#: two-sentence partial copy, three, is detected (``language_signs.uzbek_suffixes``, fifty-third round). Of the
#: eleventh cases (fifty-sixth round), Welsh's one-sentence brief in plain ASCII holds none of the function words the
#: lead is counted on; NAN's Hausa copy is typed in plain ASCII, without its hooked letters, and its leads hold too few
#: of them: Hausa's own ("cewa", "kuma", "daga") were tried as such words, which sent the source's lead to the
#: detector but not the rewrite's, and the rewrite read with Hausa's rules beside a source read with English's fell
#: from 0.608 to 0.186 (measured, not shipped). Its brief, the unrelated story, is detected.
#: Of the twelfth cases (fifty-seventh round), SONNA's Somali copy is typed in plain ASCII with none of those function
#: words: no article of it is detected, and it is read with English's rules, as measured; of SAnews's isiZulu copy only
#: the independent report was (its lead holds two of them) until Zulu's prefixes before a capital or a figure sent its
#: leads to the model (``language_signs.nguni_prefixes``, fifty-eighth round: all seven read as Zulu now, and the
#: thirteenth cases' Xhosa too). None of these articles is unknown to the model, nor under its
#: confidence: asked, it reads each in its language at 0.91-1.0 (:func:`test_undetected_articles_are_never_asked`);
#: sending them to it by their own stop words (Somali's, Hausa's, Zulu's) detected Somali and Hausa, and the Hausa rewrite,
#: read with Hausa's stop words, fell from 0.648 to 0.354 (measured, not shipped). Of the thirteenth cases (fifty-eighth
#: round), Malagasy (Taratra) and Kinyarwanda (RBA) copy is typed in plain ASCII with none of the listed words: read with
#: English's rules; their particles joined by an apostrophe ("amin'ny", "z'imyaka") sent some of their leads to the model
#: and not others, and a rewrite read with another language's rules than its source lost (measured, not shipped). Since
#: the fifty-ninth round a lead whose small words nearly all end in a vowel is sent (``language_signs.open_syllables``):
#: every article of their stories with twelve such words is read in its language, and the fourteenth cases' Shona and
#: second Malagasy too; their briefs (the unrelated stories, four to eight such words) are not. Of the fourteenth cases,
#: Javanese copy in plain ASCII holds none of the listed words and no article of it is sent; LENA's Sesotho form of the
#: month before has no letter of Sesotho's own in its lead ("š" in the source's "Tšitoe"). Sindhi, Tigrinya, Cebuano
#: and Sundanese are unknown to the model, which reads them as Pashto, Amharic, Tagalog and Javanese (their
#: ``detected`` lists). Of the fifteenth cases (sixtieth round), ENA's Oromo copy is typed in plain ASCII with none of
#: the listed words and is read with English's rules (the model knows Oromo: asked, it reads every article as Oromo at
#: 0.99-1.0), and Bremaik's Breton brief in plain ASCII holds none of them either (its other articles hold "ù" or
#: "ñ"); Wolof and Samoan are unknown to the model, which answers under its confidence (``null`` in their
#: ``detected`` lists) but for Samoan's two briefs, read as Sesotho; Tibetan is read as Dzongkha (one script, the
#: model's only language in it); Dhivehi, unknown to the model, is told by its script (``language_signs.thaana_letters``).
#: Of the sixteenth cases (sixty-first round), Sorani and Chuvash, unknown to the model, are told by their letters
#: (``language_signs.sorani_letters``, ``chuvash_letters``); NBC's Tok Pisin is typed in plain ASCII with none of the
#: listed words and is read with English's rules, and the model does not know it either (asked, it answers Javanese
#: at 0.34-0.67: :data:`UNKNOWN_TO_MODEL`); Fijian, Tongan, Maori, Chichewa and Romansh are unknown to the model, which
#: reads them as Lingala or Swahili, under its confidence, Shona, Swahili or Shona, and Italian (their ``detected`` lists).
#: Tigrinya is told from Amharic by its letters since the sixty-third round (``language_signs.tigrinya_letters``).
#: Of the seventeenth cases, Yiddish, Sakha and Inuktitut are told by their letters since the sixty-third round
#: (``language_signs.yiddish_letters``, ``sakha_letters``, ``inuktitut_letters``; Sakha's one-line brief, one ҥ and no
#: һ, is still read as Kyrgyz), and Tifinagh, whose languages the model does not know, is named as its script
#: (``tfng``). Of the eighteenth cases, Santali in Ol Chiki is read as the script's one language, Plains Cree in
#: syllabics as the script (``cans``), Hawaiian by its letters (``hawaiian_letters``); the model reads Maithili as
#: Nepali or Hindi, Upper Sorbian as Polish, Karakalpak as Kazakh (its letters), Akan as Lingala and Tetum as nothing
#: or Javanese (their ``detected`` lists).
_ALL_SEVEN = {"source", "verbatim", "light_edit", "partial", "rewrite", "independent", "unrelated"}
UNDETECTED = {"uz-2": {"unrelated"}, "cy": {"unrelated"},
              "ha": {"source", "verbatim", "light_edit", "partial", "rewrite", "independent"},
              "so": _ALL_SEVEN, "mg": {"unrelated"}, "rw": {"unrelated"}, "mg-2": {"unrelated"}, "st": {"other_day"},
              "jv": _ALL_SEVEN, "om": _ALL_SEVEN, "br": {"unrelated"}, "tpi": _ALL_SEVEN}
#: Languages none of whose articles is detected (the model is never asked: see above).
NEVER_DETECTED = frozenset({"so", "jv", "om", "tpi"})
#: Of them, the languages the model does not know, asked (Tok Pisin: Javanese at 0.34-0.67).
UNKNOWN_TO_MODEL = frozenset({"tpi"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_article_language_is_detected(language: str) -> None:
    """In its language, or in those of its ``detected`` list: Serbian in Latin script is read as Bosnian or
    Croatian (one language to the detector's model), and keyed as they are."""
    spec = multilingual.load(language)
    unasked = UNDETECTED.get(language, set())
    found = {detect_language(d.text) for d in multilingual.documents(language) if d.outlet not in unasked}
    assert found <= set(spec.get("detected", [spec["language"]]))
    assert bool(found) != (language in NEVER_DETECTED)
    assert all(detect_language(d.text) is None for d in multilingual.documents(language) if d.outlet in unasked)


def test_undetected_articles_are_never_asked() -> None:
    """The articles read with English's rules (:data:`UNDETECTED`) are kept from the model by the plain-ASCII gate
    (:func:`dedup.language_signs.needs_model`), not unknown to it nor under its confidence: asked, it reads each in
    its own language. Fails when the gate sends one to the model (then its language is read, and the case moves)."""
    from dedup.language import MIN_CONFIDENCE, _identifier
    from dedup.language_signs import SAMPLE_CHARS, needs_model

    for language, outlets in UNDETECTED.items():
        for document in multilingual.documents(language):
            if document.outlet in outlets:
                sample = document.text[:SAMPLE_CHARS]
                code, probability = _identifier().classify(sample)
                assert not needs_model(sample)
                if language not in UNKNOWN_TO_MODEL:
                    assert code == multilingual.load(language)["language"] and probability >= MIN_CONFIDENCE


def test_the_issue_chinese_example_is_not_too_short(tmp_path: Path) -> None:
    """Two copies of a ~150-character Chinese story, each written twice, were skipped as '2 words'."""
    from dedup import scan

    text = multilingual.load("zh")["source"] * 2
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = scan(tmp_path)
    assert result.skipped == () and [p.verdict for p in result.pairs] == ["duplicate"]


def test_a_folder_of_several_languages_gives_each_language_its_own_answers() -> None:
    """Chinese, Arabic and Russian copy scanned together: the pairs of each language scanned alone, and
    no pair across languages (shared figures are no reuse)."""
    from dedup import scan

    together = scan([d for lang in ("zh", "ar", "ru") for d in multilingual.documents(lang)])
    alone = {(p.a, p.b, p.verdict) for lang in ("zh", "ar", "ru") for p in scan(multilingual.documents(lang)).pairs}
    assert {(p.a, p.b, p.verdict) for p in together.pairs} == alone


def _candidates(language: str, seed: int = 1) -> set[frozenset[str]]:
    from dedup.candidates import UnitTable, find_candidates
    from dedup.channels import DEFAULT_CHANNELS
    from dedup.signing import corpus_vocabulary, sign_batch, text_bounds

    docs = multilingual.documents(language)
    texts = [d.text for d in docs]
    tables = {spec.name: UnitTable(spec) for spec in DEFAULT_CHANNELS}
    for name, *arrays in sign_batch(texts, text_bounds(texts), DEFAULT_CHANNELS, vocab=corpus_vocabulary(texts), seed=seed):
        tables[name].add(*arrays)
    return {frozenset((docs[a].id, docs[b].id)) for a, b in find_candidates(tables).pairs.tolist()}


@pytest.mark.parametrize("language", ["es", "fr", "ru", "ar", "ko"])
def test_rewrites_in_inflected_languages_are_candidates(language: str) -> None:
    """Inflected forms meet in the candidate channels (stem keys): the rewrite is proposed (whether it is
    reported is the verdict's call). Spanish and Arabic rewrites were not candidates on exact words, the
    Korean one not on whole stems (its compounds meet their parts by pairs of syllables). Proposed in most of ten
    MinHash draws (seeds): the short Korean pair is proposed in 8 of 10 (and was before a figure cut at its decimal
    mark was one token; the draw of seed 1 alone proposed it before and does not now), the others in 10 of 10."""
    pair = frozenset((f"{language}/source", f"{language}/rewrite"))
    assert sum(pair in _candidates(language, seed) for seed in range(1, 11)) >= 8


def test_the_italian_heavy_rewrite_is_found() -> None:
    """Its short statements of a figure ("La crescita acquisita per il 2024 è pari allo 0,5%") link on two
    shared words and the figure: the rewrite is reported (it was not, one sentence linked)."""
    assert multilingual.evaluate("it")["cases"]["rewrite"] == "rewrite"


def test_the_malayalam_heavy_rewrite_is_found() -> None:
    """Keyed by five letters, a Malayalam noun and its inflected forms (the oblique "-ത്ത്-", geminates) had two
    keys and the rewrite was no candidate; by three it is proposed, aligned and reported."""
    assert multilingual.evaluate("ml")["cases"]["rewrite"] == "rewrite"


@pytest.mark.parametrize("language, retype", [
    ("si", lambda text: text.replace("\u200d", "")),
    ("ro", lambda text: text.translate(str.maketrans("șțȘȚ", "şţŞŢ"))),
])
def test_a_copy_retyped_another_way_keeps_its_verdict(language: str, retype) -> None:  # type: ignore[no-untyped-def]
    """A Sinhala copy typed without its zero-width joiners, a Romanian one in cedillas: the aligner read
    such a word as two (or as other letters), so the partial copy's links were "edited" and it was called a
    duplicate, and the Romanian rewrite lost its one link. Its links are read as in the source's typing."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load(language))
    verdicts = {case: compare(Document("s", texts["source"]), Document("c", retype(texts[case])))
                for case in ("verbatim", "partial", "rewrite", "independent")}
    assert [link.kind for link in verdicts["verbatim"].alignment.links] == ["verbatim"] * 7
    assert verdicts["partial"].verdict == "partial" and verdicts["independent"].verdict is None
    # the rewrite is judged as in the source's typing, its links the same (the Romanian one read 0.6237 under
    # the model regenerated on 2026-12-06, under its bar of 0.64, in either typing)
    typed = compare(Document("s", texts["source"]), Document("c", texts["rewrite"]))
    retyped = verdicts["rewrite"]
    assert len(retyped.alignment.links) == len(typed.alignment.links) >= 1
    assert (retyped.verdict, round(retyped.confidence, 4)) == (typed.verdict, round(typed.confidence, 4))
    assert typed.confidence > 0.5  # a rewrite still read as one, near the bar


# -- where a missed case is lost (python -m benchmarks.multilingual --stages) ---------------------

@pytest.mark.parametrize("language", ["ja", "pl", "ko", "it-2"])
def test_stages_name_each_case_the_table_misses_and_where_it_is_lost(language: str) -> None:
    """Every derived case the table gets wrong has a stage, none that it gets right, and each stage is the
    one its numbers say: not proposed; proposed but not aligned; fewer links than a derived verdict needs;
    under the bar; reported with another verdict."""
    from dedup.align import SentenceAligner

    cases = multilingual.evaluate(language)["cases"]
    found = multilingual.stages(language)
    assert found.keys() == {c for c in multilingual.DERIVED if cases[c] != multilingual.EXPECTED[c]}
    for case, s in found.items():
        assert s["stage"] in multilingual.STAGES and s["verdict"] == cases[case]
        expected = ("verdict" if s["verdict"] is not None else "candidates" if s["confidence"] is None
                    else "aligning" if s["links"] is None else "links" if s["links"] < SentenceAligner().min_links
                    else "bar")
        assert s["stage"] == expected, case
        assert s["stage"] != "bar" or s["confidence"] < s["bar"]


def test_a_stage_is_printed_as_one_line_of_numbers() -> None:
    line, = multilingual.stages_lines("xx", {"rewrite": {
        "stage": "links", "verdict": None, "content_jaccard": 0.3361, "confidence": 0.46, "links": 1,
        "channels": ("passage",), "bar": 0.61, "alone_confidence": 0.5166, "alone_links": 1, "alone_channels": ()}})
    assert line == ("xx rewrite: lost at links (content Jaccard 0.336; scan: 0.460, 1 links, passage; bar 0.61; "
                    "compared alone: 0.517, 1 links, no channel)")


# -- a folder of Chinese, Arabic and Russian wire copy (benchmarks/multilingual/wire) --------------

WIRE = Path(__file__).resolve().parent.parent / "benchmarks" / "multilingual" / "wire"
#: What a reader says of each pair of the folder, written as (source, derived): verdict. Per language:
#: an agency story, a verbatim copy, a light edit, a partial copy (zh, ar) or a rewrite (ru); then an
#: independent report of the same event and an unrelated story, which share nothing with anyone.
WIRE_VERDICTS = {
    ("zh/xinhua-rrr-cut.json", "zh/dongfang-rrr-cut.json"): "duplicate",
    ("zh/xinhua-rrr-cut.json", "zh/nanhai-rrr-cut.json"): "duplicate",
    ("zh/dongfang-rrr-cut.json", "zh/nanhai-rrr-cut.json"): "duplicate",
    ("zh/xinhua-rrr-cut.json", "zh/jinghua-rrr-cut.json"): "partial",
    ("zh/dongfang-rrr-cut.json", "zh/jinghua-rrr-cut.json"): "partial",
    ("zh/nanhai-rrr-cut.json", "zh/jinghua-rrr-cut.json"): "partial",
    ("ar/mena-rate-rise.json", "ar/ahram-rate-rise.json"): "duplicate",
    ("ar/mena-rate-rise.json", "ar/wafd-rate-rise.json"): "duplicate",
    ("ar/ahram-rate-rise.json", "ar/wafd-rate-rise.json"): "duplicate",
    ("ar/mena-rate-rise.json", "ar/masry-rate-rise.json"): "partial",
    ("ar/ahram-rate-rise.json", "ar/masry-rate-rise.json"): "partial",
    ("ar/wafd-rate-rise.json", "ar/masry-rate-rise.json"): "partial",
    ("ru/tass-commuter-trains.json", "ru/vedomosti-commuter-trains.json"): "duplicate",
    ("ru/tass-commuter-trains.json", "ru/gazeta-commuter-trains.json"): "duplicate",
    ("ru/vedomosti-commuter-trains.json", "ru/gazeta-commuter-trains.json"): "duplicate",
    ("ru/tass-commuter-trains.json", "ru/izvestia-commuter-trains.json"): "rewrite",
    ("ru/vedomosti-commuter-trains.json", "ru/izvestia-commuter-trains.json"): "rewrite",
}
#: Pairs a reader could also call reuse and dedup may leave out: the rewrite against the light edit.
WIRE_OPTIONAL = {("ru/gazeta-commuter-trains.json", "ru/izvestia-commuter-trains.json")}


@pytest.fixture(scope="module")
def wire_scan():  # type: ignore[no-untyped-def]
    from dedup import scan

    return scan(WIRE)


def test_a_wire_folder_of_chinese_arabic_and_russian_copy_gets_a_reader_s_verdicts(wire_scan) -> None:  # type: ignore[no-untyped-def]
    """Copies, light edits, partial copies and the Russian rewrite are found with their verdicts and the
    earlier article as the source; the independent reports and unrelated stories are paired with nothing."""
    found = {(p.source, p.derived): p.verdict for p in wire_scan.pairs}
    found = {k: v for k, v in found.items() if k not in WIRE_OPTIONAL}
    assert found.keys() == WIRE_VERDICTS.keys()
    for key, expected in WIRE_VERDICTS.items():
        # a partial copy is half the story after a lead of the outlet's own: 'duplicate' where the copied
        # half is most of its text (the 5-gram rule of every language; the Chinese light edit does so)
        assert found[key] == expected or (expected, found[key]) == ("partial", "duplicate"), key
    assert wire_scan.skipped == ()
    # the language of every article of a reported pair detected (none is given), shown in the JSON
    paired = {i for key in found for i in key}
    shown = {d["id"]: d["language"] for d in wire_scan.to_dict()["documents"] if d["id"] in paired}
    assert shown == {i: i.split("/")[0] for i in paired}


def test_the_wire_folder_gets_one_answer_from_scan_compare_the_index_and_dask(wire_scan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Stem keys and caseless names depend on each text alone: the Dask engine gives the folder's scan pair
    for pair, and compare and an index give each pair the verdict and confidence of a scan of the two."""
    from dedup import Index, compare, read_corpus, scan

    docs = {d.id: d for d in read_corpus(WIRE).documents}
    for source, derived in [("ru/tass-commuter-trains.json", "ru/izvestia-commuter-trains.json"),
                            ("zh/xinhua-rrr-cut.json", "zh/jinghua-rrr-cut.json"),
                            ("ar/mena-rate-rise.json", "ar/wafd-rate-rise.json")]:
        a, b = docs[source], docs[derived]
        (pair,) = scan([a, b]).pairs
        compared = compare(a, b)
        assert (compared.verdict, round(compared.confidence, 6)) == (pair.verdict, round(pair.confidence, 6))
        with Index.open(str(tmp_path / f"{source.split('/')[0]}.db")) as index:
            index.add(a)
            (match,) = index.check(b)
        assert (match.verdict, round(match.confidence, 6)) == (pair.verdict, round(pair.confidence, 6))
    distributed = pytest.importorskip("distributed")
    from dedup.engines.dask import scan_dask

    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0") as client:
        on_dask = scan_dask(WIRE, client=client, part_bytes=6000)
    assert [(p.a, p.b, p.verdict, round(p.confidence, 6), p.source) for p in on_dask.pairs] == \
        [(p.a, p.b, p.verdict, round(p.confidence, 6), p.source) for p in wire_scan.pairs]


#: Briefs in twelve more languages (benchmarks/multilingual/copies): copies only, no rewrites written.
BRIEFS = json.loads((multilingual.DATA / "copies" / "briefs.json").read_text(encoding="utf-8"))["stories"]


def _light_edit(text: str) -> str:
    """The brief without its last sentence (Thai: its last phrase) and with its first figure changed."""
    cut = text.rsplit(" ", 1)[0] if re.search("[\u0e00-\u0e7f]", text) else " ".join(re.split(r"(?<=[.!?])\s+", text)[:-1])
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), cut, count=1)


def test_copies_in_twelve_more_languages_are_found_and_none_across_languages() -> None:
    # wire copy in languages the set has no folder for: every copy and light edit is a duplicate, each
    # article's language is detected, and briefs on one subject in two languages are never paired
    from dedup import Document, scan

    docs = [Document(f"{lang}-{kind}", text) for lang, source in sorted(BRIEFS.items())
            for kind, text in (("wire", source), ("copy", source), ("edit", _light_edit(source)))]
    result = scan(docs)
    found = {frozenset((p.a, p.b)): p.verdict for p in result.pairs}
    expected = {frozenset((f"{lang}-{a}", f"{lang}-{b}")) for lang in BRIEFS
                for a, b in (("wire", "copy"), ("wire", "edit"), ("copy", "edit"))}
    assert set(found) == expected and set(found.values()) == {"duplicate"}
    assert {d.id: detect_language(d.text) for d in docs} == {d.id: d.id.split("-")[0] for d in docs}


def test_a_pashto_copy_typed_on_a_persian_keyboard_is_read_verbatim() -> None:
    """Pashto's ګ typed as گ (a Persian keyboard): the verbatim copy's sentence holding it was an "edited" link."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("ps"))
    assert "\u06ab" in texts["source"]
    found = compare(Document("s", texts["source"]), Document("c", texts["verbatim"].replace("\u06ab", "\u06af")))
    assert found.verdict == "duplicate" and {link.kind for link in found.alignment.links} == {"verbatim"}


def test_a_rewrite_with_curly_apostrophes_keeps_its_links() -> None:
    """A publishing system curls the apostrophes of the copy it takes ("l’Istat", "dell’anno"): Snowball's
    Italian stemmer drops an elided article before a straight apostrophe, not before a curly one, so each
    elided word of a curled rewrite was another word to the aligner, and the rewrite kept one link of five."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("it"))
    rewrite = compare(Document("s", texts["source"]), Document("c", texts["rewrite"].replace("'", "\u2019")))
    assert rewrite.verdict == "rewrite" and len(rewrite.alignment.links) >= 4


def test_the_second_cases_are_a_group_of_their_own() -> None:
    # the second stories of the agency languages are counted apart, so that the other groups' figures
    # stay comparable with the rounds before
    second = [lang for lang in LANGUAGES if multilingual.load(lang)["name"].endswith(", second case")]
    assert {"es-2", "fr-2", "de-2", "pt-2", "ar-2", "zh-2", "ja-2", "tr-2"} <= set(second)
    rows = [{"language": lang, "verdicts_as_expected": len(multilingual.CASES), "precision": 1.0}
            for lang in ("es", "it-2", *second)]
    assert multilingual.summary(rows) == ("every verdict as expected: first stories 1 of 1; held out 1 of 1; "
                                          f"second cases {len(second)} of {len(second)}; lowest precision 1.00")


#: The groups of cases written after the first ones, each counted apart so that the other groups' figures stay
#: comparable: the group, cases it holds, the case scored with it (its group counted before it, one of one).
#: The third were written after the forty-seventh round's word rules and scored once with them (do those rules
#: generalise?); the fourth unseen in the forty-eighth round in agency languages the earlier sets covered least;
#: the fifth unseen in the forty-ninth, weighted to the agency languages; the sixth unseen in the fiftieth, one
#: language in two scripts, the languages covered least and two new ones; the seventh unseen in the fifty-first,
#: short wire copy, reprints typed on another keyboard and agency languages with one case; the eighth unseen in the
#: fifty-third, full-length agency stories with heavy rewrites, two with the agency's form of another day; the ninth
#: unseen in the fifty-fourth, full-length stories in the languages whose earlier cases were short, three with a form;
#: the tenth unseen in the fifty-fifth, full-length stories in languages with one or two cases, two with a form; the
#: eleventh unseen in the fifty-sixth, full-length stories in languages with one case or none, two with a form; the
#: twelfth unseen in the fifty-seventh, the same in ten more (six the set had not held), two with a form; the
#: thirteenth unseen in the fifty-eighth, the same in nine languages the set had not held and a second Armenian, two
#: with a form; the fourteenth unseen in the fifty-ninth, the same in nine more and a second Malagasy, two with a form;
#: the fifteenth unseen in the sixtieth, the same in nine more and a second Maltese, two with a form; the sixteenth
#: unseen in the sixty-first, the same in nine more and a second Hausa, two with a form; the seventeenth unseen in the
#: sixty-second, the same in ten languages and scripts the set had not held, two with a form; the eighteenth unseen in
#: the sixty-third, the same in ten more (two scripts the set had not held: Ol Chiki, Cree's syllabics), two with a form;
#: the nineteenth unseen in the sixty-fourth, figures in other numeral systems and calendars, a story in two scripts,
#: mixed-language copy and figures inside inflected words, two with a form.
LATER_GROUPS = [
    ("third", {"de-3", "fr-3", "pt-3"}, "fr-2", "second"),
    ("fourth", {"uk-2", "fa-2", "cs-2", "hu-2", "fi-2", "sw-2", "tr-3", "he-3"}, "de-3", "third"),
    ("fifth", {"es-3", "fr-4", "de-4", "pt-4", "ar-3", "zh-3", "zh-4", "ru-3", "ja-3", "ms", "sl"}, "uk-2", "fourth"),
    ("sixth", {"sr-2", "zh-5", "uz", "ko-3", "it-3", "vi-3", "id-3", "nl-3", "sv-2", "tl", "af"}, "es-3", "fifth"),
    ("seventh", {"el-3", "pl-3", "ko-4", "he-4", "de-5", "uz-2", "ro-2", "kk-2", "vi-4", "th-2", "lt-2"}, "sr-2", "sixth"),
    ("eighth", {"es-4", "fr-5", "de-6", "pt-5", "it-4", "ar-4", "ru-4", "zh-6", "ja-4", "tr-4"}, "el-3", "seventh"),
    ("ninth", {"ko-5", "pl-4", "nl-4", "hi-3", "id-4", "el-4", "fa-3", "vi-5", "uk-3", "th-3"}, "es-4", "eighth"),
    ("tenth", {"cs-3", "ro-3", "hu-3", "sr-3", "sw-3", "ms-2", "bn-2", "ta-2", "tl-2"}, "ko-5", "ninth"),
    ("eleventh", {"gl", "cy", "ky", "ha", "mt", "ur-2", "sk-2", "no-2", "lv-2", "az-2"}, "cs-3", "tenth"),
    ("twelfth", {"zu", "ht", "ku", "so", "yo", "tg", "is-2", "ca-2", "ne-2", "et-2"}, "gl", "eleventh"),
    ("thirteenth", {"bs", "lb", "fo", "mg", "rw", "xh", "as", "or", "ug", "hy-2"}, "zu", "twelfth"),
    ("fourteenth", {"ig", "sn", "st", "tt", "sd", "ti", "jv", "ceb", "su", "mg-2"}, "bs", "thirteenth"),
    ("fifteenth", {"wo", "om", "dv", "bo", "ba", "sm", "br", "oc", "tk", "mt-2"}, "ig", "fourteenth"),
    ("sixteenth", {"ckb", "cv", "fj", "to", "mi", "ny", "gd", "rm", "tpi", "ha-2"}, "wo", "fifteenth"),
    ("seventeenth", {"yi", "sah", "fy", "zgh", "iu", "ln", "tn", "qu", "ce", "kl"}, "ckb", "sixteenth"),
    ("eighteenth", {"sat", "cr", "mai", "se", "haw", "lg", "hsb", "tet", "kaa", "ak"}, "yi", "seventeenth"),
    ("nineteenth", {"zh-7", "ja-5", "fa-4", "bn-3", "am-2", "th-4", "pa-2", "tl-3", "hu-4", "ne-3"}, "sat", "eighteenth"),
]


@pytest.mark.parametrize("group, members, before, before_group", LATER_GROUPS, ids=[g[0] for g in LATER_GROUPS])
def test_the_later_cases_are_groups_of_their_own(group: str, members: set[str], before: str, before_group: str) -> None:
    cases = [lang for lang in LANGUAGES if multilingual.load(lang)["name"].endswith(f", {group} case")]
    assert members <= set(cases)
    rows = [{"language": lang, "verdicts_as_expected": len(multilingual.CASES), "precision": 1.0}
            for lang in ("es", before, *cases)]
    rows[-1]["verdicts_as_expected"] -= 1
    assert multilingual.summary(rows) == (f"every verdict as expected: first stories 1 of 1; {before_group} cases 1 of 1; "
                                          f"{group} cases {len(cases) - 1} of {len(cases)}; lowest precision 1.00")


def test_the_vietnamese_rewrite_links_the_sentence_after_a_unit() -> None:
    """"lên tới 310 mm. Lực lượng cứu hộ": the sentence after the unit ran into the one before it, and the
    rewrite's sentence on the rescuers had nothing to link to alone."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("vi-2"))
    found = compare(Document("s", texts["source"]), Document("r", texts["rewrite"]))
    assert found.verdict == "rewrite"
    alignment = found.alignment
    sentences = (alignment.source_sentences if alignment.source_document.text == texts["source"]
                 else alignment.derived_sentences)
    at = [k for k, s in enumerate(sentences) if s.text.startswith("Lực lượng")]
    assert at
    ours = "source_sentences" if alignment.source_document.text == texts["source"] else "derived_sentences"
    assert any(at[0] in getattr(link, ours) for link in alignment.links)
    # seven sentence pairs linked, two of them one merge since Vietnamese is keyed without its marks (six links)
    assert len(alignment.links) >= 6


def test_two_reports_of_one_day_from_one_city_share_no_dateline_sentence() -> None:
    """TASS's dateline ("НОВОСИБИРСК, 5 декабря. /ТАСС/.") was cut into sentences of its own, and the date
    alone linked word for word with the Interfax report's of the same day and city ("verbatim"), an
    independent report one link nearer a false claim of reuse."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("ru-3"))
    found = compare(Document("s", texts["source"]), Document("i", texts["independent"]))
    assert found.verdict is None and not found.alignment.links


@pytest.mark.parametrize("language", ["sr-2", "zh-5", "uz", "uz-2", "kk-2", "ce"])
def test_a_reprint_in_the_other_script_is_the_same_text(language: str) -> None:
    """Serbian's and Uzbek's Cyrillic stories reprinted in Latin, Xinhua's in Hong Kong's traditional characters,
    Kazakh's Cyrillic in the Latin alphabet of 2021, an Uzbek story retyped with straight apostrophes, a Chechen one
    typed with the Latin I for the palochka (``dedup.language.fold_palochka``): the letters
    folded (Serbian, Uzbek and Kazakh by their published tables, Chinese by OpenCC's characters) read the reprint
    as its source, a duplicate; the same office's form filled in another month, or an independent report, stays
    unreported."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load(language))
    assert compare(Document("s", texts["source"]), Document("c", texts["verbatim"])).verdict == "duplicate"
    assert compare(Document("s", texts["source"]), Document("c", texts["independent"])).verdict is None


def test_a_serbian_rewrite_in_the_other_script_links_its_sentences() -> None:
    """Another desk's rewrite of a Serbian Cyrillic story, printed in Latin letters: its words were keyed alike, but
    the aligner's character n-grams were read in each sentence's own script and a link across the two scored a
    third of its due (0 links, unreported); read in the one script of the language's table, its sentences link."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("sr-2"))
    found = compare(Document("s", texts["source"]), Document("r", texts["rewrite"]))
    assert found.verdict == "rewrite" and len(found.alignment.links) >= 5


def test_a_macedonian_story_and_its_latin_letters_stay_apart() -> None:
    """The script fold is chosen by the detected language: Macedonian, written in Serbian's letters but for three,
    keeps its Cyrillic keys, so that its story and the same story spelled in Latin letters (read as Bosnian or
    Croatian) share no key and are no pair."""
    from dedup import compare
    from dedup.documents import Document
    from dedup.transliteration import serbian_latin

    source = multilingual.articles(multilingual.load("mk"))["source"]
    latin = "".join(serbian_latin(c.lower()).capitalize() if c.isupper() else serbian_latin(c) for c in source)
    result = compare(Document("s", source), Document("c", latin))
    assert result.verdict is None and result.evidence.content_jaccard < 0.2


def test_the_german_rewrite_with_a_day_before_its_month_is_found() -> None:
    """dpa's full-length story rewritten by another desk ("bis zum 20. Dezember, ein Viertel Zustimmung reicht"): the
    day cut from its month split a sentence, and the rewrite was called a partial copy with no sentence linked."""
    assert multilingual.evaluate("de-6")["cases"]["rewrite"] == "rewrite"


def test_a_form_of_another_day_is_an_eighth_article_and_counted_with_the_row() -> None:
    """``other_day`` (the agency's form filled in another day) is read where a case has it, expected unreported, and
    the summary asks every one of the row's named cases of it."""
    assert "other_day" in multilingual.articles(multilingual.load("es-4"))
    assert "other_day" not in multilingual.articles(multilingual.load("de-6"))
    rows = [{"language": "es-4", "verdicts_as_expected": 6, "named": 7, "precision": 1.0},
            {"language": "de-6", "verdicts_as_expected": 6, "named": 6, "precision": 1.0}]
    assert multilingual.summary(rows) == "every verdict as expected: eighth cases 1 of 2; lowest precision 1.00"


#: Kazakh's Cyrillic letters in the Latin alphabets of 2017 (apostrophes) and 2018 (acute accents), by the decrees'
#: tables: the letters a desk converting an agency's story wrote in each year.
_KAZAKH_CYRILLIC = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщыіэюяёъь"
_KAZAKH_ALPHABETS = {
    2017: "a a' b v g g' d e j z i' i' k q l m n n' o o' p r s t y' u u' f h h ts c' s' s'c' y i e i'y' i'a i'o - -",
    2018: "a á b v g ǵ d e j z ı ı k q l m n ń o ó p r s t ý u ú f h h ts ch sh shch y i e ıý ıa ıo - -",
}


def _kazakh_in(year: int, text: str) -> str:
    table = {c: "" if t == "-" else t for c, t in zip(_KAZAKH_CYRILLIC, _KAZAKH_ALPHABETS[year].split())}
    return "".join((t[:1].upper() + t[1:] if c != c.lower() else t) if (t := table.get(c.lower())) is not None else c
                   for c in text)


@pytest.mark.parametrize("year", [2017, 2018])
def test_a_kazakh_story_reprinted_in_the_latin_alphabets_of_2017_and_2018_is_its_duplicate(year: int) -> None:
    """Read as Uzbek (2017) or Turkmen (2018) and keyed letter by letter, the reprint was no duplicate of its Cyrillic
    source (2017: "rewrite" 0.681; 2018: unreported, 0.435); its rewrite in the same alphabet is still found."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("kk"))
    reprint = _kazakh_in(year, texts["source"])
    assert detect_language(reprint) == "kk"
    assert compare(Document("s", texts["source"]), Document("r", reprint)).verdict == "duplicate"
    assert compare(Document("s", texts["source"]), Document("w", _kazakh_in(year, texts["rewrite"]))).verdict == "rewrite"
    assert compare(Document("s", texts["source"]), Document("i", _kazakh_in(year, texts["independent"]))).verdict is None


def test_a_kazakh_rewrite_links_on_its_content_words_not_its_function_words() -> None:
    """stopwords-iso has no Kazakh list: "және", "деп", "бойынша" were content words of every sentence, and the
    first Kazakh rewrite (``kk``) stood under the bar (0.570); read with dedup's own list it is a rewrite."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("kk"))
    found = compare(Document("s", texts["source"]), Document("r", texts["rewrite"]))
    assert found.verdict == "rewrite"
    assert compare(Document("s", texts["source"]), Document("i", texts["independent"])).verdict is None


def test_the_urdu_rewrite_is_found_with_its_amounts_written_in_parts_read_by_value() -> None:
    """APP writes the reserves in parts (`31 کروڑ 40 لاکھ`, `11 ارب 84 کروڑ`) where the rewrite writes them whole
    (`31.4 کروڑ`, `11.84 ارب`): read as separate figures, the sentences conflicted and were left unlinked (0.541,
    under the bar); read by value they agree (fifty-seventh round)."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load("ur-2"))
    found = compare(Document("s", texts["source"]), Document("r", texts["rewrite"]))
    assert found.verdict == "rewrite" and len(found.alignment.links) >= 6


@pytest.mark.parametrize("language", ["ce", "kl"])
def test_a_light_edit_typed_another_way_or_in_a_language_the_model_does_not_know_is_a_duplicate(language: str) -> None:
    """Grozny-Inform's Chechen edited on its reprint typed with the Latin I for the palochka was a rewrite (its
    shingles apart where the two letters stood); KNR's Greenlandic light edit was missed, its source read as Estonian
    and the edit as no language, keyed apart. Both are duplicates now, their independent reports unreported."""
    from dedup import compare
    from dedup.documents import Document

    texts = multilingual.articles(multilingual.load(language))
    assert compare(Document("s", texts["source"]), Document("e", texts["light_edit"])).verdict == "duplicate"
    assert compare(Document("s", texts["source"]), Document("i", texts["independent"])).verdict is None


def test_the_hawaiian_partial_copy_is_found_once_every_article_reads_as_hawaiian() -> None:
    """Ka Wai Ola's copy, in a language the model does not know, was read as nothing (English's rules), as Sesotho or
    as Latvian article by article: the partial copy, its lead read as Sesotho and its source as nothing, scored 0.574
    in the scan, under the bar. Told by its ʻokina and its alphabet (``language_signs.hawaiian_letters``), it is found."""
    result = multilingual.evaluate("haw")
    assert result["cases"]["partial"] == "partial" and result["precision"] == 1.0
    assert {detect_language(d.text) for d in multilingual.documents("haw")} == {"haw"}
