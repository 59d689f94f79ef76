"""Migrate only the top-level statements that can matter, then splice them back.

LibCST costs about a second per 100 KB for parse plus scope analysis, and memory grows
with it, so a 10 MB file would take minutes. But a rewrite can only touch statements that
mention a name bound by a keras/tensorflow import (or a module-level name bound from one,
followed to a fixpoint), plus the import statements themselves. Those statements are cut
out by line (CPython's ``ast`` gives their spans in a fraction of a second), each behind
a sentinel comment, migrated together as one small module, and put back between the
untouched gaps. Anything unexpected (a sentinel lost where it should not be, a result
that does not parse) makes the caller fall back to migrating the whole file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .findings import Finding, Fix

# Every file goes through the segmented path when it pays (at most half the lines are
# relevant): the result is the same, tests/test_segment.py proves it on every fixture, and
# it is about twice as fast on an ordinary module, as most statements never reach LibCST.
#: tests set this to segment every file, however small (to compare with the whole-file path)
FORCE = False
SEGMENT_SENTINEL = "# kerasmigrate-segment:"
_SENTINEL = SEGMENT_SENTINEL
_ALWAYS = frozenset({"tf", "tensorflow", "keras"})  # names a rewrite may emit or rely on


@dataclass(frozen=True)
class Outcome:
    code: str
    findings: list[Finding]
    fixes: list[Fix]


class Fallback(Exception):
    """The segmented run cannot be trusted for this file; migrate it whole."""


def _spans(tree: ast.Module) -> list[tuple[int, int, ast.stmt]]:
    """(first line, last line, statement) per top-level statement, 1-based, merged where
    statements share a line (``import a; b()``)."""
    spans: list[tuple[int, int, ast.stmt]] = []
    for stmt in tree.body:
        decorators = getattr(stmt, "decorator_list", [])
        start = min([stmt.lineno, *(d.lineno for d in decorators)])
        end = stmt.end_lineno or stmt.lineno
        if spans and start <= spans[-1][1]:
            first, _, head = spans[-1]
            spans[-1] = (first, max(end, spans[-1][1]), head)
        else:
            spans.append((start, end, stmt))
    return spans


def _bound_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(sub.name)
        elif isinstance(sub, ast.Global | ast.Nonlocal):
            names.update(sub.names)
        elif isinstance(sub, ast.alias):
            names.add((sub.asname or sub.name).split(".")[0])
    return names


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without visiting expressions (imports are
    statements, and a file has far fewer statements than nodes)."""
    for stmt in body:
        yield stmt
        for field in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(stmt, field, []))
        for handler in getattr(stmt, "handlers", []):
            yield from _statements(handler.body)
        for case in getattr(stmt, "cases", []):
            yield from _statements(case.body)


