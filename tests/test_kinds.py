"""``kinds.Kind`` (``isinstance`` answered once per class) must be ``isinstance`` itself:
for every ``Kind`` the package uses, on every node of every fixture input and of the dense
benchmark files, on every value of those nodes' fields (``None``, strings, sequences,
sentinels), and on every node class LibCST defines."""

from __future__ import annotations

import dataclasses
import random
import sys

import libcst as cst
import pytest

from kerasmigrate import collector, resolve
from kerasmigrate.analyses import functional
from kerasmigrate.kinds import Kind
from tests.fixture_cases import ROOT, parseable_cases

sys.path.insert(0, str(ROOT / "benchmarks"))
from dense import dense_file  # noqa: E402

KINDS = [v for m in (collector, resolve, functional) for v in vars(m).values() if isinstance(v, Kind)]


def _sources() -> list[object]:
    out: list[object] = [pytest.param(c.source.read_bytes(), id=c.id) for c in parseable_cases()]
    out += [pytest.param(dense_file(i, 300, random.Random(i)).encode(), id=f"dense{i}") for i in range(2)]
    return out


def _values(module: cst.Module) -> list[object]:
    """Every node of the module and every value of their fields."""
    out: list[object] = []
    pending: list[object] = [module]
    while pending:
        value = pending.pop()
        out.append(value)
        if isinstance(value, cst.CSTNode):
            pending.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        elif isinstance(value, tuple | list):
            pending.extend(value)
    return out


def test_the_package_uses_kinds() -> None:
    assert len(KINDS) >= 8


@pytest.mark.parametrize("source", _sources())
def test_kind_is_isinstance(source: bytes) -> None:
    values = _values(cst.parse_module(source))
    for kind in KINDS:
        for value in values:
            assert kind[type(value)] == isinstance(value, kind.classes), (kind.classes, type(value))


def _node_classes() -> set[type]:
    found: set[type] = set()
    pending: list[type] = [cst.CSTNode]
    while pending:
        cls = pending.pop()
        if cls not in found:
            found.add(cls)
            pending.extend(cls.__subclasses__())
    return found


def test_every_libcst_class() -> None:
    classes = _node_classes()
    assert len(classes) > 150
    for kind in KINDS:
        fresh = Kind(*kind.classes)
        for cls in classes:
            assert fresh[cls] == any(c in cls.__mro__ for c in kind.classes), (kind.classes, cls)
