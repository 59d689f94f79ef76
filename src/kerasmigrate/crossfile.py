"""What the files of one batch run import from each other (issue 10 §2).

A per-file migration cannot see that ``b.py`` does ``from a import *`` and then calls
``K.image_dim_ordering()`` with the ``K`` that ``a.py`` imported: it would drop ``a``'s
now unused ``K`` import (``b`` then raises ``NameError``) and leave ``b``'s legacy call
alone. This pre-pass reads every Python file of the run with the standard library's
``ast`` (no LibCST: it runs in the parent before any worker starts) and gives each file a
:class:`FileContext`:

* ``exports``: its top-level names that other files of the run import (``from a import K``,
  ``from a import *``, ``import a``) or that its own ``__all__`` lists: their imports stay;
* ``bindings``: names it gets through star imports of run files (``K`` -> ``keras.backend``);
* ``aliases``: qualified names, spelled as LibCST spells them in this file (``a.K``,
  ``.pkg.a.K``), that are in fact a keras/tensorflow import of a run file.

Targets are tuples of qualified names; ``""`` stands for "bound to something that is not
an import of keras/tensorflow".
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .keras1 import Evidence

Target = tuple[str, ...]


@dataclass(frozen=True)
class FileContext:
    """What a file's migration must know about the other files of its run (picklable)."""

    exports: frozenset[str] = frozenset()
    bindings: dict[str, Target] = field(default_factory=dict)
    aliases: dict[str, Target] = field(default_factory=dict)
    #: what the whole file shows, when only some of its statements reach LibCST
    #: (segment.py): its Keras 1 evidence (keras1.py); ``keras1_read`` says it was read
    keras1: Evidence | None = None
    keras1_read: bool = False

    @property
    def resolves(self) -> bool:
        """Does this file reach keras names through other files (so it must be read whole,
        even if the word ``keras`` never appears in it)?"""
        return any(any(targets) for targets in self.bindings.values()) or bool(self.aliases)

    def with_exports(self, names: Iterable[str]) -> FileContext:
        return replace(self, exports=self.exports | frozenset(names))

    def with_keras1(self, evidence: Evidence | None) -> FileContext:
        return replace(self, keras1=evidence, keras1_read=True)


EMPTY = FileContext()


def _is_keras(qualified: str) -> bool:
    return "keras" in qualified or qualified.split(".")[0] == "tensorflow"


def declared_all(tree: ast.Module) -> frozenset[str] | None:
    """The names a module's top-level ``__all__`` lists (literal strings), None without one.

    ``__all__ = [...]``, ``__all__ += [...]`` and ``__all__.extend([...])`` are read;
    anything else that assigns ``__all__`` makes the answer every public name (``*``)."""
    names: set[str] = set()
    found = False
    for stmt in tree.body:
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets
        ):
            value = stmt.value
        elif isinstance(stmt, ast.AugAssign | ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            value = stmt.value if stmt.target.id == "__all__" else None
        elif (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Attribute)
            and isinstance(stmt.value.func.value, ast.Name)
            and stmt.value.func.value.id == "__all__"
            and stmt.value.args
        ):
            value = stmt.value.args[0]
        if value is None:
            continue
        found = True
        if isinstance(value, ast.List | ast.Tuple) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
        ):
            names.update(
                e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
        else:
            names.add("*")
    return frozenset(names) if found else None


# --- one file -----------------------------------------------------------------------------


@dataclass
class _Import:
    kind: str  # "from", "star", "module" or "submodule" (``from pkg import mod``)
    module: str  # as written, leading dots included
    level: int
    name: str = ""  # the imported name (from) or the dotted module (module)
    bound: str = ""  # the name it binds here


@dataclass
class _Module:
    raw: str  # the path as the run names it
    path: Path
    name: str  # dotted, from the package chain
    is_package: bool
    own: dict[str, set[str]] = field(default_factory=dict)  # top-level name -> targets
    imports: list[_Import] = field(default_factory=list)
    all_names: frozenset[str] | None = None

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements run at import time: the module's, and those nested in if/try/with/for."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for name in ("body", "orelse", "finalbody"):
            yield from _top_level(getattr(stmt, name, []))
        for handler in getattr(stmt, "handlers", []):
            yield from _top_level(handler.body)


def _stored(stmt: ast.stmt) -> Iterator[str]:
    targets: list[ast.AST] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, ast.AugAssign | ast.AnnAssign | ast.For | ast.AsyncFor):
        targets = [stmt.target]
    elif isinstance(stmt, ast.With | ast.AsyncWith):
        targets = [item.optional_vars for item in stmt.items if item.optional_vars is not None]
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                yield node.id


