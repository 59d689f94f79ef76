"""Does a migration introduce a name that is not bound where it is used? (issue 10 §1)

Two independent checks, both comparing a migrated file with its input, so that names the
input already left undefined (fixtures are snippets) do not count:

* :func:`new_undefined` runs ``ruff check --select F821,F823`` once over a whole batch of
  inputs and outputs (one process, however many files) and returns every diagnostic of the
  output that the input does not have, compared by rule and name (lines shift).
* :func:`unsound_roots` is our own analysis of the names a rewrite emits (``tf``,
  ``tensorflow``), for what ruff cannot see: a name bound on one branch only, in a ``try``,
  after the use, or local to the function. A use is sound when the scope it resolves to
  binds the name only by imports of ``tensorflow`` and one of them is an unconditional
  statement of that scope's body that comes before the statement holding the use.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

#: names a rewrite may emit, and the module each must mean
ROOTS = {"tf": "tensorflow", "tensorflow": "tensorflow"}
_NAME = re.compile(r"`([^`]+)`")


def ruff_names(sources: Sequence[str | bytes]) -> list[Counter[tuple[str, str]]]:
    """F821/F823 diagnostics of each source as a count of (rule, name), from one ruff run."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for index, source in enumerate(sources):
            path = Path(tmp) / f"m{index}.py"
            path.write_bytes(source.encode() if isinstance(source, str) else source)
            paths.append(path)
        found: list[Counter[tuple[str, str]]] = [Counter() for _ in sources]
        for chunk in range(0, len(paths), 500):  # keep the command line short
            done = subprocess.run(
                [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "F821,F823"]
                + ["--output-format", "json", "--exit-zero", *map(str, paths[chunk : chunk + 500])],
                capture_output=True,
                text=True,
                check=True,
            )
            for diagnostic in json.loads(done.stdout):
                if not diagnostic.get("code"):
                    continue  # a syntax error: the parse checks own those
                index = int(Path(diagnostic["filename"]).stem[1:])
                match = _NAME.search(diagnostic["message"])
                found[index][(diagnostic["code"], match.group(1) if match else "")] += 1
    return found


def new_undefined(pairs: Sequence[tuple[str | bytes, str | bytes]]) -> list[list[str]]:
    """Per (input, output) pair, the diagnostics the output has and the input has not.

    A rule and name absent from the input is new; for the names a rewrite emits, a rise in
    their count is new too (other names may be repeated by a template, which is harmless)."""
    found = ruff_names([text for pair in pairs for text in pair])
    problems = []
    for before, after in zip(found[0::2], found[1::2], strict=True):
        new = [
            f"{rule} `{name}` x{count}"
            for (rule, name), count in after.items()
            if (rule, name) not in before or (name in ROOTS and count > before[(rule, name)])
        ]
        problems.append(new)
    return problems


# --- our own analysis of the emitted roots ---------------------------------------------

_FUNCTION = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSION = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_SCOPES = (*_FUNCTION, *_COMPREHENSION, ast.ClassDef)


