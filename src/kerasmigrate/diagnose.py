"""Explain a parse failure: Python 2 source gets its own message, other errors a position."""

from __future__ import annotations

import re

import libcst as cst

from .findings import Finding
from .rules.file_errors import KM001, KM002

#: (what it is, pattern on one line of code). Ordered by how often legacy Keras code has them.
PY2_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "print statement",
        re.compile(r"^\s*print(\s*>>|\s+(?![\s=(.,)\]}]|if\b|else\b|for\b|in\b|and\b|or\b|is\b)\S)"),
    ),
    ("`except X, e:`", re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:")),
    ("`raise E, message`", re.compile(r"^\s*raise\s+[\w.]+\s*,")),
    ("exec statement", re.compile(r"^\s*exec\s+(?![\s=(.,)\]}])\S")),
    ("backtick repr", re.compile(r"^[^#'\"]*`")),
    ("`<>` operator", re.compile(r"^[^#'\"]*<>")),
    ("octal literal without 0o", re.compile(r"^[^#'\"]*(?<![\w.])0[0-7]+(?![\w.])")),
    ("long integer literal", re.compile(r"^[^#'\"]*(?<![\w.])\d+[lL](?!\w)")),
    ("`ur''` string prefix", re.compile(r"(?<![\w])[uU][rR]['\"]")),
)


def python2_construct(line: str) -> str | None:
    for what, pattern in PY2_PATTERNS:
        if pattern.search(line):
            return what
    return None


def classify_parse_error(source: str | bytes, exc: cst.ParserSyntaxError, path: str) -> Finding:
    """A KM002 finding when the file looks like Python 2 (the failing line first), else KM001."""
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    lines = text.splitlines()
    order = [exc.raw_line - 1, *range(len(lines))]
    for index in order:
        if 0 <= index < len(lines):
            what = python2_construct(lines[index])
            if what:
                return Finding(
                    index + 1,
                    1,
                    KM002.id,
                    f"Python 2 syntax ({what}); convert it to Python 3 first "
                    "(e.g. with a 2to3-style tool), then run kerasmigrate",
                    path,
                )
    message = exc.message.splitlines()[0] if exc.message else "invalid syntax"
    return Finding(exc.raw_line, exc.raw_column + 1, KM001.id, f"syntax error: {message}", path)
