"""The catalogue of legacy Keras APIs, keyed by qualified name, independent of any target.

One :class:`Entry` per legacy thing: its rule, canonical qualified name, legacy signature
(with ``*args``/``**kwargs``), the Keras version it comes from, its aliases, and how it is
recognised. What a target turns an entry into is the target's mapping table
(``kerasmigrate.tables``), looked up by the entry's rule ID. No LibCST here.

The engine's lookup path: a node's qualified names (LibCST scopes) -> :func:`modules.canonical`
-> :meth:`Catalogue.lookup` -> :class:`Entry` -> ``target.mapping(entry)``. Sources:
docs/legacy-apis.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import backend, keras1_modules, layers, layers_recurrent, training
from ._schema import Entry, KeywordChange, Kind, Param, Recognition, parse_signature
from .modules import canonical
from .values import DIM_ORDERING_KEYWORD_VALUES, ORDERING_VALUES


class Catalogue:
    """Entries by canonical qualified name (and every alias), and by rule."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._by_name: dict[str, Entry] = {}
        self._by_rule: dict[str, list[Entry]] = {}
        self._keyword_renames = 0
        self._renames = 0
        self._normalisations = 0
        self.add(*entries)

    def add(self, *entries: Entry) -> None:
        """Add entries (a rule's rows, a test's toy API); a name may be taken only once."""
        for entry in entries:
            for name in (entry.qualified, *entry.aliases):
                key = canonical(name)
                if key in self._by_name:
                    raise ValueError(f"{name} is already in the catalogue ({self._by_name[key].rule})")
                self._by_name[key] = entry
            self._by_rule.setdefault(entry.rule, []).append(entry)
            self._keyword_renames += bool(entry.keywords)
            self._renames += bool(entry.renamed)
            self._normalisations += entry.positional is not None

    def remove(self, *entries: Entry) -> None:
        for entry in entries:
            for name in (entry.qualified, *entry.aliases):
                self._by_name.pop(canonical(name), None)
            self._by_rule.get(entry.rule, []).remove(entry)
            self._keyword_renames -= bool(entry.keywords)
            self._renames -= bool(entry.renamed)
            self._normalisations -= entry.positional is not None

    def lookup(self, qualified: str) -> Entry | None:
        """The entry a qualified name (in any module spelling the catalogue knows) names."""
        return self._by_name.get(canonical(qualified))

    def of_rule(self, rule: str) -> tuple[Entry, ...]:
        return tuple(self._by_rule.get(rule, ()))

    def entry(self, rule: str, name: str = "") -> Entry:
        """The entry of ``rule`` (named ``name`` when the rule has several)."""
        entries = self._by_rule.get(rule, [])
        if not name and len(entries) == 1:
            return entries[0]
        for entry in entries:
            if entry.name == name or name in (a.rpartition(".")[2] for a in entry.aliases):
                return entry
        raise KeyError(f"no catalogue entry {name!r} for {rule}")

    @property
    def has_renames(self) -> bool:
        """Does any entry have a name/import rename (so imports and attributes are looked up)?"""
        return self._renames > 0

    @property
    def has_normalisations(self) -> bool:
        """Does any entry pass legacy positional arguments by keyword (so calls are looked up)?"""
        return self._normalisations > 0

    @property
    def has_keyword_renames(self) -> bool:
        """Does any entry rename a keyword (so every keyword call must be looked up)?"""
        return self._keyword_renames > 0

    def __iter__(self) -> Iterator[Entry]:
        return (e for entries in self._by_rule.values() for e in entries)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(self._by_rule)


CATALOGUE = Catalogue(
    (*backend.ENTRIES, *layers.ENTRIES, *training.ENTRIES, *layers_recurrent.ENTRIES, *keras1_modules.ENTRIES)
)

__all__ = [
    "CATALOGUE",
    "DIM_ORDERING_KEYWORD_VALUES",
    "ORDERING_VALUES",
    "Catalogue",
    "Entry",
    "KeywordChange",
    "Kind",
    "Param",
    "Recognition",
    "parse_signature",
]
