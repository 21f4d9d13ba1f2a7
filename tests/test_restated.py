"""Figures restated in another form (``dedup.restated``) and the wire desk's fact diff that reads them
(``dedup.factdiff``): a rewrite that writes "Twenty-six people died" for "killed 26 people" agrees on the
figure, a form filled in on another day with other values does not."""

from __future__ import annotations

import pytest

from dedup.figure_sets import _figure_set
from dedup.restated import restated, restated_at, statements


@pytest.mark.parametrize(("figure", "source", "rewrite"), [
    ("26", "Floods killed 26 people in the valley.", "Twenty-six people died in the valley floods."),
    ("12", "He was jailed for 12 years.", "He was sent to prison for a dozen years."),
    ("3,500,000", "He stole 3,500,000 pounds.", "He took three and a half million pounds."),
    ("3,500,000", "He stole 3,500,000 pounds.", "He took 3.5 million pounds."),
    ("20", "A fund of 20 million euros.", "A 20m euro fund."),
    ("1,500", "About 1,500 drivers will strike.", "Some fifteen hundred drivers will strike."),
    ("54,000", "The 54,000 pupils tested.", "The fifty-four thousand pupils who sat it."),
    ("2,300", "2,300 operations a month.", "Some two thousand three hundred operations a month."),
    ("1200", "It employs 1200 people.", "It employs 1,200 people."),
    ("250,000", "It carries 250,000 passengers.", "It carries a quarter of a million passengers."),
    ("90", "90 percent of patients waited.", "Nine in ten patients waited."),
    ("60", "It could halt 60 percent of services.", "Three in five services could be cancelled."),
    ("25", "25 percent of schools failed.", "A quarter of schools failed."),
    ("75", "75 percent were reconnected.", "Three-quarters were reconnected."),
    ("67", "67 percent of voters backed it.", "Two-thirds of voters backed it."),
    ("33", "33 percent said so.", "A third said so."),
    ("50", "It took 50 percent of the buses.", "Half of the buses were taken."),
    ("80", "80 percent voted no.", "Four out of five voted no."),
    ("71", "71 percent of pupils.", "Seventy-one percent of pupils."),
])
def test_a_figure_stated_in_another_form_is_restated(figure: str, source: str, rewrite: str) -> None:
    assert restated(frozenset({figure}), source, rewrite) == 1


@pytest.mark.parametrize(("figure", "source", "other"), [
    ("78", "78 percent met the standard.", "77 percent met the standard."),  # a number is exact
    ("50", "50 people came.", "In the second half of the match, half an hour in, 50 percent more came."),
    ("12", "It had 12 routes.", "It had twelve hundred routes."),
    ("100", "A fund of 100 million pounds.", "A 100 m race and one of them."),  # "100 m" is metres
    ("26", "26 people died.", "Veintiséis personas murieron en la ciudad, dijeron las autoridades el lunes."),
    ("90", "90 people were there.", "Nine in ten were there."),  # a count is no share
])
def test_another_value_or_a_figure_read_otherwise_is_not_restated(figure: str, source: str, other: str) -> None:
    assert restated(frozenset({figure}), source, other) == 0


def test_number_words_read_as_their_values() -> None:
    said = statements("twenty-six, a dozen, a hundred and twenty, half a million, one and a half billion, "
                      "two thousand three hundred, fourteen and a half thousand, five six")
    assert said is not None
    assert {"26", "12", "120", "500000", "1.5e+09", "2300", "14500", "5", "6"} <= said.amounts
    assert "56" not in said.amounts and "11" not in said.amounts  # "five six" and "one ... billion" are no compound
    german = ("Die Regierung sagte am Montag, dass bei den Überschwemmungen im Norden des Landes sechsundzwanzig "
              "Menschen gestorben seien und die Behörden mehr als dreitausend Bewohner in Sicherheit gebracht hätten.")
    assert statements(german) is None


def test_a_token_of_a_figure_is_restated_where_its_figure_is() -> None:
    text = "He stole 3,500,000 pounds over 8 years."
    # the word tokens "500" and "000" lie in "3,500,000"; "years" in no figure
    places = [(at, at + 3) for at in (text.index("500"), text.index("000"))] + [(text.index("years"), len(text) - 1)]
    assert restated_at(places, text, "He took 3.5 million pounds.") == [True, True, False]
    assert restated_at(places[:1], text, "Er nahm 3,5 Millionen Pfund, sagte das Gericht am Montag.") == [False]


RIVER = ("Floods in the north of the region killed 26 people and forced Maria Lopez and Juan Ortega of the Red Cross "
         "to open 14 shelters for 3,500 residents, officials in Valencia said on Monday.")
