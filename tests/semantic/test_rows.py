"""Every row of every target table, every variant: the rewrite computes what the legacy call did.

For each row (walked from ``kerasmigrate.tables.TARGETS``, so new rows are picked up) the
legacy calls come from cases.py, go through ``migrate_source`` (by default, and with
``unsafe_fixes=True`` for rows that have an unsafe variant), and every call that was
rewritten is executed both ways on the inputs from harness.py:

* legacy: ``out = K.<name>(...)`` with ``K`` = legacy_reference.LegacyBackend
* migrated: the migrated module's imports, then ``out = <rewritten expression>``

Results must have the same type (tensor/variable/ndarray/python), dtype and shape, and
equal values (``rtol=1e-6`` for float32, ``1e-12`` for float64, exact otherwise), and
the backend configuration (image data format, floatx, epsilon) afterwards must be the
same. Where the legacy call raises, the rewrite must raise too (counted as
``both-raise``); one raising and the other not is a failure either way.
"""

from __future__ import annotations

import functools
import os

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.tables import TARGETS, FixSafety
from kerasmigrate.tables.tf2_ops import FALLBACK_RULE

from .cases import Migrated, RowCases, migrate_row, missing_domain
from .summary import SUMMARY

#: KM191 rows rewrite to `tf.keras.backend.<name>` itself, which is also the legacy side here, so
#: running them would compare a function with itself; test_targets.py checks their signatures
ROWS = [
    (target, row)
    for target in TARGETS
    for row in TARGETS[target].rows
    if not (target == "tf2" and row.rule == FALLBACK_RULE)
]

#: (call, inputs) combinations compared per row and mode, at most (plus the base calls)
BUDGET = 900
#: failures listed in one test's message
SHOWN = 25
#: differences under unsafe_fixes=True fail only when this is set; otherwise they are listed
#: in the tally (.semantic-tally.txt), next to the variant's documented caveat, for a human to judge
STRICT_UNSAFE = os.environ.get("SEMANTIC_STRICT_UNSAFE", "") not in ("", "0")
#: targets whose ops accept inputs the legacy call rejected: where the legacy call RAISED and
#: the rewrite computes a value (``keras.ops.abs`` on bool, ``keras.ops.tanh`` on int32 via a
#: cast to float, ``keras.ops.tile`` of a scalar), no program that ran changes, so the
#: combination is counted as ``legacy-raised`` in the tally instead of failing. The reverse
#: (the legacy call computed, the rewrite raises) and any different value still fail.
WIDER = frozenset({"keras3"})


