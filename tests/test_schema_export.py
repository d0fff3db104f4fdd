"""`kit schema`: the JSON Schema editors use and the format reference (docs/format.md), both generated
from kit/schema.py, agree with the files kit ships and with what kit itself accepts and refuses.

Files are read as a YAML 1.2 editor would see them: yaml.safe_load, then dates turned back into
ISO strings (YAML 1.2 has no date type; `1920-04-26` is a string there).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from kit.cli import cli

REPO = Path(__file__).resolve().parent.parent
UNIT_FILES = sorted(REPO.glob("units/*.yaml")) + sorted((REPO / "kit" / "starter").glob("units/*.yaml"))
KIT_FILES = [REPO / "kit.yaml", REPO / "kit" / "starter" / "kit.yaml"]
TINY = Path(__file__).resolve().parent / "bad_inputs" / "tiny-unit.yaml"
FORMAT_REFERENCE = REPO / "docs" / "format.md"
START, END = "<!-- format-reference:start -->", "<!-- format-reference:end -->"


def kit_schema(*args: str) -> str:
    result = CliRunner().invoke(cli, ["schema", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def unit_validator():
    schema = json.loads(kit_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def kit_validator():
    schema = json.loads(kit_schema("--kit-file"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def as_editor_sees(value):
    """Dates back to ISO text, everything else as yaml.safe_load made it."""
    if isinstance(value, dict):
        return {key: as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def load(path: Path):
    return as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))


def errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_there_are_shipped_units_to_check():
    assert len(UNIT_FILES) >= 2
    assert all(path.is_file() for path in KIT_FILES)


def _unit_params():
    for path in UNIT_FILES:
        yield pytest.param(path, id=path.relative_to(REPO).as_posix())


@pytest.mark.parametrize("path", list(_unit_params()))
def test_shipped_units_validate(path, unit_validator):
    assert errors(unit_validator, load(path)) == []


@pytest.mark.parametrize("path", KIT_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_shipped_kit_files_validate(path, kit_validator):
    assert errors(kit_validator, load(path)) == []


def test_a_bare_year_is_a_date_in_the_schema(unit_validator):
    """`date: 1921` is an integer to a YAML editor, and a valid date to kit."""
    unit = load(TINY)
    unit["blocks"] = [{"kind": "timeline", "events": [
        {"date": 1921, "event": "Something happened.", "locator": {"paragraph": 1}}]}]
    assert errors(unit_validator, unit) == []


def test_the_tiny_unit_validates(unit_validator):
    assert errors(unit_validator, load(TINY)) == []


@pytest.mark.parametrize("change, words", [
    (lambda u: u.update(titel=u.pop("title")), "Additional properties are not allowed ('titel'"),
    (lambda u: u["blocks"][0].update(bdy="x"), ""),
    (lambda u: u.update(minutes="forty"), "'forty' is not of type 'integer'"),
    (lambda u: u.update(objectives="Say who wrote it."), "is not of type 'array'"),
    (lambda u: u.update(minutes=2), "2 is less than the minimum of 5"),
    (lambda u: u.update(id="First Unit"), "does not match"),
    (lambda u: u.pop("summary"), "'summary' is a required property"),
    (lambda u: u["blocks"].append({"kind": "txt", "body": "x"}), ""),
    (lambda u: u.update(blocks=[]), "should be non-empty"),
], ids=["unknown-key", "unknown-key-in-block", "word-for-number", "text-for-list", "out-of-range", "bad-id",
        "missing-key", "unknown-kind", "no-blocks"])
def test_what_kit_refuses_the_schema_refuses(change, words, unit_validator, tmp_path):
    unit = load(TINY)
    change(unit)
    found = errors(unit_validator, unit)
    assert found, "the schema accepted it"
    assert words in " ".join(found)
    # and kit itself refuses the same file
    from kit.errors import KitError
    from kit.validate import Collected, convert_document
    from kit.yamlload import parse
    from kit import schema

    text = yaml.safe_dump(unit, allow_unicode=True, sort_keys=False)
    collected = Collected()
    try:
        converted = convert_document(schema.Unit, parse(text, "units/x.yaml"), collected)
    except KitError:
        return
    assert converted is None or collected.problems


def test_wrong_kind_in_kit_file_fails(kit_validator):
    data = load(KIT_FILES[0])
    data["authors"] = "One Author"
    data["language"] = "fr"
    found = " ".join(errors(kit_validator, data))
    assert "'One Author' is not of type 'array'" in found
    assert "'fr' is not one of" in found


def test_format_reference_is_current():
    reference = FORMAT_REFERENCE.read_text(encoding="utf-8")
    assert reference.count(START) == 1 and reference.count(END) == 1
    block = reference.split(START, 1)[1].split(END, 1)[0]
    generated = kit_schema("--format", "markdown")
    assert block == "\n" + generated, ("docs/format.md's format reference is out of date: run "
                                       "`python -m kit.formatdoc docs/format.md`")


def test_formatdoc_rewrites_the_reference_in_place(tmp_path):
    from kit.formatdoc import update_reference

    current = FORMAT_REFERENCE.read_text(encoding="utf-8")
    stale = current.replace("| `title` | yes |", "| `title` | no |", 1)
    assert stale != current
    copy = tmp_path / "format.md"
    copy.write_text(stale, encoding="utf-8")
    update_reference(copy)
    assert copy.read_text(encoding="utf-8") == current


def test_readme_points_to_the_format_reference():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert START not in readme and END not in readme  # one copy of the reference, in docs/format.md
    assert "](docs/format.md)" in readme
