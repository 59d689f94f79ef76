"""A read-only walk for LibCST visitors: the same calls in the same order, no copies.

``CSTNode.visit`` rebuilds every node it descends into, for a read-only ``CSTVisitor``
too: ``_visit_and_replace_children`` visits the children and constructs (and validates) a
new node from them, which ``visit`` then drops, since a visitor cannot change the tree. On
the dense benchmark files that copy is most of the cost of a walk that does nothing else,
and kerasmigrate walks every file three times with visitors (the expression contexts and
the scopes LibCST computes, and the collector).

A visitor that walks read-only descends itself: its ``on_visit`` calls the visitor's own
``on_visit`` and, when that says to descend, walks the node's subtree as ``visit`` would for
a visitor (``on_visit``, the children, ``on_leave``, for every node) and returns False, so
LibCST builds nothing. A hook that visits a subtree itself (``node.body.visit(self)``, as
LibCST's scope visitor does) enters that walk again through ``on_visit``. Where the
visitor class keeps ``CSTVisitor``'s name-based dispatch, the ``visit_<Node>`` /
``leave_<Node>`` lookups are made once per visitor and node class. The children are taken in the order ``_visit_and_replace_children``
visits them: that order is recorded once per node class, by running that method once with
a visitor that records the attribute names it is told about and descends nowhere.
``visit_<Node>_<attribute>`` / ``leave_<Node>_<attribute>`` hooks are called where LibCST
calls ``on_visit_attribute`` / ``on_leave_attribute``, for every attribute, present or not.

Node classes whose ``_visit_and_replace_children`` visits an attribute only sometimes
(:data:`CONDITIONAL`, checked against the installed LibCST by ``tests/test_traversal.py``)
are left to LibCST: such a node is rebuilt as before and its children still walk read-only.
The test also records every call a visitor receives, both ways, on every fixture input and
the dense benchmark files, and compares the two sequences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import libcst as cst

#: node classes whose ``_visit_and_replace_children`` skips an attribute in some instances
CONDITIONAL = frozenset({"FormattedStringExpression", "TemplatedStringExpression"})

_Hook = Callable[[Any, cst.CSTNode], Any]
#: one node class's walk for one visitor class: the visitor's ``on_visit`` and ``on_leave``
#: for it, and its attributes in LibCST's order, each with its attribute hooks (or None)
_Step = tuple[_Hook, _Hook, tuple[tuple[str, _Hook | None, _Hook | None], ...] | None]
_V = TypeVar("_V", bound=cst.CSTVisitor)
_SEQUENCES = (tuple, list)
_ORDER: dict[type[cst.CSTNode], tuple[str, ...] | None] = {}


class _Recorder(cst.CSTVisitor):
    """Told every attribute ``_visit_and_replace_children`` visits; descends into none."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.attributes.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass


def attribute_order(node: cst.CSTNode) -> tuple[str, ...] | None:
    """The attributes LibCST visits for ``node``'s class, in order (None: left to LibCST)."""
    cls = type(node)
    if cls not in _ORDER:
        order: tuple[str, ...] | None = None
        if cls.__name__ not in CONDITIONAL and cls.__module__.startswith("libcst."):
            recorder = _Recorder()
            node._visit_and_replace_children(recorder)
            order = tuple(dict.fromkeys(recorder.attributes))
        _ORDER[cls] = order
    return _ORDER[cls]


def _hook(visitor_cls: type[cst.CSTVisitor], name: str) -> _Hook | None:
    """The visitor class's method ``name``; None for none, or for one of LibCST's typed
    stubs (marked ``_is_no_op``: they do nothing, so not calling them is the same)."""
    found: _Hook | None = getattr(visitor_cls, name, None)
    return None if found is None or getattr(found, "_is_no_op", False) else found


def _descend(_visitor: Any, _node: cst.CSTNode) -> bool:
    return True


def _nothing(_visitor: Any, _node: cst.CSTNode) -> None:
    return None


def _named_visit(visitor_cls: type[cst.CSTVisitor], name: str) -> _Hook:
    """``CSTVisitor.on_visit`` for one node class, its lookup made once."""
    found = _hook(visitor_cls, name)
    if found is None:
        return _descend

    def enter(visitor: Any, node: cst.CSTNode) -> bool:
        return found(visitor, node) is not False

    return enter


