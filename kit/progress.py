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
        if self.tty:
            elapsed = time.perf_counter() - self.started
            line = f"[{self.count}/{self.total}] {elapsed:5.1f} s  {name}  ({item.pages} pages, {item.seconds:.2f} s)"
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            digits = len(str(self.total))
            self.stream.write(f"  [{self.count:>{digits}}/{self.total}] {name}  {item.pages} pages  "
                              f"{item.seconds:.2f} s\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def summary_table(items) -> str:
    """One row per output: name, pages, seconds and whether it was built or taken from the cache."""
    items = list(items)
    names = [printable(i.job.path.name) for i in items]
    width = max([len("output")] + [len(name) for name in names])
    rows = [f"{'output':<{width}}  {'pages':>5}  {'seconds':>7}  status"]
    for item, name in zip(items, names):
        seconds = "-" if item.cached else f"{item.seconds:.2f}"
        rows.append(f"{name:<{width}}  {item.pages:>5}  {seconds:>7}  "
                    f"{'cached' if item.cached else 'built'}")
    return "\n".join(rows)


def closing_line(items) -> str:
    items = list(items)
    built = sum(not i.cached for i in items)
    cached = len(items) - built
    if not built:
        return f"Nothing to do: {cached} output{'s' if cached != 1 else ''} up to date."
    what = "PDF" if all(i.job.output.format == "pdf" for i in items if not i.cached) else "output"
    if not cached:
        return f"Built {built} {what}s."
    return f"Built {built} {what}{'s' if built != 1 else ''}; {cached} {'were' if cached != 1 else 'was'} up to date."
