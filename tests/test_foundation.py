"""The foundation edition: the student material for younger or weaker readers, from the same units
(kinds `foundation` and `foundation-book`). It keeps the standard edition's numbers, leaves extension
work out in its place, prints a unit's plainer wording (`foundation_prompt`, `foundation_text`, ...)
where it gives one, sentence starters under each question (the question's own, else kit.yaml's for
its skill, else kit's), every word bank open, and says on each page that it is the foundation
edition. Read back from the built PDFs, the book, the print pack and `kit list`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import BASE_FILES, UNIT_YAML, col_of, line_of, problems_of, write_files
from kit.build import build, write_print_pack
from kit.cli import cli
from kit.kitload import load_kit
from kit.labels import LABELS, LANGUAGES, STARTERS, starters_for
from kit.leaks import pdf_text
from kit.outputs import KINDS, default_choices
from kit.printpack import class_sets, pack_rows
from kit.schema import SKILLS
from kit.views import left_out, unit_view, with_runs

PLAIN = "Plain-stem what did the general want his officers to do?"
HARD = "Explain, with reference to the wording and tone of the letter, what the general demanded."


def unit(own_starters: str = '["Source 1 and Source 2 both say …", "Unlike Source 1, …"]') -> str:
    """A unit on the minimal kit's letter: a glossary, an article passage with a shorter cut, and four
    questions, of which question 2 is extension work and question 3 has a plainer stem; a discussion
    and a fill-in (no word bank in the standard edition) each with an extension item, and an essay."""
    return f"""\
id: fnd
title: "Two editions"
summary: "One lesson, two editions of the handout."
objectives:
  - Read a letter and a passage of the article.
minutes: 45
blocks:
  - kind: glossary
    items:
      - {{id: council, term: council, definition: "A group of people chosen to decide things. It met in 1920."}}
      - {{id: decree, term: decree, definition: "An order with the force of law."}}
  - kind: sources
    items:
      - id: passage
        title: "The end of the council"
        author: The article
        date: 1920
        type: article
        headnote: "What the article says happened in the autumn."
        locator: {{paragraph: 3}}
        text: "In the autumn the army moved north, and the council was dissolved in 1920 by a decree of the new government."
        foundation_text: "the council was dissolved […] by a decree"
  - kind: document_analysis
    title: "Questions on the letter"
    intro: "Answer all eleven questions in full sentences, quoting the letter."
    foundation_intro: "Sloth-intro answer in your own words."
    source: letter
    questions:
      - {{prompt: "Who wrote the letter?", points: 2, skill: sourcing, model_answer: "The general."}}
      - {{prompt: "Zebra-question how far does the letter show the general's fears?", points: 10,
         skill: close-reading, model_answer: "It shows haste.", extension: true}}
      - {{prompt: "{HARD}", foundation_prompt: "{PLAIN}", points: 4, skill: close-reading,
         model_answer: "To act before winter."}}
      - {{prompt: "Compare the letter with the passage.", points: 3, skill: corroboration,
         model_answer: "Both speak of haste.", foundation_starters: {own_starters}}}
  - kind: discussion
    prompts:
      - text: "Should the officers have obeyed the general's order at once?"
        foundation_text: "Walrus-prompt should the officers obey?"
      - text: "Quagga-prompt what would the officers have answered?"
        extension: true
  - kind: fill_in
    items:
      - text: "The [[general]] wrote the letter."
      - text: "Okapi-gap he wrote to his [[officers]]."
        extension: true
      - text: "The [[council]] met in 1920."
  - kind: essay
    question: "Narwhal-essay was the general right to hurry?"
    foundation_question: "Narwhal-plain was the general right?"
    guidance: "Weigh the letter against the article."
    foundation_guidance: "Tapir-guidance say yes or no, then give two reasons."
    rubric:
      - {{level: "Level 2", marks: "6-10", descriptor: "A judgement."}}
      - {{level: "Level 1", marks: "1-5", descriptor: "A description."}}
  - kind: essay
    question: "Beluga-essay how else could he have written?"
    extension: true
    rubric:
      - {{level: "Level 2", marks: "6-10", descriptor: "A judgement."}}
      - {{level: "Level 1", marks: "1-5", descriptor: "A description."}}
