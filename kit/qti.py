"""The kit's questions as a QTI 1.2 package (a zip with imsmanifest.xml), as Canvas and Blackboard
import it: one assessment (one quiz) for each unit with questions.

A fill-in block is a fill_in_multiple_blanks_question (the blanks named [b1], [b2] ... in its
text, one point each), a matching starter a matching_question (one point a pair), a source a
text_only_question, and each analysis question and essay block an essay_question worth its
points. Canvas quizzes have no field that graders alone see (its "general comments" are shown to
students after they submit), so model answers, marking notes and model outlines stay in the
teacher edition and are not in this file at all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kit.questions import Question, exported, fill_blanks, kit_questions
from kit.renderers import Made
from kit.zipped import stable_zip

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
QUESTION_TYPES = {"cloze": "fill_in_multiple_blanks_question", "matching": "matching_question",
                  "essay": "essay_question", "source": "text_only_question"}


def _mattext(parent: ET.Element, value: str, html_text: bool = True) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"} if html_text else {}).text = value


def _metadata(item: ET.Element, fields: list[tuple[str, str]]) -> None:
    metadata = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        field = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _score(processing: ET.Element, respident: str, ident: str, share: float) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    ET.SubElement(ET.SubElement(condition, "conditionvar"), "varequal", {"respident": respident}).text = ident
    ET.SubElement(condition, "setvar", {"action": "Add", "varname": "SCORE"}).text = f"{share:.2f}"


def _processing(item: ET.Element) -> ET.Element:
    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(processing, "outcomes"), "decvar",
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    return processing


def add_item(section: ET.Element, question: Question) -> None:
    item = ET.SubElement(section, "item", {"ident": "kit-" + question.ident, "title": question.name})
    _metadata(item, [("question_type", QUESTION_TYPES[question.kind]), ("points_possible", str(question.points))])
    presentation = ET.SubElement(item, "presentation")
    if question.kind == "cloze":
        _mattext(presentation, fill_blanks(question, lambda n, answer: f"[b{n + 1}]"))
        for n, answer in enumerate(question.blanks, 1):
            lid = ET.SubElement(presentation, "response_lid", {"ident": f"response_b{n}"})
            _mattext(lid, f"b{n}", html_text=False)
            label = ET.SubElement(ET.SubElement(lid, "render_choice"), "response_label", {"ident": str(1000 + n)})
            _mattext(label, answer, html_text=False)
        processing = _processing(item)
        for n in range(1, len(question.blanks) + 1):
            _score(processing, f"response_b{n}", str(1000 + n), 100 / len(question.blanks))
    elif question.kind == "matching":
        _mattext(presentation, question.html)
        terms = sorted({term for _, term in question.pairs}, key=str.lower)
        for n, (definition, _) in enumerate(question.pairs, 1):
            lid = ET.SubElement(presentation, "response_lid", {"ident": f"response_{n}"})
            _mattext(lid, definition)
            choices = ET.SubElement(lid, "render_choice")
            for k, term in enumerate(terms, 1):
                _mattext(ET.SubElement(choices, "response_label", {"ident": str(2000 + k)}), term, html_text=False)
        processing = _processing(item)
        for n, (_, term) in enumerate(question.pairs, 1):
            _score(processing, f"response_{n}", str(2001 + terms.index(term)), 100 / len(question.pairs))
    elif question.kind == "essay":
        _mattext(presentation, question.html)
        fib = ET.SubElement(ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"}),
                            "render_fib")
        ET.SubElement(fib, "response_label", {"ident": "answer1", "rshuffle": "No"})
        condition = ET.SubElement(_processing(item), "respcondition", {"continue": "No"})
        ET.SubElement(ET.SubElement(condition, "conditionvar"), "other")
    else:  # a source: text to read
        _mattext(presentation, question.html)


def assessment_xml(kit, unit) -> bytes:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = ET.SubElement(root, "assessment", {"ident": f"kit-{unit.unit_id}",
                                                    "title": f"{unit.number:02d} {unit.title}"})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for question in unit.questions:
        add_item(section, question)
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True, short_empty_elements=False) + b"\n"


def manifest_xml(kit, units) -> bytes:
    root = ET.Element("manifest", {"identifier": "kit-manifest", "xmlns": CP_NS})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for unit in units:
        ident = f"kit-{unit.unit_id}"
        resource = ET.SubElement(resources, "resource", {"identifier": ident, "type": "imsqti_xmlv1p2",
                                                         "href": f"{ident}/{ident}.xml"})
        ET.SubElement(resource, "file", {"href": f"{ident}/{ident}.xml"})
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True, short_empty_elements=False) + b"\n"


def qti_package(kit) -> tuple[bytes, int]:
    """The zip, and how many assessments it holds."""
    units = kit_questions(kit)
    members = [("imsmanifest.xml", manifest_xml(kit, units))]
    members += [(f"kit-{u.unit_id}/kit-{u.unit_id}.xml", assessment_xml(kit, u)) for u in units]
    return stable_zip(members), len(units)


def render_qti(kit, job, session) -> Made:
    data, count = qti_package(kit)
    return exported(data, count, "the QTI package")
