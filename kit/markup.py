"""The inline syntax of unit text: escaped text with `**bold**`, `*italics*` and `[^a footnote]`.
Nothing in a unit can become other HTML, CSS or a URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
ITALIC = re.compile(r"\*([^*\n]+)\*")
FOOTNOTE = re.compile(r"\[\^([^\[\]]+)\]")


def inline(text: str, footnotes: bool = True) -> Markup:
    """Escaped text with the inline syntax: `**bold**`, `*italics*` and `[^a footnote]` (printed at
    the page foot)."""
    html = emphasis_html(str(escape(text)))
    return Markup(FOOTNOTE.sub(r'<span class="fn">\1</span>' if footnotes else "", html))


def paragraphs(text: str | None) -> list[Markup]:
    if not text:
        return []
    return [inline(" ".join(p.split())) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def emphasis_html(escaped: str) -> str:
    """`**bold**` and `*italics*` of text already escaped, as <strong> and <em>."""
    return ITALIC.sub(r"<em>\1</em>", BOLD.sub(r"<strong>\1</strong>", escaped))


def without_emphasis(text: str) -> str:
    """The text with its bold and italics marks dropped."""
    return ITALIC.sub(r"\1", BOLD.sub(r"\1", text))


def styled_runs(text: str) -> list[tuple[str, str]]:
    """The text cut where its style changes: (piece, "bold" | "italic" | "")."""
    runs, last = [], 0
    for match in re.finditer(r"\*\*([^*\n]+)\*\*|\*([^*\n]+)\*", text):
        if match.start() > last:
            runs.append((text[last:match.start()], ""))
        runs.append((match.group(1), "bold") if match.group(1) is not None else (match.group(2), "italic"))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], ""))
    return runs



# --- the structure of a text block's body ---------------------------------------------------

BULLET = re.compile(r"[-*•]\s+(.*)")      # a space after the star: `*words*` is italics
NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(.*)")
TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")


@dataclass(frozen=True)
class Piece:
    """One piece of a text block's body: a paragraph (`text`), a bulleted or numbered list
    (`items`) or a table (`head`, and `rows` of cells), all still in the inline syntax."""

    kind: str                      # "paragraph", "bullets", "numbers" or "table"
    text: str = ""
    items: tuple[str, ...] = ()
    head: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def pieces(text: str | None) -> list[Piece]:
    """A text block's body cut into paragraphs, lists and tables. A blank line starts a new piece;
    a piece whose lines all start with `- ` is a bulleted list, with `1. ` a numbered one (a line
    that starts with neither goes on with the item above; list items apart by blank lines are still
    one list); a piece whose lines all start with `|`
    is a table, whose first row is its head when a rule (`|---|---|`) follows it."""
    if not text:
        return []
    out = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("|") for line in lines):
            out.append(_table(lines))
        elif BULLET.fullmatch(lines[0]) or NUMBERED.fullmatch(lines[0]):
            kind, marker, group = ("bullets", BULLET, 1) if BULLET.fullmatch(lines[0]) else ("numbers", NUMBERED, 2)
            items = _items(lines, marker, group)
            if out and out[-1].kind == kind:      # items apart by blank lines: one list, numbered on
                out[-1] = Piece(kind, items=out[-1].items + items)
            else:
                out.append(Piece(kind, items=items))
        else:
            out.append(Piece("paragraph", text=" ".join(" ".join(lines).split())))
    return out


def _items(lines: list[str], marker: re.Pattern, group: int) -> tuple[str, ...]:
    items: list[str] = []
    for line in lines:
        match = marker.fullmatch(line)
        if match:
            items.append(match.group(group))
        elif items:
            items[-1] += " " + line
    return tuple(" ".join(item.split()) for item in items)


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(" ".join(cell.replace("\\|", "|").split()) for cell in re.split(r"(?<!\\)\|", inner))


def _table(lines: list[str]) -> Piece:
    if len(lines) > 1 and TABLE_RULE.fullmatch(lines[1]):
        head, body = _cells(lines[0]), [_cells(line) for line in lines[2:]]
    else:
        head, body = (), [_cells(line) for line in lines]
    width = max([len(head)] + [len(row) for row in body])
    pad = lambda row: row + ("",) * (width - len(row))  # noqa: E731 - a ragged row gets empty cells
    return Piece("table", head=pad(head) if head else (), rows=tuple(pad(row) for row in body))
