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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..catalogue import CATALOGUE, Entry, KeywordChange, Param


class FixSafety(str, Enum):
    """How far one fix can be trusted (ruff's applicability)."""

    SAFE = "safe"  # exactly equivalent; applied by default
    UNSAFE = "unsafe"  # equivalent except in a documented corner; needs --unsafe-fixes
    #: never the safety of a fix: a rule without one has ``FixAvailability.NONE``. Kept so
    #: that code written when this enum also meant "no fix" still runs (``is MANUAL`` is False)
    MANUAL = "manual"


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
    """What one catalogue entry becomes in one target: its kinds of change and their texts.

    The legacy side (signature, Keras 1 spellings, result values) is the catalogue entry's,
    found by ``rule`` (and ``name`` when several entries share the rule, as KM191's do);
    the properties below read it from there.
    """

    rule: str  # "KM102"
    name: str  # the entry's last name (``relu``); "" when the rule has one entry
    #: call replacement: the first variant whose conditions hold is applied
    variants: tuple[Variant, ...] = ()
    slug: str = ""  # kebab-case rule name; derived from the function when empty
    summary: str = ""
    #: report only: what to tell the user when no variant applies
    manual: str = ""
    #: extra prose for the rule page: why the rewrite is (or is not) exact
    notes: str = ""
    references: tuple[str, ...] = ()
    #: the rule page's example, as code after ``from keras import backend as K``;
    #: generated from the signature when empty
    example: str = ""

    @property
    def entry(self) -> Entry:
        """The catalogue entry this row maps."""
        return CATALOGUE.entry(self.rule, self.name)

    @property
    def signature(self) -> str:
        return self.entry.signature

    @property
    def params(self) -> tuple[Param, ...]:
        return self.entry.params

    @property
    def aliases(self) -> Mapping[str, str]:
        """Keras 1 keyword spellings (``dim`` for ``axis``)."""
        return self.entry.keyword_aliases

    @property
    def legacy_aliases(self) -> tuple[str, ...]:
        """Other legacy names of the function (Keras 1 ``lesser`` for ``less``)."""
        return tuple(a.rpartition(".")[2] for a in self.entry.aliases)

    @property
    def result_values(self) -> Mapping[str, str]:
        return self.entry.result_values

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
class KeywordRow:
    """Keyword rename + value map for every Keras callee ``callees`` accepts (KM204).

    ``callees(qualified)`` is True where the keyword is renamed, or the message to report
    instead (the callee never took the new keyword). ``unknown`` is reported where the
    value is neither a literal of the map nor a value an analysis follows."""

    rule: str
    keyword: str
    change: KeywordChange
    callees: Callable[[str], bool | str]
    unknown: str


@dataclass(frozen=True)
class FunctionalAPI:
    """For a target whose ops reject functional-API tensors (``KerasTensor``): how a rewritten
    call on one is kept working at model-building time (``analyses/functional.py``, KM205)."""

    #: the layer that runs an expression on its input, in the spelling of ``Target.roots``
    wrap: str
    #: legacy functions whose rewrite fails on a KerasTensor and cannot be wrapped (their
    #: result is a Python value, not a tensor): reported instead
    unfit: frozenset[str] = frozenset()
    #: the target whose spelling such a call is reported with (its row's first template)
    instead: str = ""


#: The messages a target words itself (``Target.texts``), with the wording used when a
#: target does not: the keys, and what each is for.
TEXTS: Mapping[str, str] = MappingProxyType(
    {
        # KM901: a reference to a removed backend module itself
        "module_gone": "the module is gone",
        # KM901: a removed name the target still ships under its fallback namespace
        "closest": "not rewritten; the closest is `{fallback}.{name}`",
        # KM901: a removed name with no equivalent in the target
        "no_equivalent": "no equivalent; port it by hand",
        # KM903: what Theano/CNTK code is not rewritten to
        "engine": "the target",
        # KM904: a private name with no hint of its own
        "private": "it has no public equivalent: write its few lines yourself",
        # KM904: the private conv helpers that reordered axes
        "reorder": "reorder the axes yourself",
        # the rule summary of a row that has none
        "summary": "Replace `K.{name}(...)` with its equivalent.",
        # the namespace of the exact fallback (``closest``)
        "fallback": "",
    }
)


@dataclass(frozen=True)
class Target:
    """A migration target: the imports its templates need and its mapping table (rows by
    rule ID). Everything target-specific the engine prints comes from here (``texts``)."""

    name: str
    description: str
    #: the imports the templates need: root name -> (module to import, alias),
    #: e.g. "tf" -> ("tensorflow", "tf"); added (and placed in notebooks) as needed
    roots: Mapping[str, tuple[str, str]]
    rows: tuple[Row, ...]
    #: legacy module -> names that still resolve there in this target (left alone)
    still_resolves: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    #: the target's own messages, by key (see ``TEXTS``); missing keys get the neutral wording
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: legacy names the target still ships under ``texts["fallback"]`` (``tf.keras.backend``)
    fallback_names: frozenset[str] = frozenset()
    #: what to use instead of each private legacy backend name (KM904), by name
    private_hints: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: keyword renames that apply to many callees at once (KM204)
    keyword_rows: tuple[KeywordRow, ...] = ()
    #: None: the target's ops work on functional-API tensors as they are
    functional: FunctionalAPI | None = None

    def text(self, key: str, **values: str) -> str:
        """One of the target's messages, with ``{name}``-style values filled in."""
        return self.texts.get(key, TEXTS[key]).format(**values)

    @cached_property
    def by_rule(self) -> Mapping[str, tuple[Row, ...]]:
        """The mapping table: rule ID -> its rows (one, or one per entry of a rule family)."""
        table: dict[str, list[Row]] = {}
        for row in self.rows:
            table.setdefault(row.rule, []).append(row)
        return MappingProxyType({rule: tuple(rows) for rule, rows in table.items()})

    @cached_property
    def by_name(self) -> Mapping[str, Row]:
        """Rows by the legacy name written after ``K.`` (and its Keras 1 names): the old view
        of the table, for code that still looks rows up that way."""
        table: dict[str, Row] = {}
        for row in self.rows:
            for legacy in (row.name, *row.legacy_aliases):
                table.setdefault(legacy, row)
        return MappingProxyType(table)

    def mapping(self, entry: Entry) -> Row | None:
        """What this target does with a catalogue entry (None: nothing, the entry is unmapped)."""
        rows = self.by_rule.get(entry.rule, ())
        if len(rows) == 1 and rows[0].name in ("", entry.name):
            return rows[0]
        return next((row for row in rows if row.name == entry.name), None)
