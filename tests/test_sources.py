"""Many sources a kit: a kit drawn from a speech and a letter (both written here), labels that
follow each source's kind, locators that are checked against where a quotation really is, events
and terms beyond the sources, inflected forms, paragraphs that survive YAML folding, the source
reader and its corrected reading text, and the sources page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import dedent, line_of, problems_of
from kit.build import build
from kit.kitload import load_kit
from kit.sourcetext import reading_departure

# Lincoln's address at Gettysburg (1863) and Abigail Adams's letter of 31 March 1776, both in the
# public domain. The copies have the defects of a converted text: dashes and apostrophes lost,
# footnote numbers glued to words.
SPEECH = dedent("""
    Address delivered at the dedication of the Cemetery at Gettysburg

    Four score and seven years ago our fathers brought forth on this continent, a new nation, conceived in Liberty, and dedicated to the proposition that all men are created equal.1

    Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so dedicated, can long endure. We are met on a great battle-field of that war. We have come to dedicate a portion of that field, as a final resting place for those who here gave their lives that that nation might live. It is altogether fitting and proper that we should do this.

    But, in a larger sense, we can not dedicate we can not consecrate we can not hallow this ground. The brave men, living and dead, who struggled here, have consecrated it, far above our poor power to add or detract. The world will little note, nor long remember what we say here, but it can never forget what they did here.2 It is for us the living, rather, to be dedicated here to the unfinished work which they who fought here have thus far so nobly advanced.
    """)

READING = dedent("""
    Address delivered at the dedication of the Cemetery at Gettysburg

    Four score and seven years ago our fathers brought forth on this continent, a new nation, conceived in Liberty, and dedicated to the proposition that “all men are created equal.”[^1]

    Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so dedicated, can long endure. We are met on a great battle-field of that war. We have come to dedicate a portion of that field, as a final resting place for those who here gave their lives that that nation might live. It is altogether fitting and proper that we should do this.

    But, in a larger sense, we can not dedicate—we can not consecrate—we can not hallow—this ground. The brave men, living and dead, who struggled here, have consecrated it, far above our poor power to add or detract. The world will little note, nor long remember what we say here, but it can never forget what they did here.[^2] It is for us the living, rather, to be dedicated here to the unfinished work which they who fought here have thus far so nobly advanced.
    """)

LETTER = dedent("""
    Braintree March 31 1776

    I long to hear that you have declared an independency and by the way in the new Code of Laws which I suppose it will be necessary for you to make I desire you would Remember the Ladies, and be more generous and favourable to them than your ancestors. Do not put such unlimited power into the hands of the Husbands. Remember all Men would be tyrants if they could.3

    That your Sex are Naturally Tyrannical is a Truth so thoroughly established as to admit of no dispute, but such of you as wish to be happy willingly give up the harsh title of Master for the more tender and endearing one of Friend.
    """)

NOTES = "1. The words of the Declaration of Independence (1776).\n2 The world did remember them.\n"

KIT_YAML = dedent("""
    title: "Liberty and its limits"
    subject: History
    level: "Upper secondary"
    language: en
    authors: [Test Author]
    licence: "CC BY 4.0"
    sources:
      - id: gettysburg
        kind: speech
        short: "Lincoln (1863)"
        author: Abraham Lincoln
        title: "Address delivered at the dedication of the Cemetery at Gettysburg"
        year: 1863
        licence: "Public domain"
        text: source/gettysburg.txt
        reading_text: source/gettysburg-reading.txt
        footnotes: source/gettysburg-notes.txt
        students: true
      - id: remember-the-ladies
        kind: letter
        short: "Adams (1776)"
        author: Abigail Adams
        title: "Letter to John Adams, 31 March 1776"
        year: 1776
        licence: "Public domain"
        url: "https://www.masshist.org/digitaladams/archive/doc?id=L17760331aa"
        text: source/adams.txt
        students: true
    """)

UNIT = dedent("""
    id: liberty
    title: "Two voices on liberty"
    summary: "A president's address and a wife's letter, eighty-seven years apart."
    objectives:
      - Compare what two writers mean by liberty.
    minutes: 45
    notes: "Ask who is meant by the line that your Sex are Naturally Tyrannical is a Truth so thoroughly established."
    blocks:
      - kind: text
        title: Background
        body: >
          Lincoln spoke at Gettysburg in November 1863, at the dedication of a cemetery
          for soldiers of the Union.

          Abigail Adams wrote to her husband in March 1776, while he sat in the Continental
          Congress. She warned that husbands' power was too great.
      - kind: sources
        items:
          - id: new-birth
            title: "Lincoln at Gettysburg"
            author: Abraham Lincoln
            date: 1863-11-19
            type: speech
            headnote: "Spoken at the dedication of the cemetery."
            locator: {source: gettysburg, paragraph: 4}
            text: "We can not dedicate [...] this ground. The brave men, living and dead, who struggled here, have consecrated it."
          - id: ladies
            title: "Remember the Ladies"
            author: Abigail Adams
            date: 1776-03-31
            type: letter
            headnote: "Written to John Adams in Philadelphia."
            locator: {source: remember-the-ladies, paragraph: 2, footnote: 3}
            text: "Do not put such unlimited power into the hands of the Husbands. Remember all Men would be tyrants if they could."
      - kind: glossary
        items:
          - id: tyrant
            term: tyrant
            definition: "A ruler who uses power cruelly and without limits."
            locator: {source: remember-the-ladies, paragraph: 2}
          - id: independence
            term: independence
            forms: [independency]
            definition: "Freedom from rule by another state."
            locator: {source: remember-the-ladies, paragraph: 2}
          - id: battlefield
            term: battlefield
            definition: "The ground where a battle is fought."
            beyond_source: true
            beyond_note: "The speech says battle-field; the definition is general knowledge."
      - kind: timeline
        events:
          - date: 1776-03-31
            event: "Abigail Adams asks her husband to remember the ladies."
            locator: {source: remember-the-ladies, paragraph: 2}
          - date: 1776-07-04
            event: "The Continental Congress adopts the Declaration of Independence."
            beyond_source: true
            beyond_note: "Neither source mentions it; every textbook gives the date."
          - date: 1863-11-19
            event: "Lincoln speaks at Gettysburg."
            locator: {source: gettysburg, paragraph: 2}
      - kind: document_analysis
        source: ladies
        questions:
          - prompt: "Whom does Adams warn, and of what?"
            points: 2
            skill: close-reading
            model_answer: "She warns her husband that men holding unlimited power become cruel rulers of their wives."
    """)

FILES = {
    "kit.yaml": KIT_YAML,
    "assets/source/gettysburg.txt": SPEECH,
    "assets/source/gettysburg-reading.txt": READING,
    "assets/source/adams.txt": LETTER,
    "assets/source/gettysburg-notes.txt": NOTES,
    "units/01-first.yaml": UNIT,
    "assets/source/article.txt": None,
}


def two_source_kit(make_kit, root: Path, **changes) -> Path:
    files = dict(FILES)
    for name, (old, new) in changes.items():
        key = {"unit": "units/01-first.yaml", "kit": "kit.yaml", "reading": "assets/source/gettysburg-reading.txt",
               "notes": "assets/source/gettysburg-notes.txt"}[name]
        assert old in files[key], old
        files[key] = files[key].replace(old, new)
    return make_kit(root, files)


def test_the_two_source_kit_loads_and_each_locator_names_its_source(make_kit, tmp_path):
    kit = load_kit(two_source_kit(make_kit, tmp_path))
    assert [(s.key, s.citation.kind) for s in kit.sources] == [("gettysburg", "speech"), ("remember-the-ladies", "letter")]
    excerpts = kit.excerpts()
    assert kit.source_of(excerpts["new-birth"].locator).key == "gettysburg"
    assert kit.source_of(excerpts["ladies"].locator).key == "remember-the-ladies"
    assert [s.key for s in kit.readers()] == ["gettysburg", "remember-the-ladies"]


def test_a_locator_must_name_its_source_when_the_kit_has_two(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, unit=("{source: gettysburg, paragraph: 2}", "{paragraph: 2}"))
    [problem] = problems_of(root)
    assert problem.code == "bad-locator"
    assert "the kit has 2 sources (gettysburg, remember-the-ladies)" in problem.message
    assert problem.location.line == line_of(UNIT, "event: \"Lincoln speaks") + 1

def test_a_locator_naming_an_unknown_source(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, unit=("{source: gettysburg, paragraph: 2}",
                                                     "{source: gettysberg, paragraph: 2}"))
    [problem] = problems_of(root)
    assert "there is no kit source with id 'gettysberg'" in problem.message
    assert "did you mean 'gettysburg'" in problem.message


def test_a_quotation_is_checked_against_its_own_source(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, unit=("{source: gettysburg, paragraph: 4}",
                                                     "{source: remember-the-ladies, paragraph: 2}"))
    [problem] = problems_of(root)
    assert problem.code == "quotation" and "'new-birth'" in problem.message


def test_a_locator_that_disagrees_with_the_quotation(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, unit=("{source: gettysburg, paragraph: 4}",
                                                     "{source: gettysburg, paragraph: 2}"))
    [problem] = problems_of(root)
    assert problem.code == "bad-locator"
    assert "source 'new-birth': the quotation is in ¶4, not ¶2" in problem.message
    assert "{paragraph: 4}" in problem.message


def test_a_footnote_locator_that_disagrees(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, unit=("{source: remember-the-ladies, paragraph: 2, footnote: 3}",
                                                     "{source: remember-the-ladies, paragraph: 3, footnote: 3}"))
    messages = [p.message for p in problems_of(root)]
    assert "footnote 3 is called in ¶2, not ¶3; correct the locator" in messages
    assert any("the quotation is in ¶2, not ¶3" in m for m in messages)


def test_a_quotation_across_two_paragraphs_may_be_located_in_either(make_kit, tmp_path):
    unit = UNIT.replace("text: \"We can not dedicate [...] this ground. The brave men, living and dead, who struggled "
                        "here, have consecrated it.\"",
                        "text: \"that nation might live. It is altogether fitting and proper that we should do this. "
                        "But, in a larger sense, we can not dedicate\"")
    for paragraph in (3, 4):
        root = make_kit(tmp_path / str(paragraph), {**FILES, "units/01-first.yaml": unit.replace(
            "{source: gettysburg, paragraph: 4}", f"{{source: gettysburg, paragraph: {paragraph}}}")})
        load_kit(root)
    root = make_kit(tmp_path / "2", {**FILES, "units/01-first.yaml": unit.replace(
        "{source: gettysburg, paragraph: 4}", "{source: gettysburg, paragraph: 2}")})
    assert "the quotation is in ¶3-4, not ¶2" in problems_of(root)[0].message


def test_a_single_source_keeps_working_and_its_locators_need_no_name(make_kit, tmp_path):
    kit = load_kit(make_kit(tmp_path))
    assert [s.key for s in kit.sources] == ["source"]
    assert kit.readers() == []


def test_source_and_sources_together_are_refused(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, kit=("sources:\n", "source: {short: X, author: Y, title: Z, year: 2000, "
                                                   "licence: CC0}\nsources:\n"))
    problems = problems_of(root)
    assert any("both 'source' and 'sources'" in p.message for p in problems)


def test_each_of_sources_needs_an_id(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, kit=("  - id: remember-the-ladies\n    kind", "  - kind"))
    messages = [p.message for p in problems_of(root)]
    assert any("each of 'sources' needs an 'id'" in m for m in messages)


def test_students_need_the_text(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, kit=("    text: source/adams.txt\n", ""))
    messages = [p.message for p in problems_of(root)]
    assert any("'students: true' needs the source's text" in m for m in messages)


# --- beyond the sources ----------------------------------------------------------------------

def test_an_event_without_a_locator_must_be_marked_beyond_the_sources(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, unit=("        beyond_source: true\n        beyond_note: \"Neither", "        beyond_note: \"Neither"))
    [problem] = problems_of(root)
    assert "this event has no 'locator'" in problem.message and "beyond_source: true" in problem.message


def test_an_event_beyond_the_sources_needs_a_teacher_note_and_no_locator(make_kit, tmp_path):
    note = "        beyond_note: \"Neither source mentions it; every textbook gives the date.\"\n"
    [problem] = problems_of(two_source_kit(make_kit, tmp_path / "a", unit=(note, "")))
    assert "add a 'beyond_note'" in problem.message
    located = "        locator: {source: gettysburg, paragraph: 2}\n" + note
    [problem] = problems_of(two_source_kit(make_kit, tmp_path / "b", unit=(note, located)))
    assert "marked 'beyond_source' but has a locator" in problem.message


# --- YAML folding ---------------------------------------------------------------------------

@pytest.mark.parametrize("style", [">", "|", ">-", "|+"])
def test_a_blank_line_starts_a_paragraph_whether_folded_or_literal(make_kit, tmp_path, style):
    from kit.views import paragraphs

    root = two_source_kit(make_kit, tmp_path, unit=("    body: >\n", f"    body: {style}\n"))
    body = next(b for b in load_kit(root).units[0].unit.blocks if b.kind == "text").body
    printed = paragraphs(body)
    assert len(printed) == 2
    assert printed[0].startswith("Lincoln spoke") and printed[1].startswith("Abigail Adams")


def test_a_plain_scalar_over_several_lines_keeps_its_paragraphs(make_kit, tmp_path):
    from kit.views import paragraphs

    unit = UNIT.replace("summary: \"A president's address and a wife's letter, eighty-seven years apart.\"",
                        "summary: A president's address\n  and a wife's letter.\n\n  Eighty-seven years apart.")
    root = make_kit(tmp_path, {**FILES, "units/01-first.yaml": unit})
    assert len(paragraphs(load_kit(root).units[0].unit.summary)) == 2


# --- inflected forms ------------------------------------------------------------------------

def test_the_word_bank_finds_plurals_possessives_and_listed_forms(make_kit, tmp_path):
    from kit.views import glossary_index, word_bank

    kit = load_kit(two_source_kit(make_kit, tmp_path))
    terms = glossary_index(kit)
    bank = lambda text: [w["term"] for w in word_bank(text, terms)]  # noqa: E731
    assert bank("Remember all Men would be tyrants if they could.") == ["tyrant"]
    assert bank("the tyrant's power") == ["tyrant"]
    assert bank("the tyrants’ power") == ["tyrant"]
    assert bank("you have declared an independency") == ["independence"]
    assert bank("a tyrannical husband; the battlefields") == ["battlefield"]
    assert bank("tyrantship and independent") == []


SECOND_UNIT = dedent("""
    id: second
    title: "Tyrants"
    summary: "Who were the tyrants?"
    objectives: [Name one.]
    minutes: 10
    blocks:
      - kind: text
        body: "Of the tyrants' power, and of a tyrant again."
    """)


def test_glossary_marking_finds_an_inflected_first_occurrence(make_kit, tmp_path):
    from kit.views import unit_view

    kit = load_kit(make_kit(tmp_path, {**FILES, "units/02-second.yaml": SECOND_UNIT}))
    view = unit_view(kit, kit.units[1], 2, False)
    body = str(view["blocks"][0]["body"][0]["html"])
    assert body.count('<span class="term">') == 1
    assert 'the <span class="term">tyrants&#39;</span> power' in body


# --- the corrected reading text -------------------------------------------------------------

def test_the_reading_text_differs_from_its_copy_only_in_punctuation_and_footnote_marks():
    assert reading_departure(SPEECH, READING) is None


def test_a_changed_word_in_the_reading_text_is_found():
    changed = READING.replace("we can not consecrate", "we cannot consecrate")
    line, what = reading_departure(SPEECH, changed)
    assert line == line_of(changed, "we cannot consecrate")
    assert "the word 'cannot' stands where the copy has 'can'" in what


def test_a_reading_text_with_a_word_changed_fails_kit_check(make_kit, tmp_path):
    root = two_source_kit(make_kit, tmp_path, reading=("so nobly advanced", "so bravely advanced"))
    [problem] = problems_of(root)
    assert problem.code == "reading-text"
    assert problem.location.path == "assets/source/gettysburg-reading.txt"
    assert problem.location.line == line_of(READING, "so nobly advanced")
    assert "in paragraph 4, the word 'bravely' stands where the copy has 'nobly'" in problem.message


def test_footnote_texts_are_read_by_number(make_kit, tmp_path):
    kit = load_kit(two_source_kit(make_kit, tmp_path))
    assert kit.sources[0].notes == {1: "The words of the Declaration of Independence (1776).",
                                    2: "The world did remember them."}


@pytest.mark.parametrize("change, message", [
    (("2 The world", "The world"), "a footnote text starts with its number"),
    (("2 The world", "1 The world"), "footnote 1 is given twice"),
    (("2 The world", "7 The world"), "footnote 7 is called nowhere in the source's text"),
])
def test_bad_footnote_texts(make_kit, tmp_path, change, message):
    [problem] = problems_of(two_source_kit(make_kit, tmp_path, notes=change))
    assert problem.location.path == "assets/source/gettysburg-notes.txt" and problem.location.line == 2
    assert message in problem.message


def test_a_reading_text_may_not_merge_paragraphs():
    merged = READING.replace("created equal.”[^1]\n\nNow", "created equal.”[^1] Now")
    assert reading_departure(SPEECH, merged) is not None


# --- the outputs ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import BASE_FILES, write_files

    root = tmp_path_factory.mktemp("two-source")
    write_files(root, {**BASE_FILES, **FILES})
    result = build(root, jobs=0)
    from kit.leaks import output_text

    texts = {b.job.path.name: " ".join(output_text(b.job.path.read_bytes(), b.job.output.format).split())
             for b in result.built}   # every output, PDFs and the rest, whitespace collapsed
    return root, result, texts


def test_no_output_of_the_two_source_kit_says_article(built):
    _, result, texts = built
    assert {"01-liberty-handout.pdf", "01-liberty-teacher.pdf", "01-liberty-slides.pdf", "reader.pdf",
            "student-book.pdf", "teacher-book.pdf", "glossary-cards.pdf"} <= set(texts)
    for name, text in texts.items():
        assert not re.search(r"article", text, re.IGNORECASE), name


def test_teacher_text_quoting_what_the_reader_prints_is_no_leak(built):
    _, _, texts = built   # the unit's notes quote the letter's ¶3, which only the reader prints
    assert "Naturally Tyrannical is a Truth so thoroughly established" in texts["reader.pdf"]


def test_labels_follow_each_sources_kind(built):
    _, _, texts = built
    handout = texts["01-liberty-handout.pdf"]
    assert "In the speech" in handout and "In the letter" in handout
    assert "beyond the sources" in handout                       # the glossary mark, with two sources
    assert "Reader, Lincoln (1863), ¶4" in handout               # the handout points into the reader
    assert "Reader, Adams (1776), ¶2, n. 3" in handout


def test_an_event_beyond_the_sources_has_no_locator_for_students_and_is_marked_for_the_teacher(built):
    _, _, texts = built
    handout, teacher = texts["01-liberty-handout.pdf"], texts["01-liberty-teacher.pdf"]
    row = re.search(r"4 July 1776 (.*?) 19 November 1863", handout).group(1)
    assert "Declaration of Independence" in row and "¶" not in row
    assert "Neither source mentions it" in teacher and "Neither source mentions it" not in handout
    assert teacher.count("beyond the sources") > handout.count("beyond the sources")


def test_the_reader_prints_each_source_with_its_citation_licence_and_numbered_paragraphs(built):
    _, _, texts = built
    reader = texts["reader.pdf"]
    assert "Lincoln (1863)" in reader and "Adams (1776)" in reader
    assert reader.count("Public domain") >= 2
    assert "we can not dedicate—we can not consecrate" in reader      # the reading text, not the copy
    assert "Remember all Men would be tyrants if they could." in reader
    assert "1 The words of the Declaration of Independence (1776)." in reader   # the note under its paragraph
    assert "4 But, in a larger sense" in reader or re.search(r"\b4\b[^¶]*But, in a larger sense", reader)


def test_the_student_book_has_the_reader_and_both_books_a_sources_page(built):
    _, _, texts = built
    student, teacher = texts["student-book.pdf"], texts["teacher-book.pdf"]
    assert "Four score and seven years ago" in student
    assert "Four score and seven years ago" not in teacher
    for book in (student, teacher):
        assert "What the kit quotes from it" in book
        assert "Source 1: Lincoln at Gettysburg" in book and "Source 2: Remember the Ladies" in book
    assert "Sources" in texts["01-liberty-teacher.pdf"] and "What the kit quotes from it" in texts["01-liberty-teacher.pdf"]
    assert "What the kit quotes from it" not in texts["01-liberty-handout.pdf"]


def test_the_shipped_reader_prints_footnote_calls_as_calls():
    from conftest import REPO
    from kit.views import reader_view

    kit = load_kit(REPO)
    [article] = reader_view(kit)
    assert article["reading"] and len(article["paragraphs"]) == 51
    assert '11 January, <span class="fn-anchor">1920<sup class="fn-call">13</sup></span> by Shalva Eliava' in str(
        article["paragraphs"][17]["text"])
    assert str(article["paragraphs"][5]["text"]).count('<sup class="fn-call">') == 2    # ¶6 calls 1 and 2


def test_the_shipped_reading_text_is_the_copy_word_for_word():
    from conftest import REPO

    copy = (REPO / "assets/source/gafarov-2010.txt").read_text(encoding="utf-8")
    reading = (REPO / "assets/source/gafarov-2010-reading.txt").read_text(encoding="utf-8")
    assert reading_departure(copy, reading) is None
    assert reading != copy and "Britain’s" in reading and "[^41]" in reading


# --- labels ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, located_in, beyond", [
    ("speech", "In the speech", "beyond the speech"),
    ("book-chapter", "In the chapter", "beyond the chapter"),
    ("article", "In the article", "beyond the article"),
    (None, "In the source", "beyond the source"),
])
def test_a_single_sources_labels_follow_its_kind(make_kit, tmp_path, kind, located_in, beyond):
    from conftest import KIT_YAML
    from kit.views import kit_labels, unit_view

    kit_yaml = KIT_YAML.replace("source:\n", f"source:\n  kind: {kind}\n") if kind else KIT_YAML
    kit = load_kit(make_kit(tmp_path, {"kit.yaml": kit_yaml}))
    view = unit_view(kit, kit.units[0], 1, False)
    [card] = next(b for b in view["blocks"] if b["type"] == "sources")["cards"]
    assert card["located_in"] == located_in and card["locator"] == "¶2, n. 2"   # not in a reader: no "Reader"
    assert kit_labels(kit)["beyond"] == beyond


def test_labels_in_the_kits_language():
    from kit.labels import source_phrase

    assert source_phrase("ru", "in_source", "speech") == "Речь"
    assert source_phrase("tr", "in_source", "letter") == "Mektup"
    assert source_phrase("az", "in_source", "treaty") == "Müqavilə"
    assert source_phrase("az", "beyond_one", "speech") == "mənbədən kənar (nitq)"
    assert source_phrase("ru", "beyond_one", "article") == "вне источника (статья)"
    # a language kit has no words for is English throughout, never half translated
    assert source_phrase("xx", "beyond_one", "speech") == "beyond the speech"


def test_editing_a_unit_does_not_render_the_reader_again(built):
    from conftest import copy_with_cache

    root, _, _ = built
    import tempfile

    copy = copy_with_cache(root, Path(tempfile.mkdtemp()) / "kit")
    unit = copy / "units/01-first.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("Compare what two writers", "Compare what two authors"),
                    encoding="utf-8")
    result = build(copy, outputs=["handout", "reader"], jobs=0)
    assert [b.job.path.name for b in result.rendered] == ["01-liberty-handout.pdf"]
    edited = copy / "assets/source/adams.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA postscript.\n", encoding="utf-8")
    result = build(copy, outputs=["handout", "reader"], jobs=0)
    assert "reader.pdf" in [b.job.path.name for b in result.rendered]


def test_the_slides_name_the_source_of_each_excerpt(built):
    _, _, texts = built
    slides = texts["01-liberty-slides.pdf"]
    assert "Lincoln (1863), ¶4" in slides or "Adams (1776), ¶2" in slides
