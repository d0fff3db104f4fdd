"""Output kinds are data (kit/outputs.py): a kind defined here, in the tests only, is planned,
rendered, checked by the leak guard, counted by the print pack and listed, with no change to kit."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pypdf import PdfReader

from kit.build import build
from kit.errors import KitError
from kit.outputs import KINDS, OutputKind, choices
from kit.printpack import pack_rows

QUIZ_TEMPLATE = """{% extends "base.html" %}
{% block body %}
<h1>Quiz: {{ unit.title }}</h1>
{% for block in unit.blocks if block.type == "document_analysis" %}
{% for q in block.questions %}<p class="quiz-question">{{ q.number }}. {{ q.prompt }}</p>{% endfor %}
{% endfor %}
{% endblock %}
"""

QUIZ = OutputKind("quiz", "quiz", "student", "unit", "page", "quiz.html", "one-page quiz of the unit's questions",
                  pad_to_even=True, copies_per_student=1)


@pytest.fixture
def quiz(monkeypatch):
    monkeypatch.setitem(KINDS, "quiz", QUIZ)
    return QUIZ


def test_a_kind_defined_as_data_is_planned_built_and_counted(quiz, make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/quiz.html": QUIZ_TEMPLATE})
    assert "quiz" in choices()
    result = build(root, outputs=["quiz"], jobs=1)
    [built] = result.built
    assert built.job.path.name == "01-first-quiz.pdf" and built.pages == 2  # padded for duplex
    text = " ".join(page.extract_text() for page in PdfReader(built.job.path).pages)
    assert "Quiz: The general" in text and "1. Who wrote the letter?" in text
    [row] = pack_rows(result.built, 30)
    assert (row.copies, row.audience) == (30, "each student")


ANSWER = "Quartermaster general wrote it secretly towards officers while councillors kept arguing endlessly."


def test_the_leak_guard_checks_a_new_student_kind(quiz, make_kit, tmp_path):
    leaky = QUIZ_TEMPLATE.replace("{% endblock %}", f"<p>{ANSWER}</p>{{% endblock %}}")
    root = make_kit(tmp_path, {"templates/quiz.html": leaky})
    with pytest.raises(KitError) as info:
        build(root, outputs=["quiz"], jobs=1)
    assert {p.code for p in info.value.problems if p.severity == "error"} == {"leak"}
    assert not (root / "build" / "01-first-quiz.pdf").exists()


def test_a_teacher_kind_is_not_guarded_and_prints_once(monkeypatch, make_kit, tmp_path):
    key = replace(QUIZ, name="quiz-key", choice="quiz-key", audience="teacher", copies_per_student=0)
    monkeypatch.setitem(KINDS, key.name, key)
    leaky = QUIZ_TEMPLATE.replace("{% endblock %}", f"<p>{ANSWER}</p>{{% endblock %}}")
    root = make_kit(tmp_path, {"templates/quiz.html": leaky})
    result = build(root, outputs=["quiz-key"], jobs=1)
    assert [b.job.path.name for b in result.built] == ["01-first-quiz-key.pdf"]
    assert pack_rows(result.built, 30)[0].copies == 1
