"""The rule registry: every rule ID, its family, and --select/--ignore resolution."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from . import (
    backend_config,
    backend_ops,
    config_files,
    custom_layers,
    data_format,
    file_errors,
    functional,
    layers,
    layers_recurrent,
    leftovers,
    modules,
    training,
)
from ._base import Example, RuleInfo

#: Families in ID order. Every module under rules/ (but the private ones) is listed here;
#: tests/test_registry.py checks that nothing is left out.
FAMILIES = (
    file_errors,
    backend_ops,
    data_format,
    functional,
    backend_config,
    config_files,
    modules,
    layers,
    layers_recurrent,
    training,
    custom_layers,
    leftovers,
)

_RULES: dict[str, RuleInfo] = {rule.id: rule for family in FAMILIES for rule in family.RULES}
#: Every rule by ID (a read-only view: :func:`register` adds to it, e.g. for an extension).
RULES: Mapping[str, RuleInfo] = MappingProxyType(_RULES)
_BY_NAME = {rule.name: rule.id for rule in RULES.values()}


def register(rule: RuleInfo) -> None:
    """Add a rule (``kerasmigrate.extend`` does, for catalogue entries of a new rule)."""
    if rule.id in _RULES or rule.name in _BY_NAME:
        raise ValueError(f"rule {rule.id} ({rule.name}) is already registered")
    _RULES[rule.id] = rule
    _BY_NAME[rule.name] = rule.id


def unregister(rule_id: str) -> None:
    rule = _RULES.pop(rule_id)
    del _BY_NAME[rule.name]


class UnknownRuleError(ValueError):
    pass


def expand(codes: Iterable[str]) -> set[str]:
    """IDs, kebab names or ID prefixes (``KM1``, ``KM``) -> the set of rule IDs they name."""
    out: set[str] = set()
    for raw in codes:
        code = raw.strip()
        if not code:  # not "no rule" (nor "all rules"): a typo such as a trailing comma
            raise UnknownRuleError("an empty rule names no rule")
        if code in _BY_NAME:
            out.add(_BY_NAME[code])
            continue
        matched = {rid for rid in RULES if rid.startswith(code.upper())}
        if not matched:
            raise UnknownRuleError(f"unknown rule or prefix: {code!r}")
        out |= matched
    return out


def selected_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> frozenset[str]:
    """All rules unless ``select`` narrows them; then minus ``ignore`` (ruff's semantics)."""
    chosen = expand(select) if select else set(RULES)
    if ignore:
        chosen -= expand(ignore)
    return frozenset(chosen)


__all__ = [
    "FAMILIES",
    "RULES",
    "Example",
    "RuleInfo",
    "UnknownRuleError",
    "expand",
    "register",
    "selected_rules",
    "unregister",
]
