"""The strict YAML loader: every scalar stays text; every refusal is a located Problem."""

from __future__ import annotations

import codecs

import pytest

from kit.errors import KitError
from kit.yamlload import MAX_DEPTH, load_file, parse, read_text

NAME = "units/x.yaml"


def refused(text: str, name: str = NAME):
    """The single problem `parse` raises for `text`."""
    with pytest.raises(KitError) as info:
        parse(text, name)
    problems = info.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def refused_file(tmp_path, data: bytes, max_bytes: int = 1_000_000, name: str = NAME):
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(KitError) as info:
        load_file(path, name, max_bytes)
    problems = info.value.problems
    assert len(problems) == 1, problems
    return problems[0]


# --- scalars stay text ------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["no", "yes", "off", "012", "1:20", "1919", "1e3", "0x1F", "~", "null",
                                 "true", "2020-01-01", ".inf"])
def test_plain_scalars_stay_text(raw):
    doc = parse(f"value: {raw}\n", NAME)
    assert doc.data == {"value": raw}
    assert type(doc.data["value"]) is str


def test_plain_and_quoted_scalars_are_told_apart():
    doc = parse('a: 1919\nb: "1919"\nc:\n  - 012\n', NAME)
    assert ("a",) in doc.plain
    assert ("b",) not in doc.plain
    assert ("c", 0) in doc.plain
    assert doc.data == {"a": "1919", "b": "1919", "c": ["012"]}


def test_values_and_keys_keep_their_positions():
    text = "title: Hello\nblocks:\n  - kind: text\n    body: World\n"
    doc = parse(text, NAME)
    assert str(doc.where(("title",))) == f"{NAME}:1:8"
    assert str(doc.where(("title",), key=True)) == f"{NAME}:1:1"
    assert str(doc.where(("blocks", 0, "body"))) == f"{NAME}:4:11"
    assert str(doc.where(("blocks", 0, "body"), key=True)) == f"{NAME}:4:5"
    # an absent path falls back to the nearest enclosing value
    assert str(doc.where(("blocks", 0, "missing"))) == f"{NAME}:3:5"


# --- refused constructs: code and exact place -----------------------------------------------

@pytest.mark.parametrize("text, code, where, words", [
    ("a: 1\nb: 2\na: 3\n", "duplicate-key", "3:1", "duplicate key 'a' (first defined on line 1)"),
    ("a: 1\nb: *x\n", "alias", "2:4", "aliases (*x)"),
    ("a: &x 1\nb: 2\n", "alias", "1:4", "anchors (&x)"),
    ("a: &x 1\nb: *x\n", "alias", "1:4", "anchors (&x)"),
    ("a: 1\nb: !!int 2\n", "tag", "2:4", "YAML tags"),
    ("a: 1\nb: !python/object:os.system ls\n", "tag", "2:4", "YAML tags"),
    ("a:\n\tb: 1\n", "tab", "2:1", "tab"),
    ('a: "hello\nb: 2\nc: 3\n', "yaml-syntax", "1:4", "never closed"),
    ("x: 1\na: b: c\n", "yaml-syntax", "2:5", "put it in quotes"),
    ("a: 1\n---\nb: 2\n", "yaml-syntax", "2:1", "only one YAML document"),
    ("", "empty-file", "1:1", "empty"),
    ("\n   \n", "empty-file", "1:1", "empty"),
    ("# only a comment\n\n   # and another\n", "empty-file", "1:1", "empty"),
    ("[a, b]: 1\n", "bad-key", "1:1", "plain word"),
])
def test_refused_constructs_are_located(text, code, where, words):
    problem = refused(text)
    assert problem.code == code
    assert str(problem.location) == f"{NAME}:{where}"
    assert words in problem.message
    assert problem.severity == "error"


def test_duplicate_key_deep_inside_is_located():
    text = "blocks:\n  - kind: text\n    body: a\n    title: t\n    body: b\n"
    problem = refused(text)
    assert (problem.code, str(problem.location)) == ("duplicate-key", f"{NAME}:5:5")
    assert "first defined on line 3" in problem.message


