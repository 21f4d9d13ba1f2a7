"""Named texts the sentence scores' tests share (tests/test_pair_scores.py, tests/test_sentence_tables.py,
tests/test_pair_join.py):
a flood story, a reordered copy of it, an unrelated one. Written for these tests. And :func:`reworded`, a text
reworded by rule (tests/test_candidates.py, tests/test_index_collisions.py)."""

import numpy as np


def reworded(text: str, seed: int) -> str:
    """Every fourth word of ``text`` replaced, and neighbouring words swapped here and there."""
    rng = np.random.default_rng(seed)
    words = text.split()
    words = [f"new{seed}x{k}" if k % 4 == 3 else w for k, w in enumerate(words)]
    for k in rng.choice(len(words) - 1, len(words) // 8, replace=False):
        words[k], words[k + 1] = words[k + 1], words[k]
    return " ".join(words)


SOURCE = (
    "Heavy rain flooded the Danube valley on Monday, forcing 2,300 people from their homes.\n\n"
    "Officials in Linz said the river rose 4.5 metres overnight. Rescue teams used boats to reach villages.\n\n"
    "The national weather service expects more rain on Wednesday."
)
COPY = (
    "Officials in Linz said the river rose 4.5 metres overnight, local media reported.\n\n"
    "Heavy rain flooded the Danube valley on Monday and forced 2,300 people from their homes. "
    "Rescue teams used boats to reach villages."
)
OTHER = "The central bank left its key rate unchanged on Thursday. Analysts had expected a cut of 25 basis points."
