"""`kit new`: copy the starter kit (this folder) into a new directory, with the formats' JSON
Schemas and the settings that make VS Code's YAML extension complete and check the keys."""

from __future__ import annotations

import json
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
    write_editor_settings(directory)


EDITOR = ".vscode"
SCHEMAS = {"unit.schema.json": ["units/*.yaml", "units/*.yml"], "kit.schema.json": ["kit.yaml"]}


def write_editor_settings(directory: Path) -> None:
    """.vscode/unit.schema.json and kit.schema.json (what `kit schema` prints), and
    .vscode/settings.json mapping them to the kit's files for the YAML extension (redhat.vscode-yaml)."""
    from kit import schema
    from kit.formatdoc import json_schema

    folder = directory / EDITOR
    folder.mkdir(exist_ok=True)
    for name, top in (("unit.schema.json", schema.Unit), ("kit.schema.json", schema.Kit)):
        (folder / name).write_text(json.dumps(json_schema(top), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    settings = {"yaml.schemas": {f"./{EDITOR}/{name}": globs for name, globs in SCHEMAS.items()},
                "files.encoding": "utf8", "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2}}
    (folder / "settings.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    (folder / "extensions.json").write_text(json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n",
                                            encoding="utf-8")
