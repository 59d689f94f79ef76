"""Keras 1 core, convolution, pooling, padding and noise layers (KM601-KM611).

Each entry is one Keras 1.2.2 class with its Keras 1 signature (the positional order a
Keras 1 call relied on), the class rename and the keyword renames Keras 2 made
(docs/legacy-apis.md, "Keras 1 layers"). What a keyword rename cannot say (two positional
kernel sizes that become one ``kernel_size`` tuple, a default that is now required, a
keyword that is dropped, split in two or reported) is the entry's :class:`Keras1Layer`
in :data:`LAYERS`, which ``analyses/layers.py`` applies. ``dim_ordering=`` is KM204's row
(``tables/data_format.py``) wherever the new class takes ``data_format``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType as frozendict

from ._schema import Entry, KeywordChange
from .values import DIM_ORDERING_KEYWORD_VALUES

K1 = "1.2.2"

_DENSE_LIKE = {
    "init": KeywordChange("kernel_initializer"),
    "W_regularizer": KeywordChange("kernel_regularizer"),
    "b_regularizer": KeywordChange("bias_regularizer"),
    "W_constraint": KeywordChange("kernel_constraint"),
    "b_constraint": KeywordChange("bias_constraint"),
    "bias": KeywordChange("use_bias"),
}
_CONV = {
    **_DENSE_LIKE,
    "nb_filter": KeywordChange("filters"),
    "border_mode": KeywordChange("padding"),
    "subsample": KeywordChange("strides"),
}
_CONV1D = {
    **{k: v for k, v in _CONV.items() if k != "subsample"},
    "filter_length": KeywordChange("kernel_size"),
    "subsample_length": KeywordChange("strides"),
}
_SEPARABLE = {k: v for k, v in _CONV.items() if not k.startswith("W_") and k != "init"}
#: the layers KM204 does not rename ``dim_ordering`` on (they are gone under their Keras 1
#: name): their entries map it themselves, with KM204's own value map
_DIM_ORDERING = {"dim_ordering": KeywordChange("data_format", DIM_ORDERING_KEYWORD_VALUES)}

_REG = (
    "W_regularizer=None, b_regularizer=None, activity_regularizer=None, W_constraint=None, b_constraint=None"
)
_CONV2D_TAIL = f"border_mode='valid', subsample=(1, 1), dim_ordering='default', {_REG}, bias=True, **kwargs"


@dataclass(frozen=True)
class Keras1Layer:
    """What a Keras 1 call of one layer needs beyond keyword renames (``analyses/layers.py``)."""

    #: how many leading positionals mean the same today (Keras 2's allowed positionals, which
    #: are a prefix of the Keras 3 signature); legacy positionals after them become keywords
    kept: int
    #: the legacy parameters (at positions 1..n) that together are ``kernel_size`` now
    kernel: tuple[str, ...] = ()
    #: the name exists today with other positional meanings (``Convolution2D`` is ``Conv2D``):
    #: a legacy positional call in a file without Keras 1 evidence is reported
    ambiguous: bool = False
    #: keyword -> the source text of the Keras 1 default, written out when it is not passed
    #: (the parameter is required today)
    fill: tuple[tuple[str, str], ...] = ()
    #: legacy keyword -> the new keywords that each get its value
    split: frozendict[str, tuple[str, ...]] = field(default_factory=lambda: frozendict({}))
    #: ``input_dim`` (and ``input_length``) -> ``input_shape=(input_length, input_dim)``
    input_shape: bool = False
    #: ``input_length=N`` without an input shape -> ``input_shape=(N,)``: Keras 1/2 Embedding set
    #: the input shape from it; Keras 3 ignores it, so a ``Sequential`` starting with it is unbuilt
    length_shape: bool = False
    #: ``padding`` may be a dict or a flat 4-tuple (ZeroPadding2D)
    padding_2d: bool = False
    #: ``output_shape`` is dropped where it cannot change the output (Deconvolution2D)
    output_shape: bool = False
    #: legacy keyword -> why it has no equivalent (reported)
    unsupported: frozendict[str, str] = field(default_factory=lambda: frozendict({}))


#: Keras 1 names that are still aliases of their new name today
_ALIASES = frozenset({"Convolution1D", "Convolution2D", "Convolution3D", "SeparableConvolution2D"})


def _entry(rule: str, name: str, signature: str, renamed: str = "", /, **keywords: KeywordChange) -> Entry:
    return Entry(
        rule,
        f"keras.layers.{name}",
        signature,
        version=K1,
        renamed=f"keras.layers.{renamed}" if renamed else "",
        renamed_with_evidence=name in _ALIASES,
        keywords=frozendict(keywords),
    )


_WEIGHTS = frozendict(
    {"weights": "`weights=` is not a layer keyword today; call `layer.set_weights(...)` after building it"}
)
_EMBEDDING_DROPOUT = (
    "Keras 1 `Embedding(dropout=)` dropped whole words and has no equivalent: remove it, or add "
    "`SpatialDropout1D` after the layer"
)

ENTRIES: list[Entry] = []
LAYERS: dict[Entry, Keras1Layer] = {}


def _add(entry: Entry, layer: Keras1Layer) -> None:
    ENTRIES.append(entry)
    LAYERS[entry] = layer


# KM601: Dense
_add(
    _entry(
        "KM601",
        "Dense",
        f"output_dim, init='glorot_uniform', activation=None, weights=None, {_REG}, bias=True, "
        "input_dim=None, **kwargs",
        output_dim=KeywordChange("units"),
        **_DENSE_LIKE,
    ),
    Keras1Layer(1, unsupported=_WEIGHTS),
)

# KM602: dropout and noise
_add(
    _entry("KM602", "Dropout", "p, noise_shape=None, seed=None, **kwargs", p=KeywordChange("rate")),
    Keras1Layer(3),
)
_add(_entry("KM602", "SpatialDropout1D", "p, **kwargs", p=KeywordChange("rate")), Keras1Layer(1))
for _name in ("SpatialDropout2D", "SpatialDropout3D"):
    _add(
        _entry("KM602", _name, "p, dim_ordering='default', **kwargs", p=KeywordChange("rate")),
        Keras1Layer(1),
    )
_add(_entry("KM602", "GaussianNoise", "sigma, **kwargs", sigma=KeywordChange("stddev")), Keras1Layer(1))
_add(_entry("KM602", "GaussianDropout", "p, **kwargs", p=KeywordChange("rate")), Keras1Layer(1))

# KM603: Embedding
_add(
    _entry(
        "KM603",
        "Embedding",
        "input_dim, output_dim, init='uniform', input_length=None, W_regularizer=None, "
        "activity_regularizer=None, W_constraint=None, mask_zero=False, weights=None, dropout=0.0, **kwargs",
        init=KeywordChange("embeddings_initializer"),
        W_regularizer=KeywordChange("embeddings_regularizer"),
        W_constraint=KeywordChange("embeddings_constraint"),
    ),
    Keras1Layer(2, unsupported=frozendict({**_WEIGHTS, "dropout": _EMBEDDING_DROPOUT}), length_shape=True),
)

# KM604: Convolution1D/2D/3D (and their Keras 1 aliases Conv1D/2D/3D, current names)
_CONV1D_SIG = (
    "nb_filter, filter_length, init='glorot_uniform', activation=None, weights=None, "
    f"border_mode='valid', subsample_length=1, {_REG}, bias=True, input_dim=None, input_length=None, **kwargs"
)
_CONV2D_SIG = (
    f"nb_filter, nb_row, nb_col, init='glorot_uniform', activation=None, weights=None, {_CONV2D_TAIL}"
)
_CONV3D_SIG = (
    "nb_filter, kernel_dim1, kernel_dim2, kernel_dim3, init='glorot_uniform', activation=None, "
    f"weights=None, border_mode='valid', subsample=(1, 1, 1), dim_ordering='default', {_REG}, bias=True, **kwargs"
)
_KERNEL_2D = ("nb_row", "nb_col")
_KERNEL_3D = ("kernel_dim1", "kernel_dim2", "kernel_dim3")
for _old, _new in (("Convolution1D", "Conv1D"), ("Conv1D", "")):
    _add(
        _entry("KM604", _old, _CONV1D_SIG, _new, **_CONV1D),
        Keras1Layer(2, ambiguous=bool(_new), input_shape=True, unsupported=_WEIGHTS),
    )
for _old, _new in (("Convolution2D", "Conv2D"), ("Conv2D", "")):
    _add(
        _entry("KM604", _old, _CONV2D_SIG, _new, **_CONV),
        Keras1Layer(2, _KERNEL_2D, ambiguous=bool(_new), unsupported=_WEIGHTS),
    )
for _old, _new in (("Convolution3D", "Conv3D"), ("Conv3D", "")):
    _add(
        _entry("KM604", _old, _CONV3D_SIG, _new, **_CONV),
        Keras1Layer(2, _KERNEL_3D, ambiguous=bool(_new), unsupported=_WEIGHTS),
    )

# KM605: AtrousConvolution1D/2D -> Conv1D/2D(dilation_rate=)
_add(
    _entry(
        "KM605",
        "AtrousConvolution1D",
        "nb_filter, filter_length, init='glorot_uniform', activation=None, weights=None, "
        f"border_mode='valid', subsample_length=1, atrous_rate=1, {_REG}, bias=True, **kwargs",
        "Conv1D",
        **_CONV1D,
        atrous_rate=KeywordChange("dilation_rate"),
    ),
    Keras1Layer(2, input_shape=True, unsupported=_WEIGHTS),
)
_add(
    _entry(
        "KM605",
        "AtrousConvolution2D",
        "nb_filter, nb_row, nb_col, init='glorot_uniform', activation=None, weights=None, "
        f"border_mode='valid', subsample=(1, 1), atrous_rate=(1, 1), dim_ordering='default', {_REG}, "
        "bias=True, **kwargs",
        "Conv2D",
        **_CONV,
        **_DIM_ORDERING,
        atrous_rate=KeywordChange("dilation_rate"),
    ),
    Keras1Layer(2, _KERNEL_2D, unsupported=_WEIGHTS),
)

# KM606: Deconvolution2D -> Conv2DTranspose (Keras 2's converter took the same Keras 1 call
# under the new name, so a reported output_shape is found again on the next run)
_DECONV_SIG = (
    "nb_filter, nb_row, nb_col, output_shape, init='glorot_uniform', activation=None, weights=None, "
    + _CONV2D_TAIL
)
_add(
    _entry("KM606", "Deconvolution2D", _DECONV_SIG, "Conv2DTranspose", **_CONV, **_DIM_ORDERING),
    Keras1Layer(2, _KERNEL_2D, output_shape=True, unsupported=_WEIGHTS),
)
_add(
    _entry("KM606", "Conv2DTranspose", _DECONV_SIG, **_CONV),
    Keras1Layer(2, _KERNEL_2D, output_shape=True, unsupported=_WEIGHTS),
)

# KM607: SeparableConvolution2D -> SeparableConv2D (init -> both initializers); the new name
# too, as Keras 2's converter took it (a reported init= is found again on the next run)
_SEPARABLE_SIG = (
    "nb_filter, nb_row, nb_col, init='glorot_uniform', activation=None, weights=None, "
    "border_mode='valid', subsample=(1, 1), depth_multiplier=1, dim_ordering='default', "
    "depthwise_regularizer=None, pointwise_regularizer=None, b_regularizer=None, "
    "activity_regularizer=None, depthwise_constraint=None, pointwise_constraint=None, "
    "b_constraint=None, bias=True, **kwargs"
)
_SPLIT_INIT = frozendict({"init": ("depthwise_initializer", "pointwise_initializer")})
for _old, _new in (("SeparableConvolution2D", "SeparableConv2D"), ("SeparableConv2D", "")):
    _add(
        _entry("KM607", _old, _SEPARABLE_SIG, _new, **_SEPARABLE),
        Keras1Layer(2, _KERNEL_2D, ambiguous=bool(_new), split=_SPLIT_INIT, unsupported=_WEIGHTS),
    )

# KM608: pooling; KM609: AveragePooling*D's pool size, required today
_POOL1D = {
    "pool_length": KeywordChange("pool_size"),
    "stride": KeywordChange("strides"),
    "border_mode": KeywordChange("padding"),
}
_POOL1D_SIG = "pool_length=2, stride=None, border_mode='valid', **kwargs"
_add(_entry("KM608", "MaxPooling1D", _POOL1D_SIG, **_POOL1D), Keras1Layer(3))
_add(_entry("KM609", "AveragePooling1D", _POOL1D_SIG, **_POOL1D), Keras1Layer(3, fill=(("pool_size", "2"),)))
for _dims, _default in ((2, "(2, 2)"), (3, "(2, 2, 2)")):
    _sig = f"pool_size={_default}, strides=None, border_mode='valid', dim_ordering='default', **kwargs"
    _border = {"border_mode": KeywordChange("padding")}
    _add(_entry("KM608", f"MaxPooling{_dims}D", _sig, **_border), Keras1Layer(3))
    _add(
        _entry("KM609", f"AveragePooling{_dims}D", _sig, **_border),
        Keras1Layer(3, fill=(("pool_size", _default),)),
    )
    for _kind in ("Max", "Average"):
        _add(
            _entry("KM608", f"Global{_kind}Pooling{_dims}D", "dim_ordering='default', **kwargs"),
            Keras1Layer(0),
        )

# KM610: upsampling
_add(_entry("KM610", "UpSampling1D", "length=2, **kwargs", length=KeywordChange("size")), Keras1Layer(1))
_add(_entry("KM610", "UpSampling2D", "size=(2, 2), dim_ordering='default', **kwargs"), Keras1Layer(1))
_add(_entry("KM610", "UpSampling3D", "size=(2, 2, 2), dim_ordering='default', **kwargs"), Keras1Layer(1))

# KM611: zero padding and cropping
_add(
    _entry("KM611", "ZeroPadding2D", "padding=(1, 1), dim_ordering='default', **kwargs"),
    Keras1Layer(1, padding_2d=True),
)
_add(_entry("KM611", "ZeroPadding3D", "padding=(1, 1, 1), dim_ordering='default', **kwargs"), Keras1Layer(1))
_add(
    _entry("KM611", "Cropping2D", "cropping=((0, 0), (0, 0)), dim_ordering='default', **kwargs"),
    Keras1Layer(1),
)
_add(
    _entry("KM611", "Cropping3D", "cropping=((1, 1), (1, 1), (1, 1)), dim_ordering='default', **kwargs"),
    Keras1Layer(1),
)

__all__ = ["ENTRIES", "LAYERS", "Keras1Layer"]
