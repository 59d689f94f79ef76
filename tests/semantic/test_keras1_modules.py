"""The homes of catalogue/keras1_modules.py exist in the installed TensorFlow 2.21 / Keras
3.15, the names it reports as gone are gone, and the moves that keep a name's meaning
compute what Keras 1 computed (NumPy reference formulas of Keras 1.2.2, written here)."""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pytest

from kerasmigrate import migrate_source
from kerasmigrate.catalogue import CATALOGUE
from kerasmigrate.catalogue.keras1_modules import ENTRIES, GONE, LAYERS_TODAY, MOVES, Moved

pytestmark = pytest.mark.semantic


def _resolve(root: Any, dotted: str) -> Any:
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _roots(tf: Any) -> dict[str, Any]:
    import keras

    return {"keras": keras, "tensorflow.keras": tf.keras}


def test_every_layer_home_exists_under_both_roots(tf) -> None:
    for name, root in _roots(tf).items():
        missing = sorted(n for n in LAYERS_TODAY if not hasattr(root.layers, n))
        assert not missing, (name, missing)


def test_every_moved_name_exists(tf) -> None:
    """Moves are written under the ``keras`` root (the legacy modules were ``keras.*`` only)."""
    import keras

    for move in MOVES.values():
        for name, fate in move.names.items():
            if isinstance(fate, Moved):
                target = fate.qualified.removeprefix("keras.")
                assert _resolve(keras, target) is not None, (move.module, name, fate.qualified)


def test_legacy_modules_are_gone(tf) -> None:
    for module in MOVES:
        with pytest.raises(ImportError):
            importlib.import_module(module)


def test_gone_names_are_gone(tf) -> None:
    roots = _roots(tf)
    for qualified, (_, gone_roots) in GONE.items():
        for root_name in gone_roots:
            path = qualified.removeprefix("keras.")
            try:
                _resolve(roots[root_name], path)
            except AttributeError:
                continue
            pytest.fail(f"{root_name}.{path} exists")
    assert hasattr(tf.keras.layers, "ThresholdedReLU")  # names only tf.keras keeps
    assert hasattr(tf.keras.preprocessing.image, "ImageDataGenerator")
    assert hasattr(tf.keras.preprocessing.sequence, "skipgrams")
    assert hasattr(tf.keras.preprocessing.text, "Tokenizer")


def test_renamed_entries_exist_under_both_roots(tf) -> None:
    for name, root in _roots(tf).items():
        for entry in ENTRIES:
            if entry.renamed:
                assert _resolve(root, entry.renamed.removeprefix("keras.")), (name, entry.renamed)


def _run(source: str) -> dict[str, Any]:
    code = migrate_source(source).code
    space: dict[str, Any] = {}
    exec(compile(code, "<migrated>", "exec"), space)  # noqa: S102 - our own fixture code
    return space


def test_regularizers_and_constraints_keep_keras1_values(tf) -> None:
    """Keras 1.2.2: l1l2(l1=0.01, l2=0.01), l2(l=0.01), WeightRegularizer(l1=0., l2=0.),
    maxnorm(m=2, axis=0); the migrated calls are configured the same."""
    space = _run(
        "from keras.regularizers import l1l2, l2, WeightRegularizer\n"
        "from keras.constraints import maxnorm, unitnorm, nonneg\n"
        "a = l1l2()\nb = l1l2(l2=0.5)\nc = l2(l=0.3)\nd = WeightRegularizer(l2=0.2)\n"
        "e = maxnorm(m=3)\nf = maxnorm()\ng = unitnorm(axis=1)\nh = nonneg()\n"
    )
    config = {k: space[k].get_config() for k in "abcdefg"}
    assert config["a"] == pytest.approx({"l1": 0.01, "l2": 0.01})
    assert config["b"] == pytest.approx({"l1": 0.01, "l2": 0.5})
    assert config["c"] == pytest.approx({"l2": 0.3})
    assert config["d"] == pytest.approx({"l1": 0.0, "l2": 0.2})
    assert config["e"] == {"max_value": 3, "axis": 0}
    assert config["f"] == {"max_value": 2, "axis": 0}
    assert config["g"] == {"axis": 1}
    w = np.array([[3.0, -4.0]], dtype="float32")
    assert np.allclose(np.asarray(space["h"](w)), [[3.0, 0.0]])


_T = np.array([[0.2, 0.7, 0.1], [0.0, 1.0, 0.0]], dtype="float32")
_P = np.array([[0.3, 0.5, 0.2], [0.1, 0.8, 0.1]], dtype="float32")
_EPS = 1e-7

#: Keras 1.2.2 objectives.py, as NumPy (mean/sum over the last axis)
KERAS1 = {
    "mse": lambda t, p: np.mean((p - t) ** 2, axis=-1),
    "mae": lambda t, p: np.mean(np.abs(p - t), axis=-1),
    "mape": lambda t, p: 100.0 * np.mean(np.abs((t - p) / np.clip(np.abs(t), _EPS, None)), axis=-1),
    "msle": lambda t, p: np.mean(
        (np.log(np.clip(p, _EPS, None) + 1.0) - np.log(np.clip(t, _EPS, None) + 1.0)) ** 2, axis=-1
    ),
    "categorical_crossentropy": lambda t, p: (
        -np.sum(t * np.log(np.clip(p / p.sum(-1, keepdims=True), _EPS, 1 - _EPS)), axis=-1)
    ),
    "binary_crossentropy": lambda t, p: np.mean(
        -(t * np.log(np.clip(p, _EPS, 1 - _EPS)) + (1 - t) * np.log(1 - np.clip(p, _EPS, 1 - _EPS))), axis=-1
    ),
    "poisson": lambda t, p: np.mean(p - t * np.log(p + _EPS), axis=-1),
    "kld": lambda t, p: np.sum(
        np.clip(t, _EPS, 1) * np.log(np.clip(t, _EPS, 1) / np.clip(p, _EPS, 1)), axis=-1
    ),
}


@pytest.mark.parametrize("name", sorted(KERAS1))
def test_objectives_compute_what_keras1_computed(tf, name: str) -> None:
    space = _run(f"from keras.objectives import {name}\nloss = {name}\n")
    got = np.asarray(space["loss"](_T, _P))
    assert np.allclose(got, KERAS1[name](_T, _P), rtol=1e-4, atol=1e-5), (name, got)


def test_to_categorical_and_plot_model_keywords(tf) -> None:
    import inspect

    import keras

    space = _run(
        "from keras.utils.np_utils import to_categorical\ny = to_categorical([0, 2], nb_classes=4)\n"
    )
    assert np.array_equal(space["y"], np.eye(4)[[0, 2]])
    assert space["y"].dtype == np.float64  # Keras 1 filled np.zeros((n, nb_classes)): float64
    params = inspect.signature(keras.utils.plot_model).parameters
    assert params["show_layer_names"].default is False  # hence written out as True
    assert list(params)[3] == "show_dtype"  # hence Keras 1's 4th positional is passed by keyword
    assert CATALOGUE.lookup("keras.utils.visualize_util.plot") is not None
