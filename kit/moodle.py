"""The kit's questions as Moodle XML (Question bank > Import > Moodle XML format).

One category for the kit and one inside it for each unit with questions. A fill-in block is a
cloze question ("Embedded answers": each blank a {1:SHORTANSWER:=answer}, one mark a blank), a
matching starter a matching question (one mark a pair), a source a description, and each
analysis question and essay block an essay question worth its points. Model answers, marking notes
and model outlines go only into the essay's grader information, which Moodle shows to those who
grade, never to students.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kit.questions import Question, exported, cloze_answer, fill_blanks, kit_questions
from kit.renderers import Made

GRADER_ONLY = ("graderinfo",)  # the elements of a Moodle question that students never see (kit/leaks.py)


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _question(quiz: ET.Element, kind: str, name: str) -> ET.Element:
    element = ET.SubElement(quiz, "question", {"type": kind})
    _text(element, "name", name, None)
    return element


def _category(quiz: ET.Element, path: list[str]) -> None:
    element = ET.SubElement(quiz, "question", {"type": "category"})
    # Moodle separates levels with "/" and reads "//" as a slash inside a name.
    _text(element, "category", "$course$/" + "/".join(p.replace("/", "//") for p in path), None)


def _common(element: ET.Element, grade: int, penalty: str) -> None:
    _text(element, "generalfeedback", "")
    ET.SubElement(element, "defaultgrade").text = str(grade)
    ET.SubElement(element, "penalty").text = penalty
    ET.SubElement(element, "hidden").text = "0"


def add_question(quiz: ET.Element, question: Question) -> None:
    if question.kind == "cloze":
        element = _question(quiz, "cloze", question.name)
        _text(element, "questiontext", fill_blanks(question, lambda n, answer: f"{{1:SHORTANSWER:={cloze_answer(answer)}}}"))
        _common(element, question.points, "0.3333333")
    elif question.kind == "matching":
        element = _question(quiz, "matching", question.name)
        _text(element, "questiontext", question.html)
        _common(element, question.points, "0.3333333")
        ET.SubElement(element, "shuffleanswers").text = "true"
        for definition, term in question.pairs:
            sub = _text(element, "subquestion", definition)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = term
    elif question.kind == "source":
        element = _question(quiz, "description", question.name)
        _text(element, "questiontext", question.html)
        _common(element, 0, "0")
    elif question.kind == "essay":
        element = _question(quiz, "essay", question.name)
        _text(element, "questiontext", question.html)
        _common(element, question.points, "0")
        for tag, value in (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "10"),
                           ("attachments", "0"), ("attachmentsrequired", "0")):
            ET.SubElement(element, tag).text = value
        _text(element, "graderinfo", "".join(f"<h4>{label}</h4>{body}" for label, body in question.grader))
        _text(element, "responsetemplate", "")
        ET.SubElement(ET.SubElement(ET.SubElement(element, "tags"), "tag"), "text").text = question.skill
    else:
        raise ValueError(f"no Moodle question for {question.kind}")


def moodle_xml(kit) -> tuple[bytes, int]:
    """The Moodle XML of every unit's questions, and how many questions it holds."""
    quiz = ET.Element("quiz")
    count = 0
    for unit in kit_questions(kit):
        _category(quiz, [kit.config.title, f"{unit.number:02d} {unit.title}"])
        for question in unit.questions:
            add_question(quiz, question)
            count += 1
    ET.indent(quiz, "  ")
    return ET.tostring(quiz, encoding="UTF-8", xml_declaration=True, short_empty_elements=False) + b"\n", count


def render_moodle(kit, job, session) -> Made:
    data, count = moodle_xml(kit)
    return exported(data, count, "the Moodle file")
