"""The leak guard: teacher-only text in a student PDF fails the build, naming the unit file and line."""

from __future__ import annotations

import pytest

import kit.views
from conftest import UNIT_YAML, col_of, line_of
from kit.build import build
from kit.errors import KitError, Location
from kit.leaks import WINDOW, find_leaks, windows

UNIT = "units/01-first.yaml"
ANSWER = "Quartermaster general wrote it secretly towards officers while councillors kept arguing endlessly."
MARKING = "Award one mark for naming the general and another mark for naming his officers."

LEAKY_TEMPLATE = (
    '{% include "default/blocks/document_analysis.html" %}\n'
    "{# a careless override: the answer key printed for everyone #}\n"
    f'<div class="answers"><p>Answers: {ANSWER}</p></div>\n'
)


def answer_location() -> str:
    return f"{UNIT}:{line_of(UNIT_YAML, 'model_answer:')}:{col_of(UNIT_YAML, ANSWER[:20]) - 1}"


def test_the_base_kit_has_the_answer_under_test():
    assert ANSWER in UNIT_YAML and len(ANSWER.split()) >= WINDOW


def test_override_that_prints_model_answers_to_students_fails_the_build(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/blocks/document_analysis.html": LEAKY_TEMPLATE})
    with pytest.raises(KitError) as info:
        build(root)
    leaks = [p for p in info.value.problems if p.code == "leak"]
    assert leaks, [p.format(False) for p in info.value.problems]
    assert {str(p.location) for p in leaks} == {answer_location()}
    outputs = {p.message.split("student output ")[1].split(" ")[0] for p in leaks}
    assert "01-first-handout.pdf" in outputs and "student-book.pdf" in outputs
    assert "01-first-teacher.pdf" not in outputs and "teacher-book.pdf" not in outputs
    assert all("teacher-only 'model_answer'" in p.message for p in leaks)
    assert not list((root / "build").glob("*.pdf"))


def test_the_same_override_is_fine_for_teacher_outputs(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/blocks/document_analysis.html": LEAKY_TEMPLATE})
    result = build(root, outputs=["teacher"])
    assert [b.job.path.name for b in result.built] == ["01-first-teacher.pdf"]


def test_a_view_that_forgets_the_teacher_flag_is_caught(make_kit, tmp_path, monkeypatch):
    # simulate a bug in views.py: teacher-only values reach student views
    monkeypatch.setattr(kit.views, "teacher_only", lambda value, teacher: value)
    root = make_kit(tmp_path)
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"], jobs=0)  # in this process, where the bug is
    leaked = {p.message.split("'")[1] for p in info.value.problems if p.code == "leak"}
    assert {"model_answer", "marking", "caveat"} <= leaked
    lines = {p.location.line for p in info.value.problems if p.code == "leak"}
    assert line_of(UNIT_YAML, "marking:") in lines and line_of(UNIT_YAML, "caveat:") in lines
    assert not (root / "build" / "01-first-handout.pdf").exists()


def test_hyphenation_does_not_hide_a_leak(make_kit, tmp_path):
    css = ".answers { width: 28mm; hyphens: auto; font-size: 14pt; text-align: justify; }\n"
    root = make_kit(tmp_path, {"templates/blocks/document_analysis.html": LEAKY_TEMPLATE, "templates/kit.css": css})
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    assert {str(p.location) for p in info.value.problems if p.code == "leak"} == {answer_location()}


# --- find_leaks on plain text ---------------------------------------------------------------

WHERE = Location(UNIT, 30, 23)


def test_find_leaks_reports_a_run_of_words():
    text = f"Question 1. Who wrote it?\n{ANSWER}\nPage 1 of 2"
    problems = find_leaks(text, [(ANSWER, WHERE, "model_answer")], [], "x-handout.pdf")
    assert [(p.code, p.location) for p in problems] == [("leak", WHERE)]
    assert "x-handout.pdf" in problems[0].message


def test_find_leaks_survives_line_breaks_and_hyphenation():
    broken = ANSWER.replace("secretly ", "se-\ncretly\n").replace("officers while", "officers\nwhile")
    assert find_leaks(broken, [(ANSWER, WHERE, "model_answer")], [], "x.pdf")


def test_find_leaks_survives_pdfium_hyphenation():
    pdfium_text = "Quarter\u2010\r\nmaster gen\u2010\r\neral wrote\r\nit secretly\r\ntowards of\u2010\r\n" \
                  "ficers while\r\ncouncillors kept ar\u2010\r\nguing end\u2010\r\nlessly."
    assert find_leaks(pdfium_text, [(ANSWER, WHERE, "model_answer")], [], "x.pdf")


def test_find_leaks_ignores_short_overlaps_and_student_visible_text():
    short = " ".join(ANSWER.split()[:WINDOW - 1])
    assert find_leaks(short, [(ANSWER, WHERE, "model_answer")], [], "x.pdf") == []
    # the same words are also in a field students are meant to see: not a leak
    assert find_leaks(ANSWER, [(ANSWER, WHERE, "model_answer")], [(ANSWER, WHERE, "prompt")], "x.pdf") == []


def test_windows_are_lower_case_runs_of_window_words():
    runs = windows("One two three four five six seven Eight nine")
    assert runs == {"one two three four five six seven eight", "two three four five six seven eight nine"}


SHORT_ANSWER = "Signed in Moscow, March 1921"  # a teacher field of SHORTEST to WINDOW - 1 words: compared whole


def test_find_leaks_finds_a_short_teacher_field_inside_longer_student_text():
    printed = "The students read the treaty. " + SHORT_ANSWER + " is what the key says, and more text follows."
    leaks = find_leaks(printed, [(SHORT_ANSWER, WHERE, "answer")], [], "x.pdf")
    assert [p.message.split("(")[1].split(")")[0] for p in leaks] == ['"signed in moscow march 1921"']


def test_find_leaks_short_field_visible_inside_a_longer_student_field_is_not_a_leak():
    prompt = "Explain why the treaty was " + SHORT_ANSWER + " and what it changed for Azerbaijan."
    assert find_leaks(prompt, [(SHORT_ANSWER, WHERE, "answer")], [(prompt, WHERE, "prompt")], "x.pdf") == []


def test_find_leaks_short_field_needs_every_word_in_order():
    printed = "Signed in Moscow in March 1921, said the text, long after."
    assert find_leaks(printed, [(SHORT_ANSWER, WHERE, "answer")], [], "x.pdf") == []
