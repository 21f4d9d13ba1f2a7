"""What a wire desk checks, made on purpose: credit lines added and removed, figures changed, corrections.

``make_syndication.py --desk`` applies these to the derived articles after they are made, from a
separate seeded generator, so the default set stays byte-identical. Everything done is recorded for
``truth.json`` (``desk`` per derived document), so the credit check and the fact diff can be measured
against what the generator knows it did:

* **credit**: reprints, light edits and reorderings carry "(Reuters)" in their dateline, partial reuse
  and rewrites carry none; a third of each flips: the credit is removed, or added in one of the forms
  outlets use (dateline, sign-off, "Reuters contributed reporting", "according to Reuters" on a taken
  sentence). A fifth of the uncredited ones gain a sentence of their own citing Reuters for something
  else: a mention, not a credit. ``kept_reuters_sentence`` says whether a sentence taken from the
  source names Reuters itself ("... told Reuters"): such a copy attributes to Reuters without a credit
  line.
* **figures**: in half of the light edits, partial copies and rewrites, one or two figures of taken
  sentences are changed (by 10-50 %, in the same format), each recorded with its sentence.
* **corrections**: for one source in ten that has a figure, Reuters sends a ``CORRECTED`` version a few
  hours later with that figure changed; copies published after it carry the correction, earlier ones
  do not (the truth says which version each copy was taken from).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Sequence

from synd_transforms import Derived

CREDIT_FLIP = 1 / 3
MENTION = 0.2
FIGURE_KINDS = ("light_edit", "partial", "rewrite")
FIGURE_RATE = 0.5
CORRECTION_RATE = 0.1
CREDIT_FORMS = ("dateline", "sign-off", "contributed", "attribution")
# A plain figure: not a year, not inside a word or a longer number.
_FIGURE = re.compile(r"(?<![\w.,$])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+$")
_MENTIONS = ("Separately, Reuters reported last week that rival firms were reviewing their plans.",
             "Shares of Reuters Holdings were little changed in London trading.",
             "Analysts quoted by Reuters earlier this month expected a slower second half.")


def credited_by_default(kind: str) -> bool:
    return kind in ("reprint", "light_edit", "reordered")


def change_figure(text: str, rng: random.Random) -> tuple[str, str, str] | None:
    """``text`` with one figure changed by 10-50 % in the same format: (new text, old, new); None if
    the text has no figure that occurs once (years left alone)."""
    found = [m for m in _FIGURE.finditer(text) if not re.fullmatch(r"(?:19|20)\d\d", m.group(1))
             and not _MONTH_BEFORE.search(text[max(0, m.start() - 12):m.start()])  # a date: not a figure
             and not re.match(r"[-/]\d", text[m.end():]) and text[m.start() - 1:m.start()] not in ("/", "-")]
    found = [m for m in found if text.count(m.group(1)) == 1]
    if not found:
        return None
    m = rng.choice(found)
    old = m.group(1)
    value = float(old.replace(",", ""))
    decimals = len(old.split(".")[1]) if "." in old else 0
    new = old
    for _ in range(5):
        factor = rng.choice((1.1, 1.2, 1.25, 1.5, 0.8, 0.9, 0.75))
        new = _format(value * factor, decimals, "," in old)
        if new != old and new.replace(",", "") != "0":
            break
    if new == old:
        return None
    return text[:m.start(1)] + new + text[m.end(1):], old, new


def _format(value: float, decimals: int, commas: bool) -> str:
    if decimals:
        return f"{value:,.{decimals}f}" if commas else f"{value:.{decimals}f}"
    return f"{round(value):,}" if commas else str(round(value))


def apply_credit(article: Derived, place: str, rng: random.Random) -> tuple[Derived, dict[str, Any]]:
    """Flip the article's credit (a third of the time) and maybe add a mention; returns the truth."""
    credited = credited_by_default(article.kind)
    form = "dateline" if credited else None
    mention = False
    if rng.random() < CREDIT_FLIP:
        if credited:
            article, credited, form = _uncredit(article, place), False, None
        else:
            form = rng.choice(CREDIT_FORMS)
            article, credited = _credit(article, place, form, rng), True
    if not credited and rng.random() < MENTION:
        article = _add_mention(article, rng)
        mention = True
    kept = any("reuter" in text.lower() for p in article.paragraphs for text, src in p if src)
    return article, {"credited": credited, "form": form, "mention": mention, "kept_reuters_sentence": kept}


def _uncredit(article: Derived, place: str) -> Derived:
    dateline = re.sub(r"\s*\(Reuters\)\s*", " ", article.dateline).rstrip()
    dateline = re.sub(r"\s*[-—]$", "", dateline)
    return replace(article, dateline=f"{dateline} — " if dateline.strip() else "")