def _named_leave(visitor_cls: type[cst.CSTVisitor], name: str) -> _Hook:
    """``CSTVisitor.on_leave`` for one node class, its lookup made once."""
    return _hook(visitor_cls, name) or _nothing


def _visit_attribute(attribute: str) -> _Hook:
    def enter(visitor: Any, node: cst.CSTNode) -> None:
        visitor.on_visit_attribute(node, attribute)

    return enter


def _leave_attribute(attribute: str) -> _Hook:
    def leave(visitor: Any, node: cst.CSTNode) -> None:
        visitor.on_leave_attribute(node, attribute)

    return leave


class _Plan:
    """How one visitor class walks: its steps per node class, made on first sight."""

    def __init__(self, visitor_cls: type[cst.CSTVisitor]) -> None:
        self.cls = visitor_cls
        self.steps: dict[type[cst.CSTNode], _Step] = {}
        base = _next_on_visit(visitor_cls)
        self.named_visit = base is cst.CSTVisitor.on_visit
        self.base_on_visit = base
        self.named_leave = visitor_cls.on_leave is cst.CSTVisitor.on_leave
        self.named_attributes = (
            visitor_cls.on_visit_attribute is cst.CSTVisitor.on_visit_attribute
            and visitor_cls.on_leave_attribute is cst.CSTVisitor.on_leave_attribute
        )

    def step(self, node: cst.CSTNode) -> _Step:
        kind = type(node)
        name = kind.__name__
        cls = self.cls
        enter = _named_visit(cls, f"visit_{name}") if self.named_visit else self.base_on_visit
        leave = _named_leave(cls, f"leave_{name}") if self.named_leave else cls.on_leave
        order = attribute_order(node)
        attributes = None
        if order is not None:
            if self.named_attributes:
                attributes = tuple(
                    (a, _hook(cls, f"visit_{name}_{a}"), _hook(cls, f"leave_{name}_{a}")) for a in order
                )
            else:
                attributes = tuple((a, _visit_attribute(a), _leave_attribute(a)) for a in order)
        made = self.steps[kind] = (enter, leave, attributes)
        return made


def _next_on_visit(visitor_cls: type[cst.CSTVisitor]) -> _Hook:
    """The ``on_visit`` :class:`ReadOnly` stands in front of (the visitor's own)."""
    mro = visitor_cls.__mro__
    for owner in mro[mro.index(ReadOnly) + 1 :] if ReadOnly in mro else mro:
        if "on_visit" in owner.__dict__:
            found: _Hook = owner.__dict__["on_visit"]
            return found
    return cst.CSTVisitor.on_visit


_PLANS: dict[type[cst.CSTVisitor], _Plan] = {}


def _plan(visitor: cst.CSTVisitor) -> _Plan:
    cls = type(visitor)
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(cls)
    return plan


def walk_children(visitor: cst.CSTVisitor, node: cst.CSTNode) -> bool:
    """Walk ``node``'s children (and all below) as LibCST's ``visit`` would, building nothing.

    False when ``node``'s class is one LibCST must walk itself (:data:`CONDITIONAL`)."""
    plan = _plan(visitor)
    return _walk(visitor, node, plan, plan.steps.get(type(node)) or plan.step(node))


def _walk(visitor: cst.CSTVisitor, node: cst.CSTNode, plan: _Plan, step: _Step) -> bool:
    attributes = step[2]
    if attributes is None:
        return False
    _children(visitor, node, attributes, plan, plan.steps)
    return True


def _children(
    visitor: cst.CSTVisitor,
    node: cst.CSTNode,
    attributes: tuple[tuple[str, _Hook | None, _Hook | None], ...],
    plan: _Plan,
    steps: dict[type[cst.CSTNode], _Step],
) -> None:
    for attribute, enter_attribute, leave_attribute in attributes:
        if enter_attribute is not None:
            enter_attribute(visitor, node)
        value = getattr(node, attribute)
        if value.__class__ in _SEQUENCES:
            for child in value:
                _one(visitor, child, plan, steps)
        elif value is not None and value is not cst.MaybeSentinel.DEFAULT:
            _one(visitor, value, plan, steps)
        if leave_attribute is not None:
            leave_attribute(visitor, node)


