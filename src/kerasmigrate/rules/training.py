"""KM7xx: the Keras 1/2 model, training, optimizer and merge API (catalogue/training.py,
analyses/training.py). Facts: docs/legacy-apis.md, "Models, training and optimizers"."""

from __future__ import annotations

from ..tables import NO_FIX, SOMETIMES_SAFE, FixAvailability, FixLevel, FixSafety
from ._base import Example, RuleInfo

FAMILY = "training"
ALWAYS_SAFE = FixLevel(FixAvailability.ALWAYS, FixSafety.SAFE)
SAFE_OR_UNSAFE = FixLevel(FixAvailability.SOMETIMES, FixSafety.SAFE, unsafe_alternative=True)
_RECOGNISED = (
    " Methods are recognised only on a model the code shows: a name every binding of which is "
    "`Model(...)`/`Sequential(...)`/`load_model(...)`/`model_from_json(...)` (any import spelling), "
    "or `self.model` in a `Callback` subclass or a class that assigns it such a call."
)


def _rule(
    rid: str, name: str, summary: str, fix: FixLevel, why: str, safety: str, before: str, after: str, use: str
) -> RuleInfo:
    return RuleInfo(rid, name, summary, fix, FAMILY, why, safety, Example(before, after), use)


_SEQ = "from keras.models import Sequential\n\nmodel = Sequential()\n"

