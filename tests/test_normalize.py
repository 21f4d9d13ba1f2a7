from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from dedup.normalize import content_bounds, html_to_article, looks_like_headline, normalize_text, word_salad


def test_normalize_unifies_unicode_lines_and_blank_runs() -> None:
    assert normalize_text("Cafe\u0301 \r\n\r\n\r\n\r\nx\u200b") == "Café\n\nx"


@pytest.mark.parametrize(("text", "expected"), [
    ("a \t\u00a0\nb", "a\nb"), ("a\t\nb", "a\nb"), ("a\u00a0\nb", "a\nb"), ("a\n\n\n\n\nb", "a\n\nb"),
    ("a \n\n \n\nb", "a\n\nb"),  # blanks cleared first make a run of blank lines
    ("a  b\n c\n\nd", "a  b\n c\n\nd"),  # spaces inside or leading a line, one blank line: kept
])
def test_trailing_blanks_and_blank_runs(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("BRUSSELS (Reuters) - EU ministers met.", "EU ministers met."),
        ("WASHINGTON, March 3 (AP) -- The Senate voted.", "The Senate voted."),
        ("Prices rose.\n Reuter", "Prices rose."),
        ("Prices rose.\n(Reporting by A; Editing by B)", "Prices rose."),
        ("No dateline here - just text.", "No dateline here - just text."),
        ("Prices rose.\n\nSign up for our free newsletter to get the top stories in your inbox.", "Prices rose."),
        ("Prices rose.\n\nHave a story tip? Email news@courier.example.\n\n\u00a9 2026 Courier Media. All rights "
         "reserved.\nReuter", "Prices rose."),
        ("Prices rose.\n\nThis story first appeared in the Harbour Gazette.", "Prices rose."),
        ("Prices rose.\n\nRead more: subscribe today.", "Prices rose."),
        ("Prices rose.\n\nFarmers had until Friday to sign up for the set-aside programme.",
         "Prices rose.\n\nFarmers had until Friday to sign up for the set-aside programme."),
        ("Prices rose.\n\nDetails are at www.example.gov. " + "More words of the article itself. " * 20,
         "Prices rose.\n\nDetails are at www.example.gov. " + "More words of the article itself. " * 19
         + "More words of the article itself."),
        ("Write to news@courier.example with tips.", "Write to news@courier.example with tips."),
        ("Help lines:\n\n" + "\n\n".join(f"Line {k}: www.help{k}.example" for k in range(5)),
         "Help lines:\n\nLine 0: www.help0.example\n\nLine 1: www.help1.example"),

        ("Sign up for our free newsletter to get the top stories in your inbox.\n\nPARIS (Reuters) - Prices rose.",
         "Prices rose."),
        ("The new website www.example.gov went live on Monday.\n\nIt crashed an hour later.",
         "The new website www.example.gov went live on Monday.\n\nIt crashed an hour later."),
    ],
    ids=["reuters-dateline", "ap-dateline", "reuter-signoff", "credits", "none", "newsletter-offer",
         "tip-line-copyright-and-signoff", "first-appeared", "two-weak-marks", "one-weak-mark-is-news",
         "long-closing-paragraph-is-news", "one-paragraph-kept", "three-closing-paragraphs-at-most",
         "opening-newsletter-offer-then-dateline", "a-lead-naming-a-website-is-news"],
)
def test_content_bounds(text: str, core: str) -> None:
    start, end = content_bounds(text)
    assert text[start:end] == core


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("İSTANBUL (AA) - Merkez Bankası faizi sabit tuttu.", "Merkez Bankası faizi sabit tuttu."),
        ("ΑΘΗΝΑ (ΑΠΕ) - Οι αφίξεις αυξήθηκαν κατά 11,2%.", "Οι αφίξεις αυξήθηκαν κατά 11,2%."),
        ("КИЇВ (Укрінформ) — НБУ знизив облікову ставку.", "НБУ знизив облікову ставку."),
        ("SÃO PAULO (Reuters) - A Selic ficou em 10,50%.", "A Selic ficou em 10,50%."),
        ("Über 100 Menschen - so die Polizei - kamen.", "Über 100 Menschen - so die Polizei - kamen."),
    ],
    ids=["turkish-dotted-capital", "greek", "ukrainian-agency", "portuguese-tilde", "sentence-is-no-dateline"],
)
def test_datelines_in_other_alphabets(text: str, core: str) -> None:
    """A dateline in capitals of another alphabet is the agency's, not the story's: shared by every story
    from the desk, it is no evidence of copying."""
    start, end = content_bounds(text)
    assert text[start:end] == core


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Dock workers walk out at Harlow port", True), ("This is a sentence.", False), ("Word", False)],
    ids=["headline", "sentence", "one-word"],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


