"""KM7xx under real TensorFlow: the migrated ``merge`` calls compute what Keras 1's ``Merge``
computed, migrated optimizer calls get the configuration the legacy positional call meant,
and the ``optimizer.lr`` rewrites run on a compiled model.

The expectations are written from Keras 1.2.2 (``Merge.call`` in ``engine/topology.py``:
``mode='sum'`` adds, ``'mul'`` multiplies, ``'ave'`` averages, ``'max'`` takes the maximum,
``'concat'`` concatenates on ``concat_axis`` (default -1), ``'dot'`` is ``batch_dot`` over
``dot_axes`` (default -1); the optimizer signatures in docs/legacy-apis.md §7), never read
back from the migrated code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from kerasmigrate import migrate_source

pytestmark = pytest.mark.semantic

Reference = Callable[[np.ndarray, np.ndarray], np.ndarray]

#: (merge call, input shape without the batch, the Keras 1 result)
MERGES: list[tuple[str, tuple[int, ...], Reference]] = [
    ("merge([a, b])", (4,), lambda x, y: x + y),
    ("merge([a, b], mode='sum')", (4,), lambda x, y: x + y),
    ("merge([a, b], mode='mul')", (4,), lambda x, y: x * y),
    ("merge([a, b], mode='ave')", (4,), lambda x, y: (x + y) / 2),
    ("merge([a, b], mode='max')", (4,), np.maximum),
    ("merge([a, b], mode='concat')", (4,), lambda x, y: np.concatenate([x, y], axis=-1)),
    ("merge([a, b], mode='concat', concat_axis=1)", (3, 4), lambda x, y: np.concatenate([x, y], axis=1)),
    ("merge([a, b], 'concat', 2)", (3, 4), lambda x, y: np.concatenate([x, y], axis=2)),
    ("merge([a, b], mode='dot')", (4,), lambda x, y: (x * y).sum(axis=1, keepdims=True)),
    ("merge([a, b], mode='dot', dot_axes=1)", (4,), lambda x, y: (x * y).sum(axis=1, keepdims=True)),
    ("merge([a, b], mode='dot', dot_axes=2)", (3, 4), lambda x, y: np.einsum("bnd,bmd->bnm", x, y)),
    ("merge([a, b], mode='dot', dot_axes=[1, 1])", (3, 4), lambda x, y: np.einsum("bnd,bne->bde", x, y)),
    ("merge([a, b], mode='sum', name='total')", (4,), lambda x, y: x + y),
]


def _run(source: str) -> dict[str, Any]:
    result = migrate_source(source)
    assert result.findings == [], result.findings
    assert "merge" not in result.code.replace("# merge", ""), result.code
    namespace: dict[str, Any] = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize(("call", "shape", "reference"), MERGES, ids=[m[0] for m in MERGES])
def test_merge_computes_the_keras1_result(
    tf, call: str, shape: tuple[int, ...], reference: Reference
) -> None:
    source = (
        "import keras\nfrom keras.layers import Input, merge\n\n"
        f"a = Input(shape={shape})\nb = Input(shape={shape})\nout = {call}\n"
        "model = keras.Model([a, b], out)\n"
    )
    ns = _run(source)
    rng = np.random.default_rng(0)
    x = rng.random((2, *shape), dtype=np.float32)
    y = rng.random((2, *shape), dtype=np.float32)
    got = ns["model"].predict([x, y], verbose=0)
    want = reference(x, y)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


#: (legacy call, the configuration Keras 1/2 meant: keyword -> value)
OPTIMIZERS: list[tuple[str, dict[str, object]]] = [
    ("SGD(0.1, 0.9, 0.0, True)", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD(lr=0.05, momentum=0.5, decay=0.0)", {"learning_rate": 0.05, "momentum": 0.5, "nesterov": False}),
    ("RMSprop(0.01, 0.8, 1e-06)", {"learning_rate": 0.01, "rho": 0.8, "epsilon": 1e-06, "momentum": 0.0}),
    ("Adagrad(0.02, 1e-06)", {"learning_rate": 0.02, "epsilon": 1e-06}),
    ("Adadelta(1.0, 0.9, 1e-06)", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-06}),
    (
        "Adam(0.002, 0.8, 0.99, 1e-08, 0.0)",
        {"learning_rate": 0.002, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-08, "amsgrad": False},
    ),
    ("Adamax(lr=0.003, beta_1=0.7)", {"learning_rate": 0.003, "beta_1": 0.7}),
    ("Nadam(lr=0.004)", {"learning_rate": 0.004}),
    ("optimizers.adam(lr=0.01)", {"learning_rate": 0.01}),
    ("optimizers.sgd(0.2, 0.1)", {"learning_rate": 0.2, "momentum": 0.1}),
]


@pytest.mark.parametrize(("call", "config"), OPTIMIZERS, ids=[o[0] for o in OPTIMIZERS])
def test_optimizer_gets_the_legacy_configuration(tf, call: str, config: dict[str, object]) -> None:
    source = (
        "from keras import optimizers\n"
        "from keras.optimizers import SGD, Adadelta, Adagrad, Adam, Adamax, Nadam, RMSprop\n\n"
        f"opt = {call}\n"
    )
    result = migrate_source(source)
    assert result.findings == [], result.findings
    namespace: dict[str, Any] = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    got = namespace["opt"].get_config()
    for key, value in config.items():
        assert got[key] == pytest.approx(value), (key, got[key], result.code)


def test_learning_rate_rewrites_run(tf) -> None:
    """``K.set_value``/``K.get_value`` of ``model.optimizer.lr`` and the attribute itself, in a
    callback (``self.model``) and on a model: they set and read the optimizer's variable."""
    source = (
        "import numpy as np\nfrom keras import backend as K\nfrom keras.callbacks import Callback\n"
        "from keras.layers import Dense, Input\nfrom keras.models import Model\n"
        "from keras.optimizers import SGD\n\n\n"
        "class Halve(Callback):\n    def on_epoch_end(self, epoch, logs=None):\n"
        "        K.set_value(self.model.optimizer.lr, K.get_value(self.model.optimizer.lr) / 2)\n\n\n"
        "x = Input(shape=(2,))\nmodel = Model(input=x, output=Dense(1)(x))\n"
        "model.compile(optimizer=SGD(lr=0.4), loss='mse')\n"
        "K.set_value(model.optimizer.lr, 0.8)\n"
        "model.fit(np.ones((4, 2)), np.ones((4, 1)), nb_epoch=3, verbose=0, callbacks=[Halve()])\n"
        "final = float(K.get_value(model.optimizer.lr))\n"
    )
    result = migrate_source(source)
    assert result.findings == [], result.findings
    assert ".lr" not in result.code and "set_value" not in result.code, result.code
    namespace: dict[str, Any] = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    assert namespace["final"] == pytest.approx(0.1)  # 0.8 halved after each of 3 epochs


