"""Imports: which ones the analysis may drop, and running LibCST's AddImportsVisitor and
RemoveImportsVisitor on only the statements they can change.

The engine schedules imports through the visitors' own context API
(``AddImportsVisitor.add_needed_import`` / ``RemoveImportsVisitor.remove_unused_import``);
:func:`apply_scheduled` then runs them, as the codemod framework would after a transform,
but on a small module instead of the whole file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import libcst as cst
from libcst.codemod import Codemod, CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment, MetadataWrapper

#: what a module's body holds (LibCST's ``Module.body`` element type)
Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement
#: runs one import visitor over a module (the command's, which knows whether to copy)
Runner = Callable[[type[Codemod], cst.Module], cst.Module]


def bound_names(node: cst.Import | cst.ImportFrom) -> list[str]:
    if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
        return []
    names = []
    for alias in node.names:  # type: ignore[union-attr]
        full = get_full_name_for_node(alias.name) or ""
        names.append(alias.evaluated_alias or (full.split(".")[0] if isinstance(node, cst.Import) else full))
    return names


def imports_keras_or_tf(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.ImportFrom):
        module = get_full_name_for_node(node.module) if node.module is not None else ""
        names = [module or ""]
    elif isinstance(node, cst.Import):
        names = [get_full_name_for_node(a.name) or "" for a in node.names]
    else:
        return False
    return any("keras" in n or n.split(".")[0] == "tensorflow" for n in names)


def schedule_removal(context: CodemodContext, assignment: ImportAssignment, bound: str) -> None:
    """Ask RemoveImportsVisitor to drop this one alias if nothing uses it any more."""
    node = assignment.node
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = get_full_name_for_node(alias.name)
            asname = alias.evaluated_alias
            if full and (asname or full.split(".")[0]) == bound:
                RemoveImportsVisitor.remove_unused_import(context, full, asname=asname)
    elif isinstance(node, cst.ImportFrom) and not node.relative and node.module is not None:
        module = get_full_name_for_node(node.module)
        if module is None or isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            obj = get_full_name_for_node(alias.name)
            if obj and (alias.evaluated_alias or obj) == bound:
                RemoveImportsVisitor.remove_unused_import(context, module, obj, asname=alias.evaluated_alias)


def import_block_end(module: cst.Module) -> int:
    """Where AddImportsVisitor's leading import block ends (after a docstring, if any)."""
    body = module.body
    start = 0
    first = body[0].body[0] if body and isinstance(body[0], cst.SimpleStatementLine) else None
    if isinstance(first, cst.Expr) and isinstance(first.value, cst.SimpleString | cst.ConcatenatedString):
        start = 1
    end = start
    for statement in body[start:]:
        if isinstance(statement, cst.SimpleStatementLine) and all(
            isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
        ):
            end += 1
        else:
            break
    return end


def top_level_import(parents: dict[int, cst.CSTNode | None], node: cst.CSTNode) -> bool:
    """A plain module-level or function-body import. One inside ``try`` or ``if`` is a
    fallback chain: removing it would leave ``try: pass`` behind, so it is kept."""
    line = parents.get(id(node))
    body = parents.get(id(line)) if line is not None else None
    if isinstance(body, cst.Module):
        return True
    return isinstance(body, cst.IndentedBlock) and isinstance(parents.get(id(body)), cst.FunctionDef)


@contextmanager
def without_copy(codemod: Codemod, module: cst.Module) -> Generator[cst.Module, None, None]:
    """LibCST's ``Codemod._handle_metadata_reference`` minus the deep copy of the module.

    Only for trees in which every node is unique (a fresh parse, and our own output: the
    builders never put one node object in two places)."""
    old_wrapper = codemod.context.wrapper
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    with codemod.resolve(wrapper):
        codemod.context = replace(codemod.context, wrapper=wrapper)
        try:
            yield wrapper.module
        finally:
            codemod.context = replace(codemod.context, wrapper=old_wrapper)


