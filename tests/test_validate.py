"""The converter: raw YAML -> schema dataclasses, every problem located and worded for teachers."""

from __future__ import annotations

import pytest

from kit import schema
from kit.validate import Collected, check_semantics, convert_document
from kit.yamlload import parse

NAME = "units/01-test.yaml"

VALID = """\
id: test-unit
title: "A unit"
summary: "What it is about."
objectives:
  - Read a source.
minutes: 45
timing:
  - {minutes: 20, activity: "Read."}
  - {minutes: 25, activity: "Write."}
blocks:
  - kind: text
    body: "Some text."
  - kind: sources
    items:
      - id: src-one
        title: "A letter"
        author: Someone
        type: letter
        date: 1920-04-26
        headnote: "Who wrote it."
        locator: {paragraph: 1}
        text: "The words of the letter."
  - kind: document_analysis
    source: src-one
    questions:
      - prompt: "Who wrote it?"
        points: 2
        skill: sourcing
        model_answer: "Someone did."
  - kind: fill_in
    items:
      - text: "The letter was written by [[someone]]."
"""


def convert(text: str, cls=schema.Unit):
    collected = Collected()
    doc = parse(text, NAME)
    value = convert_document(cls, doc, collected)
    if value is not None and cls is schema.Unit:
        check_semantics(value, doc, collected)
    return value, collected


def problems(text: str, cls=schema.Unit):
    value, collected = convert(text, cls)
    assert collected.problems, "expected problems, got none"
    return collected.problems


def only(text: str):
    found = problems(text)
    assert len(found) == 1, [p.format(False) for p in found]
    return found[0]


