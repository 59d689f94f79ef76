"""The shape of a catalogue entry: one legacy Keras API, independent of any target."""

from __future__ import annotations

import ast
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

_NO_DEFAULT = object()


class Kind(str, enum.Enum):
    """How a parameter is passed (the ``inspect.Parameter`` kinds that legacy APIs use)."""

    POSITIONAL = "positional"  # positional or keyword
    KEYWORD_ONLY = "keyword-only"
    VAR_POSITIONAL = "*args"
    VAR_KEYWORD = "**kwargs"


@dataclass(frozen=True)
class Param:
    name: str
    default: Any = _NO_DEFAULT
    kw_only: bool = False
    kind: Kind = Kind.POSITIONAL

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT and self.kind in (Kind.POSITIONAL, Kind.KEYWORD_ONLY)


def parse_signature(text: str) -> tuple[Param, ...]:
    """Parse ``"x, *args, axis=None, **kwargs"`` into params (defaults as values), in order."""
    fn = ast.parse(f"def f({text}): pass").body[0]
    assert isinstance(fn, ast.FunctionDef)
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    defaults: list[Any] = [_NO_DEFAULT] * (len(positional) - len(a.defaults))
    defaults += [ast.literal_eval(d) for d in a.defaults]
    params = [Param(p.arg, d) for p, d in zip(positional, defaults, strict=True)]
    if a.vararg is not None:
        params.append(Param(a.vararg.arg, kind=Kind.VAR_POSITIONAL))
    for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True):
        default = _NO_DEFAULT if d is None else ast.literal_eval(d)
        params.append(Param(p.arg, default, True, Kind.KEYWORD_ONLY))
    if a.kwarg is not None:
        params.append(Param(a.kwarg.arg, kind=Kind.VAR_KEYWORD))
    return tuple(params)


class Recognition(str, enum.Enum):
    """How a use of the entry is found in code (docs/architecture.md, "Recognition")."""

    #: through imports: the node's qualified name (any import spelling) is the entry's
    IMPORT = "import"
    #: a method called on an object whose class the code shows (``model.fit_generator``)
    METHOD = "method"


@dataclass(frozen=True)
class KeywordChange:
    """A keyword the legacy API took that current Keras spells otherwise (``dim_ordering=``
    -> ``data_format=``), with the map of its literal values (a value not in the map is
    reported, unless the engine follows it: the ordering flow). No map: every value is
    passed on as it is."""

    new: str
    values: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, eq=False)  # identity: one entry is one legacy thing
class Entry:
    """One legacy API: what it was called, how it was called, and how Keras itself renamed it.

    ``qualified`` is the canonical name (``keras.backend.abs``, ``keras.layers.Convolution2D``,
    ``keras.Model.fit``); every module a name was also reached through is normalised to it
    (``catalogue.modules``). ``signature`` is the legacy one, as Python parameters (with
    ``*args``/``**kwargs`` where the API took them), from Keras ``version``.
    """

    rule: str  # "KM101"; several entries may share one rule (KM191)
    qualified: str
    signature: str = "*args, **kwargs"
    version: str = "2.2.4"
    #: other qualified names of the same thing (Keras 1 ``keras.backend.lesser``)
    aliases: tuple[str, ...] = ()
    #: Keras 1 keyword spellings accepted for a parameter (``dim`` -> ``axis``)
    keyword_aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: the legacy value domain of the result, and what each value means now ('th' -> ...)
    result_values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    recognition: Recognition = Recognition.IMPORT
    #: METHOD only: the class whose instances have the method (``keras.Model``)
    receiver: str = ""
    #: name/import rename: what current Keras calls it (``keras.layers.Conv2D``), every
    #: import spelling rewritten (``from keras.layers import Convolution2D`` too)
    renamed: str = ""
    #: the old name is still an alias of ``renamed`` today (``Convolution2D``): renamed only in
    #: a file with Keras 1 evidence, so that a call reported as ambiguous keeps its old name
    #: (and its report on the next run)
    renamed_with_evidence: bool = False
    #: keyword renames with their value maps (``dim_ordering`` -> ``data_format``)
    keywords: Mapping[str, KeywordChange] = field(default_factory=lambda: MappingProxyType({}))
    #: positional-to-keyword normalisation: how many leading arguments current Keras still
    #: takes by position; legacy positional arguments after them are passed by the keyword
    #: of the legacy signature (Keras 1 ``Dense(64, 'uniform')`` -> ``Dense(64, init='uniform')``,
    #: which ``keywords`` may rename further). None: calls are left as they are.
    positional: int | None = None

    @property
    def name(self) -> str:
        """The last part of the qualified name (``abs``): how rows of one rule tell entries apart."""
        return self.qualified.rpartition(".")[2]

    @property
    def module(self) -> str:
        return self.qualified.rpartition(".")[0]

    @cached_property
    def all_params(self) -> tuple[Param, ...]:
        return parse_signature(self.signature)

    @cached_property
    def params(self) -> tuple[Param, ...]:
        """The named parameters (what a template can refer to), in order."""
        return tuple(p for p in self.all_params if p.kind in (Kind.POSITIONAL, Kind.KEYWORD_ONLY))

    @property
    def var_positional(self) -> bool:
        return any(p.kind is Kind.VAR_POSITIONAL for p in self.all_params)

    @property
    def var_keyword(self) -> bool:
        return any(p.kind is Kind.VAR_KEYWORD for p in self.all_params)
