"""Suppression comments: ``# kerasmigrate: ignore`` or ``# noqa`` (all rules) and
``# noqa: KM101, KM203`` (those rules) on a line leave that line alone: no fix, no finding.

The engine asks ``suppressions(code)`` once per file, and only when it is about to fix or
report something; a line is matched by the start line of the node concerned.
"""

from __future__ import annotations

import io
import re
import tokenize

_DIRECTIVE = re.compile(
    r"#\s*(?:kerasmigrate\s*:\s*ignore|noqa)\b(?:\s*:\s*(?P<codes>[A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?",
    re.IGNORECASE,
)

#: line -> the rule IDs suppressed there; an empty set means every rule
Suppressions = dict[int, frozenset[str]]


def suppressions(code: str) -> Suppressions:
    """The suppression comments of a module, by 1-based line."""
    if "noqa" not in code.lower() and "kerasmigrate" not in code.lower():
        return {}
    found: Suppressions = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = _DIRECTIVE.search(token.string)
            if match is None:
                continue
            codes = match.group("codes")
            line = token.start[0]
            if codes is None:
                found[line] = frozenset()
            elif found.get(line) != frozenset():
                found[line] = found.get(line, frozenset()) | {c.upper() for c in re.split(r"[\s,]+", codes)}
    except (tokenize.TokenError, SyntaxError):  # the engine only sees parsed code; be safe anyway
        return found
    return found


def is_suppressed(table: Suppressions, line: int, rule: str) -> bool:
    codes = table.get(line)
    return codes is not None and (not codes or rule in codes)
