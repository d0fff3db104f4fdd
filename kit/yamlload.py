"""Read one YAML file as untrusted text: every scalar stays text, every value keeps its position.

The loader refuses what a lesson unit never needs and what makes YAML dangerous or surprising:
aliases (exponential blow-up when walked), explicit tags, duplicate keys, deep nesting and
large files. Implicit typing is off (PyYAML's BaseLoader), so `no`, `012` and `1:20` stay text
until the schema decides what they are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kit.errors import KitError, Location, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 24


@dataclass
class Document:
    """Parsed YAML: plain data (dicts, lists, str) and where each value and key stands."""

    name: str
    data: object
    lines: list[str]
    value_marks: dict[tuple, tuple[int, int]]
    key_marks: dict[tuple, tuple[int, int]]
    plain: set[tuple]  # paths of unquoted scalars (a bare 1919 is a number to a teacher)
    # Paths of scalars YAML folded (written with `>`, plain or in quotes) that hold a line break:
    # folding turned each blank line the author wrote into that line break.
    folded: set[tuple] = field(default_factory=set)

    def where(self, path: tuple, key: bool = False) -> Location:
        """The location of the value at `path` (or of its key); the nearest enclosing one if absent."""
        marks = self.key_marks if key else self.value_marks
        while path not in marks and path:
            path = path[:-1]
            marks = self.value_marks
        line, col = marks.get(path, (1, 1))
        return Location(self.name, line, col)

    def problem(self, path: tuple, message: str, code: str, key: bool = False) -> Problem:
        return problem_at(self.where(path, key), message, code, self.lines)


def problem_at(location: Location, message: str, code: str, lines: list[str]) -> Problem:
    snippet = lines[location.line - 1] if 0 < location.line <= len(lines) else ""
    return Problem(location, message, code, source_line=snippet.expandtabs(1))


class Refused(yaml.MarkedYAMLError):
    """A construct the kit format refuses on purpose; `code` names it."""

    def __init__(self, problem: str, mark, code: str):
        super().__init__(None, None, problem, mark)
        self.code = code


class StrictLoader(yaml.BaseLoader):
    """BaseLoader that refuses aliases, tags and duplicate keys."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise Refused(f"aliases (*{event.anchor}) are not supported in kit files; write the value out in full",
                          event.start_mark, "alias")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and not isinstance(event, yaml.AliasEvent):
            raise Refused(f"YAML tags ({tag}) are not supported in kit files; remove the tag",
                          event.start_mark, "tag")
        if getattr(event, "anchor", None):
            raise Refused(f"anchors (&{event.anchor}) are not supported in kit files; write each value out in full",
                          event.start_mark, "alias")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise Refused("a key must be a plain word, not a list or a mapping", key_node.start_mark, "bad-key")
            key = key_node.value
            if key in seen:
                raise Refused(f"duplicate key '{key}' (first defined on line {seen[key]}); remove one of them",
                              key_node.start_mark, "duplicate-key")
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=True)


def decode(data: bytes, name: str) -> str:
    """Bytes to NFC text; a BOM is fine, anything but UTF-8 (or BOM-marked UTF-16/32) is an error."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            break
    else:
        encoding = "utf-8"
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise KitError([Problem(Location(name, line, 1),
                                "this is a binary file, not YAML text; save the unit as plain text (UTF-8)",
                                "binary-file")])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode(encoding, errors="replace")) + 1  # characters, not bytes
        raise KitError([Problem(Location(name, line, column),
                                f"this file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                "save it again as UTF-8 in your editor", "encoding")]) from None
    return unicodedata.normalize("NFC", text)


def read_text(path: Path, name: str, max_bytes: int = MAX_BYTES, root: Path | None = None) -> str:
    from kit.boundary import read_regular

    return decode(read_regular(path, name, max_bytes, root, "split it into smaller units"), name)


def _mark_location(name: str, mark) -> Location:
    return Location(name, mark.line + 1, mark.column + 1)


def _syntax_problem(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    lines = text.splitlines()
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)  # PyYAML gives an int
        return problem_at(Location(name, line, column),
                          f"the character U+{code:04X} is not allowed in YAML; delete it",
                          "yaml-syntax", lines)
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    location = _mark_location(name, mark) if mark else Location(name, 1, 1)
    if isinstance(exc, Refused):
        return problem_at(location, problem, exc.code, lines)
    message = problem
    if "'\\t'" in problem or "tab" in problem:
        message = "a tab character; YAML does not allow tabs here: indent with spaces (or quote the text)"
        return problem_at(location, message, "tab", lines)
    if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        message += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        if "quoted scalar" in exc.context:
            location = _mark_location(name, exc.context_mark)
            message = "this quoted text is never closed; add the closing quote"
        elif "could not find expected ':'" in problem and "simple key" in exc.context:
            location = _mark_location(name, exc.context_mark)
            message = ("this line has no ':' after its key; write 'key: value' (and put text that "
                       "contains ': ' in quotes)")
        elif "flow sequence" in exc.context or "flow mapping" in exc.context:
            opener, closer = ("[", "]") if "sequence" in exc.context else ("{", "}")
            location = _mark_location(name, exc.context_mark)
            message = (f"this '{opener}' is not closed: expected ',' or '{closer}' before line "
                       f"{exc.problem_mark.line + 1}; add the closing '{closer}' (and put text that contains "
                       "',' or ': ' in quotes)")
    quoted = _quoted_before(text, exc.problem_mark) if exc.problem_mark and "but found '<scalar>'" in problem \
        else None
    if quoted is not None:
        start = quoted.start_mark.line + 1
        message = ("text after a closing quote; " + (
            f"the quoted text starts on line {start}: is its closing quote missing there?"
            if start != quoted.end_mark.line + 1 else
            "if the text itself contains a quote, put the whole text in the other kind of quotes "
            "(\"The general's letter\")"))
    if "mapping values are not allowed" in problem:
        message += "; if the text contains ': ', put it in quotes; else check the line above for a missing ':'"
    elif problem.startswith("expected <block end>, but found '<block"):
        message = ("this line is indented differently from the lines above it; indent it with as many "
                   "spaces as the keys (or '- ' items) it belongs with")
    elif "expected a single document" in (exc.context or "") or "but found another document" in problem:
        message = "only one YAML document per file is allowed; remove the '---' line"
    line = lines[location.line - 1] if 0 < location.line <= len(lines) else ""
    if any(q in line for q in "“”‘’"):
        message += "; “ ” and ‘ ’ are not quotes to YAML: put straight quotes (\" or ') around the text"
    return problem_at(location, message, "yaml-syntax", lines)


def _quoted_before(text: str, mark):
    """The quoted scalar that ends on `mark`'s line just before it, if that is what precedes it."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'") and last.end_mark.line == mark.line:
        return last
    return None


