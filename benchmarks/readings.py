"""What the reading stage makes of text it was not written for (measuring only; nothing here sets a value).

    python -m benchmarks.readings cjk        # East Asian texts under wrong declarations, others never taken for them
    python -m benchmarks.readings salad [--corpus benchmarks/out/reuters.jsonl] [--pan ../shared/data/pan13-train]
    python -m benchmarks.readings lines      # seconds to read 20,000 JSONL lines of standard input, not UTF-8
    python -m benchmarks.readings single [--corpus benchmarks/out/reuters.jsonl]  # one article a line, single-byte
    python -m benchmarks.readings short [--corpus ...] [--also ...] [--least 12 8 6 4]  # under 12 beyond ASCII

``cjk``: every Chinese, Japanese and Korean text of the multilingual set (its held-out stories too, for measuring)
encoded in each East Asian encoding that holds it, in an HTML page declaring each East Asian encoding, none, or
ISO-8859-1, read as a file is: how many come back exactly; the texts of eleven other languages in their
single-byte encodings: how many are taken for East Asian; Japanese without its kana, and prefixes of Chinese texts
(:func:`kanji`). ``salad``: how many texts have 50 sentence starts or more
in a cased script (what :func:`dedup.normalize.word_salad` judges), the fewest share of them that open with a capital
per source, and which texts it calls words without sentences. ``lines``: standard input of Windows-1252 (French,
German, Spanish, Portuguese, Italian) and Windows-1251 (Russian, Ukrainian) lines, best of three. ``single``: every
text of the multilingual set in each single-byte code page of its language (the held-out stories too, for measuring),
one article a JSONL line on standard input, then a file of each: how many come back exactly, and what the others are
read as; and every story of ``--corpus`` as a Windows-1252 line: how many are read otherwise than as Windows-1252.
"""

from __future__ import annotations

import argparse
import io
import json
import time
import unicodedata
from pathlib import Path
from typing import Any, Iterator

from dedup.encodings import cjk_reading
try:  # where the reader's modules are today; a tree before them (this script runs on older ones too) had formats
    from dedup.charsets import UNDECODABLE, decode_bytes
    from dedup.lines import stdin_lines
except ImportError:
    from dedup.formats import UNDECODABLE, decode_bytes, stdin_lines  # type: ignore[attr-defined,no-redef]

HERE = Path(__file__).parent / "multilingual"
CJK = {"ja": ["cp932", "euc_jp"], "zh": ["gb18030", "big5hkscs"], "ko": ["cp949"]}
DECLARED = [None, "Shift_JIS", "EUC-JP", "GBK", "Big5", "EUC-KR", "ISO-8859-1"]
SINGLE = {"ru": ["cp1251", "koi8_r"], "uk": ["cp1251", "koi8_u"], "el": ["cp1253", "iso8859_7"], "he": ["cp1255", "iso8859_8"],
          "ar": ["cp1256"], "fa": ["cp1256"], "tr": ["cp1254"], "pl": ["cp1250", "iso8859_2"], "de": ["cp1252"],
          "fr": ["cp1252"], "es": ["cp1252"], "pt": ["cp1252"], "it": ["cp1252"], "vi": ["cp1258"], "th": ["cp874"]}

#: Languages the multilingual set lacks, with the code pages they are written in (Romanian in Windows-1250 and
#: ISO-8859-2 with its ş and ţ of cedilla, as those pages write them).
WRITTEN_CODECS = {"cs": ["cp1250", "iso8859_2"], "sk": ["cp1250", "iso8859_2"], "hu": ["cp1250", "iso8859_2"],
                  "ro": ["cp1250", "iso8859_2", "iso8859_16"], "hr": ["cp1250", "iso8859_2"], "sl": ["cp1250", "iso8859_2"],
                  "lt": ["cp1257", "iso8859_13"], "lv": ["cp1257", "iso8859_13"], "et": ["cp1257", "iso8859_13"]}
