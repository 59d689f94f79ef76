"""A toy layer-class rename, a toy keyword rename and a toy positional-to-keyword
normalisation, added as catalogue rows alone (``kerasmigrate.extend.legacy_api``), work
through every import spelling; a row can combine them."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.catalogue import Entry, KeywordChange
from kerasmigrate.extend import legacy_api
from kerasmigrate.rules import RULES

RENAME = Entry("KM801", "keras.layers.ToyConvolution", version="1.2.2", renamed="keras.layers.ToyConv")
KEYWORD = Entry(
    "KM802",
    "keras.layers.ToyPool",
    "pool_size=2, *args, toy_ordering='x', **kwargs",
    version="1.2.2",
    keywords=MappingProxyType(
        {"toy_ordering": KeywordChange("toy_format", MappingProxyType({"x": "first"}))}
    ),
)

#: Keras 1 style: ``ToyDense(64, 'uniform')`` passed ``init`` second; now only ``units`` is
#: positional and ``init`` is ``kernel_initializer``: normalisation, keyword rename and a
#: class rename in one row
COMBINED = Entry(
    "KM803",
    "keras.layers.ToyDense1",
    "output_dim, init='glorot_uniform', activation=None, **kwargs",
    version="1.2.2",
    renamed="keras.layers.ToyDense",
    positional=1,
    keywords=MappingProxyType(
        {"init": KeywordChange("kernel_initializer"), "output_dim": KeywordChange("units")}
    ),
)


@pytest.fixture(autouse=True)
def toy() -> Iterator[None]:
    with legacy_api(RENAME, KEYWORD, COMBINED):
        yield
    assert not {"KM801", "KM802", "KM803"} & set(RULES)


#: (source, expected): the rename through each import spelling
RENAMES = [
    (
        "from keras.layers import ToyConvolution\n\nc = ToyConvolution(3)\nd = [ToyConvolution]\n",
        "from keras.layers import ToyConv\n\nc = ToyConv(3)\nd = [ToyConv]\n",
    ),
    (
        "from keras.layers import ToyConvolution as TC\n\nc = TC(3)\n",
        "from keras.layers import ToyConv as TC\n\nc = TC(3)\n",
    ),
    (
        "from keras import layers\n\nc = layers.ToyConvolution(3)\n",
        "from keras import layers\n\nc = layers.ToyConv(3)\n",
    ),
    ("import keras\n\nc = keras.layers.ToyConvolution(3)\n", "import keras\n\nc = keras.layers.ToyConv(3)\n"),
    (
        "import keras.layers as L\n\nc = L.ToyConvolution(3)\n",
        "import keras.layers as L\n\nc = L.ToyConv(3)\n",
    ),
    (
        "from tensorflow.keras.layers import ToyConvolution\n\nc = ToyConvolution(3)\n",
        "from tensorflow.keras.layers import ToyConv\n\nc = ToyConv(3)\n",
    ),
    (
        "from keras.layers.core import ToyConvolution\n\nc = ToyConvolution(3)\n",
        "from keras.layers.core import ToyConv\n\nc = ToyConv(3)\n",
    ),
    # the new name is taken here: the import binds it under the old name, the uses stay
    (
        "from keras.layers import ToyConvolution\n\nToyConv = 1\nc = ToyConvolution(3)\n",
        "from keras.layers import ToyConv as ToyConvolution\n\nToyConv = 1\nc = ToyConvolution(3)\n",
    ),
]

KEYWORDS = [
    (
        "from keras.layers import ToyPool\n\np = ToyPool(2, toy_ordering='x')\n",
        "from keras.layers import ToyPool\n\np = ToyPool(2, toy_format='first')\n",
    ),
    (
        "import keras\n\np = keras.layers.ToyPool(toy_ordering=\"x\", name='p')\n",
        "import keras\n\np = keras.layers.ToyPool(toy_format=\"first\", name='p')\n",
    ),
    (
        "from tensorflow.keras import layers as L\n\np = L.ToyPool(toy_ordering='x')\n",
        "from tensorflow.keras import layers as L\n\np = L.ToyPool(toy_format='first')\n",
    ),
    (
        "from keras.layers.pooling import ToyPool as P\n\np = P(2, 2, toy_ordering='x')\n",
        "from keras.layers.pooling import ToyPool as P\n\np = P(2, 2, toy_format='first')\n",
    ),
]


COMBINED_CASES = [
    (
        "from keras.layers import ToyDense1\n\nd = ToyDense1(64, 'uniform', 'relu')\n",
        "from keras.layers import ToyDense\n\nd = ToyDense(64, kernel_initializer='uniform', activation='relu')\n",
    ),
    (
        "import keras\n\nd = keras.layers.ToyDense1(output_dim=64, init=init)\n",
        "import keras\n\nd = keras.layers.ToyDense(units=64, kernel_initializer=init)\n",
    ),
    (
        "from tensorflow.keras import layers\n\nd = layers.ToyDense1(64)\n",
        "from tensorflow.keras import layers\n\nd = layers.ToyDense(64)\n",
    ),
]


@pytest.mark.parametrize(("source", "expected"), RENAMES + KEYWORDS + COMBINED_CASES)
def test_every_import_spelling(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.code == expected
    assert result.findings == []
    assert {f.rule for f in result.fixes} <= {"KM801", "KM802", "KM803"} and result.fixes
    assert migrate_source(result.code).code == result.code  # a second run changes nothing


def test_not_keras_is_left_alone() -> None:
    """A local class of the same name, a keyword of another callee: untouched."""
    source = (
        "import keras\n\n\nclass ToyConvolution:\n    pass\n\n\n"
        "c = ToyConvolution()\np = dict(toy_ordering='x')\n"
    )
    assert not migrate_source(source).changed


def test_value_outside_the_map_is_reported() -> None:
    result = migrate_source("from keras.layers import ToyPool\n\np = ToyPool(toy_ordering=mode)\n")
    assert not result.changed
    assert [(f.rule, f.line) for f in result.findings] == [("KM802", 3)]


def test_the_rules_are_known_while_registered() -> None:
    assert RULES["KM801"].label == "safe"
    assert not migrate_source("from keras.layers import ToyConvolution\n", ignore=["KM801"]).changed
