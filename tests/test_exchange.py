"""The questions for learning platforms: Moodle XML and a QTI 1.2 package, read back as Moodle and
Canvas import them, and the leak guard on every field a student can see."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import UNIT_YAML, copy_shipped_kit
from kit import schema
from kit.build import build
from kit.errors import KitError
from kit.kitload import load_kit
from kit.leaks import find_leaks, output_text, zip_text
from kit.printpack import pack_rows
from kit.questions import cloze_answer
from kit.views import BLANK

QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
CP = {"m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
CLOZE = re.compile(r"\{(\d+):SHORTANSWER:=((?:\\.|[^\\}])*)\}")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    root = copy_shipped_kit(tmp_path_factory.mktemp("exchange") / "kit")
    result = build(root, outputs=["moodle", "qti"], jobs=0)
    kit = load_kit(root)
    moodle = (root / "build" / "moodle-questions.xml").read_bytes()
    qti = (root / "build" / "qti-questions.zip").read_bytes()
    return kit, result, moodle, qti


def blocks(kit, kind):
    return [(entry, b) for entry in kit.units for b in entry.unit.blocks if isinstance(b, kind)]


def uncloze(answer: str) -> str:
    return re.sub(r"\\(.)", r"\1", answer).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def words(markup: str) -> str:
    """The text of HTML: a paragraph's end is a space, an inline tag nothing."""
    spaced = re.sub(r"</?(?:p|li|ol|h\d|blockquote)\b[^>]*>", " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


# --- Moodle XML ---------------------------------------------------------------------------------

def test_moodle_file_has_a_category_per_unit_with_questions(shipped):
    kit, result, moodle, _ = shipped
    quiz = ET.fromstring(moodle)
    assert quiz.tag == "quiz"
    categories = [q.findtext("category/text") for q in quiz.findall("question[@type='category']")]
    assert categories == [f"$course$/{kit.config.title}/01 {kit.units[0].unit.title}",
                          f"$course$/{kit.config.title}/03 {kit.units[2].unit.title}",
                          f"$course$/{kit.config.title}/04 {kit.units[3].unit.title}",
                          f"$course$/{kit.config.title}/05 {kit.units[4].unit.title}"]
    for question in quiz.findall("question"):
        if question.get("type") != "category":
            assert question.findtext("name/text").strip(), "every question has a name"
            assert question.find("questiontext").get("format") == "html"
            assert question.findtext("questiontext/text").strip()
    names = [q.findtext("name/text") for q in quiz.findall("question") if q.get("type") != "category"]
    assert len(names) == len(set(names))
    assert "01 overview: fill-in 1" in names and "04 art11: question 1" in names
    assert "04 art11: question 12 (extension)" in names and "05 discussion: essay 2 (extension)" in names


def test_fill_in_is_a_cloze_question_with_every_answer_and_one_mark_a_blank(shipped):
    kit, _, moodle, _ = shipped
    [(entry, block)] = blocks(kit, schema.FillInBlock)
    cloze = ET.fromstring(moodle).find("question[@type='cloze']")
    text = cloze.findtext("questiontext/text")
    found = CLOZE.findall(text)
    expected = [" ".join(a.split()) for gap in block.items for a in BLANK.findall(gap.text)]
    assert [uncloze(answer) for _, answer in found] == expected
    assert {weight for weight, _ in found} == {"1"}
    assert cloze.findtext("defaultgrade") == str(len(expected))
    assert "[[" not in text and "Azerbaijan announced its independence on {1:SHORTANSWER:=28 May 1918}." in text


def test_matching_starter_is_a_matching_question_with_its_pairs(shipped):
    kit, _, moodle, _ = shipped
    [(entry, block)] = blocks(kit, schema.GlossaryBlock)
    matching = ET.fromstring(moodle).find("question[@type='matching']")
    pairs = {words(s.findtext("text")): s.findtext("answer/text") for s in matching.findall("subquestion")}
    chosen = block.items[:block.matching]
    assert len(pairs) == block.matching
    expected = {" ".join(re.sub(r"\*([^*]+)\*", r"\1", t.definition).split()): t.term for t in chosen}
    assert pairs == expected
    assert matching.findtext("defaultgrade") == str(block.matching)


def test_analysis_questions_are_essays_with_points_and_grader_information(shipped):
    kit, _, moodle, _ = shipped
    [(entry, block)] = blocks(kit, schema.DocumentAnalysisBlock)
    essays = [q for q in ET.fromstring(moodle).findall("question[@type='essay']")
              if q.findtext("name/text").startswith("04 art11: question")]
    assert len(essays) == len(block.questions)
    for essay, question in zip(essays, block.questions):
        assert essay.findtext("defaultgrade") == str(question.points)
        assert " ".join(question.prompt.split()) in words(essay.findtext("questiontext/text"))
        grader = words(essay.findtext("graderinfo/text"))
        assert " ".join(question.model_answer.split())[:80] in grader
        assert " ".join(question.marking.split())[:80] in grader
        assert essay.findtext("generalfeedback/text") == ""
        assert essay.findtext("tags/tag/text") in ("Sourcing", "Context", "Close reading", "Corroboration")
    description = ET.fromstring(moodle).find("question[@type='description']")
    assert "Article 11" in description.findtext("name/text") + words(description.findtext("questiontext/text"))


def test_an_essay_block_is_an_essay_worth_the_top_of_its_rubric(shipped):
    kit, _, moodle, qti = shipped
    (entry, block), *_ = blocks(kit, schema.EssayBlock)   # the unit's assessed essay; an extension follows
    assert not block.extension
    [essay] = [q for q in ET.fromstring(moodle).findall("question[@type='essay']")
               if q.findtext("name/text") == "05 discussion: essay 1"]
    assert essay.findtext("defaultgrade") == "25"
    text = words(essay.findtext("questiontext/text"))
    assert " ".join(block.question.split()) in text
    assert all(r.level in text and r.marks in text for r in block.rubric)
    assert " ".join(block.model_outline.split())[:80] in words(essay.findtext("graderinfo/text"))
    item, *_ = [i for i in items(qti, "discussion") if metadata(i)["question_type"] == "essay_question"]
    assert metadata(item)["points_possible"] == "25"


def test_teacher_text_is_only_in_grader_information(shipped):
    """Nothing a student can see of the Moodle file (everything but the grader information) holds
    teacher-only text; the whole file does (so the check can fail)."""
    kit, _, moodle, _ = shipped
    teacher, student = kit.collected.teacher_text, kit.collected.student_text
    assert find_leaks(output_text(moodle, "xml"), teacher, student, "moodle-questions.xml") == []
    everything = "\n".join(ET.fromstring(moodle).itertext())
    leaked = {p.message.split("'")[1] for p in find_leaks(everything, teacher, student, "moodle-questions.xml")}
    assert {"model_answer", "marking"} <= leaked


def test_cloze_answers_escape_what_the_syntax_reserves():
    assert cloze_answer('1919/20 {a} #1 ~ "q" \\ & <') == r'1919\/20 {a\} \#1 \~ \"q\" \\ &amp; &lt;'
    text = "{1:SHORTANSWER:=" + cloze_answer("x}y/z") + "}"
    assert uncloze(CLOZE.fullmatch(text).group(2)) == "x}y/z"


# --- QTI --------------------------------------------------------------------------------------

def items(qti: bytes, unit_id: str) -> list[ET.Element]:
    with zipfile.ZipFile(io.BytesIO(qti)) as archive:
        root = ET.fromstring(archive.read(f"kit-{unit_id}/kit-{unit_id}.xml"))
    return root.findall(".//q:item", QTI)


def metadata(item: ET.Element) -> dict:
    return {f.findtext("q:fieldlabel", namespaces=QTI): f.findtext("q:fieldentry", namespaces=QTI)
            for f in item.findall(".//q:qtimetadatafield", QTI)}


def test_qti_zip_has_a_manifest_naming_one_assessment_per_unit(shipped):
    kit, _, _, qti = shipped
    with zipfile.ZipFile(io.BytesIO(qti)) as archive:
        names = archive.namelist()
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        resources = manifest.findall("m:resources/m:resource", CP)
        assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"] * 4
        for resource in resources:
            href = resource.find("m:file", CP).get("href")
            assert href in names
            assessment = ET.fromstring(archive.read(href)).find("q:assessment", QTI)
            assert assessment.get("ident") == resource.get("identifier")
            assert assessment.find("q:section", QTI) is not None
    assert names[0] == "imsmanifest.xml"


def test_qti_fill_in_blanks_name_each_blank_and_score_it(shipped):
    kit, _, _, qti = shipped
    [(entry, block)] = blocks(kit, schema.FillInBlock)
    [item] = items(qti, "overview")
    assert metadata(item)["question_type"] == "fill_in_multiple_blanks_question"
    answers = [" ".join(a.split()) for gap in block.items for a in BLANK.findall(gap.text)]
    assert metadata(item)["points_possible"] == str(len(answers))
    text = item.findtext("q:presentation/q:material/q:mattext", namespaces=QTI)
    assert re.findall(r"\[(b\d+)\]", text) == [f"b{n}" for n in range(1, len(answers) + 1)]
    correct = {}
    for condition in item.findall("q:resprocessing/q:respcondition", QTI):
        equal = condition.find("q:conditionvar/q:varequal", QTI)
        assert condition.find("q:setvar", QTI).get("action") == "Add"
        correct[equal.get("respident")] = equal.text
    for n, answer in enumerate(answers, 1):
        lid = item.find(f"q:presentation/q:response_lid[@ident='response_b{n}']", QTI)
        label = lid.find(f"q:render_choice/q:response_label[@ident='{correct[f'response_b{n}']}']", QTI)
        assert label.findtext("q:material/q:mattext", namespaces=QTI) == answer


def test_qti_matching_pairs_each_definition_with_its_term(shipped):
    kit, _, _, qti = shipped
    [(entry, block)] = blocks(kit, schema.GlossaryBlock)
    [item] = items(qti, "glossary")
    assert metadata(item) == {"question_type": "matching_question", "points_possible": str(block.matching)}
    terms = {" ".join(re.sub(r"\*([^*]+)\*", r"\1", t.definition).split()): t.term
             for t in block.items[:block.matching]}
    correct = {c.find("q:conditionvar/q:varequal", QTI).get("respident"): c.find("q:conditionvar/q:varequal", QTI).text
               for c in item.findall("q:resprocessing/q:respcondition", QTI)}
    lids = item.findall("q:presentation/q:response_lid", QTI)
    assert len(lids) == block.matching
    for lid in lids:
        definition = words(lid.findtext("q:material/q:mattext", namespaces=QTI))
        label = lid.find(f"q:render_choice/q:response_label[@ident='{correct[lid.get('ident')]}']", QTI)
        assert label.findtext("q:material/q:mattext", namespaces=QTI) == terms[definition]


def test_qti_essays_carry_points_and_no_teacher_text(shipped):
    kit, _, _, qti = shipped
    [(entry, block)] = blocks(kit, schema.DocumentAnalysisBlock)
    found = items(qti, "art11")
    assert metadata(found[0])["question_type"] == "text_only_question"
    essays = found[1:]
    assert [metadata(i)["question_type"] for i in essays] == ["essay_question"] * len(block.questions)
    assert [metadata(i)["points_possible"] for i in essays] == [str(q.points) for q in block.questions]
    assert find_leaks(zip_text(qti), kit.collected.teacher_text, kit.collected.student_text, "qti-questions.zip") == []


def test_the_print_pack_lists_the_files_unprinted_and_they_are_the_same_bytes_every_time(shipped, tmp_path):
    kit, result, moodle, qti = shipped
    assert [b.job.path.name for b in result.built] == ["moodle-questions.xml", "qti-questions.zip"]
    rows = pack_rows(result.built, 30)
    assert [(r.file, r.class_sheets, r.copies) for r in rows] == [("moodle-questions.xml", 0, 0),
                                                                  ("qti-questions.zip", 0, 0)]
    assert "Moodle" in rows[0].sides and "Canvas" in rows[1].sides   # how each is used, instead of paper
    again = build(kit.root, tmp_path / "again", outputs=["moodle", "qti"], jobs=0)
    assert (tmp_path / "again" / "moodle-questions.xml").read_bytes() == moodle
    assert (tmp_path / "again" / "qti-questions.zip").read_bytes() == qti
    assert len(again.built) == 2


# --- the leak guard reads these files --------------------------------------------------------

def test_teacher_text_in_a_student_visible_moodle_field_fails_the_build(make_kit, tmp_path, monkeypatch):
    import kit.moodle as moodle

    def leaky(quiz, question):
        real(quiz, question)
        if question.grader:  # a bug that copies the grader information into the general feedback
            quiz[-1].find("generalfeedback/text").text = "".join(body for _, body in question.grader)

    real = moodle.add_question
    monkeypatch.setattr(moodle, "add_question", leaky)
    root = make_kit(tmp_path)
    with pytest.raises(KitError) as info:
        build(root, outputs=["moodle"], jobs=0)
    assert {p.code for p in info.value.problems} == {"leak"}
    assert "moodle-questions.xml" in info.value.problems[0].message
    assert not (root / "build" / "moodle-questions.xml").exists()


def test_teacher_text_anywhere_in_the_qti_package_fails_the_build(make_kit, tmp_path, monkeypatch):
    import kit.qti as qti

    def leaky(section, question):
        real(section, question)
        for label, body in question.grader:
            ET.SubElement(section[-1], "itemfeedback", {"ident": "general_fb"}).text = body

    real = qti.add_item
    monkeypatch.setattr(qti, "add_item", leaky)
    root = make_kit(tmp_path)
    with pytest.raises(KitError) as info:
        build(root, outputs=["qti"], jobs=0)
    assert {p.code for p in info.value.problems} == {"leak"}


def test_a_kit_without_questions_gets_a_warning(make_kit, tmp_path):
    unit = UNIT_YAML[:UNIT_YAML.index("  - kind: document_analysis")]
    root = make_kit(tmp_path, {"units/01-first.yaml": unit})
    result = build(root, outputs=["moodle", "qti"], jobs=0)
    assert {p.code for p in result.warnings} == {"no-questions"}
    assert ET.fromstring((root / "build" / "moodle-questions.xml").read_bytes()).findall("question") == []


def test_outputs_left_out_of_kit_yaml_are_the_pdfs(make_kit, tmp_path):
    from kit.plan import plan_outputs

    kit = load_kit(make_kit(tmp_path))
    # the PDFs, and beside each PDF deck its presenter file
    assert all(job.path.suffix == ".pdf" or job.kind == "pdfpc" for job in plan_outputs(kit, tmp_path / "build"))
    names = {job.path.name for job in plan_outputs(kit, tmp_path / "build", outputs=["docx", "moodle", "qti"])}
    assert names == {"01-first-handout.docx", "01-first-teacher.docx", "moodle-questions.xml", "qti-questions.zip"}