#: News paragraphs in those languages, written for this measurement (no other use: nothing is chosen on them but the
#: one rule said where it is made, in dedup/codepages.py).
WRITTEN = {
"cs": ["Vláda v úterý schválila návrh zákona o státním rozpočtu na příští rok. Ministr financí uvedl, že schodek by se měl snížit o dvacet miliard korun, především díky vyšším příjmům z daně z přidané hodnoty. Opozice návrh kritizuje a tvrdí, že škrty dopadnou hlavně na školství a zdravotnictví.",
       "Policie vyšetřuje nehodu, ke které došlo v pondělí večer na dálnici D1 u Jihlavy. Řidič nákladního automobilu podle svědků nedobrzdil a narazil do kolony osobních aut. Tři lidé byli zraněni, provoz byl na několik hodin přerušen a kolona se táhla přes patnáct kilometrů.",
       "Česká národní banka ponechala úrokové sazby beze změny. Guvernér řekl novinářům, že inflace sice zpomaluje, ale ceny služeb stále rostou rychleji, než banka očekávala. Další rozhodnutí o sazbách padne v březnu."],
"sk": ["Vláda na svojom stredajšom rokovaní schválila návrh rozpočtu na budúci rok. Minister financií povedal, že deficit verejných financií by mal klesnúť pod štyri percentá hrubého domáceho produktu. Opozícia tvrdí, že konsolidácia zaťaží najmä rodiny s deťmi a dôchodcov.",
       "Hasiči v noci na štvrtok zasahovali pri požiari skladu v priemyselnom parku pri Žiline. Podľa hovorcu nikto nebol zranený, škoda však môže dosiahnuť niekoľko miliónov eur. Príčinu požiaru vyšetruje polícia spolu s požiarnymi technikmi."],
"hu": ["A kormány szerdán elfogadta a jövő évi költségvetés tervezetét. A pénzügyminiszter szerint a hiány a bruttó hazai termék négy százaléka alá csökkenhet, elsősorban a magasabb adóbevételeknek köszönhetően. Az ellenzék bírálta a javaslatot, mert szerintük az egészségügy és az oktatás kevesebb pénzt kap.",
       "Súlyos baleset történt hétfő este az M1-es autópályán Győr közelében. Egy kamion sofőrje a szemtanúk szerint nem tudott időben megállni, és belerohant a torlódásba. Hárman megsérültek, a forgalmat órákig elterelték, a kocsisor több kilométer hosszú volt."],
"ro": ["Guvernul a aprobat miercuri proiectul bugetului pentru anul viitor. Ministrul finanțelor a declarat că deficitul ar urma să scadă sub patru la sută din produsul intern brut, în principal datorită încasărilor mai mari din taxe. Opoziția susține că reducerile vor afecta mai ales școlile și spitalele.",
       "Un accident grav s-a produs luni seara pe autostrada București–Pitești. Potrivit martorilor, șoferul unui camion nu a reușit să frâneze la timp și a lovit coloana de mașini oprite. Trei persoane au fost rănite, iar circulația a fost oprită timp de câteva ore.",
       "Premierul a declarat joi că „nu va exista nicio creștere a taxelor” anul acesta. Sindicatele din învățământ cer însă o majorare a salariilor de cel puțin 300 de lei și amenință cu grevă dacă guvernul nu răspunde până la sfârșitul lunii.",
       "Banca Națională a menținut dobânda de politică monetară la șapte la sută. Guvernatorul a spus că „inflația scade mai încet decât ne așteptam”, iar cursul a urcat la 4,97 lei pentru un euro. Analiștii se așteaptă la o reducere abia în primăvară."],
"hr": ["Vlada je u četvrtak usvojila prijedlog proračuna za sljedeću godinu. Ministar financija rekao je da će se deficit smanjiti zahvaljujući većim prihodima od poreza na dodanu vrijednost. Oporba tvrdi da će rezovi najviše pogoditi zdravstvo i školstvo.",],
"sl": ["Vlada je v četrtek sprejela predlog proračuna za prihodnje leto. Finančni minister je dejal, da se bo primanjkljaj zmanjšal predvsem zaradi višjih prihodkov od davka na dodano vrednost. Opozicija trdi, da bodo varčevalni ukrepi najbolj prizadeli šolstvo in zdravstvo."],
"lt": ["Vyriausybė trečiadienį pritarė kitų metų biudžeto projektui. Finansų ministras teigė, kad deficitas turėtų sumažėti iki trijų procentų bendrojo vidaus produkto, daugiausia dėl didesnių mokesčių pajamų. Opozicija tvirtina, kad išlaidų mažinimas labiausiai palies švietimą ir sveikatos apsaugą.",
       "Pirmadienio vakarą greitkelyje Vilnius–Kaunas įvyko didelė avarija. Liudininkų teigimu, sunkvežimio vairuotojas nespėjo sustoti ir įsirėžė į automobilių eilę. Trys žmonės buvo sužeisti, eismas kelioms valandoms buvo sustabdytas."],
"lv": ["Valdība trešdien atbalstīja nākamā gada budžeta projektu. Finanšu ministrs sacīja, ka budžeta deficīts varētu samazināties līdz trim procentiem no iekšzemes kopprodukta, galvenokārt pateicoties lielākiem nodokļu ieņēmumiem. Opozīcija apgalvo, ka izdevumu samazinājumi visvairāk skars izglītību un veselības aprūpi.",
       "Pirmdienas vakarā uz šosejas starp Rīgu un Jelgavu notika smaga avārija. Aculiecinieki stāsta, ka kravas automašīnas vadītājs nepaspēja nobremzēt un ietriecās automašīnu rindā. Trīs cilvēki tika ievainoti, satiksme uz vairākām stundām tika apturēta."],
"et": ["Valitsus kiitis kolmapäeval heaks järgmise aasta eelarve eelnõu. Rahandusminister ütles, et eelarve puudujääk peaks vähenema alla kolme protsendi sisemajanduse koguproduktist, peamiselt suuremate maksulaekumiste tõttu. Opositsioon väidab, et kärped mõjutavad kõige rohkem haridust ja tervishoidu."],
}


