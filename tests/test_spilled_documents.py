"""A corpus's articles held in little memory or spilled to temporary files (dedup/spilled_documents.py)."""

from __future__ import annotations

import pytest

from dedup.documents import Document


def test_documents_keep_texts_in_a_file_past_the_spill() -> None:
    import pickle

    from dedup.spilled_documents import Documents, texts_of, with_ids

    docs = [Document(f"d{k}", f"Text number {k}: caf\u00e9 \u05e9\u05dc\u05d5\u05dd \ud800.", title=f"t{k}",
                     meta={"k": k}) for k in range(5)]
    held = Documents(docs, spill=10**6)
    assert not held.spilled and list(held) == docs
    stored = Documents(docs[:2], spill=60)  # the third text takes them past 60 characters: all go to the file
    assert not stored.spilled
    for doc in docs[2:]:
        stored.append(doc)
    assert stored.spilled and stored == docs and stored == tuple(docs) and stored != docs[:4]
    assert stored[-1] == docs[-1] and stored[1:4] == docs[1:4] and stored.text(3) == docs[3].text
    assert stored.lengths() == [len(d.text) for d in docs]
    assert texts_of(stored)[::2] == [d.text for d in docs[::2]] and texts_of(docs)[1] == docs[1].text
    assert with_ids(stored, {"d4", "d0"}) == [docs[0], docs[4]] == with_ids(docs, {"d0", "d4"})
    copy = pickle.loads(pickle.dumps(stored))  # another process gets the articles themselves
    assert not copy.spilled and copy == docs
    try:
        stored[5]
    except IndexError:
        pass
    else:
        raise AssertionError("an index past the end must raise IndexError")


def test_documents_hold_their_ids_packed_and_give_them_back_whole() -> None:
    from dedup.spilled_documents import Documents, with_ids

    ids = ["a", "caf\u00e9-\u05e9\u05dc\u05d5\u05dd", "lone \ud800 surrogate", "", "z" * 300]
    docs = [Document(doc_id, f"Text {k}.") for k, doc_id in enumerate(ids)]
    ids = [doc.id for doc in docs]  # the lone surrogate as U+FFFD
    for spill in (None, 0):
        stored = Documents(docs, spill=spill)
        assert [stored.id(k) for k in range(len(ids))] == ids and stored.id(-1) == ids[-1]
        assert len(stored._id_bytes) < sum(len(i) for i in ids) + 20  # bytes, not a string object an id
        assert with_ids(stored, {ids[2], ids[1], "missing"}) == docs[1:3]


def test_spilled_documents_hold_nothing_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once spilled, where each article lies waits in a file of its own past a block of them: articles,
    ids and lengths read back whole, from the file and from the block still held alike."""
    from dedup import spilled_documents
    from dedup.spilled_documents import ENTRY_FIELDS, Documents, with_ids

    monkeypatch.setattr(spilled_documents, "INDEX_BLOCK", 4)
    docs = [Document(f"id-{k}-caf\u00e9" * (1 + k % 3), f"Text {k} \u05e9\u05dc\u05d5\u05dd." * (1 + k % 5),
                     meta={"k": k}) for k in range(23)]
    stored = Documents(docs[:3], spill=30)
    for doc in docs[3:]:
        stored.append(doc)
    assert stored.spilled and len(stored._entries) < 4 * ENTRY_FIELDS  # noqa: SLF001
    assert len(stored._id_bytes) < 4 * 40 and not stored._chars and not stored._held  # noqa: SLF001
    assert list(stored) == docs and stored[-1] == docs[-1] and stored.text(21) == docs[21].text
    assert [stored.id(k) for k in range(23)] == [d.id for d in docs]
    assert stored.lengths() == [len(d.text) for d in docs]
    assert stored.lengths_of([22, 0, 9, 9]).tolist() == [len(docs[k].text) for k in (22, 0, 9, 9)]
    assert with_ids(stored, {docs[22].id, docs[1].id, docs[13].id}) == [docs[1], docs[13], docs[22]]
    with pytest.raises(IndexError, match="there are 23"):
        stored.lengths_of([23])


def test_held_documents_give_their_lengths_by_number() -> None:
    from dedup.spilled_documents import Documents

    docs = [Document(str(k), "x" * (k + 1)) for k in range(4)]
    assert Documents(docs).lengths_of([3, 1]).tolist() == [4, 2]
    assert Documents().lengths_of([]).tolist() == [] and Documents().lengths() == []
