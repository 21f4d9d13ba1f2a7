"""Clusters: groups of articles that carry the same copied story.

Plain connected components chain unrelated stories through one article that touches both (a roundup
quoting two wire stories, a template-like notice). So clusters grow only along *strong* edges
(``duplicate`` and ``rewrite``: the two texts are the same story), and an article linked only by a
``partial`` edge joins the cluster of its strongest partner without ever merging two clusters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

__all__ = ["Edge", "Cluster", "Components", "build_clusters"]

STRONG = frozenset({"duplicate", "rewrite"})


@dataclass(frozen=True)
class Edge:
    """A reported pair seen as an edge: its two document ids, verdict and a strength for tie-breaks."""

    a: str
    b: str
    verdict: str
    strength: float


@dataclass(frozen=True)
class Cluster:
    """Articles that carry the same story; ``id`` is stable (``c`` + the smallest member id's rank)."""

    id: str
    members: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "members": list(self.members), "size": len(self.members)}


class Components:
    """Union-find over article ids: ``union(a, b)`` joins two groups (the smaller root id names the
    joined group, so the result does not depend on the order of the unions); ``groups()`` lists them.

    >>> c = Components(); c.union("b", "a"); c.union("c", "b"); c.find("c")
    'a'
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def __contains__(self, x: object) -> bool:
        return x in self.parent

    def groups(self) -> dict[str, list[str]]:
        """Members of each group, by root, in the order the ids were first seen."""
        out: dict[str, list[str]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return out


def build_clusters(edges: Iterable[Edge]) -> list[Cluster]:
    """Clusters of two or more articles, sorted by size (largest first), then by first member.

    >>> e = [Edge("a", "b", "duplicate", 0.9), Edge("b", "c", "partial", 0.3), Edge("x", "c", "partial", 0.2)]
    >>> [c.members for c in build_clusters(e)]
    [('a', 'b', 'c')]
    """
    ordered = sorted(edges, key=lambda e: (-e.strength, min(e.a, e.b), max(e.a, e.b)))
    strong = Components()
    for edge in ordered:
        if edge.verdict in STRONG:
            strong.union(edge.a, edge.b)
    in_strong = set(strong.parent)
    find = strong.find
    attached: dict[str, str] = {}
    for edge in ordered:
        if edge.verdict in STRONG:
            continue
        for member, partner in ((edge.a, edge.b), (edge.b, edge.a)):
            # A partial-only article joins its strongest partner's group; it never bridges two groups.
            if member not in in_strong and member not in attached and partner not in attached:
                attached[member] = find(partner)
                break
    groups = strong.groups()
    for member, root in attached.items():
        groups.setdefault(find(root), [root] if root not in strong else []).append(member)
    return _numbered(g for g in groups.values() if len(set(g)) >= 2)


def _numbered(groups: Iterable[Sequence[str]]) -> list[Cluster]:
    sorted_groups = sorted((tuple(sorted(set(g))) for g in groups), key=lambda g: (-len(g), g))
    return [Cluster(f"c{i + 1}", members) for i, members in enumerate(sorted_groups)]
