"""The first line of each top-level statement of a LibCST module, from its source text.

Positions are computed per top-level statement (``Collector._where``): the line where the
statement's code starts (its leading blank and comment lines included) plus the position
inside a module of that statement alone. Generating the code of every statement to count
its lines costs a whole-file codegen; CPython's ``ast`` gives the line of each statement's
first token for a tenth of that, and a LibCST statement's code starts exactly its
``leading_lines`` (one line each) before its first token. The answer is checked against
the text (every leading line blank or a comment, the statements in order); anything
unexpected returns None and the caller generates the code instead.

Inside a statement, :func:`node_starts` gives what LibCST's ``PositionProvider`` gives as
each node's start, from the same code generation with a leaner state (its tests compare
every node of every fixture with LibCST's answer).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import libcst as cst
from libcst._add_slots import add_slots
from libcst._nodes.internal import CodegenState

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


# --- where each node starts --------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n?|\n")  # as LibCST's position provider splits tokens


class _Record:
    """``record_syntactic_position`` as PositionProvidingCodegenState does it, starts only."""

    __slots__ = ("node", "start", "start_node", "state")

    def __init__(self, state: _Starts, node: cst.CSTNode, start_node: cst.CSTNode | None) -> None:
        self.state, self.node, self.start_node = state, node, start_node
        self.start = (0, 0)

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *exc: object) -> None:
        starts = self.state.starts
        starts[id(self.node)] = starts[id(self.start_node)] if self.start_node is not None else self.start


@add_slots
@dataclass(frozen=False)
class _Starts(CodegenState):
    """LibCST's ``PositionProvidingCodegenState`` keeping only each node's start, as a
    (line, column) tuple keyed by the node's id: no ``CodeRange`` objects, no generator
    per node, no hashing of nodes, no regular expression for a token without a line
    break (most of them), and no token list (only the module's end reads it, to decide
    whether to add a last newline, which starts nothing).

    A node's start is the position when its code begins (``before_codegen``: the first
    time it is generated wins), unless a syntactic position recorded inside it (all of
    LibCST's are for the node generating them) replaces it: the same answer as keeping a
    stack of starts until ``after_codegen``, with no work after each node."""

    line: int = 1
    column: int = 0
    starts: dict[int, tuple[int, int]] = field(default_factory=dict)

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        if "\n" not in value and "\r" not in value:
            self.column += len(value)
            return
        segments = _NEWLINE.split(value)
        self.line += len(segments) - 1
        self.column = len(segments[-1])

    def before_codegen(self, node: cst.CSTNode) -> None:
        starts = self.starts
        key = id(node)
        if key not in starts:
            starts[key] = (self.line, self.column)

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _Record:
        return _Record(self, node, start_node)


def node_starts(module: cst.Module) -> dict[int, tuple[int, int]]:
    """Each node's start (1-based line, 0-based column), keyed by ``id(node)``: what
    ``PositionProvider`` gives as ``.start`` for the same nodes, at a fraction of its cost."""
    state = _Starts(default_indent=module.default_indent, default_newline=module.default_newline)
    module._codegen(state)
    return state.starts
