"""KM905/KM906 look at each node as the other analyses left it: a name another rule renamed
into one that exists is not reported, and a keyword is checked against the renamed callee."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.catalogue import Entry
from kerasmigrate.extend import legacy_api

#: a legacy name (missing today) that a catalogue row renames to one that exists
OLD_DENSE = Entry("KM801", "keras.layers.OldDense", version="1.2.2", renamed="keras.layers.Dense")


@pytest.fixture(autouse=True)
def toy() -> Iterator[None]:
    with legacy_api(OLD_DENSE):
        yield


def rules(source: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.rule) for f in migrate_source(source).findings]


def test_renamed_import_is_not_reported() -> None:
    result = migrate_source("from keras.layers import OldDense\n\nd = OldDense(3)\n")
    assert result.code == "from keras.layers import Dense\n\nd = Dense(3)\n"
    assert result.findings == []


def test_renamed_attribute_is_not_reported_and_keywords_are_checked_against_the_new_name() -> None:
    source = "import keras\n\nd = keras.layers.OldDense(3, border_mode='same', units=3)\n"
    result = migrate_source(source)
    assert "keras.layers.Dense(3" in result.code
    assert [(f.line, f.column, f.rule) for f in result.findings] == [(3, 30, "KM906")]


def test_without_the_row_the_missing_name_is_reported_once() -> None:
    with legacy_api():
        pass
    assert rules("import keras\n\nd = keras.layers.NoSuchLayer(3)\n") == [(3, 5, "KM905")]
    assert rules("from keras.layers import NoSuchLayer\n\nd = NoSuchLayer(3)\n") == [(1, 1, "KM905")]


def test_not_selected_means_not_run() -> None:
    result = migrate_source("import tensorflow as tf\n\ns = tf.Session()\n", select=["KM1"])
    assert result.findings == []
