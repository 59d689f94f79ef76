"""Rules that come from mapping-table rows: their RuleInfo is derived from the row."""

from __future__ import annotations

from ..tables import FixSafety, Row, Target
from ._base import RuleInfo

_SAFETY_TEXT = {
    FixSafety.SAFE: (
        "Safe: every rewrite this rule makes is exactly equivalent (checked against TensorFlow "
        "in tests/semantic). Calls it cannot prove equivalent are reported, not rewritten."
    ),
    FixSafety.UNSAFE: (
        "Unsafe in the corner named below: applied only with `--unsafe-fixes`; otherwise the "
        "call is reported with the fix it would make."
    ),
    FixSafety.MANUAL: "Manual: reported, never rewritten.",
}


def row_rule(row: Row, family: str) -> RuleInfo:
    caveats = [v.caveat for v in row.variants if v.caveat]
    fix_safety = " ".join([_SAFETY_TEXT[row.safety], *caveats])
    if row.manual:
        fix_safety += f" Reported when no exact rewrite applies: {row.manual}."
    return RuleInfo(
        id=row.rule,
        name=row.kebab,
        summary=row.summary or f"Replace `K.{row.name}(...)` with its TensorFlow 2 equivalent.",
        safety=row.safety,
        family=family,
        why=row.notes,
        fix_safety=fix_safety,
        use_instead=", ".join(f"`{v.template}`" for v in row.variants),
        references=row.references,
    )


def rules_for(target: Target, prefix: str, family: str) -> tuple[RuleInfo, ...]:
    return tuple(row_rule(r, family) for r in target.rows if r.rule.startswith(prefix))