def _read(module: _Module, tree: ast.Module) -> None:
    own = module.own
    for stmt in _top_level(tree.body):
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.setdefault(stmt.name, set()).add("")
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                bound = alias.asname or alias.name.split(".")[0]
                target = alias.name if alias.asname else bound
                own.setdefault(bound, set()).add(target if _is_keras(alias.name) else "")
                module.imports.append(_Import("module", alias.name, 0, alias.name, bound))
        elif isinstance(stmt, ast.ImportFrom):
            written = "." * stmt.level + (stmt.module or "")
            for alias in stmt.names:
                if alias.name == "*":
                    module.imports.append(_Import("star", written, stmt.level))
                    continue
                bound = alias.asname or alias.name
                keras = stmt.level == 0 and _is_keras(stmt.module or "")
                own.setdefault(bound, set()).add(f"{stmt.module}.{alias.name}" if keras else "")
                module.imports.append(_Import("from", written, stmt.level, alias.name, bound))
                # ``from pkg import sub`` may import the module pkg/sub.py
                module.imports.append(_Import("submodule", written, stmt.level, alias.name, bound))
        else:
            for name in _stored(stmt):
                own.setdefault(name, set()).add("")
    module.all_names = declared_all(tree)


_PACKAGE_DIRS: dict[str, bool] = {}


def _is_package_dir(directory: str) -> bool:
    known = _PACKAGE_DIRS.get(directory)
    if known is None:
        known = _PACKAGE_DIRS[directory] = os.path.isfile(os.path.join(directory, "__init__.py"))
    return known


def _module_name(path: Path) -> tuple[str, bool]:
    """Dotted name from the chain of packages (``__init__.py``) the file sits in."""
    is_package = path.name == "__init__.py"
    parts = [] if is_package else [path.stem]
    directory = str(path.parent)
    while _is_package_dir(directory) and os.path.dirname(directory) != directory:
        parts.insert(0, os.path.basename(directory))
        directory = os.path.dirname(directory)
    return ".".join(parts), is_package


# A whole-file ``ast.parse`` costs about as much as the migration's own first step (7 ms for
# a 5 KB file on a busy machine: 7 s for 1000 files, before any worker starts). Only the
# import statements and ``__all__`` matter here, so they are cut out by a line scan and
# parsed alone; names defined at column 0 (``def``, ``class``, ``NAME =``) are read by a
# regular expression. An indented import (under ``if``/``try``, or in a function) is taken
# as a module-level one: that can only keep an import or resolve a name that would fail.
_STATEMENT = re.compile(r"^(?:[ \t]*(?:from|import)[ \t]|__all__\b)", re.M)
_DEFINED = re.compile(
    r"^(?:(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)|(\w+)[ \t]*(?::[^=\n]*)?=(?!=))", re.M
)
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")


def _logical_line(text: str, start: int) -> tuple[str, int]:
    """The statement that starts at ``start`` (brackets and backslashes followed; string
    literals are not, which at worst makes a snippet that does not parse and is skipped)."""
    depth = 0
    end = start
    for _ in range(200):
        newline = text.find("\n", end)
        line_end = len(text) if newline < 0 else newline
        line = text[end:line_end]
        depth += sum(c in _OPEN for c in line) - sum(c in _CLOSE for c in line)
        end = line_end + 1
        if newline < 0 or (depth <= 0 and not line.rstrip("\r").endswith("\\")):
            break
    return text[start:end], end


def _summary(text: str) -> tuple[ast.Module, set[str]]:
    """The module's import and ``__all__`` statements, in order, as a module of their own;
    and the other names it defines at column 0."""
    body: list[ast.stmt] = []
    position = 0
    while True:
        match = _STATEMENT.search(text, position)
        if match is None:
            break
        snippet, position = _logical_line(text, match.start())
        try:
            body.extend(ast.parse(snippet.lstrip(" \t")).body)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    defined = {next(g for g in m.groups() if g) for m in _DEFINED.finditer(text)}
    return ast.Module(body=body, type_ignores=[]), defined


# --- the run ------------------------------------------------------------------------------


