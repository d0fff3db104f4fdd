"""kit.terminal.printable: text from a kit is safe to write to a terminal."""

from __future__ import annotations

import unicodedata

import pytest

from kit.terminal import BIDI_CONTROLS, printable, unsafe_characters


@pytest.mark.parametrize("text", [
    "The general's letter",
    "Azərbaycan dili: ə ğ ı ş İ ö ü ç",
    "Türkçe: Ağaç, ışık, İstanbul",
    "Русский язык: Ёлка, щука",
    "العربية עברית",          # right-to-left letters are letters: only the controls go
    "日本語のテキスト",
    "a line\nand another",
    "emoji 👩‍🏫 with a joiner",   # ZWJ (U+200D) joins, it does not reorder
    "\u00a0non-breaking and soft\u00adhyphen",
])
def test_letters_of_every_script_pass_untouched(text):
    assert printable(text) == text
    assert unsafe_characters(text) == []


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\t", "\r", "\x1b", "\x7f", "\x85", "\x9b"])
def test_controls_are_replaced(char):
    assert printable(f"a{char}b") == "a?b"


def test_an_escape_sequence_cannot_drive_the_terminal():
    shown = printable("title\x1b[2J\x1b]0;owned\x07\x9b31m")
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown == "title?[2J?]0;owned??31m"


@pytest.mark.parametrize("char", list(BIDI_CONTROLS))
def test_bidi_controls_are_replaced(char):
    assert printable(f"a{char}b") == "a?b"


def test_every_bidi_control_is_listed():
    """Every character whose bidirectional class is an embedding, override or isolate is replaced,
    and so are the three marks."""
    classes = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.bidirectional(char) in classes:
            assert printable(char) == "?", f"U+{code:04X}"
    for mark in ("\u200e", "\u200f", "\u061c"):
        assert printable(mark) == "?"


def test_a_trojan_source_title_reads_as_it_is():
    title = "Unit 1\u202e txet nedduh \u202c\u2066 end\u2069"
    assert printable(title) == "Unit 1? txet nedduh ?? end?"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\ufff9", "\ufffb", "\ud800", "\udfff"])
def test_other_hiding_or_unencodable_characters_are_replaced(char):
    shown = printable(f"a{char}b")
    assert shown == "a?b"
    shown.encode("utf-8")  # a lone surrogate could not even be written


def test_one_character_for_one_keeps_columns():
    text = "x\x1b\u202ey\tz\ud800"
    assert len(printable(text)) == len(text)


def test_printable_is_idempotent():
    text = "a\x1b\u202e b"
    assert printable(printable(text)) == printable(text)


def test_the_cli_uses_it():
    import kit.cli

    assert kit.cli.printable is printable


# --- a snippet of a huge line stays short ----------------------------------------------------------

def test_a_snippet_of_a_huge_line_is_cut_around_the_caret():
    from kit.errors import Location, Problem

    line = "    body: \"" + "x" * 300_000 + "\""
    text = Problem(Location("u.yaml", 9, 11), "too long", "long-word", source_line=line).format()
    _, snippet, caret = text.split("\n")
    assert len(snippet) < 200
    assert snippet.startswith('        body: "xxx') and snippet.endswith("...")
    assert caret.index("^") == snippet.index('"')


def test_a_snippet_far_into_a_line_keeps_the_caret_under_its_character():
    from kit.errors import snippet_window

    line = "a" * 1000 + "X" + "b" * 1000
    shown, column = snippet_window(line, 1001)
    assert shown.startswith("...") and shown.endswith("...") and shown[column - 1] == "X"
    assert snippet_window("short", 3) == ("short", 3)