def test_html_drops_scripts_nav_and_keeps_metadata() -> None:
    page = (
        '<html><head><meta property="og:title" content="Title"><link rel="canonical" href="https://x.example/a">'
        '</head><body><header>Site</header><article><p>One.</p><script>bad()</script><p>Two.</p></article>'
        "<footer>Foot</footer></body></html>"
    )
    art = html_to_article(page)
    assert art.text == "One.\n\nTwo."
    assert art.title == "Title" and art.url == "https://x.example/a"


TAGLINE = ("\n\nSign up for the Courier's free morning newsletter to get the day's top stories delivered to your inbox "
           "every weekday before 7am. Have a story tip? Contact our newsroom at news@courier.example, day or night.")
STORIES = (
    "The city's main bridge will close for repairs for six weeks from Monday, the transport department said.\n\n"
    "Engineers found cracks in two of the bridge's support beams during a routine inspection in March.\n\n"
    "Buses will be diverted through the eastern ring road, adding about fifteen minutes to journeys.",
    "A new art gallery dedicated to maritime painting opened in the old customs house on Saturday.\n\n"
    "The collection includes more than 200 works donated by a local family of shipbuilders.\n\n"
    "The mayor said the project had cost 3.2 million pounds, most of it raised from private donors.",
    "Firefighters were called to a warehouse blaze on the industrial estate late on Tuesday.\n\n"
    "Six crews spent four hours bringing the fire under control, and nobody was hurt.\n\n"
    "The cause of the fire is being investigated, the fire service said on Wednesday.",
)