RETOLD = ("Twenty-six people died in floods in the north of the region, and Maria Lopez and Juan Ortega of the Red "
          "Cross opened fourteen shelters for three and a half thousand people, Valencia officials said on Monday. "
          "Officials in Madrid and Seville sent 300 soldiers.")


def test_a_rewrite_restating_figures_restates_each_of_them() -> None:
    """The source's 26, 14 and 3,500 are all in the rewrite, in words; its 300 is in the source in no form."""
    sa, sb = _figure_set(RIVER), _figure_set(RETOLD)
    assert sa - sb == {"26", "14", "3,500"} and sb - sa == {"300"}
    assert restated(sa - sb, RIVER, RETOLD) == 3 and restated(sb - sa, RETOLD, RIVER) == 0


DAY1 = ("Weekly figures: hospitals saw 41,250 attendances, 6 percent more than a year ago. Seventy-one percent of "
        "patients were seen within four hours, against the target of 78 percent. Nine in ten beds were occupied, "
        "and 1,150 patients fit to leave remained in a bed. 2,380 patients waited more than twelve hours.")
DAY2 = ("Weekly figures: hospitals saw 43,900 attendances, 4 percent more than a year ago. Sixty-eight percent of "
        "patients were seen within four hours, against the target of 78 percent. Ninety-four percent of beds were "
        "occupied, and 1,290 patients fit to leave remained in a bed. 2,710 patients waited more than twelve hours.")


def test_a_form_refilled_on_another_day_keeps_its_figures_apart() -> None:
    """The next day's values, some in words on both days, are other values: nothing reads as restated."""
    sa, sb = _figure_set(DAY1), _figure_set(DAY2)
    assert len(sa - sb) == 3  # 41,250, 1,150 and 2,380; the rest are single digits or words
    assert restated(sa - sb, DAY1, DAY2) == 0 and restated(sb - sa, DAY2, DAY1) == 0


def test_two_reports_sharing_the_event_figures_stay_under_the_bar() -> None:
    """Two desks' reports of one event share its figures, one in words: agreeing on the figures is not
    shared wording, and the pair stays unreported."""
    from dedup.documents import Document
    from dedup.pipeline import compare

    one = ("Storm Orla killed 6 people and left 240,000 homes without power on Sunday, Met Eireann said, after gusts "
           "of 151 km/h hit the west coast. In Clifden the roof of the community hall was torn off and landed in a "
           "hotel car park. \"It sounded like a train going over the house for four hours,\" said Bridget Joyce, 73.")
    two = ("Six people died and a quarter of a million homes lost electricity as Storm Orla battered Ireland, with "
           "a gust of 151 km/h recorded at Mace Head in Galway. ESB Networks said 3,000 staff were working to restore "
           "supply, and Ryanair said passengers on cancelled flights could rebook free of charge.")
    result = compare(Document("one", one), Document("two", two))
    pair = getattr(result, "pair", result)
    assert getattr(pair, "verdict", None) is None


@pytest.mark.parametrize(("source", "derived"), [
    ("Floods killed 26 people and hurt 40 more on Monday.", "Twenty-six people died in floods on Monday, and 40 were hurt."),
    ("90 percent of patients waited, up from 45 percent.", "Nine in ten patients waited, up from 45 percent."),
    ("He was jailed for 12 years on 31 counts.", "He was jailed for a dozen years on thirty-one counts."),
])
def test_the_fact_diff_reads_a_restated_figure_as_the_same(source: str, derived: str) -> None:
    """On main each of these was "dropped: 26", "dropped: 90 percent", "dropped: 31"."""
    from dedup.factdiff import diff_facts

    assert diff_facts(source, [(0, len(source))], derived, [(0, len(derived))]) == []


def test_the_fact_diff_still_tells_another_value_written_in_words() -> None:
    from dedup.factdiff import diff_facts

    source, derived = "Floods killed 26 people on Monday.", "Twenty-seven people died in floods on Monday."
    assert [c.label() for c in diff_facts(source, [(0, len(source))], derived, [(0, len(derived))])] == ["dropped: 26"]


def test_pieces_of_prices_times_and_ranges_are_no_figures_of_their_own() -> None:
    """Wire copy's "10-13/16 pct" holds no 13 a form's "13 mln stg" could be restated by (the Bank of
    England's daily notices agreed so on the first run over the training set), nor "2:06:41" a 6 or
    "1987-88" a 198; "two mln" is two million."""
    said = statements("It bought two mln stg at 10-13/16 pct and 13 mln stg at 2:06:41 in 1987-88, and 3/8.")
    assert said is not None
    assert said.amounts == {"2e+06", "1.3e+07"} and set(said.figures) == {"13"}
    assert restated(frozenset({"13"}), "Bills of 13 mln stg.", "Bills at 10-13/16 pct in band two.") == 0
