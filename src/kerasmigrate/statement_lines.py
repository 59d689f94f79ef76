"""The first line of each top-level statement of a LibCST module, from its source text.

Positions are computed per top-level statement (``Collector._where``): the line where the
statement's code starts (its leading blank and comment lines included) plus the position
inside a module of that statement alone. Generating the code of every statement to count
its lines costs a whole-file codegen; CPython's ``ast`` gives the line of each statement's
first token for a tenth of that, and a LibCST statement's code starts exactly its
``leading_lines`` (one line each) before its first token. The answer is checked against
the text (every leading line blank or a comment, the statements in order); anything
unexpected returns None and the caller generates the code instead.
"""

from __future__ import annotations

import ast
import re

import libcst as cst

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what ast counts as a line break (not str.splitlines)


def _first_token_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", None) or []
    return min([statement.lineno, *(d.lineno for d in decorators)])


def _leading(statement: cst.CSTNode) -> int:
    """Lines of the statement's code before its first token."""
    count = len(getattr(statement, "leading_lines", ()))
    decorators = getattr(statement, "decorators", ())
    if decorators:
        count += len(decorators[0].leading_lines)
    return count


def statement_starts(module: cst.Module, code: str) -> list[int] | None:
    """1-based first line of each statement of ``module.body`` (``code`` is its code)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = _LINE_BREAK.split(code)
    body = tree.body
    starts: list[int] = []
    index = 0
    previous_end = len(module.header)  # lines before the first statement's own
    for statement in module.body:
        if index >= len(body):
            return None
        first = _first_token_line(body[index])
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        last = body[index + count - 1] if index + count <= len(body) else None
        if last is None:
            return None
        index += count
        start = first - _leading(statement)
        if start <= previous_end or start < 1:
            return None
        for number in range(start, first):
            text = lines[number - 1].lstrip(" \t\x0c") if number <= len(lines) else ""
            if text and not text.startswith("#"):
                return None
        starts.append(start)
        previous_end = last.end_lineno or last.lineno
    if index != len(body) or (starts and starts[0] != len(module.header) + 1):
        return None
    return starts
