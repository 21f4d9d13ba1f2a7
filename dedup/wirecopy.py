"""A common source in sight: another agency's copy a directed pair's texts credit, or an earlier article reported
with both, so that publication order alone does not show the earlier article to be the later one's source
(:class:`WireCopy`, :func:`wire_copy`; the earlier articles are :func:`dedup.desk.earlier_common`'s)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from dedup.agencies import AgencyTable, load_agencies, name_key
from dedup.credit import DATELINE_CREDIT, HEAD, signed_agencies
from dedup.documents import Document

__all__ = ["WireCopy", "NAMED_ARTICLES", "wire_copy"]


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
    if not source.outlet or (derived.outlet and name_key(source.outlet) == name_key(derived.outlet)):
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
    return {name_key(outlet)} | ({name_key(n) for n in (agency.name, *agency.aliases)} if agency else set())


class _Credits(dict):  # type: ignore[type-arg]
    """Agencies a text credits, by key (:func:`dedup.agencies.name_key`) to the name shown; ``-`` takes keys away."""

    def __sub__(self, keys: set[str]) -> "_Credits":
        return _Credits({k: v for k, v in self.items() if k not in keys})


def _wire_credits(text: str, table: AgencyTable) -> _Credits:
    """The agencies ``text`` credits as its story's source, in a dateline or sign-off: the table's, and a
    dateline's agency the table does not know ("HARLOW (Global Wire) -")."""
    found = _Credits({name_key(a.name): a.name for a in signed_agencies(text, table)})
    dateline = DATELINE_CREDIT.search(text[:HEAD])
    if dateline:
        agency = table.find(dateline.group(1))
        name = agency.name if agency else dateline.group(1).strip()
        if name_key(name):
            found.setdefault(name_key(name), name)
    return found

