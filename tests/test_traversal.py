"""The read-only walk (``traversal.py``) makes exactly the calls LibCST's ``visit`` makes.

Every call a visitor receives (``on_visit``, ``on_leave``, ``on_visit_attribute``,
``on_leave_attribute``, the named ``visit_<Node>`` hooks and a named attribute hook) is
recorded with the node it was given, once with LibCST's walk and once read-only, on every
parseable fixture input and on dense files from the benchmark's generator; the two
sequences must be equal. The node classes left to LibCST (``CONDITIONAL``) are checked
against the installed LibCST's source."""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from kerasmigrate import traversal
from tests.fixture_cases import parseable_cases

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from dense import make_dense_tree  # noqa: E402


class _Calls(cst.CSTVisitor):
    """Records every call LibCST's walk makes (its own attribute dispatch replaced)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, int, str]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.calls.append(("visit", id(node), ""))
        # stop below some nodes, as a hook returning False does
        return not isinstance(node, cst.Lambda)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.calls.append(("leave", id(original_node), ""))

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.calls.append(("enter", id(node), attribute))

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        self.calls.append(("exit", id(original_node), attribute))


class _Named(cst.CSTVisitor):
    """Keeps ``CSTVisitor``'s name-based dispatch: the path the read-only walk caches."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, int]] = []

    def leave_Module(self, original_node: cst.Module) -> None:
        self.calls.append(("/Module", id(original_node)))

    def visit_Name(self, node: cst.Name) -> None:
        self.calls.append(("Name", id(node)))

    def visit_Call(self, node: cst.Call) -> bool:
        self.calls.append(("Call", id(node)))
        return len(node.args) < 3  # some calls are not descended into

    def leave_Call(self, original_node: cst.Call) -> None:
        self.calls.append(("/Call", id(original_node)))

    def visit_Arg_keyword(self, node: cst.Arg) -> None:
        self.calls.append(("Arg.keyword", id(node)))

    def leave_Arg_keyword(self, node: cst.Arg) -> None:
        self.calls.append(("/Arg.keyword", id(node)))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        # a hook that walks part of its node itself, as LibCST's ScopeVisitor does
        self.calls.append(("def", id(node)))
        node.body.visit(self)
        return False


def _modules() -> list[object]:
    return [pytest.param(cst.parse_module(c.source.read_bytes()), id=c.id) for c in parseable_cases()]


def _dense(tmp: Path) -> list[cst.Module]:
    make_dense_tree(tmp, 3, seed=14)
    return [cst.parse_module(p.read_bytes()) for p in sorted(tmp.rglob("*.py"))]


def _same_calls(module: cst.Module) -> None:
    for visitor_cls in (_Calls, _Named):
        expected = visitor_cls()
        module.visit(expected)
        read_only = traversal.read_only(visitor_cls)()
        module.visit(read_only)
        assert read_only.calls == expected.calls, visitor_cls.__name__
        assert expected.calls


@pytest.mark.parametrize("module", _modules())
def test_same_calls_as_libcst(module: cst.Module) -> None:
    _same_calls(module)


def test_same_calls_on_dense_files(tmp_path: Path) -> None:
    modules = _dense(tmp_path)
    assert len(modules) == 3
    for module in modules:
        _same_calls(module)


def test_conditional_nodes_are_left_to_libcst() -> None:
    """A class whose ``_visit_and_replace_children`` visits an attribute only in some
    instances is in ``CONDITIONAL``; a conditional that picks between two ways of
    visiting the same attribute (``ImportFrom.names``: one node or a sequence) is not."""
    found: set[str] = set()
    for name in dir(cst):
        cls = getattr(cst, name)
        if not (isinstance(cls, type) and issubclass(cls, cst.CSTNode)):
            continue
        method = cls.__dict__.get("_visit_and_replace_children")
        if method is None:
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
        for branch in ast.walk(tree):
            if isinstance(branch, ast.If | ast.For | ast.While | ast.Try | ast.comprehension):
                found.add(name)
            if isinstance(branch, ast.IfExp) and _visited(branch.body) != _visited(branch.orelse):
                found.add(name)
    assert found == set(traversal.CONDITIONAL)


def _visited(node: ast.expr) -> set[str]:
    """The attribute names an expression passes to LibCST's ``visit_*`` helpers."""
    return {
        arg.value
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id.startswith("visit_")
        for arg in call.args[1:2]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    }


def test_a_conditional_node_is_still_walked_exactly() -> None:
    module = cst.parse_module('x = f"{a!r:>{width}}" if b else f"{c}"\n')
    assert any(traversal.attribute_order(n) is None for n in _all_nodes(module))
    _same_calls(module)


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    nodes: list[cst.CSTNode] = []

    class _All(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            nodes.append(node)
            return True

    module.visit(_All())
    return nodes
