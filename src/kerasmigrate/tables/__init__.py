"""Mapping tables, one per migration target. Data only: no transformer logic here."""

from __future__ import annotations

from ._schema import (
    NO_FIX,
    SOMETIMES_SAFE,
    Cond,
    FixAvailability,
    FixLevel,
    FixSafety,
    FunctionalAPI,
    KeywordRow,
    Param,
    Row,
    Target,
    Variant,
)
from .tf2 import TARGET as _TF2

#: The target a run uses unless told otherwise (the only place it is named).
DEFAULT_TARGET = "tf2"

#: Every target by name. A target is a module of this package that defines ``TARGET``
#: (``tf2.py``); a module added here is found without any other change (see
#: :func:`_discover`), and :func:`register` adds one at run time (a plugin, a test).
TARGETS: dict[str, Target] = {_TF2.name: _TF2}


def register(target: Target) -> Target:
    """Make ``target`` available to ``--target``/``Options(target=...)`` in this process
    (and in the worker processes it forks); its rows must map rules of the catalogue."""
    from ..catalogue import CATALOGUE

    unknown = sorted({row.rule for row in target.rows} - set(CATALOGUE.rules))
    if unknown:
        raise ValueError(f"target {target.name!r} maps rules the catalogue does not have: {unknown}")
    TARGETS[target.name] = target
    return target


def _discover() -> None:
    """Every ``tables/<name>.py`` that defines ``TARGET`` is a target."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "tf2":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        target = getattr(module, "TARGET", None)
        if isinstance(target, Target):
            TARGETS.setdefault(target.name, target)


_discover()

__all__ = [
    "DEFAULT_TARGET",
    "register",
    "NO_FIX",
    "SOMETIMES_SAFE",
    "TARGETS",
    "Cond",
    "FixAvailability",
    "FixLevel",
    "FixSafety",
    "FunctionalAPI",
    "KeywordRow",
    "Param",
    "Row",
    "Target",
    "Variant",
]
