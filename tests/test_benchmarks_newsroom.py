"""The newsroom stories (benchmarks/newsroom): their labelled pairs, the split between training and the
held-out set, and the benchmark's two readings of each pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_training import (NEWSROOM, RETELLING_SETS, newsroom_corpora, newsroom_corpus, newsroom_sets,
                                      newsroom_story_pairs)
from benchmarks.newsroom import evaluate, two_readings

ROOT = Path(__file__).resolve().parents[1]
SEED_WIRE = (ROOT.parent / "shared" / "seeds" / "000_235bb29993564bda.txt")


def _story(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def test_story_pairs_are_labelled_by_what_each_text_is_to_the_source(tmp_path: Path) -> None:
    _story(tmp_path / "en_1", {n: n for n in ("source", "rewrite", "light", "independent", "followup")})
    _story(tmp_path / "forms", {"fed_day1": "x", "fed_day2": "y", "lonely_day1": "z"})
    pairs = {(a, b): (label, kind, origin) for a, b, label, kind, origin in newsroom_story_pairs(tmp_path)}
    assert pairs[("en_1/source.txt", "en_1/rewrite.txt")] == (1, "rewrite", "newsroom:rewrite")
    assert pairs[("en_1/source.txt", "en_1/light.txt")] == (1, "duplicate", "newsroom:light")
    assert pairs[("en_1/source.txt", "en_1/independent.txt")][0] == 0
    assert pairs[("en_1/source.txt", "en_1/followup.txt")][0] == 0
    assert pairs[("en_1/rewrite.txt", "en_1/light.txt")] == (1, "rewrite", "newsroom:siblings")
    assert pairs[("en_1/light.txt", "en_1/independent.txt")] == (0, None, "newsroom:light-independent")
    assert pairs[("forms/fed_day1.txt", "forms/fed_day2.txt")] == (0, None, "newsroom:form")
    assert len(pairs) == 4 + 1 + 4 + 1  # the source's four, the siblings, the derived with the two others, one form pair


def test_a_correction_is_reuse_and_one_repeated_sentence_is_not(tmp_path: Path) -> None:
    _story(tmp_path / "en_2", {n: n for n in ("source", "light", "correction", "recap")})
    pairs = {(a, b): (label, kind) for a, b, label, kind, _ in newsroom_story_pairs(tmp_path)}
    assert pairs[("en_2/source.txt", "en_2/correction.txt")] == (1, "duplicate")
    assert pairs[("en_2/source.txt", "en_2/recap.txt")] == (0, None)
    assert pairs[("en_2/light.txt", "en_2/correction.txt")] == (1, "duplicate")  # both copies of the source
    assert pairs[("en_2/correction.txt", "en_2/recap.txt")] == (0, None)
    assert len(pairs) == 3 + 1 + 2


def test_a_partial_copy_inside_a_longer_piece_is_reuse(tmp_path: Path) -> None:
    """``partial.txt``: the source's paragraphs inside another outlet's longer piece; reuse of the source
    and of what else came from it, not of the independent report or the follow-up."""
    _story(tmp_path / "en_3", {n: n for n in ("source", "rewrite", "light", "partial", "independent", "followup")})
    pairs = {(a, b): (label, kind, origin) for a, b, label, kind, origin in newsroom_story_pairs(tmp_path)}
    assert pairs[("en_3/source.txt", "en_3/partial.txt")] == (1, "partial", "newsroom:partial")
    assert pairs[("en_3/light.txt", "en_3/partial.txt")][0] == pairs[("en_3/rewrite.txt", "en_3/partial.txt")][0] == 1
    assert pairs[("en_3/partial.txt", "en_3/independent.txt")] == (0, None, "newsroom:partial-independent")
    assert pairs[("en_3/partial.txt", "en_3/followup.txt")] == (0, None, "newsroom:partial-followup")
    assert len(pairs) == 5 + 3 + 6


TOPICS = NEWSROOM / "heldout_topics"


def test_the_topics_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """The English set outside the business wire: twelve stories of 250-600 words, each with its six texts,
    named in its README, forms in pairs; no training corpus reads it and it shares no text with one."""
    _assert_held_out_set(TOPICS, ["followup", "independent", "light", "partial", "rewrite", "source"],
                         stories_least=12, words=(250, 600), forms_least=6)


def _assert_apart_from_training(root: Path) -> None:
    """A held-out set read by no training corpus and sharing no text with one."""
    assert root not in [s for corpus in newsroom_corpora(NEWSROOM / "train", with_retellings=True) for s in corpus]
    train = {p.read_text(encoding="utf-8") for p in (NEWSROOM / "train").rglob("*.txt") if p.name != "README.txt"}
    assert not train & {p.read_text(encoding="utf-8") for p in root.rglob("*.txt") if p.name != "README.txt"}


def _assert_held_out_set(root: Path, texts: list[str], *, stories_least: int, words: tuple[int, int],
                         forms_least: int) -> list[Path]:
    """A held-out set's layout as its README names it (each story's ``texts``, its source of ``words``
    words, forms in pairs of two days), read by no training corpus and sharing no text with one; its
    stories."""
    readme = (root / "README.txt").read_text(encoding="utf-8")
    stories = sorted(p for p in root.iterdir() if p.is_dir() and p.name != "forms")
    assert len(stories) >= stories_least
    for story in stories:
        assert sorted(f.stem for f in story.glob("*.txt")) == texts
        assert words[0] <= len((story / "source.txt").read_text(encoding="utf-8").split()) <= words[1]
        assert f"\n  {story.name} " in readme
    forms = sorted(f.name for f in (root / "forms").glob("*.txt"))
    assert len(forms) >= forms_least and all(f.replace("_day1", "_day2") in forms for f in forms if "_day1" in f)
    assert newsroom_sets(root) == [root]
    _assert_apart_from_training(root)
    return stories


def test_the_held_out_stories_share_no_text_with_the_training_stories() -> None:
    texts = {p: p.read_text(encoding="utf-8") for p in NEWSROOM.rglob("*.txt") if p.name != "README.txt"}
    held = {t for p, t in texts.items() if "heldout" in p.parts}
    train = {t for p, t in texts.items() if "train" in p.parts}
    assert len(held) >= 60 and len(train) >= 120 and not held & train
    assert [s.name for s in newsroom_sets(NEWSROOM / "train")] == ["A", "B", "C", "D", "E", "F", "G", "H"]
    assert [s.name for s in newsroom_sets(NEWSROOM / "train", with_retellings=False)] == ["A", "B", "C", "D", "E", "F"]
    assert newsroom_sets(NEWSROOM / "heldout") == [NEWSROOM / "heldout"]
    assert all(len(newsroom_story_pairs(s)) > 40 for s in newsroom_sets(NEWSROOM / "train"))


def test_the_retelling_sets_are_read_only_when_asked_and_each_scanned_apart(tmp_path: Path) -> None:
    """Sets G and H (a measured trade) stay out of the shipped model's training; asked for, each is a
    corpus of its own, so the texts of A to F meet the same corpus, and keep their vectors, either way."""
    for name in ("A", "B", *RETELLING_SETS):
        _story(tmp_path / name / "en_1", {"source": f"{name} source", "rewrite": f"{name} rewrite"})
    a, b, g, h = (tmp_path / n for n in ("A", "B", "G", "H"))
    assert newsroom_corpora(tmp_path) == [[a, b]]
    assert newsroom_corpora(tmp_path, with_retellings=True) == [[a, b], [g], [h]]
    assert newsroom_corpora(g) == [[g]]  # one set named as the folder: itself, as before
    docs, pairs = newsroom_corpus(tmp_path, [g])
    assert [d.id for d in docs] == ["G/en_1/rewrite.txt", "G/en_1/source.txt"]
    assert pairs == [("G/en_1/source.txt", "G/en_1/rewrite.txt", 1, "rewrite", "newsroom:rewrite")]
    assert len(newsroom_corpus(tmp_path)[0]) == 8


def test_the_retelling_sets_hold_what_their_readme_says() -> None:
    """Each story of G and H: a source of 80-400 words (60 or more spaced words in Korean), its rewrite, an independent report and a
    follow-up (no light edit, correction or recap), named in the set's README; forms in pairs."""
    for name in RETELLING_SETS:
        folder = NEWSROOM / "train" / name
        readme = (folder / "README.txt").read_text(encoding="utf-8")
        stories = sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "forms")
        assert len(stories) >= 8
        for story in stories:
            assert sorted(f.stem for f in story.glob("*.txt")) == ["followup", "independent", "rewrite", "source"]
            assert 60 <= len((story / "source.txt").read_text(encoding="utf-8").split()) <= 400
            assert f"\n{story.name} | " in readme
        assert any(o == "newsroom:form" for *_, o in newsroom_story_pairs(folder))


