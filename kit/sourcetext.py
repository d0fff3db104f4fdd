"""The kit's source text: paragraphs, footnote numbers, and the quotation check.

Paragraphs are the non-empty lines of the text file, numbered from 1. Converted articles often
have their footnote numbers glued to the text (`delegation.1`, `above14`, `192013` for 1920
and note 13); those are recognised as footnote calls and ignored when quotations are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A footnote call: 1-3 digits glued to a letter, or to closing punctuation that does not follow a
# digit ("10,000" and "2.5" are numbers), followed by a space or the end of the line; or 1-2 digits
# glued to a four-digit year (1800-2099).
GLUED_CALL = re.compile(r"(?:(?<=[^\W\d_])|(?<=[^\d\s][.,;:)\]?!\"”’']))(\d{1,3})(?=\s|$)")
GLUED_TO_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(\d{1,2})\b")
APOSTROPHES = re.compile(r"['’‘ʼ`´]")
WORD = re.compile(r"[^\W_]+")
OMISSION = re.compile(r"\[(?:…|\.\.\.)\]|…|\.\.\.")
EDITORIAL = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class SourceText:
    paragraphs: list[str]

    @classmethod
    def from_text(cls, text: str) -> "SourceText":
        return cls([line.strip() for line in text.splitlines() if line.strip()])

    def footnotes(self, paragraph: int) -> list[int]:
        """Footnote numbers called in paragraph `paragraph` (1-based), in order."""
        text = self.paragraphs[paragraph - 1]
        calls = [(m.start(), int(m.group(1))) for m in GLUED_CALL.finditer(text)]
        calls += [(m.start(2), int(m.group(2))) for m in GLUED_TO_YEAR.finditer(text)]
        return [number for _, number in sorted(calls)]

    def words(self) -> list[str]:
        """Every word of the text, lower-case, without apostrophes or footnote calls."""
        out: list[str] = []
        for paragraph in self.paragraphs:
            paragraph = GLUED_TO_YEAR.sub(r"\1", GLUED_CALL.sub("", paragraph))
            out.extend(w.lower() for w in WORD.findall(APOSTROPHES.sub("", paragraph)))
        return out


def excerpt_segments(text: str) -> list[list[str]]:
    """The excerpt as runs of words that must each occur in the source, in order.

    `[…]` (or `…`) marks an omission and splits runs; any other `[bracketed]` text is an
    editorial insertion and is left out of the comparison.
    """
    segments = []
    for part in OMISSION.split(text):
        words = WORD.findall(APOSTROPHES.sub("", EDITORIAL.sub(" ", part)))
        if words:
            segments.append(words)
    return segments


def _longest_match(words: list[str], source: list[str], start: int) -> tuple[int, int]:
    """(length, position) of the longest prefix of `words` found in `source` at or after `start`."""
    wanted = [w.lower() for w in words]
    best = (0, -1)
    for pos in range(start, len(source)):
        if source[pos] != wanted[0]:
            continue
        length = 1
        while length < len(wanted) and pos + length < len(source) and source[pos + length] == wanted[length]:
            length += 1
        if length > best[0]:
            best = (length, pos)
            if length == len(wanted):
                break
    return best


def quotation_departure(text: str, source_words: list[str]) -> str | None:
    """None when the excerpt occurs in the source; else a sentence naming where it departs."""
    position = 0
    for segment in excerpt_segments(text):
        length, found = _longest_match(segment, source_words, position)
        if length == len(segment):
            position = found + length
            continue
        if length == 0:
            return (f"the quotation departs from the source text at its first word '{segment[0]}'"
                    + (" after an omission" if position else ""))
        before = " ".join(segment[max(0, length - 4):length])
        return (f"the quotation departs from the source text at the word '{segment[length]}' "
                f"(after '{before}')")
    return None