RULES = (
    _rule(
        "KM701",
        "model-input-output",
        "Rename Keras 1 `Model(input=, output=)` to `Model(inputs=, outputs=)`.",
        ALWAYS_SAFE,
        "Keras 3 rejects `input=`/`output=` with `ValueError: Unrecognized keyword arguments`.",
        "Safe: Keras 2 renamed the keywords, nothing else changed.",
        "from keras.models import Model\n\nm = Model(input=x, output=y)\n",
        "from keras.models import Model\n\nm = Model(inputs=x, outputs=y)\n",
        "`Model(inputs=..., outputs=...)`.",
    ),
    _rule(
        "KM702",
        "fit-nb-epoch",
        "Rename `fit(nb_epoch=)` on a model to `fit(epochs=)`.",
        ALWAYS_SAFE,
        "Keras 3's `fit` has no `nb_epoch` (a `TypeError`)." + _RECOGNISED,
        "Safe: the same count, renamed in Keras 2. tf.keras 2 `fit(workers=1, use_multiprocessing=False, "
        "max_queue_size=10)` (the defaults, a `TypeError` today) are dropped in the same edit; "
        "other values are KM705's.",
        _SEQ + "model.fit(x, y, nb_epoch=5)\n",
        _SEQ + "model.fit(x, y, epochs=5)\n",
        "`fit(..., epochs=N)`.",
    ),
    _rule(
        "KM703",
        "fit-default-epochs",
        "In Keras 1 code, write out the 10 epochs a `fit` without an epoch count trained for.",
        ALWAYS_SAFE,
        "Keras 1 `fit` defaulted to `nb_epoch=10`; Keras 3 defaults to `epochs=1`, so the same call "
        "trains a tenth as long, silently. Applied only in files with Keras 1 evidence (keras1.py): "
        "Keras 2.1+ code means 1 epoch (Keras 2.0.0-2.0.9 `Sequential.fit` also defaulted to 10, "
        "which nothing in such code shows, so it is left alone)." + _RECOGNISED,
        "Safe: `epochs=10` is what the Keras 1 call did.",
        "from keras.models import Sequential\n\nmodel = Sequential()\nmodel.fit(x, y, nb_epoch=5)\nmodel.fit(x, y)\n",
        "from keras.models import Sequential\n\nmodel = Sequential()\nmodel.fit(x, y, epochs=5)\n"
        "model.fit(x, y, epochs=10)\n",
        "`fit(..., epochs=10)`.",
    ),
    _rule(
        "KM704",
        "fit-generator",
        "`fit_generator`/`evaluate_generator`/`predict_generator` -> `fit`/`evaluate`/`predict` with steps.",
        SAFE_OR_UNSAFE,
        "The `*_generator` methods are gone in Keras 3 (`AttributeError`); `fit` takes a generator. "
        "Keras 1 `samples_per_epoch`, `nb_val_samples` and `val_samples` counted samples, "
        "`steps_per_epoch`/`validation_steps`/`steps` count batches: renamed alone, an epoch would "
        "draw N batches instead of N samples. Keras 1 positionals (`fit_generator(gen, 1000, 10)`) "
        "are samples only in Keras 1 code; with no evidence either way the call is reported." + _RECOGNISED,
        "Safe when nothing counts samples (Keras 2 calls; `nb_epoch` renamed; the default queue "
        "arguments `max_q_size=10`, `nb_worker=1`, `pickle_safe=False` dropped: `fit` runs the "
        "generator itself). A sample count becomes `math.ceil(N / batch_size)` only when the "
        "generator's batch size is an int literal in the call that makes it (the argument itself, "
        "or the single binding of the name passed): unsafe, as it assumes every batch is full "
        "(`--unsafe-fixes`); otherwise reported with that formula.",
        _SEQ + "model.fit_generator(gen, steps_per_epoch=100, epochs=5)\n",
        _SEQ + "model.fit(gen, steps_per_epoch=100, epochs=5)\n",
        "`fit(gen, steps_per_epoch=math.ceil(samples / batch_size), epochs=...)`.",
    ),
    _rule(
        "KM705",
        "generator-workers",
        "`nb_worker`/`pickle_safe`/`max_q_size`/`workers`/`use_multiprocessing`/`max_queue_size` on training.",
        NO_FIX,
        "Keras 3's `fit`/`evaluate`/`predict` reject them (`TypeError`): they moved to "
        "`keras.utils.PyDataset(workers=, use_multiprocessing=, max_queue_size=)`. Their default "
        "values are dropped by KM704; other values are reported here.",
        "Report only.",
        _SEQ + "model.fit_generator(gen, steps_per_epoch=10, workers=4)\n",
        _SEQ + "model.fit_generator(gen, steps_per_epoch=10, workers=4)\n",
        "A `keras.utils.PyDataset` subclass constructed with `workers=4`.",
    ),
    _rule(
        "KM706",
        "predict-classes",
        "`predict_proba` -> `predict`; `predict_classes` reported with its replacement.",
        SOMETIMES_SAFE,
        "Both are gone from Keras 3 (`AttributeError`)." + _RECOGNISED,
        "`predict_proba(x)` was `predict(x)` (with a default `verbose=1`): safe. `predict_classes` "
        "depended on the output width (argmax, or a 0.5 threshold for one unit): reported.",
        _SEQ + "p = model.predict_proba(x)\n",
        _SEQ + "p = model.predict(x)\n",
        "`np.argmax(model.predict(x), axis=-1)` or `(model.predict(x) > 0.5).astype('int32')`.",
    ),
    _rule(
        "KM707",
        "compile-removed",
        "`compile(sample_weight_mode=)`, removed metrics ('fmeasure', 'precision', ...), loss 'cosine_proximity'.",
        NO_FIX,
        "Keras 3 rejects `sample_weight_mode` (`TypeError`) and the strings (`ValueError`). The "
        "metric functions were batch means; `keras.metrics.Precision` etc. are whole-epoch.",
        "Report only: the replacements do not compute the same thing.",
        _SEQ + "model.compile('adam', 'mse', metrics=['fmeasure'])\n",
        _SEQ + "model.compile('adam', 'mse', metrics=['fmeasure'])\n",
        "`keras.metrics.F1Score()`; `keras.losses.cosine_similarity`; 2-D `sample_weight` in `fit`.",
    ),
    _rule(
        "KM708",
        "model-save-format",
        "`to_yaml`/`model_from_yaml`, `save('name')` without `.keras`/`.h5`, `save_weights` without `.weights.h5`.",
        NO_FIX,
        "Keras 3 dropped YAML and checks file names (`ValueError`)." + _RECOGNISED,
        "Report only: the file names are the user's (other code may read them).",
        _SEQ + "model.save_weights('w.h5')\n",
        _SEQ + "model.save_weights('w.h5')\n",
        "`model.save('name.keras')`, `model.save_weights('w.weights.h5')`, `to_json()`.",
    ),
    _rule(
        "KM709",
        "model-checkpoint-period",
        "`ModelCheckpoint(period=)` is gone; a literal path Keras 3 refuses (`.hdf5`, weights not in `.weights.h5`).",
        NO_FIX,
        "Keras 3 rejects `period=` (`TypeError`). It also checks the path when the callback is made "
        "(`ValueError`): a model's file name must end in `.keras` or `.h5` (Keras 1 examples used "
        "`.hdf5`), and with `save_weights_only=True` in `.weights.h5`. A literal path is reported; "
        "renaming the user's files is not a safe rewrite.",
        "Report only: `save_freq` counts batches.",
        "from keras.callbacks import ModelCheckpoint\n\ncb = ModelCheckpoint('m.keras', period=2)\n",
        "from keras.callbacks import ModelCheckpoint\n\ncb = ModelCheckpoint('m.keras', period=2)\n",
        "`save_freq='epoch'` or `save_freq=<batches>`.",
    ),
    _rule(
        "KM710",
        "keras1-accuracy-name",
        "In Keras 1 code, `compile(metrics=['accuracy'])` -> `'acc'` where the file reads the keys `'acc'`/`'val_acc'`.",
        SOMETIMES_SAFE,
        "Keras 1 (and Keras 2 before 2.3) named the `'accuracy'` metric `acc`: history keys "
        "`acc`/`val_acc`, what `EarlyStopping(monitor='val_acc')` and `ModelCheckpoint(monitor='val_acc')` "
        "watch. Keras 3 names it `accuracy`, so `history.history['acc']` raises `KeyError` and a "
        "callback watching `val_acc` only warns that the key is missing (it never stops or saves the "
        "best). Keras 3 names the same metric `acc` when it is asked for as `'acc'`." + _RECOGNISED,
        "Safe: `'acc'` and `'accuracy'` are the same metric in Keras 3 (binary, categorical or sparse "
        "accuracy, chosen from the loss and the shapes), only its name changes. Made only in Keras 1 "
        "code (evidence as for KM604) that reads `'acc'` or `'val_acc'` and reads no "
        "`'accuracy'`/`'val_accuracy'` elsewhere; Keras 2.0-2.2 code without that evidence is left alone.",
        _SEQ + "model.compile('sgd', 'mse', metrics=['accuracy'])\nhistory = model.fit(x, y, nb_epoch=2)\n"
        "best = max(history.history['acc'])\n",
        _SEQ + "model.compile('sgd', 'mse', metrics=['acc'])\nhistory = model.fit(x, y, epochs=2)\n"
        "best = max(history.history['acc'])\n",
        "`metrics=['acc']` (keys `acc`/`val_acc`), or read `'accuracy'`/`'val_accuracy'`.",
    ),
    _rule(
        "KM720",
        "optimizer-lr",
        "Rename optimizer `lr=` to `learning_rate=`; legacy positionals that now mean something else become keywords.",
        ALWAYS_SAFE,
        "Keras 3 optimizers reject `lr=` (`ValueError`). Positionally, `SGD(0.1, 0.9, 1e-6)` passed "
        "`decay` third where Keras 3 has `nesterov`; `Adam`'s fifth was `decay` (now `amsgrad`), "
        "`RMSprop`'s third `epsilon` (now `momentum`), `Adagrad`'s second `epsilon`.",
        "Safe: the same values, by their legacy keywords (`decay=` is then KM721's).",
        "from keras.optimizers import Adam\n\nopt = Adam(lr=0.01)\n",
        "from keras.optimizers import Adam\n\nopt = Adam(learning_rate=0.01)\n",
        "`learning_rate=`.",
    ),
    _rule(
        "KM721",
        "optimizer-decay",
        "Optimizer `decay=` is ignored by Keras 3: `decay=0` is dropped, other values reported.",
        SOMETIMES_SAFE,
        "Keras 3 accepts `decay=` with only a warning and does not decay; `Nadam(schedule_decay=)` "
        "is a `ValueError`.",
        "Dropping `decay=0` is exact. Otherwise report: the Keras 1 decay was per update "
        "(`lr / (1 + decay * iterations)`), which `InverseTimeDecay(lr, 1, decay)` reproduces.",
        "from keras.optimizers import SGD\n\nopt = SGD(lr=0.1, decay=1e-6)\n",
        "from keras.optimizers import SGD\n\nopt = SGD(learning_rate=0.1, decay=1e-6)\n",
        "`learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-6)`.",
    ),
    _rule(
        "KM722",
        "optimizer-lr-attribute",
        "`model.optimizer.lr` -> `.learning_rate`; `K.set_value`/`K.get_value` of it -> `.assign(v)`/`.numpy()`.",
        ALWAYS_SAFE,
        "Keras 3 optimizers have no `lr` attribute, and `set_value` on `learning_rate` fails "
        "(`AttributeError`)." + _RECOGNISED,
        "Safe: the same variable.",
        "from keras import backend as K\n" + _SEQ[:-1] + "\nK.set_value(model.optimizer.lr, 0.01)\n",
        _SEQ + "model.optimizer.learning_rate.assign(0.01)\n",
        "`model.optimizer.learning_rate.assign(v)`.",
    ),
    _rule(
        "KM723",
        "optimizer-lowercase-alias",
        "`keras.optimizers.sgd/adam/...` (lower-case aliases) -> the classes.",
        ALWAYS_SAFE,
        "Keras 1 and 2 had lower-case aliases of the optimizer classes; Keras 3 has only the classes.",
        "Safe: they were the same classes.",
        "from keras import optimizers\n\nopt = optimizers.adam(lr=0.01)\n",
        "from keras import optimizers\n\nopt = optimizers.Adam(learning_rate=0.01)\n",
        "`keras.optimizers.Adam`.",
    ),
    _rule(
        "KM724",
        "optimizer-default-changed",
        "In Keras 1 code, `Adagrad`/`Adadelta`/`Adamax`/`Nadam` without a learning rate: its default changed.",
        NO_FIX,
        "Keras 1 defaults were 0.01/1.0/0.002/0.002 and epsilon 1e-08; Keras 3's are 0.001 and 1e-07. "
        "`Adagrad` also starts its accumulator at 0.1 (Keras 1: 0) and `Nadam` lost its schedule.",
        "Report only: writing the old values out would not make the updates equal.",
        "from keras.models import Sequential\nfrom keras.optimizers import Adagrad\n\n"
        "m = Sequential()\nm.fit(x, y, nb_epoch=1)\nopt = Adagrad()\n",
        "from keras.models import Sequential\nfrom keras.optimizers import Adagrad\n\n"
        "m = Sequential()\nm.fit(x, y, epochs=1)\nopt = Adagrad()\n",
        "`Adagrad(learning_rate=0.01, epsilon=1e-08, initial_accumulator_value=0.0)` (check the result).",
    ),
    _rule(
        "KM730",
        "merge-function",
        "Keras 1 `merge(xs, mode=...)` -> `add`/`multiply`/`average`/`maximum`/`concatenate(axis=)`/`dot(axes=)`.",
        SOMETIMES_SAFE,
        "`merge` is gone (`ImportError`). Keras 1 `concat_axis` and `dot_axes` defaulted to -1.",
        "Safe for 'sum', 'mul', 'ave', 'max', 'concat' and 'dot' (the same layers; `dot_axes` is "
        "written out, `axes=-1` when it was the default). 'cos' added an axis and clamped at epsilon, "
        "a callable `mode` needs `Lambda`, `output_shape`/`node_indices`/...: reported. The import "
        "`from keras.layers import merge` becomes the functions used.",
        "from keras.layers import merge\n\ny = merge([a, b], mode='concat', concat_axis=1)\n",
        "from keras.layers import concatenate\n\ny = concatenate([a, b], axis=1)\n",
        "`keras.layers.concatenate([a, b], axis=1)`.",
    ),
    _rule(
        "KM731",
        "merge-layer",
        "Keras 1 `Merge` layers are gone; a `Sequential` of them needs the functional API.",
        NO_FIX,
        "`Merge` was removed in Keras 2.2 (`ImportError` today). A `Sequential` whose first layer "
        "merges other models has no layer-for-layer equivalent.",
        "Report only.",
        "from keras.layers import Merge\n\nm = Merge([left, right], mode='concat')\n",
        "from keras.layers import Merge\n\nm = Merge([left, right], mode='concat')\n",
        "One `Input` per branch, `concatenate([left(a), right(b)])`, then `Model(inputs=[a, b], outputs=...)`.",
    ),
)
