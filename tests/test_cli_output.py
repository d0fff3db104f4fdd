"""What the command line says: one line by default, nothing with --quiet, tables with --verbose,
JSON with --json, colour only where wanted, and annotations under GitHub Actions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import BASE_FILES
from kit.cli import cli
from kit.errors import Location, Problem
from kit.report import annotation, counted
from kit.watch import editor_scratch

UNIT = "units/01-first.yaml"
BROKEN = {UNIT: BASE_FILES[UNIT].replace('title: "The general\'s letter"', "title: [12]", 1)}


def run(*args, env=None, color=False):
    return CliRunner(env=env).invoke(cli, [str(a) for a in args], color=color)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A minimal kit, built once with --json (handout only); the tests below rebuild it, which
    the cache answers at once."""
    from conftest import write_files

    root = tmp_path_factory.mktemp("cli-output") / "kit"
    root.mkdir()
    write_files(root, BASE_FILES)
    first = run("build", root, "--output", "handout", "--json")
    assert first.exit_code == 0, first.output
    return root, json.loads(first.stdout)


def test_json_build_lists_each_output_with_its_pages_and_status(built):
    root, report = built
    assert report["ok"] is True and report["out_dir"] == str(root / "build")
    [output] = report["outputs"]
    assert output["file"] == "01-first-handout.pdf" and output["status"] == "built"
    assert output["kind"] == "handout" and output["audience"] == "student" and output["pages"] >= 1
    again = json.loads(run("build", root, "--output", "handout", "--json").stdout)
    assert [o["status"] for o in again["outputs"]] == ["up to date"]


def test_a_default_build_says_one_line(built):
    root, _ = built
    result = run("build", root, "--output", "handout", "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"Built 1 output ({_pages(root)}) in "
                                          + result.stdout.split(" in ", 1)[1].rstrip("\n")]
    assert result.stdout.rstrip().endswith(f"s. Outputs in {root / 'build'}.")
    assert result.stderr == ""  # no progress lines where stderr is not a terminal


def _pages(root) -> str:
    from pypdf import PdfReader

    count = len(PdfReader(root / "build" / "01-first-handout.pdf").pages)
    return counted(count, "page")


def test_nothing_to_do_is_one_line_with_a_correct_plural(built):
    root, _ = built
    result = run("build", root, "--output", "handout")
    assert result.stdout == f"Nothing to do: 1 output up to date in {root / 'build'}.\n"


def test_quiet_says_nothing_when_all_is_well(built):
    root, _ = built
    result = run("build", root, "--output", "handout", "--quiet", "--force")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert run("check", root, "--quiet").output == ""


def test_verbose_shows_progress_and_the_tables(built):
    root, _ = built
    result = run("build", root, "--output", "handout", "--verbose", "--force")
    assert "[1/1] 01-first-handout.pdf" in result.stderr
    assert "Print pack for a class of" in result.stdout
    assert any(line.split()[:4] == ["output", "pages", "seconds", "status"] for line in result.stdout.splitlines())


def test_check_and_list_speak_json(built):
    root, _ = built
    check = json.loads(run("check", root, "--json").stdout)
    assert check == {"ok": True, "units": 1, "problems": []}
    listing = json.loads(run("list", root, "--json").stdout)
    assert [u["id"] for u in listing["units"]] == ["first"]
    assert {"file": "01-first-handout.pdf", "kind": "handout", "unit": "first", "format": "pdf",
            "audience": "student"}.items() <= listing["outputs"][0].items()
    assert run("check", root).stdout == f"{root}: 1 unit, no problems found.\n"


def test_problems_as_json_name_file_line_column_and_code(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", BROKEN)
    for command in ("check", "build"):
        result = run(command, root, "--json")
        assert result.exit_code == 1
        report = json.loads(result.stdout)
        assert report["ok"] is False and report["written"] is False
        [problem] = report["problems"]
        assert problem["file"] == "units/01-first.yaml" and problem["line"] == 2 and problem["column"] == 8
        assert problem["severity"] == "error" and problem["code"] and "title" in problem["message"]


def test_colour_on_a_terminal_and_never_with_no_color(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", BROKEN)
    coloured = run("check", root, color=True)
    assert "\x1b[31m" in coloured.stderr and "error:" in coloured.stderr
    assert "\x1b[" not in run("check", root, env={"NO_COLOR": "1"}, color=True).stderr
    assert "\x1b[" not in run("check", root).stderr  # not a terminal


def test_github_actions_gets_annotations(make_kit, tmp_path, monkeypatch):
    root = make_kit(tmp_path / "kit", BROKEN)
    monkeypatch.chdir(tmp_path)
    result = run("check", "kit", env={"GITHUB_ACTIONS": "true"})
    [line] = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert line.startswith("::error file=kit/units/01-first.yaml,line=2,col=8,title=kit ")
    assert "::" in line[2:] and "title" in line.split("::")[2]
    assert not any(line.startswith("::") for line in run("check", "kit").stdout.splitlines())


def test_annotations_escape_what_would_break_the_command():
    problem = Problem(Location("units/a,b:c.yaml", 3, 4), "50% done\nthen more", "bad-thing")
    assert annotation(problem, None) == ("::error file=units/a%2Cb%3Ac.yaml,line=3,col=4,title=kit bad-thing"
                                         "::50%25 done%0Athen more")
    warning = Problem(Location("kit.yaml"), "slow", "budget", severity="warning")
    assert annotation(warning, None) == "::warning file=kit.yaml,title=kit budget::slow"


@pytest.mark.parametrize("number, text", [(0, "0 units"), (1, "1 unit"), (2, "2 units"), (1200, "1,200 units")])
def test_counted_words(number, text):
    assert counted(number, "unit") == text


@pytest.mark.parametrize("name, scratch", [
    ("01-overview.yaml", False), ("map.svg", False), ("kit.css", False),
    (".01-overview.yaml.swp", True), ("01-overview.yaml~", True), ("#01-overview.yaml#", True),
    (".#01-overview.yaml", True), ("4913", True), ("01-overview.yaml___jb_tmp___", True),
    (".goutputstream-ABC123", True), ("01-overview.yaml.kate-swp", True), ("map.svg.bak", True)])
def test_watch_ignores_what_editors_write_beside_a_file(name, scratch):
    assert editor_scratch(name) is scratch
