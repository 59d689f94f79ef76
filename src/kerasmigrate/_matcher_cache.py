"""Remember, per class, what LibCST's visitors find by introspection.

Every ``MatcherDecoratableTransformer``/``Visitor`` (so every codemod, and the import
visitors ``AddImportsVisitor``/``RemoveImportsVisitor`` and the gatherers they construct)
walks ``dir(self)`` with ``getattr`` three times when it is constructed, to find methods
decorated with ``@m.visit``/``@m.leave``/``@m.call_if_inside``. The answer depends only on
the class, but LibCST recomputes it for every instance: about a fifth of kerasmigrate's time
on a typical legacy file (several such visitors are built per file). Likewise every batched
metadata provider runs ``inspect.getmembers(self)`` in ``get_visitors`` for each traversal.

:func:`install` wraps the three gatherers and ``get_visitors`` so that for LibCST's own classes and
kerasmigrate's (whose methods come from the class, never from the instance) the result is
computed once per class and re-bound to each new instance. Any other class (a user's
visitor in the same process) goes to LibCST's original code unchanged. The results are the
same dictionaries LibCST would build; ``tests/test_matcher_cache.py`` checks that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from libcst import _batched_visitor
from libcst.matchers import _visitors

_TRUSTED_PREFIXES = ("libcst.", "kerasmigrate.")
#: Tests set this: every cached answer is then also computed the original way and compared.
VERIFY = False
_FUNCS = ("_gather_constructed_visit_funcs", "_gather_constructed_leave_funcs")


def _trusted(cls: type) -> bool:
    return cls.__module__.startswith(_TRUSTED_PREFIXES)


def _cached_funcs(original: Callable[[object], dict[Any, Any]]) -> Callable[[object], dict[Any, Any]]:
    """Matcher -> bound methods: cache the underlying functions, bind them to each instance."""
    cache: dict[type, list[tuple[Any, tuple[Any, ...]]]] = {}

    def gather(obj: object) -> dict[Any, Any]:
        cls = type(obj)
        if not _trusted(cls):
            return original(obj)
        entry = cache.get(cls)
        if entry is None:
            found = original(obj)
            entry = [
                (matcher, tuple(method.__func__ for method in methods)) for matcher, methods in found.items()
            ]
            cache[cls] = entry
        result = {matcher: tuple(func.__get__(obj, cls) for func in funcs) for matcher, funcs in entry}
        if VERIFY:
            assert result == original(obj), cls
        return result

    gather.__wrapped__ = original  # type: ignore[attr-defined]
    return gather


def _cached_matchers(original: Callable[[object], dict[Any, Any]]) -> Callable[[object], dict[Any, Any]]:
    """The gating matchers (class-level objects, all mapped to None at construction)."""
    cache: dict[type, tuple[Any, ...]] = {}

    def gather(obj: object) -> dict[Any, Any]:
        cls = type(obj)
        if not _trusted(cls):
            return original(obj)
        keys = cache.get(cls)
        if keys is None:
            keys = tuple(original(obj))
            cache[cls] = keys
        result = dict.fromkeys(keys)
        if VERIFY:
            assert result == original(obj), cls
        return result

    gather.__wrapped__ = original  # type: ignore[attr-defined]
    return gather


def _cached_get_visitors(original: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """``BatchableCSTVisitor.get_visitors``: name -> bound visit/leave method."""
    cache: dict[type, list[tuple[str, Any]]] = {}

    def get_visitors(self: Any) -> dict[str, Any]:
        cls = type(self)
        if not _trusted(cls):
            return original(self)
        entry = cache.get(cls)
        if entry is None:
            entry = [(name, method.__func__) for name, method in original(self).items()]
            cache[cls] = entry
        result = {name: func.__get__(self, cls) for name, func in entry}
        if VERIFY:
            assert result == original(self), cls
        return result

    get_visitors.__wrapped__ = original  # type: ignore[attr-defined]
    return get_visitors


def install() -> None:
    """Idempotent; a no-op if LibCST's internals are not what this was written against."""
    if not all(callable(getattr(_visitors, name, None)) for name in (*_FUNCS, "_gather_matchers")):
        return
    for name in _FUNCS:
        current = getattr(_visitors, name)
        if not hasattr(current, "__wrapped__"):
            setattr(_visitors, name, _cached_funcs(current))
    current = _visitors._gather_matchers
    if not hasattr(current, "__wrapped__"):
        _visitors._gather_matchers = _cached_matchers(current)
    batchable = getattr(_batched_visitor, "BatchableCSTVisitor", None)
    current = getattr(batchable, "get_visitors", None)
    if callable(current) and not hasattr(current, "__wrapped__"):
        batchable.get_visitors = _cached_get_visitors(current)  # type: ignore[union-attr]