def test_problem_carries_its_source_line_and_caret():
    problem = refused("x: 1\na: b: c\n")
    assert problem.source_line == "a: b: c"
    assert problem.format().splitlines()[1:] == ["    a: b: c", "        ^"]


def test_nesting_deeper_than_the_limit_is_refused():
    # depth n starts on line n, indented 2*(n-1): the first mapping over the limit is reported
    lines = ["k0:"] + ["  " * i + f"k{i}:" for i in range(1, MAX_DEPTH + 5)] + ["  " * (MAX_DEPTH + 5) + "v"]
    problem = refused("\n".join(lines) + "\n")
    assert problem.code == "too-deep"
    depth = MAX_DEPTH + 1
    assert str(problem.location) == f"{NAME}:{depth}:{2 * (depth - 1) + 1}"


def test_nesting_deeper_than_the_limit_in_flow_style_is_refused():
    problem = refused("a: " + "[" * 40 + "]" * 40 + "\n")
    assert problem.code == "too-deep"
    # the root mapping is level 1, so the 25th level is the 24th bracket (column 3 + 24)
    assert str(problem.location) == f"{NAME}:1:{3 + MAX_DEPTH}"


def test_nesting_at_the_limit_is_accepted():
    lines = ["k0:"] + ["  " * i + f"k{i}:" for i in range(1, MAX_DEPTH - 1)] + ["  " * (MAX_DEPTH - 1) + "v"]
    doc = parse("\n".join(lines) + "\n", NAME)
    assert doc.data["k0"]


def test_max_depth_argument_is_honoured():
    with pytest.raises(KitError) as info:
        parse("a:\n  b:\n    c: 1\n", NAME, max_depth=2)
    problem = info.value.problems[0]
    assert (problem.code, str(problem.location)) == ("too-deep", f"{NAME}:3:5")


def test_control_character_is_a_located_problem():
    problem = refused("a: 1\nb: x\x07y\n")
    assert problem.code == "yaml-syntax"
    assert str(problem.location) == f"{NAME}:2:5"
    assert "U+0007" in problem.message


# --- bytes: encoding, BOM, line endings, size ----------------------------------------------

def test_binary_file_is_refused_with_line(tmp_path):
    problem = refused_file(tmp_path, b"a: 1\nb: 2\x00\x01\x02\n")
    assert problem.code == "binary-file"
    assert str(problem.location) == f"{NAME}:2:1"


def test_cp1252_byte_is_located(tmp_path):
    data = "title: ok\nname: Caf\u00e9 au lait\n".encode("cp1252")
    problem = refused_file(tmp_path, data)
    assert problem.code == "encoding"
    assert str(problem.location) == f"{NAME}:2:10"
    assert "0xe9" in problem.message


def test_cp1252_byte_on_the_first_line_is_located(tmp_path):
    problem = refused_file(tmp_path, b"caf\xe9: 1\n")
    assert (problem.code, str(problem.location)) == ("encoding", f"{NAME}:1:4")


def test_encoding_column_counts_characters(tmp_path):
    data = "name: \u00e9".encode("utf-8") + b"\xe9\n"   # 'é' fine, then a lone cp1252 byte
    problem = refused_file(tmp_path, data)
    assert str(problem.location) == f"{NAME}:1:8"


