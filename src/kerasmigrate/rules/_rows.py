"""Rules that come from mapping-table rows: their RuleInfo is derived from the row."""

from __future__ import annotations

from ..tables import NO_FIX, FixAvailability, FixLevel, FixSafety, Row, Target
from ._base import RuleInfo

_SAFE = (
    "Safe: every rewrite this rule makes is exactly equivalent (checked against TensorFlow "
    "in tests/semantic). Calls it cannot prove equivalent are reported, not rewritten."
)
_SAFE_WITH_UNSAFE = (
    "Safe by default: the rewrite made without options is exactly equivalent (checked against "
    "TensorFlow in tests/semantic). With `--unsafe-fixes` a shorter rewrite is made instead, "
    "equivalent except in the corner named below."
)
_UNSAFE = (
    "Unsafe in the corner named below: applied only with `--unsafe-fixes`; otherwise the "
    "call is reported with the fix it would make."
)


def _safety_text(fix: FixLevel) -> str:
    if fix.safety is None:
        return "Manual: reported, never rewritten."
    if fix.safety is FixSafety.UNSAFE:
        return _UNSAFE
    return _SAFE_WITH_UNSAFE if fix.unsafe_alternative else _SAFE


def combined(levels: list[FixLevel]) -> FixLevel:
    """The level of a rule made of several rows (KM191): safe if any row's default fix is."""
    with_fix = [level for level in levels if level.safety is not None]
    if not with_fix:
        return NO_FIX
    if len(levels) == 1:
        return levels[0]
    safety = FixSafety.SAFE if any(lv.safety is FixSafety.SAFE for lv in with_fix) else FixSafety.UNSAFE
    always = all(lv.availability is FixAvailability.ALWAYS for lv in levels)
    return FixLevel(
        FixAvailability.ALWAYS if always else FixAvailability.SOMETIMES,
        safety,
        any(lv.unsafe_alternative or lv.safety is FixSafety.UNSAFE for lv in with_fix)
        and safety is FixSafety.SAFE,
    )


def row_rule(row: Row, family: str, target: Target, family_rows: tuple[Row, ...] = ()) -> RuleInfo:
    """The rule of one row, or of a family of rows sharing one ID (``family_rows``, first
    row first: its summary, notes and example speak for the family)."""
    rows = family_rows or (row,)
    caveats = list(dict.fromkeys(v.caveat for r in rows for v in r.variants if v.caveat))
    fix = combined([r.fix for r in rows])
    fix_safety = " ".join([_safety_text(fix), *caveats])
    if len(rows) == 1 and row.manual:
        fix_safety += f" Reported when no exact rewrite applies: {row.manual}."
    for other in rows[1:] if len(rows) > 1 else ():
        if other.manual:
            fix_safety += f" `K.{other.name}` is reported when no exact rewrite applies: {other.manual}."
    if len(rows) == 1:
        use_instead = ", ".join(f"`{v.template}`" for v in row.variants)
    else:
        use_instead = "\n".join(
            f"- `K.{r.name}({r.signature})`: "
            + (f"`{r.variants[0].template}`" if r.variants else f"no rewrite ({r.manual})")
            for r in rows
        )
    return RuleInfo(
        id=row.rule,
        name=row.kebab,
        summary=row.summary or target.text("summary", name=row.name),
        fix=fix,
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
    return tuple(
        row_rule(rows[0], family, target, tuple(rows) if len(rows) > 1 else ()) for rows in by_id.values()
    )
