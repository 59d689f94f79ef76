"""Remember, per class, what LibCST's visitors find by introspection.

Every ``MatcherDecoratableTransformer``/``Visitor`` (so every codemod, and the import
visitors ``AddImportsVisitor``/``RemoveImportsVisitor`` and the gatherers they construct)
walks ``dir(self)`` with ``getattr`` three times when it is constructed, to find methods
decorated with ``@m.visit``/``@m.leave``/``@m.call_if_inside``. The answer depends only on
the class, but LibCST recomputes it for every instance, and several such visitors are built
per file. Likewise every batched metadata provider runs ``inspect.getmembers(self)`` in
``get_visitors`` for each traversal. Together: about 60% of kerasmigrate's time on a
typical legacy file.

:func:`installed` wraps the three gatherers and ``get_visitors`` so that for LibCST's own
classes and kerasmigrate's (whose methods come from the class, never from the instance)
the result is computed once per class and re-bound to each new instance. Any other class
(a user's visitor in the same process) goes to LibCST's original code unchanged. The
results are the same dictionaries LibCST would build; ``tests/test_matcher_cache.py``
checks that.

Nothing is patched when kerasmigrate is imported: the wrappers are in place only while
kerasmigrate itself migrates a module (``KerasMigrateCommand.transform_module`` enters
:func:`installed`), and LibCST's own functions are put back afterwards, so every other
LibCST pipeline in the process runs LibCST's code. (:func:`install` keeps them in place for
good, for a caller that wants the speed-up for its own LibCST work too: opt-in.)

Resolving ``ScopeProvider`` (and ``ExpressionContextProvider``, which it depends on) runs
each provider's ``visit_Module``, which walks the whole tree with a visitor of its own;
LibCST then walks the whole tree a second time, as a batched traversal calling visitor
methods that do not exist (a provider whose only method is ``visit_Module`` has nothing
to do below the module). Four whole-tree walks where two do the work: about 40% of
resolving scopes on a dense file. :func:`installed` also wraps ``_gen_batchable`` so that
a batch of such providers (trusted classes whose visitor methods are exactly
``visit_Module``) gets its ``visit_Module`` calls, with the dependencies resolved as
LibCST would, and no empty walk; any other batch goes to LibCST's code.

These are private LibCST internals. :data:`WRITTEN_AGAINST` records the signature and a
hash of the source of each one as it was when this module was written;
``tests/test_libcst_internals.py`` fails when an upgraded LibCST changes any of them, so
the cache is re-checked rather than silently wrong. At run time a missing internal only
turns the cache off.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from types import MappingProxyType
from typing import Any

from libcst import _batched_visitor
from libcst.matchers import _visitors
from libcst.metadata import wrapper as _wrapper

from .traversal import visit_module

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


#: (owner, attribute) -> (signature, sha256 of the source, first 16 hex digits) of each
#: LibCST internal this module (and ``engine.KerasMigrateCommand``) overrides, in LibCST 1.9.
WRITTEN_AGAINST: dict[tuple[str, str], tuple[str, str]] = {
    ("libcst.matchers._visitors", "_gather_constructed_visit_funcs"): ("(obj: object)", "ad3e82129254345a"),
    ("libcst.matchers._visitors", "_gather_constructed_leave_funcs"): ("(obj: object)", "76ab36b58f1e84e7"),
    ("libcst.matchers._visitors", "_gather_matchers"): ("(obj: object)", "71d18b2dd0161eae"),
    ("libcst._batched_visitor.BatchableCSTVisitor", "get_visitors"): ("(self)", "734b7c18f994c60c"),
    ("libcst.codemod.Codemod", "_handle_metadata_reference"): ("(self, module: Module)", "47b2294017a8e978"),
    ("libcst.metadata.ScopeProvider", "visit_Module"): ("(self, node: Module)", "c2dcb41a50471f97"),
    ("libcst.metadata.scope_provider.ScopeVisitor", "on_leave"): (
        "(self, original_node: libcst._nodes.base.CSTNode)",
        "4d9f25678ed7c58c",
    ),
    ("libcst.metadata.ExpressionContextProvider", "visit_Module"): (
        "(self, node: Module)",
        "0c9379866442b809",
    ),
    ("libcst.metadata.wrapper", "_gen_batchable"): (
        "(wrapper: 'MetadataWrapper', providers: Iterable[libcst.metadata.base_provider.BatchableMetadataProvider[Any]])",
        "0165a8c75f8f711c",
    ),
}


def _owners() -> dict[str, Any]:
    from libcst.codemod import Codemod
    from libcst.metadata import ExpressionContextProvider, ScopeProvider
    from libcst.metadata.scope_provider import ScopeVisitor

    return {
        "libcst.matchers._visitors": _visitors,
        "libcst._batched_visitor.BatchableCSTVisitor": getattr(_batched_visitor, "BatchableCSTVisitor", None),
        "libcst.codemod.Codemod": Codemod,
        "libcst.metadata.wrapper": _wrapper,
        "libcst.metadata.ScopeProvider": ScopeProvider,
        "libcst.metadata.ExpressionContextProvider": ExpressionContextProvider,
        "libcst.metadata.scope_provider.ScopeVisitor": ScopeVisitor,
    }


def changed_internals() -> list[str]:
    """How the installed LibCST differs from :data:`WRITTEN_AGAINST` (empty: not at all)."""
    owners = _owners()
    problems = []
    for (owner, name), (signature, digest) in WRITTEN_AGAINST.items():
        func = getattr(owners[owner], name, None)
        func = getattr(func, "__wrapped__", func)
        if not callable(func):
            problems.append(f"{owner}.{name} is gone")
            continue
        params = inspect.signature(func).parameters.values()
        shown = "(" + ", ".join(str(p).replace("libcst._nodes.module.", "") for p in params) + ")"
        try:
            source = hashlib.sha256(inspect.getsource(func).encode()).hexdigest()[:16]
        except (OSError, TypeError):
            source = "unavailable"
        if shown != signature:
            problems.append(f"{owner}.{name}{shown}: was {signature}")
        elif source != digest:
            problems.append(f"{owner}.{name}: its source changed (sha256 {source}, was {digest})")
    return problems


#: (owner, name, our wrapper): built once, so the per-class caches outlive each run
_WRAPPERS: list[tuple[Any, str, Callable[..., Any]]] = []
_depth = 0


def _prepare() -> bool:
    """Build the wrappers once; False if LibCST's internals are not what this was written against."""
    if _WRAPPERS:
        return True
    if not all(callable(getattr(_visitors, name, None)) for name in (*_FUNCS, "_gather_matchers")):
        return False
    specs: list[tuple[Any, str, Callable[..., Any], Callable[..., Any]]] = [
        (_visitors, name, _freeze_funcs, _thaw_funcs) for name in _FUNCS
    ]
    specs.append((_visitors, "_gather_matchers", _freeze_matchers, _thaw_matchers))
    batchable = getattr(_batched_visitor, "BatchableCSTVisitor", None)
    if callable(getattr(batchable, "get_visitors", None)):
        specs.append((batchable, "get_visitors", _freeze_visitors, _thaw_visitors))
    for owner, name, freeze, thaw in specs:
        current = getattr(owner, name)
        original = getattr(current, "__wrapped__", current)
        _WRAPPERS.append((owner, name, _per_class(original, freeze, thaw)))
    gen = getattr(_wrapper, "_gen_batchable", None)
    if callable(gen):
        _WRAPPERS.append((_wrapper, "_gen_batchable", _batch_without_walk(getattr(gen, "__wrapped__", gen))))
    return True


