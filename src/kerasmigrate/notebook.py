"""Jupyter notebooks (``.ipynb``): migrate the code cells, keep every other byte.

How a notebook is migrated:

1. Each code cell's source has its IPython syntax masked: a line magic (``%matplotlib``), a
   shell escape (``!pip``, ``files = !ls``), a help query (``obj?``, ``??obj``) and the
   lines a trailing backslash continues become ``pass  # __km_magic_N__`` at the same
   indentation. A cell magic (``%%bash``) leaves the whole cell out, except ``%%time``,
   ``%%timeit`` and ``%%capture``, whose body is Python: only their first line is masked.
2. The masked cells are joined into one module, in notebook order, with a sentinel
   statement after each cell. One module, because that is how the kernel sees them: an
   import in cell 1 binds ``K`` for cell 5, and a value bound in one cell is compared in
   another. Cells are never merged or split: the sentinels cut the result back into cells.
3. If a rewrite needs an import of the target (one of the target's ``roots``), the engine would put it at the top of the
   first cell; instead it is inserted (by us, before migrating again) after the leading
   imports of the first code cell that imports anything (or at the top of the first code
   cell), and the engine then reuses it.
4. Magics are put back; only cells whose text changed get a new ``source`` (list or string,
   as it was). Outputs, metadata and the other cells are untouched. The JSON is written
   with the indentation, key order, ``ensure_ascii`` choice, line ending and final newline
   of the original, which is checked first: if dumping the unchanged notebook does not give
   back its exact bytes, the notebook is refused (KM005) rather than reformatted.

Findings carry the cell number (1-based, counting every cell, markdown ones too, as they
appear in the file) and the line within the cell: ``nb.ipynb:cell 3:2:5: KM101 ...``.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .api import MigrationResult, migrate_source, needs_work
from .diff import unified_diff
from .findings import Finding
from .options import Options
from .rules.file_errors import KM001, KM003, KM005
from .tables import TARGETS

#: cell magics whose body is Python (only the ``%%`` line is masked)
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture"})
_HELP = re.compile(r"^\s*(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")
_ASSIGNED_MAGIC = re.compile(r"^\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*[!%]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[str]:
    """Lines with their endings, split only where Python ends a line (``\\n``, ``\\r\\n``,
    ``\\r``): ``str.splitlines`` also splits at U+2028, form feeds and the like, which may
    sit inside a string (``'a\\u2028!b'`` would become a line that looks like a magic)."""
    return _LINE.findall(text)


@dataclass(frozen=True)
class _Marks:
    """The cell sentinel and magic placeholders of one notebook, spelled with a tag that
    occurs in none of its cells: no line of the user's can be taken for one of ours."""

    tag: str

    @classmethod
    def for_sources(cls, sources: list[str]) -> _Marks:
        n = 0
        while any(f"__km{n}_" in source for source in sources):
            n += 1
        return cls(f"km{n}")

    def sentinel(self, index: int) -> str:
        return f"__{self.tag}_cell_end__ = {index}\n"

    def placeholder(self, number: int) -> str:
        return f"pass  # __{self.tag}_magic_{number}__"

    @property
    def placeholder_re(self) -> re.Pattern[str]:
        return re.compile(rf"^[ \t]*pass  # __{self.tag}_magic_(\d+)__[ \t]*(?:\r\n|\r|\n)?$")


@dataclass
class _Cell:
    number: int  # 1-based, among all cells
    text: str  # the source as the user wrote it
    masked: str  # the source with IPython syntax masked
    magics: dict[int, str] = field(default_factory=dict)  # placeholder id -> original line

    @property
    def body(self) -> str:
        """What goes into the module: the masked source ending with a newline."""
        return self.masked if not self.masked or self.masked.endswith("\n") else self.masked + "\n"


@dataclass(frozen=True)
class _Format:
    indent: int | None
    ensure_ascii: bool
    newline: str
    final_newline: bool

    def dump(self, value: Any) -> str:
        text = json.dumps(value, indent=self.indent, ensure_ascii=self.ensure_ascii)
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return text + (self.newline if self.final_newline else "")