def _check_depth(text: str, name: str, limit: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=yaml.BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limit:
                raise KitError([problem_at(_mark_location(name, event.start_mark),
                                           f"nesting deeper than {limit} levels; a unit never needs this much",
                                           "too-deep", text.splitlines())])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# Characters a value can hold only through an escape ("\ud800", "\x07") or that PyYAML lets
# through raw (U+FDD0), and that no output can print: lone surrogates cannot even be encoded
# (rendering would crash), controls and noncharacters have no glyph. Tab, newline and carriage
# return are ordinary white space.
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")


def _unprintable(text: str, what: str) -> str | None:
    """Why `text` cannot be printed, or None."""
    found = UNPRINTABLE.search(text)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return (f"{what} contains a lone surrogate (U+{code:04X}), which is not a character and cannot be "
                "printed; delete it (write a character beyond U+FFFF as one escape, \\U0001F600, "
                "not as two \\u escapes)")
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"{what} contains the control character U+{code:04X}, which cannot be printed; delete it"
    return f"{what} contains U+{code:04X}, a noncharacter that cannot be printed; delete it"


def _field(path: tuple) -> str:
    names = [part for part in path if isinstance(part, str)]
    return f"'{names[-1]}'" if names else "the text"


def _record_marks(node, path: tuple, values: dict, keys: dict, plain: set, bad: list, folded: set) -> None:
    values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = path + (key_node.value,)
            keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            why = _unprintable(key_node.value, "a key")
            if why:
                bad.append((key_node.start_mark, why))
            _record_marks(value_node, child, values, keys, plain, bad, folded)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_marks(item, path + (index,), values, keys, plain, bad, folded)
    else:
        if node.style is None:
            plain.add(path)
        if node.style != "|" and "\n" in node.value.strip():
            folded.add(path)
        why = _unprintable(node.value, _field(path))
        if why:
            bad.append((node.start_mark, why))


def parse(text: str, name: str, max_depth: int = MAX_DEPTH) -> Document:
    """Parse one YAML document; raise KitError with a located problem on any failure."""
    lines = text.splitlines()
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in lines):
        raise KitError([Problem(Location(name, 1, 1), "the file is empty; write the unit's fields in it, "
                                "or delete the file", "empty-file")])
    try:
        _check_depth(text, name, max_depth)
        loader = StrictLoader(text)
        loader.name = name
        try:
            node = loader.get_single_node()
            if node is None:  # no document at all: only '...', a stray byte order mark, and the like
                raise KitError([Problem(Location(name, 1, 1), "the file has no content; write the unit's "
                                        "fields in it, or delete the file", "empty-file")])
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise KitError([_syntax_problem(exc, name, text)]) from None
    except RecursionError:
        raise KitError([Problem(Location(name, 1, 1), "nesting too deep to read", "too-deep")]) from None
    values: dict = {}
    keys: dict = {}
    plain: set = set()
    folded: set = set()
    bad: list = []
    if node is not None:
        _record_marks(node, (), values, keys, plain, bad, folded)
    if bad:
        raise KitError([problem_at(_mark_location(name, mark), why, "unprintable", lines) for mark, why in bad])
    return Document(name, data, lines, values, keys, plain, folded)


def load_file(path: Path, name: str, max_bytes: int = MAX_BYTES, root: Path | None = None,
              parser=None) -> Document:
    """The file parsed by `parser(text, name)` (default: `parse`; a cache of parses may stand in)."""
    return (parser or parse)(read_text(path, name, max_bytes, root), name)
