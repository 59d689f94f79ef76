"""Multi-file fixtures: a batch run over a small tree, byte for byte (issue 10 §2).

Layout: ``fixtures/batches/<case>/in/`` is the tree before, ``out/`` the whole tree
expected after (every file, changed or not), ``findings`` the expected findings as
``relative/path.py:line:col: KMnnn`` at their place in the written files (the run is in
place; absent: none), and ``check.py`` (optional) a
program that imports the migrated tree and checks what it computes
(tests/semantic/test_batches.py runs it under TensorFlow).
Each case runs with one job and with two, twice: the second run must change nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.batch import _Job, _work, migrate_paths
from kerasmigrate.crossfile import analyse
from kerasmigrate.options import Options
from tests.fixture_cases import FIXTURES

BATCHES = FIXTURES / "batches"
CASES = sorted(p for p in BATCHES.iterdir() if (p / "in").is_dir())


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def expected_findings(case: Path) -> list[str]:
    path = case / "findings"
    return [line.strip() for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def test_there_are_batch_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_batch(case: Path, jobs: int, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(case / "in", root)
    before = tree_bytes(root)
    expected = tree_bytes(case / "out")
    assert set(expected) == set(before), "out/ must hold every file of in/"

    result = migrate_paths([root], jobs=jobs)
    assert not result.errors, [e.format() for e in result.errors]
    assert tree_bytes(root) == expected
    got = [
        f"{Path(f.path).relative_to(root).as_posix()}:{f.line}:{f.column}: {f.rule}" for f in result.findings
    ]
    assert got == expected_findings(case)
    changed = {Path(f.path).relative_to(root).as_posix() for f in result.changed}
    assert changed == {name for name in expected if expected[name] != before[name]}

    again = migrate_paths([root], jobs=jobs)
    assert not again.changed, "a second run changed the tree again"
    assert tree_bytes(root) == expected


def test_library_api_per_file_and_with_context() -> None:
    """``migrate_source`` alone sees one file: it drops the ``K`` that ``train.py`` gets
    through ``from layers_util import *`` and leaves ``train.py`` alone. With the context
    that :func:`crossfile.analyse` computes for the run it gives the batch's result."""
    case = BATCHES / "star_export"
    util, train = case / "in" / "layers_util.py", case / "in" / "train.py"
    alone_util = migrate_source(util.read_text(), path=str(util))
    assert "from keras import backend as K" not in alone_util.code
    assert not migrate_source(train.read_text(), path=str(train)).changed

    contexts = analyse([util, train])
    assert contexts[str(util)].exports == {"K"}
    assert contexts[str(train)].bindings["K"] == ("keras.backend",)
    for path in (util, train):
        result = migrate_source(path.read_text(), path=str(path), context=contexts[str(path)])
        assert result.code == (case / "out" / path.name).read_text()


#: files a batch answers from its first read, without migrating them again (batch.py, ``quiet``)
QUIET = {
    "plain_helper.py": b"import os\n\n\ndef home():\n    return os.environ.get('HOME')\n",
    "with_nul.py": b"x = 1\n\x00\n",
    "generated_plain.py": b"# @" + b"generated\nVALUE = 3\n",
    "crlf_plain.py": b"a = 1\r\nb = a + 1\r\n",
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_batch_result_is_each_file_migrated_alone(case: Path, jobs: int, tmp_path: Path) -> None:
    """Every file's result in a batch is what migrating that file by itself gives, with the
    context the cross-file pass computes: also for the files the batch does not read twice."""
    root = tmp_path / "tree"
    shutil.copytree(case / "in", root)
    for name, data in QUIET.items():
        (root / name).write_bytes(data)
    batch = migrate_paths([root], jobs=jobs, write=False)
    paths = sorted(str(p) for p in root.rglob("*.py"))
    job = _Job(Options.build(), False, analyse([Path(p) for p in paths]))
    alone = {p: _work(p, job) for p in paths}
    assert sorted(f.path for f in batch.files) == paths
    for got in batch.files:
        want = alone[got.path]
        facts = ("status", "changed", "skipped", "kind")
        assert [getattr(got, f) for f in facts] == [getattr(want, f) for f in facts]
        assert [f.format() for f in got.findings] == [f.format() for f in want.findings]
        assert got.fixes == want.fixes
        assert (got.error and got.error.format()) == (want.error and want.error.format())
    assert {Path(f.path).name for f in batch.errors} == {"with_nul.py"}