def apply_scheduled(
    tree: cst.Module, context: CodemodContext, import_statements: set[int], run: Runner
) -> cst.Module:
    """Run the scheduled import additions and removals on the statements that matter.

    AddImportsVisitor only ever inserts into the leading import block, and
    RemoveImportsVisitor is only scheduled for imports that the analysis proved unused in
    the whole module. So both run on a small module made of the leading block (and, for
    removals, of each top-level statement in ``import_statements``) instead of the whole
    file: the same edits, without a second whole-file scope analysis."""
    scratch = context.scratch
    adds = bool(scratch.get(AddImportsVisitor.CONTEXT_KEY))
    removes = bool(scratch.get(RemoveImportsVisitor.CONTEXT_KEY))
    if not adds and not removes:
        return tree
    block_end = import_block_end(tree)
    # the block plus the statement after it, which decides the blank line AddImports leaves
    end = min(block_end + 1, len(tree.body))
    head_body = list(tree.body[:end])
    # Of that statement the visitors only look at its kind (not an import, not a
    # docstring) and its leading lines: a function or class, often most of the file,
    # is stood in for by a `pass` with the same leading lines while they run.
    after = head_body[-1] if end > block_end else None
    if isinstance(after, cst.BaseCompoundStatement):
        head_body[-1] = cst.SimpleStatementLine([cst.Pass()], leading_lines=after.leading_lines)
    else:
        after = None
    head = tree.with_changes(body=head_body)
    if adds:
        before_adds = list(head.body)
        head = run(AddImportsVisitor, head)
        head = head.with_changes(body=_place_added(before_adds, list(head.body), block_end))
    footer = list(tree.footer)
    if removes:
        head, carried = _remove_keeping_comments(head, run)
        if carried:
            footer = carried + footer
    body = list(head.body)
    if after is not None:
        stand_in = body[-1]
        assert isinstance(stand_in, cst.SimpleStatementLine) and isinstance(stand_in.body[0], cst.Pass)
        body[-1] = after.with_changes(leading_lines=stand_in.leading_lines)
    pending: list[cst.EmptyLine] = []
    for index, statement in enumerate(tree.body[end:], start=end):
        if removes and index in import_statements:
            kept = run(RemoveImportsVisitor, tree.with_changes(body=[statement])).body
            if not kept:
                pending += _lines_of(statement)
                continue
            body.extend(kept)
        else:
            body.append(statement)
        if pending:
            body[-1] = _with_carried(body[-1], pending)
            pending = []
    if pending:
        footer = pending + footer
    if removes and tree.body and body:
        body[0] = _keep_file_start(tree.body[0], body[0])
    return tree.with_changes(body=body, footer=footer)


#: segment.py's marker comment (kept in step with its ``_SENTINEL``)
SEGMENT_MARK = "# kerasmigrate-segment:"
#: the comment that marks each statement while RemoveImportsVisitor runs
_MARK = "# kerasmigrate-keep:"


def _lines_of(statement: Statement) -> list[cst.EmptyLine]:
    """What a removed import line leaves behind: the lines above it, and its own comment."""
    lines = list(statement.leading_lines)
    comment = (
        statement.trailing_whitespace.comment if isinstance(statement, cst.SimpleStatementLine) else None
    )
    # (segment.py's own marker, alone, goes with the statement: its segment vanishes)
    if comment is not None and not comment.value.startswith(SEGMENT_MARK):
        lines.append(cst.EmptyLine(comment=comment))
    return lines


def _with_carried(statement: Statement, carried: Sequence[cst.EmptyLine]) -> Statement:
    """The lines of removed imports go onto the next statement: comments stay, and a blank
    line between import groups stays one blank line (not two)."""
    lead = list(statement.leading_lines)
    if _blank(carried):
        blanks = next((i for i, line in enumerate(lead) if line.comment is not None), len(lead))
        lead = list(carried[: max(0, len(carried) - blanks)]) + lead
    else:
        lead = list(carried) + lead
    return statement.with_changes(leading_lines=lead)


