"""Language detectors on short news text: accuracy, time per text, install size.

Usage::

    python benchmarks/language_id.py [--reuters benchmarks/out/reuters.jsonl] [--english 200]

Texts: the multilingual set's stories (``benchmarks/multilingual``, five texts of each file) read
whole, as their first sentence, and as their first 60 characters (25 for Chinese and Japanese), plus
English Reuters stories when the JSONL is there (make it with ``python benchmarks/reuters.py``). Each
detector installed among py3langid, langdetect and lingua-language-detector is scored, and so is
``dedup.language.detect_language`` (py3langid restricted to ISO 639-1 languages, with the English
shortcut). A detector that is not installed is skipped with a line saying so.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parent / "multilingual"
_SENTENCE_END = re.compile(r"(?<=[.!?。।])\s*")


def samples(reuters: Path | None, english: int) -> list[tuple[str, str, str]]:
    """(language, form, text) for every story in three forms."""
    out = []
    for path in sorted(DATA.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        code = spec["language"]
        for key in ("source", "rewrite", "independent", "unrelated", "own"):
            text = spec[key]
            out += [(code, "whole", text), (code, "sentence", _SENTENCE_END.split(text)[0]),
                    (code, "60 chars", text[: 25 if code in ("zh", "ja") else 60])]
    if reuters is not None and reuters.exists():
        with reuters.open(encoding="utf-8") as fh:
            for line, _ in zip(fh, range(english)):
                text = json.loads(line)["text"]
                out += [("en", "whole", text), ("en", "sentence", _SENTENCE_END.split(text)[0]), ("en", "60 chars", text[:60])]
    return out


def detectors() -> dict[str, Callable[[str], str | None]]:
    found: dict[str, Callable[[str], str | None]] = {}
    try:
        from dedup.language import detect_language

        found["dedup (py3langid + English shortcut)"] = detect_language
    except ImportError as exc:
        print(f"dedup.language: {exc}")
    try:
        import py3langid

        found["py3langid"] = lambda text: py3langid.classify(text)[0]
    except ImportError:
        print("py3langid: not installed")
    try:
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0
        found["langdetect"] = lambda text: _safe(detect, text)
    except ImportError:
        print("langdetect: not installed")
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
        found["lingua"] = lambda text: _lingua(lingua, text)
    except ImportError:
        print("lingua-language-detector: not installed")
    return found


def _safe(detect: Callable[[str], str], text: str) -> str | None:
    try:
        return detect(text)[:2]
    except Exception:  # langdetect raises on text without features
        return None


def _lingua(detector, text: str) -> str | None:  # type: ignore[no-untyped-def]
    found = detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None


def size(distribution: str) -> str:
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return "n/a"
    total = sum(f.size or 0 for f in files)
    return f"{total / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuters", type=Path, default=ROOT / "benchmarks" / "out" / "reuters.jsonl")
    parser.add_argument("--english", type=int, default=200, help="Reuters stories to add as English texts")
    args = parser.parse_args(argv)
    texts = samples(args.reuters, args.english)
    forms = ("whole", "sentence", "60 chars")
    n_other = sum(code != "en" for code, _, _ in texts) // 3
    print(f"{n_other} non-English and {len(texts) // 3 - n_other} English texts in 3 forms; cells: right / "
          "unsure (no answer: dedup reads the text with English rules) / wrong (another language's rules); "
          "for English texts, unsure counts as right (the same rules)\n")
    print("| detector | " + " | ".join(f"{f}, other languages" for f in forms) + " | "
          + " | ".join(f"{f}, English read as English" for f in forms) + " | ms per text | installed size |")
    print("|---|" + "---|" * (2 * len(forms) + 2))
    sizes = {"py3langid": size("py3langid"), "langdetect": size("langdetect"), "lingua": size("lingua-language-detector")}
    for name, detect in detectors().items():
        detect("Der Autobauer will in Emden Stellen abbauen; Kündigungen seien nicht geplant.")  # loads the model: not timed
        counts = {f: [0, 0, 0] for f in forms}  # right, unsure, wrong (other languages)
        english = {f: [0, 0] for f in forms}  # read with English rules, of
        started = time.perf_counter()
        for code, form, text in texts:
            got = detect(text)
            if code == "en":
                english[form][0] += got in ("en", None)
                english[form][1] += 1
                continue
            right = got in (code, "zh-cn", "zh-tw") if code == "zh" else got == code
            counts[form][0 if right else 1 if got is None else 2] += 1
        ms = (time.perf_counter() - started) / len(texts) * 1000
        cells = " | ".join(" / ".join(map(str, counts[f])) for f in forms) + " | " + " | ".join(
            f"{english[f][0]}/{english[f][1]}" for f in forms)
        print(f"| {name} | {cells} | {ms:.2f} | {sizes.get(name.split()[0], sizes['py3langid'])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
