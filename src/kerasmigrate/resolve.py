"""Is this node the Keras backend? Answered from qualified names, never from spelling.

LibCST's QualifiedNameProvider follows every import form (``import keras.backend as K``,
``from keras.backend import common as C``, ``import keras`` …) and scopes, so a
parameter or local called ``K`` resolves to a local name and is never matched here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import cast

import libcst as cst
from libcst.metadata import QualifiedName, QualifiedNameSource

from .catalogue.modules import BACKEND_MODULES, COMMON, REMOVED_BACKENDS
from .kinds import Kind

__all__ = [
    "BACKEND_MODULES",
    "COMMON",
    "REMOVED_BACKENDS",
    "BackendRef",
    "backend_ref",
    "base_name",
    "resolve_backend",
]


@dataclass(frozen=True)
class BackendRef:
    """A reference into the Keras backend: ``module`` (``keras.backend.common``) and ``name``.

    ``name`` is empty for a reference to the module itself, and may contain dots for an
    attribute of a function (``K.relu.__name__``), which no rule handles.
    """

    module: str
    name: str

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module

    @property
    def is_function(self) -> bool:
        return bool(self.name) and "." not in self.name

    @property
    def removed_backend(self) -> bool:
        """Reached through the Theano or CNTK backend module (``keras.backend.theano_backend``)."""
        return self.module.removesuffix(f".{COMMON}") in REMOVED_BACKENDS

    @property
    def private(self) -> bool:
        """A ``_``-prefixed (not dunder) name of a backend module: never public API (KM904)."""
        head = self.name.split(".")[0]
        return head.startswith("_") and not head.startswith("__")


def backend_ref(qualified: str) -> BackendRef | None:
    """Map one qualified name to a backend reference, or None when it is not the backend."""
    for base in BACKEND_MODULES:
        if qualified == base:
            return BackendRef(base, "")
        if qualified.startswith(base + "."):
            rest = qualified[len(base) + 1 :]
            if rest == COMMON:
                return BackendRef(f"{base}.{COMMON}", "")
            if rest.startswith(COMMON + "."):
                return BackendRef(f"{base}.{COMMON}", rest[len(COMMON) + 1 :])
            return BackendRef(base, rest)
    return None


def resolve_backend(names: Collection[QualifiedName]) -> BackendRef | None | bool:
    """Resolve a node's qualified names.

    Returns the reference when every imported name agrees; None when the node is not the
    backend at all; False when it is ambiguous (the backend on one path, something else on
    another), which callers report rather than rewrite.
    """
    refs: set[BackendRef] = set()
    other = False
    for q in names:
        ref = backend_ref(q.name) if q.source is QualifiedNameSource.IMPORT else None
        if ref is None:
            other = True
        else:
            refs.add(ref)
    if not refs:
        return None
    by_name = {r.name for r in refs}
    if other or len(by_name) > 1:
        return False
    # try/except import fallbacks (keras vs tensorflow.keras) agree on the function name;
    # prefer the module where it is most broken, so the call is migrated; but a fallback to
    # the Theano or CNTK backend wins, as that path works on tensors TensorFlow cannot take.
    return min(refs, key=lambda r: (not r.removed_backend, COMMON not in r.module, r.module))


_ATTRIBUTE = Kind(cst.Attribute)
_NAME = Kind(cst.Name)


def base_name(node: cst.BaseExpression) -> cst.Name | None:
    """The leftmost Name of an attribute chain (``K`` in ``K.common.abs``). (Asked of every
    name and attribute the collector visits: the class checks are :class:`Kind` lookups.)"""
    while _ATTRIBUTE[type(node)]:
        node = cast("cst.Attribute", node).value
    return cast("cst.Name", node) if _NAME[type(node)] else None
