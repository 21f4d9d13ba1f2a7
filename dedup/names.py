"""Names in scripts without capital letters: Chinese, Japanese, Korean, Arabic, Persian, Urdu, Hebrew, Hindi.

A capital letter is how dedup tells a name in English or Russian ("Nabiullina", "Набиуллина"). Chinese,
Japanese, Korean, Arabic and Devanagari have no capitals, so a story in them had no names at all, and a
copy that changed one went unseen. Here names are found by what the text itself shows, with small
frozen lists shipped in the package and nothing learnt from a corpus (a pair of texts gets one answer
however it is reached: scan, compare, the index, Dask):

* **titles and honorifics** next to a name: "国家主席习近平表示", "植田和男総裁", "윤석열 대통령",
  "الرئيس عبد الفتاح السيسي", "ראש הממשלה בנימין נתניהו", "प्रधानमंत्री नरेंद्र मोदी ने", "गवर्नर ... यांनी" (Marathi),
  "डा. रामप्रसाद अधिकारीले" (Nepali, the case ending cut off), "گورنر ظفر اقبال ملک نے",
  and in Persian the name before a comma and its title too ("علی‌رضا کریمی، رئیس کل"). Per language, the
  side the title stands on and what ends the name (a verb of saying, a particle, a postposition) differ;
* **transliterated foreign names** in Chinese: runs of three or more of the characters Chinese uses
  to spell foreign sounds ("特朗普", "纳比乌琳娜"), which ordinary words rarely string together;
* **titles in brackets**: 《人民日报》 (newspapers, laws, books);
* **Latin-script names** written inside such text ("苹果公司CEO库克", "شركة Apple"), which a word
  boundary did not separate from the characters around them.

>>> [text for _, _, text in caseless_names("国家主席习近平表示，特朗普将访华。")]
['习近平', '特朗普']
"""

from __future__ import annotations

import re
from functools import lru_cache

from dedup.language import HANGUL as _HANGUL

