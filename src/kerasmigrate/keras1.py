"""Is this file Keras 1 code? The evidence that decides what a positional argument means.

``Convolution2D(32, 3, 3)`` is still valid today and means ``kernel_size=3, strides=3``;
in Keras 1 (and in multi-backend Keras 2, whose legacy interfaces converted it) it meant a
3x3 kernel. Nothing in the call tells them apart, so the file decides (docs/architecture.md,
"Keras 1 evidence"): the first call in the module, read with Python's own ``ast`` over the
whole file (not only the statements that reach LibCST), that passes a keyword only Keras 1
had to a callee whose last name is a Keras layer, model or training method
(``Convolution2D(..., border_mode='same')``, ``model.fit(..., nb_epoch=5)``; also a keyword
that the Keras 1 catalogue entry of that callee renamed, ``Dropout(p=0.5)``), or an import
of a name or module only Keras 1 had (``merge``, ``keras.utils.visualize_util``,
``keras.initializations``). A file that imports ``tensorflow.keras`` or uses ``tf.keras``
was written for ``tf.keras``, which never had the Keras 1 interfaces: it has no evidence,
whatever else it contains. No evidence: legacy positional calls are reported, never guessed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

#: keywords only Keras 1 layers, models and training methods took (docs/legacy-apis.md)
KERAS1_KEYWORDS = frozenset(
    {
        "border_mode", "subsample", "subsample_length", "nb_filter", "nb_row", "nb_col",
        "filter_length", "kernel_dim1", "kernel_dim2", "kernel_dim3", "atrous_rate",
        "init", "inner_init", "inner_activation", "forget_bias_init", "consume_less",
        "dropout_W", "dropout_U", "W_regularizer", "b_regularizer", "U_regularizer",
        "W_constraint", "b_constraint", "dim_ordering", "pool_length", "beta_init",
        "gamma_init", "nb_epoch", "samples_per_epoch", "nb_val_samples", "nb_worker",
        "pickle_safe", "max_q_size",
    }
)  # fmt: skip

#: names (imported from keras) and module paths that only Keras 1 had
KERAS1_NAMES = frozenset(
    {
        "merge", "Merge", "AtrousConvolution1D", "AtrousConvolution2D", "TimeDistributedDense",
        "MaxoutDense", "Highway", "SReLU", "ParametricSoftplus", "Deconvolution2D",
    }
)  # fmt: skip
KERAS1_MODULES = frozenset({"keras.utils.visualize_util", "keras.initializations", "keras.objectives"})


@dataclass(frozen=True)
class Evidence:
    """Why the file is taken to be Keras 1 code, and where (1-based line, 1-based column)."""

    line: int
    column: int
    reason: str


def _callee_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_tf_keras(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(a.name == "tensorflow.keras" or a.name.startswith("tensorflow.keras.") for a in node.names)
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if module == "tensorflow" and any(a.name == "keras" for a in node.names):
            return True
        return node.level == 0 and (module == "tensorflow.keras" or module.startswith("tensorflow.keras."))
    if isinstance(node, ast.Attribute) and node.attr == "keras":
        return isinstance(node.value, ast.Name) and node.value.id in ("tf", "tensorflow")
    return False


def _imports_keras1(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in KERAS1_MODULES:
                return f"imports `{alias.name}`, which only Keras 1 had"
    if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "keras":
        module = node.module or ""
        if module in KERAS1_MODULES:
            return f"imports from `{module}`, which only Keras 1 had"
        for alias in node.names:
            if alias.name in KERAS1_NAMES:
                return f"imports `{alias.name}` from `{module}`, which only Keras 1 had"
            if f"{module}.{alias.name}" in KERAS1_MODULES:
                return f"imports `{module}.{alias.name}`, which only Keras 1 had"
    return None


def evidence(tree: ast.Module, callees: frozenset[str]) -> Evidence | None:
    """The first Keras 1 evidence in the module (by position), or None (also for ``tf.keras`` code).

    ``callees``: the last names of the Keras layers, models and methods whose keywords
    count (``Convolution2D``, ``Dense``, ``fit``...), from the catalogue."""
    found: list[Evidence] = []
    renamed = renamed_keywords()
    for node in _walk(tree):
        if not isinstance(node, _CHECKED):
            continue  # neither an import, ``tf.keras`` nor a call: nothing below can match
        if _is_tf_keras(node):
            return None
        reason = _imports_keras1(node)
        if reason is None and isinstance(node, ast.Call):
            name = _callee_name(node.func)
            if name is not None and name in callees:
                for kw in node.keywords:
                    if kw.arg in KERAS1_KEYWORDS or kw.arg in renamed.get(name, ()):
                        reason = f"`{name}(..., {kw.arg}=...)` passes a keyword only Keras 1 took"
                        break
        if reason is not None:
            assert isinstance(node, (ast.stmt, ast.expr))
            found.append(Evidence(node.lineno, node.col_offset + 1, reason))
    return min(found, key=lambda e: (e.line, e.column), default=None)


#: the node classes :func:`evidence` looks at (``_is_tf_keras``, ``_imports_keras1``, calls)
_CHECKED = (ast.Import, ast.ImportFrom, ast.Attribute, ast.Call)


def _walk(tree: ast.AST) -> list[ast.AST]:
    """The nodes of ``ast.walk(tree)``, in its order (breadth first, each node's children
    in field order), from one loop instead of three nested generators per node: the walk
    was most of the cost of :func:`evidence` on a dense file."""
    out: list[ast.AST] = [tree]
    index = 0
    while index < len(out):
        node = out[index]
        index += 1
        for name in node._fields:
            try:
                value = getattr(node, name)
            except AttributeError:
                continue
            if isinstance(value, ast.AST):
                out.append(value)
            elif isinstance(value, list):
                out.extend(item for item in value if isinstance(item, ast.AST))
    return out


def callees() -> frozenset[str]:
    """The last names whose keywords count as evidence: every catalogue entry outside the
    backend (layers, models, training methods), and the model API Keras 1 shares with today."""
    from .catalogue import CATALOGUE

    names = {e.name for e in CATALOGUE if not e.module.startswith("keras.backend")}
    return frozenset(names | _MODEL_API)


def renamed_keywords() -> dict[str, frozenset[str]]:
    """Per last name, the keywords a Keras 1 catalogue entry of that name took and Keras 2
    renamed (``Dense``: ``output_dim``, ``init``, ``bias``...; ``Dropout``: ``p``): evidence
    only on that callee (``Embedding(output_dim=)`` is still today's spelling)."""
    from .catalogue import CATALOGUE

    out: dict[str, set[str]] = {}
    for entry in CATALOGUE:
        if entry.version.startswith("1.") and not entry.module.startswith("keras.backend"):
            out.setdefault(entry.name, set()).update(entry.keywords)
    return {name: frozenset(keywords) for name, keywords in out.items()}


_MODEL_API = frozenset(
    {"Model", "Sequential", "fit", "fit_generator", "evaluate_generator", "predict_generator"}
)