def _detect_format(text: str, notebook: Any) -> _Format | None:
    """The json.dumps settings that reproduce ``text`` exactly, if any do."""
    newline = "\r\n" if "\r\n" in text else "\n"
    final = text.endswith(newline)
    indent: int | None = None
    lines = text.split(newline)
    if len(lines) > 1 and lines[1]:  # a one-line notebook ends "}\n": no second line
        indent = len(lines[1]) - len(lines[1].lstrip(" "))
    for ensure_ascii in (False, True):
        fmt = _Format(indent, ensure_ascii, newline, final)
        if fmt.dump(notebook) == text:
            return fmt
    return None


class _BadSource(ValueError):
    pass


def _source_text(cell: dict[str, Any]) -> str:
    """A cell's ``source``: a string or a list of strings (nbformat 4); else _BadSource."""
    source = cell.get("source", "")
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    raise _BadSource(f"a cell's source is {type(source).__name__}, not a string or a list of strings")


def _mask(text: str, number: int, counter: list[int], marks: _Marks) -> _Cell | None:
    """Mask the IPython syntax of one cell; None when the cell is not Python at all."""
    lines = _lines(text)
    cell = _Cell(number, text, "")
    out: list[str] = []
    first_code = next((i for i, line in enumerate(lines) if line.strip()), None)
    continuing: str | None = None  # indentation of the magic a backslash continues
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        magic = continuing is not None
        if i == first_code and stripped.startswith("%%"):
            name = stripped[2:].split(None, 1)[0] if len(stripped) > 2 else ""
            if name not in PYTHON_CELL_MAGICS:
                return None
            magic = True
        elif not magic:
            magic = stripped.startswith(("%", "!")) or bool(_HELP.match(line) or _ASSIGNED_MAGIC.match(line))
        if not magic:
            out.append(line)
            continue
        counter[0] += 1
        cell.magics[counter[0]] = line
        ending = line[len(line.rstrip("\r\n")) :]
        out.append(
            f"{continuing if continuing is not None else indent}{marks.placeholder(counter[0])}{ending}"
        )
        if line.rstrip("\r\n").endswith("\\"):
            continuing = continuing if continuing is not None else indent
        else:
            continuing = None
    cell.masked = "".join(out)
    return cell


def _unmask(text: str, magics: dict[int, str], marks: _Marks) -> str:
    out = []
    placeholder = marks.placeholder_re
    for line in _lines(text):
        match = placeholder.match(line)
        out.append(magics[int(match.group(1))] if match and int(match.group(1)) in magics else line)
    return "".join(out)


def _import_point(masked: str, marks: _Marks) -> int:
    """The line index after which the target's import goes in this cell: after its
    leading imports, else after a leading docstring and masked magics, else at the top."""
    try:
        body = ast.parse(masked).body
    except SyntaxError:
        return 0
    lines = [line.rstrip("\r\n") for line in _lines(masked)]
    point = last_import = 0
    for i, stmt in enumerate(body):
        end = stmt.end_lineno or stmt.lineno
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            point = last_import = end
        elif (isinstance(stmt, ast.Pass) and marks.placeholder_re.match(lines[stmt.lineno - 1] + "\n")) or (
            i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        ):
            point = end
        else:
            break
    return last_import or point


def _has_import(masked: str) -> bool:
    try:
        return any(isinstance(n, ast.Import | ast.ImportFrom) for n in ast.walk(ast.parse(masked)))
    except SyntaxError:
        return False