def _evaluate(tf, rc: RowCases, target: str, migrated: list[Migrated], unsafe: bool, count) -> list[str]:
    from .harness import difference, normalize, run_legacy, run_migrated, scenarios
    from .legacy_reference import LegacyBackend

    row = rc.row
    legacy_k = LegacyBackend(TARGETS[target])
    scen = scenarios(row, tf)
    todo = [m for m in migrated if m.expression is not None]
    failures: list[str] = []
    if not todo:
        return failures
    first_of_variant = {}
    for m in todo:
        first_of_variant.setdefault(m.variant, m)
    stride = max(1, -(-len(todo) * len(scen) // BUDGET))
    prelude = rc.prelude[unsafe]
    mode = "unsafe_fixes=True" if unsafe else "default"
    for j, m in enumerate(todo):
        everything = first_of_variant.get(m.variant) is m or stride == 1
        chosen = scen if everything else [s for k, s in enumerate(scen) if (k + j) % stride == 0]
        template = row.variants[m.variant].template if m.variant is not None else "?"
        for s in chosen:
            legacy = run_legacy(tf, legacy_k, m.form, s)
            new = run_migrated(tf, prelude, m.expression, m.form, s)
            where = (
                f"{row.rule} ({row.name}) [{mode}] variant {m.variant} `{template}`: "
                f"`{m.form.call()}` -> `{m.expression}` with {s.desc}"
                + (
                    f", {', '.join(f'{k}={v!r}' for k, v in m.form.variables.items())}"
                    if m.form.variables
                    else ""
                )
                + f" under {s.state}"
            )
            if not legacy.ok and not new.ok:
                count.both_raise += 1
                continue
            if not legacy.ok and new.ok and target in WIDER:
                count.legacy_raised += 1
                continue
            count.compared += 1
            reason = None
            if legacy.ok != new.ok:
                reason = f"legacy {legacy.describe()}, rewritten {new.describe()}"
            else:
                want = legacy.value
                if row.result_values and isinstance(want, str):
                    want = row.result_values.get(want, want)  # the documented remap (KM203)
                reason = difference(normalize(tf, want), normalize(tf, new.value))
                if reason is None and legacy.state != new.state:
                    reason = f"backend configuration afterwards differs: legacy {legacy.state}, rewritten {new.state}"
            if reason and unsafe and not STRICT_UNSAFE:
                count.unsafe_differences += 1
                key = (row.rule, m.variant)
                if key not in SUMMARY.unsafe_examples:
                    caveat = row.variants[m.variant].caveat if m.variant is not None else ""
                    SUMMARY.unsafe_examples[key] = f"{where}: {reason}\n      documented caveat: {caveat}"
            elif reason:
                count.failed += 1
                failures.append(f"{where}: {reason}")
    return failures


@pytest.mark.parametrize(("target", "row"), ROWS, ids=[f"{t}-{r.rule}-{r.name}" for t, r in ROWS])
def test_row_is_equivalent(tf, target, row) -> None:
    from .legacy_reference import reference_for

    count = SUMMARY.row(row.rule, row.name, target)
    fixing = [i for i, v in enumerate(row.variants) if v.safety is not FixSafety.MANUAL]
    missing = missing_domain(row)
    if not fixing:
        # a report-only row: nothing is rewritten, so there is nothing to prove; where the
        # arguments are known, check that indeed no generated call is rewritten
        count.variants = "report only"
        if not missing:
            rc = migrate_row(row, TARGETS[target], functools.partial(migrate_source, target=target))
            count.forms = len(rc.forms)
            assert not rc.problems, "\n".join(rc.problems)
            assert not any(m.expression for m in [*rc.safe, *rc.unsafe]), "a report-only row rewrote a call"
        return
    assert not missing, (
        f"{row.rule} ({row.name}): no argument domain for parameter(s) {missing}; "
        "add candidates to DOMAIN (or DOMAIN_BY_FUNCTION) in tests/semantic/cases.py"
    )
    assert reference_for(row) is not None, (
        f"{row.rule}: `{row.name}` is not in tf.keras.backend; add a Keras 2.2.4 reference "
        "implementation to REFERENCE in tests/semantic/legacy_reference.py"
    )
    rc = migrate_row(row, TARGETS[target], functools.partial(migrate_source, target=target))
    count.forms = len(rc.forms)
    count.rewritten = sum(1 for m in rc.safe if m.expression is not None)
    safe_by_call = {m.form.call(): m.expression for m in rc.safe}
    unsafe_only = [
        m for m in rc.unsafe if m.expression is not None and safe_by_call.get(m.form.call()) != m.expression
    ]
    count.rewritten_unsafe_only = len(unsafe_only)

    failures = list(rc.problems)
    failures += _evaluate(tf, rc, target, rc.safe, False, count)
    failures += _evaluate(tf, rc, target, unsafe_only, True, count)

    # every variant that can rewrite must have been applied and compared at least once
    applied = {m.variant for m in [*rc.safe, *rc.unsafe] if m.expression is not None}
    count.variants = f"{len(applied & set(fixing))}/{len(fixing)} applied"
    for i in fixing:
        if i not in applied:
            failures.append(
                f"{row.rule} ({row.name}): variant {i} `{row.variants[i].template}` "
                f"(when={dict(row.variants[i].when)}) was never applied by the generated calls; "
                "extend the argument domain in tests/semantic/cases.py"
            )
    if fixing and not count.compared:
        failures.append(f"{row.rule} ({row.name}): no combination ran without raising on both sides")
    if failures:
        shown = "\n  ".join(failures[:SHOWN])
        more = f"\n  ... and {len(failures) - SHOWN} more" if len(failures) > SHOWN else ""
        pytest.fail(f"{len(failures)} non-equivalent case(s):\n  {shown}{more}", pytrace=False)
