"""Two long texts at sizes up to the reader's bound: the time and peak memory of ``compare`` and ``scan``.

Issue 15 and "safe by default": one pair of long articles (a book, a parliamentary record, a PAN source
document) must not cost minutes and gigabytes. This script makes deterministic long texts from real
sentences and times the commands on them.

The texts: the sentences of a Reuters JSONL file (its stories' lines joined, cut at ". ") are shuffled
with a fixed seed and joined until a text reaches its length. For each length (``--sizes``, characters;
the bound is :data:`dedup.records.MAX_CHARS`) four files are written: ``a.txt``; ``copy.txt`` (the same
text); ``edit.txt`` (a light edit: every 7th sentence's figures changed and every 11th dropped); and
``other.txt`` (an unrelated text of that length: the sentences of the other half of the stories,
shuffled with another seed). With ``--pool N`` the sentences come from the first N stories of each half
only, so that a long text repeats each of them many times, shuffled anew each time round (a record of
many sittings, a book's refrains: the dense case for an aligner).

    python benchmarks/long_pairs.py --make DIR --sizes 100000,1000000
    python benchmarks/long_pairs.py --run DIR --sizes 100000,1000000 [--code CHECKOUT] [--limit 4]

``--run`` runs, for each length, ``dedup compare a.txt X.txt --json`` for the copy, the edit and the
other text, and ``dedup scan`` of a folder holding ``a.txt`` and ``copy.txt`` (``--memory``, ``1GB`` by
default), each in a child held to ``--limit`` GB of address space, and prints one JSON line a command:
its wall seconds, its CPU seconds (its own and its workers': what to compare on a shared machine), peak
RSS (MB), exit status, the pair's verdict and confidence, and the md5 of the
output (so that two versions of the code can be shown to give the same answer).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("copy", "edit", "other")


def sentences(reuters: Path, half: int, pool: int = 0) -> list[str]:
    """The sentences of the even (``half`` 0) or odd (1) stories of a Reuters JSONL file, in order (with
    ``pool``, of its first ``pool`` stories of that half only)."""
    found: list[str] = []
    with reuters.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % 2 != half:
                continue
            if pool and number // 2 >= pool:
                break
            text = " ".join(json.loads(line)["text"].split())
            found.extend(piece.strip() + "." for piece in text.split(". ") if len(piece.split()) >= 4)
    return found


def long_text(pool: list[str], chars: int, seed: int) -> list[str]:
    """Sentences of ``pool`` shuffled with ``seed`` (again with the next seed when used up) until ``chars``."""
    chosen: list[str] = []
    total = 0
    round_ = 0
    while total < chars:
        order = list(pool)
        random.Random(seed * 1000 + round_).shuffle(order)
        for sentence in order:
            chosen.append(sentence)
            total += len(sentence) + 1
            if total >= chars:
                break
        round_ += 1
    return chosen


def edited(chosen: list[str]) -> list[str]:
    """A light edit: every 11th sentence dropped, every 7th one's figures changed (each digit plus one)."""
    out = []
    for number, sentence in enumerate(chosen):
        if number % 11 == 10:
            continue
        if number % 7 == 3:
            sentence = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), sentence)
        out.append(sentence)
    return out


def make(where: Path, reuters: Path, sizes: list[int], pool: int = 0) -> None:
    """Write each size's four texts under ``where/SIZE`` (``where/SIZE-pPOOL`` with ``pool``)."""
    pools = sentences(reuters, 0, pool), sentences(reuters, 1, pool)
    for size in sizes:
        folder = where / folder_name(size, pool)
        folder.mkdir(parents=True, exist_ok=True)
        chosen = long_text(pools[0], size, 1)
        texts = {"a": chosen, "copy": chosen, "edit": edited(chosen), "other": long_text(pools[1], size, 2)}
        for name, text in texts.items():
            (folder / f"{name}.txt").write_text(" ".join(text)[:size] + "\n", encoding="utf-8")
        pair = folder / "pair"
        pair.mkdir(exist_ok=True)
        (pair / "a.txt").write_text((folder / "a.txt").read_text(encoding="utf-8"), encoding="utf-8")
        (pair / "b.txt").write_text((folder / "copy.txt").read_text(encoding="utf-8"), encoding="utf-8")


