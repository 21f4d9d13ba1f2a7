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

The credit check never makes a pair: it describes a pair the scan already reported, so an independent
report that cites Reuters for one fact is never called a copy by it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import urlparse

from dedup.documents import Document
from dedup.errors import InputError

__all__ = ["STATUSES", "NO_NAME", "NO_NAME_EITHER", "Agency", "CreditForm", "AgencyTable", "Mention", "Credit",
           "WireCopy", "load_agencies", "check_credit", "signed_agencies", "wire_copy"]

STATUSES = ("credited", "not credited", "unknown")
#: Why a credit is ``unknown`` when the source gives nothing to look for (see :func:`source_names`), and
#: the same said of both articles when the direction is unknown.
NO_NAME = "the source has no outlet, agency sign-off, byline or web address to look for"
NO_NAME_EITHER = "neither article has an outlet, agency sign-off, byline or web address to look for"
Span = tuple[int, int]
# A dateline credit of an agency the table does not know: "HARLOW (Global Wire) -".
_DATELINE_CREDIT = re.compile(r"(?:^|\n)[A-Z][A-Z .,'’-]{1,40}\(([A-Z][\w .&'’-]{1,40}?)\)\s*[-–—]")
#: Characters at either end of an article where datelines and sign-offs are looked for.
HEAD = 300
TAIL = 300


@dataclass(frozen=True)
class Agency:
    """A name an article may be credited by: an agency of the table, an outlet, or a byline."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...] = ()
    #: agency (from the table), outlet, byline (any occurrence credits) or web (domain only)
    kind: str = "agency"


@dataclass(frozen=True)
class CreditForm:
    """One way of crediting: ``pattern`` with ``{name}`` for any alias; ``kind`` is ``article`` (the whole
    article is credited) or ``statement`` (one statement is attributed); ``where`` is head, tail or any."""

    name: str
    kind: str
    where: str
    pattern: str


@dataclass(frozen=True)
class AgencyTable:
    """The known agencies and credit forms (see :func:`load_agencies`)."""

    agencies: tuple[Agency, ...]
    forms: tuple[CreditForm, ...]

    def find(self, outlet: str | None) -> Agency | None:
        """The agency an outlet name stands for (``"reuters"``, ``"Reuters"``, ``"ap"``), if any."""
        return _by_key(self.agencies).get(_key(outlet or ""))


@lru_cache(maxsize=8)
def _by_key(agencies: tuple[Agency, ...]) -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for agency in agencies:
        for name in (agency.name, *agency.aliases):
            out.setdefault(_key(name), agency)
    return out


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
    article credits that are not the source (a reprint of Reuters copy credited to AP).
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
        }


@dataclass(frozen=True)
class WireCopy:
    """A common source the later article may have taken a directed pair's text from, so that publication
    order alone does not show the earlier article to be the later one's source.

    ``agencies``: another agency's copy the texts credit (dateline or sign-off: "SURFERS PARADISE (Reuters)
    -"), none of them the source's own outlet; ``carried_by``: ``both`` (each text credits one of them),
    ``source`` or ``derived`` (that text alone does), None when no text credits one. ``articles``: articles
    of the corpus published before the source, of another outlet, reported with both (the scan's
    :func:`dedup.desk.earlier_common`): the later may have taken its text from one of them. ``apart``: sentences
    of the later text nearer the source's wording than any of those ``articles``' (the source's own text, which
    they do not have: :func:`dedup.desk.source_wording`; 0 when fewer than the desk counts as a sign), said in
    words; the claim stays "published first", as the text both share may come from a copy the corpus lacks."""

    agencies: tuple[str, ...]
    carried_by: str | None
    articles: tuple[str, ...] = ()
    apart: int = 0

    def said(self, source: str, derived: str) -> str:
        """The claim the evidence holds, in words, the articles named ``source`` and ``derived``.

        >>> WireCopy(("Reuters",), "both").said("coastal-post", "northern-chronicle")
        'both carry Reuters copy: northern-chronicle may have taken it from coastal-post or from Reuters'
        >>> WireCopy(("Reuters",), "source").said("coastal-post", "northern-chronicle")
        "coastal-post's text credits Reuters; northern-chronicle's may come from either"
        >>> WireCopy((), None, ("reuters-9421",)).said("coastal-post", "northern-chronicle")
        'reuters-9421, published before both, has the text too: northern-chronicle may have taken it from coastal-post or from reuters-9421'
        >>> WireCopy((), None, ("reuters-9421",), apart=3).said("coastal-post", "northern-chronicle").split("; ")[1]
        "but northern-chronicle has 3 sentences in coastal-post's words that reuters-9421 does not have, a sign it took from coastal-post"
        """
        wire = " and ".join(self.agencies)
        earlier = _named(self.articles)
        has, them = ("has", earlier) if len(self.articles) == 1 else ("have", "one of them")
        apart = (f"; but {derived} has {self.apart} sentences in {source}'s words that {earlier} "
                 f"{'does' if len(self.articles) == 1 else 'do'} not have, a sign it took from {source}") if self.apart else ""
        if not self.agencies:
            return f"{earlier}, published before both, {has} the text too: {derived} may have taken it from {source} or from {them}{apart}"
        also = f" (and {earlier}, published before both, {has} the text too)" if self.articles else ""
        if self.carried_by == "both":
            return f"both carry {wire} copy{also}: {derived} may have taken it from {source} or from {wire}{apart}"
        if self.carried_by == "source":
            return f"{source}'s text credits {wire}{also}; {derived}'s may come from either{apart}"
        return f"{derived}'s text credits {wire}{also}; it may come from {wire} rather than from {source}{apart}"

    def short(self, source: str, derived: str) -> str:
        """The same in a few words, for a table's cell: "both carry Reuters copy", "coastal-post credits
        Reuters", "reuters-9421 has it, earlier"; with the later's sentences in the source's own words: "reuters-9421
        has it, earlier; 3 sentences in coastal-post's own words"."""
        wire = " and ".join(self.agencies)
        apart = f"; {self.apart} sentences in {source}'s own words" if self.apart else ""
        if not self.agencies:
            return f"{_named(self.articles)} {'has' if len(self.articles) == 1 else 'have'} it, earlier{apart}"
        if self.carried_by == "both":
            return f"both carry {wire} copy{apart}"
        return f"{source if self.carried_by == 'source' else derived} credits {wire}{apart}"

    def to_dict(self, source: str, derived: str) -> dict[str, Any]:
        return {"agencies": list(self.agencies), "carried_by": self.carried_by, "articles": list(self.articles),
                "apart": self.apart, "text": self.said(source, derived)}