class _Run:
    def __init__(self, modules: list[_Module]) -> None:
        self.modules = modules
        self.by_name: dict[str, list[_Module]] = {}
        self.by_path: dict[Path, _Module] = {}
        for m in modules:
            self.by_name.setdefault(m.name, []).append(m)
            self.by_path[m.path] = m

    def find(self, importer: _Module, imp: _Import, module: str | None = None) -> _Module | None:
        """The run file an import refers to: relative imports through the package chain;
        absolute ones first as a sibling (script directory, Python 2 implicit relative
        import), then by package name when exactly one file has it."""
        dotted = module if module is not None else imp.module.lstrip(".")
        if imp.level:
            base = importer.package.split(".") if importer.package else []
            if imp.level - 1 > len(base):
                return None
            base = base[: len(base) - (imp.level - 1)]
            return self._unique(".".join([*base, dotted] if dotted else base))
        sibling = importer.path.parent.joinpath(*dotted.split("."))
        for candidate in (sibling.with_suffix(".py"), sibling / "__init__.py"):
            if candidate in self.by_path:
                return self.by_path[candidate]
        return self._unique(dotted)

    def _unique(self, name: str) -> _Module | None:
        found = self.by_name.get(name, [])
        return found[0] if len(found) == 1 else None

    def provides(self) -> dict[Path, dict[str, set[str]]]:
        """Every top-level name of every run file and what it is, followed through
        ``from``/star imports of other run files to a fixpoint (cycles are fine)."""
        table = {m.path: {k: set(v) for k, v in m.own.items()} for m in self.modules}
        for _ in range(len(self.modules) + 1):
            grown = False
            for m in self.modules:
                mine = table[m.path]
                for imp in m.imports:
                    source = self.find(m, imp) if imp.kind in ("from", "star") else None
                    if source is None or source is m:
                        continue
                    theirs = table[source.path]
                    if imp.kind == "from":
                        names = {imp.bound: theirs.get(imp.name, set())}
                    else:
                        names = {n: theirs[n] for n in self.star_names(source, theirs)}
                    for name, targets in names.items():
                        known = mine.setdefault(name, set())
                        if imp.kind == "from":
                            known.discard("")  # it was recorded as "not keras" by _read
                        if not targets <= known:
                            known |= targets
                            grown = True
            if not grown:
                break
        return table

    @staticmethod
    def star_names(module: _Module, names: dict[str, set[str]]) -> set[str]:
        declared = module.all_names
        if declared is not None and "*" not in declared:
            return set(declared)
        return {n for n in names if not n.startswith("_")}


def analyse(
    paths: Iterable[str | os.PathLike[str]], read: Callable[[Path], bytes] = Path.read_bytes
) -> dict[str, FileContext]:
    """The context of every file of the run that has one (the others need none).

    ``paths`` are the Python files of the run; files that cannot be read or parsed are
    left out (their own migration reports why). ``read`` reads one file: the batch runner
    passes its bounded reader, which refuses FIFOs and devices (OSError)."""
    modules: list[_Module] = []
    for raw in paths:
        path = Path(os.path.abspath(raw))
        try:
            data = read(path)
        except OSError:
            continue
        if b"import" not in data and b"__all__" not in data:
            continue
        tree, defined = _summary(data.decode("utf-8", "replace"))
        name, is_package = _module_name(path)
        module = _Module(str(raw), path, name, is_package)
        for other in defined:
            module.own.setdefault(other, set()).add("")
        _read(module, tree)
        modules.append(module)
    run = _Run(modules)
    table = run.provides()
    exports: dict[Path, set[str]] = {m.path: set() for m in modules}
    bindings: dict[Path, dict[str, set[str]]] = {m.path: {} for m in modules}
    aliases: dict[Path, dict[str, set[str]]] = {m.path: {} for m in modules}
    for m in modules:
        for imp in m.imports:
            if imp.kind == "module":
                # ``import a`` / ``import pkg.a``: each package on the way is imported too
                parts = imp.name.split(".")
                for i in range(1, len(parts) + 1):
                    source = run.find(m, imp, ".".join(parts[:i]))
                    if source is None or source is m:
                        continue
                    theirs = table[source.path]
                    exports[source.path] |= set(theirs)  # any attribute may be used: keep all
                    written = ".".join(parts[:i])
                    for name, targets in theirs.items():
                        if any(targets):
                            aliases[m.path][f"{written}.{name}"] = targets
                continue
            if imp.kind == "submodule":
                source = run.find(m, imp, ".".join(filter(None, (imp.module.lstrip("."), imp.name))))
                if source is None or source is m:
                    continue
                theirs = table[source.path]
                exports[source.path] |= set(theirs)
                written = imp.module + ("" if imp.module.endswith(".") else ".") + imp.name
                for name, targets in theirs.items():
                    if any(targets):
                        aliases[m.path][f"{written}.{name}"] = targets
                continue
            source = run.find(m, imp)
            if source is None or source is m:
                continue
            theirs = table[source.path]
            if imp.kind == "from":
                exports[source.path].add(imp.name)
                targets = theirs.get(imp.name, set())
                if any(targets):
                    aliases[m.path][f"{imp.module}.{imp.name}"] = targets
            else:
                names = run.star_names(source, theirs)
                exports[source.path] |= names
                for name in names:
                    bindings[m.path].setdefault(name, set()).update(theirs[name])
    out: dict[str, FileContext] = {}
    for m in modules:
        # only a name this file binds by a keras/tensorflow import has an import to keep
        kept = (exports[m.path] | (m.all_names or frozenset())) & {n for n, t in m.own.items() if any(t)}
        context = FileContext(
            frozenset(kept),
            {
                name: tuple(sorted(targets))
                for name, targets in bindings[m.path].items()
                # keras names, and what ``tf`` is (a rewrite may rely on it)
                if any(targets) or name in ("tf", "tensorflow")
            },
            {k: tuple(sorted(v)) for k, v in aliases[m.path].items()},
        )
        if context.exports or context.bindings or context.aliases:
            out[m.raw] = context
    return out
