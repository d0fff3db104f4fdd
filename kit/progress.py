"""What a build shows while it runs, and the table it ends with.

On a terminal, one line is rewritten as each output finishes; otherwise (a log, CI) each output
gets its own line. Both go to stderr, so stdout carries only the summary table.
"""

from __future__ import annotations

import sys
import time

from kit.terminal import printable


class Progress:
    def __init__(self, total: int, stream=None, tty: bool | None = None):
        self.total = total
        self.count = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.started = time.perf_counter()
        self.width = 0

    def add(self, count: int = 1) -> None:
        """`count` more outputs are to be rendered."""
        self.total += count

    def done(self, item) -> None:
        """One output finished rendering (`item` is a build.Built)."""
        self.count += 1
        name = printable(item.job.path.name)
        pages = f"{item.pages} pages" if item.job.output.paged else item.job.output.format.upper()
        if self.tty:
            elapsed = time.perf_counter() - self.started
            line = f"[{self.count}/{self.total}] {elapsed:5.1f} s  {name}  ({pages}, {item.seconds:.2f} s)"
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            digits = len(str(self.total))
            self.stream.write(f"  [{self.count:>{digits}}/{self.total}] {name}  {pages}  "
                              f"{item.seconds:.2f} s\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def summary_table(items) -> str:
    """One row per output: name, pages, seconds and whether it was built or taken from the cache."""
    from kit.report import table

    return table(["output", "pages", "seconds", "status"],
                 [[i.job.path.name, i.pages if i.job.output.paged else "-", "-" if i.cached else f"{i.seconds:.2f}",
                   "cached" if i.cached else "built"] for i in items], right=(1, 2))