def _target_imports(code: str, modules: frozenset[str]) -> set[tuple[str, str | None]]:
    """The top-level ``import M [as a]`` statements of the target's modules (``tensorflow``)."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return set()
    return {
        (alias.name, alias.asname)
        for stmt in body
        if isinstance(stmt, ast.Import)
        for alias in stmt.names
        if alias.name in modules
    }


def _import_line(module: str, alias: str | None) -> str:
    return f"import {module} as {alias}\n" if alias else f"import {module}\n"


def _join(cells: list[_Cell], texts: list[str], marks: _Marks) -> tuple[str, list[int]]:
    """The module text and the 0-based line where each cell starts in it."""
    parts, starts, line = [], [], 0
    for index, text in enumerate(texts):
        starts.append(line)
        parts.append(text)
        parts.append(marks.sentinel(index))
        line += text.count("\n") + 1
    return "".join(parts), starts


def _split(code: str, count: int, marks: _Marks) -> list[str] | None:
    chunks: list[str] = []
    current: list[str] = []
    for line in _lines(code):
        if line == marks.sentinel(len(chunks)):
            chunks.append("".join(current))
            current = []
        else:
            current.append(line)
    if len(chunks) != count or "".join(current):
        return None
    return chunks


def _cells_of(code: str, cells: list[_Cell], marks: _Marks) -> list[str] | None:
    """The module cut back into cells, magics put back (None if the sentinels are off)."""
    chunks = _split(code, len(cells), marks)
    if chunks is None:
        return None
    out = []
    for cell, chunk in zip(cells, chunks, strict=True):
        new = _unmask(chunk, cell.magics, marks)
        if cell.body != cell.masked and new.endswith("\n"):
            new = new[:-1]  # the newline we added to join the cells
        out.append(new)
    return out


def _locate(starts: list[int], line: int, shift: tuple[int, int] | None) -> tuple[int, int]:
    """(cell index, line within the cell) for a 1-based module line."""
    index = max(bisect.bisect_right(starts, line - 1) - 1, 0)
    within = line - starts[index]
    if shift is not None and shift[0] == index and within > shift[1]:
        within -= 1  # below the import line we inserted: the user's own numbering
    return index, within


def migrate_notebook(data: bytes, *, path: str, options: Options) -> MigrationResult:
    """Migrate a notebook's bytes; never raises. ``code``/``original`` are the JSON texts."""
    try:
        text = data.decode("utf-8")
        notebook = json.loads(text)
    except UnicodeDecodeError as exc:
        return MigrationResult(
            "", False, error=Finding(1, 1, KM003.id, f"not UTF-8 ({exc.reason})", path), data=data
        )
    except json.JSONDecodeError as exc:
        error = Finding(exc.lineno, exc.colno, KM001.id, f"not a notebook: invalid JSON ({exc.msg})", path)
        return MigrationResult(text, False, error=error, data=data, original=text)
    except RecursionError:  # valid JSON, but nested deeper than Python's parser goes
        error = Finding(1, 1, KM001.id, "not a notebook: its JSON is nested too deeply to be read", path)
        return MigrationResult(text, False, error=error, data=data, original=text)
    unchanged = MigrationResult(text, False, data=data, original=text)
    raw_cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(raw_cells, list):
        error = Finding(1, 1, KM001.id, "not a notebook: no list of cells (nbformat 4 is needed)", path)
        return MigrationResult(text, False, error=error, data=data, original=text)
    try:
        sources = {
            i: _source_text(c)
            for i, c in enumerate(raw_cells)
            if isinstance(c, dict) and c.get("cell_type") == "code"
        }
    except _BadSource as exc:
        error = Finding(1, 1, KM001.id, f"not a notebook: {exc}", path)
        return MigrationResult(text, False, error=error, data=data, original=text)
    if not any(needs_work(s) for s in sources.values()):
        return unchanged
    try:
        return _migrate(notebook, raw_cells, sources, text, data, path, options) or unchanged
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not cost the user a notebook
        error = Finding(1, 1, KM005.id, f"internal error ({type(exc).__name__}: {exc})", path)
        return MigrationResult(text, False, error=error, data=data, original=text)


