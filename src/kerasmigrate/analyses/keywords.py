"""Keyword rename + value map rows (``dim_ordering='th'`` -> ``data_format='channels_first'``)
and positional-to-keyword normalisation (``Dense(64, 'uniform')`` -> ``Dense(64, init='uniform')``).

Two kinds of row say that a keyword changed: a catalogue entry's own ``keywords`` (this
callee renamed this keyword, in every target), and a target's ``keyword_rows``, which apply
to every Keras callee a predicate accepts (KM204: the callees that take ``data_format``
today, ``tables/data_format.py``). A literal value in the row's map is mapped; a value
another analysis follows (the ordering flow) is passed on in the form that analysis
gives it; anything else is reported with the row's message, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.metadata import QualifiedNameSource

from ..catalogue import CATALOGUE, Entry, KeywordChange
from ..resolve import base_name
from ..rewrite import restring, string_value
from ._base import Analysis, Context, Replacement
from .ordering import _lookup

_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)
#: reported for a catalogue entry's keyword whose value is not in the map
_UNKNOWN = "`{old}=` takes a value kerasmigrate cannot see; pass `{new}=` with the new value instead"


class Keywords(Analysis):
    """Collects the keyword arguments to rename while walking; rewrites them at the end."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        #: (argument, change, rule, message when its value is unknown)
        self._renames: list[tuple[cst.Arg, KeywordChange, str, str]] = []
        #: (argument, rule, message): callees the row does not apply to, reported at the end
        self._reports: list[tuple[cst.Arg, str, str]] = []
        self._taken: set[int] = set()

    def keyword_takes(self, arg: cst.Arg) -> bool:
        return id(arg) in self._taken

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        keywords = [a for a in node.args if a.keyword is not None]
        if not keywords and not CATALOGUE.has_normalisations:
            return
        rows = [r for r in ctx.target.keyword_rows if r.rule in ctx.options.select]
        names = {r.keyword for r in rows}
        if not any(a.keyword is not None and a.keyword.value in names for a in keywords) and not (
            CATALOGUE.has_keyword_renames or CATALOGUE.has_normalisations
        ):
            return
        base = base_name(node.func)
        scope = ctx.scope(node)
        if base is None or base.value not in ctx.import_roots or scope is None:
            return
        keras = sorted(
            q.name
            for q in ctx.qualified_names(scope, node.func)
            if q.source is QualifiedNameSource.IMPORT
            and q.name.split(".")[0] in ("keras", "tensorflow")
            and "keras" in q.name
        )
        if not keras:
            return
        entry = CATALOGUE.lookup(keras[0])
        if entry is not None and entry.positional is not None and entry.rule in ctx.options.select:
            self._normalise(node, entry)
        for arg in keywords:
            assert arg.keyword is not None
            keyword = arg.keyword.value
            change = entry.keywords.get(keyword) if entry is not None else None
            if change is not None and entry is not None and entry.rule in ctx.options.select:
                self._take(arg, change, entry.rule, _UNKNOWN.format(old=keyword, new=change.new))
                continue
            for row in rows:
                if row.keyword != keyword:
                    continue
                verdict = row.callees(keras[0])
                if verdict is True:
                    self._take(arg, row.change, row.rule, row.unknown)
                else:  # reported at the end: the arguments' positions are not known yet
                    self._reports.append((arg, row.rule, str(verdict)))

    def _normalise(self, call: cst.Call, entry: Entry) -> None:
        """Legacy positional arguments past ``entry.positional`` become keywords (and, where
        the entry renames that keyword, the new one): ``Dense(64, 'uniform')`` ->
        ``Dense(64, kernel_initializer='uniform')``."""
        assert entry.positional is not None
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if len(positional) <= entry.positional or any(a.star for a in call.args):
            return
        names = [p.name for p in entry.params if not p.kw_only]
        if len(positional) > len(names):
            self.ctx.report(
                call, entry.rule, f"`{entry.qualified}(...)` passes more positional arguments than it took"
            )
            return
        for index in range(entry.positional, len(positional)):
            arg, name = positional[index], names[index]
            change = entry.keywords.get(name)
            if change is not None:
                self._take(arg, change, entry.rule, _UNKNOWN.format(old=name, new=change.new))
            else:
                self._take(arg, KeywordChange(name), entry.rule, "")

    def _take(self, arg: cst.Arg, change: KeywordChange, rule: str, unknown: str) -> None:
        self._renames.append((arg, change, rule, unknown))
        if change.values:  # it maps the values it gets: a value flowing here is used up
            self._taken.add(id(arg))

    def finish(self) -> None:
        ctx = self.ctx
        for arg, change, rule, unknown in self._renames:
            value = arg.value
            text = string_value(value)
            if not change.values:  # a rename alone: any value is passed on
                ctx.plan.replace[id(arg)] = _renamed(change.new, False)
            elif text is not None and text in change.values:
                ctx.plan.replace[id(arg)] = _renamed(change.new, change.values[text])
            else:
                form = ctx.value_form(value)
                if form is None:
                    ctx.report(arg, rule, unknown)
                    continue
                ctx.plan.replace[id(arg)] = _renamed(change.new, False if form is True else form)
            ctx.fixed(arg, rule)
        for arg, rule, message in self._reports:
            ctx.report(arg, rule, message)


def _renamed(keyword: str, value: str | None | bool | Mapping[str, str]) -> Replacement:
    """Rename the keyword; ``False`` keeps the value, a mapping looks it up, ``None``/a
    string replaces it."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Arg)
        equal = updated.equal if updated.keyword is not None else _EQUAL  # was positional
        arg = updated.with_changes(keyword=cst.Name(keyword), equal=equal)
        if value is False:
            return arg
        if value is None:
            return arg.with_changes(value=cst.Name("None"))
        if not isinstance(value, str):
            assert not isinstance(value, bool)
            return arg.with_changes(value=_lookup(value, arg.value))
        assert isinstance(arg.value, cst.SimpleString)
        return arg.with_changes(value=restring(arg.value, str(value)))

    return replace
