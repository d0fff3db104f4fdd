"""Property tests: whatever text or data a unit file holds, the loader and the validator either
accept it or report located problems. They never raise anything else.

Runs are derandomized (the same examples every time, no example database) and kept small, so
this file takes a few seconds; known traps are pinned as explicit examples.
"""

from __future__ import annotations

import dataclasses
import datetime

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kit import schema
from kit.errors import KitError, Problem
from kit.validate import Collected, check_semantics, convert_document
from kit.yamlload import Document, decode, parse

NAME = "units/x.yaml"

settings.register_profile(
    "kit-properties", derandomize=True, deadline=None, database=None, max_examples=300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("kit-properties")

# YAML's punctuation, whitespace (tab, CR, NEL, line separator), NUL, BOM, escape, quotes of both
# kinds, and a few letters and digits so that keys, numbers and dates can form.
YAML_ALPHABET = list(":-[]{},&*!|>\"'#?%@` \t\n\r\x00\ufeff\x85\u2028\x07\x1b\\“”‘’éə0129aekntx")


def assert_located(problems: list[Problem], name: str = NAME) -> None:
    assert problems
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.location.path == name
        assert problem.location.line >= 1, problem
        assert problem.location.column >= 1, problem
        assert problem.message and problem.code
        problem.format()  # and it can be printed


def parse_or_problems(text: str, name: str = NAME):
    """The Document, or the located problems; any other exception fails the test."""
    try:
        return parse(text, name), []
    except KitError as exc:
        assert_located(exc.problems, name)
        return None, exc.problems


# --- (1) arbitrary text -----------------------------------------------------------------------

@PROFILE
@given(st.text(alphabet=YAML_ALPHABET, max_size=80))
@example("date: 1920-02-30\n")
@example("date: 1920-13-01 25:00:00\n")
@example("minutes: " + "9" * 5000 + "\n")
@example("[" * 5000)
@example("a: " + "[" * 60 + "]" * 60 + "\n")
@example("a: *x\n")
@example("a: &x [1, *x]\n")
@example("x: !!python/object/apply:os.system [id]\n")
@example("!include other.yaml\n")
@example("a: 1\n---\nb: 2\n")
@example("a: 1\na: 2\n")
@example("? [a, b]\n: c\n")
@example("\ufeffa: 1\n")
@example("a: b\x00c\n")
@example("title: “Article 11: text”\n")
@example("title: 'The general's letter'\n")
@example('title: "open\nnext: 1\n')
@example("items:\n- a\n - b\n")
@example("\t- a\n")
@example("\ufeff")        # a second byte order mark, alone: no document at all
@example("...\n")         # a document end marker and nothing else
def test_any_text_parses_or_gives_located_problems(text):
    document, _ = parse_or_problems(text)
    if document is not None:
        assert isinstance(document, Document)
        for line, column in [*document.value_marks.values(), *document.key_marks.values()]:
            assert line >= 1 and column >= 1


@PROFILE
@given(st.binary(max_size=80) | st.text(alphabet=YAML_ALPHABET, max_size=60).flatmap(
    lambda s: st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"]).map(
        lambda enc: s.encode(enc, errors="replace"))))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbfa: 1\n")
@example(b"caf\xe9: 1\n")
@example("name: \u00e9".encode() + b"\xe9\n")
def test_any_bytes_decode_or_give_located_problems(data):
    try:
        text = decode(data, NAME)
    except KitError as exc:
        assert_located(exc.problems)
        return
    parse_or_problems(text)


# --- (2) structured documents, dumped and then damaged ----------------------------------------

def _field_names(*classes) -> list[str]:
    return sorted({f.name for cls in classes for f in dataclasses.fields(cls)} | {"kind"})


UNIT_FIELDS = [f.name for f in dataclasses.fields(schema.Unit)]
ALL_FIELDS = _field_names(schema.Unit, schema.Step, schema.Locator, schema.SourceExcerpt, schema.Term,
                          schema.Question, schema.Prompt, schema.Event, schema.Gap, schema.RubricLevel,
                          schema.Spellings, *schema.BLOCK_KINDS.values())

SCALARS = (st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats(allow_nan=True)
           | st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(2100, 12, 31))
           | st.text(alphabet=YAML_ALPHABET, max_size=12)
           | st.sampled_from(["1920-02-30", "1920-13", "no", "yes", "012", "1:20", "~", "", "1e3", "x" * 60,
                              "text", "[[answer]]", "letter", "first", "sourcing", "person"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(ALL_FIELDS) | st.text(max_size=4), inner, max_size=4),
                      max_leaves=10)


