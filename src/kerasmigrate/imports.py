"""Imports: which ones the analysis may drop, and running LibCST's AddImportsVisitor and
RemoveImportsVisitor on only the statements they can change.

The engine schedules imports through the visitors' own context API
(``AddImportsVisitor.add_needed_import`` / ``RemoveImportsVisitor.remove_unused_import``);
:func:`apply_scheduled` then runs them, as the codemod framework would after a transform,
but on a small module instead of the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import libcst as cst
from libcst.codemod import Codemod, CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment, MetadataWrapper

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
        head = run(AddImportsVisitor, head)
    if removes:
        head = run(RemoveImportsVisitor, head)
    body = list(head.body)
    if after is not None:
        stand_in = body[-1]
        assert isinstance(stand_in, cst.SimpleStatementLine) and isinstance(stand_in.body[0], cst.Pass)
        body[-1] = after.with_changes(leading_lines=stand_in.leading_lines)
    for index, statement in enumerate(tree.body[end:], start=end):
        if removes and index in import_statements:
            body.extend(run(RemoveImportsVisitor, tree.with_changes(body=[statement])).body)
        else:
            body.append(statement)
    if removes and tree.body and body:
        body[0] = _keep_file_start(tree.body[0], body[0])
    return tree.with_changes(body=body)


def _blank(lines: Sequence[cst.EmptyLine]) -> bool:
    return all(line.comment is None for line in lines)


def _keep_file_start(first: cst.BaseStatement, new_first: cst.BaseStatement) -> cst.BaseStatement:
    """When the file's first statement was a removed import, the statement now first keeps
    the blank lines the file started with, not the ones that separated it from the import:
    ``import a\n\nimport b`` minus ``import a`` is ``import b``, not ``\nimport b``."""
    if new_first.deep_equals(first) or not _blank(first.leading_lines):
        return new_first
    if not _blank(new_first.leading_lines) or len(new_first.leading_lines) <= len(first.leading_lines):
        return new_first
    return new_first.with_changes(leading_lines=first.leading_lines)
