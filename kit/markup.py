"""The inline syntax of unit text: escaped text with `**bold**`, `*italics*` and `[^a footnote]`.
Nothing in a unit can become other HTML, CSS or a URL."""

from __future__ import annotations

import re

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

