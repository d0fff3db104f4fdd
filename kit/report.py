"""What the command line says: counted words, problems in colour, JSON for scripts, and the
annotations GitHub Actions turns into marks on the changed lines.

Everything here returns text or data; `cli` decides where it goes.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from kit.terminal import printable


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 unit', '2 units', '0 units'."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def colour_wanted() -> bool | None:
    """False when NO_COLOR is set (https://no-color.org: any non-empty value), else None, which
    lets click colour a terminal and strip the colour from a pipe or a file."""
    return False if os.environ.get("NO_COLOR") else None


SEVERITY_COLOUR = {"error": "red", "warning": "yellow"}


def problem_text(problem, root: Path | None) -> str:
    """A problem as the terminal shows it: located, with its line and a caret; the severity in colour."""
    shown = problem.with_snippet(root) if root is not None else problem
    text = printable(shown.format())
    marker = f": {problem.severity}: "
    styled = click.style(f"{problem.severity}:", fg=SEVERITY_COLOUR.get(problem.severity), bold=True)
    return text.replace(marker, f": {styled} ", 1)


def problem_data(problem) -> dict:
    location = problem.location
    return {"file": location.path, "line": location.line or None, "column": location.column or None,
            "severity": problem.severity, "code": problem.code, "message": problem.message}


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def annotation(problem, root: Path | None) -> str:
    """The workflow command that makes GitHub Actions mark the problem's line in the changed file.
    The file is named from the working directory, where the runner checked the repository out."""
    location = problem.location
    name = Path(location.path)
    if root is not None:
        name = Path(os.path.relpath(Path(root) / location.path))
    command = "error" if problem.severity == "error" else "warning"
    properties = [f"file={_property(name.as_posix())}"]
    if location.line:
        properties.append(f"line={location.line}")
    if location.column:
        properties.append(f"col={location.column}")
    properties.append(f"title={_property('kit ' + problem.code)}")
    return f"::{command} {','.join(properties)}::{_data(printable(problem.message))}"


def job_data(job) -> dict:
    """One planned output, as `--json` reports it (`kit list`, and `kit build` with more)."""
    return {"file": job.path.name, "path": str(job.path), "kind": job.kind, "format": job.output.format,
            "audience": job.output.audience, "unit": job.unit_id, "description": job.output.description}


def output_data(item, out_dir: Path) -> dict:
    """One output of a build, as `--json` reports it."""
    job = item.job
    return {**job_data(job), "pages": item.pages if job.output.paged else None,
            "status": "up to date" if item.cached else "built",
            "seconds": None if item.cached else round(item.seconds, 3)}


def build_line(built, seconds: float, out_dir: Path, removed=()) -> str:
    """The one line a build ends with."""
    built = list(built)
    rendered = [b for b in built if not b.cached]
    kept = len(built) - len(rendered)
    where = printable(str(out_dir))
    gone = f" Deleted {counted(len(removed), 'file')} of earlier builds that the kit no longer makes." if removed else ""
    if not rendered:
        return f"Nothing to do: {counted(kept, 'output')} up to date in {where}.{gone}"
    pages = sum(b.pages for b in rendered if b.job.output.paged)
    text = f"Built {counted(len(rendered), 'output')}" + (f" ({counted(pages, 'page')})" if pages else "")
    text += f" in {seconds:.1f} s"
    if kept:
        text += f"; {counted(kept, 'other')} up to date"
    return text + f". Outputs in {where}.{gone}"


def table(head: list[str], rows: list[list], right: tuple[int, ...] = ()) -> str:
    """Rows under a head as plain-text columns (rich's table, without colour or markup): for
    `--verbose`. Columns numbered in `right` are right-aligned."""
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="")
    for index, name in enumerate(head):
        grid.add_column(name, justify="right" if index in right else "left", no_wrap=True)
    for row in rows:
        grid.add_row(*(Text(printable(str(cell))) for cell in row))  # Text: a "[b]" in a name stays as written
    console = Console(file=io.StringIO(), width=10_000, color_system=None, highlight=False, emoji=False)
    console.print(grid)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines() if line.strip())
