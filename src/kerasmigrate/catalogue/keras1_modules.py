"""Keras 1/2 module paths that are gone, and where each of their names lives today.

Module-level rows (:class:`ModuleMove`): a legacy module (``keras.layers.core``,
``keras.engine.topology``, ``keras.utils.np_utils``, ``keras.objectives``, ...) whose names
moved, each to its own current home (``keras.layers.Dense``, ``keras.Input``,
``keras.utils.get_source_inputs``), possibly under another name (``plot`` ->
``plot_model``, ``mse`` -> ``mean_squared_error``), or to nowhere (a message saying what to
do). ``GONE`` lists names of modules that still exist whose name is gone. Same-module
renames of the regularizer/constraint spellings are ordinary catalogue :class:`Entry` rows
(``ENTRIES``), which the rename and keyword analyses apply through every import spelling.

Every current name below exists in ``keras`` 3.15 (``tests/semantic/test_keras1_modules.py``
checks it under the installed TensorFlow); facts: docs/legacy-apis.md §6.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ._schema import Entry, KeywordChange

#: The rules of this family (rules/modules.py holds their pages)
LAYERS_RULE = "KM501"
ENGINE_RULE = "KM502"
UTILS_RULE = "KM503"
OBJECTIVES_RULE = "KM504"
INITIALIZATIONS_RULE = "KM505"
REGULARIZERS_RULE = "KM506"
CONSTRAINTS_RULE = "KM507"
GONE_RULE = "KM510"
DEFERRED_RULE = "KM511"


@dataclass(frozen=True)
class Moved:
    """A name's current home: ``module.name`` (under the ``keras`` root)."""

    module: str
    name: str
    #: a keyword whose default changed, written out when a call omits it (name, source text)
    write_out: tuple[tuple[str, str], ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(frozen=True)
class Gone:
    """A name with no current equivalent: what to do instead (one line), under which rule."""

    hint: str
    rule: str = GONE_RULE


Fate = Moved | Gone


@dataclass(frozen=True)
class ModuleMove:
    """A legacy module that no longer exists (``ModuleNotFoundError``), and its names."""

    rule: str
    module: str
    #: what ``import <module>`` (binding the root) becomes: the module most names went to
    home: str
    names: Mapping[str, Fate] = field(default_factory=lambda: MappingProxyType({}))
    #: the names of ``keras.layers`` today: every other name is looked up in ``names``
    layers: bool = False

    def fate(self, name: str) -> Fate | None:
        if name in self.names:
            return self.names[name]
        if self.layers and name in LAYERS_TODAY:
            return Moved("keras.layers", name)
        return None


#: Classes and functions of ``keras.layers`` in keras 3.15 and in ``tf.keras.layers`` on TF
#: 2.21 that a Keras 1/2 layer module held (the submodule a name came from does not matter:
#: every one of them is ``keras.layers`` today).
LAYERS_TODAY = frozenset(
    {
        # core
        "Dense", "Dropout", "Activation", "Reshape", "Permute", "Flatten", "RepeatVector",
        "Lambda", "ActivityRegularization", "Masking", "SpatialDropout1D", "SpatialDropout2D",
        "SpatialDropout3D", "InputLayer", "Input", "Layer", "InputSpec",
        # convolutional
        "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D",
        "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D",
        "DepthwiseConv2D", "Conv2DTranspose", "Conv3DTranspose", "Convolution2DTranspose",
        "Convolution3DTranspose", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D",
        "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
        "ConvLSTM2D",
        # pooling
        "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
        "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
        "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
        "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalAvgPool1D",
        "GlobalAvgPool2D", "GlobalAvgPool3D",
        # recurrent
        "SimpleRNN", "GRU", "LSTM", "RNN", "SimpleRNNCell", "GRUCell", "LSTMCell",
        "StackedRNNCells",
        # normalization, embeddings, noise
        "BatchNormalization", "Embedding", "GaussianNoise", "GaussianDropout", "AlphaDropout",
        # advanced activations
        "LeakyReLU", "PReLU", "ELU", "Softmax", "ReLU",
        # wrappers
        "Wrapper", "TimeDistributed", "Bidirectional",
        # merge (Keras 2's keras.layers.merge)
        "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
        "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate", "dot",
    }
)  # fmt: skip

_LAYERS_GONE: Mapping[str, Fate] = MappingProxyType(
    {
        "Highway": Gone("`Highway` has no equivalent in current Keras: write the gated layer yourself"),
        "MaxoutDense": Gone("`MaxoutDense` has no equivalent in current Keras: a `Dense(units * k)`, reshaped, then a max over k"),
        "TimeDistributedDense": Gone("`TimeDistributedDense(n)` is gone: use `TimeDistributed(Dense(n))`"),
        "SReLU": Gone("`SReLU` is gone from Keras (it moved to keras-contrib): write it as a custom layer"),
        "ParametricSoftplus": Gone("`ParametricSoftplus` is gone from Keras (it moved to keras-contrib): write it as a custom layer"),
        "Recurrent": Gone("the `Recurrent` base class is gone: subclass `keras.layers.RNN` with a cell"),
        "LocallyConnected1D": Gone("`LocallyConnected1D` is gone from Keras 3: copy an implementation into your code"),
        "LocallyConnected2D": Gone("`LocallyConnected2D` is gone from Keras 3: copy an implementation into your code"),
        "ThresholdedReLU": Gone("`ThresholdedReLU` is not in `keras.layers` (only `tf.keras.layers` keeps a legacy copy): `ReLU(threshold=t)` is close but passes x == t through"),
        "CuDNNLSTM": Gone("`CuDNNLSTM` is gone: `LSTM` uses cuDNN by itself when it can"),
        "CuDNNGRU": Gone("`CuDNNGRU` is gone: `GRU(reset_after=True)` uses cuDNN by itself when it can"),
    }
)  # fmt: skip

_LAYER_SUBMODULES = (
    "core", "convolutional", "pooling", "recurrent", "normalization", "embeddings",
    "advanced_activations", "noise", "wrappers", "local", "merge", "convolutional_recurrent",
    "cudnn_recurrent",
)  # fmt: skip

_TOPOLOGY: Mapping[str, Fate] = MappingProxyType(
    {
        "Layer": Moved("keras.layers", "Layer"),
        "InputSpec": Moved("keras.layers", "InputSpec"),
        "Input": Moved("keras", "Input"),
        "InputLayer": Moved("keras.layers", "InputLayer"),
        "get_source_inputs": Moved("keras.utils", "get_source_inputs"),
        "Model": Moved("keras", "Model"),
        "Container": Gone("`Container` is gone: a `keras.Model(inputs, outputs)` is the container of layers"),
        "Network": Gone("`Network` is gone: use `keras.Model(inputs, outputs)`"),
        "Node": Gone("`Node` is internal to Keras 3 (no public equivalent)"),
    }
)

_OBJECTIVES: Mapping[str, Fate] = MappingProxyType(
    {
        # keras.losses (Keras 3) has only the long names; same formulas as Keras 1 (§6)
        **{n: Moved("keras.losses", n) for n in (
            "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
            "mean_squared_logarithmic_error", "categorical_crossentropy",
            "sparse_categorical_crossentropy", "binary_crossentropy", "poisson",
        )},
        "mse": Moved("keras.losses", "mean_squared_error"),
        "MSE": Moved("keras.losses", "mean_squared_error"),
        "mae": Moved("keras.losses", "mean_absolute_error"),
        "MAE": Moved("keras.losses", "mean_absolute_error"),
        "mape": Moved("keras.losses", "mean_absolute_percentage_error"),
        "MAPE": Moved("keras.losses", "mean_absolute_percentage_error"),
        "msle": Moved("keras.losses", "mean_squared_logarithmic_error"),
        "MSLE": Moved("keras.losses", "mean_squared_logarithmic_error"),
        "kullback_leibler_divergence": Moved("keras.losses", "kl_divergence"),
        "kld": Moved("keras.losses", "kl_divergence"),
        "KLD": Moved("keras.losses", "kl_divergence"),
        "hinge": Gone("`keras.losses.hinge` now turns 0/1 labels into -1/1 first, Keras 1's did not: check your labels, then use it"),
        "squared_hinge": Gone("`keras.losses.squared_hinge` now turns 0/1 labels into -1/1 first, Keras 1's did not: check your labels, then use it"),
        "cosine_proximity": Gone("`cosine_proximity` is gone: `keras.losses.cosine_similarity` sums over the last axis where Keras 1 took the mean"),
        "cosine": Gone("`cosine` (cosine_proximity) is gone: `keras.losses.cosine_similarity` sums over the last axis where Keras 1 took the mean"),
    }
)  # fmt: skip

_INIT_HINT = (
    "`keras.initializations.{name}` is gone; `keras.initializers` holds classes called as "
    "`init(shape, dtype)`: port it by hand"
)
_INITIALIZATIONS = MappingProxyType(
    {
        n: Gone(_INIT_HINT.format(name=n), INITIALIZATIONS_RULE)
        for n in (
            "get", "uniform", "normal", "zero", "one", "identity", "orthogonal", "glorot_uniform",
            "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
        )
    }
)  # fmt: skip

_PROGBAR = Gone(
    "`keras.utils.Progbar` exists, but its defaults (width 20, interval 0.05) and `update()` "
    "(no `force=`) changed: use it by hand"
)
_SERIAL = Gone("`keras.utils.{name}` exists, but reads and writes the Keras 3 format: check by hand")

MOVES: Mapping[str, ModuleMove] = MappingProxyType(
    {
        **{
            f"keras.layers.{sub}": ModuleMove(
                LAYERS_RULE, f"keras.layers.{sub}", "keras.layers", _LAYERS_GONE, True
            )
            for sub in _LAYER_SUBMODULES
        },
        "keras.engine": ModuleMove(ENGINE_RULE, "keras.engine", "keras", _TOPOLOGY),
        "keras.engine.topology": ModuleMove(ENGINE_RULE, "keras.engine.topology", "keras", _TOPOLOGY),
        "keras.engine.base_layer": ModuleMove(ENGINE_RULE, "keras.engine.base_layer", "keras", _TOPOLOGY),
        "keras.engine.input_layer": ModuleMove(ENGINE_RULE, "keras.engine.input_layer", "keras", _TOPOLOGY),
        "keras.engine.training": ModuleMove(
            ENGINE_RULE,
            "keras.engine.training",
            "keras",
            MappingProxyType({"Model": Moved("keras", "Model")}),
        ),
        "keras.utils.np_utils": ModuleMove(
            UTILS_RULE,
            "keras.utils.np_utils",
            "keras.utils",
            MappingProxyType(
                {
                    "to_categorical": Moved("keras.utils", "to_categorical"),
                    "normalize": Moved("keras.utils", "normalize"),
                    **{
                        n: Gone(
                            f"`np_utils.{n}` is gone: `np.argmax(p, axis=-1)`, or `(p > 0.5).astype('int32')` for one sigmoid output"
                        )
                        for n in ("probas_to_classes", "categorical_probas_to_classes")
                    },
                    **{
                        n: Gone(f"`np_utils.{n}` is gone from Keras: write it with NumPy")
                        for n in (
                            "accuracy",
                            "binary_logloss",
                            "multiclass_logloss",
                            "convert_kernel",
                            "conv_output_length",
                            "conv_input_length",
                        )
                    },
                }
            ),
        ),
        "keras.utils.data_utils": ModuleMove(
            UTILS_RULE,
            "keras.utils.data_utils",
            "keras.utils",
            MappingProxyType({"get_file": Moved("keras.utils", "get_file")}),
        ),
        "keras.utils.generic_utils": ModuleMove(
            UTILS_RULE,
            "keras.utils.generic_utils",
            "keras.utils",
            MappingProxyType(
                {
                    "get_custom_objects": Moved("keras.utils", "get_custom_objects"),
                    "CustomObjectScope": Moved("keras.utils", "CustomObjectScope"),
                    "custom_object_scope": Moved("keras.utils", "custom_object_scope"),
                    "Progbar": _PROGBAR,
                    "serialize_keras_object": Gone(_SERIAL.hint.format(name="serialize_keras_object")),
                    "deserialize_keras_object": Gone(_SERIAL.hint.format(name="deserialize_keras_object")),
                    **{
                        n: Gone(
                            f"`generic_utils.{n}` was internal to Keras 1/2 and is gone: write it yourself"
                        )
                        for n in (
                            "get_from_module",
                            "make_tuple",
                            "func_dump",
                            "func_load",
                            "has_arg",
                            "to_list",
                            "object_list_uid",
                            "display_table",
                            "getargspec",
                        )
                    },
                }
            ),
        ),
        "keras.utils.visualize_util": ModuleMove(
            UTILS_RULE,
            "keras.utils.visualize_util",
            "keras.utils",
            MappingProxyType(
                {
                    # Keras 1 plot(model, to_file, show_shapes, show_layer_names=True): the
                    # default is False today, and the 4th positional is show_dtype
                    "plot": Moved("keras.utils", "plot_model", (("show_layer_names", "True"),)),
                }
            ),
        ),
        "keras.utils.vis_utils": ModuleMove(
            UTILS_RULE,
            "keras.utils.vis_utils",
            "keras.utils",
            MappingProxyType(
                {
                    "plot_model": Moved("keras.utils", "plot_model", (("show_layer_names", "True"),)),
                }
            ),
        ),
        "keras.objectives": ModuleMove(OBJECTIVES_RULE, "keras.objectives", "keras.losses", _OBJECTIVES),
        "keras.initializations": ModuleMove(
            INITIALIZATIONS_RULE, "keras.initializations", "keras.initializers", _INITIALIZATIONS
        ),
    }
)

#: ``keras.preprocessing`` names Keras 3 dropped (``tf.keras`` on TF 2.21 still has them), and
#: what replaces them; ``text`` is a whole module.
_IMAGE_HINT = "use `keras.utils.image_dataset_from_directory`, `Random*` layers"
_PREPROCESSING_GONE: Mapping[str, str] = MappingProxyType(
    {
        **{
            f"image.{n}": _IMAGE_HINT
            for n in (
                "ImageDataGenerator", "Iterator", "NumpyArrayIterator", "DirectoryIterator",
                "apply_affine_transform", "apply_brightness_shift", "apply_channel_shift",
                "random_brightness", "random_channel_shift", "random_rotation", "random_shear",
                "random_shift", "random_zoom",
            )
        },
        "sequence.TimeseriesGenerator": "use `keras.utils.timeseries_dataset_from_array`",
        "sequence.skipgrams": "write it with NumPy",
        "sequence.make_sampling_table": "write it with NumPy",
        "text": "use the `keras.layers.TextVectorization` layer (`keras.preprocessing.text`)",
    }
)  # fmt: skip

#: Names of modules that still exist whose name is gone, keyed under the ``keras`` root,
#: with the roots it is gone from.
_GONE_NAMES: Mapping[str, tuple[Gone, frozenset[str]]] = MappingProxyType(
    {
        **{
            f"keras.layers.{n}": (g, frozenset({"keras"} if n == "ThresholdedReLU" else {"keras", "tensorflow.keras"}))
            for n, g in _LAYERS_GONE.items()
            if isinstance(g, Gone)
        },
        "keras.utils.HDF5Matrix": (Gone("`HDF5Matrix` is gone: read the data with h5py into arrays or a `keras.utils.PyDataset`"), frozenset({"keras", "tensorflow.keras"})),
        "keras.utils.io_utils.HDF5Matrix": (Gone("`HDF5Matrix` is gone: read the data with h5py into arrays or a `keras.utils.PyDataset`"), frozenset({"keras", "tensorflow.keras"})),
        "keras.utils.multi_gpu_model": (Gone("`multi_gpu_model` is gone: build and compile the model under a distribution strategy (`tf.distribute.MirroredStrategy`)"), frozenset({"keras", "tensorflow.keras"})),
        "keras.utils.training_utils.multi_gpu_model": (Gone("`multi_gpu_model` is gone: build and compile the model under a distribution strategy (`tf.distribute.MirroredStrategy`)"), frozenset({"keras", "tensorflow.keras"})),
        "keras.optimizers.TFOptimizer": (Gone("`TFOptimizer` is gone: use a `keras.optimizers` optimizer"), frozenset({"keras", "tensorflow.keras"})),
        "keras.regularizers.EigenvalueRegularizer": (Gone("`EigenvalueRegularizer` has no equivalent: write a `keras.regularizers.Regularizer` subclass"), frozenset({"keras", "tensorflow.keras"})),
        "keras.regularizers.ActivityRegularizer": (Gone("`ActivityRegularizer(l1, l2)`: pass `keras.regularizers.L1L2(l1, l2)` as `activity_regularizer=` (Keras 1.0/1.1 averaged it over the batch)"), frozenset({"keras", "tensorflow.keras"})),
        **{
            f"keras.regularizers.{n}": (Gone(f"`{n}(...)`: pass `keras.regularizers.{new}` as `activity_regularizer=` (Keras 1.0/1.1 averaged it over the batch; Keras 1.2 and 3 sum it)"), frozenset({"keras", "tensorflow.keras"}))
            for n, new in (("activity_l1", "l1(l)"), ("activity_l2", "l2(l)"), ("activity_l1l2", "l1_l2(l1=0.01, l2=0.01)"))
        },
        **{
            f"keras.preprocessing.{n}": (Gone(f"`{n.rpartition('.')[2]}` is gone from Keras 3 (`tf.keras` has it): {hint}"), frozenset({"keras"}))
            for n, hint in _PREPROCESSING_GONE.items()
        },
        "keras.wrappers.scikit_learn": (Gone("`keras.wrappers.scikit_learn` is gone: use the scikeras package (`scikeras.wrappers.KerasClassifier`)"), frozenset({"keras", "tensorflow.keras"})),
    }
)  # fmt: skip

#: Gone names whose module was rewritten to its home (``np_utils`` -> ``keras.utils``) are
#: still reported by a second run: they are gone from the home too (unless it has a name of
#: the same spelling that behaves otherwise: ``Progbar``, ``hinge``).
_STILL_NAMED = frozenset(
    {"Progbar", "serialize_keras_object", "deserialize_keras_object", "hinge", "squared_hinge"}
)
GONE: Mapping[str, tuple[Gone, frozenset[str]]] = MappingProxyType(
    {
        **{
            f"{move.home}.{name}": (fate, frozenset({"keras", "tensorflow.keras"}))
            for move in MOVES.values()
            if move.rule != INITIALIZATIONS_RULE
            for name, fate in move.names.items()
            if isinstance(fate, Gone) and name not in _STILL_NAMED and move.home != "keras"
        },
        **_GONE_NAMES,
    }
)

_KEEP_ALL = "*args, **kwargs"

#: Same-module renames and keyword renames (applied by analyses/renames.py and keywords.py).
ENTRIES: tuple[Entry, ...] = (
    Entry(
        REGULARIZERS_RULE,
        "keras.regularizers.l1l2",
        "l1=0.01, l2=0.01",
        version="1.2.2",
        renamed="keras.regularizers.l1_l2",
    ),
    Entry(
        REGULARIZERS_RULE,
        "keras.regularizers.WeightRegularizer",
        "l1=0.0, l2=0.0",
        version="1.2.2",
        renamed="keras.regularizers.L1L2",
    ),
    Entry(
        REGULARIZERS_RULE,
        "keras.regularizers.L1L2Regularizer",
        "l1=0.0, l2=0.0",
        version="1.2.2",
        renamed="keras.regularizers.L1L2",
    ),
    Entry(
        REGULARIZERS_RULE,
        "keras.regularizers.l1",
        "l=0.01",
        version="2.2.4",
        keywords=MappingProxyType({"l": KeywordChange("l1")}),
    ),
    Entry(
        REGULARIZERS_RULE,
        "keras.regularizers.l2",
        "l=0.01",
        version="2.2.4",
        keywords=MappingProxyType({"l": KeywordChange("l2")}),
    ),
    Entry(
        CONSTRAINTS_RULE,
        "keras.constraints.maxnorm",
        "m=2, axis=0",
        version="1.2.2",
        renamed="keras.constraints.max_norm",
        keywords=MappingProxyType({"m": KeywordChange("max_value")}),
    ),
    Entry(
        CONSTRAINTS_RULE,
        "keras.constraints.MaxNorm",
        "m=2, axis=0",
        version="1.2.2",
        keywords=MappingProxyType({"m": KeywordChange("max_value")}),
    ),
    Entry(
        CONSTRAINTS_RULE,
        "keras.constraints.nonneg",
        _KEEP_ALL,
        version="1.2.2",
        renamed="keras.constraints.non_neg",
    ),
    Entry(
        CONSTRAINTS_RULE,
        "keras.constraints.unitnorm",
        "axis=0",
        version="1.2.2",
        renamed="keras.constraints.unit_norm",
    ),
    Entry(
        CONSTRAINTS_RULE,
        "keras.constraints.MinMaxNorm",
        "low=0.0, high=1.0, rate=1.0, axis=0",
        version="1.2.2",
        keywords=MappingProxyType({"low": KeywordChange("min_value"), "high": KeywordChange("max_value")}),
    ),
    Entry(
        UTILS_RULE,
        "keras.utils.np_utils.to_categorical",
        "y, nb_classes=None",
        version="1.2.2",
        keywords=MappingProxyType({"nb_classes": KeywordChange("num_classes"), "y": KeywordChange("x")}),
    ),
    Entry(
        UTILS_RULE,
        "keras.utils.visualize_util.plot",
        "model, to_file='model.png', show_shapes=False, show_layer_names=True",
        version="1.2.2",
        positional=3,
    ),
    Entry(
        UTILS_RULE,
        "keras.utils.vis_utils.plot_model",
        "model, to_file='model.png', show_shapes=False, show_layer_names=True, rankdir='TB'",
        version="2.2.4",
        positional=3,
    ),
)

#: the regularizers/constraints whose Keras 1 defaults differ from today's: written out when
#: a renamed call omits them (``l1l2()`` meant l1=0.01, l2=0.01; ``l1_l2()`` is 0.0 today)
WRITE_OUT: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {"keras.regularizers.l1l2": (("l1", "0.01"), ("l2", "0.01"))}
)


def legacy_module(qualified: str) -> tuple[ModuleMove, str] | None:
    """The gone module a ``keras.``-rooted qualified name starts with (longest first), and the rest."""
    module, rest = qualified, ""
    while module:
        move = MOVES.get(module)
        if move is not None:
            return move, rest
        module, _, head = module.rpartition(".")
        rest = f"{head}.{rest}" if rest else head
    return None


def gone(qualified: str) -> Gone | None:
    """A name of a still existing module that is gone (any root), or None."""
    if qualified.startswith("tensorflow.keras."):
        root, key = "tensorflow.keras", "keras." + qualified[len("tensorflow.keras.") :]
    elif qualified.startswith("keras."):
        root, key = "keras", qualified
    else:
        return None
    probe = key
    while probe.count("."):
        found = GONE.get(probe)
        if found is not None:
            return found[0] if root in found[1] else None
        probe = probe.rpartition(".")[0]
    return None