@pytest.mark.parametrize("where", ["closing", "opening"])
def test_stories_closing_with_one_sites_lines_are_not_copies_and_a_copy_of_one_is(tmp_path, where: str) -> None:
    from dedup import scan

    for k, story in enumerate(STORIES):
        text = story + TAGLINE if where == "closing" else TAGLINE.strip() + "\n\n" + story
        (tmp_path / f"courier-{k}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "herald-0.txt").write_text(STORIES[0], encoding="utf-8")
    pairs = {(p.a, p.b): p.verdict for p in scan(tmp_path).pairs}
    assert pairs == {("courier-0.txt", "herald-0.txt"): "duplicate"}


@pytest.mark.parametrize("holder", ["<table><tr><td>{}</td></tr></table>", "<ul><li>{}</li></ul>", "<blockquote>{}</blockquote>"],
                         ids=["table-cell", "list-item", "blockquote"])
@pytest.mark.parametrize("root", ["article", "main"])
def test_an_article_laid_out_in_a_table_cell_or_a_list_item_is_read(holder: str, root: str) -> None:
    # the paragraphs' enclosing blocks were looked for past the article, up to the page: in a cell (an old
    # table layout) every paragraph had one, and the article read as empty
    article = f"<{root}><h1>Port strike</h1><p>Dock workers walked out on Monday.</p><p>The port closed.</p></{root}>"
    page = "<html><body><p>Site name</p>" + holder.format(article) + "</body></html>"
    assert html_to_article(page).text == "Port strike\n\nDock workers walked out on Monday.\n\nThe port closed."


def _normalize_by_definition(text: str) -> str:
    """``normalize_text`` as first written, three regular expressions."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]", "", text)
    text = re.sub(r"(?<=\w)[\u200e\u200f\u061c]+(?=\w)", "", text)  # the direction marks inside a word
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_PIECES = ["Rates", " ", "  ", "\t", "\u00a0", "\n", "\r\n", "\r", "\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f",
           "\u200b", "\u200c", "\ufeff", "\u00ad", "\u202e", "\u2067", "\u200f", "\u200e", "\u061c", "e\u0301", "caf\u00e9", "\u2028", "\x85", "7.5 pct", "\n\n\n", " \n"]


@pytest.mark.parametrize("seed", range(30))
def test_normalize_matches_its_definition(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        pieces = _PIECES if rng.random() < 0.7 else [p for p in _PIECES if p.isascii()]  # the ASCII path too
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(40)))
        assert normalize_text(text) == _normalize_by_definition(text), repr(text)


def test_the_zero_width_non_joiner_is_kept_in_the_text() -> None:
    # Persian writes it inside words ("می‌دهد": the verb's prefix apart from its stem); deleted, the text shown
    # and quoted in reports joined what the writer kept apart
    persian = "این رقم کاهش نشان می\u200cدهد و سیاست\u200cهای پولی اثر دارد."
    assert normalize_text(persian) == persian
    assert normalize_text("a\u200b\u200db\u2060\ufeff") == "ab"  # the other invisible characters still go


@pytest.mark.parametrize("invisible", ["\u00ad", "\u202e", "\u202b", "\u2067", "\u2069", "\u200f", "\u200e", "\u061c"],
                         ids=["soft-hyphen", "right-to-left-override", "right-to-left-embedding", "rtl-isolate", "pop-isolate",
                              "right-to-left-mark", "left-to-right-mark", "arabic-letter-mark"])
def test_a_copy_differing_only_in_invisible_controls_inside_words_is_a_duplicate(tmp_path: Path, invisible: str) -> None:
    # a page's &shy; ("Bundes&shy;regierung") or a bidirectional control inside words broke them in two for the
    # tokenizers: such a copy of a story was a rewrite or a partial copy, not a duplicate
    from dedup import compare

    story = _story()
    marked = re.sub(r"(?<=\w)(\w)(?=\w)", lambda m: invisible + m.group(1) if m.start() % 7 == 0 else m.group(1), story)
    assert marked != story and normalize_text(marked) == normalize_text(story)
    (tmp_path / "a.txt").write_text(story)
    (tmp_path / "b.txt").write_text(marked)
    assert compare(tmp_path / "a.txt", tmp_path / "b.txt").verdict == "duplicate"


def test_the_right_to_left_mark_beside_a_number_is_kept() -> None:
    text = "ارتفع المؤشر \u200f3.5\u200f في المئة"
    assert normalize_text(text) == text
    # inside a word (a word processor's marks around a Latin name's letters) it writes nothing: lost there
    assert normalize_text("شركة Sie\u200emens و\u061c3.5") == "شركة Siemens و3.5"


def _story() -> str:
    from conftest import CORPUS

    return (CORPUS / "newswire" / "belarus-china-drills.txt").read_text()


def _salad(text: str, words: int, seed: int) -> str:
    """``words`` words of ``text`` drawn at random, each with its punctuation: no sentence of it is one."""
    pool = text.split()
    draw = random.Random(seed)
    return " ".join(draw.choice(pool) for _ in range(words))


@pytest.mark.parametrize("words", [2000, 5000, 150_000], ids=["2k", "5k", "1M-characters"])
def test_a_salad_of_an_articles_words_has_no_sentences(words: int) -> None:
    # each was read as an article, and compared with its source reported a rewrite of it (0.91, 0.92 and 0.70)
    reason = word_salad(_salad(_story(), words, seed=words))
    assert reason is not None and reason.startswith("no sentences: ")


@pytest.mark.parametrize("case", ["story", "five-stories", "all-caps", "lower-case", "few-sentences", "no-stops"])
def test_prose_and_what_its_capitals_cannot_judge_is_no_salad(case: str) -> None:
    story = _story()
    text = {"story": story, "five-stories": "\n\n".join([story] * 5), "all-caps": "\n\n".join([story.upper()] * 5),
            "lower-case": "\n\n".join([story.lower()] * 5),  # capitals say nothing in a text without them
            "few-sentences": _salad(story, 800, seed=1),  # under 50 sentence starts: too few to judge
            "no-stops": _salad(story, 5000, seed=2).replace(".", "")}[case]
    assert word_salad(text) is None
