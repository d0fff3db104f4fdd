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
        return [word for word, _ in self.located_words()]

    def located_words(self) -> list[tuple[str, int]]:
        """(word, paragraph number) for every word of the text, as `words()` gives them."""
        out: list[tuple[str, int]] = []
        for number, paragraph in enumerate(self.paragraphs, 1):
            out.extend((w, number) for w in paragraph_words(paragraph))
        return out

    def footnote_paragraphs(self) -> dict[int, list[int]]:
        """Footnote number -> the paragraphs that call it."""
        calls: dict[int, list[int]] = {}
        for number in range(1, len(self.paragraphs) + 1):
            for note in self.footnotes(number):
                calls.setdefault(note, []).append(number)
        return calls


def paragraph_words(paragraph: str) -> list[str]:
    """The words of one paragraph, lower-case, without apostrophes or footnote calls."""
    paragraph = GLUED_TO_YEAR.sub(r"\1", GLUED_CALL.sub("", paragraph))
    return [w.lower() for w in WORD.findall(APOSTROPHES.sub("", paragraph))]


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


def _positions(words: list[str], word: str):
    """Where `word` occurs in `words` (list.index: the scan runs in C)."""
    at = -1
    while True:
        try:
            at = words.index(word, at + 1)
        except ValueError:
            return
        yield at


def quotation_paragraphs(text: str, located: list[tuple[str, int]]) -> list[set[int]]:
    """The paragraphs each occurrence of the excerpt spans, in the order they occur in the source
    (its runs of words in order, each run where it first occurs after the one before); [] when it
    does not occur."""
    segments = [[w.lower() for w in segment] for segment in excerpt_segments(text)]
    if not segments:
        return []
    words = [w for w, _ in located]
    first, found = segments[0], []
    for start in _positions(words, first[0]):
        if words[start:start + len(first)] != first:
            continue
        spans, position = {located[start][1], located[start + len(first) - 1][1]}, start + len(first)
        for segment in segments[1:]:
            length, at = _longest_match(segment, words, position)
            if length != len(segment):
                break
            spans.update(range(located[position - 1][1], located[at + length - 1][1] + 1))
            position = at + length
        else:
            found.append(set(range(min(spans), max(spans) + 1)))
    return found


# A corrected reading text may change anything in its copy but the letters and digits of its
# words (case included) and their paragraphs: punctuation, apostrophes, spacing, and the footnote
# calls glued to words, which it writes as `[^14]`.
FOOTNOTE_MARK = re.compile(r"\[\^(\d{1,3})\]")


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each paragraph (non-empty line)."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def reading_departure(raw: str, reading: str) -> tuple[int, str] | None:
    """None when `reading` differs from `raw` only in punctuation, spacing and footnote marks;
    else (line of `reading`, what differs)."""
    ours, theirs = _lines(reading), _lines(raw)
    for number, ((line, paragraph), (_, original)) in enumerate(zip(ours, theirs), 1):
        mine = WORD.findall(APOSTROPHES.sub("", FOOTNOTE_MARK.sub(" ", paragraph)))
        copy = WORD.findall(APOSTROPHES.sub("", GLUED_TO_YEAR.sub(r"\1", GLUED_CALL.sub("", original))))
        for index, (word, was) in enumerate(zip(mine, copy)):
            if word != was:
                return line, (f"in paragraph {number}, the word '{word}' stands where the copy has "
                              f"'{was}' (after '{' '.join(mine[max(0, index - 4):index])}')")
        if len(mine) > len(copy):
            return line, f"paragraph {number} goes on with '{mine[len(copy)]}' where the copy's ends"
        if len(mine) < len(copy):
            return line, f"paragraph {number} ends where the copy's goes on with '{copy[len(mine)]}'"
    if len(ours) != len(theirs):
        line = ours[-1][0] if ours and len(ours) > len(theirs) else 1
        return line, (f"it has {len(ours)} paragraphs (non-empty lines) and the copy {len(theirs)}; "
                      "keep one line per paragraph, as in the copy")
    return None


def reading_paragraphs(reading: str) -> list[str]:
    return [paragraph for _, paragraph in _lines(reading)]