def _binds(node: ast.AST, name: str) -> bool | str:
    """Does this node bind ``name`` in the scope it sits in? The module it imports, if so."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if (alias.asname or alias.name.split(".")[0]) == name:
                return alias.name if alias.asname else alias.name.split(".")[0]
    elif isinstance(node, ast.ImportFrom):
        for alias in node.names:
            if (alias.asname or alias.name) == name:
                return f"{'.' * node.level}{node.module or ''}.{alias.name}"
    elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return node.id == name
    elif isinstance(node, ast.arg | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return getattr(node, "arg", getattr(node, "name", None)) == name
    elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar):
        return node.name == name
    elif isinstance(node, ast.MatchMapping):
        return node.rest == name
    elif isinstance(node, ast.Global | ast.Nonlocal):
        return name in node.names
    return False


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes that belong to ``scope`` itself (nested scopes' names, defaults and
    decorators of nested functions belong to it; their bodies do not)."""
    if isinstance(scope, _FUNCTION):
        args = scope.args
        yield from (*args.posonlyargs, *args.args, *args.kwonlyargs)
        yield from (a for a in (args.vararg, args.kwarg) if a is not None)
        todo: list[ast.AST] = list(scope.body) if isinstance(scope.body, list) else [scope.body]
    elif isinstance(scope, _COMPREHENSION):
        first, *rest = scope.generators  # the first iterable is evaluated outside
        todo = [first.target, *first.ifs, *rest]
        todo += [scope.key, scope.value] if isinstance(scope, ast.DictComp) else [scope.elt]
    else:
        todo = list(scope.body)  # type: ignore[attr-defined]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, _SCOPES):
            if not isinstance(node, (ast.Lambda, ast.ClassDef, *_COMPREHENSION)):
                todo += [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]  # type: ignore[union-attr]
                todo += [a for a in (node.returns,) if a is not None]  # type: ignore[union-attr]
            elif isinstance(node, ast.ClassDef):
                todo += [*node.decorator_list, *node.bases, *node.keywords]
            elif isinstance(node, ast.Lambda):
                todo += [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
            else:
                todo.append(node.generators[0].iter)  # the first iterable is evaluated outside
            continue
        todo.extend(ast.iter_child_nodes(node))


class _Scope:
    def __init__(self, node: ast.AST, parent: _Scope | None) -> None:
        self.node = node
        self.parent = parent
        self.nodes = list(_own_nodes(node))


def _scopes(tree: ast.Module) -> Iterator[_Scope]:
    todo = [_Scope(tree, None)]
    while todo:
        scope = todo.pop()
        yield scope
        todo += [_Scope(n, scope) for n in scope.nodes if isinstance(n, _SCOPES)]


def _path(scope: _Scope) -> str:
    parts = []
    current: _Scope | None = scope
    while current is not None and current.parent is not None:
        parts.append(getattr(current.node, "name", type(current.node).__name__))
        current = current.parent
    return ".".join(reversed(parts)) or "<module>"


def _resolve(scope: _Scope, name: str, everything: Iterable[_Scope]) -> tuple[_Scope, list[ast.AST]]:
    """The scope a use of ``name`` in ``scope`` reads from, and that scope's bindings of it."""
    current: _Scope | None = scope
    first = True
    while current is not None:
        if current.parent is None or first or not isinstance(current.node, ast.ClassDef):
            declared = [n for n in current.nodes if isinstance(n, ast.Global) and name in n.names]
            if declared:
                current = _module(current)
                break
            bindings = [n for n in current.nodes if _binds(n, name) and not isinstance(n, ast.Global)]
            if bindings or current.parent is None:
                break
        first = False
        current = current.parent
    assert current is not None
    bindings = [n for n in current.nodes if _binds(n, name) and not isinstance(n, ast.Global | ast.Nonlocal)]
    if current.parent is None:  # plus assignments made through `global name` in functions
        for other in everything:
            if other is not current and any(
                isinstance(n, ast.Global) and name in n.names for n in other.nodes
            ):
                bindings += [n for n in other.nodes if _binds(n, name) and not isinstance(n, ast.Global)]
    return current, bindings


def _module(scope: _Scope) -> _Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


def _statement_of(body: list[ast.stmt], node: ast.AST) -> int | None:
    """Index of the statement of ``body`` that holds ``node`` (by source position)."""
    start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    for index, statement in enumerate(body):
        first = min(
            [(statement.lineno, statement.col_offset)]
            + [(d.lineno, d.col_offset) for d in getattr(statement, "decorator_list", [])]
        )
        end = (statement.end_lineno, statement.end_col_offset)
        if first <= start and start < end:  # type: ignore[operator]
            return index
    return None


def unsound_roots(source: str | bytes) -> Counter[tuple[str, str]]:
    """Uses of ``tf``/``tensorflow`` not bound to ``tensorflow`` on every path, by (name, scope)."""
    tree = ast.parse(source)
    everything = list(_scopes(tree))
    problems: Counter[tuple[str, str]] = Counter()
    for scope in everything:
        for node in scope.nodes:
            if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in ROOTS):
                continue
            owner, bindings = _resolve(scope, node.id, everything)
            if not _sound(owner, bindings, node, ROOTS[node.id]):
                problems[(node.id, _path(scope))] += 1
    return problems


def _sound(owner: _Scope, bindings: list[ast.AST], use: ast.Name, module: str) -> bool:
    if not bindings or any(_binds(b, use.id) != module for b in bindings):
        return False
    body = owner.node.body if not isinstance(owner.node, (ast.Lambda, *_COMPREHENSION)) else None  # type: ignore[attr-defined]
    if not isinstance(body, list):
        return False
    at = _statement_of(body, use)
    return at is not None and any(b in body[:at] for b in bindings)


def new_unsound(before: str | bytes, after: str | bytes) -> list[str]:
    """Uses of the emitted roots that the migration made unsound (by name and scope)."""
    old = unsound_roots(before)
    return [f"`{name}` in {where} x{count}" for (name, where), count in (unsound_roots(after) - old).items()]
