"""Derive the semantic test cases from the mapping tables. No TensorFlow is needed here.

Nothing in this file names a mapping: the calls are built from each row's legacy
signature and each variant's ``when`` conditions, so a row added to a table is checked
without touching the tests. What this file does know is how to *choose arguments*:

* ``DOMAIN`` maps a legacy parameter NAME to candidate values (``axis`` -> ``None, 0,
  -1, ...``); ``DOMAIN_BY_FUNCTION`` overrides it where one name means two things
  (``value`` of ``normalize_data_format`` is a string, ``mean`` of ``random_normal`` is
  a number). ``TENSOR`` marks parameters that take tensors; their runtime values come
  from a scenario (test_rows.py builds those).
* Every value in a variant's ``when`` tuple, the parameter's legacy default (written out
  explicitly) and, for ``Cond.NUMBER``, a numeric non-default are added automatically.
* Each scalar can be passed as a literal or through a variable (a non-literal the
  engine cannot see into), positionally or by keyword, or under a Keras 1 alias.

A parameter without a domain is reported by the row's test (``missing_domain``), so a
new row with an unknown parameter fails loudly instead of being half-checked.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from kerasmigrate.rewrite import CannotBind, bind, choose
from kerasmigrate.tables import TARGETS, Cond, FixSafety, Row, Target, Variant

HEADER = "from keras import backend as K\n"


class _Tensor:
    def __repr__(self) -> str:
        return "TENSOR"


#: marks a parameter whose runtime value is a tensor (or list of tensors) from a scenario
TENSOR = _Tensor()


@dataclass(frozen=True)
class VarOnly:
    """A candidate that has no literal spelling: passed only through a variable."""

    value: Any
    label: str

    def __repr__(self) -> str:
        return self.label


def _clip_constraint(w):
    import tensorflow as tf

    return tf.clip_by_value(w, -1.0, 1.0)


CLIP_CONSTRAINT = VarOnly(_clip_constraint, "<constraint function>")

#: candidate values by legacy parameter name
DOMAIN: dict[str, Any] = {
    # tensors
    **dict.fromkeys(
        "x y tensors target output reference indices condition then_expression else_expression "
        "variables predictions targets bias gamma beta var loss inputs elems labels".split(),
        TENSOR,
    ),
    # axes and flags
    "axis": [None, 0, 1, -1, -2, 2, 3, [0, -1], (0, 1)],
    "axes": [None, 0, 1, -1, [0], [0, 1], 2],
    "keepdims": [False, True],
    "from_logits": [False, True],
    # activations
    "alpha": [0.0, 0, 0.1, 1.0, 1, -0.5, 2.0],
    "max_value": [None, 6, 6.0, 1.5, 0.0, 0, -1.0, 2],
    "min_value": [None, 0.0, 0, -1.5, 0.5, 2.0],
    "threshold": [0.0, 0, 0.5, -1.0],
    # elementwise / shape parameters
    "a": [2, 0.5, 3.0, -1, 0, 2.0],
    "dtype": [None, "float32", "float64", "int32", "float16", "bool"],
    "num_classes": [3, 1, 5],
    "n": [2, 1, [2, 1], (1, 2), [1, 1, 2]],
    "rep": [2, 1, 3],
    "pattern": [(1, 0), [1, 0], (0, 2, 1), (0,)],
    "shape": [(2, 3), [3, 2], (-1,), (6,), (3, -1), (), (24,)],
    "k": [1, 2],
    "size": [3, 1, 0],
    "level": [0.0, 0.5],
    "seed": [None, 1],
    "noise_shape": [None],
    "name": [None, "op"],
    "start": [0, 3, -2, 1.5],
    "stop": [None, 5, 0],
    "step": [1, 2, -1],
    "mean": [0.0, 1.0],
    "stddev": [1.0, 0.5],
    "minval": [0.0, -1.0],
    "maxval": [1.0, 2.0],
    "p": [0.0, 0.5],
    "epsilon": [1e-3, 1e-5],
    # configuration
    "e": [1e-7, 1e-3, 0.5, 1],
    "floatx": ["float16", "float32", "float64", "int32", "FLOAT32"],
    "data_format": [None, "channels_first", "channels_last", "Channels_First", "th"],
    "dim_ordering": ["th", "tf", "default", "channels_first", None],
    "value": TENSOR,
    "constraint": [None, CLIP_CONSTRAINT],
    "ndim": [None, 2],
    "sparse": [False, True],
}

#: (legacy function, parameter) -> candidates, where the parameter name alone is ambiguous
DOMAIN_BY_FUNCTION: dict[tuple[str, str], Any] = {
    ("normalize_data_format", "value"): [
        None,
        "channels_first",
        "channels_last",
        "Channels_First",
        "CHANNELS_LAST",
        "bogus",
    ],
    ("constant", "value"): [0, 1.5, [1, 2, 3], [[1.0, 2.0]], True],
    ("constant", "shape"): [None, (2, 3), (3,)],
    ("variable", "value"): [0, 1.5, [1, 2, 3], [[1.0, 2.0]]],
    ("random_normal", "mean"): [0.0, 1.0],
    ("batch_normalization", "mean"): TENSOR,
    ("squeeze", "axis"): [0, 1, -1, 2],
    ("expand_dims", "axis"): [-1, 0, 1, -2, 2, 3],
    ("repeat_elements", "axis"): [0, 1, -1, 2],
    ("cumsum", "axis"): [0, 1, -1, None, 2],
    ("cumprod", "axis"): [0, 1, -1, None, 2],
    ("stack", "x"): TENSOR,
    ("one_hot", "num_classes"): [3, 1, 5],
    ("eye", "size"): [3, 1, 0, (2, 3)],
    ("arange", "dtype"): ["int32", "float32", "int64", None],
    ("placeholder", "shape"): [None, (None, 3), (2, 3)],
    ("placeholder", "dtype"): [None, "float32", "int32"],
}

_NO_DEFAULT = object()


def domain(row: Row, param: str) -> Any:
    """The candidates for one parameter of one row, or None when nothing is known."""
    key = (row.name, param)
    if key in DOMAIN_BY_FUNCTION:
        return DOMAIN_BY_FUNCTION[key]
    return DOMAIN.get(param)


def missing_domain(row: Row) -> list[str]:
    return [p.name for p in row.params if domain(row, p.name) is None]


# --- one argument, one call ------------------------------------------------------------------


@dataclass(frozen=True)
class Arg:
    """How one legacy parameter is passed: ``absent``, ``tensor``, ``literal`` or ``variable``."""

    how: str
    value: Any = None

    def src(self, param: str) -> str:
        if self.how == "tensor":
            return param
        if self.how == "variable":
            return f"v_{param}"
        return repr(self.value)

    def describe(self, param: str) -> str:
        if self.how == "variable":
            return f"v_{param}={self.value!r} (a variable)"
        return f"{param}={self.src(param)}"


ABSENT = Arg("absent")


@dataclass(frozen=True)
class Form:
    """One legacy call: its arguments and how they are spelled."""

    row_name: str
    spelled: str  # K.relu / K.common.epsilon / K.lesser
    args: tuple[tuple[str, Arg], ...]  # in signature order
    positional: int  # how many of the passed arguments are written positionally
    alias_keywords: tuple[tuple[str, str], ...] = ()  # legacy param -> Keras 1 keyword used

    def call(self) -> str:
        parts = []
        passed = [(p, a) for p, a in self.args if a.how != "absent"]
        keyword_for = dict(self.alias_keywords)
        for i, (param, arg) in enumerate(passed):
            if i < self.positional:
                parts.append(arg.src(param))
            else:
                parts.append(f"{keyword_for.get(param, param)}={arg.src(param)}")
        return f"{self.spelled}({', '.join(parts)})"

    @property
    def variables(self) -> dict[str, Any]:
        return {f"v_{p}": a.value for p, a in self.args if a.how == "variable"}

    @property
    def tensors(self) -> tuple[str, ...]:
        return tuple(p for p, a in self.args if a.how == "tensor")


def _is_default(param, arg: Arg) -> bool:
    if arg.how == "absent":
        return True
    if arg.how != "literal" or param.required:
        return False
    d, v = param.default, arg.value
    if d is None or isinstance(d, str):
        return v == d and type(v) is type(d)
    return isinstance(v, int | float) and not isinstance(v, bool) and v == d


def _satisfies(cond, param, arg: Arg) -> bool:
    """Does ``arg`` meet ``cond``? Used only to pick a base form; the engine decides for real."""
    if cond is None:
        return True
    if isinstance(cond, tuple):
        return arg.how == "literal" and any(
            arg.value == c and type(arg.value) in (type(c), int, float) for c in cond
        )
    default = _is_default(param, arg)
    if cond is Cond.DEFAULT:
        return default
    if cond is Cond.GIVEN:
        return not default
    if cond is Cond.NUMBER:
        return not default and arg.how == "literal" and type(arg.value) in (int, float)
    if cond is Cond.LITERAL:
        return arg.how in ("literal", "absent")
    return False


def _condition(variant: Variant, param) -> Any:
    cond = variant.when.get(param.name)
    if cond is None and param.name not in variant.names:
        cond = Cond.DEFAULT
    return cond


def options(row: Row, param) -> list[Arg]:
    """Every way this parameter is passed in the generated calls."""
    cands = domain(row, param.name)
    if cands is TENSOR:
        return [Arg("tensor")] if param.required else [ABSENT, Arg("tensor")]
    values: list[Any] = list(cands or [])
    # the values the variants test for, and an explicit legacy default
    for variant in row.variants:
        cond = variant.when.get(param.name)
        if isinstance(cond, tuple):
            values += list(cond)
        if cond is Cond.NUMBER and not any(type(v) in (int, float) and v != param.default for v in values):
            values.append(0.5)
    if not param.required:
        values.append(param.default)
    seen: list[Any] = []
    for v in values:
        if not any(v == s and type(v) is type(s) for s in seen):
            seen.append(v)
    out = [] if param.required else [ABSENT]
    out += [Arg("literal", v) for v in seen if not isinstance(v, VarOnly)]
    out += [Arg("variable", v.value if isinstance(v, VarOnly) else v) for v in seen]
    return out


def _spellings(row: Row, target: Target) -> list[str]:
    """``K.name`` where the name no longer resolves in ``keras.backend``, else ``K.common.name``."""
    still = target.still_resolves.get("keras.backend", frozenset())
    out = []
    for name in (row.name, *row.legacy_aliases):
        out.append(f"K.common.{name}" if name in still else f"K.{name}")
    return out


def _positional_ok(row: Row, args: dict[str, Arg]) -> int:
    """How many arguments can be written positionally (a prefix without gaps)."""
    n = 0
    for p in row.params:
        if p.kw_only or args[p.name].how == "absent":
            break
        n += 1
    return n


def _form(row: Row, spelled: str, args: dict[str, Arg], style: str) -> Form:
    required = sum(1 for p in row.params if p.required and args[p.name].how != "absent")
    prefix = _positional_ok(row, args)
    positional = prefix if style == "positional" else min(required, prefix)
    return Form(row.name, spelled, tuple((p.name, args[p.name]) for p in row.params), positional)


#: at most this many forms from the random sample of the full product, per row
SAMPLE = 24
#: and at most this many forms per row in all
MAX_FORMS = 160


def forms(row: Row, target: Target) -> list[Form]:
    """The calls for one row: a base call per variant that makes it apply, the base call with
    each parameter varied over all its options (one at a time), each Keras 1 spelling, and a
    seeded sample of the full product."""
    if missing_domain(row):
        return []
    params = row.params
    opts = {p.name: options(row, p) for p in params}
    spellings = _spellings(row, target)
    out: list[Form] = []

    def add(args: dict[str, Arg], style: str, spelled: str = spellings[0]) -> None:
        out.append(_form(row, spelled, args, style))

    bases: list[dict[str, Arg]] = []
    for variant in row.variants:
        base: dict[str, Arg] = {}
        for p in params:
            cond = _condition(variant, p)
            pick = next((a for a in opts[p.name] if _satisfies(cond, p, a) and a.how != "variable"), None)
            base[p.name] = pick or opts[p.name][0]
        bases.append(base)
        # each accepted literal on its own
        for p in params:
            cond = _condition(variant, p)
            if isinstance(cond, tuple):
                for a in opts[p.name]:
                    if _satisfies(cond, p, a):
                        add({**base, p.name: a}, "keyword")
                        add({**base, p.name: a}, "positional")
    for base in bases:
        add(base, "keyword")
        add(base, "positional")
        for spelled in spellings[1:]:
            add(base, "keyword", spelled)
        for p in params:
            for a in opts[p.name]:
                add({**base, p.name: a}, "keyword")
                add({**base, p.name: a}, "positional")
        # Keras 1 keyword spellings
        for old, new in row.aliases.items():
            if base[new].how != "absent":
                f = _form(row, spellings[0], base, "keyword")
                f = Form(f.row_name, f.spelled, f.args, min(f.positional, _index(row, new)), ((new, old),))
                out.append(f)
    rng = random.Random(f"{row.rule}:{row.name}")
    for _ in range(SAMPLE):
        args = {p.name: rng.choice(opts[p.name]) for p in params}
        add(args, rng.choice(("keyword", "positional")))
    unique: dict[str, Form] = {}
    for f in out:
        unique.setdefault(f.call(), f)
    return list(unique.values())[:MAX_FORMS]


def _index(row: Row, name: str) -> int:
    return next(i for i, p in enumerate(row.params) if p.name == name)


# --- running the engine ---------------------------------------------------------------------


@dataclass
class Migrated:
    """What the engine made of one form in one mode."""

    form: Form
    unsafe: bool
    expression: str | None  # the rewritten right-hand side, None when the call was left alone
    variant: int | None  # which of the row's variants the engine's own choice rule picks
    variant_safety: FixSafety | None


@dataclass
class RowCases:
    row: Row
    forms: list[Form]
    safe: list[Migrated] = field(default_factory=list)
    unsafe: list[Migrated] = field(default_factory=list)  # only rows with an unsafe variant
    prelude: dict[bool, str] = field(default_factory=dict)  # the migrated module minus the calls
    problems: list[str] = field(default_factory=list)


def _chosen(row: Row, form: Form, unsafe: bool) -> tuple[int | None, FixSafety | None]:
    call = cst.parse_expression(form.call())
    assert isinstance(call, cst.Call)
    try:
        bound = bind(call, row)
    except CannotBind:
        return None, None
    variant, _ = choose(row, bound, allow_unsafe=unsafe)
    if variant is None:
        return None, None
    return row.variants.index(variant), variant.safety


def migrate_row(row: Row, target: Target, migrate) -> RowCases:
    """Run every form of a row through ``migrate`` (kerasmigrate.migrate_source), batched:
    one module per mode with one ``_out_<i> = K....`` line per form. The names are private:
    an image ordering value bound to a public module-level name would keep its legacy value
    (KM203, proven in test_data_format.py); here the clean KM201 form is what is proven."""
    fs = forms(row, target)
    cases = RowCases(row, fs)
    if not fs:
        return cases
    modes = [False]
    if any(v.safety is FixSafety.UNSAFE for v in row.variants):
        modes.append(True)
    source = HEADER + "".join(f"_out_{i} = {f.call()}\n" for i, f in enumerate(fs))
    for unsafe in modes:
        result = migrate(source, unsafe_fixes=unsafe)
        if result.error is not None:
            cases.problems.append(f"the engine refused the generated module: {result.error.format()}")
            continue
        fixed_lines = {fix.line for fix in result.fixes if fix.rule == row.rule}
        tree = ast.parse(result.code)
        rhs: dict[int, str] = {}
        prelude = []
        for stmt in tree.body:
            target_name = (
                stmt.targets[0].id
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                else ""
            )
            if target_name.startswith("_out_"):
                rhs[int(target_name[5:])] = ast.get_source_segment(result.code, stmt.value) or ""
            else:
                prelude.append(ast.get_source_segment(result.code, stmt) or "")
        cases.prelude[unsafe] = "\n".join(prelude) + "\n"
        bucket = cases.unsafe if unsafe else cases.safe
        for i, f in enumerate(fs):
            line = i + 2
            rewritten = line in fixed_lines
            variant, safety = _chosen(row, f, unsafe)
            expression = rhs.get(i) if rewritten else None
            if rewritten and expression is None:
                cases.problems.append(f"`{f.call()}`: a fix was reported but no statement found")
            if not rewritten and i in rhs and rhs[i] != f.call():
                cases.problems.append(
                    f"`{f.call()}` was changed to `{rhs[i]}` without a {row.rule} fix being reported"
                )
            if rewritten and (variant is None or safety is FixSafety.MANUAL):
                cases.problems.append(
                    f"`{f.call()}` was rewritten to `{expression}` although no variant applies"
                )
            if not rewritten and variant is not None and safety is not FixSafety.MANUAL:
                cases.problems.append(
                    f"`{f.call()}`: variant {variant} (`{row.variants[variant].template}`) applies "
                    "but the call was not rewritten"
                )
            bucket.append(Migrated(f, unsafe, expression, variant, safety))
    return cases


def all_rows(target: str = "tf2") -> Iterator[Row]:
    yield from TARGETS[target].rows
