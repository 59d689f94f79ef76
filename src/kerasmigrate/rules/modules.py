"""KM5xx: Keras 1/2 module paths that are gone, their names' current homes, and names that
have no equivalent (reported on their line; an import used only inside functions is moved
next to its use so the module imports). Data: ``catalogue/keras1_modules.py``."""

from __future__ import annotations

from ..tables import NO_FIX, SOMETIMES_SAFE
from ._base import Example, RuleInfo

FAMILY = "modules"

_MOVE_SAFETY = (
    "Safe: only the module path changes (and the name, where it was renamed), to the object "
    "current Keras exports for it; the name your code binds stays (`... import new as old`). "
    "The import root stays (`keras` stays `keras`). A name whose home is not known, or a module "
    "bound by an alias that is used otherwise than `alias.name`, is reported and left alone."
)

KM501 = RuleInfo(
    "KM501",
    "keras1-layers-submodule",
    "Import layers from `keras.layers`: the `keras.layers.core|convolutional|pooling|...` modules are gone.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1/2 defined its layers in submodules (`keras.layers.core`, `.convolutional`, "
        "`.pooling`, `.recurrent`, `.normalization`, `.embeddings`, `.advanced_activations`, "
        "`.noise`, `.wrappers`, `.local`, `.merge`); Keras 3 has none of them, so "
        "`from keras.layers.core import Dense` raises `ModuleNotFoundError`. Every layer that "
        "still exists is exported by `keras.layers` (docs/legacy-apis.md §6)."
    ),
    fix_safety=_MOVE_SAFETY
    + " Names with no equivalent (`Highway`, `MaxoutDense`, ...) stay in the old import and "
    "are reported by KM510; an import statement whose names go to different places is split.",
    example=Example(
        "from keras.layers.core import Dense, Dropout\n\nd = Dense(3)\n",
        "from keras.layers import Dense, Dropout\n\nd = Dense(3)\n",
    ),
    use_instead="`from keras.layers import Dense` (or `keras.layers.Dense`).",
)

KM502 = RuleInfo(
    "KM502",
    "keras1-engine-module",
    "`keras.engine.topology|training` names live in `keras.layers`, `keras` and `keras.utils` today.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "`keras.engine` is gone: `Layer` and `InputSpec` are `keras.layers.Layer`/`InputSpec`, "
        "`Input` is `keras.Input`, `get_source_inputs` is `keras.utils.get_source_inputs` and "
        "`Model` is `keras.Model` (docs/legacy-apis.md §6)."
    ),
    fix_safety=_MOVE_SAFETY,
    example=Example(
        "from keras.engine.topology import Layer, get_source_inputs\n",
        "from keras.layers import Layer\nfrom keras.utils import get_source_inputs\n",
    ),
    use_instead="`keras.layers.Layer`, `keras.layers.InputSpec`, `keras.Input`, `keras.utils.get_source_inputs`, `keras.Model`.",
)

KM503 = RuleInfo(
    "KM503",
    "keras1-utils-module",
    "`keras.utils.np_utils|data_utils|generic_utils|visualize_util|vis_utils` names live in `keras.utils`.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "The `keras.utils` submodules are gone. `to_categorical(y, nb_classes)` is "
        "`keras.utils.to_categorical(x, num_classes)`; `get_file`, `get_custom_objects`, "
        "`CustomObjectScope` and `custom_object_scope` moved unchanged; `visualize_util.plot` "
        "(and Keras 2's `vis_utils.plot_model`) is `keras.utils.plot_model`, whose "
        "`show_layer_names` default changed from True to False, and whose 4th positional "
        "parameter is now `show_dtype` (docs/legacy-apis.md §6)."
    ),
    fix_safety=_MOVE_SAFETY
    + " `nb_classes=` becomes `num_classes=`; `plot_model` gets `show_layer_names=True` written "
    "out when the call relied on the old default, and a 4th positional argument is passed by "
    "its keyword. A `get_file` call with more than 4 positional arguments is reported (Keras 1's "
    "5th was `cache_subdir`, today's is `file_hash`). `Progbar` and `(de)serialize_keras_object` "
    "exist but changed behaviour: reported.",
    example=Example(
        "from keras.utils.np_utils import to_categorical\n\ny = to_categorical(labels, nb_classes=10)\n",
        "from keras.utils import to_categorical\n\ny = to_categorical(labels, num_classes=10)\n",
    ),
    use_instead="`keras.utils.to_categorical`, `keras.utils.get_file`, `keras.utils.plot_model(..., show_layer_names=True)`.",
)

KM504 = RuleInfo(
    "KM504",
    "keras1-objectives-module",
    "`keras.objectives` is `keras.losses` (long names only under `keras`).",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "`keras.objectives` is gone. Its functions are in `keras.losses`, where the `keras` root "
        "has only the long names (`mean_squared_error`, `kl_divergence`, ...) and no `mse`/`mae` "
        "(docs/legacy-apis.md §6). The name your code binds stays "
        "(`from keras.losses import mean_squared_error as mse`)."
    ),
    fix_safety=_MOVE_SAFETY
    + " `hinge`/`squared_hinge` (0/1 labels are now turned into -1/1) and `cosine_proximity` "
    "(now a sum, not a mean) compute something else today: reported, not moved.",
    example=Example(
        "from keras.objectives import mse, categorical_crossentropy\n",
        "from keras.losses import mean_squared_error as mse, categorical_crossentropy\n",
    ),
    use_instead="`keras.losses.<name>`.",
)

