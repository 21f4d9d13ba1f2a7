"""Story versions: one outlet sending one story several times.

Agencies send a story more than once: a first take, an ``UPDATE 1``, a ``CORRECTED`` version, a
``REPEAT``/``RPT`` or ``REFILE``. Each version is a near-duplicate of the others, yet they are one story,
not copies of each other; and an outlet that ran the uncorrected version is what a correction desk
needs to know about.

Two articles of a reported pair are versions of one story when they come from the same outlet, were
published within three days of each other (seven for a marked correction; undated ones pass), and
either their texts are near-identical (a ``duplicate``, or one holding >= 80% of the other's 5-grams:
an update adds paragraphs) with one more sign agreeing (a version marker in a title or a correction
note in the text, "-- Corrects dollar figure ..."; titles alike once markers are stripped; or known
publication times), or one of them is marked as a version and holds >= 40% of the other's 5-grams
(a correction changes figures and words) with alike titles or known times. A weekly report under the
same title is a new edition, not a version: too far apart. Versions join into stories along such
pairs; each story lists its versions in time order. A derived article of another outlet was taken from
the version that holds most of its 5-grams (the later version on a tie), among those sent before it
when the times are known; a correction sent after that version is one it does not carry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Iterable, Mapping, Sequence

from dedup.clusters import Components
from dedup.dates import parse_published
from dedup.documents import Document

__all__ = ["Version", "Story", "Taken", "version_marker", "strip_marker", "is_version_pair", "group_versions",
           "taken_versions"]

# One marker, closed by a dash, colon, bracket or the title's end ("UPDATE 1-", "(RPT)", "Corrected:"): a title
# that opens with the word as a word of its own ("Fixed income: bonds rally", "Repeat offenders jailed") has none.
_ONE = (r"\W*(?P<m>UPDATE\s*\d*|CORRECTED|CORRECTION|CORRECTS|RPT|REPEAT|REPEATED|REFILE|REFILED|RECAST|"
        r"WRAPUP\s*\d*|RESEND|RESENT|FIXED)\b(?=\s*(?:[-–—:|)>\]]|$))\W*")
_MARKER = re.compile(_ONE, re.IGNORECASE)
# A correction note at the foot (Reuters: "-- Corrects year of loss in third paragraph") or head.
_NOTE = re.compile(r"(?:^|\n|\s[-–—]+\s*|\(|NOTE:\s*)(?P<m>corrects|correcting|repeats|refiles|updates|adds)\b",
                   re.IGNORECASE)
_CORRECTION = frozenset({"CORRECTED", "CORRECTION", "CORRECTS", "CORRECTING"})
_TICKER = re.compile(r"<[^>]*>|\([A-Z.]{1,8}\)")
_WORD = re.compile(r"\w+")
#: Versions are sent this close together (a marked correction may follow a few days later).
CLOSE = timedelta(days=3)
MARKED_CLOSE = timedelta(days=7)
#: Share of one text's 5-grams found in the other from which texts are near-identical (an update),
#: and from which a marked version (a correction changes figures and words) overlaps enough.
NEAR_IDENTICAL = 0.8
OVERLAPPING = 0.4
#: Word Jaccard of two marker-stripped titles from which they are "the same title".
TITLE_ALIKE = 0.5


@dataclass(frozen=True)
class Version:
    """One version of a story: its id, time, title, the marker it carries (``CORRECTED``, ``RPT``...)."""

    id: str
    published: str | None
    title: str | None
    marker: str | None

    @property
    def correction(self) -> bool:
        """Whether any marker of the chain is a correction ("REFILE-CORRECTED" is one)."""
        return any(part in _CORRECTION for part in (self.marker or "").upper().split("-"))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "published": self.published, "title": self.title, "marker": self.marker,
                "correction": self.correction}


@dataclass(frozen=True)
class Story:
    """Versions of one story sent by one outlet, in time order; ``id`` is ``s1``, ``s2``, ..."""

    id: str
    outlet: str
    title: str
    versions: tuple[Version, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.versions)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet, "title": self.title,
                "versions": [v.to_dict() for v in self.versions]}


@dataclass(frozen=True)
class Taken:
    """Which version of ``story`` the article ``derived`` was taken from, and a correction it lacks."""

    derived: str
    story: str
    version: str
    missed_correction: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"derived": self.derived, "story": self.story, "version": self.version,
                "missed_correction": self.missed_correction}


def version_marker(title: str | None, text: str = "") -> str | None:
    """The version marker of an article: from its title ("CORRECTED - ...", "(RPT) ...") or a
    correction note in its first or last 300 characters ("-- Corrects year of loss").

    >>> version_marker("CORRECTED - BANKAMERICA NEGOTIATING UNITS SALE")
    'CORRECTED'
    >>> version_marker("Oil rises", "Oil rose... -- Corrects dollar figure in item of Feb 25. Reuter")
    'CORRECTS'
    """
    chain, _ = _chain(title or "")
    if chain:
        return "-".join(chain)
    for part in (text[-300:], text[:300]):
        note = _NOTE.search(part)
        if note and note.group("m").lower() in ("corrects", "correcting", "repeats", "refiles"):
            return note.group("m").upper()
    return None


def _chain(title: str) -> tuple[list[str], int]:
    """The markers a title opens with, in order, as agencies stack them ("REFILE-CORRECTED-Oil" -> REFILE,
    CORRECTED), and where the title goes on past them (all are stripped)."""
    chain, at = [], 0
    while (m := _MARKER.match(title, at)) and m.end() > at:
        chain.append(re.sub(r"\s+", " ", m.group("m").upper()))
        at = m.end()
    return chain, at


def _unmarked(title: str) -> str:
    """``title`` without the markers it opens with (:func:`_chain`)."""
    return title[_chain(title)[1]:]


def strip_marker(title: str | None) -> str:
    """The title without its version marker and tickers, lower case: what versions share."""
    return " ".join(_TICKER.sub(" ", _unmarked(title or "")).split()).lower()


def is_version_pair(a: Document, b: Document, *, near_identical: bool, overlapping: bool = False) -> bool:
    """Whether two articles of a reported pair are versions of one story (see the module docstring).

    ``near_identical``: a duplicate, or one text holding >= 80% of the other's 5-grams; ``overlapping``:
    >= 40% (a corrected table or paragraph lowers the overlap, so a marked version needs less).
    """
    if not (near_identical or overlapping) or not a.outlet or not b.outlet or _key(a.outlet) != _key(b.outlet):
        return False
    marked = bool(version_marker(a.title, a.text) or version_marker(b.title, b.text))
    alike = _title_alike(a.title, b.title)
    time_a, time_b = parse_published(a.published), parse_published(b.published)
    gap = abs(time_a - time_b) if time_a is not None and time_b is not None else None
    if gap is not None and gap > (MARKED_CLOSE if marked else CLOSE):
        return False  # a weekly report under the same title is a new edition, not a version
    if near_identical:
        return marked or alike or gap is not None
    return marked and (alike or gap is not None)


def group_versions(documents: Mapping[str, Document], pairs: Iterable[Any]) -> list[Story]:
    """Stories of two or more versions among the reported ``pairs`` (objects with ``a``, ``b``,
    ``verdict`` and ``evidence``), numbered in order of their first version."""
    components = Components()
    for pair in pairs:
        a, b = documents[pair.a], documents[pair.b]
        contained = max(pair.evidence.a_in_b, pair.evidence.b_in_a)
        if is_version_pair(a, b, near_identical=pair.verdict == "duplicate" or contained >= NEAR_IDENTICAL,
                           overlapping=contained >= OVERLAPPING):
            components.union(a.id, b.id)
    stories = [_story(documents, ids) for ids in components.groups().values() if len(ids) >= 2]
    stories.sort(key=lambda s: (_time_key(documents[s.versions[0].id]), s.versions[0].id))
    return [Story(f"s{n}", s.outlet, s.title, s.versions) for n, s in enumerate(stories, start=1)]


def taken_versions(stories: Sequence[Story], pairs: Iterable[Any], documents: Mapping[str, Document]) -> list[Taken]:
    """For every article of another outlet paired with a story's versions: the version it is closest
    to, and a later correction it does not carry."""
    story_of = {v.id: s for s in stories for v in s.versions}
    best: dict[tuple[str, str], dict[str, float]] = {}
    for pair in pairs:
        for member, other in ((pair.a, pair.b), (pair.b, pair.a)):
            story = story_of.get(member)
            if story is not None and _key(documents[other].outlet or "") != _key(story.outlet):
                best.setdefault((other, story.id), {})[member] = _similarity(pair, other)
    out = []
    by_id = {s.id: s for s in stories}
    for (derived, story_id), scores in sorted(best.items()):
        story = by_id[story_id]
        order = {v.id: i for i, v in enumerate(story.versions)}
        # A copy cannot have taken a version sent after it (when both times are known).
        sent = {v.id for v in story.versions if _not_after(v.published, documents[derived].published)}
        possible = {v: score for v, score in scores.items() if v in sent} or scores
        version = max(possible, key=lambda v: (possible[v], order[v]))
        later = [v for v in story.versions[order[version] + 1:] if v.correction]
        missed = next((v.id for v in later if v.id not in possible or scores[v.id] < scores[version]), None)
        out.append(Taken(derived, story_id, version, missed))
    return out


def _not_after(version: str | None, copy: str | None) -> bool:
    sent, published = parse_published(version), parse_published(copy)
    return sent is None or published is None or sent <= published


def _story(documents: Mapping[str, Document], ids: list[str]) -> Story:
    docs = sorted((documents[i] for i in ids), key=lambda d: (_time_key(d), d.id))
    versions = tuple(Version(d.id, d.published, d.title, version_marker(d.title, d.text)) for d in docs)
    title = next((strip_marker(d.title) for d in docs if d.title), "")
    first_title = next((d.title for d in docs if d.title and not version_marker(d.title)), None)
    return Story("", str(docs[0].outlet), _unmarked(first_title or docs[0].title or "") or title, versions)


def _similarity(pair: Any, derived: str) -> float:
    """Share of the derived article's 5-grams found in the version: a correction note or an added
    paragraph in the version does not make a copy look further from it; a changed figure does."""
    ev = pair.evidence
    return float(ev.a_in_b if pair.a == derived else ev.b_in_a)


def _title_alike(a: str | None, b: str | None) -> bool:
    wa, wb = set(_WORD.findall(strip_marker(a))), set(_WORD.findall(strip_marker(b)))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= TITLE_ALIKE


def _time_key(doc: Document) -> str:
    when = parse_published(doc.published)
    return when.isoformat() if when is not None else "~"  # undated versions last


def _key(name: str) -> str:
    # letters and digits of every script, accents dropped ("ČTK" is CTK): keeping only a-z0-9 reduced
    # every Chinese, Arabic or Russian outlet name to "", so that all of them were one outlet
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())
