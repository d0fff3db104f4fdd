"""Text safe to show on a terminal.

Titles, file names and snippets of broken files come from the kit's author, who may be a
stranger. Written raw, an escape sequence can rewrite the screen, and a bidirectional control
can reorder what follows it, so that a message reads differently from what it says (the
"Trojan Source" trick). `printable` shows each such character as '?', one character for one,
so that a caret under a snippet stays under the right column. Letters of every script pass
untouched.
"""

from __future__ import annotations

import re

# Bidirectional controls: the embeddings and overrides (U+202A-U+202E), the isolates
# (U+2066-U+2069) and the marks (LRM, RLM, ALM), which reorder text or hide that it is reordered.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"  # C0 controls but the newline, DEL, C1 controls (ESC, CSI, ...)
    + BIDI_CONTROLS
    + "\u2028\u2029"                # line and paragraph separators: a line break the reader cannot see
    + "\ufff9-\ufffb"               # interlinear annotation marks: can hide the text between them
    + "\ud800-\udfff"               # lone surrogates: not text at all, and a UTF-8 stream refuses them
    + "]")


def printable(text: str) -> str:
    """`text` with every character that could drive a terminal, reorder or hide text shown as '?'.

    Newlines stay; tabs are shown as '?' too, as every other C0 control (they would move the
    caret of a snippet). One character becomes one character, so columns do not shift.
    """
    return _UNSAFE.sub("?", text)


def unsafe_characters(text: str) -> list[str]:
    """The characters of `text` that `printable` would replace, in order (for tests and checks)."""
    return _UNSAFE.findall(text)