#: (path, save_weights_only): a literal the KM709 check reports exactly when Keras 3 refuses it
CHECKPOINT_PATHS = [
    ("w.{epoch:02d}.hdf5", "False"),
    ("model", "False"),
    ("best.hdf5", "True"),
    ("w.h5", "True"),
    ("m.keras", "True"),
    ("m.keras", "False"),
    ("m.h5", "False"),
    ("w.weights.h5", "True"),
    ("w.weights.h5", "False"),
]


@pytest.mark.parametrize(("path", "weights"), CHECKPOINT_PATHS)
def test_checkpoint_path_reported_exactly_when_keras3_refuses_it(tf, path: str, weights: str) -> None:
    import keras

    source = f"from keras.callbacks import ModelCheckpoint\n\ncb = ModelCheckpoint({path!r}, save_weights_only={weights})\n"
    reported = [f.rule for f in migrate_source(source).findings] == ["KM709"]
    try:
        keras.callbacks.ModelCheckpoint(path, save_weights_only=weights == "True")
        refused = False
    except ValueError:
        refused = True
    assert reported == refused, (path, weights, reported, refused)


def test_accuracy_keys_keep_their_keras1_names(tf) -> None:
    """KM710: Keras 1 named ``metrics=['accuracy']`` ``acc``; after the rewrite the history has
    ``acc``/``val_acc`` and a callback watching ``val_acc`` sees it (without it, Keras 3 warns that
    the key is missing and the callback never acts)."""
    source = (
        "import numpy as np\nfrom keras.callbacks import Callback\nfrom keras.layers import Dense, Input\n"
        "from keras.models import Model\n\n\n"
        "class Seen(Callback):\n    def on_epoch_end(self, epoch, logs=None):\n"
        "        seen.append(logs['val_acc'])\n\n\n"
        "seen = []\nx = Input(shape=(2,))\nmodel = Model(input=x, output=Dense(3, activation='softmax')(x))\n"
        "model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])\n"
        "data, labels = np.ones((4, 2)), np.eye(3)[[0, 1, 2, 0]]\n"
        "history = model.fit(data, labels, nb_epoch=2, verbose=0, validation_data=(data, labels), callbacks=[Seen()])\n"
        "accuracy = history.history['acc']\n"
    )
    result = migrate_source(source)
    assert "KM710" in {f.rule for f in result.fixes}, result.code
    namespace: dict[str, Any] = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    assert len(namespace["accuracy"]) == 2 and len(namespace["seen"]) == 2
    # the same metric: categorical accuracy of 4 samples, a multiple of 1/4
    assert all(abs(v * 4 - round(v * 4)) < 1e-6 for v in namespace["accuracy"] + namespace["seen"])
