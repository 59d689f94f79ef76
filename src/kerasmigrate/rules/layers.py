"""KM6xx: Keras 1 core, convolution, pooling, padding and noise layers -> Keras 2/3 calls.

The changes are catalogue rows (``catalogue/layers.py``: class and keyword renames, and
each layer's :class:`~kerasmigrate.catalogue.layers.Keras1Layer`), applied by
``analyses/renames.py``, ``analyses/keywords.py`` and ``analyses/layers.py``.
"""

from __future__ import annotations

from ..tables import SOMETIMES_SAFE
from ._base import Example, RuleInfo

FAMILY = "layers"

_SOURCE = (
    "Keras 2.2.4 `keras/legacy/interfaces.py` (the Keras 1 converters); docs/legacy-apis.md, Keras 1 layers"
)
_POSITIONAL = (
    " Positional arguments past the ones Keras 2 kept are passed by keyword, by their Keras 1 "
    'meaning, only in a file with Keras 1 evidence (docs/architecture.md, "Keras 1 evidence"): '
    "the same text is valid `tf.keras` code with another meaning."
)
_SAFE = (
    "Safe: the renames are the ones Keras 2 applied itself to Keras 1 calls, and the old keywords "
    "are rejected today, so only calls that fail now change. Values are passed on as they are."
)


def _rule(
    rule: str, name: str, summary: str, why: str, before: str, after: str, safety: str = _SAFE, use: str = ""
) -> RuleInfo:
    return RuleInfo(
        rule,
        name,
        summary,
        SOMETIMES_SAFE,
        FAMILY,
        why=why,
        fix_safety=safety,
        example=Example(before, after),
        use_instead=use,
        references=(_SOURCE,),
    )


