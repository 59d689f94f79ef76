"""May a rewrite use a root of the target (its alias, or the module's own name: for tf2,
``tf`` or ``tensorflow``) at this site? (issue 10 §1)

A rewrite that emits ``<alias>.abs(...)`` must not turn a module that worked into one that
raises ``NameError`` or ``UnboundLocalError``. The rule is deliberately simple and
conservative. The scope a use of the name reads from is found as Python finds it (the
innermost function that binds the name anywhere in its body, skipping class bodies of
enclosing functions; else the module). Then:

* **reuse** the existing name when every binding of it in that scope is an
  ``import <module> as <alias>`` (``import <module>[.x]`` for the module's name) and one of them
  is an unconditional statement of that scope's own body (not inside ``if``/``try``/
  ``with``/``for``/``while``) *before* the statement that holds the use. A function defined
  above a module-level import is not trusted, although it usually runs later: it may be
  called at import time before that line;
* **add** an unconditional ``import <module> as <alias>`` at the top when the name reads from
  the module and nothing binds it there but imports of the module (or nothing at all);
* otherwise the name is **taken** (a parameter, an assignment, another module, a local
  import later in the function or on one branch): the caller tries the other spelling, and
  reports KM004 when both are taken.

LibCST's scope analysis is flow-insensitive, which is why the order and the nesting of
the binding statements are checked here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment, BaseAssignment, ClassScope, GlobalScope, ImportAssignment, Scope


class Use(enum.Enum):
    REUSE = "reuse"
    ADD = "add"
    TAKEN = "taken"


def owner(scope: Scope, name: str) -> Scope:
    """The scope a use of ``name`` in ``scope`` reads from (``global``/``nonlocal`` are
    already folded into the assignments by LibCST)."""
    current = scope
    first = True
    while not isinstance(current, GlobalScope):
        if (first or not isinstance(current, ClassScope)) and name in current.assignments:
            return current
        first = False
        current = current.parent
    return current


def imports_module(assignment: BaseAssignment, name: str, module: str) -> bool:
    """Is this binding of ``name`` an ``import`` of exactly ``module``?"""
    if not isinstance(assignment, ImportAssignment) or not isinstance(assignment.node, cst.Import):
        return False
    for alias in assignment.node.names:
        full = get_full_name_for_node(alias.name) or ""
        asname = alias.evaluated_alias
        if asname == name and full == module:
            return True
        if asname is None and full.split(".")[0] == name == module:
            return True
    return False


def _body(scope: Scope, module: cst.Module) -> Sequence[cst.BaseStatement] | None:
    """The statements of the scope's own body, when it has a block of them."""
    if isinstance(scope, GlobalScope):
        return module.body
    node = getattr(scope, "node", None)
    if isinstance(node, cst.FunctionDef | cst.ClassDef) and isinstance(node.body, cst.IndentedBlock):
        return node.body.body
    return None


#: per body (by id): statement id -> index, and import node id -> index of its line
Indices = dict[int, tuple[dict[int, int], dict[int, int]]]


def _indices(body: Sequence[cst.BaseStatement], cache: Indices) -> tuple[dict[int, int], dict[int, int]]:
    found = cache.get(id(body))
    if found is None:
        members = {id(statement): index for index, statement in enumerate(body)}
        lines = {
            id(small): index
            for index, statement in enumerate(body)
            if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body
        }
        found = cache[id(body)] = (members, lines)
    return found


def _index_in(
    members: Mapping[int, int], node: cst.CSTNode, parents: Mapping[int, cst.CSTNode | None]
) -> int | None:
    """Index of the statement (of the body ``members`` indexes) that holds ``node``."""
    current: cst.CSTNode | None = node
    while current is not None and id(current) not in members:
        current = parents.get(id(current))
    return members[id(current)] if current is not None else None


def classify(
    scope: Scope,
    name: str,
    module: str,
    use: cst.CSTNode,
    tree: cst.Module,
    parents: Mapping[int, cst.CSTNode | None],
    cache: Indices,
) -> tuple[Use, list[BaseAssignment]]:
    """Whether ``name`` can mean ``module`` at ``use``, and the bindings that decision relies on."""
    where = owner(scope, name)
    assignments = list(where.assignments[name])
    if not assignments:
        return Use.ADD, []
    if not all(imports_module(a, name, module) for a in assignments):
        return Use.TAKEN, assignments
    body = _body(where, tree)
    if body is not None:
        members, lines = _indices(body, cache)
        at = _index_in(members, use, parents)
        if at is not None and any(
            isinstance(a, Assignment) and lines.get(id(a.node), at) < at for a in assignments
        ):
            return Use.REUSE, assignments
    # bound to the module, but perhaps not yet, or not on every path: an import at the top
    # binds it for good (the later ones rebind the same module); a local one cannot be helped
    return (Use.ADD, []) if isinstance(where, GlobalScope) else (Use.TAKEN, assignments)
