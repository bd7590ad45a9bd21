"""Comments and docs cite files inside the repository, and what they cite exists
(docs/architecture.md conventions, docs/domain.md sections)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(
    r"\b(?:DESIGN|DOMAIN|RECIPES|STYLE)\.md\b|\bSTYLE A\d|\bRECIPES\b|\.\./shared/"
)
SECTION = re.compile(r"docs/domain\.md §(\d+(?:\.\d+)?)")
CONVENTION = re.compile(r"docs/architecture\.md (A\d+)")
TEXT = (".py", ".ts", ".tsx", ".mjs", ".md", ".yml", ".sh", ".toml", ".conf", "Makefile")


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [REPO / name for name in listed if name.endswith(TEXT) and (REPO / name).is_file()]


def test_nothing_cites_a_file_outside_the_repository():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in _tracked_text_files()
        if path.name != "test_repo_docs.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not offenders, offenders


def test_cited_sections_and_conventions_exist():
    domain = (REPO / "docs/domain.md").read_text(encoding="utf-8")
    architecture = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#+ (\d+(?:\.\d+)?)[. ]", domain, flags=re.MULTILINE))
    conventions = set(re.findall(r"^- \*\*(A\d+)\*\*", architecture, flags=re.MULTILINE))
    cited_sections: set[str] = set()
    cited_conventions: set[str] = set()
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8")
        cited_sections.update(SECTION.findall(text))
        for match in re.finditer(r"docs/architecture\.md ((?:A\d+(?:, )?)+)", text):
            cited_conventions.update(re.findall(r"A\d+", match.group(1)))
    assert cited_sections, "the kernel cites docs/domain.md by section"
    assert cited_sections <= sections, sorted(cited_sections - sections)
    assert cited_conventions <= conventions, sorted(cited_conventions - conventions)
