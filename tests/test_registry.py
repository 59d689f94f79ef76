"""The registry, the rule pages in codemods/ and the fixtures stay in step."""

from __future__ import annotations

import pkgutil
import re
from collections import defaultdict

import kerasmigrate.rules as rules_pkg
from kerasmigrate import migrate_bytes
from kerasmigrate.docs import render_all
from kerasmigrate.rules import FAMILIES, RULES
from kerasmigrate.tables import DEFAULT_TARGET, TARGETS
from tests.fixture_cases import ROOT, cases

CODEMODS = ROOT / "codemods"


def test_ids_names_and_families() -> None:
    names = [r.name for r in RULES.values()]
    assert len(set(names)) == len(names)
    hundreds: dict[str, set[str]] = defaultdict(set)
    for rule in RULES.values():
        assert re.fullmatch(r"KM\d{3}", rule.id), rule.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.summary and "\n" not in rule.summary
        hundreds[rule.id[:3]].add(rule.family)
    assert all(len(families) == 1 for families in hundreds.values()), hundreds


def test_every_rule_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(rules_pkg.__path__) if not m.name.startswith("_")}
    assert modules == {f.__name__.rsplit(".", 1)[1] for f in FAMILIES}


def test_table_rows_are_rules() -> None:
    # a rule's fix level is its default target's (another target may fix less or more)
    for target in TARGETS.values():
        for row in target.rows:
            assert row.rule in RULES
            assert target.name != DEFAULT_TARGET or RULES[row.rule].fix == row.fix or row.rule == "KM191"


def test_rule_pages_are_up_to_date() -> None:
    pages = render_all()
    on_disk = {p.name for p in CODEMODS.glob("*.md")}
    assert on_disk == set(pages), "run: python -m kerasmigrate.docs codemods"
    for name, text in pages.items():
        assert (CODEMODS / name).read_text(encoding="utf-8") == text, f"{name} is stale; regenerate it"


def test_every_rule_has_fixtures() -> None:
    """Each rule that fixes has a fixture it rewrites; a report-only rule a fixture it reports;
    and, apart from the file-level KM0xx rules, each has a no-op case in its own folder."""
    fixed: set[str] = set()
    reported: set[str] = set()
    for case in cases():
        result = migrate_bytes(case.source.read_bytes(), **case.options())  # type: ignore[arg-type]
        fixed |= {f.rule for f in result.fixes}
        reported |= {f.rule for f in result.findings} | ({result.error.rule} if result.error else set())
    noop_dirs = {c.source.parent.name for c in cases() if c.expected is None}
    for rule in RULES.values():
        if rule.id in {
            "KM005",
            "KM006",
            "KM007",
            "KM008",
        }:  # a bug, a path or ignore-file problem: test_api/test_cli/test_repo_walk
            continue
        if rule.family == "config_files":  # keras.json fixtures (*.in.json): tests/test_repo_keras_json.py
            continue
        if rule.fix.safety is None:
            assert rule.id in reported, f"no fixture reports {rule.id}"
        else:
            assert rule.id in fixed, f"no fixture is rewritten by {rule.id}"
        if not rule.id.startswith("KM0"):
            assert rule.id in noop_dirs, f"fixtures/{rule.id}/ has no no-op case"


def test_row_messages_fit_on_one_line() -> None:
    """The longest report a row can produce, through the longest backend module name, is one
    line of at most 160 characters (tests/test_fixtures.py checks what the fixtures produce)."""
    from kerasmigrate.resolve import BACKEND_MODULES

    longest = max([*BACKEND_MODULES, "keras.backend.common"], key=len)
    for target in TARGETS.values():
        for row in target.rows:
            if row.manual:
                message = f"`{longest}.{row.name}(...)`: {row.manual}; not rewritten"
                assert len(message) <= 160 and "\n" not in message, (row.rule, len(message), message)