KM505 = RuleInfo(
    "KM505",
    "keras1-initializations-module",
    "`keras.initializations` (functions of a shape) is gone; `keras.initializers` holds classes.",
    NO_FIX,
    FAMILY,
    why=(
        "Keras 1 initializations were functions `init(shape, name=None)` returning a variable; "
        "`keras.initializers` holds classes whose instances are called as `init(shape, dtype)` and "
        "return a tensor, and has no `zero`/`one`/`normal`/`uniform` attributes "
        "(docs/legacy-apis.md §6). A path rename would call a class with a shape."
    ),
    fix_safety="Report only. The strings `'zero'`, `'one'`, `'normal'`, `'uniform'` still work as `*_initializer=` values.",
    example=Example(
        "from keras import initializations\n\nW = initializations.get('uniform')((3, 4))\n",
        "from keras import initializations\n\nW = initializations.get('uniform')((3, 4))\n",
    ),
    use_instead="`self.add_weight(shape=..., initializer='uniform')` in a layer, or `keras.initializers.RandomUniform(-0.05, 0.05)(shape)`.",
)

KM506 = RuleInfo(
    "KM506",
    "keras1-regularizer-spelling",
    "Keras 1 regularizer spellings: `l1l2` -> `l1_l2` (defaults written out), `WeightRegularizer` -> `L1L2`, `l2(l=)` -> `l2(l2=)`.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1's `l1l2(l1=0.01, l2=0.01)`, `WeightRegularizer(l1=0., l2=0.)` and "
        "`L1L2Regularizer` are `l1_l2` and `L1L2` today; `l1_l2`'s defaults are now 0.0, and "
        "`l1(l=)`/`l2(l=)` take `l1=`/`l2=` (docs/legacy-apis.md §6)."
    ),
    fix_safety=(
        "Safe: the rename keeps the values; an `l1l2(...)` call that omitted `l1` or `l2` gets the "
        "Keras 1 default (0.01) written out. The activity regularizers (`activity_l2`, ...; "
        "Keras 1.0/1.1 averaged them over the batch) and `EigenvalueRegularizer` are reported (KM510)."
    ),
    example=Example(
        "from keras.regularizers import l1l2\n\nr = l1l2(l2=0.001)\n",
        "from keras.regularizers import l1_l2\n\nr = l1_l2(l2=0.001, l1=0.01)\n",
    ),
    use_instead="`keras.regularizers.l1_l2(l1=..., l2=...)`, `keras.regularizers.L1L2`.",
)

KM507 = RuleInfo(
    "KM507",
    "keras1-constraint-spelling",
    "Keras 1 constraint spellings: `maxnorm(m=)` -> `max_norm(max_value=)`, `nonneg` -> `non_neg`, `unitnorm` -> `unit_norm`.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "The lower-case Keras 1 spellings are gone, and `MaxNorm`'s `m=` is `max_value=` "
        "(`MinMaxNorm`'s `low=`/`high=` are `min_value=`/`max_value=`) (docs/legacy-apis.md §6)."
    ),
    fix_safety="Safe: same classes, same defaults (`max_value=2, axis=0`); only names change.",
    example=Example(
        "from keras.constraints import maxnorm\n\nc = maxnorm(m=3)\n",
        "from keras.constraints import max_norm\n\nc = max_norm(max_value=3)\n",
    ),
    use_instead="`keras.constraints.max_norm(max_value=...)`, `non_neg()`, `unit_norm()`.",
)

KM510 = RuleInfo(
    "KM510",
    "removed-keras-name",
    "A Keras 1/2 name with no equivalent in current Keras (`Highway`, `HDF5Matrix`, `multi_gpu_model`, ...).",
    NO_FIX,
    FAMILY,
    why=(
        "Some layers, utilities and modules were removed without a drop-in replacement "
        "(docs/legacy-apis.md §6): a path rename would only turn one `ImportError` into another. "
        "Each use is reported on its line with what to do instead."
    ),
    fix_safety="Report only. When the name is used only inside functions, KM511 moves its import there.",
    example=Example(
        "from keras.layers.core import Highway\n\nh = Highway()\n",
        "from keras.layers.core import Highway\n\nh = Highway()\n",
    ),
    use_instead="What the message says for that name.",
)

KM511 = RuleInfo(
    "KM511",
    "defer-unavailable-import",
    "An import of a name that no longer exists, used only inside functions, is moved into them (unused: removed).",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "A module-level import that fails takes the whole program down, even when the name is "
        "only needed on one path (a Theano-weights helper, an optional layer). Moving the "
        "import into the functions that use it lets the module import and the rest of the "
        "program run; the use is still reported (KM510) where it will fail."
    ),
    fix_safety=(
        "Safe: the import failed at module level, so no working code changes. It is moved only "
        "when it is a top-level statement (not inside `try`/`if`), the name is bound nowhere else "
        "in the module, not exported (`__all__`, other files of the run), and every use is inside "
        "the body of a top-level function or method; it is inserted at the start of each such "
        "function (after its docstring). An unused one is removed. Otherwise it stays and is reported."
    ),
    example=Example(
        "from keras.layers.core import Highway\n\n\ndef gated(x):\n    return Highway()(x)\n",
        "def gated(x):\n    from keras.layers.core import Highway\n    return Highway()(x)\n",
    ),
    use_instead="Nothing to do for the import; replace the name where KM510 reports it.",
)

RULES = (KM501, KM502, KM503, KM504, KM505, KM506, KM507, KM510, KM511)
