"""The Word handout and teacher edition, opened again with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.shared import Mm

from conftest import UNIT_YAML, copy_shipped_kit
from kit import schema
from kit.build import build
from kit.errors import KitError
from kit.kitload import load_kit
from kit.leaks import find_leaks, zip_text

PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    root = copy_shipped_kit(tmp_path_factory.mktemp("word") / "kit")
    result = build(root, outputs=["docx"], jobs=0)
    return load_kit(root), result, root / "build"


def opened(folder, name):
    return Document(str(folder / name))


def styles_used(document) -> set[str]:
    found = {p.style.name for p in document.paragraphs}
    for table in document.tables:
        found |= {p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs}
    return found


def test_one_handout_and_one_teacher_edition_per_unit(shipped):
    kit, result, out = shipped
    names = [b.job.path.name for b in result.built]
    assert names == [f"{n:02d}-{u.unit.id}-{edition}.docx" for n, u in enumerate(kit.units, 1)
                     for edition in ("handout", "teacher")]
    for name in names:
        assert opened(out, name).core_properties.title


def test_headings_and_named_styles(shipped):
    kit, _, out = shipped
    document = opened(out, "04-art11-handout.docx")
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == [kit.unit("art11").unit.title]
    first = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Analysing Article 11" in first
    article = f"Source {kit.source_numbers()['treaty-art11']}: "   # its number in the whole kit, not 1
    assert article != "Source 1: "
    assert any(p.text.startswith(article) for p in document.paragraphs if p.style.name == "Heading 2")
    assert {"Kit Sourcing", "Kit Excerpt", "Kit Answer Line"} <= styles_used(document)
    assert "Kit Teacher" not in styles_used(document)
    assert "Kit Teacher" in styles_used(opened(out, "04-art11-teacher.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 20  # stored in twentieths of a point


def test_excerpts_are_line_numbered_every_five_lines(shipped):
    _, _, out = shipped
    lines = [p.text for p in opened(out, "04-art11-handout.docx").paragraphs if p.style.name == "Kit Excerpt"]
    assert len(lines) >= 5
    assert lines[4].startswith("5\t") and lines[0].startswith("\t") and not lines[3].startswith("4")


def test_questions_have_answer_lines_in_the_handout_and_answers_in_the_teacher_edition(shipped):
    kit, _, out = shipped
    [block] = [b for b in kit.unit("art11").unit.blocks if isinstance(b, schema.DocumentAnalysisBlock)]
    handout, teacher = opened(out, "04-art11-handout.docx"), opened(out, "04-art11-teacher.docx")
    lines = [p for p in handout.paragraphs if p.style.name == "Kit Answer Line"]
    assert len(lines) == sum(q.lines for q in block.questions)
    assert not [p for p in teacher.paragraphs if p.style.name == "Kit Answer Line"]
    questions = [p.text for p in handout.paragraphs if p.text.startswith("Question ")]
    first = block.questions[0]
    assert questions[0].startswith(f"Question 1 ({first.points} points). {' '.join(first.prompt.split())[:40]}")
    teacher_text = "\n".join(p.text for p in teacher.paragraphs if p.style.name == "Kit Teacher")
    assert " ".join(block.questions[0].model_answer.split())[:60] in teacher_text


def test_the_glossary_is_a_table(shipped):
    kit, _, out = shipped
    [block] = [b for b in kit.unit("glossary").unit.blocks if isinstance(b, schema.GlossaryBlock)]
    document = opened(out, "03-glossary-handout.docx")
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Term"]
    assert [c.text for c in table.rows[0].cells] == ["Term", "Definition", "Other spellings"]
    assert [r.cells[0].text for r in table.rows[1:]] == [t.term for t in block.items]
    assert any("İtilaf" in r.cells[2].text for r in table.rows[1:])   # Turkish letters kept as written


def test_figures_are_pictures_with_alt_text(shipped):
    kit, _, out = shipped
    [figure] = [b for b in kit.unit("overview").unit.blocks if isinstance(b, schema.FigureBlock)]
    document = opened(out, "01-overview-handout.docx")
    [shape] = document.inline_shapes
    assert shape._inline.find(PICTURE).get("descr") == " ".join(figure.alt.split())
    assert shape.width == Mm(170)
    image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    from PIL import Image

    with Image.open(io.BytesIO(image.blob)) as picture:
        assert picture.width > 1000 and picture.getextrema() != ((255, 255),) * len(picture.getbands())


def test_no_teacher_text_in_any_part_of_a_student_document(shipped):
    kit, result, out = shipped
    teacher, student = kit.collected.teacher_text, kit.collected.student_text
    for built in result.built:
        text = zip_text(built.job.path.read_bytes())
        leaks = find_leaks(text, teacher, student, built.job.path.name)
        if built.job.for_teacher:
            assert leaks, built.job.path.name  # the check can fail: teacher editions hold teacher text
        else:
            assert leaks == [], built.job.path.name


def test_footnotes_become_numbered_notes_at_the_end(make_kit, tmp_path):
    unit = UNIT_YAML.replace('body: "In 1920 a council met to discuss a treaty."',
                             'body: "In 1920 a *council* met[^The council of ministers.] to discuss a treaty."')
    root = make_kit(tmp_path, {"units/01-first.yaml": unit})
    build(root, outputs=["docx"], jobs=0)
    document = opened(root / "build", "01-first-handout.docx")
    [body] = [p for p in document.paragraphs if p.text.startswith("In 1920")]
    assert body.text == "In 1920 a council met1 to discuss a treaty."
    assert [r.text for r in body.runs if r.italic] == ["council"]
    assert [r.text for r in body.runs if r.font.superscript] == ["1"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Notes"
    assert [p.text for p in document.paragraphs if p.style.name == "Kit Note"][0] == "1. The council of ministers."


def test_the_same_unit_gives_the_same_bytes(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")
    build(root, tmp_path / "one", outputs=["docx"], jobs=0)
    build(root, tmp_path / "two", outputs=["docx"], jobs=0, force=True)
    for name in ("01-first-handout.docx", "01-first-teacher.docx"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_template_bug_that_prints_teacher_text_in_the_student_document_fails_the_build(make_kit, tmp_path,
                                                                                      monkeypatch):
    from kit.worddoc import WordDocument

    def always(self, label, text):
        if text:
            self.para(text, "Kit Teacher", prefix=f"{label}: ")

    monkeypatch.setattr(WordDocument, "teacher_note", always)
    root = make_kit(tmp_path)
    with pytest.raises(KitError) as info:
        build(root, outputs=["docx"], jobs=0)
    assert {p.code for p in info.value.problems} == {"leak"}
    assert all("01-first-handout.docx" in p.message for p in info.value.problems)
    assert not (root / "build" / "01-first-handout.docx").exists()



def test_bold_and_italics_become_styled_runs():
    from docx import Document

    from kit.worddoc import WordDocument

    writer = WordDocument.__new__(WordDocument)  # only its text method, which needs no kit
    paragraph = Document().add_paragraph()
    writer._italics(paragraph, "A **treaty** in *Moscow*,\n signed")
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs] == [
        ("A ", False, False), ("treaty", True, False), (" in ", False, False), ("Moscow", False, True),
        (", signed", False, False)]
