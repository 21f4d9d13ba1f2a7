"""Tests of ``benchmarks/read_residuals.py``: each feature's say on the read pairs beside the model's."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks.read_residuals import main, residual_gains
from dedup.features import FEATURES


def test_a_column_the_labels_follow_gains_and_noise_does_not():
    rng = np.random.default_rng(0)
    told = rng.normal(size=400)
    y = (told + 0.3 * rng.normal(size=400) > 0).astype(np.int64)
    log_odds = rng.normal(size=400)  # a model that knows nothing
    columns = np.c_[told, rng.normal(size=400), np.ones(400)]
    (gain_told, coef_told), (gain_noise, _), constant = residual_gains(log_odds, columns, y)
    assert gain_told > 0.2 and coef_told > 0
    assert gain_noise < 0.01
    assert constant == (0.0, 0.0)


def _training(folder, n=120):
    rng = np.random.default_rng(1)
    lines = []
    for k in range(n):
        x = np.zeros(len(FEATURES))
        x[FEATURES.index("cover_verbatim")] = rng.random()
        label = int(x[FEATURES.index("cover_verbatim")] > 0.5)
        lines.append(json.dumps({"a": f"a{k}", "b": f"b{k}", "channels": [], "dataset": "reuters", "group": f"g{k}",
                                 "kind": None, "label": label, "split": "train", "x": x.tolist(),
                                 "origin": "reuters:read-reuse" if label else "reuters:read-not"}))
    folder.mkdir()
    (folder / "pairs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_feature_the_readings_follow_tops_the_table(tmp_path, capsys):
    assert main(["--training", str(_training(tmp_path / "t")), "--floor", "0", "--top", "3"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| feature")]
    assert rows[0].startswith("| cover_verbatim |") and len(rows) == 3
    assert "tested: 120 pairs from 0.0" in out


@pytest.mark.parametrize("args, message", [
    (["--training", "{tmp}/none"], "no training set at"),
    (["--training", "{tmp}/t", "--extra", "{tmp}/none.npy"], "no file"),
    (["--training", "{tmp}/t", "--floor", "0.9999"], "too few pairs of each label"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    _training(tmp_path / "t")
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_extra_columns_of_another_length_are_refused(tmp_path, capsys):
    folder = _training(tmp_path / "t")
    np.save(tmp_path / "extra.npy", np.zeros(7))
    assert main(["--training", str(folder), "--floor", "0", "--extra", str(tmp_path / "extra.npy")]) == 2
    assert "has 7 rows, the training set 120 pairs" in capsys.readouterr().err
