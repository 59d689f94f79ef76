"""Messages for backend references that are reported and never rewritten (KM903, KM904).

The wording that names a target (what to use instead of a private name) is the target's
(``Target.private_hints``, ``Target.texts``); every message is one line (the rule pages
carry the explanation).
"""

from __future__ import annotations

from .resolve import BackendRef
from .tables import Target


def theano_message(ref: BackendRef, target: Target, *, unused_import: bool = False) -> str:
    """KM903: a reference through the Theano or CNTK backend module."""
    engine = "CNTK" if "cntk" in ref.module else "Theano"
    if unused_import:
        return f"`{ref.qualified}` is imported but the {engine} backend no longer exists; the import fails: remove it"
    return (
        f"`{ref.qualified}` is the {engine} backend, which no longer exists; not rewritten to "
        f"{target.text('engine')}: port this {engine} code by hand"
    )


def private_message(ref: BackendRef, target: Target) -> str:
    """KM904: a private name of a legacy backend module."""
    head = ref.name.split(".")[0]
    hint = target.private_hints.get(head)
    if hint is None and head.startswith(("_preprocess_conv", "_postprocess_conv")):
        hint = target.text("reorder")
    if hint is None:
        hint = target.text("private")
    return f"`{ref.qualified}` is a private legacy backend name, gone: {hint}"