def folder_name(size: int, pool: int) -> str:
    """A size's folder: its length, and the stories its sentences are drawn from when bounded."""
    return f"{size}-p{pool}" if pool else str(size)


def run(argv: list[str], code: Path, limit: int) -> dict[str, object]:
    """One dedup command of the checkout ``code`` in a child held to ``limit`` bytes of address space; peak RSS
    from this process's children (this is a fresh process with that one child). The child runs in ``code``:
    ``python -m`` puts its working folder before ``PYTHONPATH``, so run from another checkout it ran that one's
    code (the paths in ``argv`` must be absolute)."""
    env = dict(os.environ, PYTHONPATH=str(code))

    def held() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "dedup", *argv], env=env, capture_output=True, preexec_fn=held,
                          cwd=code)
    seconds = round(time.monotonic() - started, 1)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    answer: dict[str, object] = {"command": " ".join(argv), "exit": done.returncode, "seconds": seconds,
                                 "cpu_seconds": round(used.ru_utime + used.ru_stime, 1),
                                 "peak_mb": used.ru_maxrss // 1024,
                                 "md5": hashlib.md5(done.stdout).hexdigest()}
    try:
        found = json.loads(done.stdout)
        pair = found["pairs"][0] if "pairs" in found else found
        answer |= {"verdict": pair.get("verdict"), "confidence": pair.get("confidence")}
    except (ValueError, KeyError, IndexError, TypeError):
        answer["last"] = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-200:]
    return answer


def commands(folder: Path, memory: str) -> list[list[str]]:
    """The commands run for one size."""
    found = [["compare", str(folder / "a.txt"), str(folder / f"{kind}.txt"), "--json"] for kind in KINDS]
    return found + [["scan", str(folder / "pair"), "--json", "-", "--quiet", "--memory", memory]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuters", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    parser.add_argument("--sizes", default="100000,1000000", help="lengths in characters, such as 100000,1000000")
    parser.add_argument("--make", type=Path, help="write the texts under this folder")
    parser.add_argument("--run", type=Path, help="run the commands on the texts under this folder")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to run (PYTHONPATH)")
    parser.add_argument("--limit", type=float, default=4.0, help="address space of each command, GB")
    parser.add_argument("--memory", default="1GB", help="the scan's --memory")
    parser.add_argument("--pool", type=int, default=0,
                        help="draw the sentences from this many stories of each half only (0: all), so that a "
                             "long text repeats them")
    parser.add_argument("--only", default="", help="run only these commands (compare kinds or scan), such as copy,scan")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        given = json.loads(args.one)
        print(json.dumps(run(given["argv"], Path(given["code"]), given["limit"])), flush=True)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    args.code, args.run = args.code.resolve(), args.run.resolve() if args.run else None  # the child runs in the code
    if args.make:
        make(args.make, args.reuters, sizes, args.pool)
    if args.run:
        wanted = set(filter(None, args.only.split(",")))
        for size in sizes:
            for argv in commands(args.run / folder_name(size, args.pool), args.memory):
                name = "scan" if argv[0] == "scan" else Path(argv[2]).stem
                if wanted and name not in wanted:
                    continue
                spec = json.dumps({"argv": argv, "code": str(args.code), "limit": int(args.limit * 2**30)})
                done = subprocess.run([sys.executable, __file__, "--one", spec], capture_output=True, text=True,
                                      check=True)
                print(json.dumps({"size": folder_name(size, args.pool), "kind": name} | json.loads(done.stdout)), flush=True)


if __name__ == "__main__":
    main()
