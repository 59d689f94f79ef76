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


def row_rule(row: Row, family: str, family_rows: tuple[Row, ...] = ()) -> RuleInfo:
    """The rule of one row, or of a family of rows sharing one ID (``family_rows``, first
    row first: its summary, notes and example speak for the family)."""
    rows = family_rows or (row,)
    caveats = list(dict.fromkeys(v.caveat for r in rows for v in r.variants if v.caveat))
    fix_safety = " ".join([_SAFETY_TEXT[row.safety], *caveats])
    if len(rows) == 1 and row.manual:
        fix_safety += f" Reported when no exact rewrite applies: {row.manual}."
    for other in rows[1:] if len(rows) > 1 else ():
        if other.manual:
            fix_safety += f" `K.{other.name}` is reported when no exact rewrite applies: {other.manual}."
    if len(rows) == 1:
        use_instead = ", ".join(f"`{v.template}`" for v in row.variants)
    else:
        use_instead = "\n".join(f"- `K.{r.name}({r.signature})`: `{r.variants[0].template}`" for r in rows)
    return RuleInfo(
        id=row.rule,
        name=row.kebab,
        summary=row.summary or f"Replace `K.{row.name}(...)` with its TensorFlow 2 equivalent.",
        safety=row.safety,
        family=family,
        why=row.notes,
        fix_safety=fix_safety,
        use_instead=use_instead,
        references=row.references,
    )


def rules_for(target: Target, prefix: str, family: str) -> tuple[RuleInfo, ...]:
    """One rule per ID: rows that share an ID (KM191) make one rule."""
    by_id: dict[str, list[Row]] = {}
    for r in target.rows:
        if r.rule.startswith(prefix):
            by_id.setdefault(r.rule, []).append(r)
    return tuple(row_rule(rows[0], family, tuple(rows) if len(rows) > 1 else ()) for rows in by_id.values())