def _credit(article: Derived, place: str, form: str, rng: random.Random) -> Derived:
    paragraphs = [list(p) for p in article.paragraphs]
    if form == "dateline":
        city = place.title() if place else "London"
        return replace(article, dateline=f"{city} (Reuters) - ")
    if form == "sign-off":
        paragraphs.append([(rng.choice(("- Reuters", "(Reuters)", "Source: Reuters")), ())])
    elif form == "contributed":
        paragraphs.append([("Reuters contributed reporting to this story.", ())])
    else:  # attribution on the first taken sentence
        for p in paragraphs:
            for k, (text, src) in enumerate(p):
                if src and text.endswith("."):
                    p[k] = (text[:-1] + ", according to Reuters.", src)
                    return replace(article, paragraphs=tuple(tuple(x) for x in paragraphs))
        paragraphs.append([("Reuters contributed reporting to this story.", ())])
    return replace(article, paragraphs=tuple(tuple(x) for x in paragraphs))


def _add_mention(article: Derived, rng: random.Random) -> Derived:
    paragraphs = [list(p) for p in article.paragraphs]
    paragraphs.append([(rng.choice(_MENTIONS), ())])
    return replace(article, paragraphs=tuple(tuple(x) for x in paragraphs))


def apply_figures(article: Derived, rng: random.Random) -> tuple[Derived, list[dict[str, Any]]]:
    """Change one or two figures in taken sentences of light edits, partial copies and rewrites."""
    if article.kind not in FIGURE_KINDS or rng.random() >= FIGURE_RATE:
        return article, []
    flat = [(i, j) for i, p in enumerate(article.paragraphs) for j, (_, src) in enumerate(p) if src]
    paragraphs = [list(p) for p in article.paragraphs]
    changes = []
    for i, j in rng.sample(flat, len(flat)):
        if len(changes) >= rng.choice((1, 2)):
            break
        text, src = paragraphs[i][j]
        changed = change_figure(text, rng)
        if changed is None:
            continue
        paragraphs[i][j] = (changed[0], src)
        index = sum(len(p) for p in paragraphs[:i]) + j
        changes.append({"sentence": index, "source_sentences": list(src), "from": changed[1], "to": changed[2]})
    return replace(article, paragraphs=tuple(tuple(p) for p in paragraphs)), changes


def correction(record: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], str, str] | None:
    """A CORRECTED version of a Reuters story record (one figure changed, sent 1-6 hours later)."""
    changed = change_figure(record["text"], rng)
    if changed is None or not record.get("published"):
        return None
    when = datetime.fromisoformat(record["published"].replace("Z", "+00:00"))
    later = (when + timedelta(minutes=rng.randint(60, 360))).strftime("%Y-%m-%dT%H:%M:%SZ")
    fixed = dict(record, id=f"{record['id']}-c", text=changed[0], title=f"CORRECTED - {record['title']}",
                 published=later)
    fixed["text"] += f"\n    -- Corrects figure to {changed[2]} from {changed[1]}.\n Reuter"
    return fixed, changed[1], changed[2]


def desk_changes(made: Sequence[Any], records: dict[str, dict[str, Any]], places: dict[str, str],
                 rng: random.Random) -> tuple[list[Any], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Apply corrections, credit flips and figure changes to ``made`` (objects with ``id``, ``source``,
    ``published`` and ``article``); returns the new list, the truth per derived id, and the correction
    records to add to the corpus."""
    by_source: dict[str, list[Any]] = {}
    for m in made:
        by_source.setdefault(m.source, []).append(m)
    truth: dict[str, dict[str, Any]] = {m.id: {} for m in made}
    extra: list[dict[str, Any]] = []
    replaced: dict[str, Any] = {}
    for source in sorted(by_source):
        if rng.random() >= CORRECTION_RATE:
            continue
        fixed = correction(records[source], rng)
        if fixed is None:
            continue
        record, old, new = fixed
        extra.append(record)
        for m in by_source[source]:
            text = m.article.text
            if not re.search(rf"(?<![\d,.]){re.escape(old)}(?![\d]|[.,]\d)", text):
                truth[m.id]["version"] = None  # the corrected figure is not in this copy: either version
                continue
            if m.published > record["published"]:
                article = _replace_figure(m.article, old, new)
                replaced[m.id] = replace(m, article=article)
                truth[m.id].update(version=record["id"], corrected_figure={"from": old, "to": new})
            else:
                truth[m.id].update(version=source, missed_correction=record["id"])
    out = []
    for m in made:
        m = replaced.get(m.id, m)
        article, credit = apply_credit(m.article, places.get(m.source, ""), rng)
        article, figures = apply_figures(article, rng)
        truth[m.id].update(credit=credit, figures=figures)
        out.append(replace(m, article=article))
    return out, truth, extra


def _replace_figure(article: Derived, old: str, new: str) -> Derived:
    pattern = re.compile(rf"(?<![\d,.]){re.escape(old)}(?![\d]|[.,]\d)")
    paragraphs = tuple(tuple((pattern.sub(new, text), src) for text, src in p) for p in article.paragraphs)
    return replace(article, paragraphs=paragraphs)