def texts(language: str) -> list[str]:
    """The texts of a language in the multilingual set: its stories' roles, its wire folder, its briefs."""
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, str) and len(value) > 60 and key not in ("name", "about"):
            found.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    if language in WRITTEN:
        return list(WRITTEN[language])
    for file in sorted(HERE.glob(f"{language}*.json")) + sorted((HERE / "wire" / language).glob("*.json")):
        walk(json.loads(file.read_text()))
    walk(json.loads((HERE / "copies" / "briefs.json").read_text())["stories"].get(language, []))
    return found


def read_as_a_file(data: bytes) -> tuple[str | None, str]:
    """As the reader reads a file: the declared or found encoding, else an East Asian or single-byte one its bytes fit."""
    text, name = decode_bytes(data, html=True)
    if name in ("cp1252", UNDECODABLE):
        found = _sensible(data)
        if found is not None:
            return found
    return text, name


def _sensible(data: bytes) -> tuple[str, str] | None:
    """The reader's reading of a file that is not UTF-8 (East Asian, else a single-byte code page; East Asian
    alone in a tree before single-byte readings)."""
    try:
        from dedup.encodings import sensible_reading
    except ImportError:
        return cjk_reading(data)
    return sensible_reading(data)


def encoded(table: dict[str, list[str]]) -> Iterator[tuple[str, str, str, bytes]]:
    """``(language, codec, text, bytes)`` of every text of each language of ``table`` in each of its codecs
    that can write it."""
    for language, codecs_ in table.items():
        for text in texts(language):
            for codec in codecs_:
                written = as_written(text, codec)
                try:
                    yield language, codec, written, written.encode(codec)
                except UnicodeEncodeError:
                    continue


