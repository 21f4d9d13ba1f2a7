"""dedup.encodings: the encoding a text's bytes make sense in (more of its cases through the reader: tests/test_reading.py;
the single-byte code pages: tests/test_codepages.py)."""

from __future__ import annotations

import pytest

from dedup import codepages, encodings


FRENCH = ("Le président a déclaré jeudi à Genève que l’économie européenne était « à un tournant décisif », après une "
          "réunion où les ministres ont évoqué la crise énergétique — et les prix élevés.")
ITALIAN = ("Il governo ha approvato lunedì un pacchetto di misure «per la crescita», ha detto il ministro: più fondi alle "
           "imprese, meno tasse per le famiglie e una riforma dell’IVA entro l’estate. È un passo avanti, però non basta.")


@pytest.mark.parametrize("text", [FRENCH, ITALIAN], ids=["french", "italian"])
def test_plainly_western_text_is_read_as_windows_1252_without_judging_it(monkeypatch: pytest.MonkeyPatch,
                                                                         text: str) -> None:
    # every line of Western text with a dozen accents paid the single-byte judgement: six times its old read time
    def judged(*args: object) -> None:
        raise AssertionError("judged")

    monkeypatch.setattr(codepages, "_letters_sense", judged)
    monkeypatch.setattr(encodings, "_sense", judged)
    assert codepages.plainly_western(text.encode("cp1252"))
    assert encodings.sensible_reading(text.encode("cp1252")) is None
