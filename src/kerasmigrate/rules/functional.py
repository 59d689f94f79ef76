"""KM205: legacy backend calls on functional-API tensors (``Input(...)`` and layer outputs).

The prose names no target: what a target does about it is its ``Target.functional`` data
(``tables/``), and the page's example is produced by running each target.
"""

from __future__ import annotations

from ..tables import SOMETIMES_SAFE
from ._base import Example, RuleInfo
from .data_format import FAMILY  # one family per hundred: KM2xx is the data_format family

#: the page's example (each target's output is made by running it)
KM205_EXAMPLE = (
    "from keras import backend as K\nfrom keras.layers import Dense, Input\n\n"
    "inputs = Input((4,))\nhidden = Dense(3)(inputs)\noutputs = K.sum(hidden, axis=-1)\n"
)

KM205 = RuleInfo(
    "KM205",
    "functional-api-tensor",
    "A rewritten backend call on a functional-API tensor is wrapped in a `Lambda` layer, or reported.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Legacy code often applies `K.*` to the output of `Input(...)` or of a layer while it "
        "builds a model, outside any `Lambda`. Under Keras 3 those are `KerasTensor`s, and a "
        "TensorFlow op (or the `K.*` shim) given one raises `ValueError: A KerasTensor cannot be "
        "used as input to a TensorFlow function` when the model is built. For a target whose "
        "ops do that, a call whose argument is such a tensor is rewritten inside a `Lambda` "
        "layer, which runs the op on the real tensor. A tensor is recognised when the code "
        "shows it: the result of `Input(...)` (`keras`/`tensorflow.keras`, any import "
        "spelling), of calling a layer (`Dense(3)(x)`, or a name bound only to a layer, "
        "`dense = Dense(3)` ... `dense(x)`), of a backend call on one, or arithmetic and "
        "indexing on one. A name is followed through plain assignments (`h = ...`, "
        "`x = inputs = ...`) in the scope it is read from (its function, or the module for a "
        "global), every assignment of it there being such a tensor, also when it is rebound "
        "from itself (`x = Dense(3)(x)`, `x = K.relu(x)`). A function's parameters (the inputs of a `Lambda` function or of a layer's `call`) are "
        "not followed: there the ops get real tensors and the call is rewritten as before."
    ),
    fix_safety=(
        "Safe: the `Lambda` computes the same op on the same values when the model runs. One "
        "tensor argument is the layer's input (`lambda t: ...`); several are passed as a list "
        "(`t[0]`, `t[1]`). Other arguments that are names or attributes are bound when the "
        "layer is made (`lambda t, axis=axis: ...`), as the original call evaluated them, not "
        "when the model runs; literals are written in. That is just before the tensors are "
        "evaluated instead of in argument order, so an argument that makes a call is bound so "
        "only when the tensors make none. A call is reported instead, and left as it was, "
        "when an argument mixes such tensors with other values in a list, when a tensor "
        "argument and another argument both make calls, or when the result is a Python value the target's rewrite "
        "cannot compute from a `KerasTensor` (`K.ndim`, `K.dtype`): the message names the "
        "spelling that works on it. A model holding a Python `lambda` is saved with its "
        "bytecode; `keras.models.load_model` then needs `safe_mode=False`."
    ),
    example=Example(KM205_EXAMPLE),
    use_instead=(
        "Code that builds models from Keras tensors is best migrated with `--target keras3` "
        "(`keras.ops` works on them, on every backend)."
    ),
)

RULES = (KM205,)
