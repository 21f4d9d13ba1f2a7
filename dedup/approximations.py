"""Where a text says a figure is approximate: the words before it, per language ("nearly", "about", "over", "more
than": "gairebé 4.800", "झन्डै रु ६ खर्ब ४२ अर्ब", "in ka badan 3.4 milyan", "зиёда аз 2,3 млрд"), as a desk writes a
figure it restates rounded. A reading of :func:`dedup.figures.approximate_values`; English's hedges are read by
:mod:`dedup.hedged`, and :mod:`dedup.refilled` reads both alike. Words that also mean "by" or "in" before a figure
(Icelandic "um", Lithuanian "per") are none of them, nor words written after the figure (Turkish "fazla", Kazakh "астам").
"""

from __future__ import annotations

import re

from dedup.language import fold

__all__ = ["approximate", "APPROXIMATE_LANGUAGES"]

#: Words that say the figure after them is approximate, per language (lower case, ``|`` between them, each read
#: as written: "ca." with its stop).
_WORDS = {
    "de": "mehr als|über|rund|etwa|fast|knapp|annähernd|ungefähr|nahezu|circa|ca.|zirka",
    "fr": "plus de|près de|environ|quelque|presque|autour de|un peu plus de|un peu moins de",
    "es": "más de|casi|cerca de|unos|unas|alrededor de|aproximadamente|en torno a",
    "pt": "mais de|quase|cerca de|perto de|aproximadamente|em torno de",
    "gl": "máis de|case|preto de|arredor de|uns|unhas",
    "ca": "més de|gairebé|prop de|uns|unes|al voltant de|quasi|aproximadament",
    "it": "oltre|più di|quasi|circa|intorno a|all'incirca", "ro": "peste|aproape|circa|aproximativ|în jur de|mai mult de",
    "nl": "meer dan|bijna|ruim|ongeveer|circa|zo'n", "af": "meer as|byna|sowat|ongeveer|amper",
    "sv": "drygt|nästan|cirka|omkring|över|knappt|runt|närmare|uppemot",
    "no": "drøyt|nesten|cirka|omkring|over|snaut|rundt|nærmere", "nb": "drøyt|nesten|cirka|omkring|over|snaut|rundt",
    "da": "knap|næsten|cirka|omkring|over|godt", "is": "rúmlega|tæplega|nærri|yfir|ríflega|hátt í",
    "fi": "lähes|noin|yli|runsaat|vajaat|melkein", "et": "ligi|üle|umbes|peaaegu|ligikaudu|enam kui",
    "hu": "mintegy|közel|csaknem|több mint|nagyjából|kb.|majdnem", "lv": "vairāk nekā|gandrīz|aptuveni|ap",
    "lt": "daugiau nei|daugiau kaip|beveik|apie|maždaug", "pl": "ponad|prawie|około|blisko|niemal|ok.|przeszło",
    "cs": "přes|téměř|zhruba|asi|skoro|přibližně|kolem|více než|bezmála",
    "sk": "vyše|takmer|zhruba|asi|približne|okolo|viac ako|skoro|bezmála", "sl": "skoraj|okoli|več kot|približno",
    "hr": "više od|gotovo|skoro|oko|približno|preko", "bs": "više od|gotovo|skoro|oko|približno|preko",
    "sr": "više od|gotovo|skoro|oko|približno|preko|више од|готово|скоро|око|приближно|преко",
    "mk": "околу|речиси|над|повеќе од|приближно", "bg": "около|близо|почти|над|повече от|приблизително",
    "ru": "более|около|почти|свыше|порядка|примерно|больше|приблизительно", "uk": "понад|майже|близько|приблизно|більше",
    "be": "больш за|амаль|каля|прыкладна|звыш", "tg": "қариб|зиёда аз|тақрибан|беш аз|наздики",
    "ky": "болжол менен|дээрлик|жакын", "kk": "шамамен|жуық", "uz": "qariyb|taxminan|deyarli|қарийб|тахминан|деярли",
    "az": "təxminən|təqribən", "tr": "yaklaşık|neredeyse|aşağı yukarı|tahminen",
    "el": "περίπου|σχεδόν|πάνω από|πλέον των|περισσότερα από", "sq": "rreth|mbi|gati|afro|përafërsisht",
    "mt": "kważi|madwar|aktar minn", "ga": "beagnach|breis agus|timpeall|thart ar", "cy": "dros|bron i|tua|oddeutu",
    "id": "lebih dari|hampir|sekitar|kira-kira|kurang lebih|nyaris", "ms": "lebih daripada|hampir|kira-kira|sekitar|lebih kurang",
    "tl": "halos|mahigit|humigit-kumulang|tinatayang|higit sa|higit", "sw": "zaidi ya|takriban|karibu|kiasi cha",
    "ha": "sama da|kusan|kimanin|fiye da", "so": "in ka badan|ku dhowaad|qiyaastii|ku dhawaad",
    "yo": "tó lé ní|ó lé ní|nǹkan bíi", "zu": "cishe|ngaphezu kwe|okungaphezu kwe|abangaphezu kwe",
    "ht": "prèske|plis pase|apeprè|anviwon", "ku": "nêzîkî|zêdetirî|bi qasî|zêdeyî", "vi": "gần|hơn|khoảng|xấp xỉ",
    "ar": "نحو|حوالي|قرابة|أكثر من|ما يقارب|زهاء", "fa": "حدود|نزدیک به|بیش از|تقریباً", "ur": "تقریباً|لگ بھگ|تقریبا",
    "ne": "झन्डै|झण्डै|करिब|लगभग", "hi": "लगभग|करीब|तकरीबन", "bn": "প্রায়", "mr": "सुमारे|जवळपास", "gu": "લગભગ|આશરે",
    "pa": "ਲਗਭਗ|ਕਰੀਬ", "th": "ราว|ประมาณ|กว่า|เกือบ|ร่วม|เฉียด",
    "zh": "约|約|大约|近|将近|接近|超过|逾", "ja": "約|およそ|ほぼ|超", "ko": "약|거의|대략",
    "br": "ouzhpenn|tost da|war-dro|well eget", "oc": "mai de|prèp de|gaireben|environ", "ckb": "زیاتر لە|نزیکەی|کەمتر لە|نزیکە",
    "gd": "còrr is|còrr air|mu|faisg air|timcheall air|suas ri", "rm": "passa|var|circa|bunamain|dapli che",
    "mi": "neke atu i te|tata ki te|tōna|kei te takiwā o", "to": "meimei|laka hake ʻi he|ofi ki he|fakafuofua ki he",
    "fj": "voleka ni|sivia na|sivia|rauta ni", "ny": "pafupifupi|kupitirira|kuposa", "tpi": "winim|klostu|samting olsem|inap",
}
#: Languages written without spaces between words, whose approximation word runs on from the word before it
#: ("ฟิลิปปินส์ราว 1.1", about 1.1 in the Philippines): read wherever it ends before the figure.
_UNSPACED = frozenset({"th", "lo", "km", "my", "zh", "ja"})
#: The languages whose approximation words are read.
APPROXIMATE_LANGUAGES = frozenset(_WORDS)
#: A currency's sign or short word between the approximation word and its figure ("झन्डै रु ६ खर्ब", "más de $ 20").
_CURRENCIES = r"[$€£¥₦₹₨৳]|US\$|रु\.?|Rs\.?|Rp\.?|RM|Tk\.?|KSh|Sh\.?|R(?=\d)"
#: Each read folded, as :func:`dedup.figures.approximate_values` reads the text (Persian's and Sorani's ی and ک as
#: Arabic's): "نزدیک به" and "بیش از", listed with Persian's letters, met no folded text.
_BEFORE = {language: re.compile(("" if language in _UNSPACED else "(?<!\\w)") + "(?:"
                                + "|".join(re.escape(fold(w)) for w in words.split("|"))
                                + f")[\\s\u00a0]*[-–]?[\\s\u00a0]*(?:{_CURRENCIES})?[\\s\u00a0]*$", re.IGNORECASE)
           for language, words in _WORDS.items()}


def approximate(text: str, at: int, language: str | None) -> bool:
    """Whether the figure at ``at`` in ``text`` follows a word of ``language`` saying it is approximate.

    >>> approximate("gairebé 4.800 aturats", 8, "ca"), approximate("va pujar en 4.812", 14, "ca")
    (True, False)
    """
    before = _BEFORE.get(language or "")
    return before is not None and before.search(text, max(0, at - 40), at) is not None
