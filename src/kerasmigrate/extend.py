"""Extending kerasmigrate at run time: a new legacy API, a new target.

``add_legacy_api(*entries)`` puts catalogue entries in (and, for a rule ID no family
defines, a rule derived from them, so ``--select`` and the reports know it);
``add_target(target)`` makes a mapping table available to ``--target``. Both hold for
this process and the worker processes it forks. The built-in APIs and targets are
modules of ``catalogue/`` and ``tables/``; this is for plugins and tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .catalogue import CATALOGUE, Entry
from .rules import RULES, RuleInfo, register, unregister
from .tables import NO_FIX, TARGETS, FixAvailability, FixLevel, FixSafety, Target
from .tables import register as register_target


def _rule_for(entries: tuple[Entry, ...]) -> RuleInfo:
    """A rule page for entries whose changes are all catalogue rows (renames, keywords)."""
    first = entries[0]
    changes = []
    for entry in entries:
        if entry.renamed:
            changes.append(f"`{entry.qualified}` -> `{entry.renamed}`")
        for old, change in entry.keywords.items():
            changes.append(f"`{entry.name}({old}=)` -> `{change.new}=`")
    fixes = bool(changes)
    summary = f"Replace {', '.join(changes)}." if changes else f"Report `{first.qualified}`."
    return RuleInfo(
        id=first.rule,
        name=f"legacy-{first.name.lower().replace('_', '-')}",
        summary=summary,
        fix=FixLevel(FixAvailability.SOMETIMES, FixSafety.SAFE) if fixes else NO_FIX,
        family="extensions",
        why=f"Legacy API of Keras {first.version}.",
        fix_safety="Safe: a rename that Keras itself made; every import spelling is followed.",
    )


def add_legacy_api(*entries: Entry) -> None:
    CATALOGUE.add(*entries)
    for rule in dict.fromkeys(e.rule for e in entries):
        if rule not in RULES:
            register(_rule_for(tuple(e for e in entries if e.rule == rule)))


def remove_legacy_api(*entries: Entry) -> None:
    CATALOGUE.remove(*entries)
    for rule in dict.fromkeys(e.rule for e in entries):
        if not CATALOGUE.of_rule(rule) and RULES.get(rule) is not None and RULES[rule].family == "extensions":
            unregister(rule)


@contextmanager
def legacy_api(*entries: Entry) -> Iterator[None]:
    """``add_legacy_api`` for the duration of a block."""
    add_legacy_api(*entries)
    try:
        yield
    finally:
        remove_legacy_api(*entries)


def add_target(target: Target) -> Target:
    return register_target(target)


def remove_target(name: str) -> None:
    del TARGETS[name]
