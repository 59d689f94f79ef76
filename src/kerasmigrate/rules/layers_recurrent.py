"""KM640-KM648: Keras 1 recurrent, normalization and advanced-activation layer calls.

The rewrites are planned by ``analyses/layers_recurrent.py``; the facts (Keras 1.2.2
signatures and defaults, what Keras 2's legacy interfaces converted, what Keras 3.15
accepts) are in docs/legacy-apis.md §9.
"""

from __future__ import annotations

from ..tables import NO_FIX, SOMETIMES_SAFE, FixAvailability, FixLevel, FixSafety
from ._base import Example, RuleInfo
from .layers import FAMILY  # one family per hundred: KM6xx is the layers family

_ALWAYS_SAFE = FixLevel(FixAvailability.ALWAYS, FixSafety.SAFE)
_REFERENCES = ("docs/legacy-apis.md §9",)

KM640 = RuleInfo(
    "KM640",
    "recurrent-keras1-keywords",
    "Rename the Keras 1 keywords of `LSTM`, `GRU` and `SimpleRNN` (`output_dim`, `init`, `dropout_W`, `consume_less`, ...).",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 2 renamed the recurrent layers' keywords (`output_dim` -> `units`, `init` -> "
        "`kernel_initializer`, `inner_init` -> `recurrent_initializer`, `inner_activation` -> "
        "`recurrent_activation`, `W_/U_/b_regularizer` -> `kernel_/recurrent_/bias_regularizer`, "
        "`dropout_W`/`dropout_U` -> `dropout`/`recurrent_dropout`, `consume_less` -> "
        "`implementation`) and converted Keras 1 calls at run time; Keras 3 has no such "
        "converter and rejects every old keyword. `input_dim=d, input_length=n` becomes "
        "`input_shape=(n, d)` (Keras 3 rejects `input_length` on recurrent layers), "
        "`forget_bias_init='one'` becomes `unit_forget_bias=True` ('zero': `False`)."
    ),
    fix_safety=(
        "Safe: each keyword is renamed as Keras 2's converter did. `consume_less` becomes "
        "`implementation` on `LSTM`/`GRU`: 'cpu' and 'mem' -> 1, 'gpu' -> 2. The outputs are the same "
        "for every value; Keras 3's 1 draws one training dropout mask per gate, as Keras 1's 'cpu' "
        "and 'mem' did, 0 and 2 one mask for all gates, as 'gpu' did (Keras 2 mapped 'cpu' to 0, "
        "which changed the masks). It is dropped on `SimpleRNN` (no gates), which rejects "
        "`implementation`. "
        "`input_length` without `input_dim` is dropped: Keras 1 ignored it. Values that cannot be "
        "mapped (`forget_bias_init='normal'`, a `consume_less` variable, `weights=`) are reported."
    ),
    example=Example(
        "from keras.layers import LSTM\n\nlstm = LSTM(output_dim=64, dropout_W=0.2, dropout_U=0.2, consume_less='gpu')\n",
        "from keras.layers import LSTM\n\nlstm = LSTM(units=64, dropout=0.2, recurrent_dropout=0.2, implementation=2)\n",
    ),
    use_instead="The Keras 2 keywords: `units`, `kernel_initializer`, `recurrent_dropout`, `implementation`, ...",
    references=_REFERENCES,
)
KM641 = RuleInfo(
    "KM641",
    "recurrent-keras1-positional",
    "Pass the Keras 1 positional arguments of `LSTM`/`GRU`/`SimpleRNN` after `units` by keyword, in Keras 1 code.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1 `LSTM(32, 'glorot_uniform', 'orthogonal')` passed `init` and `inner_init`; the "
        "same call today passes `activation` and `recurrent_activation`. Keras 1's order was "
        "`output_dim, init, inner_init, forget_bias_init (LSTM only), activation, "
        "inner_activation (not SimpleRNN), W_regularizer, U_regularizer, b_regularizer, dropout_W, "
        "dropout_U`."
    ),
    fix_safety=(
        "Safe where the file is Keras 1 code (a Keras 1 keyword or import anywhere in it, "
        "`keras1.py`): there each positional argument after the first becomes its Keras 1 "
        "keyword, then KM640 renames it. In a `keras` file without that evidence the call is "
        "reported, never guessed; `tf.keras` code never had the Keras 1 order and is left alone."
    ),
    example=Example(
        "from keras.layers import LSTM\n\nlstm = LSTM(32, 'glorot_uniform', 'orthogonal', dropout_W=0.1)\n",
        "from keras.layers import LSTM\n\nlstm = LSTM(32, kernel_initializer='glorot_uniform', "
        "recurrent_initializer='orthogonal', dropout=0.1)\n",
    ),
    use_instead="Keywords for everything after `units`.",
    references=_REFERENCES,
)
KM642 = RuleInfo(
    "KM642",
    "gru-reset-after",
    "Write `reset_after=False` on `GRU` calls in Keras 1 code: Keras 1 GRUs had one bias; Keras 3 defaults to two.",
    _ALWAYS_SAFE,
    FAMILY,
    why=(
        "Keras 1 (and multi-backend Keras 2) computed the GRU candidate from `dot(r * h, U)` with "
        "one bias vector (`reset_after=False`). Keras 3 defaults to `reset_after=True`: a second "
        "bias, other outputs, a different parameter count, and Keras 1 weights no longer load."
    ),
    fix_safety=(
        "Safe: `reset_after=False` is the Keras 1 formula (proved by building both and counting "
        "parameters: 3 * (units * (input + units) + units)). Only in Keras 1 code; a call with "
        "`**kwargs` is reported instead, since they may already pass it."
    ),
    example=Example(
        "from keras.layers import GRU\n\ngru = GRU(32, dropout_U=0.1)\n",
        "from keras.layers import GRU\n\ngru = GRU(32, recurrent_dropout=0.1, reset_after=False)\n",
    ),
    use_instead="`GRU(..., reset_after=False)`",
    references=_REFERENCES,
)
KM643 = RuleInfo(
    "KM643",
    "legacy-hard-sigmoid",
    "Keras 1 recurrent gates used `hard_sigmoid` = clip(0.2x + 0.5, 0, 1); Keras 3's `hard_sigmoid` is another function.",
    NO_FIX,
    FAMILY,
    why=(
        "Keras 1 `LSTM`, `GRU` and `ConvLSTM2D` defaulted to `inner_activation='hard_sigmoid'`, "
        "which was clip(0.2 * x + 0.5, 0, 1). Keras 3 defaults to 'sigmoid', and its string "
        "'hard_sigmoid' is relu6(x + 3) / 6 (slope 1/6, not 0.2): a call that relies on the default, "
        "or passes 'hard_sigmoid', computes other gates today, silently."
    ),
    fix_safety=(
        "Report only. No built-in Keras 3 activation computes the legacy formula; a lambda "
        "written into the call runs but makes a saved model fail to load (measured), and "
        "`tf.keras.backend.hard_sigmoid` is saved by its name and comes back as Keras 3's "
        "formula. An explicit `inner_activation='hard_sigmoid'` is left as it is, so Keras 3 "
        "rejects it loudly instead of computing another function. A call relying on the default "
        "is reported only while the file shows Keras 1 evidence: once every Keras 1 spelling in "
        "it is migrated, a later run cannot tell it from Keras 3 code, so act on the first report."
    ),
    example=Example(
        "from keras.layers import LSTM\n\nlstm = LSTM(32, inner_activation='hard_sigmoid')\n",
        "from keras.layers import LSTM\n\nlstm = LSTM(32, inner_activation='hard_sigmoid')\n",
    ),
    use_instead=(
        "A registered function of your own, which survives saving: "
        "`@keras.saving.register_keras_serializable()` over "
        "`def legacy_hard_sigmoid(x): return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)`, passed as "
        "`recurrent_activation=legacy_hard_sigmoid`; or 'sigmoid' when the model is trained anew."
    ),
    references=_REFERENCES,
)
KM644 = RuleInfo(
    "KM644",
    "convlstm2d-keras1",
    "Rewrite Keras 1 `ConvLSTM2D` calls: `nb_filter`, `nb_row`/`nb_col` (kernel size), `border_mode`, `subsample`, ...",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1 `ConvLSTM2D(32, 3, 3)` meant a 3x3 kernel; the same call today means kernel 3 "
        "with stride 3. Its keywords were renamed as the convolutions' and the recurrent layers' "
        "(`nb_filter` -> `filters`, `border_mode` -> `padding`, `subsample` -> `strides`, `init`, "
        "`inner_init`, `inner_activation`, `W_/U_/b_regularizer`, `dropout_W/U`)."
    ),
    fix_safety=(
        "Safe: `nb_row, nb_col` become the `kernel_size` tuple, positionally only in Keras 1 code "
        "(elsewhere reported); the other positionals follow Keras 1's order "
        "(`init, inner_init, forget_bias_init, activation, inner_activation, dim_ordering, "
        "border_mode, subsample, ...`). `consume_less`, which `ConvLSTM2D` rejects, is dropped."
    ),
    example=Example(
        "from keras.layers import ConvLSTM2D\n\nc = ConvLSTM2D(16, 3, 3, border_mode='same', return_sequences=True)\n",
        "from keras.layers import ConvLSTM2D\n\nc = ConvLSTM2D(16, (3, 3), padding='same', return_sequences=True)\n",
    ),
    use_instead="`ConvLSTM2D(filters, (rows, cols), padding=..., strides=...)`",
    references=_REFERENCES,
)
KM645 = RuleInfo(
    "KM645",
    "batchnorm-keras1",
    "Rewrite Keras 1 `BatchNormalization` calls: positionals in the Keras 1 order, `mode=0`, `beta_init`/`gamma_init`.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 1's order was `(epsilon, mode, axis, momentum, ...)`, today's is `(axis, momentum, "
        "epsilon, ...)`: `BatchNormalization(0.001, 0, 1)` now normalises axis 0 with momentum 0 "
        "and epsilon 1, with no error when called eagerly. `mode=` is gone (0 was the only mode "
        "kept), `beta_init`/`gamma_init` are `beta_initializer`/`gamma_initializer`."
    ),
    fix_safety=(
        "Safe: in Keras 1 code every positional argument becomes its Keras 1 keyword (a `keras` "
        "file without Keras 1 evidence is reported; `tf.keras` code is left alone); `mode=0` is "
        "dropped (feature-wise normalisation is what the layer does today); `mode=1|2` and "
        "`weights=` are reported."
    ),
    example=Example(
        "from keras.layers import BatchNormalization, Convolution2D\n\n"
        "c = Convolution2D(8, 3, 3, border_mode='same')\nbn = BatchNormalization(0.001, 0, 1)\n",
        "from keras.layers import BatchNormalization, Convolution2D\n\n"
        "c = Convolution2D(8, 3, 3, border_mode='same')\nbn = BatchNormalization(epsilon=0.001, axis=1)\n",
    ),
    use_instead="`BatchNormalization(axis=..., momentum=..., epsilon=...)` by keyword",
    references=_REFERENCES,
)
KM646 = RuleInfo(
    "KM646",
    "leaky-relu-alpha",
    "Replace `LeakyReLU(alpha=...)` with `LeakyReLU(negative_slope=...)`.",
    _ALWAYS_SAFE,
    FAMILY,
    why="Keras 3 renamed the slope `negative_slope`; `alpha=` still works, with a deprecation warning.",
    fix_safety="Safe: the same parameter (default 0.3 in Keras 1 and Keras 3).",
    example=Example(
        "from keras.layers import LeakyReLU\n\nact = LeakyReLU(alpha=0.1)\n",
        "from keras.layers import LeakyReLU\n\nact = LeakyReLU(negative_slope=0.1)\n",
    ),
    use_instead="`LeakyReLU(negative_slope=...)`",
    references=_REFERENCES,
)
KM647 = RuleInfo(
    "KM647",
    "prelu-init",
    "Replace `PReLU(init=...)` with `PReLU(alpha_initializer=...)`; Keras 1 positionals after it by keyword.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 2 renamed `init` to `alpha_initializer`. Keras 1's order was `(init, weights, "
        "shared_axes)`, today's is `(alpha_initializer, alpha_regularizer, alpha_constraint, "
        "shared_axes)`."
    ),
    fix_safety=(
        "Safe: the first positional argument keeps its meaning; later ones become their Keras 1 "
        "keywords in Keras 1 code (elsewhere reported). `weights=` is reported."
    ),
    example=Example(
        "from keras.layers import PReLU\n\nact = PReLU(init='zero', shared_axes=[1, 2])\n",
        "from keras.layers import PReLU\n\nact = PReLU(alpha_initializer='zero', shared_axes=[1, 2])\n",
    ),
    use_instead="`PReLU(alpha_initializer=..., shared_axes=...)`",
    references=_REFERENCES,
)
KM648 = RuleInfo(
    "KM648",
    "thresholded-relu-removed",
    "`keras.layers.ThresholdedReLU` is not in Keras 3 (only `tf.keras` keeps a copy): use `ReLU(threshold=)`.",
    NO_FIX,
    FAMILY,
    why=(
        "Keras 3 removed `ThresholdedReLU` from `keras.layers`; `tf.keras.layers` on TF 2.21 still "
        "has a legacy copy, so only the `keras` spelling is reported."
    ),
    fix_safety=(
        "Report only: the replacement changes the class, its import and the keyword (`theta` -> "
        "`threshold`, default 1.0 -> 0). `ReLU(threshold=theta)` gives the same values as "
        "`tf.keras`'s `ThresholdedReLU(theta)` for every theta >= 0 (the layer rejects others), "
        "x == theta included (measured)."
    ),
    example=Example(
        "from keras.layers import ThresholdedReLU\n\nact = ThresholdedReLU(theta=0.5)\n",
        "from keras.layers import ThresholdedReLU\n\nact = ThresholdedReLU(theta=0.5)\n",
    ),
    use_instead="`keras.layers.ReLU(threshold=theta)` (pass theta: Keras 1 defaulted it to 1.0)",
    references=_REFERENCES,
)

RULES = (KM640, KM641, KM642, KM643, KM644, KM645, KM646, KM647, KM648)
