"""Where legacy names were reached: the modules, and the canonical module each stands for.

A legacy name is keyed in the catalogue by its canonical qualified name; the module it was
reached through is kept by the caller, because whether it still resolves (and whether it is
Theano code) depends on that module, not on the entry. Facts: docs/legacy-apis.md §1.
"""

from __future__ import annotations

from types import MappingProxyType

#: Modules that are (or were) the Keras backend, longest first so the most specific wins.
BACKEND_MODULES: tuple[str, ...] = tuple(
    sorted(
        (
            "keras.backend",
            "keras.backend.tensorflow_backend",
            "keras.backend.theano_backend",
            "keras.backend.cntk_backend",
            "keras.backend.load_backend",
            "tensorflow.keras.backend",
            "tensorflow.python.keras.backend",
        ),
        key=len,
        reverse=True,
    )
)
#: ``keras.backend.common``: the configuration submodule of every backend module above
COMMON = "common"
#: Backend implementations that are gone with their engines: code written against them
#: works on Theano/CNTK tensors, so nothing reached through them is ever rewritten (KM903).
REMOVED_BACKENDS: frozenset[str] = frozenset({"keras.backend.theano_backend", "keras.backend.cntk_backend"})
#: Every backend module's names are keyed under this one.
BACKEND = "keras.backend"

#: Other modules whose names are keyed under a canonical module: the ``tf.keras`` spelling
#: of the public API, the implementation modules Keras 1/2 exported them from.
MODULE_ALIASES = MappingProxyType(
    {
        "tensorflow.keras": "keras",
        "tensorflow.keras.layers": "keras.layers",
        "tensorflow.python.keras.layers": "keras.layers",
        **{
            f"keras.layers.{sub}": "keras.layers"
            for sub in (
                "core",
                "convolutional",
                "pooling",
                "recurrent",
                "normalization",
                "embeddings",
                "advanced_activations",
                "noise",
                "wrappers",
                "local",
                "merge",
                "convolutional_recurrent",
            )
        },
        "keras.engine.topology": "keras.layers",
    }
)


def canonical(qualified: str) -> str:
    """``tensorflow.keras.layers.Conv2D`` -> ``keras.layers.Conv2D`` (longest module first)."""
    module, _, name = qualified.rpartition(".")
    while module:
        if module in MODULE_ALIASES:
            return f"{MODULE_ALIASES[module]}.{name}" if name else MODULE_ALIASES[module]
        module, _, head = module.rpartition(".")
        name = f"{head}.{name}" if name else head
    return qualified
