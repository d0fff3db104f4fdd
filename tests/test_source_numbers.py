"""A source has one number in the whole kit: its place in the kit's order of excerpts (units in file
order). A later unit that defines a new source, or analyses a source an earlier unit printed, gives
it that number in the handout, the Word document, the quiz files and on the slides."""

from __future__ import annotations

import pytest
from docx import Document

from kit.build import build
from kit.kitload import load_kit
from kit.leaks import pdf_text
from kit.questions import kit_questions
from kit.slides import deck

SECOND_UNIT = """\
id: second
title: "The council"
summary: "The council's decision, then the letter again."
objectives:
  - Compare two sources.
minutes: 45
blocks:
  - kind: sources
    items:
      - id: council
        title: "The council's meeting"
        author: The council
        date: 1920
        type: minutes
        headnote: "What the council did in the spring."
        locator: {paragraph: 1}
        text: "The council met in the spring of 1920 and discussed the treaty."
  - kind: document_analysis
    source: letter
    questions:
      - {prompt: "Who wrote the letter?", points: 2, skill: sourcing, model_answer: "The general."}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import BASE_FILES, write_files

    root = tmp_path_factory.mktemp("numbers")
    write_files(root, {**BASE_FILES, "units/02-second.yaml": SECOND_UNIT})
    build(root, outputs=["handout", "docx", "slides"], jobs=0)
    return root


def test_the_kit_numbers_its_excerpts_in_unit_order(built):
    assert load_kit(built).source_numbers() == {"letter": 1, "council": 2}


def test_a_later_unit_keeps_the_kit_numbers_in_its_handout(built):
    text = " ".join(pdf_text((built / "build" / "02-second-handout.pdf").read_bytes()).split())
    assert "Source 2 The council's meeting" in text
    # the letter, printed again for the analysis, keeps the number unit 1 gave it
    assert "Source 1 The general's letter" in text
    assert "Source 3" not in text


def test_the_word_document_uses_the_same_numbers(built):
    document = Document(str(built / "build" / "02-second-handout.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Source 2: The council's meeting" in headings
    assert "Source 1: The general's letter" in headings


def test_quiz_files_and_slides_use_the_same_numbers(built):
    kit = load_kit(built)
    second = next(u for u in kit_questions(kit) if u.unit_id == "second")
    bodies = " ".join(q.html for q in second.questions)
    assert "Source 1: The general" in bodies
    from kit.labels import labels_for

    slides = deck(kit, kit.unit("second"), 2, labels_for("en"))
    credits = [s["credit"] for s in slides if s["layout"] == "quote"]
    assert credits and credits[0].startswith("Source 2 · The council")