def _migrate(
    notebook: dict[str, Any],
    raw_cells: list[Any],
    sources: dict[int, str],
    text: str,
    data: bytes,
    path: str,
    options: Options,
) -> MigrationResult | None:
    counter = [0]
    cells: list[_Cell] = []
    marks = _Marks.for_sources(list(sources.values()))
    for index, source in sources.items():
        cell = _mask(source, index + 1, counter, marks)
        if cell is None:
            continue
        try:
            ast.parse(cell.masked)
        except SyntaxError as exc:
            message = f"syntax error in a code cell: {exc.msg}"
            error = Finding(exc.lineno or 1, exc.offset or 1, KM001.id, message, path, cell.number)
            return MigrationResult(text, False, error=error, data=data, original=text)
        cells.append(cell)
    if not cells:
        return None
    fmt = _detect_format(text, notebook)

    texts = [c.body for c in cells]
    module, starts = _join(cells, texts, marks)
    if _cells_of(module, cells, marks) != [c.text for c in cells]:  # the round trip, unmigrated
        error = Finding(1, 1, KM005.id, "internal error (the cells do not separate again as they were)", path)
        return MigrationResult(text, False, error=error, data=data, original=text)
    result = migrate_source(module, path=path, options=options)
    shift: tuple[int, int] | None = None
    # the modules the target's templates import (``tensorflow`` for tf2): data of the target
    modules = frozenset(name for name, _alias in TARGETS[options.target].roots.values())
    added = (
        _target_imports(result.code, modules) - _target_imports(module, modules) if result.changed else set()
    )
    if len(added) == 1:
        # place the import ourselves, then migrate again: the engine reuses it
        target = next((i for i, c in enumerate(cells) if _has_import(c.masked)), 0)
        point = _import_point(texts[target], marks)
        lines = _lines(texts[target])
        lines.insert(point, _import_line(*added.pop()))
        texts[target] = "".join(lines)
        module2, starts2 = _join(cells, texts, marks)
        second = migrate_source(module2, path=path, options=options)
        if not (_target_imports(second.code, modules) - _target_imports(module2, modules)):
            module, starts, result, shift = module2, starts2, second, (target, point)

    def place(line: int) -> tuple[int, int]:
        index, within = _locate(starts, line, shift)
        return cells[index].number, within

    if result.error is not None:
        number, line = place(result.error.line)
        error = replace(result.error, line=line, cell=number)
        return MigrationResult(text, False, error=error, data=data, original=text)
    findings = sorted(
        (replace(f, line=w, cell=n) for f in result.findings for n, w in [place(f.line)]),
        key=lambda f: (f.cell, f.line, f.column, f.rule),
    )
    fixes = sorted(
        (replace(f, line=w, cell=n) for f in result.fixes for n, w in [place(f.line)]),
        key=lambda f: (f.cell, f.line, f.column, f.rule),
    )
    if not result.changed:
        return MigrationResult(text, False, findings, data=data, original=text, skipped=result.skipped)
    new_texts = _cells_of(result.code, cells, marks)
    if new_texts is None:
        error = Finding(1, 1, KM005.id, "internal error (the cells could not be separated again)", path)
        return MigrationResult(text, False, findings, error=error, data=data, original=text)
    if fmt is None:
        error = Finding(
            1, 1, KM005.id,
            "the notebook's JSON layout cannot be reproduced exactly, so it is not rewritten; "
            "re-save it with Jupyter and run kerasmigrate again", path,
        )  # fmt: skip
        return MigrationResult(text, False, findings, error=error, data=data, original=text)
    changed = False
    for cell, new in zip(cells, new_texts, strict=True):
        if new == cell.text:
            continue
        changed = True
        raw = raw_cells[cell.number - 1]
        raw["source"] = _lines(new) if isinstance(raw.get("source"), list) else new
    if not changed:
        return MigrationResult(text, False, findings, data=data, original=text)
    new_text = fmt.dump(notebook)
    return MigrationResult(new_text, True, findings, fixes, data=new_text.encode("utf-8"), original=text)


def _cell_starts(text: str) -> list[int]:
    """The 0-based line where each cell starts in the notebook's JSON text."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError):
        return []
    fmt = _detect_format(text, notebook)
    if fmt is None or fmt.indent is None:
        return []
    marked = dict(notebook, cells=[f"__km_cell_{i}__" for i in range(len(cells))])
    marker_lines = {
        line.strip().strip('",'): number for number, line in enumerate(fmt.dump(marked).split(fmt.newline))
    }
    starts, extra = [], 0
    for i, cell in enumerate(cells):
        starts.append(marker_lines[f"__km_cell_{i}__"] + extra)
        extra += json.dumps(cell, indent=fmt.indent, ensure_ascii=fmt.ensure_ascii).count("\n")
    return starts


def notebook_diff(before: str, after: str, path: str) -> str:
    """A ``git apply``-able diff of the JSON, each hunk header naming its cell
    (``@@ -40,7 +40,7 @@ cell 3``; git ignores the text after the second ``@@``)."""
    diff = unified_diff(before, after, path)
    starts = _cell_starts(before)
    if not starts:
        return diff
    out: list[str] = []
    lines = diff.splitlines(keepends=True)
    for i, line in enumerate(lines):
        match = re.match(r"^@@ -(\d+)", line)
        if match is None:
            out.append(line)
            continue
        old = int(match.group(1)) - 1  # 0-based first line of the hunk
        for following in lines[i + 1 :]:
            if following.startswith(("-", "+", "@@")):
                break
            old += 1
        cell = bisect.bisect_right(starts, old)
        out.append(line.rstrip("\r\n") + f" cell {cell}\n")
    return "".join(out)
