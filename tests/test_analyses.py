"""Analyses are registered visitors with an explicit context: a new one is a class added to
``ANALYSES``; it sees the walk through its ``visit_<Node>`` methods and acts only through
its ``Context`` (no analysis reads another's or the collector's private fields)."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest

import kerasmigrate.analyses as analyses_pkg
from kerasmigrate import collector, migrate_source
from kerasmigrate.analyses import ANALYSES, Analysis, Context


class CountCalls(Analysis):
    """A toy analysis: counts calls, and reports the first one under an existing rule."""

    seen: list[str] = []

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)

    def finish(self) -> None:
        CountCalls.seen.append(f"{len(self.calls)} calls in {self.ctx.path}")
        if self.calls:
            self.ctx.report(self.calls[0], "KM901", "first call")


def test_a_registered_analysis_runs_in_the_same_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "ANALYSES", (*ANALYSES, CountCalls))
    CountCalls.seen = []
    source = "from keras import backend as K\n\ny = K.abs(f(x))\n"
    result = migrate_source(source, path="toy.py")
    assert result.code == "import tensorflow as tf\n\ny = tf.abs(f(x))\n"  # the rest still runs
    assert CountCalls.seen == ["2 calls in toy.py"]
    assert [(f.rule, f.message) for f in result.findings] == [("KM901", "first call")]


def test_analyses_use_only_their_context() -> None:
    """No analysis module reaches into private state of the context (``ctx._x``) or of
    another analysis, and none is a mixin of the collector."""
    for path in Path(analyses_pkg.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                owner = ast.unparse(node.value)
                assert owner in ("self", "cls", "CountCalls") or not owner.startswith(("self.ctx", "ctx")), (
                    f"{path.name}: {ast.unparse(node)}"
                )
    assert not any(issubclass(collector.Collector, a) for a in ANALYSES)