#: The most articles of a common source named in words (the JSON lists every one).
NAMED_ARTICLES = 2


def _named(articles: Sequence[str]) -> str:
    """``articles`` in words: "a", "a and b", "a, b and 3 others" (at most :data:`NAMED_ARTICLES` named)."""
    named = list(articles[:NAMED_ARTICLES])
    rest = len(articles) - len(named)
    if rest:
        return f"{', '.join(named)} and {rest} other{'s' if rest != 1 else ''}"
    return " and ".join(named)


def wire_copy(source: Document, derived: Document, table: AgencyTable | None = None) -> WireCopy | None:
    """Whether the pair's texts credit an agency other than the source's outlet, so that "``derived`` took
    from ``source``", told by publication order, may be false (None: neither does).

    A copy that carries an agency's dateline or sign-off is that agency's story: two clients' copies of one
    Reuters story, published an hour apart, were said to be one taken from the other. In the syndication
    set every such pair of clients took from Reuters; none took from the other. Only the article forms
    count (a dateline, a sign-off), not an attribution of one statement, and not the source's own outlet
    (Reuters' story crediting Reuters is its own copy); a source whose outlet is not known (a file compared
    alone) may be the agency's own copy, and is read as its text says (None).

    >>> src = Document("c", "SURFERS PARADISE (Reuters) - Surfers returned on Monday.", outlet="coastal-post")
    >>> wire_copy(src, Document("n", "Surfers returned on Monday.", outlet="northern-chronicle"))
    WireCopy(agencies=('Reuters',), carried_by='source', articles=(), apart=0)
    >>> wire_copy(Document("r", src.text, outlet="reuters"), Document("n", src.text, outlet="x")) is None
    True
    """
    table = table or load_agencies()
    if not source.outlet or (derived.outlet and _key(source.outlet) == _key(derived.outlet)):
        return None  # a source of no known outlet may be the agency's own copy; one outlet's two are its own
    # a text crediting its own outlet's agency (Reuters' story signed Reuters) names no third source
    by_source = _wire_credits(source.text, table) - _own_keys(source.outlet, table)
    by_derived = _wire_credits(derived.text, table) - _own_keys(source.outlet, table) - _own_keys(derived.outlet, table)
    if not by_source and not by_derived:
        return None
    if by_source and by_derived:  # the agencies both credit, else each one's
        keys, carried = (set(by_source) & set(by_derived)) or set(by_source) | set(by_derived), "both"
    else:
        keys, carried = set(by_source or by_derived), "source" if by_source else "derived"
    shown = {**by_derived, **by_source}
    return WireCopy(tuple(sorted(shown[k] for k in keys)), carried)


def _own_keys(outlet: str | None, table: AgencyTable) -> set[str]:
    """The keys the source's outlet goes by: its name, and its agency's names and aliases when it is one."""
    if not outlet:
        return set()
    agency = table.find(outlet)
    return {_key(outlet)} | ({_key(n) for n in (agency.name, *agency.aliases)} if agency else set())


class _Credits(dict):  # type: ignore[type-arg]
    """Agencies a text credits, by key (:func:`_key`) to the name shown; ``-`` takes keys away."""

    def __sub__(self, keys: set[str]) -> "_Credits":
        return _Credits({k: v for k, v in self.items() if k not in keys})


