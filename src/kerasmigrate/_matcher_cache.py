"""Remember, per class, what LibCST's visitors find by introspection.

Every ``MatcherDecoratableTransformer``/``Visitor`` (so every codemod, and the import
visitors ``AddImportsVisitor``/``RemoveImportsVisitor`` and the gatherers they construct)
walks ``dir(self)`` with ``getattr`` three times when it is constructed, to find methods
decorated with ``@m.visit``/``@m.leave``/``@m.call_if_inside``. The answer depends only on
the class, but LibCST recomputes it for every instance, and several such visitors are built
per file. Likewise every batched metadata provider runs ``inspect.getmembers(self)`` in
``get_visitors`` for each traversal. Together: about 60% of kerasmigrate's time on a
typical legacy file.

:func:`install` wraps the three gatherers and ``get_visitors`` so that for LibCST's own
classes and kerasmigrate's (whose methods come from the class, never from the instance)
the result is computed once per class and re-bound to each new instance. Any other class
(a user's visitor in the same process) goes to LibCST's original code unchanged. The
results are the same dictionaries LibCST would build; ``tests/test_matcher_cache.py``
checks that.
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


def _per_class(
    original: Callable[[Any], dict[Any, Any]],
    freeze: Callable[[dict[Any, Any]], Any],
    thaw: Callable[[Any, Any, type], dict[Any, Any]],
) -> Callable[[Any], dict[Any, Any]]:
    """Wrap one introspecting function: for a trusted class, ``original``'s answer is kept
    once (``freeze`` drops the instance from it) and rebuilt for each instance (``thaw``)."""
    cache: dict[type, Any] = {}

    def cached(obj: Any) -> dict[Any, Any]:
        cls = type(obj)
        if not _trusted(cls):
            return original(obj)
        if cls not in cache:
            cache[cls] = freeze(original(obj))
        result = thaw(cache[cls], obj, cls)
        if VERIFY:
            assert result == original(obj), cls
        return result

    cached.__wrapped__ = original  # type: ignore[attr-defined]
    return cached


# matcher -> bound methods (@m.visit / @m.leave): keep the functions, bind them again
def _freeze_funcs(found: dict[Any, Any]) -> Any:
    return [(matcher, tuple(method.__func__ for method in methods)) for matcher, methods in found.items()]


def _thaw_funcs(entry: Any, obj: Any, cls: type) -> dict[Any, Any]:
    return {matcher: tuple(func.__get__(obj, cls) for func in funcs) for matcher, funcs in entry}


# gating matchers (class-level objects, all mapped to None at construction)
def _freeze_matchers(found: dict[Any, Any]) -> Any:
    return tuple(found)


def _thaw_matchers(entry: Any, obj: Any, cls: type) -> dict[Any, Any]:
    return dict.fromkeys(entry)


# ``BatchableCSTVisitor.get_visitors``: name -> bound visit/leave method
def _freeze_visitors(found: dict[Any, Any]) -> Any:
    return [(name, method.__func__) for name, method in found.items()]


def _thaw_visitors(entry: Any, obj: Any, cls: type) -> dict[Any, Any]:
    return {name: func.__get__(obj, cls) for name, func in entry}


def _wrap(owner: Any, name: str, freeze: Callable[[dict[Any, Any]], Any], thaw: Callable[..., Any]) -> None:
    current = getattr(owner, name)
    if not hasattr(current, "__wrapped__"):
        setattr(owner, name, _per_class(current, freeze, thaw))


def install() -> None:
    """Idempotent; a no-op if LibCST's internals are not what this was written against."""
    if not all(callable(getattr(_visitors, name, None)) for name in (*_FUNCS, "_gather_matchers")):
        return
    for name in _FUNCS:
        _wrap(_visitors, name, _freeze_funcs, _thaw_funcs)
    _wrap(_visitors, "_gather_matchers", _freeze_matchers, _thaw_matchers)
    batchable = getattr(_batched_visitor, "BatchableCSTVisitor", None)
    if callable(getattr(batchable, "get_visitors", None)):
        _wrap(batchable, "get_visitors", _freeze_visitors, _thaw_visitors)
