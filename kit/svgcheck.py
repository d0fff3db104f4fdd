"""SVG files are checked before anything renders them: well-formed XML without entity
declarations, a bounded number of elements, a bounded size once every `<use>` is expanded, and
no reference to anything the resource gate would not serve.

A `<use href="#id">` draws a copy of the element `id` and everything in it, so a few hundred bytes
of `<use>` elements that each use the previous level several times grow exponentially when drawn.
The size here is the number of elements the drawing is made of with every `<use>` replaced by its
target's subtree, and every `<image>` of another SVG file by that file's own expanded size, so an
SVG cannot grow through the files it pulls in either. Nothing is expanded to count it: each element's
expanded size is computed once, from its children's, in one pass over the references.

Only the standard library is used (expat), so `kit check` stays fast; nothing is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin
from xml.parsers import expat

from kit.errors import KitError, Location, Problem

MAX_ELEMENTS = 10_000        # elements in one SVG file, as written
MAX_EXPANDED = 50_000        # elements once every <use> (and every SVG <image>) is expanded
MAX_USE_DEPTH = 8            # <use> of a <use> of a <use> ...
MAX_FILE_DEPTH = 4           # an SVG whose <image> is an SVG whose <image> is an SVG ...
MAX_SVG_BYTES = 20_000_000   # the resource gate's own limit

XLINK_HREF = "http://www.w3.org/1999/xlink href"
XML_BASE = "http://www.w3.org/XML/1998/namespace base"
URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
SIMPLER = "simplify the drawing, or export it as a PNG"

# (url) -> (path the gate would serve, None) or (None, the reason it would not)
Allowed = Callable[[str], "tuple[Path | None, str | None]"]


class _Stop(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass
class _Tree:
    """An SVG file as far as its size and references go: element i's tag, parent, children, line."""

    tags: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    children: list[list[int]] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    uses: dict[int, str] = field(default_factory=dict)           # <use> element -> fragment it draws
    refs: list[tuple[int, str, str]] = field(default_factory=list)  # (element, url, base) to another file


def roots_rule(roots: list[Path]) -> Allowed:
    """The resource gate's rule for files inside `roots`, for checks made before there is a gate."""
    from kit.boundary import Refused, real, served_path

    resolved = [r for r in (real(root) for root in roots) if r is not None]

    def allowed(url: str):
        try:
            return served_path(url, resolved, MAX_SVG_BYTES), None
        except Refused as refusal:
            return None, refusal.reason

    return allowed