"""


KIT_STARTERS = """\
foundation_starters:
  close_reading: ["Kit-starter the word … shows …", "Kit-starter the general means …"]
  essay: ["Kit-frame first, …", "Kit-frame then, …"]
"""


@pytest.fixture
def kit_with(make_kit, tmp_path):
    def make(text: str = None, kit_yaml_extra: str = ""):
        return load_kit(make_kit(tmp_path, {"kit.yaml": BASE_FILES["kit.yaml"] + kit_yaml_extra,
                                            "units/02-fnd.yaml": text or unit()}))
    return make


def views(kit, edition: str = "foundation") -> dict:
    view = unit_view(kit, kit.unit("fnd"), 2, False, edition=edition)
    first = {}
    for block in view["blocks"]:
        first.setdefault(block["type"], block)   # the first block of each kind
    return first | {"cards": [b for b in view["blocks"] if b["type"] == "sources"]}


# --- kinds and the format ----------------------------------------------------------------------

def test_the_kinds_are_student_paper_outputs_not_built_by_default():
    handout, book = KINDS["foundation"], KINDS["foundation-book"]
    assert (handout.audience, handout.scope, handout.on_paper, handout.copies_per_student) == ("student", "unit", True, 1)
    assert (book.audience, book.scope, book.renderer, book.instead_of) == ("student", "kit", "book", "foundation")
    assert handout.file_name(2, "fnd") == "02-fnd-foundation.pdf" and book.file_name() == "foundation-book.pdf"
    assert {handout.edition, book.edition} == {"foundation"} and KINDS["handout"].edition == "standard"
    assert "foundation" not in default_choices() and "foundation-book" not in default_choices()


def test_the_schema_declares_the_foundation_fields():
    defs = json.loads(CliRunner().invoke(cli, ["schema"]).output)["$defs"]
    assert defs["Question"]["properties"]["foundation_prompt"]["type"] == "string"
    assert defs["Question"]["properties"]["foundation_starters"]["type"] == "array"
    assert defs["SourceExcerpt"]["properties"]["foundation_text"]["type"] == "string"
    assert defs["Prompt"]["properties"]["foundation_text"]["type"] == "string"
    assert set(defs["EssayBlock"]["properties"]) >= {"foundation_question", "foundation_frame", "foundation_guidance"}
    for block in ("SourcesBlock", "GlossaryBlock", "DocumentAnalysisBlock", "DiscussionBlock", "TimelineBlock",
                  "FillInBlock"):
        assert defs[block]["properties"]["foundation_intro"]["type"] == "string", block
    kit_defs = json.loads(CliRunner().invoke(cli, ["schema", "--kit-file"]).output)["$defs"]
    assert set(kit_defs["FoundationStarters"]["properties"]) == {"sourcing", "context", "close_reading", "corroboration",
                                                              "discussion", "essay"}
    for name in ("Question", "SourceExcerpt", "Prompt", "EssayBlock"):
        assert not {key for key in defs[name]["required"] if key.startswith("foundation")}


def test_the_fields_load(kit_with):
    kit = kit_with(kit_yaml_extra=KIT_STARTERS)
    blocks = kit.unit("fnd").unit.blocks
    assert blocks[1].items[0].foundation_text == "the council was dissolved […] by a decree"
    assert blocks[2].questions[2].foundation_prompt == PLAIN
    assert blocks[2].questions[3].foundation_starters == ["Source 1 and Source 2 both say …", "Unlike Source 1, …"]
    assert kit.config.foundation_starters.close_reading[0] == "Kit-starter the word … shows …"


def test_a_foundation_text_that_departs_from_the_source_is_an_error_at_its_place(make_kit, tmp_path):
    text = unit().replace("the council was dissolved […] by a decree", "the council was closed […] by a decree")
    (problem,) = problems_of(make_kit(tmp_path, {"units/02-fnd.yaml": text}))
    assert problem.code == "quotation"
    assert (problem.location.path, problem.location.line, problem.location.column) == (
        "units/02-fnd.yaml", line_of(text, "foundation_text: \"the council"), col_of(text, '"the council was closed'))
    assert "source 'passage': its foundation_text" in problem.message and "'closed'" in problem.message


def test_a_foundation_text_cut_from_another_paragraph_is_an_error_at_its_place(make_kit, tmp_path):
    text = unit().replace('foundation_text: "the council was dissolved […] by a decree"',
                          'foundation_text: "His officers agreed with him."')
    (problem,) = problems_of(make_kit(tmp_path, {"units/02-fnd.yaml": text}))
    assert problem.code == "bad-locator"
    assert problem.location.line == line_of(text, "His officers agreed")
    assert "its foundation_text is in ¶2, not in ¶3" in problem.message


def test_an_adapted_excerpt_s_cut_is_not_checked(make_kit, tmp_path):
    text = unit().replace('foundation_text: "the council was dissolved […] by a decree"',
                          'foundation_text: "The council was closed."\n        adapted: true')
    load_kit(make_kit(tmp_path, {"units/02-fnd.yaml": text}))


def test_kit_yaml_starters_are_checked_by_name(make_kit, tmp_path):
    kit_yaml = BASE_FILES["kit.yaml"] + 'foundation_starters:\n  close-reading: ["The word … shows …"]\n'
    (problem,) = problems_of(make_kit(tmp_path, {"kit.yaml": kit_yaml}))
    assert problem.code == "unknown-key" and problem.location.path == "kit.yaml"
    assert "did you mean 'close_reading'" in problem.message


# --- views --------------------------------------------------------------------------------------

def test_numbers_are_the_standard_edition_s_and_extension_work_is_left_out_in_its_place(kit_with):
    kit = kit_with()
    standard, foundation = views(kit, "standard"), views(kit)
    assert [q["number"] for q in standard["document_analysis"]["questions"]] == [1, 2, 3, 4]
    questions = foundation["document_analysis"]["questions"]
    assert [(q["number"], q["standard_only"]) for q in questions] == [(1, False), (2, True), (3, False), (4, False)]
    assert "prompt" not in questions[1]    # nothing of the extension question is printed
    assert [(p["number"], p["standard_only"]) for p in foundation["discussion"]["prompts"]] == [(1, False), (2, True)]
    assert [(g["number"], g["standard_only"]) for g in foundation["fill_in"]["gaps"]] == [(1, False), (2, True), (3, False)]
    assert foundation["document_analysis"]["total_points"] == 2 + 4 + 3
    assert standard["document_analysis"]["total_points"] == 2 + 10 + 4 + 3
    # the same source numbers in both editions, the kit's: the minimal kit's first unit defines the
    # letter (Source 1), this unit the passage (Source 2)
    for edition in (standard, foundation):
        assert edition["cards"][0]["cards"][0]["number"] == 2
        assert edition["document_analysis"]["document_number"] == 1
    essays = [b for b in unit_view(kit, kit.unit("fnd"), 2, False, edition="foundation")["blocks"] if b["type"] == "essay"]
    assert [str(e["question"]) for e in essays] == ["Narwhal-plain was the general right?"]   # the extension essay is left out


def test_consecutive_left_out_items_print_as_one_line():
    items = [left_out(1), {"number": 2, "standard_only": False}, left_out(3), left_out(4), left_out(5)]
    assert [(i["number"], i.get("numbers")) for i in with_runs(items)] == [(1, "1"), (2, None), (3, "3–5")]


def test_the_total_line_separates_core_and_extension_points(kit_with):
    kit = kit_with()
    standard, foundation = views(kit, "standard"), views(kit)
    assert (standard["document_analysis"]["total_points"], standard["document_analysis"]["extension_points"]) == (19, 10)
    assert (foundation["document_analysis"]["total_points"], foundation["document_analysis"]["extension_points"]) == (9, 0)


def test_plainer_wording_where_the_unit_gives_it_and_the_standard_text_elsewhere(kit_with):
    kit = kit_with()
    standard, foundation = views(kit, "standard"), views(kit)
    assert [str(q.get("prompt")) for q in foundation["document_analysis"]["questions"]] == [
        "Who wrote the letter?", "None", PLAIN, "Compare the letter with the passage."]
    assert str(standard["document_analysis"]["questions"][2]["prompt"]) == HARD
    assert str(foundation["discussion"]["prompts"][0]["text"]) == "Walrus-prompt should the officers obey?"
    assert [str(p) for p in foundation["document_analysis"]["intro"]] == ["Sloth-intro answer in your own words."]
    assert [str(p) for p in standard["document_analysis"]["intro"]] == [
        "Answer all eleven questions in full sentences, quoting the letter."]
    assert [str(p) for p in foundation["essay"]["guidance"]] == ["Tapir-guidance say yes or no, then give two reasons."]
    assert [str(p) for p in standard["essay"]["guidance"]] == ["Weigh the letter against the article."]
    card = foundation["cards"][0]["cards"][0]
    assert [str(line["text"]) for line in card["lines"]] == ["the council was dissolved […] by a decree"]
    assert "the army moved north" in " ".join(str(line["text"]) for line in standard["cards"][0]["cards"][0]["lines"])


def test_starters_come_from_the_question_then_kit_yaml_then_kit(kit_with):
    kit = kit_with(kit_yaml_extra=KIT_STARTERS)
    questions = views(kit)["document_analysis"]["questions"]
    assert [str(s) for s in questions[3]["starters"]] == ["Source 1 and Source 2 both say …", "Unlike Source 1, …"]
    assert [str(s) for s in questions[2]["starters"]] == ["Kit-starter the word … shows …", "Kit-starter the general means …"]
    assert [str(s) for s in questions[0]["starters"]] == list(STARTERS["en"]["sourcing"])
    essay = views(kit)["essay"]
    assert [str(s) for s in essay["frame"]] == ["Kit-frame first, …", "Kit-frame then, …"]
    assert [str(s) for s in views(kit)["discussion"]["starters"]] == list(STARTERS["en"]["discussion"])
    # without kit.yaml's, kit's own; and the standard edition has none
    plain = kit_with(unit(own_starters="[]"))
    assert [str(s) for s in views(plain)["document_analysis"]["questions"][3]["starters"]] == list(
        STARTERS["en"]["corroboration"])
    assert [str(s) for s in views(plain)["essay"]["frame"]] == list(STARTERS["en"]["essay"])
    standard = views(plain, "standard")
    assert all(q["starters"] == [] for q in standard["document_analysis"]["questions"])
    assert standard["discussion"]["starters"] == [] and standard["essay"]["frame"] == []


def test_every_word_bank_is_open(kit_with):
    kit = kit_with()
    assert views(kit, "standard")["fill_in"]["word_bank"] == []          # the unit hides it
    assert views(kit)["fill_in"]["word_bank"] == ["council", "general"]  # the answers of the sentences printed
    bank = views(kit)["cards"][0]["cards"][0]["word_bank"]
    assert [(w["term"], str(w["gloss"])) for w in bank] == [("council", "A group of people chosen to decide things."),
                                                            ("decree", "An order with the force of law.")]


def test_a_kit_in_another_language_gets_its_own_starters(make_kit, tmp_path):
    kit = load_kit(make_kit(tmp_path, {"kit.yaml": BASE_FILES["kit.yaml"].replace("language: en", "language: ru"),
                                       "units/02-fnd.yaml": unit()}))
    questions = views(kit)["document_analysis"]["questions"]
    assert [str(s) for s in questions[0]["starters"]] == list(STARTERS["ru"]["sourcing"])


def test_the_teacher_edition_is_not_a_foundation_one(kit_with):
    kit = kit_with()
    teacher = unit_view(kit, kit.unit("fnd"), 2, True, edition="foundation")
    questions = next(b for b in teacher["blocks"] if b["type"] == "document_analysis")["questions"]
    assert [q["number"] for q in questions] == [1, 2, 3, 4] and all(not q["starters"] for q in questions)


@pytest.mark.parametrize("language", LANGUAGES)
def test_kit_has_starters_for_every_skill_in_every_language(language):
    assert set(STARTERS[language]) == set(SKILLS) | {"discussion", "essay"}
    for key, starters in STARTERS[language].items():
        assert len(starters) >= 2 and all("…" in s for s in starters), (language, key)
        if language != "en":
            assert not set(starters) & set(STARTERS["en"][key]), (language, key)   # translated, not copied
    assert starters_for("xx") == STARTERS["en"]


# --- outputs, read back ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("foundation") / "kit"
    root.mkdir()
    kit_yaml = BASE_FILES["kit.yaml"] + "outputs: [handout, foundation, book, foundation-book]\n"
    write_files(root, {**BASE_FILES, "kit.yaml": kit_yaml, "units/01-first.yaml": UNIT_YAML,
                       "units/02-fnd.yaml": unit()})
    result = build(root, jobs=0)
    return root, result


def _text(path) -> str:
    return " ".join(pdf_text(path.read_bytes()).split())


def test_the_foundation_handout_prints_the_foundation_edition(built):
    root, _ = built
    text = _text(root / "build" / "02-fnd-foundation.pdf")
    assert PLAIN in text and HARD not in text                        # question 3's plain stem
    assert "3. " + PLAIN in text and "4. Compare the letter" in text  # numbered as the standard edition
    assert "2. In the standard edition only" in text and "Zebra-question" not in text
    for marker in ("Quagga-prompt", "Okapi-gap", "Beluga-essay", "EXTENSION"):
        assert marker not in text, marker
    assert "YOU COULD START" in text and STARTERS["en"]["sourcing"][0] in text
    assert "Unlike Source 1, …" in text                               # the question's own starters
    assert "WHEN YOU SPEAK, YOU COULD SAY" in text and "PLAN YOUR PARAGRAPHS" in text
    assert "Word bank: council · general" in text                       # the fill-in's bank, open
    assert "council: A group of people chosen to decide things." in text  # the glossed bank beside the excerpt
    assert "the council was dissolved […] by a decree" in text and "the army moved north" not in text
    assert "Sloth-intro" in text and "Tapir-guidance" in text and "eleven questions" not in text
    assert text.count("FOUNDATION EDITION") >= 2                        # the unit line and the running head


def test_the_standard_handout_is_unchanged(built):
    root, _ = built
    text = _text(root / "build" / "02-fnd-handout.pdf")
    assert HARD in text and PLAIN not in text and "Zebra-question" in text and "Beluga-essay" in text
    assert "Total: 19 points (Core work: 9 · Extension: 10)" in text
    for absent in ("Sloth-intro", "Tapir-guidance", "YOU COULD START", "In the standard edition only", "FOUNDATION", "Foundation", "Word bank: council",
                   "PLAN YOUR PARAGRAPHS", "Walrus-prompt"):
        assert absent not in text, absent


def test_the_foundation_book_holds_every_unit_s_foundation_edition(built):
    root, _ = built
    from pypdf import PdfReader

    book = root / "build" / "foundation-book.pdf"
    text = _text(book)
    assert "FOUNDATION BOOK" in text and PLAIN in text and "YOU COULD START" in text
    assert "The general's letter" in text and "Two editions" in text
    assert PdfReader(book).metadata.title == "Test kit · Foundation book"
    student = _text(root / "build" / "student-book.pdf")
    assert HARD in student and PLAIN not in student and "FOUNDATION" not in student


def test_the_print_pack_counts_each_edition_as_a_choice(built):
    root, result = built
    rows = pack_rows(result.built, 30)
    by_file = {r.file: r for r in rows}
    assert by_file["02-fnd-foundation.pdf"].copies == 30 and by_file["foundation-book.pdf"].copies == 30
    sets = class_sets(rows, 30)
    assert [name for name, _ in sets.choices] == ["the unit handouts", "the student book", "the foundation handouts",
                                                  "the foundation book"]
    assert sets.editions and sets.books and not sets.always
    foundation = dict(sets.choices)["the foundation handouts"]
    assert {r.file for r in foundation} == {"01-first-foundation.pdf", "02-fnd-foundation.pdf"}
    text = write_print_pack(root, None, result, 30)
    assert "Class set, printing the foundation handouts:" in text
    html = (root / "build" / "print-pack.html").read_text(encoding="utf-8")
    assert "02-fnd-foundation.pdf" in html and "Total, printing the foundation book" in html
    assert "Each student gets one edition" in html


def test_a_foundation_edition_alone_is_printed_for_every_student(built):
    _, result = built
    rows = [r for r in pack_rows(result.built, 30) if r.output.edition == "foundation" and r.output.scope == "unit"]
    sets = class_sets(rows, 30)
    assert not sets.choices and {r.file for r in sets.always} == {"01-first-foundation.pdf", "02-fnd-foundation.pdf"}


def test_kit_list_and_output_choose_the_foundation_kinds(make_kit, tmp_path):
    root = make_kit(tmp_path)
    listing = CliRunner().invoke(cli, ["list", str(root)]).output
    assert "foundation" not in listing                       # not built unless asked for
    kit_yaml = BASE_FILES["kit.yaml"] + "outputs: [handout, foundation, foundation-book]\n"
    write_files(root, {"kit.yaml": kit_yaml})
    listing = CliRunner().invoke(cli, ["list", str(root)]).output
    assert "01-first-foundation.pdf" in listing and "foundation-book.pdf" in listing
    assert "foundation-book " in listing and "(foundation book: every unit's foundation handout" in listing
    result = CliRunner().invoke(cli, ["build", str(root), "--output", "foundation", "--json"])
    assert result.exit_code == 0, result.output
    assert [o["kind"] for o in json.loads(result.stdout)["outputs"]] == ["foundation"]


def test_labels_name_the_edition_in_every_language():
    for language in LANGUAGES:
        labels = LABELS[language]
        assert labels["foundation_edition"] and labels["foundation_book"] and labels["standard_only"]
        if language != "en":
            assert labels["foundation_edition"] != LABELS["en"]["foundation_edition"]


def test_the_talk_starters_print_once_a_unit_under_its_first_discussion(kit_with):
    second = '  - kind: discussion\n    prompts:\n      - text: "A second round?"\n  - kind: fill_in\n'
    kit = kit_with(unit().replace("  - kind: fill_in\n", second, 1))
    blocks = unit_view(kit, kit.unit("fnd"), 2, False, edition="foundation")["blocks"]
    discussions = [b for b in blocks if b["type"] == "discussion"]
    assert len(discussions) == 2
    assert [len(d["starters"]) for d in discussions] == [len(STARTERS["en"]["discussion"]), 0]


def test_the_teacher_edition_shows_the_foundation_wording_beside_the_standard(built):
    root, _ = built
    build(root, outputs=["teacher"], unit_ids=["fnd"], jobs=0)
    text = _text(root / "build" / "02-fnd-teacher.pdf")
    assert f"{HARD}" in text and f"Foundation edition: {PLAIN}" in text
    assert "Foundation edition: Walrus-prompt should the officers obey?" in text
    assert "Foundation edition: Narwhal-plain was the general right?" in text
    assert "YOU COULD START" not in text


def test_every_foundation_key_the_readme_names_is_in_the_format():
    import dataclasses
    import re

    from conftest import REPO
    from kit import schema

    declared = {f.name for cls in vars(schema).values() if dataclasses.is_dataclass(cls) and isinstance(cls, type)
                for f in dataclasses.fields(cls)}
    named = set(re.findall(r"\bfoundation_\w+", (REPO / "README.md").read_text(encoding="utf-8")))
    assert named and named <= declared, named - declared


def test_a_timeline_event_prints_its_foundation_wording_in_the_foundation_edition(make_kit, tmp_path):
    unit = BASE_FILES["units/01-first.yaml"] + """\
  - kind: timeline
    events:
      - date: 1920-03-02
        event: "The general, fearing the coming winter, writes to his officers that they must not wait."
        foundation_event: "Ibex-plain the general writes to his officers."
        locator: {paragraph: 2}
"""
    kit = load_kit(make_kit(tmp_path, {"units/01-first.yaml": unit}))

    def event(edition: str) -> str:
        view = unit_view(kit, kit.unit("first"), 1, False, edition=edition)
        timeline = next(b for b in view["blocks"] if b["type"] == "timeline")
        return str(timeline["events"][0]["event"])

    assert event("foundation") == "Ibex-plain the general writes to his officers."
    assert event("standard").startswith("The general, fearing")
