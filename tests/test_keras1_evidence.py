"""Keras 1 evidence (keras1.py) as the KM6xx layer rules use it: which calls count, and what a
file without evidence gets (docs/architecture.md, "Keras 1 evidence")."""

from __future__ import annotations

import ast

import pytest

from kerasmigrate import keras1, migrate_source


def _evidence(source: str) -> keras1.Evidence | None:
    return keras1.evidence(ast.parse(source), keras1.callees())


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("from keras.layers import Dropout\nx = 1\nd = Dropout(p=0.5)\n", 3),  # renamed by its entry
        ("from keras.layers import Dense\nd = Dense(output_dim=3)\n", 2),
        ("from keras import layers\nc = layers.Convolution2D(8, 3, 3, border_mode='same')\n", 2),
        ("from keras.layers import UpSampling1D\nu = UpSampling1D(length=2)\n", 2),
    ],
)
def test_keras1_keywords_of_a_layer_are_evidence(source: str, line: int) -> None:
    found = _evidence(source)
    assert found is not None and found.line == line


@pytest.mark.parametrize(
    "source",
    [
        "from keras.layers import Embedding\ne = Embedding(10, output_dim=3)\n",  # today's spelling
        "from keras.layers import Conv2D\nc = Conv2D(8, 3, 3)\n",  # positionals prove nothing
        "from keras.layers import Dense\nd = Dense(64, 'relu', kernel_initializer='he_normal')\n",
        # a file that uses tf.keras: never Keras 1 code
        "import tensorflow as tf\nfrom keras.layers import Dropout\nd = Dropout(p=0.5)\ntf.keras.backend.clear_session()\n",
    ],
)
def test_not_evidence(source: str) -> None:
    assert _evidence(source) is None


def test_the_same_call_with_and_without_evidence() -> None:
    call = "c = Convolution2D(32, 3, 3)\n"
    without = migrate_source("from keras.layers import Convolution2D\n" + call)
    assert not without.changed and [f.rule for f in without.findings] == ["KM604"]
    with_ = migrate_source("from keras.layers import Convolution2D, Dropout\nd = Dropout(p=0.5)\n" + call)
    assert "Conv2D(32, (3, 3))" in with_.code and not with_.findings
    in_tf_keras = migrate_source("from tensorflow.keras.layers import Conv2D\nc = Conv2D(32, 3, 3)\n")
    assert not in_tf_keras.changed and not in_tf_keras.findings


def _python_sources() -> list[object]:
    from tests.fixture_cases import cases

    out: list[object] = []
    for case in cases():
        try:
            ast.parse(case.source.read_bytes())
        except (SyntaxError, ValueError):
            continue
        out.append(pytest.param(case.source.read_bytes(), id=case.id))
    return out


@pytest.mark.parametrize("source", _python_sources())
def test_walk_is_ast_walk(source: bytes) -> None:
    """``evidence`` walks with ``keras1._walk``: the same nodes as ``ast.walk``, in its order."""
    tree = ast.parse(source)
    assert [id(n) for n in keras1._walk(tree)] == [id(n) for n in ast.walk(tree)]