def _wire_credits(text: str, table: AgencyTable) -> _Credits:
    """The agencies ``text`` credits as its story's source, in a dateline or sign-off: the table's, and a
    dateline's agency the table does not know ("HARLOW (Global Wire) -")."""
    found = _Credits({_key(a.name): a.name for a in signed_agencies(text, table)})
    dateline = _DATELINE_CREDIT.search(text[:HEAD])
    if dateline:
        agency = table.find(dateline.group(1))
        name = agency.name if agency else dateline.group(1).strip()
        if _key(name):
            found.setdefault(_key(name), name)
    return found


def load_agencies(path: str | Path | None = None) -> AgencyTable:
    """The agency table: the packaged ``dedup/data/agencies.json``, or an edited copy at ``path``."""
    if path is None:
        return _packaged()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the agency table ({exc}); start from dedup/data/agencies.json") from exc
    return _table(raw, str(path))


@lru_cache(maxsize=1)
def _packaged() -> AgencyTable:
    text = resources.files("dedup").joinpath("data/agencies.json").read_text(encoding="utf-8")
    return _table(json.loads(text), "dedup/data/agencies.json")


def _table(raw: Any, where: str) -> AgencyTable:
    try:
        agencies = tuple(Agency(str(a["name"]), tuple(map(str, a.get("aliases") or [a["name"]])),
                                tuple(map(str, a.get("domains") or ()))) for a in raw["agencies"])
        forms = tuple(CreditForm(str(f["name"]), str(f["kind"]), str(f.get("where", "any")), str(f["pattern"]))
                      for f in raw["forms"])
        for form in forms:
            re.compile(form.pattern.replace("{name}", "X"))
    except (KeyError, TypeError, re.error) as exc:
        raise InputError(f"{where}: malformed agency table ({exc}); each agency needs a name and aliases, "
                         "each form a name, kind and pattern") from exc
    return AgencyTable(agencies, forms)


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
    if source.outlet and derived.outlet and _key(source.outlet) == _key(derived.outlet):
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
        return Credit("credited", looked, name, form, span, text[span[0]:span[1]],
                      _credited_words(name, form, source, names), mentions, tuple(others))
    reason = f"no credit to {' or '.join(looked)}" + (f"; credits {', '.join(others)} instead" if others else "")
    return Credit("not credited", looked, reason=reason, mentions=mentions, other_credits=tuple(others))


def _credited_words(name: str, form: str, source: Document, names: Sequence[Agency]) -> str:
    """The reason of a credit found: whom it credits. A credit of an agency the source's text credits, not of
    the source's outlet, is said so ("credits Reuters (dateline), the agency coastal-post's text credits, not
    coastal-post itself"): it credits the source's source, and read "credited" alone it was taken for a
    credit of the outlet the later text may never have seen.

    >>> src = Document("c", "SURFERS PARADISE (Reuters) - Surfers returned.", outlet="coastal-post")
    >>> check_credit(src, Document("n", "SYDNEY (Reuters) - Surfers returned.", outlet="northern-chronicle")).reason
    "credits Reuters (dateline), the agency coastal-post's text credits, not coastal-post itself"
    """
    outlet = names[0] if source.outlet and names else None
    if outlet is None or name == outlet.name or not any(n.name == name and n.kind in ("agency", "signed") for n in names[1:]):
        return f"credits {name} ({form})"
    return f"credits {name} ({form}), the agency {source.outlet}'s text credits, not {source.outlet} itself"


def source_names(source: Document, table: AgencyTable) -> list[Agency]:
    """Every name the source may be credited by (outlet, signed agencies, byline), most specific first."""
    names: list[Agency] = []
    if source.outlet:
        agency = table.find(source.outlet)
        names.append(agency or Agency(source.outlet, _outlet_aliases(source.outlet), kind="outlet"))
    names.extend(a for a in signed_agencies(source.text, table) if a not in names)
    dateline = _DATELINE_CREDIT.search(source.text[:HEAD])
    if dateline and not any(_key(dateline.group(1)) in {_key(x) for x in (n.name, *n.aliases)} for n in names):
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
            if any(s <= m.start() < e for s, e in attributions):
                why = "attributes a statement the source does not have (a sentence not taken from it)"
            else:
                why = "named, but not in a credit form (dateline, sign-off, credit line or attribution)"
            out.append(Mention(agency.name, m.span(), why))
    return tuple(sorted(out, key=lambda m: m.span))


def _other_credits(text: str, names: Sequence[Agency], table: AgencyTable, taken: Sequence[Span] | None) -> set[str]:
    """Agencies of the table, other than the source's names, that the text credits."""
    mine = {n.name for n in names}
    named = _present(text, table.agencies)  # one pass over the text; most articles name no agency
    out = set()
    for form in table.forms if named else ():
        for agency, span in _search_many(text, named, form):
            if agency.name in mine or form.kind == "statement" and taken is not None and not _inside(span, taken):
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
    key = _key(outlet)
    return (f"~{key}",) if len(key) >= 4 else (outlet,)


def _inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(s <= span[0] < e for s, e in spans)


def _key(name: str) -> str:
    # letters and digits of every script, accents dropped ("ČTK" is CTK): keeping only a-z0-9 reduced
    # every Chinese, Arabic or Russian outlet name to "", so that all of them were one outlet
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())