def _one(
    visitor: cst.CSTVisitor, node: cst.CSTNode, plan: _Plan, steps: dict[type[cst.CSTNode], _Step]
) -> None:
    """``node.visit(visitor)`` for a visitor, without the copy."""
    step = steps.get(type(node)) or plan.step(node)
    enter, leave, attributes = step
    if enter(visitor, node):
        if attributes is None:
            node._visit_and_replace_children(visitor)  # the copy is dropped, as visit does
        else:
            _children(visitor, node, attributes, plan, steps)
    leave(visitor, node)


class ReadOnly(cst.CSTVisitor):
    """Mix in before a ``CSTVisitor`` class to make its walks read-only (module docstring)."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        plan = _plan(self)
        step = plan.steps.get(type(node)) or plan.step(node)
        return bool(step[0](self, node)) and not _walk(self, node, plan, step)


_READ_ONLY: dict[type, type] = {}


def read_only(cls: type[_V]) -> type[_V]:
    """``cls`` with :class:`ReadOnly` mixed in (one class per visitor class)."""
    made = _READ_ONLY.get(cls)
    if made is None:
        made = _READ_ONLY[cls] = type(f"ReadOnly{cls.__name__}", (ReadOnly, cls), {"__module__": __name__})
    return made


def visit_module(provider: Any, module: cst.Module) -> None:
    """``provider.visit_Module(module)``, with the walk read-only for the two providers
    whose ``visit_Module`` is only a walk of the module with a visitor of their own: LibCST's
    ``ScopeProvider`` (``ScopeVisitor``, then ``infer_accesses``) and
    ``ExpressionContextProvider`` (``ExpressionContextVisitor`` from the LOAD context). The
    bodies below are those methods' bodies with the visitor class swapped; their source is
    pinned in ``_matcher_cache.WRITTEN_AGAINST`` so a LibCST that changes them is noticed.
    Any other provider runs its own ``visit_Module``."""
    from libcst.metadata import ExpressionContextProvider, ScopeProvider
    from libcst.metadata.expression_context_provider import ExpressionContext, ExpressionContextVisitor
    from libcst.metadata.scope_provider import ScopeVisitor

    kind = type(provider)
    if kind is ScopeProvider:
        visitor = _scope_visitor(ScopeVisitor)(provider)
        module.visit(visitor)
        visitor.infer_accesses()
    elif kind is ExpressionContextProvider:
        module.visit(read_only(ExpressionContextVisitor)(provider, ExpressionContext.LOAD))
    else:
        provider.visit_Module(module)


_SCOPE_VISITORS: dict[type, type] = {}


def _scope_visitor(scope_visitor: type[_V]) -> type[_V]:
    """``read_only(ScopeVisitor)`` with its ``on_leave`` made per node class.

    LibCST's ``ScopeVisitor.on_leave`` (pinned in ``_matcher_cache.WRITTEN_AGAINST``) records
    the node's scope, counts it if it is an assignment-like node, and calls the node's
    ``leave_<Node>``. The count is an ``isinstance`` against a tuple of 18 node classes, each
    an ABC (its ``__instancecheck__`` runs in Python), and the hook a ``getattr`` by name:
    on every node: about 40 % of the scope pass on the dense files. Both depend only on the
    node's class, so here they are looked up once per class; the body is otherwise LibCST's.
    """
    made = _SCOPE_VISITORS.get(scope_visitor)
    if made is not None:
        return made
    from libcst.metadata.scope_provider import _ASSIGNMENT_LIKE_NODES

    base = read_only(scope_visitor)
    per_class: dict[type[cst.CSTNode], tuple[bool, _Hook]] = {}

    def on_leave(self: Any, original_node: cst.CSTNode) -> None:
        kind = type(original_node)
        known = per_class.get(kind)
        if known is None:
            counted = isinstance(original_node, _ASSIGNMENT_LIKE_NODES)
            known = per_class[kind] = (counted, _named_leave(type(self), f"leave_{kind.__name__}"))
        self.provider.set_metadata(original_node, self.scope)
        if known[0]:
            self.scope._assignment_count += 1
        known[1](self, original_node)

    made = _SCOPE_VISITORS[scope_visitor] = type(
        f"Counted{base.__name__}", (base,), {"__module__": __name__, "on_leave": on_leave}
    )
    return made
