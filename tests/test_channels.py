"""dedup.channels: a channel's settings checked, the passage settings."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from dedup.channels import DEFAULT_CHANNELS, SPARSE_CHANNELS, ChannelSpec, channels_for, passage_setting
from dedup.errors import SettingsError


def test_channel_spec_validates() -> None:
    with pytest.raises(SettingsError, match="window"):
        ChannelSpec("p", window=2)


@pytest.mark.parametrize("spec, message", [
    (dict(min_bands=2), "passage windows"),
    (dict(window=24, min_bands=0), "at least 1"),
    (dict(window=24, bands=16, rows=4, num_perm=64, min_bands=17), "more than the 16 bands"),
])
def test_min_bands_is_checked(spec: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        ChannelSpec("p", **spec)


@pytest.mark.parametrize("settings", [
    {"dense_from": 500, "dense_stride": 0},  # a stride is needed
    {"dense_from": 500, "dense_stride": 30},  # longer than the window
    {"dense_stride": 2},  # no dense_from
    {"dense_bands": 16},
    {"dense_from": -1},
], ids=["no-stride", "stride-past-window", "stride-alone", "bands-alone", "negative"])
def test_denser_windows_need_consistent_settings(settings: dict) -> None:  # type: ignore[type-arg]
    passage = next(c for c in SPARSE_CHANNELS if c.window)
    with pytest.raises(SettingsError, match="dense"):
        replace(passage, **settings)
    with pytest.raises(SettingsError, match="passage window"):
        ChannelSpec("text", dense_from=500, dense_stride=2)


def test_the_sparse_setting_is_the_default_before_long_documents_got_denser_windows() -> None:
    assert channels_for("sparse") == SPARSE_CHANNELS and passage_setting(SPARSE_CHANNELS) == "sparse"
    dense = [spec for spec in DEFAULT_CHANNELS if spec.dense_from]
    assert [(s.name, s.dense_from, s.dense_stride, s.key_bands) for s in dense] == [("passage", 500, 2, 48)]
    assert [spec.sparse for spec in DEFAULT_CHANNELS] == list(SPARSE_CHANNELS)


@pytest.mark.parametrize("setting,error,says", [
    ({"ngram": "5"}, TypeError, "channel x: ngram must be a whole number, not str"),  # was "'<' not supported ..."
    ({"ngram": 5.5}, TypeError, "channel x: ngram must be a whole number, not float"),  # was taken
    ({"content_only": "no"}, SettingsError, "channel x: content_only must be True or False, not 'no'"),  # a true string
    ({"threshold": "0.5"}, TypeError, "channel x: threshold must be a number, not str"),
    ({"name": ""}, TypeError, "a channel's name must be a non-empty string, not ''"),
], ids=["ngram-string", "ngram-fraction", "content-only-string", "threshold-string", "name-empty"])
def test_a_channel_setting_of_another_type_is_refused_naming_it(setting: dict, error: type, says: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(error, match=re.escape(says)):
        ChannelSpec(**{"name": "x", **setting})


def test_a_channel_takes_numpy_numbers() -> None:
    spec = ChannelSpec(name="x", num_perm=np.int64(64), threshold=np.float32(0.4), content_only=np.bool_(True))
    assert spec.banding.bands * spec.banding.rows <= 64
