"""Semantic suite setup: quiet CPU-only TensorFlow imported once, the ``semantic`` marker,
skips that become failures under CI, and the closing counts.

* Locally, without an importable TensorFlow, every test here is skipped with the reason.
* With the environment variable ``CI`` set (any value but ``""``/``0``/``false``), a
  skipped test in this directory is reported as a FAILURE: CI must prove the rewrites,
  not silently skip them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

HERE = Path(__file__).resolve().parent

try:  # once per session; every test module asks for it through the ``tf`` fixture
    import tensorflow as _tf

    TF_ERROR = ""
except Exception as exc:  # noqa: BLE001 - any import failure means "no TensorFlow here"
    _tf = None
    TF_ERROR = f"TensorFlow is not importable ({type(exc).__name__}: {exc})"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "semantic: runs rewritten code under real TensorFlow and compares it with the legacy "
        "semantics (tests/semantic; skipped without TensorFlow, failing under CI)",
    )


def _ours(path: str | os.PathLike[str]) -> bool:
    try:
        Path(path).resolve().relative_to(HERE)
    except ValueError:
        return False
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _ours(item.path):
            item.add_marker(pytest.mark.semantic)


@pytest.fixture(scope="session")
def tf():
    """The tensorflow module, or a skip (a failure under CI) saying why there is none."""
    if _tf is None:
        pytest.skip(TF_ERROR)
    return _tf


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and _ours(item.path):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"semantic test skipped under CI, which is a failure here: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and _ours(collector.path):
        report.outcome = "failed"
        report.longrepr = f"semantic module skipped under CI, which is a failure here: {report.longrepr}"


#: where the per-rule tally goes (gitignored); ``--semantic-tally`` also prints it
TALLY_FILE = ".semantic-tally.txt"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The tally (per rule: calls, rewrites, comparisons, and the documented differences of
    unsafe fixes, which are not failures) goes to a file: printed, its "values differ" lines
    look like failures. The default output says in one line where it is."""
    from tests.semantic.summary import SUMMARY

    lines = SUMMARY.render()
    if not lines:
        return
    path = Path(config.rootpath) / TALLY_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if config.getoption("semantic_tally", False):
        terminalreporter.section("semantic equivalence counts")
        for line in lines:
            terminalreporter.write_line(line)
    else:
        terminalreporter.write_line(
            f"semantic equivalence counts: {SUMMARY.headline()}; the tally is in {path}"
        )
