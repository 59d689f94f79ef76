"""The engine: one analysis pass decides every change, one transform pass applies them.

The analysis (``collector.Collector`` and the registered ``analyses``) resolves names
with LibCST metadata and asks the catalogue and the target what each legacy reference
becomes; the result is a ``Plan`` keyed by the identity of the original nodes.
``KerasMigrateCommand`` is a regular LibCST ``CodemodCommand`` that runs both passes, so
the same code serves the CLI, the library API and ``libcst.tool codemod``. Imports are
scheduled with AddImportsVisitor / RemoveImportsVisitor and run by
``imports.apply_scheduled`` after the transform, on the statements they can change.
"""

from __future__ import annotations

import argparse
import types
from collections.abc import Generator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import libcst as cst
from libcst.codemod import Codemod, CodemodCommand, CodemodContext

from . import _matcher_cache
from .analyses import Replacement
from .collector import Collector, Plan
from .crossfile import FileContext
from .findings import Finding, Fix
from .imports import apply_scheduled, without_copy
from .options import OptionFields, Options
from .stages import stage
from .tables import DEFAULT_TARGET, TARGETS

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["Collector", "KerasMigrateCommand", "Plan"]


class _Apply(cst.CSTTransformer):
    """Apply a plan: swap each planned node for its replacement, bottom-up.

    Only the paths from the root to planned nodes are entered (``keep``); every other
    subtree is left as it is without being visited, which is most of a file."""

    def __init__(self, replace: dict[int, Replacement], keep: set[int]) -> None:
        super().__init__()
        self.replace = replace
        self.keep = keep

    def on_visit(self, node: cst.CSTNode) -> bool:
        return id(node) in self.keep

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        fn = self.replace.get(id(original_node))
        return fn(updated_node) if fn is not None else updated_node


class KerasMigrateCommand(CodemodCommand):
    """Migrate legacy Keras backend code to the run's target; usable in any LibCST pipeline.

    ``KerasMigrateCommand(CodemodContext()).transform_module(tree)`` returns the migrated
    tree; findings are added to ``context.warnings`` (as ``path:line:col: KM### message``)
    and kept, structured, on ``self.findings``.
    """

    DESCRIPTION = "Migrate legacy Keras backend code (keras.backend.common, image_dim_ordering) to TF 2."

    def __init__(
        self,
        context: CodemodContext,
        *,
        options: Options | None = None,
        crossfile: FileContext | None = None,
        **fields: Unpack[OptionFields],
    ) -> None:
        """``options``, or the :class:`OptionFields` keywords (what ``libcst.tool`` passes
        from :meth:`add_args`)."""
        super().__init__(context)
        self.crossfile = crossfile
        self.options = Options.of(options, **fields)
        self.findings: list[Finding] = []
        self.fixes: list[Fix] = []

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--select", action="append", help="rule IDs or prefixes to apply")
        arg_parser.add_argument("--ignore", action="append", help="rule IDs or prefixes to skip")
        arg_parser.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
        arg_parser.add_argument("--target", default=DEFAULT_TARGET, choices=sorted(TARGETS))

    #: Set by kerasmigrate's own API, which parses a fresh tree that nothing else holds:
    #: then the metadata wrappers (ours and the import visitors') need not deep-copy it.
    #: A tree handed in by another pipeline may share nodes, so the default is to copy.
    _private_tree = False
    #: The code of the tree handed to :meth:`transform_module`, set by kerasmigrate's API,
    #: which has just generated it (to check LibCST's round trip): not generated again.
    _source_code: str | None = None

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Generator[cst.Module, None, None]:
        if not self._private_tree:
            with super()._handle_metadata_reference(module) as tree:
                yield tree
            return
        with without_copy(self, module) as tree:
            yield tree

    def transform_module(self, tree: cst.Module) -> cst.Module:
        """Our two passes, then LibCST's import visitors (see :func:`imports.apply_scheduled`)."""
        self._import_statements: set[int] = set()
        with _matcher_cache.installed():  # for this run only: LibCST is not patched globally
            tree = Codemod.transform_module(self, tree)
            with stage("imports"):
                return apply_scheduled(tree, self.context, self._import_statements, self._run)

    def _run(self, transform: type[Codemod], tree: cst.Module) -> cst.Module:
        instance = transform(self.context)
        if self._private_tree:
            instance._handle_metadata_reference = types.MethodType(without_copy, instance)  # type: ignore[method-assign]
        return instance.transform_module(tree)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        wrapper = self.context.wrapper
        assert wrapper is not None
        collector = Collector(
            self.context,
            self.options,
            self.context.filename or "<string>",
            self.crossfile,
            source=self._source_code,
        )
        with stage("scopes"):  # what the collector's visit would resolve first (kept by the wrapper)
            wrapper.resolve_many(collector.get_inherited_dependencies())
        with stage("analysis"):
            wrapper.visit(collector)
        plan = collector.plan
        self.findings = sorted(plan.findings.values())
        self.fixes = sorted(plan.fixes)
        self._import_statements = plan.import_statements
        for finding in self.findings:
            self.warn(finding.format())
        if not plan.replace:
            return tree
        with stage("transform"):
            return tree.visit(_Apply(plan.replace, collector.ancestors(plan.replace)))
