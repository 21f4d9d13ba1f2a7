"""The spans a fact diff compares: the story past its dateline, sentences the aligner left apart (``dedup.diff_spans``)."""

from __future__ import annotations

from dedup.factdiff import diff_links


def test_same_sentences_needs_most_words_shared() -> None:
    from dedup.diff_spans import same_sentences

    text_a, text_b = "About 40 ships were waiting at sea.", "Insurers said 60 claims were filed."
    assert same_sentences(text_a, [(0, len(text_a))], text_b, [(0, len(text_b))]) == []


def test_a_sentence_the_aligner_left_apart_for_its_changed_figure_is_diffed() -> None:
    """The aligner links no sentences whose figures contradict; the fact diff pairs them up again."""
    from dedup import Document, compare

    source = Document("s", "The port closed on Tuesday after a strike. About 40 ships were waiting at sea, "
                           "the harbour master said. Talks resume on Thursday.", outlet="wire")
    derived = Document("d", "The port closed on Tuesday after a strike. About 60 ships were waiting at sea, "
                            "the harbour master said. Talks resume on Thursday.", outlet="paper")
    changes = [(link.link, c.label()) for link in diff_links(compare(source, derived).alignment) for c in link.changes]
    assert changes == [(None, "40 -> 60")]


def test_a_dateline_rewritten_in_another_form_changes_no_fact() -> None:
    """Read on the syndication set (reuters-6060 / valley-gazette-24a3cf60): the client wrote the wire's
    "NEW YORK, MARCH 17 -" as "New York (Reuters) -", and its fact diff listed "figure dropped: 17" and "name
    added: Reuters". A ticker in brackets opens no dateline: its sentence's facts are still compared."""
    from dedup import Document, scan
    from dedup.diff_spans import story_bounds

    body = ("Exxon Corp, the world's largest oil company, said it was reviewing its refinery operations in "
            "Europe and might close one of its French refineries, chief executive Lawrence Rawl told a newspaper. "
            "The company closed three refineries in Britain and Denmark last year and cut its staff by 4,000, "
            "and it expects demand for oil products to rise by two percent this year.")
    wire = Document("w", "NEW YORK, MARCH 17 - " + body, outlet="reuters", published="1987-03-17T10:00:00Z")
    client = Document("c", "New York (Reuters) - " + body, outlet="gazette", published="1987-03-17T12:00:00Z")
    (pair,) = scan([wire, client]).to_dict()["pairs"]
    assert pair["facts"]["summary"] == {}
    ticker = "Exxon Corp (XON) - the firm said on Monday it would close 3 plants."
    assert story_bounds(ticker)[0] == 0
