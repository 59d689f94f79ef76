"""``statement_lines.statement_starts`` (each top-level statement's first line, from ``ast``)
must agree with counting the lines of each statement's generated code, on every fixture
input and on the dense benchmark files; where it cannot tell, it says so (None)."""

from __future__ import annotations

import random
import sys

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from kerasmigrate.statement_lines import node_starts, statement_starts
from tests.fixture_cases import ROOT, parseable_cases

sys.path.insert(0, str(ROOT / "benchmarks"))
from dense import dense_file  # noqa: E402


def _by_codegen(module: cst.Module) -> list[int]:
    line = 1 + len(module.header)
    starts = []
    for statement in module.body:
        starts.append(line)
        line += module.code_for_node(statement).count(module.default_newline) or 1
    return starts


def _sources() -> list[object]:
    out: list[object] = [pytest.param(c.source.read_bytes(), id=c.id) for c in parseable_cases()]
    out += [pytest.param(dense_file(i, 300, random.Random(i)).encode(), id=f"dense{i}") for i in range(3)]
    out.append(
        pytest.param(
            b"# top\n\n@d\n\n# between\n@e\ndef f():\n    pass\n    # deeper\n\n# next\nx = 1; y = 2\nif x: pass\n",
            id="decorators-and-footers",
        )
    )
    return out


@pytest.mark.parametrize("source", _sources())
def test_agrees_with_generated_code(source: bytes) -> None:
    module = cst.parse_module(source)
    found = statement_starts(module, module.code)
    if found is not None:
        assert found == _by_codegen(module)


def test_declines_what_it_cannot_read() -> None:
    module = cst.parse_module("x = 1\n")
    assert statement_starts(module, "x = (\n") is None
    assert statement_starts(module, "x = 1\ny = 2\n") is None


@pytest.mark.parametrize("source", _sources())
def test_node_starts_are_libcsts(source: bytes) -> None:
    """Every node's start, in each statement alone (as the collector asks) and in the whole
    module, is what PositionProvider says."""
    module = cst.parse_module(source)
    alone = [module.with_changes(body=[s], header=[], footer=[]) for s in module.body]
    for tree in [module, *alone]:
        expected = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
        found = node_starts(tree)
        assert {id(n): (r.start.line, r.start.column) for n, r in expected.items()} == found
