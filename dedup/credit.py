"""Credit: does the derived article of a reported pair credit its source?

A syndication desk asks which clients ran its copy without crediting it. The answer is looked for in
the derived text, under every name the source goes by:

* the source's outlet, and the agency it is, when the outlet is one of the known agencies
  (``dedup/data/agencies.json``: names, aliases, web domains, and the credit forms);
* the agencies the source itself signs or datelines (a newspaper's story ending "| BGNES" is BGNES copy,
  so crediting BGNES credits it);
* the source's byline (``meta["byline"]`` or ``meta["author"]``) and its web address.

A name counts as a credit only in a credit form: a dateline or sign-off ("BRUSSELS (Reuters) -",
"| BGNES", "- AP"), a credit line ("Source: AFP", "(Reuters)", "Reuters contributed reporting"), a link
to the source, its byline, or an attribution ("according to Reuters", "told AP", "Xinhua reported").
An attribution credits one statement, not the article: it counts only inside a sentence that the
alignment traced to the source (given as ``taken``); in the derived article's own sentences it credits
the agency for something else, and is listed as a mention. Any other occurrence of a name (a company
called Reuters in a business story) is a mention, never a credit.

The agency table is :mod:`dedup.agencies`'s; whether the texts credit another agency's copy (a common
source), :mod:`dedup.wirecopy`'s. The credit check never makes a pair: it describes a pair the scan already reported, so an independent
report that cites Reuters for one fact is never called a copy by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence
from urllib.parse import urlparse

from dedup.agencies import Agency, AgencyTable, CreditForm, load_agencies, name_key
from dedup.documents import Document

__all__ = ["STATUSES", "NO_NAME", "NO_NAME_EITHER", "DATELINE_CREDIT", "HEAD", "TAIL", "Mention", "Credit",
           "check_credit", "signed_agencies", "source_names"]

STATUSES = ("credited", "not credited", "unknown")
#: Why a credit is ``unknown`` when the source gives nothing to look for (see :func:`source_names`), and
#: the same said of both articles when the direction is unknown.
NO_NAME = "the source has no outlet, agency sign-off, byline or web address to look for"
NO_NAME_EITHER = "neither article has an outlet, agency sign-off, byline or web address to look for"
Span = tuple[int, int]
# A dateline credit of an agency the table does not know: "HARLOW (Global Wire) -".
DATELINE_CREDIT = re.compile(r"(?:^|\n)[A-Z][A-Z .,'’-]{1,40}\(([A-Z][\w .&'’-]{1,40}?)\)\s*[-–—]")
#: Characters at either end of an article where datelines and sign-offs are looked for.
HEAD = 300
TAIL = 300
#: A picture's credit ("Photo: AFP/Getty Images", "Getty Images/AFP", "REUTERS/Tom Little", "Picture credit:
#: Reuters"): it credits the photograph, not the text, so the name is a mention, and it never makes the text another
#: agency's copy.
PHOTO_BEFORE = re.compile(r"\b(?i:photo(?:graph)?s?|pictures?|pics?|images?|file photo)(?:\s+(?i:credit|by|courtesy(?:\s+of)?))?\s*[:/]?\s*$")
PHOTO_AFTER = re.compile(r"\s*/\s*(?:Getty|[A-Z][\w.'’-]+\s+[A-Z][\w.'’-]+|(?i:file\b|pool\b|handout\b))")
PHOTO_WHY = "a photo credit: it credits a picture, not the text"


@dataclass(frozen=True)
class Mention:
    """A name found in the derived text that is not a credit, and why not."""

    name: str
    span: Span
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "span": list(self.span), "why": self.why}


@dataclass(frozen=True)
class Credit:
    """Whether the derived article credits the source: ``status`` is one of :data:`STATUSES`.

    ``span`` and ``form`` point at the credit found (character offsets into the derived text);
    ``names`` are the names the source was looked for under; ``other_credits`` are agencies the derived
    article credits that are not the source (a reprint of Reuters copy credited to AP). ``later_version`` is the
    story's id when the derived article is a later version of its own outlet's story, first sent before the source
    (set by :mod:`dedup.desk`, which tells the versions): it took nothing from the source. A field, not words of
    ``reason``: the reports read it, and a reason may be worded anew. ``agency_of`` is the source's outlet when the
    name credited is not it but an agency its text credits (the source's source, :func:`_credited_words`).
    """

    status: str
    names: tuple[str, ...] = ()
    credited: str | None = None
    form: str | None = None
    span: Span | None = None
    text: str | None = None
    reason: str = ""
    mentions: tuple[Mention, ...] = ()
    other_credits: tuple[str, ...] = field(default=())
    later_version: str | None = None
    agency_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "credited": self.credited,
            "form": self.form,
            "span": list(self.span) if self.span else None,
            "text": self.text,
            "names": list(self.names),
            "reason": self.reason,
            "mentions": [m.to_dict() for m in self.mentions],
            "other_credits": list(self.other_credits),
            "later_version": self.later_version,
            "agency_of": self.agency_of,
        }


def check_credit(source: Document, derived: Document, *, taken: Sequence[Span] | None = None,
                 table: AgencyTable | None = None) -> Credit:
    """Whether ``derived`` credits ``source``; ``taken`` are the derived spans traced to the source.

    >>> src = Document("w", "Talks resumed on Monday, officials said. | BGNES")
    >>> check_credit(src, Document("d", "Talks resumed on Monday, officials said.")).status
    'not credited'
    >>> check_credit(src, Document("e", "Talks resumed on Monday, officials said (BGNES).")).status
    'credited'
    """
    table = table or load_agencies()
    if source.outlet and derived.outlet and name_key(source.outlet) == name_key(derived.outlet):
        return Credit("unknown", reason=f"both articles are {source.outlet}'s own copy")
    names = source_names(source, table)
    if not names:
        return Credit("unknown", reason=NO_NAME)
    text = derived.text
    found = _credits(text, names, table, taken)
    mentions = _mentions(text, names, found, table, taken)
    others = sorted(_other_credits(text, names, table, taken))
    looked = tuple(n.name for n in names)
    if found:
        name, form, span = found[0]
        via = _agency_of(name, source, names)
        return Credit("credited", looked, name, form, span, text[span[0]:span[1]],
                      _credited_words(name, form, via), mentions, tuple(others), agency_of=via)
    reason = f"no credit to {' or '.join(looked)}" + (f"; credits {', '.join(others)} instead" if others else "")
    return Credit("not credited", looked, reason=reason, mentions=mentions, other_credits=tuple(others))


def _agency_of(name: str, source: Document, names: Sequence[Agency]) -> str | None:
    """The source's outlet when the ``name`` credited is not it but an agency the source's text credits (signs or
    datelines): the credit is of the source's source (``Credit.agency_of``); None otherwise."""
    outlet = names[0] if source.outlet and names else None
    if outlet is None or name == outlet.name or not any(n.name == name and n.kind in ("agency", "signed") for n in names[1:]):
        return None
    return source.outlet


def _credited_words(name: str, form: str, agency_of: str | None) -> str:
    """The reason of a credit found: whom it credits. A credit of an agency the source's text credits, not of
    the source's outlet (``agency_of``), is said so ("credits Reuters (dateline), the agency coastal-post's text
    credits, not coastal-post itself"): it credits the source's source, and read "credited" alone it was taken for
    a credit of the outlet the later text may never have seen.

    >>> src = Document("c", "SURFERS PARADISE (Reuters) - Surfers returned.", outlet="coastal-post")
    >>> check_credit(src, Document("n", "SYDNEY (Reuters) - Surfers returned.", outlet="northern-chronicle")).reason
    "credits Reuters (dateline), the agency coastal-post's text credits, not coastal-post itself"
    """
    if agency_of is None:
        return f"credits {name} ({form})"
    return f"credits {name} ({form}), the agency {agency_of}'s text credits, not {agency_of} itself"


def source_names(source: Document, table: AgencyTable) -> list[Agency]:
    """Every name the source may be credited by (outlet, signed agencies, byline), most specific first."""
    names: list[Agency] = []
    if source.outlet:
        agency = table.find(source.outlet)
        names.append(agency or Agency(source.outlet, _outlet_aliases(source.outlet), kind="outlet"))
    names.extend(a for a in signed_agencies(source.text, table) if a not in names)
    dateline = DATELINE_CREDIT.search(source.text[:HEAD])
    if dateline and not any(name_key(dateline.group(1)) in {name_key(x) for x in (n.name, *n.aliases)} for n in names):
        names.append(Agency(dateline.group(1), (dateline.group(1),), kind="signed"))
    meta = source.meta or {}
    byline = str(meta.get("byline") or meta.get("author") or "").strip()
    byline = re.sub(r"^(?i:by)\s+", "", byline)
    if len(byline) >= 4:
        names.append(Agency(byline, (byline,), kind="byline"))
    host = _host(source.url)
    if host:
        names.append(Agency(host, (), (host,), kind="web"))
    return names


def _host(url: str | None) -> str:
    """The web host of a URL (``www.`` dropped); "" for none or a malformed one (input is untrusted)."""
    try:
        return (urlparse(url).hostname or "").removeprefix("www.") if url else ""
    except ValueError:
        return ""


def signed_agencies(text: str, table: AgencyTable) -> list[Agency]:
    """Agencies whose dateline or sign-off the text carries (its head or tail, article forms only)."""
    return list(_signed(text, table))


@lru_cache(maxsize=4096)
def _signed(text: str, table: AgencyTable) -> tuple[Agency, ...]:
    ends = text[:HEAD] + "\n" + text.rstrip()[-TAIL:]
    named = _present(ends, table.agencies)
    found = {agency.name for form in table.forms if named and form.kind == "article" and form.where in ("head", "tail")
             for agency, _ in _search_many(text, named, form)}
    return tuple(a for a in table.agencies if a.name in found)


@lru_cache(maxsize=4096)
def _present(text: str, agencies: tuple[Agency, ...]) -> tuple[Agency, ...]:
    """The agencies any of whose aliases occur in ``text`` at all."""
    regex, lookup = _combined("{name}", agencies)
    found = {lookup[k].name for k in {_alias_key(m.group("who")) for m in regex.finditer(text)} if k in lookup}
    return tuple(a for a in agencies if a.name in found)


@lru_cache(maxsize=4096)
def _search_many(text: str, agencies: tuple[Agency, ...], form: CreditForm) -> tuple[tuple[Agency, Span], ...]:
    """Credits in one form to any of ``agencies``, with one regular expression for all of them (a
    scan checks every pair's derived text against the whole table)."""
    regex, lookup = _combined(form.pattern, agencies)
    head, offset = _part(text, form.where)
    out = []
    for m in regex.finditer(head):
        agency = lookup.get(_alias_key(m.group("who")))
        if agency is not None:
            out.append((agency, (offset + m.start(), offset + m.end())))
    return tuple(out)  # cached: a derived article is checked against each of its sources


@lru_cache(maxsize=64)
def _combined(pattern: str, agencies: tuple[Agency, ...]) -> tuple[re.Pattern[str], dict[str, Agency]]:
    aliases = tuple(a for agency in agencies for a in agency.aliases)
    lookup: dict[str, Agency] = {}
    for agency in agencies:
        for alias in agency.aliases:
            lookup.setdefault(_alias_key(alias), agency)
    return re.compile(pattern.replace("{name}", f"(?P<who>{_alias_pattern(aliases)})")), lookup


def _alias_key(alias: str) -> str:
    return " ".join(alias.lower().split())


def _part(text: str, where: str) -> tuple[str, int]:
    if where == "head":
        return text[:HEAD], 0
    if where == "tail":
        body = text.rstrip()
        offset = max(0, len(body) - TAIL)
        return body[offset:], offset
    return text, 0


def _credits(text: str, names: Iterable[Agency], table: AgencyTable,
             taken: Sequence[Span] | None) -> list[tuple[str, str, Span]]:
    """(name, form, span) of every credit to one of ``names``, article forms first, then by position."""
    found: list[tuple[int, int, str, str, Span]] = []
    for agency in names:
        for domain in agency.domains:
            for m in re.finditer(rf"(?i)\b{re.escape(domain)}\b", text):
                found.append((0, m.start(), agency.name, "link", m.span()))
        if not agency.aliases or not _alias_re(agency).search(text):
            continue
        for form in table.forms:
            for span in _search(text, agency, form):
                if form.kind == "statement" and taken is not None and not _inside(span, taken):
                    continue
                if _names_a_photo(text, span, agency):
                    continue
                found.append((0 if form.kind == "article" else 1, span[0], agency.name, form.name, span))
        if agency.kind == "byline":
            for m in _alias_re(agency).finditer(text):
                found.append((0, m.start(), agency.name, "byline", m.span()))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    return [(name, form, span) for _, _, name, form, span in found]


def _mentions(text: str, names: Iterable[Agency], credits: list[tuple[str, str, Span]], table: AgencyTable,
              taken: Sequence[Span] | None) -> tuple[Mention, ...]:
    """Names found outside any credit: attributions in the derived article's own sentences, other uses."""
    credited = [span for _, _, span in credits]
    out: list[Mention] = []
    for agency in names:
        if not agency.aliases or not _alias_re(agency).search(text):
            continue
        attributions = [s for f in table.forms if f.kind == "statement" for s in _search(text, agency, f)]
        for m in _alias_re(agency).finditer(text):
            if any(s <= m.start() < e for s, e in credited):
                continue
            if is_photo_credit(text, m.span()):
                why = PHOTO_WHY
            elif any(s <= m.start() < e for s, e in attributions):
                why = "attributes a statement the source does not have (a sentence not taken from it)"
            else:
                why = "named, but not in a credit form (dateline, sign-off, credit line or attribution)"
            out.append(Mention(agency.name, m.span(), why))
    return tuple(sorted(out, key=lambda m: m.span))


def is_photo_credit(text: str, span: Span) -> bool:
    """Whether the name at ``span`` credits a picture: after "Photo:" or "Picture credit", or before "/Getty Images"
    or a photographer's name ("REUTERS/Tom Little"), as captions write it.

    >>> is_photo_credit("Ships wait. Photo: AFP/Getty Images", (19, 22))
    True
    >>> is_photo_credit("Ships wait, AFP reported.", (12, 15))
    False
    """
    line_start = text.rfind("\n", 0, span[0]) + 1
    return bool(PHOTO_BEFORE.search(text[max(line_start, span[0] - 40):span[0]]) or PHOTO_AFTER.match(text, span[1]))


def _names_a_photo(text: str, span: Span, agency: Agency) -> bool:
    """Whether the agency's name inside a credit form's ``span`` is a picture's credit ("Getty Images/AFP")."""
    name = _alias_re(agency).search(text, span[0], span[1])
    return name is not None and is_photo_credit(text, name.span())


def _other_credits(text: str, names: Sequence[Agency], table: AgencyTable, taken: Sequence[Span] | None) -> set[str]:
    """Agencies of the table, other than the source's names, that the text credits."""
    mine = {n.name for n in names}
    named = _present(text, table.agencies)  # one pass over the text; most articles name no agency
    out = set()
    for form in table.forms if named else ():
        for agency, span in _search_many(text, named, form):
            if agency.name in mine or form.kind == "statement" and taken is not None and not _inside(span, taken):
                continue
            if _names_a_photo(text, span, agency):
                continue
            out.add(agency.name)
    return out


@lru_cache(maxsize=4096)
def _search(text: str, agency: Agency, form: CreditForm) -> tuple[Span, ...]:
    if not agency.aliases:
        return ()
    part, offset = _part(text, form.where)
    return tuple((offset + m.start(), offset + m.end()) for m in _form_re(form.pattern, agency.aliases).finditer(part))


@lru_cache(maxsize=4096)
def _form_re(pattern: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(pattern.replace("{name}", _alias_pattern(aliases)))


def _alias_re(agency: Agency) -> re.Pattern[str]:
    return _form_re("{name}", agency.aliases)


def _alias_pattern(aliases: tuple[str, ...]) -> str:
    """Any of the aliases as a whole word; short all-capital ones ("AP", "PA") in capitals only, so that
    "ap" or "Pa." never read as an agency."""
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        if alias.startswith("~"):
            parts.append("(?i:" + r"[\s-]?".join(re.escape(c) for c in alias[1:]) + ")")
            continue
        body = r"\s+".join(re.escape(w) for w in alias.split())
        strict = alias.isupper() and len(alias) <= 5
        parts.append(body if strict else f"(?i:{body})")
    return rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])"


def _outlet_aliases(outlet: str) -> tuple[str, ...]:
    """An outlet folder name as text may write it: ``globalwire`` is also "Global Wire" and
    "global-wire" (``~`` marks an alias matched letter by letter, spaces and hyphens optional)."""
    key = name_key(outlet)
    return (f"~{key}",) if len(key) >= 4 else (outlet,)


def _inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(s <= span[0] < e for s, e in spans)
