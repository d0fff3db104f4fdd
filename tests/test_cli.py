"""The `kit` command: output, messages and documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import kit
import kit.build
from conftest import REPO, UNIT_YAML
from kit.cli import cli
from kit.kitload import load_kit
from kit.output import build_lock
from kit.plan import plan_outputs

PDF_NAMES = {"01-first-unit-handout.pdf", "01-first-unit-teacher.pdf", "01-first-unit-slides.pdf",
             "student-book.pdf", "teacher-book.pdf"}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"kit, version {kit.__version__}"


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("check", "build", "list", "dump", "new"):
        assert f"  {command} " in result.output


def test_python_dash_m_kit_version():
    done = subprocess.run([sys.executable, "-m", "kit", "--version"], capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"kit, version {kit.__version__}"


def test_check_on_the_shipped_kit():
    result = run("check", REPO)
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output
    assert "Traceback" not in result.output


def test_check_on_a_broken_kit(make_kit, tmp_path):
    root = make_kit(tmp_path, {"units/01-first.yaml": UNIT_YAML.replace("minutes: 45", "minutes: lots"),
                               "units/02-bad.yaml": "id: bad\ntitle: 1919\n"})
    result = run("check", root)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "units/01-first.yaml:6:10: error: expected a whole number for 'minutes', found the text 'lots' " \
           "[wrong-kind]" in lines
    assert any(line.startswith("units/02-bad.yaml:2:8: error: ") for line in lines)
    assert "    minutes: lots" in lines and "             ^" in lines      # snippet and caret
    errors = [line for line in lines if ": error: " in line]
    assert lines[-1] == f"{len(errors)} errors in 2 files; nothing was written."
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_check_on_a_folder_that_is_not_a_kit(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert "no kit.yaml here" in result.output
    assert result.stderr.splitlines()[-1] == "1 error in 1 file; nothing was written."


def test_check_reports_a_control_character_as_a_problem(make_kit, tmp_path):
    root = make_kit(tmp_path, {"units/01-first.yaml": UNIT_YAML.replace("Who wrote", "Who\x07 wrote")})
    result = run("check", root)
    assert result.exit_code == 1
    assert "units/01-first.yaml:" in result.output and "internal error" not in result.output


def test_list_shows_units_and_output_paths(make_kit, tmp_path):
    root = make_kit(tmp_path)
    result = run("list", root)
    assert result.exit_code == 0, result.output
    assert "first" in result.output and "45 min" in result.output and "The general's letter" in result.output
    assert "(units/01-first.yaml)" in result.output
    for name in ("01-first-handout.pdf", "01-first-teacher.pdf", "01-first-slides.pdf", "student-book.pdf",
                 "teacher-book.pdf"):
        assert str(root / "build" / name) in result.output
    assert not (root / "build").exists()   # listing writes nothing


def test_list_with_paper_letter(make_kit, tmp_path):
    result = run("list", make_kit(tmp_path), "--paper", "letter")
    assert result.exit_code == 0


def test_dump_prints_json_with_every_unit():
    result = run("dump", REPO)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ids = [u["id"] for u in data["units"]]
    files = sorted(p.name for p in (REPO / "units").glob("*.yaml"))
    assert len(ids) == len(files) == len(set(ids))
    for unit_file in (REPO / "units").glob("*.yaml"):
        first = next(line for line in unit_file.read_text(encoding="utf-8").splitlines() if line.startswith("id:"))
        assert first.split(":", 1)[1].strip().strip("\"'") in ids
    assert data["kit"]["title"]
    assert all(u["file"].startswith("units/") for u in data["units"])


def test_dump_of_a_small_kit(make_kit, tmp_path):
    data = json.loads(run("dump", make_kit(tmp_path)).stdout)
    unit = data["units"][0]
    assert unit["id"] == "first" and unit["minutes"] == 45
    assert unit["blocks"][1]["items"][0]["date"] == "1920-03-02"
    assert unit["blocks"][0]["kind"] == "text"


def test_new_then_build(tmp_path):
    folder = tmp_path / "my-kit"
    result = run("new", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "kit.yaml").is_file() and (folder / "units" / "01-first-unit.yaml").is_file()
    assert run("check", folder).exit_code == 0
    result = run("build", folder)
    assert result.exit_code == 0, result.output
    pdfs = {p.name for p in (folder / "build").glob("*.pdf")}
    # the five outputs of the brief; newer kinds (notes, 3up) come on top, as planned
    planned = {job.path.name for job in plan_outputs(load_kit(folder), folder / "build")}
    assert PDF_NAMES <= planned
    assert pdfs == {name for name in planned if name.endswith(".pdf")}
    assert planned - pdfs == {"01-first-unit-slides.pdfpc"}   # the deck's presenter file
    assert all((folder / "build" / name).is_file() for name in planned)
    assert all((folder / "build" / name).read_bytes().startswith(b"%PDF-") for name in pdfs)
    assert result.stdout.startswith(f"Built {len(planned)} outputs (")  # one line, nothing else


def test_new_into_a_non_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("new", tmp_path)
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_new_into_an_empty_existing_folder(tmp_path):
    result = run("new", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kit.yaml").is_file()


def test_build_unknown_unit_is_a_usage_error(make_kit, tmp_path):
    result = run("build", make_kit(tmp_path), "--unit", "frist")
    assert result.exit_code == 2
    assert "did you mean 'first'" in result.output
    assert "internal error" not in result.output
    assert not (tmp_path / "build").exists()


def test_watch_with_an_unknown_unit_says_so_and_keeps_watching(make_kit, tmp_path):
    result = run("watch", make_kit(tmp_path), "--unit", "frist", "--max-rebuilds", "0")
    assert result.exit_code == 0, result.output
    assert "no unit 'frist' (did you mean 'first'?)" in result.output and "Watching" in result.output


@pytest.mark.parametrize("args", [["build", "--bogus"], ["check", "--nope"], ["build", "--output", "poster"],
                                  ["build", "--paper", "a3"], ["frobnicate"]])
def test_usage_errors_exit_2(make_kit, tmp_path, args):
    result = run(*args[:1], make_kit(tmp_path), *args[1:]) if args[0] != "frobnicate" else run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_internal_error_is_one_line_mentioning_debug(make_kit, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kit.build, "build", broken)
    result = run("build", make_kit(tmp_path))
    assert result.exit_code == 70
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "RuntimeError: boom" in lines[0] and "--debug" in lines[0]
    assert "Traceback" not in result.output


def test_debug_shows_the_exception(make_kit, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kit.build, "build", broken)
    result = run("build", "--debug", make_kit(tmp_path))
    assert isinstance(result.exception, RuntimeError)
    assert result.exit_code != 0 and result.exit_code != 70


def test_interrupt_exits_130(make_kit, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kit.build, "build", interrupted)
    result = run("build", make_kit(tmp_path))
    assert result.exit_code == 130
    assert "interrupted" in result.output


def test_locked_build_folder_exits_75(make_kit, tmp_path):
    root = make_kit(tmp_path)
    with build_lock(root / "build"):
        result = run("build", root)
    assert result.exit_code == 75
    assert "another build" in result.output
    assert not list((root / "build").glob("*.pdf"))


def test_unwritable_output_exits_73(make_kit, tmp_path):
    root = make_kit(tmp_path)
    (tmp_path / "a-file").write_text("x")
    result = run("build", root, "-o", tmp_path / "a-file" / "build")
    assert result.exit_code == 73
    assert result.output.startswith("kit: cannot write")


def test_build_with_problems_exits_1_and_writes_nothing(make_kit, tmp_path):
    root = make_kit(tmp_path, {"units/01-first.yaml": UNIT_YAML.replace("points: 2", "points: 99")})
    result = run("build", root)
    assert result.exit_code == 1
    assert "[out-of-range]" in result.output
    assert result.stderr.splitlines()[-1] == "1 error in 1 file; nothing was written."
    assert not list(root.rglob("*.pdf"))


def test_new_sets_up_editor_completion(tmp_path):
    """`kit new` writes the formats' JSON Schemas and VS Code settings that map them to the files;
    the starter's own files pass the schemas, and a misspelt key does not."""
    import jsonschema
    import yaml

    from test_schema_export import as_editor_sees

    folder = tmp_path / "my-kit"
    assert run("new", folder).exit_code == 0
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./.vscode/unit.schema.json": ["units/*.yaml", "units/*.yml"],
                                        "./.vscode/kit.schema.json": ["kit.yaml"]}
    unit_schema = json.loads((folder / ".vscode" / "unit.schema.json").read_text(encoding="utf-8"))
    assert unit_schema == json.loads(run("schema").stdout)
    kit_schema = json.loads((folder / ".vscode" / "kit.schema.json").read_text(encoding="utf-8"))
    assert kit_schema == json.loads(run("schema", "--kit-file").stdout)
    unit = as_editor_sees(yaml.safe_load((folder / "units" / "01-first-unit.yaml").read_text(encoding="utf-8")))
    jsonschema.validate(unit, unit_schema)
    jsonschema.validate(as_editor_sees(yaml.safe_load((folder / "kit.yaml").read_text(encoding="utf-8"))), kit_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**unit, "titel": "misspelt"}, unit_schema)
    assert json.loads((folder / ".vscode" / "extensions.json").read_text())["recommendations"] == ["redhat.vscode-yaml"]
