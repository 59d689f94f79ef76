"""The repository's docs cite only files inside the repository (docs/legacy-apis.md holds
the facts the tables rely on), and every section they cite exists."""

from __future__ import annotations

import re
from pathlib import Path

from kerasmigrate.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT / "docs" / "legacy-apis.md"
#: a mention of a Markdown file: ``docs/legacy-apis.md``, ``keras-api.md §6``
MD = re.compile(r"[\w./-]*[\w-]+\.md\b")


def _texts() -> dict[str, str]:
    files = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "codemods").glob("*.md")]
    files += (ROOT / "src" / "kerasmigrate").rglob("*.py")
    texts = {str(f.relative_to(ROOT)): f.read_text(encoding="utf-8") for f in files}
    texts |= {f"rule {r.id}": "\n".join(r.references) for r in RULES.values()}
    return texts


def test_only_repository_files_are_cited() -> None:
    missing = []
    for where, text in _texts().items():
        assert "shared/reference" not in text, where
        for mention in MD.findall(text):
            if "KMnnn" in mention:  # the pattern of the rule pages, not a file
                continue
            name = mention.lstrip("./")
            if not any((ROOT / name).exists() for name in (name, f"docs/{name}", f"codemods/{name}")):
                missing.append(f"{where}: {mention}")
    assert not missing, "cited files that are not in the repository:\n" + "\n".join(sorted(set(missing)))


def test_cited_sections_exist() -> None:
    text = LEGACY.read_text(encoding="utf-8")
    cited = {m for t in _texts().values() for m in re.findall(r"docs/legacy-apis\.md (§\d+(?:\.\d+)?)", t)}
    assert cited, "nothing cites docs/legacy-apis.md"
    for section in cited:
        assert f"{section} " in text, f"docs/legacy-apis.md has no {section}"
