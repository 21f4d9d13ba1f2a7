"""A long article checked against an index holding it, or a copy of it: peak memory and answers, for
two versions of the code side by side (``--code DIR``: a checkout of another version, run with
``PYTHONPATH=DIR``; by default this one).

Three articles are made from a Reuters JSONL file: ``word`` (990,000 characters of "word "), ``reut``
(its first story repeated to 985,000 characters) and ``long`` (its stories one after another to
985,000 characters). Each case makes a fresh SQLite index with ``dedup index add`` and then runs
``dedup check`` on it; every command runs in a child process held to ``--limit`` bytes of address space
(``RLIMIT_AS``: a version that asks for more fails, rather than taking the machine's memory), and its
peak RSS (``ru_maxrss``), exit status, last line and the md5 of its output are printed, one JSON object
a command.

    python benchmarks/long_check.py --reuters benchmarks/out/reuters.jsonl --code DIR

With ``--repeats 5,20,40,200``, a text that repeats itself instead: the first Reuters story of 4,000 to
6,000 characters pasted that many times, ``dedup compare`` of it against a copy of it and against the
story once (``--json``), and ``dedup scan`` of a folder of two copies of ``reut``; the same line a command.

    python benchmarks/long_check.py --repeats 5,20,40,200 --code DIR

With ``--index`` as well, the index's commands on the same texts, each beside the scan's answer: ``dedup
scan`` of a folder of the repeating text ``a.txt`` and its copy ``b.txt`` (the reference), ``dedup index
add`` of ``a.txt`` then ``dedup check`` of ``b.txt``; ``dedup index add`` of both in one batch
(``add_many``); ``dedup stream`` of both into a new index. A line's ``same`` says whether the pair's
answer (verdict, confidence, why, channels, scores, passages) is the scan's, byte for byte. Then the same
for ``reut``'s two copies (``--index`` alone: without the compare lines).

    python benchmarks/long_check.py --repeats 5,20,40,200 --index --code DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHARS = 985_000

#: (name, articles added in order, article checked): the article itself, and under another id
CASES = [
    ("long checked once stored", ["word", "long"], "long"),
    ("reut checked once stored", ["word", "reut"], "reut"),
    ("a copy of long under another id", ["word", "long"], "long-copy"),
    ("a copy of reut under another id", ["word", "reut"], "reut-copy"),
    ("reut against long", ["word", "long"], "reut-copy"),
]


def articles(reuters: Path) -> dict[str, str]:
    """The test articles' texts, by name."""
    stories = []
    total = 0
    with reuters.open(encoding="utf-8") as lines:
        for line in lines:
            stories.append(json.loads(line)["text"])
            total += len(stories[-1]) + 2
            if total > CHARS:
                break
    first = stories[0] + "\n\n"
    return {"word": "word " * (CHARS // 5 + 1000), "reut": (first * (CHARS // len(first) + 1))[:CHARS],
            "long": "\n\n".join(stories)[:CHARS]}


def repeated(reuters: Path, times: int) -> tuple[str, str]:
    """A story of 4,000 to 6,000 characters (the first such in the file) and that story pasted ``times``
    times, a blank line after each."""
    with reuters.open(encoding="utf-8") as lines:
        story = next(text for text in (json.loads(line)["text"] for line in lines) if 4000 < len(text) < 6000)
    return story, (story + "\n\n") * times


def repeat_cases(reuters: Path, counts: list[int], code: Path, limit: int, index: bool = False) -> None:
    """Print a line for each command of ``--repeats`` (above); ``index``: the index's (``--index``)."""
    with tempfile.TemporaryDirectory(prefix="dedup-repeats-") as folder:
        where = Path(folder)
        for times in counts:
            story, text = repeated(reuters, times)
            (where / "story.txt").write_text(story)
            for name in ("a.txt", "b.txt"):
                (where / name).write_text(text)
            if index:
                index_cases(f"{times} copies", text, code, limit, where)
                continue
            for other in ("b.txt", "story.txt"):
                print(json.dumps({"case": f"{times} copies against {other}",
                                  **peak_of(["compare", "a.txt", other, "--json"], code, limit, where)}), flush=True)
        reut = articles(reuters)["reut"]
        if index:
            index_cases("two copies of reut", reut, code, limit, where)
            return
        (where / "twice").mkdir()
        for name in ("one.txt", "two.txt"):
            (where / "twice" / name).write_text(reut)
        print(json.dumps({"case": "scan of two copies of reut",
                          **peak_of(["scan", "twice", "--json", "-", "--quiet"], code, limit, where)}), flush=True)


#: The fields of a pair's answer that every entry point gives alike (a scan's pair, a check's match).
ANSWER = ("verdict", "confidence", "why", "channels", "scores", "passages")


def index_cases(case: str, text: str, code: Path, limit: int, where: Path) -> None:
    """``--index``: a scan of ``text`` and its copy, then the index's commands on them, a line each, with
    whether each answers the pair as the scan does (``same``)."""
    pair = where / "pair"
    pair.mkdir(exist_ok=True)
    lines = [json.dumps({"id": name, "text": text}) for name in ("a.txt", "b.txt")]
    for name, line in zip(("a.txt", "b.txt"), lines):
        (pair / name).write_text(text)
        (where / f"{name}.jsonl").write_text(line + "\n")
    (where / "both.jsonl").write_text("\n".join(lines) + "\n")
    scanned = peak_of(["scan", "pair", "--json", "-", "--quiet"], code, limit, where, keep=True)
    pairs = json.loads(scanned.pop("output") or "{}").get("pairs", [])
    reference = _answer(pairs[0]) if pairs else None
    print(json.dumps({"case": case, **scanned, "pairs": len(pairs)}), flush=True)
    for db in ("i.db", "j.db", "k.db"):
        for extra in ("", "-wal", "-shm"):
            (where / (db + extra)).unlink(missing_ok=True)
    steps = [(["index", "add", "i.db", "a.txt.jsonl", "-q"], None), (["check", "i.db", "b.txt.jsonl", "--json"], None),
             (["index", "add", "j.db", "both.jsonl", "-q"], None), (["stream", "k.db"], "both.jsonl")]
    for argv, stdin in steps:
        done = peak_of(argv, code, limit, where, keep=True, stdin=stdin)
        out = done.pop("output")
        if argv[0] in ("check", "stream"):
            matches = [m for line in out.splitlines() if line.strip()
                       for m in json.loads(line).get("matches", [])]
            done["same"] = bool(matches) and reference is not None and _answer(matches[0]) == reference
        print(json.dumps({"case": case, **done}), flush=True)


def _answer(found: dict[str, object]) -> str:
    """A pair's answer as the bytes compared (:data:`ANSWER`)."""
    return json.dumps({field: found.get(field) for field in ANSWER}, sort_keys=True)


def run(argv: list[str], code: Path, limit: int, cwd: Path, *, keep: bool = False,
        stdin: str | None = None) -> dict[str, object]:
    """One dedup command in a child held to ``limit`` bytes: peak RSS, status, time, last line, md5 (and
    with ``keep`` its output); ``stdin``: a file of ``cwd`` it reads."""
    env = dict(os.environ, PYTHONPATH=str(code))

    def held() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.monotonic()
    given = (cwd / stdin).open("rb") if stdin else subprocess.DEVNULL
    child = subprocess.Popen([sys.executable, "-m", "dedup", *argv], cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=given, preexec_fn=held)
    out, err = child.communicate()
    if stdin:
        given.close()  # type: ignore[union-attr]
    last = (err or out).decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    answer = {"command": " ".join(argv) + (f" < {stdin}" if stdin else ""), "exit": child.returncode,
              "seconds": round(time.monotonic() - started, 1), "md5": hashlib.md5(out).hexdigest(), "last": last[0][:160]}
    return answer | ({"output": out.decode("utf-8", "replace")} if keep else {})


def peak_of(argv: list[str], code: Path, limit: int, cwd: Path, *, keep: bool = False,
            stdin: str | None = None) -> dict[str, object]:
    """:func:`run` with the child's own peak RSS (a child of a fresh helper, so that ``RUSAGE_CHILDREN``
    holds it alone)."""
    helper = [sys.executable, __file__, "--one", json.dumps({"argv": argv, "code": str(code), "limit": limit,
                                                            "keep": keep, "stdin": stdin})]
    done = subprocess.run(helper, cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def one(spec: str) -> None:
    """The helper's work: run the command, add the peak RSS of its children (this one's only child)."""
    given = json.loads(spec)
    answer = run(given["argv"], Path(given["code"]), given["limit"], Path.cwd(), keep=given.get("keep", False),
                 stdin=given.get("stdin"))
    answer["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(json.dumps(answer))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuters", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to run (PYTHONPATH)")
    parser.add_argument("--limit", type=float, default=5.0, help="address space of each command, GB")
    parser.add_argument("--cases", default="", help="numbers of the cases to run, such as 0,2 (all by default)")
    parser.add_argument("--repeats", default="", help="a text repeating a story: how many times, such as 5,20")
    parser.add_argument("--index", action="store_true", help="with --repeats: the index's commands beside a scan")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one)
        return
    if args.repeats:
        repeat_cases(args.reuters, [int(k) for k in args.repeats.split(",")], args.code, int(args.limit * 2**30),
                     index=args.index)
        return
    texts = articles(args.reuters)
    chosen = [CASES[int(k)] for k in args.cases.split(",")] if args.cases else CASES
    limit = int(args.limit * 2**30)
    with tempfile.TemporaryDirectory(prefix="dedup-long-") as folder:
        where = Path(folder)
        for name, text in texts.items():
            for suffix in ("", "-copy"):
                (where / f"{name}{suffix}.jsonl").write_text(json.dumps({"id": name + suffix, "text": text}) + "\n")
        for case, added, checked in chosen:
            db = where / "case.db"
            for extra in ("", "-wal", "-shm"):
                Path(str(db) + extra).unlink(missing_ok=True)
            for name in added:
                print(json.dumps({"case": case, **peak_of(["index", "add", "case.db", f"{name}.jsonl", "-q"],
                                                            args.code, limit, where)}), flush=True)
            print(json.dumps({"case": case, **peak_of(["check", "case.db", f"{checked}.jsonl"], args.code, limit,
                                                      where)}), flush=True)


if __name__ == "__main__":
    main()