def _module_only(provider: Any) -> bool:
    """Does a batched walk with this provider do anything below the module? (No, when its
    only visitor method is ``visit_Module``.)"""
    return _trusted(type(provider)) and set(provider.get_visitors()) == {"visit_Module"}


def _batch_without_walk(original: Callable[..., Any]) -> Callable[..., Any]:
    def gen_batchable(wrapper: Any, providers: Any) -> Any:
        providers = list(providers)
        if not providers or not all(_module_only(p) for p in providers):
            return original(wrapper, providers)
        module = wrapper.module
        # what MetadataWrapper.visit_batched + visit_batched do, minus the walk that finds
        # no method to call below the module
        with ExitStack() as stack:
            for provider in providers:
                stack.enter_context(provider.resolve(wrapper))
            for provider in providers:
                visit_module(provider, module)
        return {type(p): MappingProxyType(dict(p._computed)) for p in providers}

    gen_batchable.__wrapped__ = original  # type: ignore[attr-defined]
    return gen_batchable


def _swap(install: bool) -> None:
    for owner, name, wrapper in _WRAPPERS:
        current = getattr(owner, name)
        if install and current is not wrapper and not hasattr(current, "__wrapped__"):
            setattr(owner, name, wrapper)
        elif not install and current is wrapper:
            setattr(owner, name, wrapper.__wrapped__)


@contextmanager
def installed() -> Iterator[None]:
    """The cache, for the duration of the block (re-entrant); LibCST's own code after it."""
    global _depth
    if not _prepare():
        yield
        return
    if _depth == 0:
        _swap(True)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and not _permanent:
            _swap(False)


_permanent = False


def install() -> None:
    """Opt-in: keep the cache in place for every LibCST visitor in the process, for good."""
    global _permanent
    if _prepare():
        _permanent = True
        _swap(True)
