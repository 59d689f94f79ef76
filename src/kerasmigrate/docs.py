"""Rule pages generated from the registry, so the docs cannot drift from the code.

``python -m kerasmigrate.docs codemods`` writes ``codemods/KMnnn.md`` and the index
``codemods/README.md``; tests/test_registry.py fails when they are out of date. The
examples on table-driven pages are produced by running kerasmigrate itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .api import migrate_source
from .rules import RULES, Example, RuleInfo
from .rules._rows import row_rule
from .tables import DEFAULT_TARGET, TARGETS, Cond, Row, Target

_HEADER = "from keras import backend as K\n\n"


def targets() -> list[Target]:
    """Every registered target, the default first: the order of a page's target sections."""
    default = TARGETS[DEFAULT_TARGET]
    return [default, *(t for t in TARGETS.values() if t is not default)]


def _row(rule: RuleInfo, target: Target | None = None) -> Row | None:
    """The row of ``rule`` in ``target`` (or in the first target that maps it)."""
    for candidate in [target] if target is not None else targets():
        for row in candidate.rows:
            if row.rule == rule.id:
                return row
    return None


def _call_for(row: Row) -> str:
    variant = row.variants[0]
    args = []
    for p in row.params:
        cond = variant.when.get(p.name)
        if isinstance(cond, tuple):
            args.append(repr(cond[0]) if p.required else f"{p.name}={cond[0]!r}")
        elif cond is Cond.NUMBER:
            args.append(f"{p.name}=0.1")
        elif p.required:
            args.append(p.name)
    receiver = "K.common" if row.rule.startswith("KM3") else "K"
    return f"y = {receiver}.{row.name}({', '.join(args)})\n"


def example(rule: RuleInfo, target: Target | None = None) -> Example | None:
    """The page's example: its code, and what ``target`` (the default) makes of it, by
    running kerasmigrate. The code is the rule's own, or made from the first row that maps it."""
    target = target or TARGETS[DEFAULT_TARGET]
    if rule.example is not None:
        before = rule.example.before
    else:
        row = _row(rule)
        if row is None:
            return None
        before = _HEADER + (row.example or _call_for(row))
    return Example(before, migrate_source(before, target=target.name).code)


def _target_rule(rule: RuleInfo, target: Target) -> RuleInfo | None:
    """What ``rule`` is in ``target``: a table rule is derived from the target's rows (None:
    the target does not map it); any other rule is the same for every target."""
    if _row(rule) is None:
        return rule
    if target is TARGETS[DEFAULT_TARGET]:
        return rule if _row(rule, target) is not None else None
    rows = tuple(row for row in target.rows if row.rule == rule.id)
    if not rows:
        return None
    return row_rule(rows[0], rule.family, target, rows if len(rows) > 1 else ())


def _example_parts(ex: Example, before: bool = True) -> list[str]:
    parts = ["## Example", f"```python\n{ex.before}```"] if before else []
    if ex.after != ex.before:
        return [*parts, "Becomes:", f"```python\n{ex.after}```"]
    return [*parts, "This is reported and left as it is."]


def rule_page(rule: RuleInfo) -> str:
    """One rule's page. With one target, one fix; with several, a section per target (its
    summary, why, example output, what to use instead and fix safety) after the shared example."""
    every = targets()
    if len(every) == 1:
        return _single_page(rule)
    mapped = [(t, info) for t in every if (info := _target_rule(rule, t)) is not None]
    fixes = " · ".join(f"{t.name}: {info.label}" for t, info in mapped)
    parts = [f"# {rule.id} `{rule.name}`", f"**Family:** {rule.family} · **Fix:** {fixes}"]
    shared = _row(rule) is None  # not a table rule: its texts are the same for every target
    if shared:
        parts += ["## What it does", rule.summary, "## Why", rule.why or rule.summary]
    first = example(rule, mapped[0][0]) if mapped else None
    if first is not None:
        parts += ["## Example", f"```python\n{first.before}```"]
    for target, info in mapped:
        parts += [f"## Target `{target.name}`: {target.description}"]
        if not shared:
            parts += [info.summary, info.why or info.summary]
        ex = example(rule, target)
        if ex is not None:
            parts += _example_parts(ex, before=False)
        if info.use_instead and not shared:
            parts += ["### Use instead", info.use_instead]
        if not shared:
            parts += ["### Fix safety", info.fix_safety]
    for target in every:
        if all(t is not target for t, _ in mapped):
            parts += [f"## Target `{target.name}`: {target.description}", "Not mapped: reported as KM901."]
    if shared:
        if rule.use_instead:
            parts += ["## Use instead", rule.use_instead]
        parts += ["## Fix safety", rule.fix_safety]
    if rule.references:
        parts += ["## References", "\n".join(f"- {r}" for r in rule.references)]
    return "\n\n".join(parts) + "\n"


def _single_page(rule: RuleInfo) -> str:
    parts = [
        f"# {rule.id} `{rule.name}`",
        f"**Family:** {rule.family} · **Fix:** {rule.label}",
        "## What it does",
        rule.summary,
        "## Why",
        rule.why or rule.summary,
    ]
    ex = example(rule)
    if ex is not None:
        parts += _example_parts(ex)
    if rule.use_instead:
        parts += ["## Use instead", rule.use_instead]
    parts += ["## Fix safety", rule.fix_safety]
    if rule.references:
        parts += ["## References", "\n".join(f"- {r}" for r in rule.references)]
    return "\n\n".join(parts) + "\n"


def index() -> str:
    rows = [
        "# kerasmigrate rules",
        "",
        "Generated by `python -m kerasmigrate.docs codemods`; one page per rule. "
        "`kerasmigrate rules ID` prints the same page.",
        "",
        "| ID | name | fix | summary |",
        "|---|---|---|---|",
    ]
    for rule in RULES.values():
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| [{rule.id}]({rule.id}.md) | `{rule.name}` | {rule.label} | {summary} |")
    return "\n".join(rows) + "\n"


def render_all() -> dict[str, str]:
    pages = {f"{rule.id}.md": rule_page(rule) for rule in RULES.values()}
    pages["README.md"] = index()
    return pages


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "codemods")
    out.mkdir(parents=True, exist_ok=True)
    pages = render_all()
    for stale in out.glob("KM*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
