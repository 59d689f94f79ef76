"""Row builders any target can use: the shapes of row that recur across targets.

A target module calls these with its own op names, fallback namespace and references
(``tables/tf2_ops.py`` for TensorFlow 2); nothing here names a target.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ..catalogue import CATALOGUE
from ._schema import Cond, FixSafety, Row, Variant


def fallback(namespace: str, name: str, args: str) -> Variant:
    """The legacy function itself, as the target still ships it (``tf.keras.backend.abs(x)``)."""
    return Variant(f"{namespace}.{name}({args})")


def subsets(
    template: str,
    optional: tuple[tuple[str, str], ...],
    *,
    when: dict[str, Cond | tuple[object, ...]] | None = None,
    safety: FixSafety = FixSafety.SAFE,
    caveat: str = "",
) -> tuple[Variant, ...]:
    """One variant per subset of ``optional`` (legacy param, target keyword) passed.

    For templates the engine builds as an expression (a nested call), a keyword whose
    parameter was not passed would be written out with its default; splitting by
    subset keeps the output as short as the input. ``template`` has a ``{kw}`` slot.
    """
    out = []
    for n in range(len(optional) + 1):
        for combo in combinations(optional, n):
            kws = "".join(f", {kw}={param}" for param, kw in combo)
            cond: dict[str, Cond | tuple[object, ...]] = dict(when or {})
            cond.update({param: Cond.GIVEN for param, _ in combo})
            out.append(Variant(template.format(kw=kws), when=cond, safety=safety, caveat=caveat))
    return tuple(out)


def plain(rule: str, name: str, target: str, references: Sequence[str], note: str = "") -> Row:
    """A function the legacy backend implements as exactly one op of the target (its
    parameters, from the catalogue entry, passed through in order)."""
    args = ", ".join(p.name for p in CATALOGUE.entry(rule, name).params)
    return Row(
        rule,
        name,
        (Variant(f"{target}({args})"),),
        summary=f"Replace `K.{name}({args})` with `{target}({args})`.",
        notes=note or f"Same op: the legacy backend calls `{target}` with the same arguments.",
        references=tuple(references),
    )


def reduction(rule: str, name: str, target: str, references: Sequence[str]) -> Row:
    """``K.sum(x, axis=None, keepdims=False)`` and its kind: the same reduction of the target."""
    return Row(
        rule,
        name,
        (Variant(f"{target}(x, axis=axis, keepdims=keepdims)"),),
        summary=f"Replace `K.{name}(x, axis, keepdims)` with `{target}(x, axis=..., keepdims=...)`.",
        notes=(
            f"Same op: the legacy backend calls `{target}(x, axis, keepdims)` positionally, and both "
            "default to `axis=None` (reduce everything) and `keepdims=False`. The arguments are "
            "written as keywords."
        ),
        references=tuple(references),
    )


def comparison(
    rule: str, name: str, target: str, references: Sequence[str], aliases: tuple[str, ...] = ()
) -> Row:
    """``K.less(x, y)`` and its kind; ``aliases`` are the Keras 1 names (``lesser``)."""
    row = plain(rule, name, target, references)
    if not aliases:
        return row
    return Row(
        row.rule,
        row.name,
        row.variants,
        summary=f"Replace `K.{name}(x, y)` (Keras 1: `K.{aliases[0]}`) with `{target}(x, y)`.",
        notes=(
            f"Same op: the legacy backend calls `{target}`. Keras 1 spelled it `K.{aliases[0]}`; "
            "that spelling is rewritten the same way."
        ),
        references=(*references, "Keras 1.2.2 `keras/backend/tensorflow_backend.py`"),
    )
