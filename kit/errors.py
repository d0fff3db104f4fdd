"""Located problems: what went wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, order=True)
class Location:
    """A place in a kit file; `line` and `column` are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    code: str
    severity: str = "error"
    source_line: str = field(default="", compare=False)

    def sort_key(self):
        return (self.location.path, self.location.line, self.location.column, self.message)

    def with_snippet(self, root) -> "Problem":
        """This problem with the offending line of its file (read from the kit at `root`)."""
        if self.source_line or not self.location.line or root is None:
            return self
        try:
            with open(f"{root}/{self.location.path}", encoding="utf-8-sig", errors="replace") as handle:
                for number, line in enumerate(handle, 1):
                    if number == self.location.line:
                        return replace(self, source_line=line.rstrip("\r\n").expandtabs(1))
        except OSError:
            pass
        return self

    def format(self, with_snippet: bool = True) -> str:
        text = f"{self.location}: {self.severity}: {self.message} [{self.code}]"
        if with_snippet and self.source_line and self.location.column:
            line, column = snippet_window(self.source_line, self.location.column)
            caret = " " * (column - 1) + "^"
            text += f"\n    {line}\n    {caret}"
        return text


SNIPPET_WIDTH = 160


def snippet_window(line: str, column: int, width: int = SNIPPET_WIDTH) -> tuple[str, int]:
    """At most `width` characters of `line` around `column` (with '...' where it is cut), and the
    column in that window: a 300,000-character line must not flood the terminal."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 4, len(line) - width))
    shown = line[start:start + width]
    head = "..." if start > 0 else ""
    tail = "..." if start + width < len(line) else ""
    return head + shown + tail, column - start + len(head)


class KitError(Exception):
    """One or more problems in a kit; the build writes nothing."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(p.format(False) for p in self.problems))


def summary(problems: list[Problem], nothing_written: bool = True) -> str:
    errors = [p for p in problems if p.severity == "error"]
    files = {p.location.path for p in errors}
    text = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}"
    return text + ("; nothing was written." if nothing_written else ".")


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
