"""The HTML report's template environment (dedup.report.htmlenv): safe and distinct page file names, the pieces,
sentences and aligned rows it prints, a text printed as it is unless it holds a bidirectional control."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dedup.report.htmlenv import pair_filename


@pytest.mark.parametrize(
    "a, b", [("../../etc/passwd", "x"), ("a/b", "c"), ("/abs/path", "C:\\win\\x"), ("ünïcødé", "名前"), ("", "")],
    ids=["traversal", "slash", "absolute", "unicode", "empty"],
)
def test_pair_file_names_are_safe(a: str, b: str) -> None:
    name = pair_filename(a, b)
    assert re.fullmatch(r"[a-z0-9-]+\.html", name) and len(name) < 120


def test_pair_file_names_do_not_collide_when_slugs_do() -> None:
    names = {pair_filename(a, b) for a, b in [("a/b", "c"), ("a_b", "c"), ("A-B", "c"), ("a/b", "c ")]}
    assert len(names) == 4


# The pair page's inner loops are Python, not template macros (the syndication set's 2,742 pages wrote in
# half the time): they print what the macros printed, byte for byte.
_OLD_MACROS = (
    '{% macro pieces(items, side="") %}{% for p in items %}{% if p.mark == "ins" %}<ins>{{ p.text }}</ins>'
    '{% elif p.mark == "del" %}<del>{{ p.text }}</del>{% elif p.mark == "mark" %}<mark class="passage" '
    'data-links="{{ p.link }}" data-side="{{ side }}" tabindex="0">{{ p.text }}</mark>{% else %}{{ p.text }}'
    '{% endif %}{% endfor %}{% endmacro %}'
    '{% macro sentences(items, side) %}{% for s in items %}<span class="sent"{% if s.links %} data-links='
    '"{{ s.links }}" data-side="{{ side }}" tabindex="0"{% endif %}>{{ pieces(s.pieces) }}</span>{% endfor %}'
    '{% endmacro %}'
)


def test_pieces_and_sentences_print_what_the_template_macros_printed() -> None:
    from dedup.report.htmlenv import ENV as _ENV, pieces_html, sentences_html
    from dedup.report.htmlpair import Piece, Sentence

    hostile = 'a <b>&amp; "q" \'s\u202eevil\u2066 x'
    pieces = (Piece(hostile), Piece("in<s>", "ins"), Piece("de\u202el", "del"), Piece("m&", "mark", 'p1"x'),
              Piece(" tail "))
    as_dicts = [{"text": p.text, "mark": p.mark, "link": p.link} for p in pieces]
    sentences = (Sentence(pieces, 'l0 l"1', 0, 9), Sentence(pieces[:2], "", 9, 12))
    template = _ENV.from_string(_OLD_MACROS + "{{ pieces(items, side) }}|{{ sentences(sents, side) }}")
    for side in ("left", "ri\u202eght"):
        want = template.render(items=pieces, sents=sentences, side=side)
        assert f"{pieces_html(pieces, side)}|{sentences_html(sentences, side)}" == want
        assert str(pieces_html(as_dicts, side)) == want.split("|")[0]  # a fact's pieces are dicts
    assert "<U+202E>" not in want and "&lt;U+202E&gt;" in want and "<b>" not in want


def test_a_text_is_printed_as_it_is_unless_it_holds_a_bidirectional_control() -> None:
    from markupsafe import Markup

    from dedup.normalize import shown_bidi
    from dedup.report.htmlenv import _shown

    for code in range(0x2000, 0x2100):
        text = f"a{chr(code)}b"
        assert _shown(text) == shown_bidi(text)
        assert _shown(Markup(text)) == shown_bidi(text, html=True)
    assert _shown(3) == 3 and _shown(None) is None


def test_the_aligned_rows_print_the_kind_the_changed_facts_and_the_score(tmp_path: Path) -> None:
    from dedup.report.htmlenv import row_items_html
    from dedup.report.htmlpair import Piece, Row, Sentence

    left = {"language": "en", "dir": "ltr"}
    right = {"language": None, "dir": "auto"}
    rows = [Row("edited", (Sentence((Piece("x"),), "l0", 0, 1),), (Sentence((Piece("y", "ins"),), "l0", 0, 1),), 0.5),
            Row("paraphrase", (Sentence((Piece("p"),), "l1", 0, 1),), (), None, True),
            Row("unused", (Sentence((Piece("u"),), "", 0, 1),), ())]
    html = str(row_items_html(rows, True, left, right, {"l0": 2, "l1": 1}))
    assert html.count("<li ") == 3 and html.endswith("  </li>\n")
    assert '<div class="col-left" data-label="source" lang="en" dir="ltr">' in html
    assert '<div class="col-right" data-label="derived" dir="auto"><span class="sent" data-links="l0"' in html
    assert ">2 facts</span>" in html and ">1 fact</span>" in html and '<span class="score">0.50</span>' in html
    assert ">placed</span>" in html and '<span class="chip">not used</span>' in html
    unknown = str(row_items_html(rows[:1], False, left, right, {}))
    assert 'data-label="article A"' in unknown and 'data-label="article B"' in unknown and "facts-chip" not in unknown