__all__ = ["caseless_names", "has_caseless_script", "CASELESS_SCRIPT"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATAKANA = "\u30a1-\u30fa\u30fc"
_ARABIC = "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff"
_DEVANAGARI = "\u0900-\u0963\u0971-\u097f"
_HEBREW = "\u05d0-\u05ea"
#: One character of a script that has no capital letters (dedup finds names in it here).
CASELESS_SCRIPT = re.compile(f"[{_HAN}{_KATAKANA}\u3041-\u3096{_HANGUL}{_ARABIC}{_DEVANAGARI}{_HEBREW}]")

# Chinese: a title, then a name of two or three characters ending where a verb of saying, a
# preposition or punctuation starts.
_ZH_TITLES = ("主席|总统|总理|副总理|首相|部长|外长|发言人|行长|局长|市长|省长|州长|董事长|总裁|首席执行官|主任|"
              "大使|秘书长|总书记|国务卿|议长|教授|院长|总经理|经理|主教练|法官|司令|总干事")
_ZH_AFTER = "表示|说|称|指出|认为|宣布|强调|介绍|透露|会见|出席|在|于|对|向|与|和|同|也|已|将|今天|日前|当天|[0-9，。、：；“”（(\\s]"
_ZH_TITLED = re.compile(f"(?:{_ZH_TITLES})(?!{_ZH_AFTER})([{_HAN}]{{2,3}}?)(?={_ZH_AFTER})")
# Characters Chinese uses to write foreign names by sound (the common core of the Xinhua
# transliteration tables). Three in a row are a name far more often than a word.
_ZH_SOUNDS = ("阿埃艾安奥巴拜班邦贝本比彼宾波伯博布查达戴丹德登迪蒂丁杜多厄恩尔法菲费芬丰弗福盖戈格贡古哈汉豪赫"
              "亨霍基吉贾杰卡凯坎科克肯库奎拉莱赖兰朗劳勒雷蕾里利莉琳卢鲁伦罗洛吕迈曼梅蒙米敏莫默穆纳娜奈内尼"
              "妮努诺帕佩彭皮普齐奇乔切琼萨塞桑瑟森莎舍什斯松索塔泰坦汤特提廷图托瓦旺威韦维温沃乌希谢辛休雅"
              "亚扬耶伊因尤约泽扎詹佐娃夫茨兹姆茹")
_ZH_SOUNDED = re.compile(f"[{_ZH_SOUNDS}]{{3,}}")
_BRACKETED = re.compile("《([^《》\n]{1,30})》")

# Japanese: a name in kanji or katakana directly before its title (or "氏"/"さん").
_JA_TITLES = ("首相|総理|総裁|大臣|長官|社長|会長|大統領|知事|議員|委員長|代表|報道官|議長|外相|財務相|官房長官|"
              "監督|選手|教授|氏|さん")
_JA_TITLED = re.compile(f"(?<![{_HAN}{_KATAKANA}])([{_HAN}]{{2,4}}|[{_KATAKANA}]{{2,}})(?={_JA_TITLES})")

# Korean: a name of two to four syllables before a title word.
_KO_TITLES = "대통령|총리|장관|총재|대변인|의원|대표|회장|사장|위원장|교수|감독|선수|씨|기자|청장|시장|지사"
# A title is a word of its own, or takes a particle ("총재는", "장관이"): "총재는 기자간담회에서" names no
# "기자" (reporter) whose name would be "총재는".
_KO_PARTICLES = "은|는|이|가|을|를|의|에게|께서|과|와|도|만|으로|로|측"
_KO_TITLED = re.compile(f"(?<![{_HANGUL}])([{_HANGUL}]{{2,4}})\\s(?=(?:{_KO_TITLES})(?:{_KO_PARTICLES})?(?![{_HANGUL}]))")

# Arabic: a title, then up to three words of the name (a ministry or body after a minister's or
# spokesman's title is skipped), ending at a function word or punctuation.
_AR_TITLES = frozenset("الرئيس رئيس الوزير وزير وزيرة السيد السيدة الدكتور الدكتورة الشيخ الملك الأمير الأميرة "
                       "المتحدث الناطق محافظ السفير النائب اللواء العميد المستشار الأمين المدير مدير".split())
_AR_PORTFOLIO = frozenset("باسم الوزراء الخارجية الداخلية الدفاع الصحة المالية الاقتصاد العام التنفيذي البنك "
                          "المركزي".split())
_AR_STOP = frozenset("قال قالت إن أن في على من عن إلى مع يوم خلال أمس اليوم الذي التي و أو ثم لقد قد كان كانت "
                     "وقال وقالت وأضاف وأكد أكد أعلن أعلنت وأوضح بعد قبل حيث".split())
_AR_WORD = re.compile(f"[{_ARABIC}\u064b-\u065f\u0670]+|[،؛.,:;!?؟()«»\"]")

# Hindi, Marathi and Nepali: a title, then up to three words of the name, ending at a postposition. Marathi's
# and Nepali's doctor and professor ("डा. रामप्रसाद", "प्रा. ..."), Marathi's commissioner and chairwoman; and
# Marathi's honorific pronoun after a respected person's name, which takes the case ending in the name's stead
# ("अनिल देशपांडे यांनी", "सुनीता पाटील यांच्या"), ends it as Hindi's postposition does.
_HI_TITLES = frozenset("श्री श्रीमती सुश्री डॉ डॉ. डा डा. प्रा प्रा. प्रो प्रो. प्रधानमंत्री राष्ट्रपति मुख्यमंत्री मंत्री "
                       "प्रवक्ता निदेशक अध्यक्ष अध्यक्षा आयुक्त गवर्नर सांसद विधायक न्यायमूर्ति महासचिव".split())
_HI_STOP = frozenset("ने का की के को से में पर और तथा या है हैं था थी थे भी ही कहा बताया "
                     "यांनी यांच्या यांना यांचे यांची यांचा यांनीही आणि अनुसार".split())
# Nepali writes its case endings on the word ("अधिकारीले", "अधिकारीका अनुसार", "थापालाई"): a name's word that
# ends in one closes the name, and is cut before it where a long vowel (ा, ी) is left, so that one person in two
# cases is one name. Not after a short vowel or a consonant, where the letters are the name's own ("दीपिका",
# "गोखले", "कार्की").
_HI_CASE_ENDING = re.compile("(?<=[\u093e\u0940])(?:लाई|ले|को|का|की)$")
_HI_WORD = re.compile(f"[{_DEVANAGARI}]+\\.?|[,।.;:!?()\"]")

# Hebrew: a title, then up to three words of the name (the office after a minister's title skipped).
_HE_TITLES = frozenset("ראש השר שר השרה שרת הנשיא נשיא מר גב' ד\"ר פרופ' הרב דובר דוברת מנכ\"ל יו\"ר הרמטכ\"ל "
                       "המפכ\"ל נגיד".split())
_HE_PORTFOLIO = frozenset("הממשלה החוץ האוצר הביטחון הבריאות החינוך המשפטים הפנים בנק ישראל המדינה".split())
_HE_STOP = frozenset("אמר אמרה כי ש על את עם של אל הודיע הודיעה מסר ציין היום אתמול הוא היא".split())
_HE_WORD = re.compile(f"[{_HEBREW}]+(?:['\"][{_HEBREW}]*)?|[,.;:!?()]")

# Persian: Arabic script with its own letters (ی, ک) and the zero-width non-joiner inside words
# ("علی‌رضا"). A title then the name ("رئیس‌جمهور مسعود پزشکیان"), or the name then a comma and the title
# ("علی‌رضا کریمی، رئیس کل بانک مرکزی"), as Persian wire copy writes both. The titles are spelt with the
# Persian letters, which Arabic copy does not use.
_FA_TITLES = frozenset("رئیس رئیس‌جمهور وزیر سخنگوی آقای خانم دکتر سفیر استاندار شهردار مدیرعامل دبیرکل "
                       "نماینده فرمانده".split())
_FA_PORTFOLIO = frozenset("کل بانک مرکزی امور خارجه اقتصاد دولت کشور مجلس قوه قضاییه سازمان".split())
_FA_STOP = frozenset("گفت گفته است که در به از با را و یا این آن روز امروز دیروز اعلام کرد افزود تاکید "
                     "همچنین اما نیز برای".split())
_FA_WORD = re.compile(f"[{_ARABIC}\u064b-\u065f\u0670]+(?:\u200c[{_ARABIC}]+)*|[،؛.,:;!?؟()«»\"]")

# Urdu: Arabic script with Persian's letters and its own (ٹ, ڈ, ہ, ے), and Hindi's grammar: a title, then up
# to three words of the name (a minister's portfolio skipped), ending at a postposition ("گورنر ظفر اقبال ملک نے",
# "وزیر خزانہ محمد اورنگزیب نے"). Titles spelt as Urdu spells them, most of them English words.
_UR_TITLES = frozenset("گورنر وزیراعظم وزیر صدر چیئرمین ترجمان سیکرٹری جناب ڈاکٹر سفیر میئر اسپیکر "
                       "وزیراعلیٰ گورنرجنرل".split())
_UR_PORTFOLIO = frozenset("خزانہ خارجہ داخلہ دفاع اعلیٰ مملکت تجارت منصوبہ بندی اطلاعات جنرل".split())
_UR_STOP = frozenset("نے کا کی کے کو سے میں پر اور بھی ہی نہیں کہا بتایا ہے ہیں تھا تھے کہ جو یہ وہ".split())
# Persian's titles read in Urdu too ("وزیر"): its portfolios skipped after them, its postpositions end the name
_FA_UR_STOP, _FA_UR_PORTFOLIO = _FA_STOP | _UR_STOP, _FA_PORTFOLIO | _UR_PORTFOLIO
_UR_WORD = re.compile(f"[{_ARABIC}\u064b-\u065f\u0670]+(?:\u200c[{_ARABIC}]+)*|[،؛۔.,:;!?؟()«»\"]")

# A Latin-script capitalised word (or an acronym) standing next to characters of another script,
# which a \\w boundary does not see: "苹果公司CEO库克".
# A lone capital is left out: "A股" (A shares) names no one.
_LATIN_NAME = re.compile("(?<![A-Za-z0-9'’.-])[A-Z][A-Za-z0-9'’.-]*[A-Za-z0-9]")

Name = tuple[int, int, str]


def has_caseless_script(text: str) -> bool:
    """True when ``text`` holds a character of a script without capitals (Han, kana, Hangul, Arabic,
    Hebrew, Devanagari)."""
    return not text.isascii() and CASELESS_SCRIPT.search(text) is not None


@lru_cache(maxsize=4096)
def caseless_names(text: str) -> tuple[Name, ...]:
    """``(start, end, name)`` of the names found in the parts of ``text`` written in scripts without
    capitals, in text order, one per span. Empty for text without such scripts."""
    if not has_caseless_script(text):
        return ()
    found: dict[tuple[int, int], str] = {}
    for pattern in (_ZH_TITLED, _JA_TITLED, _KO_TITLED, _BRACKETED):
        for m in pattern.finditer(text):
            found[m.span(1)] = m.group(1)
    for m in _ZH_SOUNDED.finditer(text):
        found[m.span()] = m.group()
    for start, end in _after_titles(text, _AR_WORD, _AR_TITLES, _AR_STOP, _AR_PORTFOLIO, "ال"):
        found[(start, end)] = text[start:end]
    for start, end in _after_titles(text, _HE_WORD, _HE_TITLES, _HE_STOP, _HE_PORTFOLIO):
        found[(start, end)] = text[start:end]
    for start, end in _after_titles(text, _FA_WORD, _FA_TITLES, _FA_UR_STOP, _FA_UR_PORTFOLIO, skipped=4):
        found[(start, end)] = text[start:end]
    for start, end in _before_titles(text, _FA_WORD, _FA_TITLES, _FA_STOP):
        found[(start, end)] = text[start:end]
    for start, end in _after_titles(text, _HI_WORD, _HI_TITLES, _HI_STOP, frozenset(), closing=_HI_CASE_ENDING):
        found[(start, end)] = text[start:end]
    for start, end in _after_titles(text, _UR_WORD, _UR_TITLES, _UR_STOP, _UR_PORTFOLIO):
        found[(start, end)] = text[start:end]
    for m in _LATIN_NAME.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if CASELESS_SCRIPT.match(before) or CASELESS_SCRIPT.match(after):
            found[m.span()] = m.group()
    return _without_overlaps(found)


def _after_titles(text: str, word: re.Pattern[str], titles: frozenset[str], stop: frozenset[str],
                  portfolio: frozenset[str], definite: str = "\0", skipped: int = 2,
                  closing: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Spans of the words after a title (up to three, up to ``skipped`` portfolio words after the title
    skipped), up to a function word or punctuation, or up to a word ending in ``closing`` (a case ending,
    left out of the span)."""
    tokens = [(m.start(), m.end(), m.group()) for m in word.finditer(text)]
    out = []
    for k, (_, _, w) in enumerate(tokens):
        if w not in titles:
            continue
        j = k + 1
        while j < len(tokens) and j <= k + skipped and tokens[j][2] in portfolio:
            j += 1
        if j < len(tokens) and tokens[j][2].startswith(definite):
            continue  # a body ("الوزارة"), not a person: a person's name opens without the article
        name = []
        while j < len(tokens) and len(name) < 3 and tokens[j][2] not in stop and tokens[j][2][0].isalpha() \
                and tokens[j][2] not in titles:
            ending = closing.search(tokens[j][2]) if closing is not None else None
            if ending is not None:
                name.append((tokens[j][0], tokens[j][0] + ending.start(), tokens[j][2]))
                break
            name.append(tokens[j])
            j += 1
        if name:
            out.append((name[0][0], name[-1][1]))
    return out


def _before_titles(text: str, word: re.Pattern[str], titles: frozenset[str], stop: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the words (up to three, back to a function word or punctuation) before a comma that a
    title follows: a name in apposition, "علی‌رضا کریمی، رئیس کل بانک مرکزی"."""
    tokens = [(m.start(), m.end(), m.group()) for m in word.finditer(text)]
    out = []
    for k in range(1, len(tokens) - 1):
        if tokens[k][2] not in ("،", ",") or tokens[k + 1][2] not in titles:
            continue
        j = k
        while j > 0 and k - j < 3 and tokens[j - 1][2] not in stop and tokens[j - 1][2][0].isalpha() \
                and tokens[j - 1][2] not in titles:
            j -= 1
        if j < k:
            out.append((tokens[j][0], tokens[k - 1][1]))
    return out


def _without_overlaps(found: dict[tuple[int, int], str]) -> tuple[Name, ...]:
    """The spans in text order, the longest kept where two overlap."""
    out: list[Name] = []
    for (start, end), name in sorted(found.items(), key=lambda item: (item[0][0], -item[0][1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end, name))
    return tuple(out)