def test_utf8_bom_is_accepted_and_positions_are_unchanged(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(codecs.BOM_UTF8 + "a: 1\nb: é\n".encode("utf-8"))
    doc = load_file(path, NAME)
    assert doc.data == {"a": "1", "b": "é"}
    assert str(doc.where(("a",))) == f"{NAME}:1:4"
    problem = refused_file(tmp_path, codecs.BOM_UTF8 + b"a: &x 1\n")
    assert str(problem.location) == f"{NAME}:1:4"


def test_utf16_with_bom_is_accepted(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\nb: ə\n".encode("utf-16"))
    assert load_file(path, NAME).data == {"a": "1", "b": "ə"}


def test_crlf_line_numbers(tmp_path):
    problem = refused_file(tmp_path, b"a: 1\r\nb: 2\r\n\r\nc: 3\r\nb: 4\r\n")
    assert (problem.code, str(problem.location)) == ("duplicate-key", f"{NAME}:5:1")
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"a: 1\r\n\r\nlist:\r\n  - x\r\n  - y\r\n")
    doc = load_file(path, NAME)
    assert doc.data == {"a": "1", "list": ["x", "y"]}
    assert str(doc.where(("list", 1))) == f"{NAME}:5:5"


def test_text_is_normalised_to_nfc(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("a: e\u0301\n".encode("utf-8"))   # e + combining acute
    assert load_file(path, NAME).data == {"a": "\u00e9"}


def test_file_over_the_size_limit(tmp_path):
    data = b"a: " + b"x" * 200 + b"\n"
    problem = refused_file(tmp_path, data, max_bytes=100)
    assert problem.code == "file-too-large"
    assert str(problem.location) == NAME
    assert "204" in problem.message and "100" in problem.message


def test_file_at_the_size_limit_is_read(tmp_path):
    data = b"a: " + b"x" * 96 + b"\n"
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    assert len(data) == 100
    assert read_text(path, NAME, max_bytes=100) == data.decode()


def test_unreadable_file(tmp_path):
    with pytest.raises(KitError) as info:
        read_text(tmp_path / "missing.yaml", NAME)
    assert info.value.problems[0].code == "unreadable"


# --- characters no output can print, written as escapes -------------------------------------------

@pytest.mark.parametrize("escape, words", [
    ("\\ud800", "a lone surrogate (U+D800)"),
    ("\\uDFFF", "a lone surrogate (U+DFFF)"),
    ("\\ud83d\\ude00", "a lone surrogate (U+D83D)"),   # a JSON-style pair is two lone surrogates in YAML
    ("\\0", "the control character U+0000"),
    ("\\x07", "the control character U+0007"),
    ("\\e[31m", "the control character U+001B"),
    ("\\x9b", "the control character U+009B"),
    ("\\N", "the control character U+0085"),
    ("\\uFFFE", "U+FFFE, a noncharacter"),
    ("\\uFDD0", "U+FDD0, a noncharacter"),
    ("\\U0010FFFF", "U+10FFFF, a noncharacter"),
])
def test_an_unprintable_escape_is_located_at_its_value(escape, words):
    text = f'id: first\nblocks:\n  - kind: text\n    body: "In 1920 {escape} a council met."\n'
    with pytest.raises(KitError) as info:
        parse(text, "units/01-first.yaml")
    [problem] = info.value.problems
    assert problem.code == "unprintable"
    assert (problem.location.line, problem.location.column) == (4, 11)
    assert f"'body' contains {words}" in problem.message
    assert problem.source_line == '    body: "In 1920 ' + escape + ' a council met."'


def test_a_raw_noncharacter_is_located():
    with pytest.raises(KitError) as info:
        parse("title: Letter \ufdd0 one\n", "kit.yaml")
    [problem] = info.value.problems
    assert str(problem.location) == "kit.yaml:1:8" and "U+FDD0" in problem.message


def test_an_unprintable_key_and_list_item_are_located_each():
    text = 'objectives:\n  - "Say \\x07 who"\n"ti\\ud800tle": x\n'
    with pytest.raises(KitError) as info:
        parse(text, "u.yaml")
    found = [(p.location.line, p.location.column, p.message.split(" contains")[0]) for p in info.value.problems]
    assert found == [(2, 5, "'objectives'"), (3, 1, "a key")]


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\r", "\\u00e9", "\\u0259", "\\U0001F600", "\\u200d", "\\u00ad"])
def test_white_space_letters_and_format_characters_pass(escape):
    assert parse(f'body: "a {escape} b"\n', "u.yaml").data["body"].startswith("a ")
