"""Keras 1 layer calls (KM601-KM611), migrated by kerasmigrate and built under TF 2.21 /
Keras 3: each layer's ``get_config()`` is what the Keras 1 call meant.

One row per call: the Keras 1 source, and the configuration it meant written out by hand
from the Keras 1 signatures and Keras 2's converter tables (docs/legacy-apis.md, "Keras 1
layers"): never read back from the migrated layer. Initializers and regularizers are
compared by class name and the config values given. Where the Keras 1 text still builds
today with another meaning (the silent class), the row also checks that the unmigrated call
differs. Shape rows build the layer on an input and compare the output (or the model's input)
shape with the Keras 1 arithmetic. Pure: each row migrates and builds in a fresh namespace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from kerasmigrate import migrate_source

#: makes the file Keras 1 code (a keyword only Keras 1 layers took), never called
EVIDENCE = "\n\ndef _unused():\n    return layers.MaxPooling2D(border_mode='same')\n"
HEADER = "from keras import layers\nfrom keras.regularizers import l2\n\nlayer = layers."


@dataclass(frozen=True)
class Row:
    rule: str
    call: str  # the Keras 1 call, as written after ``layers.``
    meant: dict[str, Any]  # config key -> value; ("ClassName", {sub-config}) for objects
    cls: str = ""  # the class the migrated layer must be (default: the call's own name)
    silent: bool = False  # the unmigrated text builds today with another configuration
    shape: tuple[tuple[int | None, ...], tuple[int | None, ...]] | None = None  # input -> output
    model_input: tuple[int | None, ...] | None = None  # Sequential([layer]).input_shape
    evidence: bool = True
    fixed_by: str = ""  # the rule recorded for the fix (default: ``rule``; KM204 for dim_ordering=)


HE_NORMAL = ("HeNormal", {})
UNIFORM_K1 = ("RandomUniform", {"minval": -0.05, "maxval": 0.05})  # Keras 1 'uniform': scale 0.05
NORMAL_K1 = ("RandomNormal", {"mean": 0.0, "stddev": 0.05})  # Keras 1 'normal': scale 0.05

ROWS = [
    # KM601 Dense(output_dim, init, activation, weights, W_regularizer, b_regularizer, ...)
    Row("KM601", "Dense(output_dim=10, init='he_normal', W_regularizer=l2(0.01), bias=False)",
        {"units": 10, "kernel_initializer": HE_NORMAL, "kernel_regularizer": ("L2", {"l2": 0.01}),
         "use_bias": False}),
    Row("KM601", "Dense(64, 'uniform', 'relu')",
        {"units": 64, "kernel_initializer": UNIFORM_K1, "activation": "relu"}),
    Row("KM601", "Dense(4, init='glorot_normal', b_regularizer=l2(0.5))",
        {"units": 4, "kernel_initializer": ("GlorotNormal", {}), "bias_regularizer": ("L2", {"l2": 0.5})}),
    # KM602
    Row("KM602", "Dropout(p=0.3)", {"rate": 0.3}),
    Row("KM602", "SpatialDropout1D(p=0.2)", {"rate": 0.2}),
    Row("KM602", "SpatialDropout2D(0.2, 'th')", {"rate": 0.2, "data_format": "channels_first"}),
    Row("KM602", "SpatialDropout3D(p=0.1, dim_ordering='tf')", {"rate": 0.1, "data_format": "channels_last"}),
    Row("KM602", "GaussianNoise(sigma=0.5)", {"stddev": 0.5}),
    Row("KM602", "GaussianDropout(p=0.4)", {"rate": 0.4}),
    # KM603 Embedding(input_dim, output_dim, init, input_length, W_regularizer, ...)
    # Keras 1/2 Embedding set input_shape=(input_length,): a Sequential it starts has input (None, 10)
    # (Keras 3 ignores input_length: that Sequential stays unbuilt, count_params() raises)
    Row("KM603", "Embedding(1000, 64, 'normal', 10)",
        {"input_dim": 1000, "output_dim": 64, "embeddings_initializer": NORMAL_K1}, model_input=(None, 10)),
    Row("KM603", "Embedding(200, 16, input_length=12, mask_zero=True)",
        {"input_dim": 200, "output_dim": 16, "mask_zero": True}, model_input=(None, 12),
        shape=((2, 12), (2, 12, 16))),
    Row("KM603", "Embedding(500, 8, W_regularizer=l2(0.001), mask_zero=True, dropout=0.0)",
        {"input_dim": 500, "output_dim": 8, "embeddings_regularizer": ("L2", {"l2": 0.001}), "mask_zero": True}),
    # KM604 Convolution2D(nb_filter, nb_row, nb_col, init, activation, weights, border_mode, subsample, dim_ordering)
    Row("KM604", "Convolution2D(32, 3, 3, border_mode='same', init='he_normal', subsample=(2, 2), dim_ordering='th')",
        {"filters": 32, "kernel_size": (3, 3), "strides": (2, 2), "padding": "same",
         "kernel_initializer": HE_NORMAL, "data_format": "channels_first"}, cls="Conv2D"),
    # 28x28 -> 26x26 with a 3x3 kernel, stride 1 (today's reading, strides 3, gives 9x9)
    Row("KM604", "Convolution2D(32, 3, 3)", {"filters": 32, "kernel_size": (3, 3), "strides": (1, 1)},
        cls="Conv2D", silent=True, shape=((1, 28, 28, 1), (1, 26, 26, 32))),
    Row("KM604", "Convolution2D(16, 5, 5, 'glorot_normal', 'relu', bias=False)",
        {"filters": 16, "kernel_size": (5, 5), "kernel_initializer": ("GlorotNormal", {}), "activation": "relu",
         "use_bias": False}, cls="Conv2D"),
    Row("KM604", "Convolution2D(nb_filter=8, nb_row=1, nb_col=3, b_regularizer=l2(0.1))",
        {"filters": 8, "kernel_size": (1, 3), "bias_regularizer": ("L2", {"l2": 0.1})}, cls="Conv2D"),
    Row("KM604", "Conv2D(32, 3, 3, border_mode='valid')",  # Keras 1's own alias
        {"filters": 32, "kernel_size": (3, 3), "strides": (1, 1), "padding": "valid"}, cls="Conv2D"),
    # input_shape = (input_length, input_dim); 100 steps, 'same', stride 2 -> ceil(100 / 2) = 50
    Row("KM604", "Convolution1D(64, 3, border_mode='same', subsample_length=2, input_dim=40, input_length=100)",
        {"filters": 64, "kernel_size": (3,), "strides": (2,), "padding": "same"}, cls="Conv1D",
        model_input=(None, 100, 40), shape=((1, 100, 40), (1, 50, 64))),
    Row("KM604", "Convolution1D(16, 5, 'he_uniform', input_dim=8)",
        {"filters": 16, "kernel_size": (5,), "strides": (1,), "kernel_initializer": ("HeUniform", {})},
        cls="Conv1D", model_input=(None, None, 8)),
    Row("KM604", "Convolution3D(8, 3, 3, 3, subsample=(2, 2, 2))",
        {"filters": 8, "kernel_size": (3, 3, 3), "strides": (2, 2, 2)}, cls="Conv3D"),
    Row("KM604", "Convolution3D(4, kernel_dim1=1, kernel_dim2=2, kernel_dim3=3, border_mode='same')",
        {"filters": 4, "kernel_size": (1, 2, 3), "padding": "same"}, cls="Conv3D"),
    # KM605 AtrousConvolution*D(..., atrous_rate) -> dilation_rate
    Row("KM605", "AtrousConvolution2D(64, 3, 3, atrous_rate=(2, 2), border_mode='same')",
        {"filters": 64, "kernel_size": (3, 3), "dilation_rate": (2, 2), "padding": "same"}, cls="Conv2D"),
    Row("KM605", "AtrousConvolution1D(32, 3, 'he_normal', atrous_rate=4, input_dim=16)",
        {"filters": 32, "kernel_size": (3,), "dilation_rate": (4,), "kernel_initializer": HE_NORMAL},
        cls="Conv1D", model_input=(None, None, 16)),
    # KM606: with strides 1 the output size is fixed by the input: 'same' keeps 16, 'valid' gives
    # 16 + 3 - 1 = 18; both are the Keras 1 output_shape given
    Row("KM606", "Deconvolution2D(8, 3, 3, (None, 16, 16, 8), border_mode='same')",
        {"filters": 8, "kernel_size": (3, 3), "strides": (1, 1), "padding": "same"}, cls="Conv2DTranspose",
        shape=((1, 16, 16, 4), (1, 16, 16, 8))),
    Row("KM606", "Deconvolution2D(8, 3, 3, output_shape=(None, 18, 18, 8), init='he_normal')",
        {"filters": 8, "kernel_size": (3, 3), "padding": "valid", "kernel_initializer": HE_NORMAL},
        cls="Conv2DTranspose", shape=((1, 16, 16, 4), (1, 18, 18, 8))),
    # KM607: init -> both initializers
    Row("KM607", "SeparableConvolution2D(32, 3, 3, init='he_normal', depth_multiplier=2, border_mode='same')",
        {"filters": 32, "kernel_size": (3, 3), "depth_multiplier": 2, "padding": "same",
         "depthwise_initializer": HE_NORMAL, "pointwise_initializer": HE_NORMAL}, cls="SeparableConv2D"),
    # KM608
    Row("KM608", "MaxPooling1D(pool_length=4, stride=2, border_mode='same')",
        {"pool_size": (4,), "strides": (2,), "padding": "same"}),
    Row("KM608", "MaxPooling2D((2, 2), (1, 1), 'valid', 'th')",
        {"pool_size": (2, 2), "strides": (1, 1), "padding": "valid", "data_format": "channels_first"}),
    Row("KM608", "MaxPooling3D(border_mode='same', dim_ordering='tf')",
        {"pool_size": (2, 2, 2), "padding": "same", "data_format": "channels_last"}),
    Row("KM608", "GlobalAveragePooling2D('th')", {"data_format": "channels_first"}),
    Row("KM608", "GlobalMaxPooling3D(dim_ordering='tf')", {"data_format": "channels_last"}, fixed_by="KM204"),
    # KM609: Keras 1's default pool size (strides default to the pool size, as in Keras 1)
    Row("KM609", "AveragePooling2D()", {"pool_size": (2, 2), "strides": (2, 2)}),
    Row("KM609", "AveragePooling1D(stride=1)", {"pool_size": (2,), "strides": (1,)}),
    Row("KM609", "AveragePooling3D(border_mode='same')", {"pool_size": (2, 2, 2), "padding": "same"}),
    # KM610
    Row("KM610", "UpSampling1D(length=3)", {"size": 3}),
    Row("KM610", "UpSampling2D((2, 3), 'th')", {"size": (2, 3), "data_format": "channels_first"}),
    Row("KM610", "UpSampling3D(size=(2, 2, 2), dim_ordering='tf')",
        {"size": (2, 2, 2), "data_format": "channels_last"}, fixed_by="KM204"),
    # KM611: Keras 1 (top, bottom, left, right)
    Row("KM611", "ZeroPadding2D(padding={'top_pad': 1, 'bottom_pad': 2, 'left_pad': 3, 'right_pad': 4})",
        {"padding": ((1, 2), (3, 4))}, shape=((1, 5, 5, 1), (1, 8, 12, 1))),
    Row("KM611", "ZeroPadding2D((1, 2, 3, 4), dim_ordering='th')",
        {"padding": ((1, 2), (3, 4)), "data_format": "channels_first"}),
    Row("KM611", "ZeroPadding3D((1, 1, 2), 'tf')",
        {"padding": ((1, 1), (1, 1), (2, 2)), "data_format": "channels_last"}),
    Row("KM611", "Cropping2D(((1, 1), (2, 2)), 'th')",
        {"cropping": ((1, 1), (2, 2)), "data_format": "channels_first"}),
    Row("KM611", "Cropping3D(cropping=((1, 1), (1, 1), (1, 1)), dim_ordering='tf')",
        {"cropping": ((1, 1), (1, 1), (1, 1)), "data_format": "channels_last"}, fixed_by="KM204"),
]  # fmt: skip


def _normal(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_normal(v) for v in value)
    return value


def _matches(got: Any, meant: Any) -> bool:
    if (
        isinstance(meant, tuple)
        and len(meant) == 2
        and isinstance(meant[0], str)
        and isinstance(meant[1], dict)
    ):
        if not isinstance(got, dict) or got.get("class_name") != meant[0]:
            return False
        config = got.get("config", {})
        return all(config.get(k) == pytest.approx(v) for k, v in meant[1].items())
    if isinstance(meant, float):
        return got == pytest.approx(meant)
    return _normal(got) == _normal(meant)


def _build(source: str) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<layer>", "exec"), namespace)  # noqa: S102 - our own row
    return namespace["layer"]


def _source(row: Row) -> str:
    return HEADER + row.call + "\n" + (EVIDENCE if row.evidence else "")


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.rule}:{r.call[:60]}" for r in ROWS])
def test_migrated_layer_has_the_keras1_configuration(tf, row: Row) -> None:
    source = _source(row)
    result = migrate_source(source)
    assert (row.fixed_by or row.rule) in {f.rule for f in result.fixes}, result.findings
    assert not result.findings, result.findings
    assert migrate_source(result.code).code == result.code  # a second run changes nothing
    layer = _build(result.code)
    assert type(layer).__name__ == (row.cls or row.call.partition("(")[0])
    config = layer.get_config()
    wrong = {k: (config.get(k), v) for k, v in row.meant.items() if not _matches(config.get(k), v)}
    assert not wrong, f"{result.code}\n(got, meant): {wrong}"
    if row.model_input is not None:
        import keras

        assert tuple(keras.Sequential([layer]).input_shape) == row.model_input
    if row.shape is not None:
        shape_in, shape_out = row.shape
        fresh = _build(result.code)
        assert tuple(fresh(tf.zeros(shape_in)).shape) == shape_out


@pytest.mark.parametrize("row", [r for r in ROWS if r.silent], ids=lambda r: r.call[:60])
def test_unmigrated_text_means_something_else_today(tf, row: Row) -> None:
    """The silent class: the Keras 1 text builds today, with another configuration."""
    layer = _build(_source(row))
    config = layer.get_config()
    assert any(not _matches(config.get(k), v) for k, v in row.meant.items())


def test_without_evidence_the_ambiguous_call_is_reported_not_guessed(tf) -> None:
    result = migrate_source(HEADER + "Convolution2D(32, 3, 3)\n")
    assert not result.changed
    assert [f.rule for f in result.findings] == ["KM604"]


def test_every_rule_has_a_row() -> None:
    from kerasmigrate.rules import layers as family

    assert {r.id for r in family.RULES} == {row.rule for row in ROWS}


@pytest.mark.parametrize("rule", __import__("kerasmigrate.rules.layers", fromlist=["RULES"]).RULES, ids=str)
def test_rule_page_example_is_what_the_tool_does(rule) -> None:
    """The example on each KM6xx page is the tool's own output."""
    assert migrate_source(rule.example.before).code == rule.example.after
