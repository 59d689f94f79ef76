"""``isinstance`` against LibCST's node classes, answered once per class.

LibCST's node classes are ABCs (``CSTNode`` is an ``abc.ABC``), so every ``isinstance``
check whose answer is not the exact class of the object goes through ABCMeta's
``__instancecheck__``: a Python-level call per check. On the hot paths of the analysis
(the collector's per-reference checks, walks of every statement) those were hundreds of
thousands of calls per dense file. :class:`Kind` is a dictionary from a class to the
answer, filled by ``issubclass`` on first sight of the class: looking it up is one C-level
subscript. The answer is ``isinstance``'s own for every object whose ``__class__`` is its
type (LibCST's nodes, and ``None``, strings, sequences), as nothing registers virtual
subclasses of LibCST's classes (``tests/test_kinds.py`` compares both on every node of
every fixture input).
"""

from __future__ import annotations


class Kind(dict[type, bool]):
    """``kind[type(x)]`` is ``isinstance(x, classes)``."""

    __slots__ = ("classes",)

    def __init__(self, *classes: type) -> None:
        super().__init__()
        self.classes = classes

    def __missing__(self, cls: type) -> bool:
        found = self[cls] = issubclass(cls, self.classes)
        return found
