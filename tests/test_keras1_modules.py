"""Module moves (KM501-KM511) compose with the other rows of the catalogue: a class renamed in
place by its own entry (``Convolution2D`` -> ``Conv2D``) still gets its module moved, in an
import that is also split; a Keras 1 name another rule owns is left to that rule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.catalogue import Entry
from kerasmigrate.extend import legacy_api

#: a stand-in for the layer helpers' rows: renamed in place to a name keras.layers has
RENAME = Entry(
    "KM801", "keras.layers.ToyDeconvolution2D", version="1.2.2", renamed="keras.layers.Conv2DTranspose"
)
#: a Keras 1 name another rule rewrites by itself (no rename): never moved nor reported here
OWNED = Entry("KM802", "keras.layers.ToyMerge", version="1.2.2")


@pytest.fixture(autouse=True)
def toy() -> Iterator[None]:
    with legacy_api(RENAME, OWNED):
        yield


CASES = [
    (
        "from keras.layers.convolutional import ToyDeconvolution2D, Highway\n\nd = ToyDeconvolution2D(3, 3)\nh = Highway()\n",
        "from keras.layers import Conv2DTranspose\nfrom keras.layers.convolutional import Highway\n\n"
        "d = Conv2DTranspose(3, 3)\nh = Highway()\n",
    ),
    (
        "import keras\n\nd = keras.layers.convolutional.ToyDeconvolution2D(3, 3)\n",
        "import keras\n\nd = keras.layers.Conv2DTranspose(3, 3)\n",
    ),
    (
        "import keras.layers.convolutional as conv\n\nd = conv.ToyDeconvolution2D(3, 3)\n",
        "import keras.layers as conv\n\nd = conv.Conv2DTranspose(3, 3)\n",
    ),
    (
        "from keras.layers.core import ToyMerge, Dense\n\nm = ToyMerge()\nd = Dense(2)\n",
        "from keras.layers.core import ToyMerge\nfrom keras.layers import Dense\n\nm = ToyMerge()\nd = Dense(2)\n",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_moves_compose_with_renames(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.code == expected
    assert migrate_source(result.code).code == result.code


def test_a_name_another_rule_owns_is_not_reported_here() -> None:
    result = migrate_source("from keras.layers.core import ToyMerge\n\nm = ToyMerge()\n")
    assert not result.changed
    assert [f.rule for f in result.findings if f.rule.startswith("KM5")] == []
