"""keras.json (KM4xx): the fixtures in fixtures/KM4nn/*.in.json, and the CLI finding them.

The registry test (tests/test_registry.py) runs Python fixtures only; this file holds the
same guarantees for the configuration-file rules: byte-exact output, expected findings and
errors, a second run that changes nothing, and for every KM4xx rule a fixture that it
fixes (or reports) and a no-op case in its own folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasmigrate.cli import EXIT_ERROR, EXIT_OK, main
from kerasmigrate.kerasjson import migrate_keras_json
from kerasmigrate.options import Options
from kerasmigrate.rules import RULES
from tests.fixture_cases import FIXTURES

CASES = sorted(FIXTURES.glob("KM4*/*.in.json"))


def _sibling(case: Path, suffix: str) -> Path:
    return case.with_name(case.name.removesuffix(".in.json") + suffix)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.parent.name}/{c.name.removesuffix('.in.json')}" for c in CASES]
)
def test_keras_json_fixture(case: Path) -> None:
    before = case.read_bytes()
    out = _sibling(case, ".out.json")
    expected = out.read_bytes() if out.exists() else before
    result = migrate_keras_json(before, path=case.name, options=Options.build())
    error = _lines(_sibling(case, ".error"))
    if error:
        assert result.error is not None
        assert f"{result.error.line}:{result.error.column}: {result.error.rule}" == error[0]
        assert result.data == before and not result.changed
        return
    assert result.error is None
    assert result.data == expected
    assert [f"{f.line}:{f.column}: {f.rule}" for f in result.findings] == _lines(_sibling(case, ".findings"))
    again = migrate_keras_json(result.data, path=case.name, options=Options.build())
    assert not again.changed and again.data == result.data


def test_every_config_rule_has_fixtures() -> None:
    fixed, reported = set(), set()
    for case in CASES:
        result = migrate_keras_json(case.read_bytes(), path=case.name, options=Options.build())
        fixed |= {f.rule for f in result.fixes}
        reported |= {f.rule for f in result.findings} | ({result.error.rule} if result.error else set())
    noop_dirs = {c.parent.name for c in CASES if not _sibling(c, ".out.json").exists()}
    for rule in (r for r in RULES.values() if r.family == "config_files"):
        if rule.fix.safety is None:
            assert rule.id in reported, f"no fixture reports {rule.id}"
        else:
            assert rule.id in fixed, f"no fixture is rewritten by {rule.id}"
        assert rule.id in noop_dirs, f"fixtures/{rule.id}/ has no no-op case"


def test_keras_json_found_in_tree_and_named_explicitly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / ".keras" / "keras.json"  # a dot-directory is walked (only tool caches are skipped)
    config.parent.mkdir()
    config.write_text('{\n    "image_dim_ordering": "th",\n    "backend": "theano"\n}\n')
    other = tmp_path / "settings.json"  # only files named keras.json are looked at
    other.write_text('{"image_dim_ordering": "th"}\n')
    assert main([str(tmp_path)]) == EXIT_OK
    assert config.read_text() == '{\n    "image_data_format": "channels_first",\n    "backend": "theano"\n}\n'
    assert other.read_text() == '{"image_dim_ordering": "th"}\n'
    err = capsys.readouterr().err
    assert f"{config}:3:16: KM402 the theano backend no longer exists" in err
    assert "1 file changed, 1 finding, 0 errors" in err

    assert main(["--ignore", "KM402", str(config)]) == EXIT_OK
    assert "KM402" not in capsys.readouterr().err

    broken = tmp_path / "keras.json"
    broken.write_text("{oops}\n")
    assert main([str(broken)]) == EXIT_ERROR
    assert f"{broken}:1:2: KM403 not valid JSON" in capsys.readouterr().err


# --- hostile keras.json (issue 15, items 10 and 11) ------------------------------------------


def test_deeply_nested_json_is_km403_not_an_internal_error() -> None:
    depth = 200_000
    data = ('{"backend": "tensorflow", "x": ' + "[" * depth + "]" * depth + "}").encode()
    result = migrate_keras_json(data, path="keras.json", options=Options.build())
    assert result.error is not None and result.error.rule == "KM403", result.error
    assert "nested too deeply" in result.error.message and not result.changed


def test_a_file_with_80000_keys_gets_exact_positions_and_bytes() -> None:
    """Correctness on a big file (positions used to be found by rescanning the text for
    every key: quadratic; benchmarks/keras_json_keys.py times it, no test asserts speed)."""
    members = [f'  "key_{i}": {i}' for i in range(80_000)]
    for at in (0, 40_000, 80_002):  # first, middle and last member, each on its own line
        members.insert(at, '  "image_dim_ordering": "th", "backend": "theano"')
    text = "{\n" + ",\n".join(members) + "\n}\n"
    result = migrate_keras_json(text.encode(), path="keras.json", options=Options.build())
    assert result.error is None
    lines = [2, 40_002, 80_004]  # 1-based: "{" is line 1
    expected = text.replace('"image_dim_ordering": "th"', '"image_data_format": "channels_first"')
    assert result.data == expected.encode()
    assert [(f.line, f.column, f.rule) for f in result.fixes] == [(n, 3, "KM401") for n in lines]
    column = len('  "image_dim_ordering": "th", "backend": ') + 1
    assert [(f.line, f.column, f.rule) for f in result.findings] == [(n, column, "KM402") for n in lines]
