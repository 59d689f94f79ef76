"""Which Keras callables take ``data_format=`` today (KM204): data, checked against TF 2.21.

Keras 2 renamed ``dim_ordering=`` to ``data_format=`` on the layers and backend functions
that had it. ``dim_ordering=`` is renamed only where the callee takes ``data_format`` in
TensorFlow 2.21 / Keras 3 (tests/semantic/test_targets.py compares these sets with the
installed ``inspect.signature`` of each); callees that took ``dim_ordering`` but have no
``data_format`` now are reported as what they are.
"""

from __future__ import annotations

from types import MappingProxyType as frozendict

from ..catalogue import DIM_ORDERING_KEYWORD_VALUES, KeywordChange
from ._schema import KeywordRow

#: ``tf.keras.layers`` classes whose constructor takes ``data_format`` (TF 2.21, Keras 3.15).
LAYERS = frozenset(
    "AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D "
    "AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D AugMix AveragePooling1D "
    "AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D CenterCrop "
    "ContrastLimitedAdaptiveHistogramEqualization Conv1D Conv1DTranspose Conv2D "
    "Conv2DTranspose Conv3D Conv3DTranspose ConvLSTM1D ConvLSTM2D ConvLSTM3D Convolution1D "
    "Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D "
    "Convolution3DTranspose Cropping2D Cropping3D CutMix DepthwiseConv1D DepthwiseConv2D "
    "Equalization Flatten GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D "
    "GlobalAvgPool1D GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D "
    "GlobalMaxPool3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D MaxPool1D "
    "MaxPool2D MaxPool3D MaxPooling1D MaxPooling2D MaxPooling3D MixUp RandAugment "
    "RandomColorDegeneration RandomColorJitter RandomCrop RandomElasticTransform RandomErasing "
    "RandomFlip RandomGaussianBlur RandomGrayscale RandomHue RandomInvert RandomPerspective "
    "RandomPosterization RandomRotation RandomSaturation RandomSharpness RandomShear "
    "RandomTranslation RandomZoom Resizing STFTSpectrogram SeparableConv1D SeparableConv2D "
    "SeparableConvolution1D SeparableConvolution2D SpatialDropout2D SpatialDropout3D "
    "UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D".split()
)

#: ``tf.keras.backend`` functions that take ``data_format`` (TF 2.21).
BACKEND = frozenset(
    "bias_add conv1d conv2d conv2d_transpose conv3d depthwise_conv2d pool2d pool3d "
    "resize_images resize_volumes separable_conv2d set_image_data_format spatial_2d_padding "
    "spatial_3d_padding".split()
)

#: ``tf.keras.preprocessing.image`` callables that take ``data_format`` (Keras 1 took
#: ``dim_ordering`` in the same places).
PREPROCESSING = frozenset("ImageDataGenerator array_to_img img_to_array save_img".split())

_OBTAIN = (
    "`_obtain_input_shape` is a removed private Keras helper (Keras 2 renamed `dim_ordering` to "
    "`data_format`, `include_top` to `require_flatten`); compute the shape yourself"
)

#: Callees that took ``dim_ordering`` in Keras 1 and take no ``data_format`` now, by their
#: last name: what to tell the user instead of renaming the keyword.
NOT_DATA_FORMAT: frozendict[str, str] = frozendict(
    {
        "_obtain_input_shape": _OBTAIN,
        "Deconvolution2D": (
            "Keras 1 `Deconvolution2D` no longer exists; port the call to "
            "`Conv2DTranspose(..., data_format=...)` by hand (its other arguments changed too)"
        ),
        "AtrousConvolution2D": (
            "Keras 1 `AtrousConvolution2D` no longer exists; port the call to "
            "`Conv2D(..., dilation_rate=..., data_format=...)` by hand"
        ),
        "LocallyConnected2D": (
            "`LocallyConnected2D` was removed in Keras 3; `dim_ordering=` cannot simply be renamed here"
        ),
    }
)

#: Keras 1 initializer lookups (``initializations.get(init, dim_ordering=...)``): the module
#: that held them, and what to say. Initializers never took ``data_format``.
INITIALIZER_MODULES = frozenset({"initializations", "initializers"})
INITIALIZER_MESSAGE = (
    "`{name}` never took `data_format` (Keras 1 initializers used `dim_ordering` only to compute "
    "fans): drop `dim_ordering=`"
)
UNKNOWN_MESSAGE = (
    "`{name}` does not take `data_format` in current Keras, so `dim_ordering=` cannot be "
    "renamed; check the call by hand"
)


def takes_data_format(qualified: str) -> bool | str:
    """True when the Keras callable named ``qualified`` takes ``data_format`` today, else
    the message for the user (``keras.layers.Conv2D`` -> True)."""
    parts = qualified.split(".")
    name = parts[-1]
    if name in NOT_DATA_FORMAT:
        return NOT_DATA_FORMAT[name]
    if INITIALIZER_MODULES & set(parts[:-1]):
        return INITIALIZER_MESSAGE.format(name=qualified)
    if name in LAYERS or name in BACKEND or name in PREPROCESSING:
        return True
    return UNKNOWN_MESSAGE.format(name=qualified)


__all__ = ["BACKEND", "LAYERS", "NOT_DATA_FORMAT", "PREPROCESSING", "takes_data_format"]


#: KM204: Keras 2 renamed ``dim_ordering=`` to ``data_format=`` on every layer and backend
#: function that had it (docs/legacy-apis.md §3); renamed where the callee takes it today.
#: The same row in every target (the callees are Keras API, not a target's).
DIM_ORDERING_ROW = KeywordRow(
    "KM204",
    "dim_ordering",
    KeywordChange("data_format", DIM_ORDERING_KEYWORD_VALUES),
    takes_data_format,
    "`dim_ordering=` takes a value kerasmigrate cannot see; pass "
    "`data_format='channels_first'` (was 'th') or `'channels_last'` (was 'tf') instead",
)