def test_evaluate_reads_each_pair_in_a_scan_and_alone(tmp_path: Path) -> None:
    if not SEED_WIRE.is_file():
        pytest.skip("../shared/seeds not found")
    text = SEED_WIRE.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    light = "\n\n".join(["Belarus and China have started joint drills near the Polish border."] + paragraphs[1:])
    unrelated = ("The city council approved a new budget for the public library on Tuesday, adding three "
                 "reading rooms and longer opening hours. Librarians said demand for evening classes had "
                 "doubled since the spring, and the council expects the work to finish next year. ") * 3
    _story(tmp_path / "en_1", {"source": text, "light": light, "independent": unrelated})
    out = evaluate(tmp_path)
    rows = {r["origin"]: r for r in out["pairs"]}
    assert rows["newsroom:light"]["scan"] == rows["newsroom:light"]["compare"] == "duplicate"
    assert rows["newsroom:independent"]["scan"] is None and rows["newsroom:independent"]["compare"] is None
    assert out["summary"]["scan"]["precision"] == 1.0 and out["disagree"] == []


def test_the_siblings_are_counted_by_the_two_texts_taken_from_the_source(tmp_path: Path) -> None:
    """A light edit and a partial copy share the source's sentences, a rewrite and a partial copy only its
    facts: the table counts them apart, each labelled pair once."""
    _story(tmp_path / "en_1", {n: f"{n} one two three" for n in ("source", "rewrite", "light", "partial")})
    docs, labelled = newsroom_corpus(tmp_path)
    rows, by_origin = two_readings(docs, labelled, lambda a, b: type("R", (), {"verdict": None, "confidence": 0.0}))
    assert {o: n for o, (n, _, _) in by_origin.items() if "siblings" in o} == {
        "newsroom:siblings light-rewrite": 1, "newsroom:siblings partial-rewrite": 1,
        "newsroom:siblings light-partial": 1}
    assert sum(n for n, _, _ in by_origin.values()) == len(rows) == 6


