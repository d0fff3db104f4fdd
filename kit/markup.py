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
    html = ITALIC.sub(r"<em>\1</em>", BOLD.sub(r"<strong>\1</strong>", str(escape(text))))
    return Markup(FOOTNOTE.sub(r'<span class="fn">\1</span>' if footnotes else "", html))


def paragraphs(text: str | None) -> list[Markup]:
    if not text:
        return []
    return [inline(" ".join(p.split())) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