def as_written(text: str, codec: str) -> str:
    """``text`` as a page in ``codec`` writes it: Vietnamese in Windows-1258 with its tone marks as combining marks
    after the letters the page holds (ệ: ê and a dot below); Romanian's ș and ț with a cedilla where the page lacks
    them; a dash the page lacks as a hyphen. Others as they are."""
    import unicodedata

    def fits(part: str) -> bool:
        try:
            part.encode(codec)
            return True
        except UnicodeEncodeError:
            return False

    out = []
    for char in unicodedata.normalize("NFC", text) if codec == "cp1258" else text:
        if fits(char):
            out.append(char)
            continue
        swapped = {"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ", "–": "-", "—": "-"}.get(char, char)
        if swapped != char and fits(swapped):
            out.append(swapped)
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        for i, mark in enumerate(marks):  # the letter with one of its marks, where the page holds it
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and fits(composed):
                base, marks = composed, marks[:i] + marks[i + 1 :]
                break
        out.append(base + "".join(marks))
    return "".join(out)


def cjk() -> None:
    exact = wrong = 0
    for language, codec, text, body in encoded(CJK):
        for declared in DECLARED:
            head = f'<html><head><meta charset="{declared}"></head><body>' if declared else "<html><body>"
            read, name = read_as_a_file(head.encode() + b"<p>" + body + b"</p></body></html>")
            if read is not None and text in read:
                exact += 1
            else:
                wrong += 1
                print(f"wrong: {language} in {codec}, declared {declared}: read as {name}")
    taken = files = 0
    for language, codec, _, data in encoded(SINGLE):
        files += 1
        name = read_as_a_file(data)[1]
        if name.split(";")[0] in ("cp932", "euc_jp", "gb18030", "big5hkscs", "cp949"):
            taken += 1
            print(f"taken for East Asian: {language} in {codec} ({name})")
    print(f"East Asian readings: {exact} exact, {wrong} wrong; other scripts: {files} files, {taken} taken for East Asian")
    kanji()


def kanji() -> None:
    """Japanese written with few kana (a run of headlines), stood for by the set's Japanese texts with their kana
    dropped, in Shift_JIS and EUC-JP: how many are read as Japanese; and every prefix of the Chinese texts (20
    characters, 25, ...) in GBK and Big5: how many are taken for Japanese."""
    read = files = 0
    for _, codec, text, _ in encoded({"ja": CJK["ja"]}):
        bare = "".join(c for c in text if not "\u3041" <= c <= "\u30fa")
        files += 1
        read += _sensible(bare.encode(codec)) == (bare, codec)
    taken = prefixes = 0
    for _, codec, text, _ in encoded({"zh": CJK["zh"]}):
        for size in range(20, len(text), 5):
            try:
                found = _sensible(text[:size].encode(codec))
            except UnicodeEncodeError:
                continue
            prefixes += 1
            taken += found is not None and found[1] in CJK["ja"]
    print(f"Japanese without kana: {read} of {files} read as Japanese; Chinese prefixes: {taken} of {prefixes} taken for Japanese")


def _corpus(corpus: Path, pan: Path | None) -> Iterator[tuple[str, str, str]]:
    for line in corpus.open(encoding="utf-8"):
        record = json.loads(line)
        yield corpus.name, record["id"], record["text"]
    for folder in ("src", "susp"):
        for file in sorted((pan / folder).glob("*.txt")) if pan is not None else []:
            yield "pan13", file.name, file.read_text(errors="replace")


def salad(corpus: Path, pan: Path | None) -> None:
    from dedup.normalize import _SENTENCE_START, word_salad  # here: a tree without it still runs cjk and lines

    judged: dict[str, list[float]] = {}
    seen: dict[str, int] = {}
    for source, name, text in _corpus(corpus, pan):
        seen[source] = seen.get(source, 0) + 1
        starts = [c.isupper() for c in _SENTENCE_START.findall(text) if c.isupper() or c.islower()]
        if len(starts) >= 50:
            judged.setdefault(source, []).append(sum(starts) / len(starts))
        reason = word_salad(text)
        if reason is not None:
            print(f"words without sentences: {source} {name}: {reason}")
    for source, count in seen.items():
        shares = judged.get(source, [])
        fewest = f", fewest opening with a capital {min(shares):.0%}" if shares else ""
        print(f"{source}: {count:,} texts, {len(shares):,} with 50 sentence starts or more{fewest}")


