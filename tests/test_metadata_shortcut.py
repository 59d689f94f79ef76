"""The batched-walk shortcut of ``_matcher_cache`` (a batch of providers whose only visitor
method is ``visit_Module`` is resolved without LibCST's empty second walk) must give
exactly the metadata LibCST computes: same scopes, assignments, accesses and qualified
names for every node of every fixture input. The shortcut also walks the two providers'
visitors read-only (``traversal.visit_module``), so this is that walk's check too."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import (
    BatchableMetadataProvider,
    ExpressionContextProvider,
    MetadataWrapper,
    ScopeProvider,
)

from kerasmigrate import _matcher_cache
from tests.fixture_cases import parseable_cases


def _describe(module: cst.Module) -> list[object]:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    contexts = wrapper.resolve(ExpressionContextProvider)
    nodes = list(scopes)
    index = {id(n): i for i, n in enumerate(nodes)}
    out: list[object] = [sorted((index[id(n)], str(c)) for n, c in contexts.items() if id(n) in index)]
    for node in nodes:
        scope = scopes[node]
        if scope is None:
            out.append(None)
            continue
        row: list[object] = [type(scope).__name__]
        if isinstance(node, cst.Name | cst.Attribute):
            row.append(sorted((q.name, q.source.name) for q in scope.get_qualified_names_for(node)))
        row.append(
            sorted(
                (a.name, index.get(id(a.node), -1), sorted(index.get(id(r.node), -1) for r in a.references))
                for a in scope.assignments
            )
        )
        row.append(
            sorted(
                (
                    index.get(id(access.node), -1),
                    access.is_annotation,
                    access.is_type_hint,
                    sorted(
                        str(index.get(id(node), -1))
                        if (node := getattr(r, "node", None)) is not None
                        else r.name
                        for r in access.referents
                    ),
                )
                for access in scope.accesses
            )
        )
        out.append(row)
    return out


def _inputs() -> list[object]:
    return [pytest.param(case, id=case.id) for case in parseable_cases()]


@pytest.mark.parametrize("case", _inputs())
def test_same_metadata_as_libcst(case: object) -> None:
    source = case.source.read_bytes()  # type: ignore[attr-defined]
    module = cst.parse_module(source)
    expected = _describe(module)
    with _matcher_cache.installed():
        wrapped = getattr(cst.metadata.wrapper, "_gen_batchable")  # noqa: B009
        assert hasattr(wrapped, "__wrapped__")
        assert _describe(module) == expected


def test_scope_providers_take_the_shortcut() -> None:
    """The two providers the collector resolves are the ones the shortcut is for; a
    provider with a method below the module, or a class not LibCST's or ours, is not."""
    assert _matcher_cache._module_only(ScopeProvider())
    assert _matcher_cache._module_only(ExpressionContextProvider())

    class Names(BatchableMetadataProvider[int]):
        def visit_Module(self, node: cst.Module) -> None:
            pass

        def visit_Name(self, node: cst.Name) -> None:
            self.set_metadata(node, 1)

    class Outside(BatchableMetadataProvider[int]):
        def visit_Module(self, node: cst.Module) -> None:
            pass

    Names.__module__ = "kerasmigrate.example"
    assert not _matcher_cache._module_only(Names())
    assert not _matcher_cache._module_only(Outside())
    module = cst.parse_module("a = b\n")
    with _matcher_cache.installed():
        names = MetadataWrapper(module, unsafe_skip_copy=True).resolve(Names)
    assert sorted(n.value for n in names if isinstance(n, cst.Name)) == ["a", "b"]
