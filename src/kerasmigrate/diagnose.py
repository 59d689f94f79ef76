"""Explain a parse failure: Python 2 source gets its own message, other errors a position."""

from __future__ import annotations

import re

from .findings import Finding
from .rules.file_errors import KM001, KM002

#: (what it is, pattern on one line of code with its strings and comment blanked out).
PY2_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("print statement", re.compile(r"^\s*print(\s*>>|\s+(?![\s=(.,)\]}]|(if|else|for|in|and|or|is)\b)\S)")),
    ("`except X, e:`", re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:")),
    ("`raise E, message`", re.compile(r"^\s*raise\s+[\w.]+\s*,")),
    ("exec statement", re.compile(r"^\s*exec\s+(?![\s=(.,)\]}])\S")),
    ("backtick repr", re.compile(r"`")),
    ("`<>` operator", re.compile(r"<>")),
    ("octal literal without 0o", re.compile(r"(?<![\w.])0[0-7]+(?![\w.])")),
    ("long integer literal", re.compile(r"(?<![\w.])\d+[lL](?!\w)")),
    # ``lambda (x, y): ...`` unpacked a tuple argument (PEP 3113 removed it)
    ("tuple parameter", re.compile(r"(?<![\w.])lambda\s*\(")),
)
#: CPython's message for tuple parameters (PEP 3113), in a ``def`` or a ``lambda``
_TUPLE_PARAMETER = re.compile(r"parameters cannot be parenthesized")
_UR_PREFIX = re.compile(r"(?<![\w])[uU][rR]['\"]")
_STRING = re.compile(r"""[rRbBuUfF]{0,2}('[^'\\]*(?:\\.[^'\\]*)*'|"[^"\\]*(?:\\.[^"\\]*)*")""")


def _code_only(line: str) -> str:
    return _STRING.sub('""', line).split("#", 1)[0]


def python2_construct(line: str) -> str | None:
    if _UR_PREFIX.search(line):
        return "`ur''` string prefix"
    code = _code_only(line)
    for what, pattern in PY2_PATTERNS:
        if pattern.search(code):
            return what
    return None


def classify_syntax_error(text: str, exc: SyntaxError, path: str) -> Finding:
    """A KM002 finding when the file looks like Python 2 (the failing line first), else KM001."""
    lines = text.splitlines()
    lineno = exc.lineno or 1
    if _TUPLE_PARAMETER.search(exc.msg or ""):
        return _python2(lineno, "tuple parameter", path)
    for index in [lineno - 1, *range(len(lines))]:
        if 0 <= index < len(lines):
            what = python2_construct(lines[index])
            if what:
                return _python2(index + 1, what, path)
    return Finding(lineno, exc.offset or 1, KM001.id, f"syntax error: {exc.msg}", path)


def _python2(line: int, what: str, path: str) -> Finding:
    return Finding(
        line,
        1,
        KM002.id,
        f"Python 2 syntax ({what}); convert it to Python 3 first (e.g. with a 2to3-style tool), then run kerasmigrate",
        path,
    )