def line_col(text: str, needle: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def value_at(text: str, needle: str) -> str:
    """line:col of the value in the line containing `needle` ('key: value')."""
    line, col = map(int, line_col(text, needle).split(":"))
    return f"{line}:{col + needle.index(': ') + 2}"


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_valid_unit_converts_cleanly():
    unit, collected = convert(VALID)
    assert collected.problems == []
    assert isinstance(unit, schema.Unit)
    assert unit.id == "test-unit" and unit.minutes == 45
    assert [type(b) for b in unit.blocks] == [schema.TextBlock, schema.SourcesBlock,
                                              schema.DocumentAnalysisBlock, schema.FillInBlock]
    assert unit.blocks[1].items[0].date == schema.PartialDate(1920, 4, 26)
    assert ("source", "src-one") in {(k, i) for k, i, _ in collected.definitions}
    assert ("source", "src-one") in {(k, i) for k, i, _ in collected.references}
    assert [t for t, _, name in collected.teacher_text if name == "model_answer"] == ["Someone did."]


def test_unknown_key_with_did_you_mean():
    text = edit('title: "A unit"', 'titel: "A unit"')
    problem = only(text)
    assert problem.code == "unknown-key"
    assert "unknown key 'titel'" in problem.message
    assert "did you mean 'title'" in problem.message
    assert str(problem.location) == f"{NAME}:2:1"


def test_unknown_key_inside_a_block_lists_the_block_keys():
    text = edit('    body: "Some text."', '    body: "Some text."\n    colour: red')
    problem = only(text)
    assert problem.code == "unknown-key"
    assert "in a text block" in problem.message and "body" in problem.message
    assert str(problem.location) == f"{NAME}:{line_col(text, 'colour')}"


def test_missing_required_key():
    text = edit('summary: "What it is about."\n', "")
    problem = only(text)
    assert problem.code == "missing-key"
    assert "missing required key 'summary'" in problem.message
    assert str(problem.location) == f"{NAME}:1:1"


def test_missing_required_key_in_a_nested_record():
    text = edit("        author: Someone\n", "")
    problem = only(text)
    assert problem.code == "missing-key" and "'author'" in problem.message
    assert str(problem.location) == f"{NAME}:{line_col(text, 'id: src-one')}"


def test_number_where_text_is_expected():
    text = edit('title: "A unit"', "title: 1919")
    problem = only(text)
    assert problem.code == "wrong-kind"
    assert "expected text for 'title', found the number 1919" in problem.message
    assert '"1919"' in problem.message  # tells how to quote it
    assert str(problem.location) == f"{NAME}:2:8"


def test_quoted_number_is_text():
    unit, collected = convert(edit('title: "A unit"', 'title: "1919"'))
    assert collected.problems == [] and unit.title == "1919"


def test_text_where_a_whole_number_is_expected():
    text = edit("minutes: 45", "minutes: twenty")
    found = problems(text)
    assert found[0].code == "wrong-kind"
    assert "expected a whole number for 'minutes', found the text 'twenty'" in found[0].message
    assert str(found[0].location) == f"{NAME}:6:10"


def test_text_where_a_list_is_expected():
    text = edit("objectives:\n  - Read a source.", "objectives: Read a source.")
    problem = only(text)
    assert problem.code == "wrong-kind"
    assert "expected a list" in problem.message and "'objectives'" in problem.message
    assert "found the text 'Read a source.'" in problem.message
    assert str(problem.location) == f"{NAME}:4:13"


def test_mapping_where_text_is_expected():
    text = edit('title: "A unit"', "title:\n  en: A unit")
    problem = only(text)
    assert problem.code == "wrong-kind"
    assert "expected text for 'title', found a mapping" in problem.message


@pytest.mark.parametrize("date, words", [
    ("1920-02-30", "impossible date 1920-02-30: February 1920 has 29 days"),
    ("1900-02-29", "impossible date 1900-02-29: February 1900 has 28 days"),
    ("1920-13", "impossible date 1920-13: there is no month 13"),
    ("1920-00-10", "there is no month 0"),
    ("1920-04-31", "April 1920 has 30 days"),
    ("26 April 1920", "expected a date for 'date' written as 1920, 1920-04 or 1920-04-26"),
    ("20", "expected a date"),
])
def test_impossible_or_malformed_dates(date, words):
    text = edit("date: 1920-04-26", f"date: {date}")
    problem = only(text)
    assert problem.code == "bad-date"
    assert words in problem.message
    assert str(problem.location) == f"{NAME}:{value_at(text, f'date: {date}')}"


@pytest.mark.parametrize("date, expected", [("1920", schema.PartialDate(1920)),
                                            ("1920-04", schema.PartialDate(1920, 4)),
                                            ("1920-02-29", schema.PartialDate(1920, 2, 29))])
def test_partial_dates(date, expected):
    unit, collected = convert(edit("date: 1920-04-26", f"date: {date}"))
    assert collected.problems == []
    assert unit.blocks[1].items[0].date == expected


def test_unknown_block_kind():
    text = edit("  - kind: text", "  - kind: txt")
    problem = only(text)
    assert problem.code == "unknown-kind"
    assert "unknown block kind 'txt'" in problem.message and "did you mean 'text'" in problem.message
    assert str(problem.location) == f"{NAME}:{line_col(text, 'txt')}"


def test_block_without_kind():
    text = edit("  - kind: text\n    body:", "  - body:")
    problem = only(text)
    assert problem.code == "missing-key" and "no 'kind'" in problem.message


@pytest.mark.parametrize("kind", ["[text]", "{a: b}"])
def test_block_kind_that_is_not_text(kind):
    text = edit("  - kind: text", f"  - kind: {kind}")
    problem = only(text)
    assert problem.code in ("unknown-kind", "wrong-kind")
    assert str(problem.location) == f"{NAME}:{value_at(text, f'kind: {kind}')}"


@pytest.mark.parametrize("ident", ["Test_Unit", "-test", "test unit", "a" * 49, "é"])
def test_bad_id(ident):
    text = edit("id: test-unit", f'id: "{ident}"')
    problem = only(text)
    assert problem.code == "bad-id"
    assert f"'{ident}' is not a valid id" in problem.message
    assert str(problem.location) == f"{NAME}:1:5"


@pytest.mark.parametrize("points", ["0", "51", "-1"])
def test_out_of_range_points(points):
    text = edit("points: 2", f"points: {points}")
    problem = only(text)
    assert problem.code == "out-of-range"
    assert f"'points' must be from 1 to 50, found {int(points)}" in problem.message
    assert str(problem.location) == f"{NAME}:{value_at(text, f'points: {points}')}"


def test_bad_choice_with_did_you_mean():
    text = edit("skill: sourcing", "skill: sorucing")
    problem = only(text)
    assert problem.code == "bad-choice"
    assert "did you mean 'sourcing'" in problem.message


def test_timing_minutes_must_add_up():
    text = edit("{minutes: 25, activity", "{minutes: 20, activity")
    problem = only(text)
    assert problem.code == "timing"
    assert "add up to 40 minutes but 'minutes' is 45" in problem.message
    assert str(problem.location) == f"{NAME}:8:3"


def test_fill_in_sentence_without_a_blank():
    text = VALID + '      - text: "This sentence has no blank."\n'
    problem = only(text)
    assert problem.code == "no-blank"
    assert str(problem.location) == NAME + ":" + line_col(text, '"This sentence')


def test_fill_in_sentence_with_an_empty_blank():
    text = VALID + '      - text: "The letter was sent in [[]]."\n'
    problem = only(text)
    assert problem.code == "no-blank"


def test_source_with_neither_date_nor_undated():
    text = edit("        date: 1920-04-26\n", "")
    problem = only(text)
    assert problem.code == "missing-key"
    assert "source 'src-one' has neither 'date' nor 'undated'" in problem.message
    assert str(problem.location) == f"{NAME}:{line_col(text, 'id: src-one')}"


def test_source_with_undated_instead_of_date_is_fine():
    text = edit("        date: 1920-04-26\n", '        undated: "Spring 1920; the copy has no date."\n')
    unit, collected = convert(text)
    assert collected.problems == []


def test_empty_value():
    text = edit('title: "A unit"', 'title: "  "')
    problem = only(text)
    assert problem.code == "empty-value"


def test_too_few_items():
    text = edit("objectives:\n  - Read a source.", "objectives: []")
    problem = only(text)
    assert problem.code == "too-few" and "'objectives' needs at least 1 item" in problem.message


def test_all_problems_of_a_file_are_reported_in_one_run():
    text = VALID
    for old, new in [('title: "A unit"', "title: 1919"), ("minutes: 45", "minutes: twenty"),
                     ("  - kind: text", "  - kind: txt"), ("points: 2", "points: 99"),
                     ("skill: sourcing", "skill: reading"), ("date: 1920-04-26", "date: 1920-13"),
                     ('summary: "What it is about."', 'sumary: "What it is about."')]:
        text = edit(old, new, text)
    found = problems(text)
    codes = sorted(p.code for p in found)
    assert codes == sorted(["wrong-kind", "wrong-kind", "unknown-kind", "out-of-range", "bad-choice",
                            "bad-date", "unknown-key"])
    lines = {p.location.line for p in found}
    assert len(lines) == len(found)  # each where it was written


def test_kit_file_converts_and_reports_language_choice():
    kit_text = ('title: "K"\nsubject: History\nlevel: "16-18"\nlanguage: fr\nauthors: [A]\n'
                'licence: "CC BY 4.0"\npaper: A4\n')
    found = problems(kit_text, schema.Kit)
    assert {(p.code, p.location.line) for p in found} == {("bad-choice", 4), ("bad-choice", 7)}


# --- words too long to print on a line --------------------------------------------------------

def test_a_300000_character_word_is_located_at_its_value():
    text = edit('body: "Some text."', f'body: "Some {"x" * 300_000} text."')
    problem = only(text)
    assert problem.code == "long-word"
    assert str(problem.location) == f"{NAME}:{value_at(text, 'body: ')}"
    assert "'body' holds a word of 300,000 characters" in problem.message and "break it up" in problem.message


@pytest.mark.parametrize("word", [
    "https://archive.example.org/collections/letters/1920/general/officers/" + "x" * 30 + "?page=2&lang=en&q=xxxxx",
    "x" * 500,
    "-".join(["word"] * 200),          # a line may break after each hyphen
    "中文" * 400,                       # and between CJK characters
    ("x" * 400 + " ") * 5,
])
def test_long_words_that_can_print_pass(word):
    assert len(word) >= 120
    unit, collected = convert(edit('body: "Some text."', f'body: "{word}"'))
    assert collected.problems == []


@pytest.mark.parametrize("joiner", ["\u00a0", "\u202f", "/", "."])   # no-break spaces do not break
def test_a_run_joined_without_a_break_counts_as_one_word(joiner):
    text = edit('body: "Some text."', f'body: "{joiner.join(["x" * 300] * 2)}"')
    assert only(text).code == "long-word"


def test_the_long_word_check_covers_kit_yaml_too():
    from kit import schema as s

    kit_yaml = ('title: "' + "y" * 600 + '"\nsubject: History\nlevel: "Upper secondary"\nlanguage: en\n'
                'authors:\n  - Test Author\nlicence: "CC BY 4.0"\n')
    found = [p for p in problems(kit_yaml, s.Kit) if p.code == "long-word"]
    assert [(p.location.line, p.location.column) for p in found] == [(1, 8)]


@pytest.mark.parametrize("written, meant", [
    ("8 Jan 1918", "1918-01-08"), ("8 January 1918", "1918-01-08"), ("January 8, 1918", "1918-01-08"),
    ("11th January 1920", "1920-01-11"), ("Jan. 1918", "1918-01"), ("Sept 1919", "1919-09"),
    ("8.1.1918", "1918-01-08"), ("1918/01/08", "1918-01-08"),
    ("08/01/1918", None), ("30 Feb 1918", None), ("Spring 1918", None), ("1918-13", None)])
def test_a_date_in_words_gets_a_suggestion(written, meant):
    from kit.validate import suggested_date

    assert suggested_date(written) == meant