FIGURES = NEWSROOM / "heldout_figures"


def test_the_restated_figures_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Six English stories whose rewrites restate figures in other forms, each with its source, rewrite and
    independent report, named in its README, forms in pairs; no training corpus reads it and it shares no
    text with one."""
    stories = _assert_held_out_set(FIGURES, ["independent", "rewrite", "source"], stories_least=6, words=(290, 400),
                                   forms_least=12)
    pairs = newsroom_story_pairs(FIGURES)
    assert sum(label for *_, label, _, _ in pairs) == len(stories)  # the rewrites, nothing else reuse


STYLES = NEWSROOM / "heldout_styles"
STYLE_FILES = ("churned", "digest", "restructured", "tabloid", "local", "broadcast", "translated", "liveblog")


def test_the_styles_are_labelled_reuse_of_the_source_and_not_of_the_independent_report(tmp_path: Path) -> None:
    """Each style's text (a story made from a press release, a digest, ... a live blog's entry) is reuse of
    its source, by its own row of the table; not of the story's independent report or follow-up."""
    for n, style in enumerate(STYLE_FILES):
        _story(tmp_path / f"en_{n}", {name: name for name in ("source", style, "independent")})
    pairs = {(a, b): (label, origin) for a, b, label, _, origin in newsroom_story_pairs(tmp_path)}
    for n, style in enumerate(STYLE_FILES):
        assert pairs[(f"en_{n}/source.txt", f"en_{n}/{style}.txt")] == (1, f"newsroom:{style}")
        assert pairs[(f"en_{n}/{style}.txt", f"en_{n}/independent.txt")] == (0, f"newsroom:{style}-independent")
    assert len(pairs) == 3 * len(STYLE_FILES)


