"""`--jobs N`: outputs spread over worker processes come out byte for byte as in one process,
problems and bugs in a worker reach the parent, and nothing is written unless all rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dataclasses import replace

from conftest import UNIT_YAML, tree_hashes
from kit.build import build
from kit.cli import cli
from kit.errors import KitError
from kit.outputs import KINDS
from kit.plan import Job
from kit.workers import RenderCrashed, tasks

SECOND_UNIT = (UNIT_YAML.replace("id: first", "id: second").replace("id: letter", "id: letter2")
               .replace("source: letter", "source: letter2"))


@pytest.fixture
def kit_root(make_kit, tmp_path):
    return make_kit(tmp_path / "kit", {"units/02-second.yaml": SECOND_UNIT})


def pdfs(folder: Path) -> dict[str, str]:
    return {name: digest for name, digest in tree_hashes(folder).items() if name.endswith(".pdf")}


def test_two_workers_make_the_same_pdfs_as_one_process(kit_root, tmp_path):
    one = build(kit_root, tmp_path / "one", jobs=1)
    two = build(kit_root, tmp_path / "two", jobs=2)
    assert [b.job.path.name for b in one.built] == [b.job.path.name for b in two.built]  # plan order
    assert [b.pages for b in one.built] == [b.pages for b in two.built]
    assert len(pdfs(tmp_path / "one")) == len([b for b in one.built if b.job.path.suffix == ".pdf"]) >= 12
    assert pdfs(tmp_path / "one") == pdfs(tmp_path / "two")


def test_the_command_takes_jobs_and_verbose_prints_a_summary_table(kit_root):
    result = CliRunner().invoke(cli, ["build", str(kit_root), "--jobs", "2", "--output", "handout",
                                      "--output", "slides", "--verbose"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("output "))
    assert lines[header].split() == ["output", "pages", "seconds", "status"]
    rows = [line.split() for line in lines[header + 1:] if set(line.strip()) - set("─ ")][:6]  # under the rule
    assert [r[0] for r in rows] == ["01-first-handout.pdf", "01-first-slides.pdf", "01-first-slides.pdfpc",
                                    "02-second-handout.pdf", "02-second-slides.pdf", "02-second-slides.pdfpc"]
    assert all(r[3] == "built" and (int(r[1]) >= 1 if r[0].endswith(".pdf") else r[1] == "-") for r in rows)
    assert lines[-1].startswith("Built 6 outputs (") and lines[-1].endswith(f"Outputs in {kit_root / 'build'}.")
    progress = [line for line in result.stderr.splitlines() if line.strip().startswith("[")]
    assert len(progress) == 6 and progress[-1].strip().startswith("[6/6]")  # one line per output (no TTY)


def test_a_problem_in_a_worker_fails_the_build_and_writes_nothing(make_kit, tmp_path):
    leaky = ('{% include "default/blocks/document_analysis.html" %}\n'
             '<p>Answers: Quartermaster general wrote it secretly towards officers while councillors kept '
             'arguing endlessly.</p>\n')
    root = make_kit(tmp_path / "kit", {"units/02-second.yaml": SECOND_UNIT})
    build(root, jobs=2, outputs=["handout", "teacher"])
    before = tree_hashes(root / "build")
    (root / "templates").mkdir()
    (root / "templates/blocks").mkdir()
    (root / "templates/blocks/document_analysis.html").write_text(leaky)
    with pytest.raises(KitError) as info:
        build(root, jobs=2, outputs=["handout", "teacher"])
    leaks = {p.message.split("student output ")[1].split(" ")[0] for p in info.value.problems if p.code == "leak"}
    assert leaks == {"01-first-handout.pdf", "02-second-handout.pdf"}
    assert tree_hashes(root / "build") == before


def render_broken(kit_, job, session):
    """A renderer with a bug for one unit (workers import it from this module by name)."""
    from kit.renderers import render_page

    if job.unit_id == "second":
        raise ZeroDivisionError("boom")
    return render_page(kit_, job, session)


def test_a_bug_in_a_worker_is_reported_with_the_output_it_was_rendering(kit_root, monkeypatch):
    broken = replace(KINDS["teacher"], name="broken", choice="broken", renderer="test_jobs:render_broken")
    monkeypatch.setitem(KINDS, "broken", broken)
    with pytest.raises(RenderCrashed, match=r"ZeroDivisionError: boom \(while rendering 02-second-broken.pdf\)"):
        build(kit_root, jobs=2, outputs=["handout", "broken"])
    assert not (kit_root / "build" / "01-first-handout.pdf").exists()


def test_tasks_keep_a_units_deck_together_longest_first(tmp_path):
    jobs = [Job(kind, tmp_path / f"{unit}-{kind}.pdf", "a4", unit)
            for unit in ("a", "b") for kind in ("handout", "notes", "slides", "3up")]
    jobs += [Job(kind, tmp_path / f"{kind}.pdf", "a4", None) for kind in ("student-book", "teacher-book", "cards")]
    cost = {"handout": 1, "notes": 1, "slides": 3, "3up": 1, "student-book": 2, "teacher-book": 3, "cards": 1}
    groups = tasks(jobs, lambda job: cost[job.kind])
    assert [[jobs[i].path.stem for i in g] for g in groups] == [
        ["a-slides", "a-notes", "a-3up"], ["b-slides", "b-notes", "b-3up"], ["teacher-book"], ["student-book"],
        ["a-handout"], ["b-handout"], ["cards"]]


def render_slowly(kit_, job, session):
    import time

    time.sleep(30)


def render_greedily(kit_, job, session):
    return bytearray(8 * 1024 ** 3)


@pytest.mark.parametrize("renderer, limit, message", [
    ("test_jobs:render_slowly", ("KIT_RENDER_SECONDS", "2"), "took more than 2 seconds, so it was stopped"),
    ("test_jobs:render_greedily", ("KIT_RENDER_MEMORY_MB", "2000"), "needed more than 2,000 MB of memory"),
], ids=["time", "memory"])
def test_a_render_past_its_limits_is_a_problem_naming_the_output(kit_root, monkeypatch, renderer, limit, message):
    import time

    greedy = replace(KINDS["handout"], name="greedy", choice="greedy", renderer=renderer)
    monkeypatch.setitem(KINDS, "greedy", greedy)
    monkeypatch.setenv(*limit)
    started = time.monotonic()
    with pytest.raises(KitError) as info:
        build(kit_root, jobs=1, outputs=["greedy"], unit_ids={"first"})
    assert time.monotonic() - started < 25
    [problem] = info.value.problems
    assert problem.location.path == "01-first-greedy.pdf" and message in problem.message
    assert problem.code == "render-limit"
