"""Findings at their place in the rewritten file, for runs that write it.

Findings are computed on the original text. After an in-place run the file on disk is the
new text, where inserted or removed imports (and rewritten calls) have moved lines and
columns; an editor jumping to ``path:line:col`` must land on the same code. Each position is
carried through a line alignment of the two texts (difflib), then, on a line that was itself
rewritten, through a character alignment of the two lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from .findings import Finding

#: the line breaks LibCST and the findings count (not ``str.splitlines``' form feeds etc.)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def relocate(findings: list[Finding], before: str, after: str) -> list[Finding]:
    """``findings`` (positions in ``before``) moved to the same code in ``after``."""
    if not findings or before == after:
        return findings
    old, new = _LINE_BREAK.split(before), _LINE_BREAK.split(after)
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    moved = [
        replace(f, line=line, column=column)
        for f in findings
        for line, column in [_map(f, old, new, opcodes)]
    ]
    return sorted(moved)


def _map(
    finding: Finding, old: list[str], new: list[str], opcodes: Sequence[tuple[str, int, int, int, int]]
) -> tuple[int, int]:
    index = finding.line - 1
    for tag, i1, i2, j1, j2 in opcodes:
        if not i1 <= index < i2:
            continue
        if tag == "equal":
            return j1 + index - i1 + 1, finding.column
        if tag == "replace":
            target = j1 + min(index - i1, j2 - j1 - 1)
            return target + 1, _map_column(finding.column, old[index], new[target])
        # the line is gone: the place where it was
        return min(j1, len(new) - 1) + 1, 1
    return finding.line, finding.column


def _map_column(column: int, before: str, after: str) -> int:
    offset = column - 1
    for tag, i1, i2, j1, _j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if i1 <= offset < i2:
            return (j1 + offset - i1 if tag == "equal" else j1) + 1
    return min(column, len(after) + 1)
