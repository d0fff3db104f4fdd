"""Core and extension work, and the lesson-plan marks check: `extension: true` on a question, prompt,
fill-in sentence or essay is labelled in the handout (read back from the built PDF), in Word, on the
slides and in the quiz names; the teacher edition lists the core items; `kit check` weighs the core
marks against the lesson plan's minutes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import UNIT_YAML, line_of, problems_of
from kit.build import build
from kit.checks import plan_marks_problems
from kit.cli import cli
from kit.kitload import load_kit
from kit.labels import LABELS
from kit.leaks import pdf_text
from kit.questions import kit_questions
from kit.slides import deck
from kit.views import core_items, unit_view


def unit(minutes: int = 30, timing: str = "", extension_q3: bool = True) -> str:
    """A unit on the minimal kit's letter: three questions (2 + 3 + 10 marks), two prompts, two gaps
    and an essay; question 3, prompt 2, gap 2 and the essay are extension work."""
    ext = "true" if extension_q3 else "false"
    return f"""\
id: ext
title: "Core and extension"
summary: "Some work is for everyone, some for early finishers."
objectives:
  - Tell core work from extension work.
minutes: {minutes}
{timing}blocks:
  - kind: text
    body: "Read the letter again."
  - kind: document_analysis
    title: "Questions on the letter"
    source: letter
    questions:
      - {{prompt: "Who wrote it?", points: 2, skill: sourcing, model_answer: "The general."}}
      - {{prompt: "When was it written?", points: 3, skill: context, model_answer: "In March 1920."}}
      - {{prompt: "Zebra-question how far does the letter show the general's fears?", points: 10,
         skill: close-reading, model_answer: "It shows haste.", extension: {ext}}}
  - kind: discussion
    prompts:
      - text: "Should the officers have obeyed?"
      - text: "Quagga-prompt what would the officers have answered?"
        extension: true
  - kind: fill_in
    items:
      - text: "The [[general]] wrote the letter."
      - text: "Okapi-gap he wrote to his [[officers]]."
        extension: true
  - kind: essay
    question: "Narwhal-essay was the general right to hurry?"
    extension: true
    rubric:
      - {{level: "Level 2", marks: "6-10", descriptor: "A judgement."}}
      - {{level: "Level 1", marks: "1-5", descriptor: "A description."}}
"""


TIMED = """\
timing:
  - {minutes: 10, activity: "Read the letter."}
  - {minutes: 5, activity: "Answer the questions in writing.", blocks: [2]}
  - {minutes: 15, activity: "Discuss."}
