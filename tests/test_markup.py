"""The markup of unit text: inline emphasis, and a text block's body cut into paragraphs, lists
and tables."""

from __future__ import annotations

import pytest

from kit.markup import Piece, pieces, styled_runs


def test_paragraphs_lists_and_a_table():
    body = ("Intro *text* here\ngoes on.\n\n- one\n- two\n  continued\n* **three**\n\n1. first\n2) second\n\n"
            "| Side | Wanted |\n|---|:---:|\n| Soviet Russia | the oil of Baku |\n| Turkey | arms \\| money |")
    assert pieces(body) == [
        Piece("paragraph", text="Intro *text* here goes on."),
        Piece("bullets", items=("one", "two continued", "**three**")),
        Piece("numbers", items=("first", "second")),
        Piece("table", head=("Side", "Wanted"), rows=(("Soviet Russia", "the oil of Baku"), ("Turkey", "arms | money")))]


@pytest.mark.parametrize("text", ["*Italics* at the start.", "**Bold** at the start.", "1920. A year first.",
                                  "A line\n- with a dash on the next"])
def test_what_is_not_a_list(text):
    assert [p.kind for p in pieces(text)] == ["paragraph"]


def test_list_items_apart_by_blank_lines_are_one_list_numbered_on():
    # a procedure written with a blank line between its steps printed "1." before every step
    assert pieces("1. Form groups.\n\n2. Prepare.\n\n3. Present.") == [
        Piece("numbers", items=("Form groups.", "Prepare.", "Present."))]
    assert pieces("- a\n\n- b\n\nBetween.\n\n1. c\n\n- d") == [
        Piece("bullets", items=("a", "b")), Piece("paragraph", text="Between."),
        Piece("numbers", items=("c",)), Piece("bullets", items=("d",))]


def test_a_table_without_a_head_and_a_ragged_row():
    assert pieces("| a | b |\n| c |") == [Piece("table", rows=(("a", "b"), ("c", "")))]


def test_nothing_for_nothing():
    assert pieces(None) == [] and pieces("  \n\n ") == []


def test_styled_runs():
    assert styled_runs("a **b** *c* d") == [("a ", ""), ("b", "bold"), (" ", ""), ("c", "italic"), (" d", "")]


LISTS = '''    body: |
      Three sides wanted **different** things:

      - Soviet Russia wanted the oil of Baku.
      - The Anatolian Movement wanted weapons.

      1. Read the letter.
      2. Underline the verbs.

      Then, in pairs:

      1. Compare the two sides.

      | Side | Wanted |
      |---|---|
      | Soviet Russia | oil |
      | Anatolian Movement | weapons |'''


def test_lists_and_tables_print_in_the_handout_and_the_word_document(make_kit, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    from conftest import BASE_FILES
    from kit.build import build

    unit = BASE_FILES["units/01-first.yaml"].replace('    body: "In 1920 a council met to discuss a treaty."', LISTS)
    root = make_kit(tmp_path / "kit", {"units/01-first.yaml": unit})
    build(root, outputs=["handout", "docx"], jobs=0)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(root / "build" / "01-first-handout.pdf").pages).split())
    for item in ("Soviet Russia wanted the oil of Baku.", "The Anatolian Movement wanted weapons.",
                 "Read the letter.", "Underline the verbs."):
        assert item in text, item
    assert "Side Wanted Soviet Russia oil Anatolian Movement weapons" in text
    document = Document(root / "build" / "01-first-handout.docx")
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text.startswith(("Soviet", "The Anatolian", "Read", "Underline"))]
    assert styles == [("List Bullet", "Soviet Russia wanted the oil of Baku."),
                      ("List Bullet", "The Anatolian Movement wanted weapons."),
                      ("List Number", "Read the letter."), ("List Number", "Underline the verbs.")]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    lists = [p._p.pPr.numPr.numId.val for p in numbered]
    assert lists[0] == lists[1] != lists[2]   # the second list has a numbering of its own, so it starts at 1
    numbering = document.part.numbering_part.element
    restart = numbering.num_having_numId(lists[2]).xpath("./w:lvlOverride/w:startOverride/@w:val")
    assert restart == ["1"]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Side")
    assert [[c.text for c in row.cells] for row in table.rows] == [["Side", "Wanted"], ["Soviet Russia", "oil"],
                                                                     ["Anatolian Movement", "weapons"]]