def looks_like_xml(data: bytes) -> bool:
    """True when the bytes start (after a byte order mark and blanks) like an XML document."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<"))


def _parse(data: bytes, name: str) -> _Tree:
    tree = _Tree()
    stack: list[int] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(_name, _system, _public, internal_subset):
        if internal_subset:
            raise _Stop(f"'{name}' declares entities or other definitions in its DOCTYPE (line "
                        f"{parser.CurrentLineNumber}); export it again without a DOCTYPE", "bad-image")

    def entity(*_args):
        raise _Stop(f"'{name}' declares an entity (line {parser.CurrentLineNumber}); export it again "
                    "without a DOCTYPE", "bad-image")

    def start(tag, attrs):
        index = len(tree.tags)
        if index >= MAX_ELEMENTS:
            raise _Stop(f"'{name}' has more than {MAX_ELEMENTS:,} elements; {SIMPLER}", "svg-too-complex")
        local = tag.rsplit(" ", 1)[-1]
        tree.tags.append(local)
        tree.lines.append(parser.CurrentLineNumber)
        tree.children.append([])
        if stack:
            tree.children[stack[-1]].append(index)
        stack.append(index)
        ident = attrs.get("id")
        if ident is not None:
            tree.ids.setdefault(ident, index)
        base = attrs.get(XML_BASE, "")
        hrefs = [value for value in (attrs.get(XLINK_HREF), attrs.get("href")) if value is not None]
        for href in hrefs:
            href = href.strip()
            if href.startswith("#"):
                if local == "use" and index not in tree.uses:
                    tree.uses[index] = href[1:]
            else:
                tree.refs.append((index, href, base))
        for key, value in attrs.items():
            if "url(" in value.lower() and key not in (XLINK_HREF, "href"):
                tree.refs.extend((index, u, base) for u in _css_urls(value))

    def end(_tag):
        stack.pop()

    def text(chars):
        if stack and tree.tags[stack[-1]] == "style":
            tree.refs.extend((stack[-1], u, "") for u in _css_urls(chars))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _Stop(f"'{name}' is not a well-formed SVG file ({expat.errors.messages.get(exc.code, exc)}, "
                    f"line {exc.lineno}); export it again", "bad-image") from None
    if not tree.tags:
        raise _Stop(f"'{name}' has no elements; export it again", "bad-image")
    return tree


def _css_urls(text: str) -> list[str]:
    found = [next(g for g in m.groups() if g is not None) for m in URL.finditer(text)]
    found += [next(g for g in m.groups() if g is not None) for m in IMPORT.finditer(text)]
    return [u.strip() for u in found if u.strip() and not u.strip().startswith("#")]


class _Checker:
    """One check: the files it has measured (by real path) and the files being measured."""

    def __init__(self, allowed: Allowed):
        self.allowed = allowed
        self.sizes: dict[Path, int] = {}
        self.open: list[Path] = []

    def expanded(self, data: bytes, name: str, url: str, path: Path | None) -> int:
        """The expanded element count of one SVG file; raises _Stop with the first problem."""
        if path is not None:
            if path in self.sizes:
                return self.sizes[path]
            if path in self.open:
                raise _Stop(f"'{name}' draws itself through its <image> references; remove the reference",
                            "svg-too-complex")
            if len(self.open) > MAX_FILE_DEPTH:
                raise _Stop(f"'{name}' is an SVG drawn by an SVG more than {MAX_FILE_DEPTH} files deep; "
                            f"{SIMPLER}", "svg-too-complex")
            self.open.append(path)
        try:
            tree = _parse(data, name)
            extra = self._references(tree, name, url)
            size = _expanded_size(tree, name, extra)
        finally:
            if path is not None:
                self.open.pop()
        if path is not None:
            self.sizes[path] = size
        return size

    def _references(self, tree: _Tree, name: str, url: str) -> dict[int, int]:
        """Every reference to another file must be one the gate serves; the expanded size of each
        SVG file an element draws, by element."""
        from kit.boundary import read_regular

        extra: dict[int, int] = {}
        for index, href, base in tree.refs:
            target = urljoin(urljoin(url, base), href) if base else urljoin(url, href)
            path, reason = self.allowed(target.split("#", 1)[0])
            if path is None:
                raise _Stop(f"'{name}' refers to '{href[:100]}' (line {tree.lines[index]}), which the kit will not "
                            f"load: {reason}; copy the file into the kit's assets/ and refer to it by a relative "
                            "path, or remove the reference", "svg-reference")
            if tree.tags[index] != "image":
                continue
            try:
                data = read_regular(path, path.name, MAX_SVG_BYTES)
            except KitError as exc:
                raise _Stop(f"'{name}' draws '{href[:100]}' (line {tree.lines[index]}): "
                            f"{exc.problems[0].message}", "svg-reference") from None
            if looks_like_xml(data):
                size = self.expanded(data, path.name, path.as_uri(), path)
                extra[index] = extra.get(index, 0) + size
        return extra


def _expanded_size(tree: _Tree, name: str, extra: dict[int, int]) -> int:
    """Elements drawn with every <use> expanded: one pass over elements and references, each element's
    size computed once from its children's and its target's. Stops at a cycle, at a reference depth
    over MAX_USE_DEPTH and as soon as a size passes MAX_EXPANDED."""
    count = len(tree.tags)
    target = {use: tree.ids.get(fragment) for use, fragment in tree.uses.items()}
    size = [0] * count
    depth = [0] * count
    state = bytearray(count)   # 0 not seen, 1 being measured, 2 measured
    for top in range(count):
        if state[top]:
            continue
        stack = [top]
        while stack:
            node = stack[-1]
            edges = tree.children[node] + ([target[node]] if target.get(node) is not None else [])
            if state[node] == 0:
                state[node] = 1
                for edge in edges:
                    if state[edge] == 1:
                        raise _Stop(f"'{name}' has a <use> that draws an element containing itself (line "
                                    f"{tree.lines[node]}, '#{tree.uses.get(node, '')}'); remove it",
                                    "svg-too-complex")
                    if state[edge] == 0:
                        stack.append(edge)
                continue
            stack.pop()
            if state[node] == 2:
                continue
            state[node] = 2
            total = 1 + extra.get(node, 0) + sum(size[c] for c in tree.children[node])
            deepest = max((depth[c] for c in tree.children[node]), default=0)
            if target.get(node) is not None:
                total += size[target[node]]
                deepest = max(deepest, depth[target[node]] + 1)
            if deepest > MAX_USE_DEPTH:
                raise _Stop(f"'{name}' nests <use> references more than {MAX_USE_DEPTH} deep (line "
                            f"{tree.lines[node]}); {SIMPLER}", "svg-too-complex")
            if total > MAX_EXPANDED:
                raise _Stop(f"'{name}' draws more than {MAX_EXPANDED:,} elements once its <use> references "
                            f"are expanded (line {tree.lines[node]}); {SIMPLER}", "svg-too-complex")
            size[node], depth[node] = total, deepest
    return max(size[0], 1) if count else 0


def check_svg(data: bytes, name: str, where: Location, url: str, allowed: Allowed,
              path: Path | None = None) -> list[Problem]:
    """Problems with one SVG file (none when it may be rendered). `name` names it in messages,
    `url` is where its relative references are resolved from, `allowed` is the gate's rule."""
    try:
        _Checker(allowed).expanded(data, name, url, path)
    except _Stop as stop:
        return [Problem(where, stop.message, stop.code)]
    except RecursionError:  # not reached by the iterative passes; kept as a refusal, never a crash
        return [Problem(where, f"'{name}' is nested too deeply; {SIMPLER}", "svg-too-complex")]
    return []


def check_svg_file(path: Path, name: str, where: Location, roots: list[Path]) -> list[Problem]:
    """check_svg for a file of the kit, read as a regular file, with the gate's rule for `roots`."""
    from kit.boundary import read_regular

    try:
        data = read_regular(path, name, MAX_SVG_BYTES, too_large=SIMPLER)
    except KitError as exc:
        return [Problem(where, f"'{name}': {p.message}", p.code) for p in exc.problems]
    return check_svg(data, name, where, Path(path).absolute().as_uri(), roots_rule(roots), path=Path(path).resolve())