"""


@pytest.fixture
def kit_with(make_kit, tmp_path):
    def make(text: str):
        return load_kit(make_kit(tmp_path, {"units/01-first.yaml": UNIT_YAML, "units/02-ext.yaml": text}))
    return make


# --- the format -------------------------------------------------------------------------------

def test_the_schema_declares_extension_and_step_blocks():
    result = CliRunner().invoke(cli, ["schema"])
    defs = json.loads(result.output)["$defs"]
    for name in ("Question", "Prompt", "Gap", "EssayBlock"):
        assert defs[name]["properties"]["extension"]["type"] == "boolean"
        assert "extension" not in defs[name]["required"]
    assert defs["Step"]["properties"]["blocks"]["items"] == {"type": "integer", "minimum": 1, "maximum": 500}


def test_extension_loads_and_defaults_to_core(kit_with):
    kit = kit_with(unit())
    blocks = kit.unit("ext").unit.blocks
    assert [q.extension for q in blocks[1].questions] == [False, False, True]
    assert [p.extension for p in blocks[2].prompts] == [False, True]
    assert [g.extension for g in blocks[3].items] == [False, True]
    assert blocks[4].extension is True
    assert not any(q.extension for b in kit.unit("first").unit.blocks for q in getattr(b, "questions", []))


def test_a_step_naming_a_block_the_unit_lacks_is_an_error_at_its_place(make_kit, tmp_path):
    text = unit(timing=TIMED.replace("blocks: [2]", "blocks: [2, 9]"))
    root = make_kit(tmp_path, {"units/02-ext.yaml": text})
    (problem,) = problems_of(root)
    assert problem.code == "out-of-range"
    assert (problem.location.path, problem.location.line) == ("units/02-ext.yaml", line_of(text, "blocks: [2, 9]"))
    assert "names block 9, but the unit has 5 blocks" in problem.message


# --- views -----------------------------------------------------------------------------------

def test_views_carry_the_mark_and_the_teacher_view_lists_the_core(kit_with):
    kit = kit_with(unit())
    student, teacher = (unit_view(kit, kit.unit("ext"), 2, t) for t in (False, True))
    by_type = {b["type"]: b for b in student["blocks"]}
    assert [q["extension"] for q in by_type["document_analysis"]["questions"]] == [False, False, True]
    assert [p["extension"] for p in by_type["discussion"]["prompts"]] == [False, True]
    assert [g["extension"] for g in by_type["fill_in"]["gaps"]] == [False, True]
    assert by_type["essay"]["extension"] is True
    assert student["core"] == []
    assert teacher["core"] == ["Questions on the letter: 1, 2", "Discuss: 1", "Fill in the blanks: 1"]


def test_no_core_list_when_nothing_is_extension(kit_with):
    kit = kit_with(unit().replace("extension: true", "extension: false"))
    assert core_items(kit.unit("ext").unit, LABELS["en"]) == []
    assert unit_view(kit, kit.unit("ext"), 2, True)["core"] == []


def test_the_core_list_shortens_runs_and_names_untitled_blocks_in_the_kit_language(kit_with):
    text = unit().replace('      - {prompt: "Who wrote it?"', '      - {prompt: "A?", points: 1, skill: sourcing, '
                          'model_answer: "A."}\n      - {prompt: "B?", points: 1, skill: sourcing, model_answer: "B."}\n'
                          '      - {prompt: "Who wrote it?"')
    kit = kit_with(text)
    assert core_items(kit.unit("ext").unit, LABELS["ru"])[:2] == ["Questions on the letter: 1–4", "Обсудите: 1"]


# --- outputs, read back ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import BASE_FILES, write_files

    root = tmp_path_factory.mktemp("extension") / "kit"
    root.mkdir()
    write_files(root, {**BASE_FILES, "units/02-ext.yaml": unit(timing=TIMED)})
    build(root, outputs=["handout", "teacher", "docx"], unit_ids=["ext"], jobs=0)
    return root / "build"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_handout_pdf_labels_each_extension_item(built):
    text = _flat(pdf_text((built / "02-ext-handout.pdf").read_bytes()))
    for marker in ("Zebra-question", "Quagga-prompt", "Okapi-gap", "Narwhal-essay"):
        assert f"EXTENSION {marker}" in text, marker   # the label prints in small capitals
    assert text.count("EXTENSION") == 4
    assert "Total: 15 points (Core work: 5 · Extension: 10)" in text   # the total says what is extension
    assert "Core work: Questions on the letter" not in text             # the teacher's list of the core


def test_the_teacher_edition_pdf_lists_the_core_under_the_lesson_plan(built):
    text = _flat(pdf_text((built / "02-ext-teacher.pdf").read_bytes()))
    assert "Core work: Questions on the letter: 1, 2; Discuss: 1; Fill in the blanks: 1" in text
    assert text.index("Lesson plan") < text.index("Core work")
    assert "EXTENSION Zebra-question" in text


def test_word_labels_extension_items_and_lists_the_core(built):
    handout = "\n".join(p.text for p in Document(str(built / "02-ext-handout.docx")).paragraphs)
    for marker in ("Zebra-question", "Quagga-prompt", "Okapi-gap", "Narwhal-essay"):
        assert f"[Extension] {marker}" in handout, marker
    assert "Core work" not in handout
    teacher = "\n".join(p.text for p in Document(str(built / "02-ext-teacher.docx")).paragraphs)
    assert "Core work: Questions on the letter: 1, 2; Discuss: 1; Fill in the blanks: 1" in teacher
    assert "[Extension] Zebra-question" in teacher


def test_quiz_names_and_slide_titles_say_extension(kit_with):
    kit = kit_with(unit())
    (_, ext) = kit_questions(kit)
    names = [q.name for q in ext.questions if q.kind == "essay"]
    assert names == ["02 ext: question 1", "02 ext: question 2", "02 ext: question 3 (extension)",
                     "02 ext: essay 1 (extension)"]
    titles = [s["title"] for s in deck(kit, kit.unit("ext"), 2, LABELS["en"])]
    assert "Question 3 · Extension" in titles and "Question 2" in titles
    assert titles.count("Discuss · Extension") == 1 and "Essay · Extension" in titles


# --- kit check: plan-marks -----------------------------------------------------------------------

def test_core_marks_beyond_the_minutes_of_the_steps_that_name_them_warn_at_the_first_step(kit_with):
    text = unit(timing=TIMED, extension_q3=False)
    (problem,) = plan_marks_problems(kit_with(text))
    assert (problem.code, problem.severity) == ("plan-marks", "warning")
    assert (problem.location.path, problem.location.line) == ("units/02-ext.yaml", line_of(text, "blocks: [2]"))
    assert "block 2 carry 15 marks" in problem.message and "(2) gives 5 minutes" in problem.message
    assert "move 10 minutes into it from other steps" in problem.message
    assert "extension: true" in problem.message


def test_extension_questions_do_not_count(kit_with):
    assert plan_marks_problems(kit_with(unit(timing=TIMED))) == []   # 2 + 3 core marks in 5 minutes


def test_without_named_blocks_the_core_is_weighed_against_the_units_minutes(kit_with):
    text = unit(minutes=12, extension_q3=False)
    (problem,) = plan_marks_problems(kit_with(text))
    assert problem.code == "plan-marks"
    assert (problem.location.path, problem.location.line) == ("units/02-ext.yaml", line_of(text, "minutes: 12"))
    assert "carry 15 marks, more than its 12 minutes allow" in problem.message
    assert plan_marks_problems(kit_with(unit(minutes=15, extension_q3=False))) == []


def test_kit_check_prints_the_warning_and_a_fine_kit_gets_none(make_kit, tmp_path):
    root = make_kit(tmp_path / "a", {"units/02-ext.yaml": unit(timing=TIMED, extension_q3=False)})
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert "warning: the core questions of block 2 carry 15 marks" in result.output
    assert "[plan-marks]" in result.output
    fine = make_kit(tmp_path / "b", {"units/02-ext.yaml": unit(timing=TIMED)})
    result = CliRunner().invoke(cli, ["check", str(fine)])
    assert "plan-marks" not in result.output and "warning" not in result.output
