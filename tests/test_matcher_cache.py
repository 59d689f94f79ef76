"""The per-class cache of LibCST's visitor introspection (``_matcher_cache``) must give
exactly what LibCST itself computes, and must leave other people's visitors alone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import libcst as cst
import libcst.matchers as m
import pytest
from libcst import _batched_visitor
from libcst.matchers import _visitors

from kerasmigrate import _matcher_cache, migrate_bytes
from tests.fixture_cases import cases


@pytest.fixture
def verify() -> Iterator[None]:
    _matcher_cache.VERIFY = True
    try:
        yield
    finally:
        _matcher_cache.VERIFY = False


_NAMES = ("_gather_constructed_visit_funcs", "_gather_constructed_leave_funcs", "_gather_matchers")


def _patched() -> list[bool]:
    return [hasattr(getattr(_visitors, name), "__wrapped__") for name in _NAMES] + [
        hasattr(_batched_visitor.BatchableCSTVisitor.get_visitors, "__wrapped__")
    ]


def test_not_installed_on_import() -> None:
    """Importing the command (in a fresh process) patches nothing in LibCST."""
    code = (
        "import kerasmigrate.engine\n"
        "from libcst import _batched_visitor\n"
        "from libcst.matchers import _visitors\n"
        f"names = {_NAMES!r}\n"
        "patched = [hasattr(getattr(_visitors, n), '__wrapped__') for n in names]\n"
        "patched.append(hasattr(_batched_visitor.BatchableCSTVisitor.get_visitors, '__wrapped__'))\n"
        "assert not any(patched), patched\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_installed_only_during_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """While kerasmigrate migrates a module the cache is in place; before and after, LibCST
    runs its own functions (so other LibCST pipelines in the process are untouched)."""
    from kerasmigrate.engine import KerasMigrateCommand

    seen: list[list[bool]] = []
    original = KerasMigrateCommand.transform_module_impl

    def spy(self: KerasMigrateCommand, tree: cst.Module) -> cst.Module:
        seen.append(_patched())
        return original(self, tree)

    monkeypatch.setattr(KerasMigrateCommand, "transform_module_impl", spy)
    assert not any(_patched())
    assert migrate_bytes(b"from keras import backend as K\ny = K.abs(x)\n").changed
    assert seen == [[True] * 4]
    assert not any(_patched())


def test_cached_answers_equal_libcsts_on_every_fixture(verify: None) -> None:
    """VERIFY recomputes every cached answer the original way and asserts equality; every
    visitor and metadata provider a migration builds goes through it many times here."""
    rewritten = 0
    for case in cases():
        result = migrate_bytes(case.source.read_bytes(), path=case.source.name, **case.options())  # type: ignore[arg-type]
        rewritten += result.changed
    assert rewritten > 100


class UserVisitor(m.MatcherDecoratableTransformer):
    """A visitor from outside LibCST and kerasmigrate: never cached."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag = tag

    @m.leave(m.Name("a"))
    def rename(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value=self.tag)


def test_other_visitors_take_libcsts_own_path() -> None:
    assert not _matcher_cache._trusted(UserVisitor)
    first = cst.parse_module("a + b\n").visit(UserVisitor("x"))
    second = cst.parse_module("a + b\n").visit(UserVisitor("y"))
    assert (first.code, second.code) == ("x + b\n", "y + b\n")