def _keras_names(tree: ast.Module) -> set[str]:
    names = set(_ALWAYS)
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if "keras" in alias.name or alias.name.split(".")[0] == "tensorflow":
                    names.add((alias.asname or alias.name).split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and ("keras" in node.module or node.module.split(".")[0] == "tensorflow")
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _words(names: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")


def pattern_matches(names: set[str], text: str) -> bool:
    return _words(names).search(text) is not None


def relevant(tree: ast.Module, lines: list[str]) -> list[tuple[int, int]]:
    """The line spans of the statements a migration may read or change."""
    spans = _spans(tree)
    texts = ["".join(lines[a - 1 : b]) for a, b, _ in spans]
    names = _keras_names(tree)
    chosen: set[int] = set()
    block_end = None  # the first statement after the leading docstring and import block
    for i, (_, _, stmt) in enumerate(spans):
        is_import = isinstance(stmt, ast.Import | ast.ImportFrom)
        is_docstring = i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        if is_import or is_docstring:
            chosen.add(i)
        elif block_end is None:
            block_end = i
    if block_end is not None:
        chosen.add(block_end)  # AddImportsVisitor looks at it to place the new import
        if pattern_matches(names, texts[block_end]):
            names |= _bound_names(spans[block_end][2])
    while True:
        pattern = _words(names)
        grown = {i for i, text in enumerate(texts) if i not in chosen and pattern.search(text)}
        if not grown:
            break
        chosen |= grown
        for i in grown:
            names |= _bound_names(spans[i][2])
    # each span reaches back over the blank and comment lines before its statement: those
    # are the statement's leading lines in LibCST, and they decide blank-line handling
    starts = [1] + [end + 1 for _, end, _ in spans[:-1]]
    return [(starts[i], spans[i][1]) for i in sorted(chosen)]


def migrate_segments(
    text: str,
    tree: ast.Module,
    run: Callable[[str], Outcome],
) -> Outcome | None:
    """Migrate ``text`` through ``run`` on its relevant statements only.

    Returns None when segmenting would not save much (most of the file is relevant)."""
    lines = text.splitlines(keepends=True)
    chosen = relevant(tree, lines)
    if sum(b - a + 1 for a, b in chosen) > len(lines) // 2 and not FORCE:
        return None
    newline = next((line[len(line.rstrip("\r\n")) :] for line in lines if line.endswith(("\n", "\r"))), "\n")
    reduced: list[str] = []
    line_map: list[int] = []  # reduced line (0-based) -> original line (1-based)
    for index, (a, b) in enumerate(chosen):
        for n in range(a, b + 1):
            chunk = lines[n - 1]
            body = chunk.rstrip("\r\n")
            ending = chunk[len(body) :] or newline
            if n == b:  # the marker rides on the statement's last line, as a trailing comment
                body += f"  {_SENTINEL}{index}"
            reduced.append(body + ending)
            line_map.append(n)
    outcome = run("".join(reduced))
    pieces = _split(outcome.code, len(chosen))
    if pieces[-1]:
        raise Fallback("text after the last segment")
    for index, (a, b) in enumerate(chosen):
        if pieces[index] is None and not all(
            isinstance(s, ast.Import | ast.ImportFrom) for s in tree.body if a <= s.lineno <= b
        ):
            raise Fallback(f"segment {index} vanished")
    out: list[str] = []
    cursor = 1
    for index, (a, b) in enumerate(chosen):
        out.append("".join(lines[cursor - 1 : a - 1]))  # untouched statements before it
        original = "".join(lines[a - 1 : b])
        new = pieces[index] or ""  # None: a statement removed whole (an unused import)
        if not original.endswith(("\n", "\r")) and new.endswith(newline):
            new = new[: -len(newline)]  # the file's last line had no newline
        out.append(new)
        cursor = b + 1
    out.append("".join(lines[cursor - 1 :]))
    code = "".join(out)
    for piece in pieces[:-1]:
        try:  # each piece is whole top-level statements: it must parse on its own
            ast.parse(piece or "")
        except SyntaxError as exc:
            raise Fallback(f"a migrated segment does not parse: {exc}") from exc

    def where(line: int) -> int:
        return line_map[line - 1] if 0 < line <= len(line_map) else line

    return Outcome(
        code,
        [replace(f, line=where(f.line)) for f in outcome.findings],
        [replace(f, line=where(f.line)) for f in outcome.fixes],
    )


_MARK = re.compile(r"  " + re.escape(_SENTINEL) + r"(\d+)(?=\r?\n?$|\r$)")


def _split(code: str, count: int) -> list[str | None]:
    """Per-segment texts (None where the marker vanished with its statement), plus at the
    end whatever follows the last marker."""
    pieces: list[str | None] = [None] * count
    current: list[str] = []
    for line in code.splitlines(keepends=True):
        match = _MARK.search(line)
        if match is None:
            current.append(line)
            continue
        current.append(line[: match.start()] + line[match.end() :])
        pieces[int(match.group(1))] = "".join(current)
        current = []
    return [*pieces, "".join(current)]
