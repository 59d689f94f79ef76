"""KM640-KM648 under TF 2.21 / Keras 3.15: each Keras 1 call, migrated by kerasmigrate and
built, has the configuration the Keras 1 call meant (docs/legacy-apis.md §9), and the
defaults whose formula changed are checked numerically.

The expected configurations are written from the Keras 1.2.2 signatures (the positional
order, the defaults), never read back from the migrated layer. A line constructing another
Keras 1 layer (``_evidence``) makes the module Keras 1 code where a case needs that.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from kerasmigrate import migrate_source

pytestmark = pytest.mark.semantic

HEADER = "import keras\nfrom keras.layers import {names}\n\n_evidence = LSTM(2, consume_less='cpu')\n"

#: (id, layer names to import, the Keras 1 call, input shape to build it on, what Keras 1
#: meant: config keys, or ``cell.x``/``forward.x`` attributes, or ``params``/``input_shape``)
CASES: list[tuple[str, str, str, tuple[int | None, ...], dict[str, Any]]] = [
    (
        "lstm-keywords",
        "LSTM",
        "LSTM(output_dim=64, init='he_normal', inner_init='orthogonal', dropout_W=0.2, dropout_U=0.1, "
        "consume_less='gpu', input_dim=300, input_length=40)",
        (None, 40, 300),
        {
            "units": 64,
            "kernel_initializer": "HeNormal",
            "recurrent_initializer": "Orthogonal",
            "dropout": 0.2,
            "recurrent_dropout": 0.1,
            "unit_forget_bias": True,  # Keras 1 forget_bias_init='one' (the default)
            "activation": "tanh",
            # consume_less='gpu' -> 2, but Keras 3 forces 1 whenever recurrent_dropout is set
            "cell.implementation": 1,
            "input_shape": (None, 40, 300),  # input_shape=(input_length, input_dim)
            "params": 4 * (64 * (300 + 64) + 64),
        },
    ),
    (
        "lstm-positional",
        "LSTM",
        "LSTM(32, 'he_normal', 'orthogonal', 'one', 'relu', 'sigmoid', None, None, None, 0.25, 0.5)",
        (None, 5, 3),
        {
            "units": 32,
            "kernel_initializer": "HeNormal",  # init
            "recurrent_initializer": "Orthogonal",  # inner_init
            "unit_forget_bias": True,  # forget_bias_init='one'
            "activation": "relu",
            "recurrent_activation": "sigmoid",  # inner_activation
            "kernel_regularizer": None,
            "dropout": 0.25,  # dropout_W
            "recurrent_dropout": 0.5,  # dropout_U
        },
    ),
    (
        "lstm-forget-bias-zero",
        "LSTM",
        "LSTM(4, forget_bias_init='zero', inner_activation='sigmoid', consume_less='cpu')",
        (None, 3, 2),
        {"unit_forget_bias": False, "bias_values": np.zeros(16), "cell.implementation": 1},  # 'cpu'
    ),
    (
        "lstm-consume-less-gpu",
        "LSTM",
        "LSTM(4, consume_less='gpu', dropout_W=0.3, inner_activation='sigmoid')",
        (None, 3, 2),
        {"dropout": 0.3, "cell.implementation": 2, "cell.dropout_mask_count": None},  # one shared mask
    ),
    (
        "lstm-default-cpu-dropout",
        "LSTM",
        "LSTM(4, dropout_W=0.3, inner_activation='sigmoid')",  # Keras 1 default consume_less='cpu'
        (None, 3, 2),
        {"dropout": 0.3, "cell.implementation": 1, "cell.dropout_mask_count": 4},  # a mask per gate
    ),
    (
        "lstm-forget-bias-one",
        "LSTM",
        "LSTM(4, forget_bias_init='one', inner_activation='sigmoid')",
        (None, 3, 2),
        # Keras 1: b_i, b_c, b_o zeros, b_f ones; Keras 3 stores the gates as i, f, c, o
        {"unit_forget_bias": True, "bias_values": np.r_[np.zeros(4), np.ones(4), np.zeros(8)]},
    ),
    (
        "gru-keywords",
        "GRU",
        "GRU(output_dim=20, W_regularizer='l2', U_regularizer='l1', b_regularizer=None, dropout_U=0.3, "
        "consume_less='mem', inner_activation='sigmoid', return_sequences=True)",
        (None, 7, 3),
        {
            "units": 20,
            "kernel_regularizer": "L2",
            "recurrent_regularizer": "L1",
            "bias_regularizer": None,
            "recurrent_dropout": 0.3,
            "recurrent_activation": "sigmoid",
            "return_sequences": True,
            "reset_after": False,  # Keras 1 GRUs had one bias
            "cell.implementation": 1,  # consume_less='mem'
            "params": 3 * (20 * (3 + 20) + 20),
        },
    ),
    (
        "gru-positional",
        "GRU",
        "GRU(16, 'glorot_normal', 'identity', 'relu', 'sigmoid', None, None, None, 0.1, 0.2)",
        (None, 4, 6),
        {
            "units": 16,
            "kernel_initializer": "GlorotNormal",
            "recurrent_initializer": "Identity",
            "activation": "relu",
            "recurrent_activation": "sigmoid",
            "dropout": 0.1,
            "recurrent_dropout": 0.2,
            "reset_after": False,
            "params": 3 * (16 * (6 + 16) + 16),
        },
    ),
    (
        "simple-rnn",
        "SimpleRNN",
        "SimpleRNN(8, 'uniform', 'orthogonal', 'relu', dropout_U=0.5, consume_less='gpu', input_length=9)",
        (None, 9, 5),
        {
            "units": 8,
            "kernel_initializer": "RandomUniform",
            "recurrent_initializer": "Orthogonal",
            "activation": "relu",
            "recurrent_dropout": 0.5,
            "params": 8 * (5 + 8) + 8,
        },
    ),
    (
        "conv-lstm-keywords",
        "ConvLSTM2D",
        "ConvLSTM2D(nb_filter=16, nb_row=3, nb_col=2, border_mode='same', subsample=(2, 2), dim_ordering='tf', "
        "consume_less='gpu', dropout_W=0.1, inner_activation='sigmoid', return_sequences=True)",
        (None, 4, 10, 10, 3),
        {
            "filters": 16,
            "kernel_size": (3, 2),
            "padding": "same",
            "strides": (2, 2),
            "data_format": "channels_last",
            "dropout": 0.1,
            "recurrent_activation": "sigmoid",
            "return_sequences": True,
            "params": 4 * (3 * 2 * 3 * 16 + 3 * 2 * 16 * 16 + 16),
        },
    ),
    (
        "conv-lstm-positional",
        "ConvLSTM2D",
        "ConvLSTM2D(8, 3, 3, 'he_uniform', 'orthogonal', 'one', 'relu', 'sigmoid', 'tf', 'valid', (1, 1))",
        (None, 2, 8, 8, 1),
        {
            "filters": 8,
            "kernel_size": (3, 3),  # nb_row, nb_col: not kernel 3 with stride 3
            "strides": (1, 1),
            "padding": "valid",
            "kernel_initializer": "HeUniform",
            "unit_forget_bias": True,
            "activation": "relu",
            "recurrent_activation": "sigmoid",
            "data_format": "channels_last",
        },
    ),
    (
        "batchnorm-positional",
        "BatchNormalization",
        "BatchNormalization(0.001, 0, 1, 0.9)",  # Keras 1: epsilon, mode, axis, momentum
        (None, 4, 5),
        {"epsilon": 0.001, "axis": 1, "momentum": 0.9, "center": True, "scale": True},
    ),
    (
        "batchnorm-keywords",
        "BatchNormalization",
        "BatchNormalization(epsilon=1e-5, mode=0, axis=-1, beta_init='zero', gamma_init='one')",
        (None, 6),
        {
            "epsilon": 1e-5,
            "axis": -1,
            "momentum": 0.99,
            "beta_initializer": "Zeros",
            "gamma_initializer": "Ones",
        },
    ),
    (
        "batchnorm-defaults",
        "BatchNormalization",
        "BatchNormalization(mode=0)",
        (None, 6),
        {
            "epsilon": 0.001,
            "axis": -1,
            "momentum": 0.99,
            "beta_initializer": "Zeros",
            "gamma_initializer": "Ones",
        },
    ),
    (
        "prelu",
        "PReLU",
        "PReLU(init='one', shared_axes=[1])",
        (None, 3, 4),
        {"alpha_initializer": "Ones", "shared_axes": [1], "params": 4},
    ),
    ("leaky-relu", "LeakyReLU", "LeakyReLU(alpha=0.1)", (None, 3), {"negative_slope": 0.1}),
    ("leaky-relu-default", "LeakyReLU", "LeakyReLU()", (None, 3), {"negative_slope": 0.3}),
    ("elu", "ELU", "ELU(alpha=0.5)", (None, 3), {"alpha": 0.5}),  # nothing changed: no rule
    (
        "bidirectional",
        "Bidirectional, GRU",
        "Bidirectional(GRU(6, consume_less='mem', inner_activation='sigmoid'), merge_mode='sum')",
        (None, 5, 3),
        # Bidirectional rebuilds its layers from get_config(), which holds no `implementation`
        # (Keras 3 keeps it only on the instance): only the configuration survives
        {
            "merge_mode": "sum",
            "forward.reset_after": False,
            "forward.cell.recurrent_activation.__name__": "sigmoid",
        },
    ),
]


def _value(config: Any) -> Any:
    """A serialized initializer/regularizer -> its class name; tuples and lists alike."""
    if isinstance(config, dict) and "class_name" in config:
        return config["class_name"]
    if isinstance(config, list):
        return tuple(config)
    return config


def _attribute(layer: Any, path: str) -> Any:
    for part in path.split("."):
        layer = layer.forward_layer if part == "forward" else getattr(layer, part, None)
    return layer


def _migrate(names: str, call: str) -> tuple[str, list[str]]:
    imports = ", ".join(sorted({"LSTM", *(n.strip() for n in names.split(","))}))
    source = HEADER.format(names=imports) + f"layer = {call}\n"
    result = migrate_source(source)
    assert result.changed or call.startswith(("ELU", "LeakyReLU()"))
    return result.code, [f.rule for f in result.findings]


@pytest.mark.parametrize(
    ("names", "call", "shape", "meant"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_migrated_layer_has_the_keras1_configuration(
    tf, names: str, call: str, shape: tuple[int | None, ...], meant: dict[str, Any]
) -> None:
    import keras

    code, _ = _migrate(names, call)
    namespace: dict[str, Any] = {}
    exec(compile(code, "<migrated>", "exec"), namespace)  # noqa: S102 - our own migrated fixture
    layer = namespace["layer"]
    model = keras.Sequential([keras.Input(batch_shape=shape), layer])
    config = layer.get_config()
    for key, expected in meant.items():
        if key == "params":
            assert layer.count_params() == expected, code
        elif key == "input_shape":  # the layer alone starts a Sequential with this input
            fresh: dict[str, Any] = {}
            exec(compile(code, "<migrated>", "exec"), fresh)  # noqa: S102 - our own migrated fixture
            assert keras.Sequential([fresh["layer"]]).input_shape == expected, code
        elif key == "bias_values":
            np.testing.assert_array_equal(layer.cell.bias.numpy(), expected)
        elif "." in key:
            assert _attribute(layer, key) == expected, (key, code)
        else:
            got = _value(config[key])
            want = tuple(expected) if isinstance(expected, list) else expected
            assert got == want, (key, got, want, code)
    assert model.output_shape is not None


def _keras1_hard_sigmoid(x: np.ndarray) -> np.ndarray:
    """Keras 1.2.2 ``K.hard_sigmoid`` (the TensorFlow backend): clip(0.2 x + 0.5, 0, 1)."""
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def test_hard_sigmoid_changed_formula_and_the_recipe_is_exact(tf, tmp_path) -> None:
    """KM643: the string 'hard_sigmoid' is another function in Keras 3; the recipe on the rule
    page computes the Keras 1 formula and survives saving; the alternatives do not."""
    import keras

    x = np.linspace(-4.0, 4.0, 33).astype("float32")
    today = np.asarray(keras.activations.get("hard_sigmoid")(x))
    assert np.abs(today - _keras1_hard_sigmoid(x)).max() > 0.05  # slope 1/6, not 0.2

    @keras.saving.register_keras_serializable(package="km643test")
    def legacy_hard_sigmoid(v):
        return keras.ops.clip(0.2 * v + 0.5, 0.0, 1.0)

    np.testing.assert_allclose(np.asarray(legacy_hard_sigmoid(x)), _keras1_hard_sigmoid(x), atol=1e-7)
    seq = np.random.default_rng(0).normal(size=(2, 5, 3)).astype("float32")
    model = keras.Sequential(
        [keras.Input((5, 3)), keras.layers.LSTM(4, recurrent_activation=legacy_hard_sigmoid)]
    )
    model.save(tmp_path / "recipe.keras")
    loaded = keras.models.load_model(tmp_path / "recipe.keras")
    np.testing.assert_allclose(loaded.predict(seq, verbose=0), model.predict(seq, verbose=0), atol=1e-6)

    # tf.keras.backend.hard_sigmoid computes it, but is stored as the string: loaded, it is Keras 3's
    legacy = tf.keras.backend.hard_sigmoid
    np.testing.assert_allclose(np.asarray(legacy(x)), _keras1_hard_sigmoid(x), atol=1e-7)
    layer = keras.layers.LSTM(4, recurrent_activation=legacy)
    assert layer.get_config()["recurrent_activation"] == "hard_sigmoid"
    again = keras.layers.LSTM.from_config(layer.get_config())
    assert np.abs(np.asarray(again.cell.recurrent_activation(x)) - _keras1_hard_sigmoid(x)).max() > 0.05

    # a lambda computes it, but a saved model does not load
    lam = keras.Sequential(
        [
            keras.Input((5, 3)),
            keras.layers.LSTM(4, recurrent_activation=lambda v: keras.ops.clip(0.2 * v + 0.5, 0.0, 1.0)),
        ]
    )
    lam.save(tmp_path / "lambda.keras")
    with pytest.raises((ValueError, TypeError)):  # "could not be deserialized" / "not interpret"
        keras.models.load_model(tmp_path / "lambda.keras")


def test_default_gate_activation_is_reported(tf) -> None:
    """A Keras 1 LSTM/GRU/ConvLSTM2D that relied on the default is reported, not left silent."""
    for names, call in (("LSTM", "LSTM(8)"), ("GRU", "GRU(8)"), ("ConvLSTM2D", "ConvLSTM2D(4, 3, 3)")):
        _, rules = _migrate(names, call)
        assert rules.count("KM643") == 2, (call, rules)  # the call, and the _evidence LSTM


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def test_gru_reset_after_false_is_the_keras1_formula(tf) -> None:
    """KM642: the migrated GRU computes Keras 1.2.2's GRU step (one bias, reset gate applied to
    the state before the recurrent product), on Keras 1's weight layout (z, r, h)."""
    import keras

    code, _ = _migrate("GRU", "GRU(5, inner_activation='sigmoid', return_sequences=True)")
    namespace: dict[str, Any] = {}
    exec(compile(code, "<migrated>", "exec"), namespace)  # noqa: S102 - our own migrated fixture
    layer = namespace["layer"]
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 4, 3)).astype("float32")
    out = np.asarray(layer(x))
    kernel, recurrent, bias = (w.numpy() for w in layer.weights)
    assert bias.shape == (15,)  # one bias: 3 * units
    u = 5
    h = np.zeros((2, u), "float32")
    expected = []
    for t in range(x.shape[1]):
        xw = x[:, t] @ kernel + bias
        z = _sigmoid(xw[:, :u] + h @ recurrent[:, :u])
        r = _sigmoid(xw[:, u : 2 * u] + h @ recurrent[:, u : 2 * u])
        hh = np.tanh(xw[:, 2 * u :] + (r * h) @ recurrent[:, 2 * u :])
        h = z * h + (1 - z) * hh
        expected.append(h)
    np.testing.assert_allclose(out, np.stack(expected, axis=1), atol=1e-5)

    two_biases = keras.layers.GRU(5, recurrent_activation="sigmoid", return_sequences=True)
    two_biases.build((None, 4, 3))
    assert two_biases.count_params() == layer.count_params() + 3 * u  # Keras 3's default differs


