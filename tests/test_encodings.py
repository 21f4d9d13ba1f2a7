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


# -- mojibake: UTF-8 read as Windows-1252 (or Latin-1) and written again as UTF-8 --

_WRITTEN = ("La SNCF a annoncé jeudi la suppression de 30 % des trains régionaux — « faute de conducteurs », “dit-il”, "
            "a précisé le directeur. Señor Müller, Ærø, naïve, €12, œuvre, Ñandú.")


@pytest.mark.parametrize("page, codec", [("Windows-1252", "cp1252"), ("Latin-1", "latin-1")])
def test_utf8_read_as_a_western_code_page_is_read_as_it_was_written(page: str, codec: str) -> None:
    import codecs

    def read_as(data: bytes) -> str:  # as a tool reads it: Windows-1252's five unused bytes as C1 controls
        return codecs.charmap_decode(data, "strict", encodings._WINDOWS_1252)[0] if codec == "cp1252" else data.decode(codec)

    written = _WRITTEN if codec == "cp1252" else "Señor Müller, Ærø — « naïve » “quoted”"
    once = read_as(written.encode("utf-8"))
    assert encodings.mojibake_repaired(once) == (written, page, 1)
    twice = read_as(once.encode("utf-8"))
    assert encodings.mojibake_repaired(twice) == (written, page, 2)


@pytest.mark.parametrize("text", [
    _WRITTEN,  # its own accents: é before a plain letter is no UTF-8
    "Ação, coração, ÇÃO, IRMÃO e mãe; «IRMÃ» disse.",
    "Köln und München, Straße; Ærø og Åland; İstanbul'da ağır kış",
    "Η Αθήνα και η Θεσσαλονίκη", "Москва и Санкт-Петербург", "東京と大阪",
    "plain ASCII text", "Â£5 and then é plain",  # one mojibake pair beside a letter of its own: not undone
], ids=["french", "portuguese", "german-nordic-turkish", "greek", "russian", "japanese", "ascii", "mixed"])
def test_text_of_its_own_letters_is_no_mojibake(text: str) -> None:
    assert encodings.mojibake_repaired(text) is None
