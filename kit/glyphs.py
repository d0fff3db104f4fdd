"""Every character a kit prints must be in one of its fonts: a missing glyph is a build error
naming where the character was written, not a blank box on paper."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from kit.errors import Problem

FONT_URL = re.compile(r"url\(\s*['\"]?([^'\")]+\.(?:ttf|otf))['\"]?\s*\)", re.IGNORECASE)


def font_files(stylesheet: Path) -> list[Path]:
    """The font files a stylesheet's @font-face rules load (paths relative to the stylesheet)."""
    from kit.boundary import is_regular, read_regular

    text = read_regular(stylesheet, f"templates/{stylesheet.name}", 1_000_000).decode("utf-8", errors="replace")
    return [path for url in FONT_URL.findall(text) if is_regular(path := (stylesheet.parent / url).resolve())]


@lru_cache(maxsize=32)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def covered(fonts: list[Path]) -> frozenset[int]:
    return frozenset().union(*(_cmap(f) for f in fonts)) if fonts else frozenset()


# Characters no font needs a glyph for: controls (refused when a unit is read), format characters
# (joiners, bidi marks, soft hyphens: used by shaping) and surrogates (refused when read). Private
# use and unassigned code points are checked: the renderer has nothing to draw for them either.
SHAPING_ONLY = ("Cc", "Cf", "Cs")


def missing_glyphs(fields, fonts: list[Path]) -> list[Problem]:
    """One problem per field holding a character none of `fonts` has (control and space aside)."""
    have = covered(fonts)
    problems = []
    for text, where, name in fields:
        for char in dict.fromkeys(text):
            if ord(char) in have or char.isspace() or unicodedata.category(char) in SHAPING_ONLY:
                continue
            label = unicodedata.name(char, "unnamed character").lower()
            problems.append(Problem(where, f"'{name}' contains '{char}' (U+{ord(char):04X}, {label}), which "
                                           "none of the kit's fonts can print; replace it, or add a font "
                                           "that has it in templates/fonts.css", "missing-glyph"))
            break
    return problems