def test_the_styles_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Twelve English stories, eight with one text in a style of its own, forms in pairs; each style named
    in the README; no training corpus reads it and it shares no text with one."""
    readme = (STYLES / "README.txt").read_text(encoding="utf-8")
    stories = sorted(p for p in STYLES.iterdir() if p.is_dir() and p.name != "forms")
    assert len(stories) == 12 and all((s / "source.txt").is_file() and f"\n  {s.name} " in readme for s in stories)
    styles = sorted(f.stem for s in stories for f in s.glob("*.txt") if f.stem in STYLE_FILES)
    assert styles == sorted(STYLE_FILES) and all(f"\n  {style}.txt" in readme for style in STYLE_FILES)
    pairs = newsroom_story_pairs(STYLES)
    assert sum(label for *_, label, _, _ in pairs) == len(STYLE_FILES)
    assert sum(1 for *_, origin in pairs if origin == "newsroom:form") == 3
    _assert_apart_from_training(STYLES)


RETOLD = NEWSROOM / "heldout_retold"
RETOLD_FILES = ("rounded", "summary", "script", "explainer", "recast")


def test_the_retellings_are_labelled_reuse_of_the_source_and_not_of_the_follow_up(tmp_path: Path) -> None:
    """Each retelling (figures rounded, a summary, a broadcast script, an explainer, facts recast into new
    sentences) is reuse of its source, by its own row of the table; not of the story's follow-up."""
    for n, kind in enumerate(RETOLD_FILES):
        _story(tmp_path / f"en_{n}", {name: name for name in ("source", kind, "followup")})
    pairs = {(a, b): (label, kind, origin) for a, b, label, kind, origin in newsroom_story_pairs(tmp_path)}
    for n, kind in enumerate(RETOLD_FILES):
        assert pairs[(f"en_{n}/source.txt", f"en_{n}/{kind}.txt")] == (1, "rewrite", f"newsroom:{kind}")
        assert pairs[(f"en_{n}/{kind}.txt", f"en_{n}/followup.txt")] == (0, None, f"newsroom:{kind}-followup")
    assert len(pairs) == 3 * len(RETOLD_FILES)


def test_the_retold_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Ten English stories, each with one retelling and one independent report or follow-up, forms in
    pairs; each kind named in the README; no training corpus reads it and it shares no text with one."""
    readme = (RETOLD / "README.txt").read_text(encoding="utf-8")
    stories = sorted(p for p in RETOLD.iterdir() if p.is_dir() and p.name != "forms")
    assert len(stories) == 10 and all((s / "source.txt").is_file() and f"\n  {s.name} " in readme for s in stories)
    kinds = {f.stem for s in stories for f in s.glob("*.txt") if f.stem in RETOLD_FILES}
    assert kinds == set(RETOLD_FILES) and all(f"\n  {kind}.txt" in readme for kind in RETOLD_FILES)
    for story in stories:
        assert len((story / "source.txt").read_text(encoding="utf-8").split()) in range(250, 451)
    pairs = newsroom_story_pairs(RETOLD)
    assert sum(label for *_, label, _, _ in pairs) == len(stories)
    assert sum(1 for *_, origin in pairs if origin == "newsroom:form") == 3
    _assert_apart_from_training(RETOLD)


BEATS = NEWSROOM / "heldout_beats"
BEATS_FILES = {"rival": "rewrite", "cutdown": "partial", "churned": "rewrite"}


def test_the_beats_texts_are_labelled_reuse_of_the_source_and_a_form_filled_in_again_not() -> None:
    """A rival desk's rewrite, a local paper's cut-down and a story made from a press release are reuse of
    the source, each of its own kind; the same beat's form filled in on another day (``sameform``) is
    reuse neither of the source nor of what was taken from it."""
    pairs = {(a, b): (label, kind) for a, b, label, kind, _ in newsroom_story_pairs(BEATS)}
    assert pairs[("en_1/source.txt", "en_1/rival.txt")] == (1, "rewrite")
    assert pairs[("en_1/source.txt", "en_1/cutdown.txt")] == (1, "partial")
    assert pairs[("en_6/source.txt", "en_6/churned.txt")] == (1, "rewrite")
    assert pairs[("en_1/source.txt", "en_1/sameform.txt")] == (0, None)
    assert pairs[("en_1/cutdown.txt", "en_1/sameform.txt")] == (0, None)
    assert pairs[("en_1/rival.txt", "en_1/cutdown.txt")] == (1, "rewrite")


def test_the_beats_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Eleven English stories of 250-450 words, each with one or two texts taken from its source and one
    negative, each kind named in the README, forms in pairs; no training corpus reads it and it shares no
    text with one."""
    _assert_stories_as_the_readme_says(BEATS, BEATS_FILES, stories=11, negatives={1})
    pairs = newsroom_story_pairs(BEATS)
    assert sum(label for *_, label, _, _ in pairs) == 15 and len(pairs) == 41
    assert sum(1 for *_, origin in pairs if origin == "newsroom:form") == 2
    _assert_apart_from_training(BEATS)