def lines() -> None:
    for languages, codec in ((("fr", "de", "es", "pt", "it"), "cp1252"), (("ru", "uk"), "cp1251")):
        pool = [t for language in languages for t in texts(language)]
        data = b"".join(json.dumps({"id": f"a{i}", "text": pool[i % len(pool)]}, ensure_ascii=False).encode(
            codec, errors="replace") + b"\n" for i in range(20_000))
        best = min(_timed(data) for _ in range(3))
        print(f"{codec}: {len(data) / 1e6:.1f} MB, 20,000 lines, best of three {best:.3f} s")


def _decode_line() -> Any:
    """:func:`dedup.charsets.decode_line`, or where an older tree kept it (:mod:`dedup.formats`)."""
    try:
        from dedup.charsets import decode_line
    except ImportError:
        from dedup.formats import decode_line  # type: ignore[attr-defined,no-redef]
    return decode_line


def single(corpus: Path) -> None:
    decode_line = _decode_line()  # here: a tree without single-byte readings still runs cjk and lines

    exact: dict[str, int] = {}
    wrong: dict[str, int] = {}
    for language, codec, text, body in encoded({**SINGLE, **WRITTEN_CODECS}):
        line = json.dumps({"id": "a", "text": text}, ensure_ascii=False).encode(codec, errors="strict")
        read = json.loads(next(iter(stdin_lines(io.BytesIO(line + b"\n")))))["text"]
        as_file = read_as_a_file(body)[0]
        key = f"{language} {codec}"
        for way, got in (("line", read), ("file", as_file)):
            if got is not None and unicodedata.normalize("NFC", got) == unicodedata.normalize("NFC", text):
                exact[way] = exact.get(way, 0) + 1
            else:
                wrong[way] = wrong.get(way, 0) + 1
                print(f"not exact: {key} as a {way} (read as {read_as_a_file(body)[1]})")
    print(f"single-byte texts as lines: {exact.get('line', 0)} exact, {wrong.get('line', 0)} not; as files: "
          f"{exact.get('file', 0)} exact, {wrong.get('file', 0)} not")
    changed = stories = 0
    for line in corpus.open(encoding="utf-8"):
        try:
            data = line.rstrip("\n").encode("cp1252")
        except UnicodeEncodeError:
            continue
        stories += 1
        if decode_line(data)[0] != data.decode("cp1252", errors="replace"):
            changed += 1
            print(f"read otherwise than as Windows-1252: {json.loads(line)['id']}")
    wide = sum(1 for line in corpus.open(encoding="utf-8") if not line.isascii())
    print(f"{corpus.name}: {stories:,} stories as Windows-1252 lines ({wide:,} with characters beyond ASCII), "
          f"{changed} read otherwise")


#: Short Western lines of names and words from several Western languages (written for this measurement): a lower
#: least count of characters beyond ASCII must leave them Windows-1252.
SHORT_WESTERN = [
    "José Müller and François Ørsted met in Zürich on Monday, said Søren.",
    "The naïve café owner, Zoë Brontë, told Señor Peña about the piñata.",
    "Ångström, Björn Borg and Gérard Depardieu attended the Göteborg première.",
    "Jürgen Klopp said Mesut Özil was not there; Ødegaard was.",
    "São Paulo's Antônio and Zürich's Grüße reached Malmö and Tromsø.",
    "Renée Zellweger, Beyoncé, Pokémon and Mötley Crüe topped the charts.",
    "Curaçao, Besançon, Orléans, Nîmes and Créteil voted on Sunday.",
    "The Øresund bridge links Copenhagen and Malmö; Ærø is an island.",
    "Ólafur Arnalds and Björk played Reykjavík; Þór and Guðrún came too.",
    "Mañana: Ibáñez, Muñoz, Núñez and Peñarol meet at the Estádio do Dragão.",
    "Crème brûlée, façade, déjà vu, entrée, fiancée and résumé are English words too.",
    "Škoda and Citroën sales rose 5%, Renault's Clio fell; Peugeot's 208 rose ½%.",
    "The euro rose to €1.12 and the pound to £0.86 — “a relief”, said José Ángel."]


