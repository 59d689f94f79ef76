"""What exists in the pinned TensorFlow/Keras, read from the shipped snapshot, never imported.

``data/api_snapshot.txt.gz`` is written by ``python -m kerasmigrate.snapshot`` (the format is
described there) and read once per process, the first time a file has a ``keras.*`` or
``tensorflow.*`` reference to check (:func:`snapshot`). A module's lines are split into
entries only when a name in that module is looked up.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "api_snapshot.txt.gz"
ROOTS = ("keras", "tensorflow")


class Status(Enum):
    EXISTS = "exists"
    MISSING = "missing"
    UNCHECKED = "unchecked"  # private, or an attribute of a class/function/value


@dataclass(frozen=True)
class Found:
    """The answer for one qualified name."""

    status: Status
    #: EXISTS: ``m``/``c``/``f``/``o``; MISSING: the shortest prefix of the name that is missing
    kind: str = ""
    missing: str = ""
    #: EXISTS, a callable: its parameters (``snapshot.py``'s encoding), "?" when not known
    signature: str = ""
    #: a layer class taking ``**kwargs``: the keywords ``**kwargs`` accepts
    layer_kwargs: str = ""
    #: EXISTS: the module path it was found in (aliases followed)
    path: str = ""


_UNCHECKED = Found(Status.UNCHECKED)


class Snapshot:
    def __init__(self, text: str) -> None:
        self.version = ""
        self._private: list[str] = []
        self._private_component: set[str] = set()
        self._raw: dict[str, list[str]] = {}
        self._modules: dict[str, dict[str, tuple[str, ...]]] = {}
        self._index: dict[str, list[str]] | None = None
        current: list[str] | None = None
        for line in text.splitlines():
            if line.startswith("M "):
                current = self._raw.setdefault(line[2:], [])
            elif line.startswith("U "):
                pattern = line[2:]
                if pattern.startswith("*."):
                    self._private_component.add(pattern[2:])
                else:
                    self._private.append(pattern)
            elif line.startswith("# "):
                self.version = line[2:]
            elif current is not None and line:
                current.append(line)

    def _module(self, path: str) -> dict[str, tuple[str, ...]] | None:
        entries = self._modules.get(path)
        if entries is None:
            raw = self._raw.get(path)
            if raw is None:
                return None
            entries = {}
            for line in raw:
                name, _, rest = line.partition("\t")
                entries[name] = tuple(rest.split("\t"))
            self._modules[path] = entries
        return entries

    def private(self, qualified: str) -> bool:
        parts = qualified.split(".")
        return any(p.startswith("_") or p in self._private_component for p in parts) or any(
            qualified == p or qualified.startswith(p + ".") for p in self._private
        )

    def lookup(self, qualified: str) -> Found:
        """Does ``keras.layers.Conv2D`` (any spelling of a public path) exist today?"""
        parts = qualified.split(".")
        if parts[0] not in ROOTS or self.private(qualified):
            return _UNCHECKED
        module = parts[0]
        for i, part in enumerate(parts[1:], start=1):
            entries = self._module(module)
            if entries is None:
                return _UNCHECKED
            entry = entries.get(part)
            if entry is None:
                return Found(Status.MISSING, missing=".".join(parts[: i + 1]), path=module)
            kind = entry[0]
            if kind == "=":
                module = entry[1]
            elif kind == "m":
                module = f"{module}.{part}"
            elif i == len(parts) - 1:
                return Found(
                    Status.EXISTS,
                    kind,
                    signature=entry[1] if len(entry) > 1 else "",
                    layer_kwargs=entry[2] if len(entry) > 2 else "",
                    path=module,
                )
            else:
                return _UNCHECKED  # an attribute of a class or value: not in the snapshot
        return Found(Status.EXISTS, "m", path=module)

    def homes(self, name: str, root: str) -> list[str]:
        """Where a public name of this last name exists under ``root`` (shortest path first)."""
        if self._index is None:
            index: dict[str, list[str]] = {}
            for module, raw in self._raw.items():
                for line in raw:
                    key = line.partition("\t")[0]
                    index.setdefault(key, []).append(f"{module}.{key}")
            self._index = index
        found = [p for p in self._index.get(name, []) if p.split(".")[0] == root and "compat" not in p]
        return sorted(found, key=lambda p: (p.count("."), p))


def parameters(signature: str) -> list[tuple[str, str]] | None:
    """``a,b=,*args,*,c=,**kw`` -> [(name, kind)], kind one of ``pos``/``any``/``kw``/``*``/``**``;
    None when the signature is not known."""
    if signature == "?":
        return None
    out: list[tuple[str, str]] = []
    keyword_only = False
    for token in signature.split(",") if signature else []:
        if token == "/":
            out = [(n, "pos" if k == "any" else k) for n, k in out]
        elif token == "*":
            keyword_only = True
        elif token.startswith("**"):
            out.append((token[2:], "**"))
        elif token.startswith("*"):
            out.append((token[1:], "*"))
            keyword_only = True
        else:
            out.append((token.rstrip("="), "kw" if keyword_only else "any"))
    return out


def accepted_keywords(found: Found) -> frozenset[str] | None:
    """The keywords a call of this callable may pass, None when any may be (``**kwargs`` not
    known to be a layer's, or an unknown signature)."""
    params = parameters(found.signature)
    if params is None:
        return None
    names = {n for n, k in params if k in ("any", "kw")}
    if any(k == "**" for _, k in params):
        if not found.layer_kwargs:
            return None
        names |= set(found.layer_kwargs.split(","))
    return frozenset(names)


@cache
def snapshot() -> Snapshot:
    """The shipped snapshot, read on first use."""
    return Snapshot(gzip.decompress(PATH.read_bytes()).decode("utf-8"))
