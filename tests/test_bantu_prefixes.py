"""dedup.bantu_prefixes: Shona's particles left off before a word is keyed."""

from __future__ import annotations

import pytest

from dedup.bantu_prefixes import MIN_LETTERS, PARTICLES, shona_stem


@pytest.mark.parametrize("forms", [
    ("bazi", "nebazi", "webazi"),  # the ministry: with, of
    ("chibage", "yechibage", "wechibage", "nechibage"),  # maize
    ("gorosi", "neyegorosi"),  # two particles: "and of"
    ("gore", "pagore", "wegore"),  # the year: a year, of the year
    ("nzara", "nenzara"),
    ("kuti", "nekuti", "nokuti"),
    ("kutaura", "sekutaura"),
    ("nyika", "dzenyika"),
])
def test_a_word_s_forms_with_particles_meet(forms: tuple[str, ...]) -> None:
    """Fails with the words keyed whole, as Shona was: each form had a key of its own."""
    assert len({shona_stem(w) for w in forms}) == 1


def test_the_noun_classes_prefixes_stay() -> None:
    # a particle stands before a class prefix, which is part of the word: "with the tons" keeps "matani"
    assert shona_stem("nematani") == "matani" and shona_stem("nemuvhuro") == "muvhuro"
    # a person and people stay apart: "mu-" and "va-" are no particles
    assert shona_stem("munhu") != shona_stem("vanhu")
    # a subject's and a tense's prefixes on a verb stay
    assert shona_stem("yakatenga") == "yakatenga"


def test_a_short_word_or_a_vowel_after_the_particle_keeps_the_word() -> None:
    assert MIN_LETTERS == 4 and shona_stem("sezvo") == "sezvo" and shona_stem("nezvo") == "nezvo"
    assert shona_stem("neiyi") == "neiyi"  # a vowel after it: no particle of the list stands so
    assert PARTICLES == tuple(sorted(PARTICLES, key=lambda p: (-len(p), p)))  # longest first


def test_shona_is_keyed_so_and_its_rewrite_is_a_candidate() -> None:
    """New Ziana's rewrite (the fourteenth cases) was proposed by no channel (content keys 0.22 shared): keyed
    without its particles it is a candidate of the passage channel; its independent report stays unreported."""
    from benchmarks import multilingual
    from dedup import compare
    from dedup.stemmers import has_stemmer, stemmer

    assert has_stemmer("sn") and stemmer("sn")("webazi") == "bazi"
    docs = {d.outlet: d for d in multilingual.documents("sn")}
    rewrite = compare(docs["source"], docs["rewrite"])
    assert rewrite.channels and rewrite.evidence.content_jaccard > 0.28
    assert compare(docs["source"], docs["independent"]).verdict is None