def test_consume_less_changes_no_output(tf) -> None:
    """consume_less 'cpu'/'mem'/'gpu' -> implementation 0/1/2: the same weights give the same outputs."""
    import keras

    x = np.random.default_rng(2).normal(size=(3, 6, 4)).astype("float32")
    for cls in (keras.layers.LSTM, keras.layers.GRU):
        layers = [cls(5, implementation=i, recurrent_activation="sigmoid") for i in (0, 1, 2)]
        for layer in layers:
            layer.build((None, 6, 4))
            layer.set_weights(layers[0].get_weights())
        outs = [np.asarray(layer(x)) for layer in layers]
        np.testing.assert_allclose(outs[1], outs[0], atol=1e-5)
        np.testing.assert_allclose(outs[2], outs[0], atol=1e-5)


def test_batchnorm_positionals_unmigrated_mean_another_layer(tf) -> None:
    """Why KM645 exists: the Keras 1 call left as it is builds with axis=0, momentum=0, epsilon=1."""
    import keras

    bn = keras.layers.BatchNormalization(0.001, 0, 1)
    assert (bn.axis, bn.momentum, bn.epsilon) == (0, 0.0, 1.0)


def test_what_keras3_rejects(tf) -> None:
    """Why consume_less is dropped on SimpleRNN/ConvLSTM2D and weights=/input_length= reported
    or rewritten: Keras 3 raises on them (docs/legacy-apis.md §9)."""
    import keras

    L = keras.layers
    for make in (
        lambda: L.SimpleRNN(3, implementation=1),
        lambda: L.ConvLSTM2D(2, 3, implementation=1),
        lambda: L.LSTM(3, weights=None),
        lambda: L.GRU(3, weights=None),
        lambda: L.BatchNormalization(weights=None),
        lambda: L.PReLU(weights=None),
        lambda: L.LSTM(3, input_dim=4, input_length=10),
        lambda: L.BatchNormalization(mode=0),
    ):
        with pytest.raises(ValueError):
            make()
    assert L.LSTM(3, implementation=0).cell.implementation == 0  # accepted through **kwargs
    assert L.GRU(3, implementation=1).cell.implementation == 1


def test_relu_threshold_is_thresholded_relu(tf) -> None:
    """KM648's replacement: ``ReLU(threshold=theta)`` equals ``ThresholdedReLU(theta)``
    (x * (x > theta)), the boundary x == theta included."""
    import keras

    for theta in (0.0, 0.5, 1.0, 3.0):
        x = np.array(
            [-2.0, -0.5, 0.0, theta, np.nextafter(np.float32(theta), np.float32(9)), 1.0, 4.0], "float32"
        )
        legacy = np.asarray(tf.keras.layers.ThresholdedReLU(theta=theta)(x))
        np.testing.assert_array_equal(np.asarray(keras.layers.ReLU(threshold=theta)(x)), legacy)
        np.testing.assert_allclose(legacy, x * (x > theta), atol=1e-37)  # TF flushes denormals
