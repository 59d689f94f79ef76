"""The shape of a mapping table row.

A row says what one legacy backend function becomes in one target. Rows are data:
adding a function is one row plus a fixture; the transformer never changes for it.

A row carries the legacy signature (so calls are bound like Python binds them) and
an ordered list of variants. The first variant whose conditions hold is applied.
A legacy parameter that a variant's template does not mention must be absent (or
passed its legacy default) for that variant to apply, so a row can never drop an
argument silently. When no variant applies, the call is left alone and the row's
``manual`` message is reported.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import Any


class FixSafety(str, Enum):
    """How far one fix can be trusted (ruff's applicability)."""

    SAFE = "safe"  # exactly equivalent; applied by default
    UNSAFE = "unsafe"  # equivalent except in a documented corner; needs --unsafe-fixes


class FixAvailability(str, Enum):
    """Whether a rule has a fix at all (ruff's split: "is there a fix" apart from "is it safe")."""

    NONE = "none"  # report only: never rewritten
    SOMETIMES = "sometimes"  # some calls are rewritten, the others reported
    ALWAYS = "always"  # every call it matches is rewritten


@dataclass(frozen=True)
class FixLevel:
    """What a rule's fixes are: whether there are any, how safe the default ones are, and
    whether an unsafe one is offered on top (``--unsafe-fixes``)."""

    availability: FixAvailability
    #: the safety of the fixes applied by default; UNSAFE when every fix needs --unsafe-fixes
    safety: FixSafety | None = None
    #: a rule whose default fix is safe may also offer an unsafe one (KM104 softmax)
    unsafe_alternative: bool = False

    @property
    def label(self) -> str:
        """``safe`` / ``unsafe`` / ``manual`` (no fix): the word `kerasmigrate rules` prints."""
        return "manual" if self.safety is None else self.safety.value


NO_FIX = FixLevel(FixAvailability.NONE)
#: a rule that rewrites what it can prove and reports the rest (KM204, KM401)
SOMETIMES_SAFE = FixLevel(FixAvailability.SOMETIMES, FixSafety.SAFE)


class Cond(str, Enum):
    """Conditions a variant can put on a bound argument."""

    DEFAULT = "default"  # absent, or a literal equal to the legacy default
    GIVEN = "given"  # present and not the legacy default
    NUMBER = "number"  # an int/float literal (possibly negative) that is not the default
    LITERAL = "literal"  # any Python literal (so its value is known here)


#: A condition is a Cond, or a tuple of the literal values that are accepted.
Condition = Cond | tuple[Any, ...]

_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    name: str
    default: Any = _NO_DEFAULT
    kw_only: bool = False

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT


def parse_signature(text: str) -> tuple[Param, ...]:
    """Parse ``"x, axis=None, keepdims=False"`` into params, defaults as values."""
    fn = ast.parse(f"def f({text}): pass").body[0]
    assert isinstance(fn, ast.FunctionDef)
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    defaults: list[Any] = [_NO_DEFAULT] * (len(positional) - len(a.defaults))
    defaults += [ast.literal_eval(d) for d in a.defaults]
    params = [Param(p.arg, d) for p, d in zip(positional, defaults, strict=True)]
    for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True):
        params.append(Param(p.arg, _NO_DEFAULT if d is None else ast.literal_eval(d), True))
    return tuple(params)


@dataclass(frozen=True)
class Variant:
    """One way to rewrite a call: a template expression plus when it applies.

    ``template`` is a Python expression in the target's spelling (``tf.`` stands for
    ``import tensorflow as tf``). Bare names equal to legacy parameter names are
    replaced by the caller's arguments. A keyword argument whose value is a parameter
    the caller did not pass is dropped, unless the parameter is in ``emit_defaults``,
    in which case the legacy default is written out (``axis=-1`` for ``K.argmax``).
    """

    template: str
    when: Mapping[str, Condition] = field(default_factory=dict)
    emit_defaults: tuple[str, ...] = ()
    #: literal value remaps applied to string arguments (``'th'`` -> ``'channels_first'``)
    remap: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    safety: FixSafety = FixSafety.SAFE
    #: why the variant is unsafe, shown in findings and on the rule page
    caveat: str = ""

    @cached_property
    def expression(self) -> ast.expr:
        return ast.parse(self.template, mode="eval").body

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(n.id for n in ast.walk(self.expression) if isinstance(n, ast.Name))


@dataclass(frozen=True)
class Row:
    """A legacy backend function and what it becomes in one target."""

    rule: str  # "KM102"
    name: str  # legacy name as written after ``K.``
    signature: str  # legacy signature (Keras 2.2.4 unless noted)
    variants: tuple[Variant, ...]
    slug: str = ""  # kebab-case rule name; derived from the function when empty
    summary: str = ""
    #: Keras 1 keyword spellings accepted as aliases (``dim`` for ``axis``)
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: what to tell the user when no variant applies
    manual: str = ""
    #: when set, the call's result is a legacy value that must be remapped where compared
    result_values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: extra prose for the rule page: why the rewrite is (or is not) exact
    notes: str = ""
    references: tuple[str, ...] = ()
    #: other legacy names for the same function (Keras 1 ``lesser`` for ``less``)
    legacy_aliases: tuple[str, ...] = ()
    #: the rule page's example, as code after ``from keras import backend as K``;
    #: generated from the signature when empty
    example: str = ""

    @cached_property
    def params(self) -> tuple[Param, ...]:
        return parse_signature(self.signature)

    @property
    def kebab(self) -> str:
        return self.slug or f"backend-{self.name.replace('_', '-')}"

    @property
    def fix(self) -> FixLevel:
        """The rule's fixes: none without variants; safe when some fix applied by default is
        (an unsafe one may be offered too); unsafe when every fix needs --unsafe-fixes."""
        levels = {v.safety for v in self.variants}
        if not levels:
            return NO_FIX
        catch_all = any(
            v.safety is FixSafety.SAFE
            and not v.when
            and not v.remap
            and {p.name for p in self.params} <= v.names
            for v in self.variants
        )
        availability = FixAvailability.ALWAYS if catch_all and not self.manual else FixAvailability.SOMETIMES
        if FixSafety.SAFE in levels:
            return FixLevel(availability, FixSafety.SAFE, FixSafety.UNSAFE in levels)
        return FixLevel(availability, FixSafety.UNSAFE)


@dataclass(frozen=True)
class Target:
    """A migration target: its import roots and its rows, keyed by legacy name."""

    name: str
    description: str
    #: template root name -> (module to import, alias), e.g. "tf" -> ("tensorflow", "tf")
    roots: Mapping[str, tuple[str, str]]
    rows: tuple[Row, ...]
    #: legacy module -> names that still resolve there in this target (left alone)
    still_resolves: Mapping[str, frozenset[str]]

    @cached_property
    def by_name(self) -> Mapping[str, Row]:
        table: dict[str, Row] = {}
        for row in self.rows:
            for legacy in (row.name, *row.legacy_aliases):
                if legacy in table:
                    raise ValueError(f"duplicate legacy name {legacy!r} in target {self.name}")
                table[legacy] = row
        return MappingProxyType(table)
