"""`kit new`: copy the starter kit (this folder) into a new directory."""

from __future__ import annotations

import shutil
from pathlib import Path

from kit.errors import KitError, Location, Problem

STARTER = Path(__file__).parent


def create_starter(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise KitError([Problem(Location(str(directory)), "the folder is not empty; choose a new folder name",
                                "not-empty")])
    shutil.copytree(STARTER, directory, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    (directory / ".gitignore").write_text("build/\n", encoding="utf-8")