def _remove_keeping_comments(head: cst.Module, run: Runner) -> tuple[cst.Module, list[cst.EmptyLine]]:
    """RemoveImportsVisitor drops a removed line's comments and blank lines with it. Each
    statement is marked with a comment first, so the ones it removed are known and their
    lines are carried to the next statement (returned when no statement is left after)."""
    marked = [
        statement.with_changes(
            leading_lines=[cst.EmptyLine(comment=cst.Comment(f"{_MARK}{i}")), *statement.leading_lines]
        )
        for i, statement in enumerate(head.body)
    ]
    result = run(RemoveImportsVisitor, head.with_changes(body=marked))
    survivors: dict[int, Statement] = {}
    for statement in result.body:
        first = statement.leading_lines[0].comment if statement.leading_lines else None
        if first is None or not first.value.startswith(_MARK):
            return result.with_changes(body=[_unmark(s) for s in result.body]), []  # unexpected: as it was
        survivors[int(first.value[len(_MARK) :])] = statement.with_changes(
            leading_lines=statement.leading_lines[1:]
        )
    body: list[Statement] = []
    carried: list[cst.EmptyLine] = []
    for i, original in enumerate(head.body):
        survivor = survivors.get(i)
        if survivor is None:
            carried += _lines_of(original)
            continue
        body.append(_with_carried(survivor, carried) if carried else survivor)
        carried = []
    return head.with_changes(body=body), carried


def _unmark(statement: Statement) -> Statement:
    lines = [
        line
        for line in statement.leading_lines
        if line.comment is None or not line.comment.value.startswith(_MARK)
    ]
    return statement.with_changes(leading_lines=lines)


def _place_added(old: list[Statement], new: list[Statement], block_end: int) -> list[Statement]:
    """Move what AddImportsVisitor added (after the last import of the leading block) to
    where it belongs: right after the last keras/tensorflow import of the block, which it
    usually replaces; else after the last third-party import (absolute, not the standard
    library) before the first relative import. The project's own imports stay last."""
    added = len(new) - len(old)
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if not a.deep_equals(b)), len(old))
    if added <= 0 or at > block_end:
        return new
    imports = [(i, s) for i, s in enumerate(old[:at]) if _import_line(s)]
    anchor = next((i for i, s in reversed(imports) if any(imports_keras_or_tf(x) for x in _smalls(s))), None)
    if anchor is None:
        relative = next((i for i, s in imports if _relative(s)), None)
        if relative is None:
            return new
        anchor = next((i for i, s in reversed(imports) if i < relative and _third_party(s)), relative - 1)
    if anchor + 1 >= at:
        return new
    return [*old[: anchor + 1], *new[at : at + added], *old[anchor + 1 : at], *new[at + added :]]


def _smalls(statement: Statement) -> Sequence[cst.BaseSmallStatement]:
    """The small statements of a simple statement line (none for a compound statement)."""
    return statement.body if isinstance(statement, cst.SimpleStatementLine) else ()


def _import_line(statement: Statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _relative(statement: Statement) -> bool:
    return any(isinstance(small, cst.ImportFrom) and small.relative for small in _smalls(statement))


def _third_party(statement: Statement) -> bool:
    for small in _smalls(statement):
        if isinstance(small, cst.ImportFrom):
            names = [get_full_name_for_node(small.module) or ""] if small.module is not None else [""]
        elif isinstance(small, cst.Import):
            names = [get_full_name_for_node(alias.name) or "" for alias in small.names]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top and top != "__future__" and top not in sys.stdlib_module_names:
                return True
    return False


def _blank(lines: Sequence[cst.EmptyLine]) -> bool:
    return all(line.comment is None for line in lines)


def _keep_file_start(first: Statement, new_first: Statement) -> Statement:
    """When the file's first statement was a removed import, the statement now first keeps
    the blank lines the file started with, not the ones that separated it from the import:
    ``import a\n\nimport b`` minus ``import a`` is ``import b``, not ``\nimport b``."""
    if new_first.deep_equals(first) or not _blank(first.leading_lines):
        return new_first
    if not _blank(new_first.leading_lines) or len(new_first.leading_lines) <= len(first.leading_lines):
        return new_first
    return new_first.with_changes(leading_lines=first.leading_lines)