def short(corpora: list[Path], leasts: list[int]) -> None:
    """Lines with fewer characters beyond ASCII than the single-byte judgement asks (12): every prefix of each text
    of the multilingual set and the written paragraphs in each of its code pages, cut at the end of the word holding
    its first, second ... eleventh character beyond ASCII, read as a line of standard input with the least count set
    to each of ``leasts`` (measuring only: the count is set for the run): how many are read exactly, stay Windows-1252
    or are read in another wrong page; and how many Windows-1252 lines (the Western texts' prefixes cut alike,
    :data:`SHORT_WESTERN`, the stories of ``corpora`` beyond ASCII) are read otherwise."""
    from dedup import codepages
    decode_line = _decode_line()

    cuts: dict[tuple[str, str], str] = {}
    for language, codec, text, _ in encoded({**SINGLE, **WRITTEN_CODECS}):
        wide = 0
        for i, char in enumerate(text):
            if char >= "\x80":
                wide += 1
                end = text.find(" ", i)
                cut = text if end < 0 else text[:end]
                if wide < 12 and len(cut.encode(codec).translate(None, delete=_ASCII)) < 12:
                    cuts.setdefault((codec, cut), language)
    western = [line.rstrip("\n") for corpus in corpora for line in corpus.open(encoding="utf-8") if not line.isascii()]
    western = [s.encode("cp1252") for s in western + SHORT_WESTERN if s.encode("cp1252", errors="replace").decode("cp1252") == s]
    western += [cut.encode(codec) for (codec, cut) in cuts if codec == "cp1252"]
    for least in leasts:
        codepages._SINGLE_LEAST = least
        counts = {"exact": 0, "Windows-1252": 0, "another page": 0}
        for (codec, cut), _ in cuts.items():
            data = cut.encode(codec)
            read = decode_line(data)[0]
            if codec != "cp1252":
                kind = ("exact" if unicodedata.normalize("NFC", read) == unicodedata.normalize("NFC", cut) else
                        "Windows-1252" if read == data.decode("cp1252", errors="replace") else "another page")
                counts[kind] += 1
        moved = sum(decode_line(data)[0] != data.decode("cp1252") for data in western)
        print(f"least {least}: {sum(counts.values())} short texts of other code pages: {counts['exact']} exact, "
              f"{counts['Windows-1252']} Windows-1252, {counts['another page']} another page; "
              f"Windows-1252 lines read otherwise: {moved} of {len(western)}")


_ASCII = bytes(range(128))


def _timed(data: bytes) -> float:
    start = time.perf_counter()
    for _ in stdin_lines(io.BytesIO(data)):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["cjk", "salad", "lines", "single", "short"])
    parser.add_argument("--corpus", type=Path, default=Path("benchmarks/out/reuters.jsonl"))
    parser.add_argument("--pan", type=Path, default=None)
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="short: more corpora of Windows-1252 lines")
    parser.add_argument("--least", type=int, nargs="*", default=[12, 8, 6, 4], help="short: least counts to try")
    args = parser.parse_args()
    {"cjk": cjk, "salad": lambda: salad(args.corpus, args.pan), "lines": lines,
     "single": lambda: single(args.corpus),
     "short": lambda: short([args.corpus, *args.also], args.least)}[args.what]()


if __name__ == "__main__":
    main()