def _block(kind: str):
    names = [f.name for f in dataclasses.fields(schema.BLOCK_KINDS[kind])]
    return st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names)).map(lambda d: {"kind": kind, **d})


BLOCKS = st.sampled_from(sorted(schema.BLOCK_KINDS)).flatmap(_block) | VALUES
UNITS = st.fixed_dictionaries({}, optional={**{name: VALUES for name in UNIT_FIELDS},
                                            "blocks": st.lists(BLOCKS, max_size=3)})


def _mutate(text: str, how: str, at: int, char: str) -> str:
    if not text:
        return char
    at %= len(text)
    if how == "delete":
        return text[:at] + text[at + 1:]
    if how == "insert":
        return text[:at] + char + text[at:]
    if how == "tabs":
        return text.replace("  ", "\t", 1 + at % 3)
    if how == "repeat-line":
        lines = text.splitlines(keepends=True)
        line = lines[at % len(lines)]
        return "".join(lines[: at % len(lines)] + [line, line] + lines[at % len(lines) + 1:])
    return text


MUTATIONS = st.tuples(st.sampled_from(["none", "none", "delete", "insert", "tabs", "repeat-line"]),
                      st.integers(0, 10_000), st.sampled_from(YAML_ALPHABET))


@PROFILE
@given(UNITS, st.booleans(), MUTATIONS)
@example({"blocks": [{"kind": ["text"]}]}, False, ("none", 0, "a"))
@example({"blocks": [{"kind": {"a": "b"}, "body": "x"}]}, False, ("none", 0, "a"))
@example({"id": "first", "title": "t", "summary": "s", "objectives": ["o"], "minutes": 45,
          "blocks": [{"kind": "sources", "items": [{"id": "a", "date": "1920-02-30"}]}]}, False, ("none", 0, "a"))
@example({"minutes": int("9" * 30), "blocks": [[[[["deep"]]]]]}, True, ("none", 0, "a"))
@example({"blocks": [{"kind": "text", "body": "x", "teacher_only": "yes"}], "id": "u", "title": "t",
          "summary": "s", "objectives": ["o"], "minutes": 45}, False, ("repeat-line", 3, "a"))
def test_structured_documents_convert_or_give_located_problems(data, flow, mutation):
    text = _mutate(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False), *mutation)
    document, problems = parse_or_problems(text)
    if document is None:
        return
    collected = Collected()
    unit = convert_document(schema.Unit, document, collected)
    if unit is not None:
        check_semantics(unit, document, collected)
        assert isinstance(unit, schema.Unit)
    else:
        assert collected.problems, "no unit and no problem"
    assert_located(collected.problems) if collected.problems else None


@PROFILE
@given(st.fixed_dictionaries({}, optional={f.name: VALUES for f in dataclasses.fields(schema.Kit)}), MUTATIONS)
def test_kit_files_convert_or_give_located_problems(data, mutation):
    text = _mutate(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), *mutation)
    document, _ = parse_or_problems(text, "kit.yaml")
    if document is None:
        return
    collected = Collected()
    config = convert_document(schema.Kit, document, collected)
    assert config is not None or collected.problems
    if collected.problems:
        assert_located(collected.problems, "kit.yaml")


# --- (3) the validator on its own: any JSON-like data -----------------------------------------

JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet=YAML_ALPHABET, max_size=8)
    | st.sampled_from(sorted(schema.BLOCK_KINDS)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(ALL_FIELDS), inner, max_size=5),
    max_leaves=15)


@PROFILE
@given(st.dictionaries(st.sampled_from(UNIT_FIELDS), JSON_LIKE, max_size=8)
       | st.fixed_dictionaries({"blocks": st.lists(st.dictionaries(st.sampled_from(ALL_FIELDS), JSON_LIKE,
                                                                    max_size=6), max_size=3)})
       | JSON_LIKE)
@example({"minutes": 45, "title": None, "objectives": [1.5], "blocks": [{"kind": True}]})
@example({"blocks": [{"kind": "sources", "items": [{"id": 7, "date": 1920, "locator": {"paragraph": 2}}]}]})
def test_validator_is_total_over_json_like_data(data):
    """The converter never assumes what the loader happens to give it (only text today; a
    cached or generated document may carry numbers, booleans and nulls)."""
    document = Document(NAME, data, [], {}, {}, set())
    collected = Collected()
    unit = convert_document(schema.Unit, document, collected)
    assert unit is not None or collected.problems
    if collected.problems:
        assert_located(collected.problems)
