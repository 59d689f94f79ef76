"""``functional.assigned_values`` (a walk of statements only) must give, for every name an
assignment of the scope metadata binds, the value the old way found through the parents of
the whole module (``name`` -> ``AssignTarget`` -> ``Assign``, or ``name`` -> ``AnnAssign``), on
every fixture input and on dense benchmark files."""

from __future__ import annotations

import random
import sys

import libcst as cst
import pytest
from libcst.metadata import Assignment, MetadataWrapper, ScopeProvider

from kerasmigrate.analyses.functional import _children, assigned_values
from tests.fixture_cases import ROOT, parseable_cases

sys.path.insert(0, str(ROOT / "benchmarks"))
from dense import dense_file  # noqa: E402


def _sources() -> list[object]:
    out: list[object] = [pytest.param(c.source.read_bytes(), id=c.id) for c in parseable_cases()]
    out += [pytest.param(dense_file(i, 300, random.Random(i)).encode(), id=f"dense{i}") for i in range(3)]
    out.append(
        pytest.param(
            b"a = b = f(1)\nc: int\nd: int = 2\ne, g = 1, 2\nh += 1\nfor i in x: j = (k := 3)\n"
            b"class C:\n    m = lambda: 0\n    def n(self, p=1):\n        q = p\n",
            id="targets",
        )
    )
    return out


def _by_parents(module: cst.Module, node: cst.CSTNode) -> cst.BaseExpression | None:
    parents: dict[int, cst.CSTNode] = {}
    pending: list[cst.CSTNode] = [module]
    while pending:
        current = pending.pop()
        for child in _children(current):
            parents[id(child)] = current
            pending.append(child)
    parent = parents.get(id(node))
    statement = parents.get(id(parent)) if isinstance(parent, cst.AssignTarget) else parent
    if isinstance(statement, cst.Assign):
        return statement.value
    return statement.value if isinstance(statement, cst.AnnAssign) else None


@pytest.mark.parametrize("source", _sources())
def test_agrees_with_the_parents(source: bytes) -> None:
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    module = wrapper.module
    fast = assigned_values(module)
    scopes = {s for s in wrapper.resolve(ScopeProvider).values() if s is not None}
    names = [a.node for s in scopes for a in s.assignments if isinstance(a, Assignment)]
    for node in names:
        assert fast.get(id(node)) is _by_parents(module, node)
