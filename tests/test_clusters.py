from __future__ import annotations

from dedup.clusters import Edge, build_clusters


def test_strong_edges_group_articles() -> None:
    clusters = build_clusters([Edge("a", "b", "duplicate", 0.9), Edge("b", "c", "rewrite", 0.5)])
    assert [c.members for c in clusters] == [("a", "b", "c")]
    assert clusters[0].id == "c1"


def test_partial_edges_never_bridge_two_clusters() -> None:
    edges = [
        Edge("a", "b", "duplicate", 0.9),
        Edge("x", "y", "duplicate", 0.9),
        Edge("hub", "a", "partial", 0.4),
        Edge("hub", "x", "partial", 0.3),
    ]
    clusters = build_clusters(edges)
    assert [c.members for c in clusters] == [("a", "b", "hub"), ("x", "y")]


def test_order_of_edges_does_not_matter() -> None:
    edges = [Edge("a", "b", "duplicate", 0.9), Edge("c", "d", "partial", 0.2), Edge("b", "e", "rewrite", 0.5)]
    assert build_clusters(edges) == build_clusters(list(reversed(edges)))
