"""The documentation stands on its own: every link between its pages leads somewhere, and nothing
in the repository refers to a specification kept outside it."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").rglob("*.md")])
# Not the repository's own content: version control, installed packages, local data, caches.
NOT_IN_THE_REPOSITORY = {".git", ".venv", "node_modules", "instance", "__pycache__", ".pytest_cache",
                         "test-artifacts"}
# Written in two pieces so that this file does not name it.
OUTSIDE_SPECIFICATION = "SPEC" + ".md"

LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)


def prose(text: str) -> str:
    """The text without its code blocks and code spans, where brackets are not links."""
    return CODE.sub("", FENCE.sub("", text))


def anchor(heading: str) -> str:
    """The fragment a Markdown renderer gives a heading, as GitHub does."""
    words = re.sub(r"[^\w\- ]", "", CODE.sub(lambda code: code.group()[1:-1], heading).lower())
    return words.replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8")))}


def relative_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


def test_the_documents_exist():
    names = {path.relative_to(ROOT).as_posix() for path in DOCUMENTS}
    assert {"README.md", "CONTRIBUTING.md", "docs/README.md", "docs/architecture.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file_and_its_heading(document):
    broken = []
    for target in relative_links(document):
        file_part, _, fragment = target.partition("#")
        linked = (document.parent / file_part).resolve() if file_part else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors_of(linked):
            broken.append(f"{target}: no such heading")
    assert broken == []


def test_every_docs_page_is_reached_from_the_index():
    reached = {(ROOT / "docs" / target.partition("#")[0]).resolve()
               for target in relative_links(ROOT / "docs" / "README.md")}
    pages = {path.resolve() for path in (ROOT / "docs").rglob("*.md")} - {(ROOT / "docs" / "README.md").resolve()}
    assert sorted(str(page.relative_to(ROOT)) for page in pages - reached) == []


def repository_files():
    for path in ROOT.rglob("*"):
        if path.is_file() and not NOT_IN_THE_REPOSITORY & set(path.relative_to(ROOT).parts):
            yield path


def test_nothing_refers_to_a_specification_outside_the_repository():
    naming = [str(path.relative_to(ROOT)) for path in repository_files()
              if OUTSIDE_SPECIFICATION.encode() in path.read_bytes()]
    assert naming == []
