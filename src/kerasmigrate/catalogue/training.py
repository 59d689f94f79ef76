"""The Keras 1/2 model, training and optimizer API (rules KM701-KM749), keyed by qualified name.

Import-recognised entries carry Keras's own renames as rows (``Model(input=, output=)``,
optimizer ``lr=``, the lower-case optimizer aliases); the methods (``keras.Model.fit``,
``fit_generator``, ...) are ``Recognition.METHOD`` entries, found on objects the code shows
to be models (``analyses/training.py``). Facts: docs/legacy-apis.md, "Models, training and
optimizers".
"""

from __future__ import annotations

from types import MappingProxyType

from ._schema import Entry, KeywordChange, Recognition

_LR = MappingProxyType({"lr": KeywordChange("learning_rate")})

#: Keras 1.2.2 / 2.2.4 optimizer signatures (the same positional order in both), and how
#: many leading positionals still mean the same in Keras 3: after them Keras 3 has other
#: parameters (``SGD(0.1, 0.9, 1e-6)``: Keras 3's third is ``nesterov``, the legacy one ``decay``)
OPTIMIZERS: dict[str, tuple[str, int]] = {
    "SGD": ("lr=0.01, momentum=0.0, decay=0.0, nesterov=False, **kwargs", 2),
    "RMSprop": ("lr=0.001, rho=0.9, epsilon=None, decay=0.0, **kwargs", 2),
    "Adagrad": ("lr=0.01, epsilon=None, decay=0.0, **kwargs", 1),
    "Adadelta": ("lr=1.0, rho=0.95, epsilon=None, decay=0.0, **kwargs", 3),
    "Adam": ("lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False, **kwargs", 4),
    "Adamax": ("lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, **kwargs", 4),
    "Nadam": ("lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, schedule_decay=0.004, **kwargs", 4),
}

MODEL = Entry(
    "KM701",
    "keras.models.Model",
    "input=None, output=None, name=None, **kwargs",
    version="1.2.2",
    aliases=("keras.Model",),
    keywords=MappingProxyType({"input": KeywordChange("inputs"), "output": KeywordChange("outputs")}),
)

OPTIMIZER_ENTRIES = tuple(
    Entry(
        "KM720", f"keras.optimizers.{name}", signature, version="2.2.4", keywords=_LR, positional=positional
    )
    for name, (signature, positional) in OPTIMIZERS.items()
)
#: ``keras.optimizers.sgd`` etc.: aliases of the classes in Keras 1 and 2, gone in Keras 3
ALIAS_ENTRIES = tuple(
    Entry(
        "KM723",
        f"keras.optimizers.{name.lower()}",
        signature,
        version="2.2.4",
        renamed=f"keras.optimizers.{name}",
        keywords=_LR,
        positional=positional,
    )
    for name, (signature, positional) in OPTIMIZERS.items()
)


def _method(rule: str, name: str, signature: str, version: str = "1.2.2") -> Entry:
    return Entry(
        rule,
        f"keras.Model.{name}",
        signature,
        version=version,
        recognition=Recognition.METHOD,
        receiver="keras.Model",
    )


#: Keras 1.2.2 signatures (``Model``/``Sequential``)
FIT_GENERATOR_K1 = (
    "generator, samples_per_epoch, nb_epoch, verbose=1, callbacks=[], validation_data=None, "
    "nb_val_samples=None, class_weight={}, max_q_size=10, nb_worker=1, pickle_safe=False, initial_epoch=0"
)
#: Keras 2.2.4
FIT_GENERATOR_K2 = (
    "generator, steps_per_epoch=None, epochs=1, verbose=1, callbacks=None, validation_data=None, "
    "validation_steps=None, class_weight=None, max_queue_size=10, workers=1, use_multiprocessing=False, "
    "shuffle=True, initial_epoch=0"
)
OTHER_GENERATOR_K1 = "generator, val_samples, max_q_size=10, nb_worker=1, pickle_safe=False"
OTHER_GENERATOR_K2 = (
    "generator, steps=None, max_queue_size=10, workers=1, use_multiprocessing=False, verbose=0"
)

METHODS = (
    _method(
        "KM702",
        "fit",
        "x=None, y=None, batch_size=32, nb_epoch=10, verbose=1, callbacks=None, validation_split=0.0, "
        "validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0, **kwargs",
    ),
    _method("KM704", "fit_generator", FIT_GENERATOR_K1),
    _method("KM704", "evaluate_generator", OTHER_GENERATOR_K1),
    _method("KM704", "predict_generator", OTHER_GENERATOR_K1),
    _method("KM706", "predict_classes", "x, batch_size=32, verbose=1"),
    _method("KM706", "predict_proba", "x, batch_size=32, verbose=1"),
    _method(
        "KM707",
        "compile",
        "optimizer, loss, metrics=None, loss_weights=None, sample_weight_mode=None, **kwargs",
    ),
    _method("KM708", "to_yaml", "**kwargs"),
    _method("KM708", "save", "filepath, overwrite=True, include_optimizer=True", "2.2.4"),
    _method("KM708", "save_weights", "filepath, overwrite=True", "2.2.4"),
)

ENTRIES: tuple[Entry, ...] = (MODEL, *OPTIMIZER_ENTRIES, *ALIAS_ENTRIES, *METHODS)