KM601 = _rule(
    "KM601",
    "keras1-dense",
    "Replace Keras 1 `Dense` keywords (`output_dim`, `init`, `W_regularizer`, `bias`, ...) and positionals.",
    "Keras 2 renamed `output_dim` to `units`, `init` to `kernel_initializer`, `W_/b_regularizer` and "
    "`W_/b_constraint` to `kernel_/bias_...`, `bias` to `use_bias`; Keras 1's second positional was "
    "`init` (today it is `activation`)." + _POSITIONAL + " `weights=` is reported unless it is None.",
    "from keras.layers import Dense\n\nfc = Dense(output_dim=64, init='he_normal', W_regularizer=reg)\n",
    "from keras.layers import Dense\n\nfc = Dense(units=64, kernel_initializer='he_normal', kernel_regularizer=reg)\n",
)
KM602 = _rule(
    "KM602",
    "keras1-dropout-noise",
    "Replace `p=` with `rate=` (Dropout, SpatialDropout1D/2D/3D, GaussianDropout) and `sigma=` with `stddev=`.",
    "Keras 2 renamed the dropout fraction `p` to `rate` and GaussianNoise's `sigma` to `stddev`; "
    "Keras 3 rejects the old keywords. SpatialDropout2D/3D's second Keras 1 positional was "
    "`dim_ordering`: it becomes `data_format=` with KM204's value map." + _POSITIONAL,
    "from keras.layers import Dropout, GaussianNoise\n\nd = Dropout(p=0.5)\nn = GaussianNoise(sigma=0.1)\n",
    "from keras.layers import Dropout, GaussianNoise\n\nd = Dropout(rate=0.5)\nn = GaussianNoise(stddev=0.1)\n",
)
KM603 = _rule(
    "KM603",
    "keras1-embedding",
    "Replace Keras 1 `Embedding` keywords and positionals; report `dropout=`, which has no equivalent.",
    "Keras 2 renamed `init`, `W_regularizer`, `W_constraint` to `embeddings_...`. Keras 1's "
    "positionals were `(input_dim, output_dim, init, input_length, ...)`; today the third is "
    "`embeddings_initializer` and the fourth `embeddings_regularizer`." + _POSITIONAL + " Keras 1 "
    "and 2 set the layer's input shape from `input_length=N`; Keras 3 ignores it (a warning), so a "
    "`Sequential` starting with the layer is unbuilt (`count_params()`, `output_shape` raise): it "
    "becomes `input_shape=(N,)` unless the call gives an input shape itself. Keras 1's "
    "`dropout=` dropped whole words and has no equivalent: it is reported (a literal 0 is dropped).",
    "from keras.layers import Embedding\n\nemb = Embedding(1000, 64, 'uniform', 10, W_regularizer=reg)\n",
    "from keras.layers import Embedding\n\nemb = Embedding(1000, 64, embeddings_initializer='uniform', "
    "input_shape=(10,), embeddings_regularizer=reg)\n",
    use="`SpatialDropout1D(rate)` after the layer, for Keras 1's `Embedding(dropout=rate)` (close, not identical)",
)
KM604 = _rule(
    "KM604",
    "keras1-convolution",
    "Replace `Convolution1D/2D/3D(nb_filter, nb_row, nb_col, border_mode=, subsample=, init=, ...)` with `Conv*D`.",
    "Keras 2 renamed the classes to `Conv1D/2D/3D` and `nb_filter` to `filters`, `border_mode` to "
    "`padding`, `subsample`/`subsample_length` to `strides`, `filter_length` to `kernel_size`, and "
    "merged `nb_row, nb_col` (`kernel_dim1..3`) into one `kernel_size`. `Convolution2D(32, 3, 3)` is "
    "still valid today and means a 3x3 kernel *with stride 3* (a 28x28 input gives 9x9, not 26x26): "
    "it becomes `Conv2D(32, (3, 3))` in a file with Keras 1 evidence, and is reported in a file "
    "without; `Conv2D(32, 3, 3)` in such a file is left alone (valid `tf.keras`). Keras 1 "
    "`Convolution1D(input_dim=, input_length=)` becomes `input_shape=(input_length, input_dim)` "
    "(today `input_length` is rejected and `input_dim` alone means a 2-D input)." + _POSITIONAL,
    "from keras.layers import Convolution2D\n\nconv = Convolution2D(32, 3, 3, border_mode='same', init='he_normal')\n",
    "from keras.layers import Conv2D\n\nconv = Conv2D(32, (3, 3), padding='same', kernel_initializer='he_normal')\n",
)
KM605 = _rule(
    "KM605",
    "keras1-atrous-convolution",
    "Replace `AtrousConvolution1D/2D(..., atrous_rate=r)` with `Conv1D/2D(..., dilation_rate=r)`.",
    "Keras 2 turned the atrous layers into `Conv1D`/`Conv2D` with `dilation_rate` (its legacy "
    "factory popped `atrous_rate` into it); the old names are gone today (ImportError). Every "
    "other argument converts as for KM604, and `dim_ordering=` with KM204's value map.",
    "from keras.layers import AtrousConvolution2D\n\nconv = AtrousConvolution2D(64, 3, 3, atrous_rate=(2, 2))\n",
    "from keras.layers import Conv2D\n\nconv = Conv2D(64, (3, 3), dilation_rate=(2, 2))\n",
)
KM606 = _rule(
    "KM606",
    "keras1-deconvolution",
    "Replace `Deconvolution2D(nb_filter, nb_row, nb_col, output_shape, ...)` with `Conv2DTranspose`.",
    "Keras 2 renamed `Deconvolution2D` to `Conv2DTranspose` (gone under the old name today) and "
    "dropped `output_shape`. With strides 1 the output size of a transposed convolution is "
    "determined by its input, so the `output_shape` of a working Keras 1 call was that size and "
    "dropping it changes nothing; with other strides several output sizes are possible "
    "(`Conv2DTranspose` picks one, `output_padding=` selects another): `output_shape` is then "
    "reported and kept, so the call fails loudly instead of computing another size.",
    "from keras.layers import Deconvolution2D\n\nup = Deconvolution2D(8, 3, 3, (None, 16, 16, 8), border_mode='same')\n",
    "from keras.layers import Conv2DTranspose\n\nup = Conv2DTranspose(8, (3, 3), padding='same')\n",
)
KM607 = _rule(
    "KM607",
    "keras1-separable-convolution",
    "Replace `SeparableConvolution2D(..., init=)` with `SeparableConv2D(..., depthwise_initializer=, pointwise_initializer=)`.",
    "Keras 1 used `init` for both kernels of a separable convolution; Keras 2 split it into "
    "`depthwise_initializer` and `pointwise_initializer` (its converter passed the value to both). "
    "The value is written twice only when it is a literal or a name; any other expression is "
    "reported. The other keywords convert as for KM604 (`depthwise_/pointwise_regularizer` kept "
    "their Keras 1 names).",
    "from keras.layers import SeparableConvolution2D\n\nconv = SeparableConvolution2D(32, nb_row=3, nb_col=3, init='he_normal')\n",
    "from keras.layers import SeparableConv2D\n\nconv = SeparableConv2D(32, kernel_size=(3, 3), "
    "depthwise_initializer='he_normal', pointwise_initializer='he_normal')\n",
)
KM608 = _rule(
    "KM608",
    "keras1-pooling",
    "Replace Keras 1 pooling keywords (`pool_length`, `stride`, `border_mode`) and the positional `dim_ordering`.",
    "Keras 2 renamed MaxPooling1D/AveragePooling1D's `pool_length` to `pool_size` and `stride` to "
    "`strides`, and every pooling layer's `border_mode` to `padding`. Keras 1's fourth positional of "
    "2-D/3-D pooling (and the first of global pooling) was `dim_ordering`: it becomes "
    "`data_format=` with KM204's value map (`'th'` is rejected today)." + _POSITIONAL,
    "from keras.layers import MaxPooling1D\n\npool = MaxPooling1D(pool_length=2, stride=1, border_mode='same')\n",
    "from keras.layers import MaxPooling1D\n\npool = MaxPooling1D(pool_size=2, strides=1, padding='same')\n",
)
KM609 = _rule(
    "KM609",
    "average-pooling-pool-size",
    "Write out the pool size of `AveragePooling1D/2D/3D()`, which Keras 3 requires (Keras 1 defaulted it to 2).",
    "Keras 1 and 2 defaulted AveragePooling1D/2D/3D's pool size to 2 / (2, 2) / (2, 2, 2); Keras 3 "
    "requires it (`TypeError` without). The Keras 1 default is written out; the keyword renames "
    "are those of KM608.",
    "from keras.layers import AveragePooling2D\n\npool = AveragePooling2D(border_mode='same')\n",
    "from keras.layers import AveragePooling2D\n\npool = AveragePooling2D(pool_size=(2, 2), padding='same')\n",
    safety="Safe: the value written out is the Keras 1 default the call relied on.",
)
KM610 = _rule(
    "KM610",
    "keras1-upsampling",
    "Replace `UpSampling1D(length=)` with `size=` and UpSampling2D/3D's positional `dim_ordering`.",
    "Keras 2 renamed UpSampling1D's `length` to `size`; Keras 1's second positional of UpSampling2D/3D "
    "was `dim_ordering`, which becomes `data_format=` with KM204's value map." + _POSITIONAL,
    "from keras.layers import UpSampling1D\n\nup = UpSampling1D(length=2)\n",
    "from keras.layers import UpSampling1D\n\nup = UpSampling1D(size=2)\n",
)
KM611 = _rule(
    "KM611",
    "keras1-padding-cropping",
    "Replace ZeroPadding2D's Keras 1 dict and flat 4-tuple padding, and the positional `dim_ordering` of padding/cropping.",
    "Keras 1 ZeroPadding2D took `padding={'top_pad': t, 'bottom_pad': b, 'left_pad': l, 'right_pad': r}` "
    "or a flat `(t, b, l, r)`; today it takes `((t, b), (l, r))` (a 4-tuple raises `ValueError`). "
    "A dict with exactly those four keys and a flat 4-tuple are rewritten; another dict is reported. "
    "The second Keras 1 positional of ZeroPadding2D/3D and Cropping2D/3D was `dim_ordering`: it "
    "becomes `data_format=` with KM204's value map." + _POSITIONAL,
    "from keras.layers import ZeroPadding2D\n\npad = ZeroPadding2D(padding=(1, 1, 2, 2))\n",
    "from keras.layers import ZeroPadding2D\n\npad = ZeroPadding2D(padding=((1, 1), (2, 2)))\n",
)

RULES = (KM601, KM602, KM603, KM604, KM605, KM606, KM607, KM608, KM609, KM610, KM611)