DESKS = NEWSROOM / "heldout_desks"
DESKS_FILES = {"rival": "rewrite", "cutdown": "partial", "churned": "rewrite", "light": "duplicate"}


def test_the_desks_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Ten English stories of 250-450 words of other desks, each with one or two texts taken from its source
    (a rival desk's rewrite, a cut-down, the lede rewritten with the rest lifted, news made from a release)
    and one negative, each kind named in the README, labelled as the other sets are, forms in pairs; no
    training corpus reads it and it shares no text with one."""
    _assert_stories_as_the_readme_says(DESKS, DESKS_FILES, stories=10, negatives={0, 1})
    pairs = {(a, b): (label, kind) for a, b, label, kind, _ in newsroom_story_pairs(DESKS)}
    assert pairs[("en_4/source.txt", "en_4/light.txt")] == (1, "duplicate")
    assert pairs[("en_4/light.txt", "en_4/sameform.txt")] == (0, None)
    assert pairs[("en_6/rival.txt", "en_6/cutdown.txt")] == (1, "rewrite")
    assert sum(label for label, _ in pairs.values()) == 12 and len(pairs) == 32
    assert sum(1 for a, _ in pairs if a.startswith("forms/")) == 2
    _assert_apart_from_training(DESKS)



WIRES = NEWSROOM / "heldout_wires"
WIRES_FILES = {"rival": "rewrite", "cutdown": "partial", "churned": "rewrite", "light": "duplicate",
               "translated": "rewrite"}


def test_the_wires_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Ten English stories of 250-450 words of other beats, each with one or two texts taken from its source
    (a rival desk's rewrite, a cut-down, the lede rewritten with the rest lifted, a translation's close
    paraphrase, news made from a release) and one negative, each kind named in the README, labelled as the
    other sets are, forms in pairs; no training corpus reads it and it shares no text with one."""
    _assert_stories_as_the_readme_says(WIRES, WIRES_FILES, stories=10, negatives={1})
    pairs = {(a, b): (label, kind) for a, b, label, kind, _ in newsroom_story_pairs(WIRES)}
    assert pairs[("en_2/source.txt", "en_2/translated.txt")] == (1, "rewrite")
    assert pairs[("en_5/light.txt", "en_5/sameform.txt")] == (0, None)
    assert pairs[("en_6/rival.txt", "en_6/cutdown.txt")] == (1, "rewrite")
    assert sum(label for label, _ in pairs.values()) == 12 and len(pairs) == 35
    assert sum(1 for a, _ in pairs if a.startswith("forms/")) == 2
    _assert_apart_from_training(WIRES)

OUTLETS = NEWSROOM / "heldout_outlets"
OUTLETS_FILES = {"local": "partial", "summary": "rewrite", "digest": "rewrite", "broadcast": "rewrite",
                 "recast": "rewrite", "churned": "rewrite"}


def test_the_outlets_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Twelve English stories of 250-450 words retold by the outlets that reuse wire copy, each with one or
    two texts taken from its source (a local paper's version, a blog's summary, a newsletter's item, a
    broadcast script, a trade publication's rewrite, a release copied in another order) and one negative,
    each kind named in the README, labelled as the other sets are, forms in pairs; no training corpus reads
    it and it shares no text with one."""
    _assert_stories_as_the_readme_says(OUTLETS, OUTLETS_FILES, stories=12, negatives={1})
    pairs = {(a, b): (label, kind) for a, b, label, kind, _ in newsroom_story_pairs(OUTLETS)}
    assert pairs[("en_1/source.txt", "en_1/local.txt")] == (1, "partial")
    assert pairs[("en_1/source.txt", "en_1/broadcast.txt")] == (1, "rewrite")
    assert pairs[("en_4/summary.txt", "en_4/independent.txt")] == (0, None)
    assert pairs[("en_10/digest.txt", "en_10/summary.txt")] == (1, "rewrite")
    assert sum(label for label, _ in pairs.values()) == 16 and len(pairs) == 44
    assert sum(1 for a, _ in pairs if a.startswith("forms/")) == 2
    _assert_apart_from_training(OUTLETS)


ANGLES = NEWSROOM / "heldout_angles"
ANGLES_FILES = {"quoted": "rewrite", "background": "rewrite", "plain": "rewrite", "regional": "partial",
                "shorter": "rewrite", "light": "duplicate"}


def test_the_angles_set_is_held_out_and_holds_what_its_readme_says() -> None:
    """Ten English stories of 200-260 words, each with one or two texts taken from its source in kinds of
    rewriting the other sets lack (rebuilt around a quote, merged with background, idiom put into plain words,
    a regional paper's localisation, a third of the length or less, a light edit) and one negative, each kind
    named in the README, labelled as the other sets are, forms in pairs; no training corpus reads it and it
    shares no text with one."""
    _assert_stories_as_the_readme_says(ANGLES, ANGLES_FILES, stories=10, negatives={1}, words=range(200, 261))
    pairs = {(a, b): (label, kind) for a, b, label, kind, _ in newsroom_story_pairs(ANGLES)}
    assert pairs[("en_1/source.txt", "en_1/quoted.txt")] == (1, "rewrite")
    assert pairs[("en_4/source.txt", "en_4/regional.txt")] == (1, "partial")
    assert pairs[("en_4/regional.txt", "en_4/sameform.txt")] == (0, None)
    assert pairs[("en_10/source.txt", "en_10/light.txt")] == (1, "duplicate")
    assert pairs[("en_6/quoted.txt", "en_6/shorter.txt")] == (1, "rewrite")
    assert sum(label for label, _ in pairs.values()) == 14 and len(pairs) == 38
    assert sum(1 for a, _ in pairs if a.startswith("forms/")) == 2
    _assert_apart_from_training(ANGLES)


def _assert_stories_as_the_readme_says(folder: Path, files: dict[str, str], *, stories: int, negatives: set[int],
                                      words: range = range(250, 451)) -> None:
    """A held-out set's story folders: ``stories`` of them, each named in its README with a source of ``words``
    words (250-450), one or two of ``files`` taken from it and as many negatives as ``negatives`` allows; every
    kind of file named in the README."""
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    found = sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "forms")
    assert len(found) == stories and all(f"\n  {s.name} " in readme for s in found)
    for story in found:
        kinds = {f.stem for f in story.glob("*.txt")}
        assert "source" in kinds and 1 <= len(kinds & set(files)) <= 2
        assert len(kinds & {"sameform", "independent", "followup"}) in negatives
        assert len((story / "source.txt").read_text(encoding="utf-8").split()) in words
    assert all(f"\n  {kind}.txt" in readme for kind in (*files, "sameform", "independent", "followup"))
