"""kerasmigrate overrides private LibCST internals for speed: the visitor introspection that
``_matcher_cache`` caches per class, and ``Codemod._handle_metadata_reference`` (the deep
copy ``KerasMigrateCommand`` skips for a tree it parsed itself). This test fails, loudly,
when an installed LibCST changes any of them: re-check the override against the new code
(``tests/test_matcher_cache.py`` compares every cached answer with LibCST's own), then
update ``_matcher_cache.WRITTEN_AGAINST``."""

from __future__ import annotations

import inspect

import pytest

from kerasmigrate import _matcher_cache


def test_overridden_libcst_internals_are_unchanged() -> None:
    problems = _matcher_cache.changed_internals()
    assert not problems, "LibCST internals that kerasmigrate overrides changed:\n" + "\n".join(problems)


def test_every_override_is_recorded() -> None:
    """Each function ``_matcher_cache`` wraps, and the method the engine overrides, is listed."""
    from kerasmigrate.engine import KerasMigrateCommand

    recorded = {name for _owner, name in _matcher_cache.WRITTEN_AGAINST}
    wrapped = {name for name in dir(KerasMigrateCommand) if name.startswith("_handle_")}
    assert _matcher_cache._prepare()
    wrapped |= {name for _owner, name, _wrapper in _matcher_cache._WRAPPERS}
    assert wrapped <= recorded, wrapped - recorded
    assert inspect.isgeneratorfunction(inspect.unwrap(KerasMigrateCommand._handle_metadata_reference))


def test_a_change_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a changed signature and a changed body are both reported."""
    from libcst.matchers import _visitors

    def _gather_matchers(obj: object, extra: int = 0) -> dict[object, object]:
        return {}

    monkeypatch.setattr(_visitors, "_gather_matchers", _gather_matchers)
    assert any("_gather_matchers(" in p and "extra" in p for p in _matcher_cache.changed_internals())

    def _gather_matchers2(obj: object) -> dict[object, object]:
        return {}

    monkeypatch.setattr(_visitors, "_gather_matchers", _gather_matchers2)
    assert any(
        p.startswith("libcst.matchers._visitors._gather_matchers") for p in _matcher_cache.changed_internals()
    )
