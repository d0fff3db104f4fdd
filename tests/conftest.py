"""Shared fixtures: the minimal valid kit in tests/minimal-kit/, which tests modify file by file, and
helpers to read problems."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from kit.errors import KitError

REPO = Path(__file__).resolve().parent.parent

MINIMAL_KIT = Path(__file__).resolve().parent / "minimal-kit"
"""The one minimal valid kit every test starts from (the bad-input corpus lays its cases over it)."""


def _read(relative: str) -> str:
    return (MINIMAL_KIT / relative).read_text(encoding="utf-8")


KIT_YAML = _read("kit.yaml")
SOURCE_TEXT = _read("assets/source/article.txt")
UNIT_YAML = _read("units/01-first.yaml")

BASE_FILES = {
    "kit.yaml": KIT_YAML,
    "assets/source/article.txt": SOURCE_TEXT,
    "units/01-first.yaml": UNIT_YAML,
}


def write_files(root: Path, files: dict) -> None:
    for relative, content in files.items():
        path = root / relative
        if content is None:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def make_kit():
    """make_kit(tmp_path, files={relative path: text | bytes | None}) -> the kit folder.

    Starts from the minimal valid kit in tests/minimal-kit/ (kit.yaml, assets/source/article.txt,
    units/01-first.yaml);
    each entry of `files` adds or replaces a file, or deletes it when the value is None.
    """

    def make(root: Path, files: dict | None = None, base: bool = True) -> Path:
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        write_files(root, {**(BASE_FILES if base else {}), **(files or {})})
        return root

    return make


def problems_of(root: Path):
    """The problems load_kit reports for the kit at `root` (fails the test if it loads)."""
    from kit.kitload import load_kit

    with pytest.raises(KitError) as info:
        load_kit(root)
    return info.value.problems


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the `occurrence`-th line of `text` containing `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def col_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based column where `needle` starts on its line."""
    line = text.splitlines()[line_of(text, needle, occurrence) - 1]
    return line.index(needle) + 1


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (relative path -> digest)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def copy_shipped_kit(dest: Path) -> Path:
    """A copy of the repository's own kit (kit.yaml, units/, assets/, templates/ if any)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "kit.yaml", dest / "kit.yaml")
    for folder in ("units", "assets", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, dest / folder,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))
    return dest


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Every build of the tests keeps its cache in a temporary folder, never in the user's."""
    import os

    os.environ["KIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("kit-cache"))
    yield


def copy_with_cache(source: Path, root: Path) -> Path:
    """A copy of the kit at `source` with its build folder, and its cache as if it had been built
    where the copy is (the cache is kept per kit folder, outside it)."""
    from kit.cache import cache_folder, kit_folder

    shutil.copytree(source, root)
    shutil.copytree(cache_folder(source, source / "build"), cache_folder(root, root / "build"))
    if (kit_folder(source) / "yaml").is_dir():
        shutil.copytree(kit_folder(source) / "yaml", kit_folder(root) / "yaml")
    return root
