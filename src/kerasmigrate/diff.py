"""Unified diffs of migrated text (``--diff``), in the form ``git apply`` takes."""

from __future__ import annotations

import difflib
import os


def unified_diff(before: str, after: str, path: str) -> str:
    """A ``git apply``-able unified diff, including the no-newline-at-end marker."""
    old, new = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    lines = []
    for line in difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        _diff_name(old),
        _diff_name(new),
    ):
        lines.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


_C_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


def _diff_name(name: str) -> str:
    """A file name as git writes it in a patch header: C-quoted (``"a/new\\nline.py"``) when
    it holds a control character, a quote, a backslash or bytes that are not UTF-8 (a
    newline would otherwise end the header), as is otherwise."""
    raw = os.fsencode(name)
    try:
        name.encode("utf-8")
        plain = not any(b < 0x20 or b in (0x22, 0x5C, 0x7F) for b in raw)
    except UnicodeEncodeError:  # undecodable bytes, carried as surrogates
        plain = False
    if plain:
        return name
    quoted = (_C_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in raw)
    return '"' + "".join(quoted) + '"'
