"""KM75x: Keras 1 custom layers (a class deriving from a Keras ``Layer``) on Keras 3."""

from __future__ import annotations

from ..tables import SOMETIMES_SAFE
from ._base import Example, RuleInfo
from .training import FAMILY  # one family per hundred: KM7xx is the training family

KM750 = RuleInfo(
    "KM750",
    "get-output-shape-for",
    "Rename a custom layer's Keras 1 `get_output_shape_for` to `compute_output_shape`.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 2 renamed the method without a converter, so Keras 3 never calls "
        "`get_output_shape_for`: the layer's declared output shape is silently ignored and "
        "Keras infers one by tracing `call`. Keras 3 uses `compute_output_shape` when the layer "
        "defines it, as Keras 1 used `get_output_shape_for`."
    ),
    fix_safety=(
        "Safe: the method is renamed, with its `self.get_output_shape_for` uses in the class. "
        "Reported instead when the class also defines `compute_output_shape`, or when the file "
        "uses `.get_output_shape_for` on anything but `self` (other code calls it by that name)."
    ),
    example=Example(
        "from keras.engine.topology import Layer\n\n\nclass Twice(Layer):\n"
        "    def get_output_shape_for(self, input_shape):\n        return input_shape\n",
        "from keras.engine.topology import Layer\n\n\nclass Twice(Layer):\n"
        "    def compute_output_shape(self, input_shape):\n        return input_shape\n",
    ),
    use_instead="`def compute_output_shape(self, input_shape):` (or delete it: Keras 3 traces `call`).",
)
KM751 = RuleInfo(
    "KM751",
    "backend-variable-weight",
    "A custom layer's weight made with `K.variable`/`K.zeros`/`K.ones` in `build`: use `self.add_weight`.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1 layers listed their `K.variable` weights in `self.trainable_weights`. Keras 3 "
        "tracks only `add_weight` variables: a backend variable is not a weight of the layer "
        "(0 trainable weights), so it is silently never trained, saved or counted."
    ),
    fix_safety=(
        "Safe where exact: `self.W = K.variable(np.zeros(shape), name=n)` (or `np.ones`, "
        "`K.zeros(shape)`, `K.ones(shape)`) in `build`, with `self.W` listed in the layer's "
        "`self.trainable_weights = [...]` (or `non_trainable_weights`, giving `trainable=False`), "
        "becomes `self.W = self.add_weight(shape=shape, initializer='zeros', name=n)`: the same "
        "initial values, in floatx, tracked in the same order. Any other initial value (a random "
        "array, a value with an explicit `dtype`) or a weight listed nowhere is reported."
    ),
    example=Example(
        "import numpy as np\nfrom keras import backend as K\nfrom keras.engine.topology import Layer\n\n\n"
        "class Bias(Layer):\n    def build(self, input_shape):\n"
        "        self.b = K.variable(np.zeros((input_shape[1],)), name='b')\n"
        "        self.trainable_weights = [self.b]\n",
        "import numpy as np\nfrom keras import backend as K\nfrom keras.engine.topology import Layer\n\n\n"
        "class Bias(Layer):\n    def build(self, input_shape):\n"
        "        self.b = self.add_weight(shape=(input_shape[1],), initializer='zeros', name='b')\n",
    ),
    use_instead="`self.W = self.add_weight(shape=..., initializer=..., name=...)` in `build`.",
)
KM752 = RuleInfo(
    "KM752",
    "assign-trainable-weights",
    "`self.trainable_weights = [...]` in a custom layer: an `AttributeError` in Keras 3.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "`trainable_weights` and `non_trainable_weights` are read-only properties in Keras 3 "
        "(`property 'trainable_weights' of ... object has no setter`): the layer fails when it "
        "is built. Keras 3 lists the weights made by `add_weight` itself."
    ),
    fix_safety=(
        "Safe: the line is removed when every listed item is a `self.<name>` made by "
        "`self.add_weight` in the same `build` (or rewritten so by KM751), listed in the order "
        "they are created and with the `trainable` flag the list gives; otherwise, or when the "
        "line carries a comment, it is reported."
    ),
    example=Example(
        "from keras.layers import Layer\n\n\nclass Scale(Layer):\n    def build(self, input_shape):\n"
        "        self.g = self.add_weight(shape=(1,), initializer='ones')\n"
        "        self.trainable_weights = [self.g]\n",
        "from keras.layers import Layer\n\n\nclass Scale(Layer):\n    def build(self, input_shape):\n"
        "        self.g = self.add_weight(shape=(1,), initializer='ones')\n",
    ),
    use_instead="Delete the line; create each weight with `self.add_weight(...)`.",
)
KM753 = RuleInfo(
    "KM753",
    "add-weight-positional",
    "`self.add_weight(...)` with legacy positional arguments: pass them by keyword.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1 took `add_weight(shape, initializer, ...)`, Keras 2.2 `add_weight(name, shape, "
        "...)`, Keras 3 `add_weight(shape, initializer, dtype, trainable, ...)`: a Keras 2.2 "
        "leading name raises (`Invalid dtype` or a bad shape), and a third positional is now "
        "the dtype."
    ),
    fix_safety=(
        "Safe: the order is read from the call: a tuple or list first is the Keras 1 order "
        "`(shape, initializer)`, a string literal first the Keras 2.2 order `(name, shape)`; each "
        "becomes its keyword. Any other first argument, or a third positional, is reported."
    ),
    example=Example(
        "from keras.layers import Layer\n\n\nclass Gain(Layer):\n    def build(self, input_shape):\n"
        "        self.g = self.add_weight('gain', (1,))\n",
        "from keras.layers import Layer\n\n\nclass Gain(Layer):\n    def build(self, input_shape):\n"
        "        self.g = self.add_weight(name='gain', shape=(1,))\n",
    ),
    use_instead="`self.add_weight(shape=..., initializer=..., name=...)`.",
)

RULES = (KM750, KM751, KM752, KM753)
