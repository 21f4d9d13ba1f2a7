"""The settings an index is built with: recorded at creation, compared at every open.

Keys made with other settings would silently never match, so an index refuses to open with settings
other than its own. The common-word vocabulary is frozen here at creation (see :class:`dedup.index.Index`).
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Iterable, Sequence

import numpy as np

from dedup.channels import ChannelSpec, passage_setting
from dedup.vocabulary import Vocabulary
from dedup.errors import IndexMismatchError
from dedup.records import MAX_CHARS
from dedup.signing import corpus_vocabulary
from dedup.tokens import hash_tokens

__all__ = ["INDEX_FORMAT", "SCHEME", "record", "vocabulary_of", "check_same"]

#: Bumped whenever stored keys or rows change meaning; an index of another format is refused.
#: 2: each article's closely shared stretches are stored (the spread a scan counts).
#: 3: matches record the learned confidence and reasons; no thresholds recorded.
#: 4: each article's given language is stored (a check reads the stored article in it, as a scan does).
#: 5: passage windows banded 32 x 3 (was 16 x 4); a pair's window hits are counted by the bands they share.
#: 6: an article's postings are first kept in the recent segment (SQLite: table ``recent``), which
#: lookups read beside the postings table; a format-5 index is migrated when opened (nothing to move).
#: 7: SQLite keeps a filter of the postings table's keys (table ``keyfilter``), which lookups trust: an
#: older dedup would add postings without it. An index of format 5 or 6 is migrated when opened (the
#: filter made from its postings table; Redis has nothing to make).
INDEX_FORMAT = 7
#: Names of the hashing schemes the stored keys depend on (see tokens.py, wordkeys.py and signatures.py).
#: tokens/2: words of texts in inflected languages other than English are keyed by their stems.
#: tokens/3: Hebrew's maqaf and sof pasuq are folded (to "-" and ".") in every text, not only in a batch
#: that also holds a character of another script to fold.
#: tokens/4: Turkic languages lower "I" to "ı" and "İ" to "i" in stem keys; a language in an alphabet
#: with capitals but no stemmer (Ukrainian, Vietnamese) is keyed by its lower-cased words; an ASCII lead
#: is keyed in whatever language the detector would ask its model for; datelines in the capitals of other
#: alphabets are left out of the signed text.
#: tokens/5: Korean and Hebrew words are keyed by light stems (dedup.stemming: Korean particles and verb
#: endings, Hebrew one-letter prefixes and plural endings stripped).
#: tokens/6: Persian's yeh and keheh are folded to Arabic's (text in Arabic script not keyed by Persian
#: stems: Urdu, Kurdish, Pashto, Persian of no detected language); the zero-width non-joiner of text read
#: from files separates words (it was deleted, joining them); Indonesian leads with affixed verbs are
#: detected and keyed as Indonesian.
#: tokens/7: Korean stems of three syllables or more are keyed by their pairs of syllables, and a figure's
#: counter loses its particle (11일에 as 11일).
#: tokens/8: Hebrew light stems strip one inflectional ending more (construct -ת, adjectives' -י, -ית, -יים,
#: -יות); Ukrainian is keyed by a light stemmer (was lower-cased words); Turkish by a word's first five letters
#: (was Snowball's stemmer).
#: tokens/9: the soft hyphen and the bidirectional embedding, override and isolate controls are dropped from
#: an article's text (they split the words they sat in; a copy differing only in them keyed apart).
#: tokens/10: the stops and commas of Armenian, Ethiopic, Burmese and Khmer are folded (they were letters of
#: the word before them), and Khmer, Burmese and Lao are read as character pairs, as Thai is (a phrase
#: written without spaces was one token); Kazakh and the other Turkic languages but Turkish, Georgian, Bengali,
#: Assamese and Mongolian are keyed by their words' first five letters (were exact or lower-cased words); Urdu
#: names after a title are flagged as names.
#: tokens/11: Slovak, Croatian and Bulgarian are keyed by their words' first five letters (were lower-cased
#: words); a Dutch lead in plain ASCII with few of the function words listed before is detected, and keyed by
#: Dutch stems (was by exact words).
#: tokens/12: Bosnian (and Serbian in Latin script, detected as Bosnian), Macedonian, Telugu, Kannada and
#: Malayalam are keyed by their words' first five letters (were lower-cased or exact words); Marathi names end
#: at the honorific pronoun after them, Nepali ones at a case ending (were flagged with them).
#: tokens/13: a zero-width joiner or non-joiner inside a word of an Indic script (after a virama: Sinhala
#: "ශ්‍රී") is part of the word and left out of its hash and key (it cut the word in two, and the word typed
#: without it was another); Malayalam is keyed by its words' first three letters (was five).
#: tokens/14: Belarusian, Latvian, Icelandic and Albanian are keyed by their words' first five letters (were
#: lower-cased words); a Basque lead in plain ASCII is detected, and keyed by Basque stems (was by exact words);
#: a Catalan word after an elided article is keyed by the word's stem ("l'aeroport" as "aeroport"); Pashto's
#: "ګ" is keyed as "گ", the letter it is typed as on a Persian keyboard; a Ukrainian stem counts no apostrophe as
#: a letter ("обʼєм").
#: tokens/15: a Portuguese plural in -ais, -éis, -eis, -óis, -uis, -ões or -ães is keyed by its singular's stem
#: ("semifinais" as "semifinal"; were apart); in every language but English a unit after a figure and a full
#: stop ends a sentence before a capital ("310 mm. Lực"); "M€", "Md€", "Mds€" and Portuguese "bilhões" multiply
#: a figure, and Kazakh writes a decimal comma (stored figures and sentences read otherwise); an Arabic word
#: written with "and the" ("والحكومة") is keyed as with the article alone (was "والحكوم").
#: tokens/16: figures read by value outside English (a decimal comma, "38.6万", Arabic and Hindi words for
#: millions, Arabic number words).
#: tokens/17: the direction marks U+200E, U+200F and U+061C inside a word are lost with the other invisible
#: controls (they cut the word in two); Swahili titles, a Hungarian dateline's agency and a sentence opening
#: with an acronym and a comma split as written; Ukrainian "тис." multiplies a figure (a thousand).
#: tokens/18: Serbian and Uzbek words in Cyrillic are keyed on their Latin letters, and traditional Chinese
#: characters as simplified ones in a text without kana (a reprint converted to the other script).
#: tokens/19: Uzbek typed with a straight or curly apostrophe keyed as its letters (o'zbek one word), Kazakh
#: keyed in its Latin alphabet of 2021 and detected in it, German briefs in plain ASCII sent to the detector.
#: tokens/20: Vietnamese keyed without its tones and vowels' marks (a reprint printed without diacritics meets its
#: source), and a Vietnamese lead in plain ASCII sent to the detector.
#: tokens/21: a German day's ordinal no longer cut from its month ("bis zum 20. Dezember, ..."; stored sentences
#: read otherwise), and an Uzbek lead in plain ASCII with no o' or g' word detected by its suffixes.
#: tokens/22: an agency's sign-off closing a paragraph ("... mit. dpa kr/yyby z2 abc") a sentence of its own (stored
#: sentences read otherwise), and in a keyed (non-English) text a figure cut at its decimal mark one token ("2,9").
#: tokens/23: Kazakh keyed in one spelling whichever of its alphabets writes it (Cyrillic, the Latin ones of 2017,
#: 2018 and 2021: і and и, у and ұ alike), 2017's letters typed with an apostrophe one word, and 2017's and 2018's
#: detected as Kazakh; and a stretch two texts hold word for word with a passage window's content words stored as a
#: passage whatever the bands did (``evidence.shared_runs``: an index of tokens/22 holds fewer stretches, its spread lower).
#: tokens/24: words for thousands and millions of eleven more languages ("tisíc", "tūkstoši", "ہزار", "لاکھ",
#: "কোটি", "miliwn", "miliyan", "juta", "ribu" ...) and Kazakh's Latin "mıllıon", "mi'lli'ard" multiply a figure
#: (stored figures read otherwise).
#: tokens/25: an amount written in parts is one figure, its value ("23 milyar 412 milyon", "31 کروڑ 40 لاکھ", "2 bin
#: 500"), with words for thousands and milliards of Turkish, Kurmanji, Nepali and Hindi, Somali's million, Indonesian's
#: milliard and trillion; Haitian Creole, Zulu, Kurmanji and Tajik write decimal commas (stored figures read otherwise).
#: tokens/26: words for thousands, lakhs, millions, crores and billions of Odia, Assamese, Uyghur, Armenian, Malagasy and
#: Xhosa multiply a figure, and Luxembourgish, Faroese, Malagasy, Kinyarwanda and Xhosa write decimal commas (stored
#: figures read otherwise); Uyghur, Odia, Faroese, Hausa and Somali keyed by their first letters, and a Zulu or Xhosa
#: lead in plain ASCII keyed in its language by its prefixes (stored keys read otherwise).
#: tokens/27: Odia, Bengali and Assamese keyed without their endings, a figure with an Indic ending glued on keyed as
#: the figure ("୧୯୬୭ରେ"), and a lead in plain ASCII whose small words nearly all end in a vowel (Malagasy,
#: Kinyarwanda, Shona) keyed in its language (stored keys read otherwise).
#: tokens/28: Tibetan's tsheg read as a space (a syllable a token), Thaana's vowels and Tibetan's vowel signs and
#: subjoined letters part of their words, Dhivehi and Sindhi told by their letters (Dhivehi keyed by its first letters),
#: Shona keyed without the particles before its words, and Breton, Occitan, Tatar, Bashkir and Turkmen figures read
#: with decimal commas and thousands grouped with spaces (stored tokens, keys and figures read otherwise).
#: tokens/29: Sorani and Chuvash told by their letters (Sorani keyed without its endings, Chuvash with its letters typed
#: in Latin read as Cyrillic), and Sorani, Chuvash, Scottish Gaelic, Romansh, Maori and Tongan words for thousands,
#: millions and billions and the Turkic languages' thousand multiply a figure, Chuvash's figures read as Russian's
#: (stored keys and figures read otherwise).
#: tokens/30: a Latin I typed for the Cyrillic palochka (Chechen's "кIошт") read as the palochka and Chuvash's ă, ĕ, ç, ÿ
#: typed inside its Cyrillic words as ӑ, ӗ, ҫ, ӳ (in the tokens too: "çулталăк", "ҫулталӑк"), and Greenlandic told by
#: its uvular q and keyed by its first letters (stored tokens and keys read otherwise).
#: tokens/31: a script's own letters read before the detector's model (Ol Chiki as Santali, syllabics as Inuktitut or
#: named as their script, Tifinagh named as its script), Yiddish, Sakha, Hawaiian and Tigrinya told by their letters,
#: and the digits of every script folded (Ol Chiki's, Meetei Mayek's ...) with Ol Chiki's and Meetei Mayek's stops
#: (stored tokens and keys read otherwise).
#: minhash/2: fast similarity sketching (empty bins of short texts get fresh hashes; were densified).
#: bands/2: a band key's top bit cleared (it marks a short article's window in the long articles' own bands, which
#: a short article's windows are now signed in too, their postings' spans marked), a posting's key the band key
#: turned left one bit (stored keys and postings read otherwise).
SCHEME = {"tokens": "utf8-bytes-tabulation64/31", "minhash": "fast-similarity-sketching-splitmix64/2",
          "bands": "fnv-fold-splitmix64/2"}


#: Channel settings an index records only when set: an index built before they were is read with none
#: (every document's passage windows alike), and its recorded settings still compare equal.
_RECORDED_WHEN_SET = ("dense_from", "dense_stride", "dense_bands")


def _channel_dict(spec: ChannelSpec) -> dict[str, Any]:
    banding = spec.banding
    return {f.name: getattr(spec, f.name) for f in fields(spec)
            if f.name not in _RECORDED_WHEN_SET or getattr(spec, f.name)} | {"bands": banding.bands, "rows": banding.rows}


def record(channels: Sequence[ChannelSpec] | None, seed: int | None,
           max_bucket: int | None, common_words: Iterable[str] | None, min_words: int | None,
           common_from: Sequence[str] | None = None) -> dict[str, Any]:
    """The recorded settings; entries left as None are not compared."""
    from dedup.version import __version__

    vocabulary = None
    if common_words is not None or common_from:
        vocabulary = {"words": [], "shares": [], "grams": [], "limit": 0.0}
        if common_from:  # the scan's own rule, on the texts given
            learnt = corpus_vocabulary(list(common_from))
            vocabulary = {"words": [int(h) for h in learnt.words], "shares": [float(x) for x in learnt.shares],
                          "grams": [int(h) for h in learnt.grams], "limit": float(learnt.limit)}
        for h in np.unique(hash_tokens(sorted(set(common_words or ())))):  # named words: always common
            vocabulary["words"].append(int(h))
            vocabulary["shares"].append(1.0)
    return {
        "format": INDEX_FORMAT,
        "scheme": SCHEME,
        "dedup_version": __version__,
        "channels": None if channels is None else [_channel_dict(c) for c in channels],
        "seed": seed,
        "max_bucket": max_bucket,
        "vocabulary": vocabulary,
        "min_words": min_words,
        "max_chars": MAX_CHARS,
    }


def vocabulary_of(stored: dict[str, Any] | None) -> Vocabulary:
    """The frozen vocabulary of recorded settings."""
    if not stored:
        return Vocabulary.empty()
    words = np.array(stored["words"], dtype=np.uint64)
    order = np.argsort(words, kind="stable")
    return Vocabulary(words[order], np.array(stored["shares"], dtype=float)[order],
                      np.unique(np.array(stored["grams"], dtype=np.uint64)), float(stored["limit"]))


#: Recorded settings an index is opened with (``Index.open``'s arguments, the CLI's options): an index built with
#: other values is opened without them. The others (``max_chars``, ``format``) are this dedup's own.
_CHOSEN = frozenset({"channels", "seed", "max_bucket", "vocabulary", "min_words"})


def check_same(stored: dict[str, Any], asked: dict[str, Any], where: str) -> None:
    """Refuse an index built with other settings (dedup_version is recorded, not compared: a release that
    changes stored keys bumps ``format`` or a ``scheme`` name)."""
    differ = [name for name, value in asked.items() if name != "dedup_version" and value is not None
              and json.loads(json.dumps(value)) != stored.get(name)]
    if "scheme" in differ:  # not a setting anyone chooses: the stored keys were hashed another way
        old, new = stored.get("scheme") or {}, asked["scheme"]
        names = ", ".join(f"{k} {old.get(k)!r} (this dedup: {v!r})" for k, v in new.items() if old.get(k) != v)
        raise IndexMismatchError(f"{where} was built by another version of dedup, whose keys were hashed otherwise "
                                 f"({names}): build a new index with `dedup index add`")
    fixed = [name for name in differ if name not in _CHOSEN]
    if fixed:  # max_chars, format: nobody opens an index "without" them
        names = "; ".join(f"{name} {json.dumps(stored.get(name))}, not {json.dumps(asked[name])}" for name in fixed)
        raise IndexMismatchError(f"{where} records settings no one chooses that this dedup does not have ({names}): "
                                 "made by another version of dedup, or edited; build a new index with `dedup index add`")
    if differ:
        said = {name: (_in_words(name, stored.get(name)), _in_words(name, asked[name])) for name in differ}
        raise IndexMismatchError(
            f"{where} was built with other settings ("
            + "; ".join(f"{name} {old}, not {new}" if name != "channels" else f"channels of the {old!r} passage "
                        f"setting, not {new!r}" for name, (old, new) in said.items())
            + "): open it without those settings to use the stored ones, or build a new index", said)


def _in_words(name: str, value: Any) -> str:
    """A recorded setting as a reader knows it: channels by the name of their passage setting
    (``default``, ``thorough``; ``custom`` for channels made otherwise)."""
    if name == "channels":
        return passage_setting([ChannelSpec(**spec) for spec in value])
    return json.dumps(value)
